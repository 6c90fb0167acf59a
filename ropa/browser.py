"""A headless Chromium, driven over its DevTools protocol on a pipe (``ropa scan`` and the tests).

Chromium reads protocol messages (JSON, each ended by a NUL byte) on its file descriptor 3 and
answers on 4 (``--remote-debugging-pipe``): no port for another program to reach, no websocket,
nothing to install from PyPI. Every read is bounded (in size and in time), the browser runs in
its own process group with a throwaway home folder, and it is killed, with every process it
started, when the client is closed, whatever happened before.

Only ``ropa scan`` and the browser tests need a browser; nothing else in ropa imports this.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import Any

#: The names Chromium goes by on the PATH, Debian's first.
EXECUTABLES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
#: What to install where it is missing (Debian and its derivatives; the tests install it so).
INSTALL = "apt-get install chromium"

FLAGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--password-store=basic",
    "--use-mock-keychain",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
#: Seconds to wait for one answer from the browser, unless the caller says otherwise.
TIMEOUT = 60.0
#: The largest message read from the browser (a full-page screenshot is a few megabytes).
MAX_MESSAGE = 64 * 1024 * 1024
#: Events kept while waiting for an answer, before the browser is taken to be flooding.
MAX_EVENTS = 100_000
#: The longest profile path that can also be Chromium's temporary folder: it makes
#: ``org.chromium.Chromium.XXXXXX/SingletonSocket`` (46 bytes) there.
_MAX_TMPDIR = 60
#: How much of Chromium's standard error is kept, to explain a failed start.
_STDERR_TAIL = 8192
#: Starts Chromium with the pipe's two ends as its descriptors 3 and 4 (a POSIX shell cannot
#: name a descriptor above 9, and those of this process may be anywhere).
_TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class BrowserError(RuntimeError):
    """Chromium could not be started, stopped, answered too late or said something unreadable;
    the message is one line."""


class ChromiumMissingError(BrowserError):
    """No Chromium to run: the message says what to install."""


class ProtocolError(BrowserError):
    """Chromium answered a command with an error (the command, not the browser, failed)."""


def find_chromium(executable: str | None = None) -> str:
    """The path of Chromium: ``executable`` (a path, or a name on the PATH) when given, else the
    first of :data:`EXECUTABLES` on the PATH."""
    if executable is not None:
        found = shutil.which(executable)
        if found is None or not Path(found).is_file():
            raise ChromiumMissingError(
                f"no executable Chromium at {executable} (install it: {INSTALL})"
            )
        return found
    for name in EXECUTABLES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise ChromiumMissingError(
        f"no {', '.join(EXECUTABLES[:-1])} or {EXECUTABLES[-1]} on the PATH (install it: {INSTALL})"
    )


def running_as_root() -> bool:
    """Chromium's sandbox refuses to start as root: it then runs with ``--no-sandbox``."""
    return os.geteuid() == 0


