"""Benchmark (not a test): ``ropa diff`` of two 2,000-activity registers read from Git revisions,
against one ``ropa validate`` of one side (target: at most 2.5x).

A register of 2,000 activities (``bench.generate``, files of 100 activities, two languages) is
committed into a Git repository in a temporary folder, then changed and committed again (a
purpose added, a retention lengthened, a typo fixed, a processor added in the US); both commands
run as whole processes, best of several runs:

    ropa diff HEAD~1 HEAD        # both sides from Git: ls-tree, cat-file, two validations
    ropa validate data           # one side, from the working tree

``python -m bench.diff [--runs N] [--size N]``, or ``make bench PARTS=diff``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import generate
from bench.run import timed

TODAY = "2026-11-24"
TARGET = 2.5

#: ``ropa diff`` before the CLI registers it: the command on an app of its own, in a process
#: tuned as ``ropa.cli.main`` tunes it (no pydantic plugins, no cyclic collector).
NEW_PURPOSE = """\
  loyalty-programme:
    name: {en: Running our loyalty programme, fr: Gestion de notre programme de fidélité}
    legal_bases:
      - basis: consent
        withdrawal: {en: Leave the programme in your account, fr: Quittez le programme depuis votre compte}
    data_subjects: [customers]
    data_categories: [identity, orders]
    provision: {requirement: voluntary}
    recipients: [hosting]
    retention:
      - period: 2 years
    security_measures: [tls]
    reviewed: 2026-06-01
"""

NEW_PROCESSOR = """\
  analytics:
    name: Analytics Inc.
    role: processor
    category: {en: Audience measurement providers, fr: Prestataires de mesure d'audience}
    country: US
    dpa: {signed: 2026-01-01, reference: DPA-3}
    transfers:
      - {country: US, mechanism: dpf, reference: DPF list entry}
"""


def _git(repository: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": "2026-11-24T12:00:00Z",
        "GIT_COMMITTER_DATE": "2026-11-24T12:00:00Z",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=repository, env=env, check=True, capture_output=True)  # noqa: S603, S607


def make_repository(repository: Path, size: int) -> int:
    """Two commits of a ``size``-activity register under ``repository/data``; the changes
    between them, as the number of files touched."""
    data = repository / "data"
    files = generate(data, size)
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "register")
    first = data / "activities" / "part-0000.yaml"
    text = first.read_text(encoding="utf-8")
    text = text.replace(
        "    retention:\n      - period: 3 years", "    retention:\n      - period: 5 years", 1
    )
    text = text.replace("what** we do", "what** we do,", 1)
    first.write_text(text + NEW_PURPOSE, encoding="utf-8")
    header = data / "register.yaml"
    header.write_text(
        header.read_text(encoding="utf-8").replace(
            "recipients:\n", "recipients:\n" + NEW_PROCESSOR
        ),
        encoding="utf-8",
    )
    last = sorted((data / "activities").glob("*.yaml"))[-1]
    last.write_text(
        last.read_text(encoding="utf-8").replace(
            "recipients: [hosting, mailer]", "recipients: [hosting, mailer, analytics]", 1
        ),
        encoding="utf-8",
    )
    _git(repository, "commit", "-q", "-a", "-m", "changes")
    return len(files)


def bench_diff(ropa: str, *, size: int = 2_000, runs: int = 9) -> float:
    """Print the timings; return the ratio of the diff to one validation."""
    work = Path(tempfile.mkdtemp(prefix="ropa-bench-diff-"))
    try:
        files = make_repository(work, size)
        diff = [ropa, "diff"]
        here = Path.cwd()
        os.chdir(work)
        try:
            diff_time, diff_cpu = timed([*diff, "HEAD~1", "HEAD", "--today", TODAY], runs)
            check_time, check_cpu = timed([ropa, "validate", "data", "--today", TODAY], runs)
            output = subprocess.run(  # noqa: S603
                [*diff, "HEAD~1", "HEAD", "--today", TODAY],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        finally:
            os.chdir(here)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = diff_time / check_time
    print(f"{size:,} activities in {files} files, best of {runs}")
    print(f"  {output.splitlines()[0]}")
    print(f"  ropa diff HEAD~1 HEAD: {diff_time:.2f} s ({diff_cpu:.2f} s CPU)")
    print(f"  ropa validate data:    {check_time:.2f} s ({check_cpu:.2f} s CPU)")
    print(f"  ratio {ratio:.2f} (target: at most {TARGET})")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--size", type=int, default=2_000)
    options = parser.parse_args()
    ropa = str(Path(sys.executable).parent / "ropa")
    ratio = bench_diff(ropa, size=options.size, runs=options.runs)
    sys.exit(0 if ratio <= TARGET else 1)


if __name__ == "__main__":
    main()
