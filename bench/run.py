"""Benchmarks (not tests): ``make bench``.

1. ``ropa validate`` as a whole process on generated registers of 100, 2,000 and 10,000
   activities, against a bare ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files in a
   process of its own: the cost of reading the YAML at all (target: at most 1.3x at 2,000).
2. ``ropa build data`` (every format, both languages) against WeasyPrint alone turning the same
   HTML into the same PDFs (target: at most 15% more).
3. ``ropa build -f html`` of 2,000 activities (both languages, then one) against
   ``ropa validate`` of them (target: 2x).
4. The register's PDF at 2,000 activities: time and pages (the compact layout of registers of
   more than 100 activities).
5. ``ropa diff`` and ``ropa import`` (``bench/diff.py``, ``bench/interop.py``).
6. ``ropa serve`` on data/: from a save to the page ready (target: 300 ms; ``bench/serve.py``).

Best of several runs; prints tables. ``python -m bench.run validate build pdf diff interop
serve`` picks parts (default: all).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "registers"
SIZES = (100, 2_000, 10_000)
RUNS = 9

BARE = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def best_of(command: list[str], runs: int = RUNS) -> float:
    """The fastest of ``runs`` wall-clock timings of ``command``, in seconds."""
    return timed(command, runs)[0]


def timed(command: list[str], runs: int = RUNS) -> tuple[float, float]:
    """The fastest wall-clock time of ``command`` over ``runs`` runs, and its CPU time (user and
    system, its child processes included), in seconds."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode not in (0, 1):
            sys.exit(f"{command[:3]} failed:\n{result.stderr.decode()}")
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, (wall, cpu))
    return best


WEASYPRINT_ALONE = """
import sys, warnings
warnings.simplefilter("ignore")
from weasyprint import HTML
for name in sys.argv[1:]:
    HTML(filename=name).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)  # tagged, as ropa's
"""


def bench_builds(ropa: str) -> None:
    out = WORK / "out"
    data = ROOT / "data"
    build, build_cpu = timed(
        [ropa, "build", str(data), "--out", str(out), "--today", "2026-11-24"], runs=3
    )
    pages = [
        str(out / lang / f"{doc}.html") for lang in ("en", "fr") for doc in ("policy", "register")
    ]
    alone, alone_cpu = timed([sys.executable, "-c", WEASYPRINT_ALONE, *pages], runs=3)
    files = sum(1 for path in out.rglob("*") if path.is_file())
    print(
        f"\nfull build of data/ ({files} files): {build:.2f}s ({build_cpu:.2f}s CPU); WeasyPrint alone "
        f"on its 4 HTML pages: {alone:.2f}s ({alone_cpu:.2f}s CPU); overhead "
        f"{100 * (build / alone - 1):+.0f}% in time, {100 * (build_cpu / alone_cpu - 1):+.0f}% in CPU"
    )
    folder = WORK / "r2000"
    html = best_of(
        [
            ropa,
            "build",
            str(folder),
            "--out",
            str(out / "b2000"),
            "-f",
            "html",
            "--today",
            "2026-11-24",
        ]
    )
    one = best_of(
        [ropa, "build", str(folder), "--out", str(out / "b1"), "-f", "html", "--lang", "en"]
    )
    check = best_of([ropa, "validate", str(folder), "--today", "2026-11-24"])
    print(
        f"2,000 activities: validate {check:.2f}s; HTML build in 2 languages {html:.2f}s "
        f"(ratio {html / check:.2f}), in 1 language {one:.2f}s (ratio {one / check:.2f})"
    )


def bench_register_pdf() -> None:
    from datetime import date  # noqa: PLC0415

    from pypdf import PdfReader  # noqa: PLC0415

    from ropa.check import validate  # noqa: PLC0415
    from ropa.render import Job  # noqa: PLC0415
    from ropa.render.i18n import Lang  # noqa: PLC0415

    register = validate(WORK / "r2000", date(2026, 11, 24)).register
    job = Job(register, Lang("en", "en"), None)
    start = time.perf_counter()
    pdf = job.pdf("register.html.j2", job.register_title)
    seconds = time.perf_counter() - start
    import io  # noqa: PLC0415

    print(
        f"register PDF at 2,000 activities: {seconds:.1f}s, {len(PdfReader(io.BytesIO(pdf)).pages)} pages"
    )


def main() -> None:
    parts = set(sys.argv[1:]) or {"validate", "build", "pdf", "diff", "interop", "serve"}
    ropa = str(Path(sys.executable).parent / "ropa")
    if "validate" in parts:
        bench_validate(ropa)
    for size in SIZES:  # the other parts need the registers
        if not (WORK / f"r{size}").exists():
            generate(WORK / f"r{size}", size)
    if "build" in parts:
        bench_builds(ropa)
    if "pdf" in parts:
        bench_register_pdf()
    if "diff" in parts:
        from bench.diff import bench_diff  # noqa: PLC0415

        bench_diff(ropa)
    if "interop" in parts:
        from bench.interop import main as bench_interop  # noqa: PLC0415

        bench_interop()
    if "serve" in parts:
        from bench.serve import main as bench_serve  # noqa: PLC0415

        bench_serve()


def bench_validate(ropa: str) -> None:
    print(
        f"{'activities':>10} {'MB':>6} {'bare parse':>11} {'ropa validate':>14} {'ratio':>6} {'ms/100 act.':>12}"
    )
    for size in SIZES:
        folder = WORK / f"r{size}"
        files = generate(folder, size)
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        bare = best_of([sys.executable, "-c", BARE, *map(str, files)])
        ours = best_of([ropa, "validate", str(folder), "--today", "2026-11-24"])
        print(
            f"{size:>10,} {megabytes:>6.1f} {bare:>10.3f}s {ours:>13.3f}s {ours / bare:>6.2f}"
            f" {ours / size * 100_000:>11.1f}"
        )


if __name__ == "__main__":
    main()
