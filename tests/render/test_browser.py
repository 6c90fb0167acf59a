"""The HTML documents in a real browser: headless Chromium at a phone's width (390 px) and a
desktop's (1280 px). The page never scrolls sideways, and no word of a table is cut across lines
(the stacked rows of a phone keep each word whole).

Chromium is driven through its DevTools protocol on a pipe (``--remote-debugging-pipe``): no
port, no websocket, nothing to install from PyPI, and the phone's width is set exactly (a
headless window is never narrower than 500 px). Where Chromium is missing, the test installs
Debian's package if it runs as root (as CI does), and is skipped only if it cannot; on CI
(``CI`` set) it fails instead.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ropa.check import validate
from ropa.render import render
from tests.conftest import DATA, TODAY
from tests.system import debian_program

pytestmark = pytest.mark.slow

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
TIMEOUT = 60.0  # seconds for one answer from the browser
#: Starts Chromium with the pipe's two ends as its descriptors 3 and 4 (a POSIX shell cannot
#: name a descriptor above 9, and those of the test process may be anywhere).
TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


def chromium_executable() -> str:
    """Chromium's path; installed with apt-get where it is missing and we may (root, Debian)."""
    return debian_program("chromium", "chromium")


class Chromium:
    """One headless Chromium, spoken to in DevTools protocol messages (JSON, each ended by a
    NUL byte): it reads them on its file descriptor 3 and answers on 4."""

    def __init__(self, executable: str, profile: Path) -> None:
        commands, self._to_browser = os.pipe()
        self._from_browser, answers = os.pipe()
        # apart from 3 and 4, so that setting those up cannot overwrite one with the other
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands, answers)]
        os.close(commands)
        os.close(answers)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                TRAMPOLINE,
                *map(str, high),
                executable,
                *FLAGS,
                f"--user-data-dir={profile}",
            ],
            pass_fds=high,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in high:
            os.close(fd)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._last = 0

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):  # it may be gone already
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events that come first are kept)."""
        self._last += 1
        message: dict[str, Any] = {"id": self._last, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._last:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self._events.append(answer)

    def wait_for(self, event: str, session: str) -> None:
        """Wait until ``session`` sends ``event``."""
        while True:
            for index, message in enumerate(self._events):
                if message.get("method") == event and message.get("sessionId") == session:
                    del self._events[: index + 1]
                    return
            self._events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise RuntimeError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium stopped")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        answer: dict[str, Any] = json.loads(message)
        return answer

    def open(self, url: str, width: int, height: int = 900) -> str:
        """A new tab showing ``url`` at ``width`` CSS pixels (a phone's below 600); its session."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session: str = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable", session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        result = self.send(
            "Runtime.evaluate",
            session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def screenshot(self, session: str, top: int, width: int, height: int) -> bytes:
        """A PNG of the page from ``top``, ``height`` pixels tall."""
        data = self.send(
            "Page.captureScreenshot",
            session,
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": top, "width": width, "height": height, "scale": 1},
        )["data"]
        return base64.b64decode(data)


#: What the page looks like once its fonts are loaded: how wide it is against its viewport,
#: and every word of a table cell whose letters lie on more than one line. A word here is a run
#: of letters and digits: a line may end after a hyphen or a dash, never inside a word. Links
#: and tokens that are addresses (URLs, emails) may break anywhere when they are longer than
#: their line, by design.
MEASURE = r"""
(async () => {
  await document.fonts.ready;
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element.closest("td, th") || element.closest("a")) continue;
    for (const token of node.data.matchAll(/\S+/g)) {
      if (/:\/\/|@|^www\./.test(token[0])) continue;
      for (const word of token[0].matchAll(/[\p{L}\p{N}\p{M}'’]+/gu)) {
        const range = document.createRange();
        const start = token.index + word.index;
        range.setStart(node, start);
        range.setEnd(node, start + word[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        rects.sort((a, b) => a.top - b.top);
        if (rects.some((r, i) => i > 0 && r.top >= rects[i - 1].bottom - 1)) {
          broken.push(word[0] + " (" + element.closest("td, th").textContent.trim().slice(0, 60) + ")");
        }
      }
    }
  }
  const root = document.documentElement;
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, broken: broken};
})()
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's HTML documents, in both languages."""
    out = tmp_path_factory.mktemp("html")
    register = validate(DATA, TODAY).register
    for path, data in render(register, languages=["en", "fr"], formats=["html"]).items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    chromium = Chromium(chromium_executable(), tmp_path_factory.mktemp("profile"))
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "document", ["en/policy.html", "fr/policy.html", "en/register.html", "fr/register.html"]
)
def test_no_sideways_scrolling_and_no_word_cut_in_tables(
    browser: Chromium, pages: Path, tmp_path: Path, document: str, width: int
) -> None:
    session = browser.open((pages / document).as_uri(), width)
    try:
        page = browser.evaluate(session, MEASURE)
        seen = tmp_path / f"{width}px.png"  # what went wrong, for a failure
        if page["scrollWidth"] > width or page["broken"]:
            seen.write_bytes(browser.screenshot(session, 0, width, 2400))
    finally:
        browser.send("Target.detachFromTarget", sessionId=session)
    assert page["clientWidth"] == width, "the viewport has the width asked for"
    assert page["scrollWidth"] <= width, f"the page scrolls sideways ({seen})"
    assert page["broken"] == [], f"words cut across lines in tables ({seen}): {page['broken'][:10]}"
