"""The preview's HTTP server: the standard library's ``ThreadingHTTPServer``, closed down.

It answers GET on a handful of paths (``/``, ``/compare``, ``/events``, ``/<lang>/policy.html``,
``/<lang>/register.html``) and 404 on any other; it reads no file: every page is rendered in
memory (:mod:`ropa.serve.preview`). Bound on 127.0.0.1 it answers only requests addressed to a
loopback name, so that a web page cannot reach it through DNS rebinding. It holds at most
:data:`MAX_CONNECTIONS` connections, :data:`MAX_LISTENERS` of them on ``/events``; a client
that stalls or goes away is dropped.
"""

from __future__ import annotations

import re
import secrets
import select
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from ropa.serve import page
from ropa.serve.preview import DOCUMENTS, Preview, page_key

if TYPE_CHECKING:
    from markupsafe import Markup

#: Connections open at once; past it, a new one is closed at once.
MAX_CONNECTIONS = 64
#: Pages listening on ``/events`` at once (each holds a connection).
MAX_LISTENERS = 24
#: A client must send its request, and read what it is sent, within this many seconds.
TIMEOUT_SECONDS = 10.0
#: A comment on ``/events`` this often, which intermediaries expect of a live stream.
KEEPALIVE_SECONDS = 15.0
#: How often a listener checks whether its client went away.
POLL_SECONDS = 0.5
#: What EventSource waits before reconnecting to a server that stopped, in milliseconds.
RETRY_MS = 1000

_DOCUMENT = re.compile(r"/([A-Za-z0-9-]{1,35})/(policy|register)\.html")
_PAGE = re.compile(r"[A-Za-z0-9-]{1,35}/(?:policy|register)")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "127.0.0.1", "::1"})


class Hub:
    """The pages' version and the listeners waiting for it to change: which pages they show
    (rendered first on a rebuild), how many they are (bounded)."""

    def __init__(self, version: str, limit: int = MAX_LISTENERS) -> None:
        self._changed = threading.Condition()
        self.version = version
        self._limit = limit
        self._pages: Counter[str] = Counter()
        self.listeners = 0
        self.closed = False

    def publish(self, version: str) -> None:
        with self._changed:
            self.version = version
            self._changed.notify_all()

    def watched(self) -> frozenset[str]:
        """The pages open in a browser now."""
        with self._changed:
            return frozenset(key for key, count in self._pages.items() if count > 0)

    @contextmanager
    def listening(self, pages: frozenset[str]) -> Iterator[bool]:
        """A listener for ``pages`` while within; False when there are too many already."""
        with self._changed:
            admitted = self.listeners < self._limit and not self.closed
            if admitted:
                self.listeners += 1
                self._pages.update(pages)
        try:
            yield admitted
        finally:
            if admitted:
                with self._changed:
                    self.listeners -= 1
                    self._pages.subtract(pages)
                    self._pages = +self._pages  # drops the pages no one shows any more

    def wait(self, seen: str, timeout: float) -> str:
        """The version once it is no longer ``seen``, or ``seen`` after ``timeout`` seconds or
        when the hub closes."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen or self.closed, timeout)
            return self.version

    def close(self) -> None:
        """Release every listener."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) is this machine alone."""
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The name in a Host header (``127.0.0.1:8000`` → ``127.0.0.1``, ``[::1]:80`` → ``::1``)."""
    if header.startswith("["):
        return header[1 : header.find("]")]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class PreviewServer(ThreadingHTTPServer):
    """The server: a thread per connection, each joined when the server closes."""

    daemon_threads = False
    block_on_close = True
    request_queue_size = 32

    def __init__(
        self,
        address: tuple[str, int],
        preview: Preview,
        hub: Hub,
        *,
        editor: str | None = None,
        keepalive: float = KEEPALIVE_SECONDS,
    ) -> None:
        self.preview = preview
        self.hub = hub
        self.editor = editor
        self.keepalive = keepalive
        self.loopback = is_loopback(address[0])
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._open: set[Any] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many: drop it rather than queue it
            return
        with self._open_lock:
            self._open.add(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._done(request)
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._done(request)

    def _done(self, request: Any) -> None:
        with self._open_lock:
            if request in self._open:
                self._open.discard(request)
                self._slots.release()

    def server_close(self) -> None:
        """Stop listening, cut the connections still open, and wait for their threads."""
        self.socket.close()  # no new connection
        with self._open_lock:
            for connection in list(self._open):
                with suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        super().server_close()  # joins their threads

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection that failed is only dropped: no traceback on the terminal."""


class IPv6Server(PreviewServer):
    address_family = socket.AF_INET6


