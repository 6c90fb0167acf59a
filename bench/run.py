"""Benchmarks (not tests): ``make bench``.

Times ``ropa validate`` as a whole process on generated registers of 100, 2,000 and 10,000
activities, against a bare ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files in a
process of its own: the cost of reading the YAML at all. Best of several runs; prints a table.
"""

from __future__ import annotations

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
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"{command[:3]} failed:\n{result.stderr.decode()}")
    return min(times)


def main() -> None:
    ropa = str(Path(sys.executable).parent / "ropa")
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
