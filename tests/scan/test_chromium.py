"""The DevTools-pipe client (``ropa/browser.py``): found or said missing in one line, bounded
in what it reads and how long it waits, and nothing of the browser left once it is closed."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from ropa import browser
from ropa.browser import BrowserError, Chromium, ChromiumMissingError, find_chromium
from tests.system import debian_program


def test_a_missing_chromium_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ChromiumMissingError) as missing:
        find_chromium()
    assert str(missing.value) == (
        "no chromium, chromium-browser, google-chrome-stable or google-chrome on the PATH "
        "(install it: apt-get install chromium)"
    )
    with pytest.raises(ChromiumMissingError, match=r"^no executable Chromium at /nowhere/chrome "):
        find_chromium("/nowhere/chrome")


def test_a_program_that_stops_at_once_is_one_line(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus"
    bogus.write_text(
        "#!/bin/sh\necho starting >&2\necho 'ERROR: no display' >&2\nexit 3\n", encoding="utf-8"
    )
    bogus.chmod(bogus.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(BrowserError) as failed:
        Chromium(str(bogus), tmp_path / "profile", timeout=30)
    assert str(failed.value) == "Chromium did not start (Chromium stopped): ERROR: no display"


def alive(group: int) -> list[int]:
    """The processes of a process group still running (not zombies waiting to be reaped by a
    container's first process)."""
    running = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8")
            except OSError:
                continue
            state, _, _, pgid = stat.rsplit(")", 1)[1].split()[:4]
            if int(pgid) == group and state != "Z":
                running.append(int(entry.name))
    return running


@pytest.fixture
def chromium(tmp_path: Path) -> Chromium:
    return Chromium(debian_program("chromium", "chromium"), tmp_path / "profile", timeout=60)


@pytest.mark.slow
def test_chromium_is_closed_with_every_process_it_started(
    chromium: Chromium, tmp_path: Path
) -> None:
    group = chromium.process.pid
    with chromium:
        session = chromium.open("about:blank", 800)
        assert chromium.evaluate(session, "1 + 1") == 2
        assert chromium.sandboxed is not browser.running_as_root()
        assert (chromium.note != "") is browser.running_as_root()
    assert chromium.process.poll() is not None
    deadline = time.monotonic() + 10  # killed; a loaded machine may take a moment to end them
    while alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert alive(group) == []  # no process of its group is left running
    chromium.close()  # closing twice is harmless
    with pytest.raises(BrowserError, match=r"^Chromium is closed$"):
        chromium.send("Browser.getVersion")
    # its home was the profile: what it wrote there stays there
    assert (tmp_path / "profile" / "Default").is_dir()


@pytest.mark.slow
def test_reads_are_bounded_in_time_and_size(
    chromium: Chromium, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chromium:
        session = chromium.open("about:blank", 800)
        with pytest.raises(
            BrowserError, match=r"^Chromium did not answer Runtime\.evaluate in time$"
        ):
            chromium.command(
                "Runtime.evaluate",
                {"expression": "new Promise((ok) => setTimeout(ok, 3000))", "awaitPromise": True},
                session,
                timeout=0.5,
            )
        assert (
            chromium.evaluate(session, "'still there'") == "still there"
        )  # the late answer is dropped
        monkeypatch.setattr(browser, "MAX_MESSAGE", 100_000)
        with pytest.raises(BrowserError, match=r"^Chromium sent a message over 100,000 bytes$"):
            chromium.evaluate(session, "'x'.repeat(1000000)")