class Handler(BaseHTTPRequestHandler):
    """One request: GET on a known path, else 404 (405 for another method)."""

    server: PreviewServer
    server_version = "ropa-serve"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request a connection: nothing left waiting idle
    timeout = TIMEOUT_SECONDS

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal is for what the register says."""

    def do_GET(self) -> None:
        if not self.path.startswith("/"):
            self._reply(HTTPStatus.BAD_REQUEST, "text/plain", b"Bad request\n")
            return
        if self.server.loopback and not self._addressed_to_loopback():
            self._reply(HTTPStatus.MISDIRECTED_REQUEST, "text/plain", b"Misdirected request\n")
            return
        url = urlsplit(self.path)
        try:
            query = parse_qs(url.query, keep_blank_values=True, max_num_fields=16)
        except ValueError:
            self._reply(HTTPStatus.BAD_REQUEST, "text/plain", b"Bad request\n")
            return
        document = _DOCUMENT.fullmatch(url.path)
        if url.path == "/":
            self._index()
        elif url.path == "/compare":
            self._compare(query)
        elif url.path == "/events":
            self._events(query)
        elif document is not None:
            self._document(document.group(1), document.group(2), embedded="embedded" in query)
        else:
            self._reply(HTTPStatus.NOT_FOUND, "text/plain", b"Not found\n")

    def _not_allowed(self) -> None:
        self._reply(
            HTTPStatus.METHOD_NOT_ALLOWED, "text/plain", b"Only GET\n", extra={"Allow": "GET"}
        )

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed  # noqa: N815

    def _addressed_to_loopback(self) -> bool:
        header = self.headers.get("Host")
        return header is None or is_loopback(_host_name(header.strip()))

    # --- pages ----------------------------------------------------------------------------

    def _index(self) -> None:
        preview = self.server.preview
        state = preview.state
        nonce = secrets.token_urlsafe(16)
        html = page.index(
            preview.name(),
            str(preview.root()),
            state.languages if state.good else (),
            page.panel(state.status(), self.server.editor, style=False),
            page.script(nonce, state.version, "/events"),
        )
        self._html(HTTPStatus.OK, html, _ui_policy(nonce))

    def _compare(self, query: dict[str, list[str]]) -> None:
        preview = self.server.preview
        state = preview.state
        languages = list(state.languages)
        document = query.get("doc", ["policy"])[0]
        chosen = [query.get(side, [""])[0] for side in ("left", "right")]
        if document not in DOCUMENTS or not languages:
            self._reply(HTTPStatus.NOT_FOUND, "text/plain", b"Not found\n")
            return
        if chosen == ["", ""]:
            chosen = (languages * 2)[:2] if len(languages) < 2 else languages[:2]
        if any(code not in languages for code in chosen):
            self._reply(HTTPStatus.NOT_FOUND, "text/plain", b"Not found\n")
            return
        nonce = secrets.token_urlsafe(16)
        pages = [page_key(code, document) for code in chosen]
        status = preview.status_of([(code, document) for code in chosen])
        html = page.compare(
            document,
            chosen[0],
            chosen[1],
            languages,
            state.good is not None,
            page.panel(status, self.server.editor, style=False),
            page.script(nonce, state.version, _events(pages), compare=True),
        )
        self._html(HTTPStatus.OK, html, _ui_policy(nonce))

    def _document(self, language: str, document: str, *, embedded: bool) -> None:
        served = self.server.preview.document(language, document)
        if served is None:
            self._reply(HTTPStatus.NOT_FOUND, "text/plain", b"Not found\n")
            return
        nonce = secrets.token_urlsafe(16)
        script: Markup = page.script(nonce, served.version, _events([page_key(language, document)]))
        panel = page.panel(served.status, self.server.editor)
        if served.html is None:
            html = page.waiting(
                "The register has errors."
                if served.status.findings
                else "The register cannot be built (see above).",
                page.DOCUMENT_TITLES[document].lower(),
                panel,
                script,
            )
            self._html(HTTPStatus.SERVICE_UNAVAILABLE, html, _ui_policy(nonce))
        elif embedded:  # in /compare, which shows the panel and reloads
            self._html(HTTPStatus.OK, served.html, _document_policy(None))
        else:
            self._html(
                HTTPStatus.OK, page.inject(served.html, panel, script), _document_policy(nonce)
            )

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-sent events: the version now, then each new one, until the client leaves."""
        hub = self.server.hub
        pages = frozenset(key for key in query.get("page", [])[:4] if _PAGE.fullmatch(key))
        with hub.listening(pages) as admitted:
            if not admitted:
                self._reply(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"Too many pages open\n")
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self._common_headers()
            self.end_headers()
            version = hub.version
            try:
                self.wfile.write(f"retry: {RETRY_MS}\nevent: version\ndata: {version}\n\n".encode())
                quiet = 0.0
                while not hub.closed:
                    new = hub.wait(version, POLL_SECONDS)
                    if hub.closed or self._client_left():
                        return
                    if new != version:
                        version, quiet = new, 0.0
                        self.wfile.write(f"event: version\ndata: {version}\n\n".encode())
                    else:
                        quiet += POLL_SECONDS
                        if quiet >= self.server.keepalive:
                            quiet = 0.0
                            self.wfile.write(b": keep-alive\n\n")
            except OSError:  # the client went away, or stopped reading
                return

    def _client_left(self) -> bool:
        """Whether the client closed its end (EventSource never sends after its request)."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return not self.connection.recv(1, socket.MSG_PEEK)
        except OSError:
            return True

    # --- replies --------------------------------------------------------------------------

    def _common_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")

    def _html(self, status: HTTPStatus, html: str, policy: str) -> None:
        self._reply(
            status,
            "text/html; charset=utf-8",
            html.encode(),
            extra={"Content-Security-Policy": policy},
        )

    def _reply(
        self,
        status: HTTPStatus,
        content_type: str,
        body: bytes,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _events(pages: list[str]) -> str:
    return "/events?" + urlencode([("page", key) for key in pages])


def _ui_policy(nonce: str) -> str:
    """The serve UI's pages: their own inline styles and script, frames of this server."""
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; "
        "connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def _document_policy(nonce: str | None) -> str:
    """A previewed document: as built, but only our script runs (none in /compare's frames)."""
    scripts = f"'nonce-{nonce}'" if nonce else "'none'"
    return (
        f"script-src {scripts}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'self'"
    )
