"""A running preview: the server, the file watcher and the rebuilder, each in its own thread.

The watcher turns file events into :class:`~ropa.serve.preview.Changes` and adds them to
:class:`Pending`, a few flags however many events come; the rebuilder takes them, rebuilds,
publishes the new version to the pages listening on ``/events``, and reports what it did.
``close()`` stops all three and waits for every thread, the server's included.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

from ropa.serve.preview import EVERYTHING, Changes, Outcome, Preview
from ropa.serve.server import KEEPALIVE_SECONDS, Hub, IPv6Server, PreviewServer
from ropa.serve.watch import Watcher


class Pending:
    """The changes not yet rebuilt, merged: bounded whatever the rate of file events."""

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._changes = Changes()
        self._closed = False

    def add(self, changes: Changes) -> None:
        with self._ready:
            self._changes.merge(changes)
            self._ready.notify()

    def take(self) -> Changes | None:
        """The changes since the last call, once there are some; None once closed."""
        with self._ready:
            self._ready.wait_for(lambda: bool(self._changes) or self._closed)
            if self._closed:
                return None
            changes, self._changes = self._changes, Changes()
            return changes

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()


class Session:
    """The preview of ``preview`` served on ``host``:``port`` (0: any free port).

    Creating it binds the port (an ``OSError`` when it cannot: in use, no such address);
    ``start()`` builds the pages once and starts the threads; ``close()`` stops them.
    ``report`` receives each rebuild's outcome, ``warn`` what goes wrong in the watcher or
    the rebuilder, from their threads.
    """

    def __init__(
        self,
        preview: Preview,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        editor: str | None = None,
        report: Callable[[Outcome], None] | None = None,
        warn: Callable[[str], None] | None = None,
        keepalive: float = KEEPALIVE_SECONDS,
    ) -> None:
        self.preview = preview
        self.hub = Hub(preview.state.version)
        kind = IPv6Server if ":" in host else PreviewServer
        self.server = kind((host, port), preview, self.hub, editor=editor, keepalive=keepalive)
        self.host = host
        self.port: int = self.server.server_address[1]
        self._report = report or (lambda outcome: None)
        self._warn = warn or (lambda message: None)
        self._pending = Pending()
        self.watcher = Watcher(preview.targets, self._pending.add, self._warn)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The address of the index page."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(self.host, self.host)  # noqa: S104
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}/"

    def start(self) -> Outcome:
        """Watch, build the pages once, then serve; the first build's outcome."""
        try:
            self.watcher.start()  # first: a change made while building is seen
            outcome = self.preview.rebuild(EVERYTHING)
            self.preview.warm()
            self.hub.publish(self.preview.state.version)
            self.watcher.retarget()
            for target, name in (
                (self._rebuild_loop, "ropa-serve-rebuild"),
                (self.server.serve_forever, "ropa-serve-http"),
            ):
                thread = threading.Thread(target=target, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)
        except BaseException:
            self.close()
            raise
        return outcome

    def _rebuild_loop(self) -> None:
        while (changes := self._pending.take()) is not None:
            try:
                outcome = self.preview.rebuild(changes, self.hub.watched())
            except Exception as exc:  # a bug must not stop the preview
                self._warn(f"rebuilding failed: {type(exc).__name__}: {exc}")
                continue
            if outcome.published:
                self.hub.publish(self.preview.state.version)
            self.watcher.retarget()
            self._report(outcome)

    def close(self) -> None:
        """Stop watching, rebuilding and serving; wait for every thread."""
        self.watcher.close()
        self._pending.close()
        self.hub.close()
        if any(thread.name == "ropa-serve-http" for thread in self._threads):
            self.server.shutdown()
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        self.server.server_close()

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
