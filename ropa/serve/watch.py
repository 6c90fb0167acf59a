"""Watching the register, the templates and the configuration for changes (watchfiles).

Two threads: one watches the register and templates folders with their subfolders, the other
the folders of the configuration files alone (a repository's root holds far more than them:
``.venv``, ``node_modules``, ``.git``). Each batch of file events becomes a few flags
(:class:`~ropa.serve.preview.Changes`); when what is to be watched changes (the configuration
names another folder, a folder appears), the threads start watching again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from ropa.discover import SUFFIXES
from ropa.serve.preview import Changes, Targets

#: Changes are gathered until none has come for this long (an editor's save is several file
#: events: a temporary file written, renamed, its metadata set), in milliseconds...
STEP_MS = 25
#: ...but never for longer than this.
DEBOUNCE_MS = 400
#: How long watchfiles waits before telling "nothing yet" (which tells us it is watching).
TICK_MS = 200
#: Before trying again after watching failed (a folder removed while it was being set up).
RETRY_SECONDS = 1.0


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def classify(targets: Targets, events: Iterable[tuple[Change, str]]) -> Changes:
    """What a batch of file events means for the preview (nothing, for files it does not read:
    an editor's swap file, a ``.git`` folder, a file that is not YAML in the register)."""
    ignored = DefaultFilter()
    changes = Changes()
    for change, name in events:
        if not ignored(change, name):
            continue
        path = Path(name)
        if path in targets.config_files:
            changes.config = True
        if targets.templates is not None and _under(path, targets.templates):
            changes.templates = True
            if change is not Change.modified or path == targets.templates:
                changes.templates_listing = True
        if _under(path, targets.root) and (
            path.name.endswith(SUFFIXES) or change is not Change.modified
        ):
            changes.register = True  # a declaration file, or a folder added or removed
    if changes:
        changes.seen = time.perf_counter()
    return changes


class _Halt:
    """watchfiles' ``stop_event``: set when the watcher stops or must watch other paths."""

    def __init__(self, stop: threading.Event, again: threading.Event) -> None:
        self.stop, self.again = stop, again

    def is_set(self) -> bool:
        return self.stop.is_set() or self.again.is_set()


class _Loop:
    """One thread watching some paths, recursively or not, until told to stop."""

    def __init__(
        self,
        name: str,
        paths: Callable[[], tuple[Path, ...]],
        *,
        recursive: bool,
        seen: Callable[[set[tuple[Change, str]]], None],
        failed: Callable[[str], None],
        stop: threading.Event,
    ) -> None:
        self._paths = paths
        self._recursive = recursive
        self._seen = seen
        self._failed = failed
        self._stop = stop
        self.again = threading.Event()
        self.ready = threading.Event()
        self._polling = False
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        halt = _Halt(self._stop, self.again)
        while not self._stop.is_set():
            self.again.clear()
            paths = [str(path) for path in self._paths()]
            if not paths:
                self.ready.set()
                self._idle()
                continue
            try:
                for events in watch(
                    *paths,
                    watch_filter=None,
                    debounce=DEBOUNCE_MS,
                    step=STEP_MS,
                    stop_event=halt,
                    rust_timeout=TICK_MS,
                    yield_on_timeout=True,
                    raise_interrupt=False,
                    recursive=self._recursive,
                    force_polling=self._polling or None,
                    ignore_permission_denied=True,
                ):
                    self.ready.set()
                    if events:
                        self._seen(events)
            except Exception as exc:  # a folder gone while being set up, a limit
                self.ready.set()
                if not self._polling:
                    self._failed(f"watching {', '.join(paths)}: {exc}; polling instead")
                self._polling = True
                self._stop.wait(RETRY_SECONDS)

    def _idle(self) -> None:
        """Nothing to watch: wait to be told to watch again, or to stop."""
        while not self._stop.is_set() and not self.again.is_set():
            self._stop.wait(TICK_MS / 1000)


class Watcher:
    """The two watching threads; ``changed`` receives each batch's :class:`Changes`."""

    def __init__(
        self,
        targets: Callable[[], Targets],
        changed: Callable[[Changes], None],
        failed: Callable[[str], None],
    ) -> None:
        self._targets = targets
        self._changed = changed
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.current = targets()

        def seen(events: set[tuple[Change, str]]) -> None:
            with self._lock:
                current = self.current
            changes = classify(current, events)
            if changes:
                self._changed(changes)

        self._loops = [
            _Loop(
                "ropa-serve-watch-trees",
                lambda: self.current.trees,
                recursive=True,
                seen=seen,
                failed=failed,
                stop=self._stop,
            ),
            _Loop(
                "ropa-serve-watch-folders",
                lambda: self.current.folders,
                recursive=False,
                seen=seen,
                failed=failed,
                stop=self._stop,
            ),
        ]

    def start(self, timeout: float = 10.0) -> None:
        """Start watching; returns once both threads watch (or after ``timeout`` seconds)."""
        for loop in self._loops:
            loop.thread.start()
        deadline = time.monotonic() + timeout
        for loop in self._loops:
            loop.ready.wait(max(0.0, deadline - time.monotonic()))

    def retarget(self) -> bool:
        """Watch what the preview now needs, if that changed; whether it did."""
        targets = self._targets()
        with self._lock:
            if targets == self.current:
                return False
            before, self.current = self.current, targets
        for loop, old, new in zip(
            self._loops,
            (before.trees, before.folders),
            (targets.trees, targets.folders),
            strict=True,
        ):
            if old != new:
                loop.again.set()
        return True

    def close(self) -> None:
        """Stop watching and wait for the threads to end."""
        self._stop.set()
        for loop in self._loops:
            if loop.thread.is_alive():
                loop.thread.join()