class Chromium:
    """One headless Chromium and the protocol spoken with it.

    ``profile`` is the browser's user data folder (made if missing), which also serves as its
    home, XDG and (when its path is short enough) temporary folder, so that nothing is written
    anywhere else. ``sandbox``: ``None`` runs with
    Chromium's sandbox unless this process is root (where Chromium refuses it) or the machine
    does not allow it (no user namespaces, no setuid helper), in which case it starts again
    without; ``sandboxed`` then says which, and ``note`` why. The constructor returns once the
    browser answers.
    """

    def __init__(
        self,
        executable: str,
        profile: Path,
        *,
        sandbox: bool | None = None,
        timeout: float = TIMEOUT,
        flags: tuple[str, ...] = (),
    ) -> None:
        self.timeout = timeout
        self.note = ""
        self._events: deque[dict[str, Any]] = deque()
        self._posted: set[Any] = set()
        self._last = 0
        self.sandboxed = sandbox if sandbox is not None else not running_as_root()
        if sandbox is None and not self.sandboxed:
            self.note = (
                "running as root, where Chromium's sandbox refuses to start, so it runs with "
                "--no-sandbox; run as another user to keep the sandbox"
            )
        self._start(executable, profile, flags)
        try:
            self.version = self.send("Browser.getVersion")
        except BrowserError as exc:
            stderr = self._stop()
            if sandbox is None and self.sandboxed and "sandbox" in stderr.lower():
                self.sandboxed = False
                self.note = (
                    "this machine does not allow Chromium's sandbox (no user namespaces, no "
                    "setuid helper), so it runs with --no-sandbox"
                )
                self._start(executable, profile, flags)
                try:
                    self.version = self.send("Browser.getVersion")
                except BrowserError as again:
                    raise BrowserError(self._failed_start(again, self._stop())) from None
            else:
                raise BrowserError(self._failed_start(exc, stderr)) from None

    def _start(self, executable: str, profile: Path, flags: tuple[str, ...]) -> None:
        try:
            profile.mkdir(parents=True, exist_ok=True)  # its home and temporary folder too
        except OSError as exc:
            raise BrowserError(
                f"cannot make the profile {profile}: {exc.strerror or exc}"
            ) from None
        self._buffer = b""
        self._events.clear()
        self._posted.clear()
        self._closed = False
        commands, self._to_browser = os.pipe()
        self._from_browser, answers = os.pipe()
        # apart from 3 and 4, so that setting those up cannot overwrite one with the other
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands, answers)]
        os.close(commands)
        os.close(answers)
        home = str(profile)
        environment = {
            **os.environ,
            "HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_CACHE_HOME": home,
            "XDG_DATA_HOME": home,
        }
        # its temporary files too, where the path leaves room for the socket Chromium makes
        # there (a Unix socket's path holds at most 107 bytes)
        if len(os.fsencode(home)) <= _MAX_TMPDIR:
            environment["TMPDIR"] = home
        try:
            self.process = subprocess.Popen(  # noqa: S603  # a fixed program, no shell
                [
                    sys.executable,
                    "-c",
                    _TRAMPOLINE,
                    *map(str, high),
                    executable,
                    *FLAGS,
                    *(() if self.sandboxed else ("--no-sandbox",)),
                    *flags,
                    f"--user-data-dir={profile}",
                ],
                pass_fds=high,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=environment,
                start_new_session=True,  # its own process group, killed whole on close
            )
        except OSError as exc:
            for fd in (*high, self._to_browser, self._from_browser):
                os.close(fd)
            raise BrowserError(f"cannot start {executable}: {exc.strerror or exc}") from None
        for fd in high:
            os.close(fd)
        self._stderr: deque[bytes] = deque()
        self._stderr_reader = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_reader.start()

    def _drain_stderr(self) -> None:
        """Keep the end of Chromium's standard error (bounded), until every process of the
        browser has closed it."""
        stream = self.process.stderr
        assert stream is not None
        kept = 0
        with stream:
            for chunk in iter(lambda: os.read(stream.fileno(), 4096), b""):
                self._stderr.append(chunk)
                kept += len(chunk)
                while kept > _STDERR_TAIL and len(self._stderr) > 1:
                    kept -= len(self._stderr.popleft())

    @staticmethod
    def _failed_start(exc: BrowserError, stderr: str) -> str:
        lines = [line.strip() for line in stderr.splitlines() if line.strip()]
        fatal = [line for line in lines if "FATAL" in line]
        # crashpad complains of what a container lacks on every start: not why it stopped
        said = [line for line in lines if "rror" in line.lower() and "crashpad" not in line]
        reason = (fatal or said or lines or [""])[-1][:300]
        return f"Chromium did not start ({exc})" + (f": {reason}" if reason else "")

    # --- stopping ---------------------------------------------------------------------------

    def close(self) -> None:
        """Ask the browser to close, then kill it and every process it started; idempotent."""
        if self._closed:
            return
        with contextlib.suppress(BrowserError, OSError):  # it may be gone already
            self.command("Browser.close", timeout=5.0)
        self._stop()

    def _stop(self) -> str:
        """Stop the browser (killed if it lingers), close the pipe; its standard error's end."""
        if self._closed:
            return ""
        self._closed = True
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        # the browser's helpers (zygote, renderers) share its process group: none outlives it
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._stderr_reader.join(timeout=5)
        return b"".join(self._stderr).decode("utf-8", "replace")

    def __enter__(self) -> Chromium:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- the protocol -----------------------------------------------------------------------

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events that come first are kept)."""
        return self.command(method, params, session)

    def command(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        *,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """:meth:`send` with the parameters as a mapping, and a time limit of its own."""
        number = self._write(method, params, session)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            message = self._receive(deadline)
            if message is None:
                raise BrowserError(f"Chromium did not answer {method} in time")
            if "method" not in message and message.get("id") == number:
                if "error" in message:
                    error = message["error"]
                    text = error.get("message", error) if isinstance(error, dict) else error
                    raise ProtocolError(f"{method}: {str(text)[:300]}")
                result = message.get("result")
                return result if isinstance(result, dict) else {}
            self._keep(message, method)

    def post(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> int:
        """Send a command without waiting for its answer, which :meth:`next_event` returns
        later as a message with this id (and ``result`` or ``error``); the id."""
        number = self._write(method, params, session)
        self._posted.add(number)
        return number

    def _write(self, method: str, params: dict[str, Any] | None, session: str | None) -> int:
        if self._closed:
            raise BrowserError("Chromium is closed")
        self._last += 1
        message: dict[str, Any] = {"id": self._last, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data) :]
        except BrokenPipeError:
            raise BrowserError("Chromium stopped") from None
        return self._last

    def _keep(self, message: dict[str, Any], waiting_for: str) -> None:
        """Keep an event, or the answer to a posted command, for :meth:`next_event`; drop the
        late answer to a command given up on."""
        if "method" not in message:
            if message.get("id") not in self._posted:
                return
            self._posted.discard(message.get("id"))
        if len(self._events) >= MAX_EVENTS:
            raise BrowserError(
                f"Chromium sent over {MAX_EVENTS:,} events while {waiting_for} waited"
            )
        self._events.append(message)

    def next_event(self, timeout: float) -> dict[str, Any] | None:
        """The next event or answer to a posted command (kept ones first), or ``None`` if none
        comes within ``timeout`` seconds."""
        if self._events:
            return self._events.popleft()
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message is None or "method" in message:
                return message
            if message.get("id") in self._posted:
                self._posted.discard(message.get("id"))
                return message

    def wait_for(self, event: str, session: str, timeout: float | None = None) -> dict[str, Any]:
        """Wait until ``session`` sends ``event``; its parameters. Events before it are kept."""
        for index, message in enumerate(self._events):
            if message.get("method") == event and message.get("sessionId") == session:
                del self._events[index]
                params = message.get("params")
                return params if isinstance(params, dict) else {}
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            received = self._receive(deadline)
            if received is None:
                raise BrowserError(f"Chromium did not send {event} in time")
            if received.get("method") == event and received.get("sessionId") == session:
                params = received.get("params")
                return params if isinstance(params, dict) else {}
            self._keep(received, event)

    def _receive(self, deadline: float) -> dict[str, Any] | None:
        """One message from the browser, or ``None`` once ``deadline`` has passed."""
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                return None
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium stopped")
            self._buffer += chunk
            if len(self._buffer) > MAX_MESSAGE and b"\0" not in self._buffer:
                raise BrowserError(f"Chromium sent a message over {MAX_MESSAGE:,} bytes")
        message, _, self._buffer = self._buffer.partition(b"\0")
        try:
            answer = json.loads(message)
        except ValueError:
            raise BrowserError("Chromium sent a message that is not JSON") from None
        if not isinstance(answer, dict):
            raise BrowserError("Chromium sent a message that is not a JSON object")
        return answer

    # --- pages ------------------------------------------------------------------------------

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
            raise ProtocolError(str(result["exceptionDetails"])[:2000])
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
