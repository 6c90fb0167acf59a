"""A build's processes and files: workers die with their parent, signals stop a build cleanly,
temporary files never accumulate, and builds into one folder take turns."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ropa import render as render_module
from ropa.check import validate
from ropa.cli import app
from ropa.model.register import Register
from ropa.options import stopped_by_signals
from ropa.render import BusyError, Interrupted, build, render
from ropa.render.write import LOCK_NAME, TEMPORARY_PREFIX, write_all
from tests.conftest import CASES, DATA, ROOT, TODAY

ROPA = Path(sys.executable).parent / "ropa"
#: Generous: the machine running the tests may be small and busy.
PATIENCE = 120.0

needs_workers = pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2,
    reason="languages render in one process here",
)


def wait_for(condition: Callable[[], object], what: str, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    """The processes ``pid`` started, from /proc (no psutil)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):  # the thread or the process just ended
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` still runs; a zombie waiting for a reaper has stopped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in status


def pipes_with_both_ends(pid: int) -> set[str]:
    """The pipes of which ``pid`` holds both the reading and the writing end."""
    ends: dict[str, set[int]] = {}
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
            flags = int(
                (Path(f"/proc/{pid}/fdinfo") / fd.name).read_text().split("flags:")[1].split()[0],
                8,
            )
        except (FileNotFoundError, IndexError):
            continue
        if target.startswith("pipe:"):
            ends.setdefault(target, set()).add(flags & os.O_ACCMODE)
    return {pipe for pipe, modes in ends.items() if len(modes) > 1}


def outputs_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK_NAME
    }


def start_build(out: Path, *args: str) -> subprocess.Popen[str]:
    """``ropa build data -f pdf`` in a session of its own: two languages, slow enough."""
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.Popen(
        [
            str(ROPA),
            "build",
            str(DATA),
            "--out",
            str(out),
            "-f",
            "pdf",
            "-q",
            "--today",
            "2026-11-24",
            *args,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env={**environment, "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def data() -> Register:
    return validate(DATA, TODAY).register


def base_named(tmp_path: Path, name: str) -> Register:
    """The base register with its controller called ``name``, which every output shows."""
    folder = tmp_path / name
    shutil.copytree(CASES / "_base", folder)
    path = folder / "register.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Example SAS", f"name: {name}"),
        encoding="utf-8",
    )
    return validate(folder, TODAY).register


# --- 1. a worker never outlives its build --------------------------------------------------------


@needs_workers
def test_a_worker_dies_with_its_killed_parent_and_holds_no_pipe_to_itself(tmp_path: Path) -> None:
    build_process = start_build(tmp_path / "out")
    try:
        wait_for(lambda: children(build_process.pid), "the build to fork its worker")
        (worker,) = children(build_process.pid)
        wait_for(
            lambda: not running(worker) or not pipes_with_both_ends(worker),
            "the worker to close the pipe ends it does not use",
        )
        assert running(worker), "the worker is still rendering when its parent is killed"
        build_process.send_signal(signal.SIGKILL)
        build_process.wait(timeout=PATIENCE)
        wait_for(lambda: not running(worker), "the orphaned worker to die", timeout=15)
    finally:
        build_process.kill()
        build_process.communicate()
    assert not (tmp_path / "out").exists(), "killed before writing: nothing was created"


ORPHAN = """
import os, time
from ropa.render import _die_with
parent = os.getpid()
if os.fork() == 0:
    _die_with(parent)
    print(os.getpid(), flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="a Linux guarantee")
def test_the_kernel_kills_a_worker_whose_parent_dies() -> None:
    # a worker that would outlive its parent by ten minutes, but for the parent-death signal
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    worker = 0
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())  # once it has asked for the signal
        parent.kill()
        parent.wait(timeout=PATIENCE)
        wait_for(lambda: not running(worker), "the orphaned worker to die", timeout=15)
    finally:
        parent.kill()
        if worker and running(worker):
            os.kill(worker, signal.SIGKILL)
        parent.communicate()


def test_a_worker_whose_parent_died_before_it_was_ready_exits_at_once() -> None:
    # the parent died between the fork and the request: the worker's parent is no longer it
    result = subprocess.run(
        [sys.executable, "-c", "from ropa.render import _die_with; _die_with(1); print('lived')"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (result.returncode, result.stdout, result.stderr) == (1, "", "")


def test_each_worker_closes_the_receivers_of_those_forked_before_it(
    monkeypatch: pytest.MonkeyPatch, data: Register
) -> None:
    # three languages, two workers even on two cores: each reports the pipes it holds whole
    def report(register: object, code: str, *args: object) -> dict[Path, bytes]:
        return {Path(code) / "pipes": repr(sorted(pipes_with_both_ends(os.getpid()))).encode()}

    monkeypatch.setattr(render_module, "_render_language", report)
    monkeypatch.setattr(render_module, "_workers", lambda languages: len(languages) - 1)
    outputs = render(data, languages=["en", "fr", "de"], formats=["json"])
    assert outputs[Path("fr") / "pipes"] == b"[]"
    assert outputs[Path("de") / "pipes"] == b"[]"


def test_an_unexpected_failure_in_a_worker_prints_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], data: Register
) -> None:
    here = os.getpid()
    real = render_module._render_language

    def fail_in_worker(*args: object, **kwargs: object) -> dict[Path, bytes]:
        if os.getpid() != here:
            raise ValueError("unexpected")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render_module, "_render_language", fail_in_worker)
    monkeypatch.setattr(render_module, "_workers", lambda languages: len(languages) - 1)
    with pytest.raises(render_module.RenderError, match="the process rendering 'fr' stopped"):
        render(data, languages=["en", "fr"], formats=["json"])
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


# --- 2. SIGINT and SIGTERM ------------------------------------------------------------------------


@needs_workers
@pytest.mark.parametrize(
    ("signum", "to_group", "code"),
    [
        (signal.SIGINT, True, 130),  # Ctrl-C: the terminal signals every process of the group
        (signal.SIGTERM, False, 143),  # kill PID
        (signal.SIGTERM, True, 143),  # a supervisor stopping the whole group
    ],
)
def test_a_signal_stops_the_whole_build_in_one_line(
    tmp_path: Path, data: Register, signum: int, to_group: bool, code: int
) -> None:
    out = tmp_path / "out"
    build(data, out, languages=["en", "fr"], formats=["html", "json"])
    before = outputs_of(out)
    build_process = start_build(out)
    try:
        wait_for(lambda: children(build_process.pid), "the build to fork its worker")
        (worker,) = children(build_process.pid)
        if to_group:
            os.killpg(build_process.pid, signum)
        else:
            build_process.send_signal(signum)
        stdout, stderr = build_process.communicate(timeout=PATIENCE)
    finally:
        build_process.kill()
        build_process.communicate()
    assert (build_process.returncode, stdout) == (code, "")
    assert stderr == "ropa: build interrupted; the previous outputs are unchanged\n"
    assert not running(worker)
    assert outputs_of(out) == before
    assert not [p for p in out.rglob("*") if p.name.startswith(TEMPORARY_PREFIX)]


def test_a_signal_while_writing_removes_the_temporary_files_and_new_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_all({tmp_path / "en" / "a.html": b"old a"})
    calls = {"n": 0}
    real = os.fsync

    def signalled(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        real(fd)

    monkeypatch.setattr("ropa.render.write.os.fsync", signalled)
    outputs = {
        tmp_path / "en" / "a.html": b"new a",
        tmp_path / "fr" / "a.html": b"new fr a",
        tmp_path / "fr" / "b.html": b"new fr b",
    }
    with pytest.raises(Interrupted) as caught, stopped_by_signals(Interrupted):
        write_all(outputs)
    assert (caught.value.signum, caught.value.written) == (signal.SIGTERM, False)
    assert outputs_of(tmp_path) == {"en/a.html": b"old a"}, "no temporary file, no fr/"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en"]


def test_a_signal_while_renaming_waits_until_every_file_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.replace

    def signalled(self: Path, target: Path) -> Path:
        os.kill(os.getpid(), signal.SIGINT)  # held back until the renames are done
        return real(self, target)

    monkeypatch.setattr(Path, "replace", signalled)
    with pytest.raises(Interrupted) as caught, stopped_by_signals(Interrupted):
        write_all({tmp_path / "a": b"new a", tmp_path / "b": b"new b"})
    assert (caught.value.signum, caught.value.written) == (signal.SIGINT, True)
    assert outputs_of(tmp_path) == {"a": b"new a", "b": b"new b"}


# --- 3. temporary files ---------------------------------------------------------------------------


def test_a_build_removes_the_temporary_files_killed_builds_left(
    tmp_path: Path, data: Register
) -> None:
    out = tmp_path / "out"
    (out / "en").mkdir(parents=True)
    (out / "de").mkdir()
    stale = [
        out / f"{TEMPORARY_PREFIX}policy.html-x1y2",
        out / "en" / f"{TEMPORARY_PREFIX}register.pdf-abcd",
        out / "de" / f"{TEMPORARY_PREFIX}policy.md-0000",
    ]
    kept = [out / "en" / ".keep", out / "notes.txt", out / "en" / ".ropa-tmp"]
    for path in stale + kept:
        path.write_bytes(b"x")
    build(data, out, languages=["en"], formats=["json"])
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def test_temporary_files_carry_the_prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.fsync

    def look(fd: int) -> None:
        seen.extend(p.name for p in tmp_path.rglob("*") if p.is_file())
        real(fd)

    monkeypatch.setattr("ropa.render.write.os.fsync", look)
    write_all({tmp_path / "en" / "policy.html": b"x"})
    assert len(seen) == 1
    assert seen[0].startswith(f"{TEMPORARY_PREFIX}policy.html-")


def test_a_build_that_fails_writing_removes_the_folders_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: Register
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("ropa.render.write.os.fsync", full)
    with pytest.raises(render_module.WriteError, match="No space"):
        build(data, tmp_path / "out", languages=["en", "fr"], formats=["json"])
    assert list(tmp_path.iterdir()) == [], "neither out/ nor its lock file"


def test_a_build_that_fails_rendering_creates_no_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: Register
) -> None:
    def broken(job: object) -> dict[str, bytes]:
        raise render_module.RenderError("broken")

    monkeypatch.setitem(render_module.FORMATS, "json", broken)
    with pytest.raises(render_module.RenderError):
        build(data, tmp_path / "out", languages=["en"], formats=["json"])
    assert not (tmp_path / "out").exists()


# --- 4. builds into one folder take turns ---------------------------------------------------------


@contextlib.contextmanager
def held_lock(out: Path) -> Iterator[None]:
    """OUT's build lock, held here as another build would hold it."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / LOCK_NAME).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_builds_into_one_folder_at_once_leave_the_outputs_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["Build A SAS", "Build B SAS"]
    registers = [base_named(tmp_path, name) for name in names]
    real = Path.replace

    def slow(self: Path, target: Path) -> Path:
        time.sleep(0.02)  # so that, were builds not to take turns, their renames would mix
        return real(self, target)

    monkeypatch.setattr(Path, "replace", slow)
    out = tmp_path / "out"
    formats = ["html", "md", "json"]

    def builder(register: Register) -> Callable[[], object]:
        return lambda: build(register, out, languages=["en"], formats=formats)

    started = [in_thread(builder(registers[i % 2])) for i in range(5)]
    for thread, errors in started:
        thread.join(PATIENCE)
        assert not thread.is_alive()
        assert errors == []
    outputs = outputs_of(out)
    assert len(outputs) == 4
    assert not (out / LOCK_NAME).exists(), "removed by the last build to hold it"
    sources = {
        file: [name for name in names if name.encode() in data] for file, data in outputs.items()
    }
    assert len({tuple(found) for found in sources.values()}) == 1, sources
    assert len(next(iter(sources.values()))) == 1, sources


def test_a_second_build_waits_and_spares_the_first_ones_temporary_files(
    tmp_path: Path, data: Register
) -> None:
    out = tmp_path / "out"
    said: list[str] = []
    with held_lock(out):
        live = out / f"{TEMPORARY_PREFIX}register.json-live"  # the first build's, being written
        live.write_bytes(b"x")
        thread, errors = in_thread(
            lambda: build(
                data, out, languages=["en"], formats=["json"], progress=lambda *a: said.append(a[2])
            )
        )
        wait_for(lambda: "waiting for another build to finish" in said, "the build to wait")
        time.sleep(0.5)
        assert thread.is_alive()
        assert live.exists()
        assert not (out / "en").exists()
    thread.join(PATIENCE)
    assert (thread.is_alive(), errors) == (False, [])
    assert (out / "en" / "register.json").exists()
    assert not live.exists(), "stale once the lock is free: a build held it"


def test_a_lock_file_removed_meanwhile_lets_no_two_builds_write(
    tmp_path: Path, data: Register
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    said: list[str] = []
    with (out / LOCK_NAME).open("a") as first:
        fcntl.flock(first, fcntl.LOCK_EX)
        thread, errors = in_thread(
            lambda: build(
                data, out, languages=["en"], formats=["json"], progress=lambda *a: said.append(a[2])
            )
        )
        wait_for(lambda: "waiting for another build to finish" in said, "the build to wait")
        (out / LOCK_NAME).unlink()  # rm -r out, say; then a third build takes a new lock file
        with held_lock(out):
            first.close()  # the waiting build gets the old file's lock, which locks nothing now
            time.sleep(0.5)
            assert thread.is_alive()
            assert not (out / "en").exists()
    thread.join(PATIENCE)
    assert (thread.is_alive(), errors) == (False, [])
    assert (out / "en" / "register.json").exists()


def test_no_wait_is_one_line_and_exit_2_while_another_build_writes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", str(CASES / "_base"), "--out", str(out), "-f", "json", "--no-wait"]
    with held_lock(out):
        result = CliRunner().invoke(app, [*args, "--today", "2026-11-24"])
    assert (result.exit_code, result.output) == (
        2,
        f"ropa: error: another build is writing to {out}; wait for it to finish, "
        "or build without --no-wait\n",
    )
    assert outputs_of(out) == {}
    with pytest.raises(BusyError), held_lock(out):
        build(
            validate(CASES / "_base", TODAY).register,
            out,
            languages=["en"],
            formats=["json"],
            wait=False,
        )
