"""A small site for ``ropa scan``, served by the tests on loopback addresses.

- ``127.0.0.1`` is the site: its first page sets an ``HttpOnly`` session cookie and a cookie of
  a year by ``Set-Cookie`` headers, a cookie of 30 days by script, a localStorage and a
  sessionStorage key, shows a consent banner whose button sets a consent cookie and then loads
  a tracker, and links to a second page (which sets one more cookie) and to another site; the
  second page links to ``/go``, which redirects to the other site;
- ``127.0.0.2`` looks like a third party: an image of it sets its own cookie (by header, a
  third-party cookie), and its tracker script writes a first-party cookie of the site;
- ``127.0.0.3`` is the other site the first page links to and ``/go`` redirects to: the scan
  must never visit it.

Three addresses, not three ports of one: cookies ignore ports, so another port of 127.0.0.1
would be the same site (and ``localhost`` yet another one).
"""

from __future__ import annotations

import http.server
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import cast

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The shop</title>
<script>
  document.cookie = "theme=dark; max-age=2592000; path=/";
  localStorage.setItem("cart", "[]");
  sessionStorage.setItem("tab", "1");
  function loadTracker() {
    const script = document.createElement("script");
    script.src = "THIRD/tracker.js";
    document.head.append(script);
  }
  if (document.cookie.split("; ").includes("consent=yes")) loadTracker();
</script></head>
<body>
<img src="THIRD/pixel.gif" alt="">
<div id="banner"><p>We would like to measure our audience.</p>
<button id="accept" type="button">Accept</button></div>
<script>
  document.getElementById("accept").addEventListener("click", () => {
    document.cookie = "consent=yes; max-age=15552000; path=/";
    document.getElementById("banner").remove();
    loadTracker();
  });
</script>
<p><a href="/second.html">Our second page</a> and <a href="OTHER/">another site</a>.</p>
</body></html>
"""

SECOND = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Second</title></head>
<body><p>The second page. <a href="/">Home</a>, <a href="/go">our partner</a>.</p></body></html>
"""


@dataclass
class Site:
    """The three servers' addresses, and every request they received (host, path)."""

    url: str
    third: str
    other: str
    requests: list[tuple[str, str]] = field(default_factory=list)

    def paths(self, address: str) -> list[str]:
        return [path for host, path in self.requests if host == address]


def _address(server: socketserver.BaseServer) -> tuple[str, int]:
    host, port = cast(tuple[str, int], server.server_address)
    return host, port


def _handler(site: Site, lock: threading.Lock) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet tests
            pass

        def _send(self, kind: str, body: str, cookies: tuple[str, ...] = ()) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            for cookie in cookies:
                self.send_header("Set-Cookie", cookie)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            address = _address(self.server)[0]
            with lock:
                site.requests.append((address, self.path))
            if address == "127.0.0.1" and self.path == "/":
                page = PAGE.replace("THIRD", site.third).replace("OTHER", site.other)
                self._send(
                    "text/html",
                    page,
                    (
                        "session_id=s1; HttpOnly; Path=/; SameSite=Lax",
                        "lang=en; Max-Age=31536000; Path=/",
                    ),
                )
            elif address == "127.0.0.1" and self.path == "/second.html":
                self._send("text/html", SECOND, ("recent=1; Path=/",))
            elif address == "127.0.0.1" and self.path == "/go":  # a redirect to another site
                self.send_response(302)
                self.send_header("Location", f"{site.other}/landing")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif address == "127.0.0.2" and self.path == "/pixel.gif":
                self._send(
                    "image/gif",
                    "GIF89a",
                    ("tp_id=t1; Max-Age=15552000; Path=/; SameSite=None; Secure",),
                )
            elif address == "127.0.0.2" and self.path == "/tracker.js":
                self._send(
                    "text/javascript", 'document.cookie = "_trk=u1; max-age=31536000; path=/";'
                )
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

    return Handler


@contextmanager
def serving() -> Iterator[Site]:
    """The site, its third party and the other site, each on its loopback address."""
    servers = []
    site = Site("", "", "")
    lock = threading.Lock()
    handler = _handler(site, lock)
    for address in ("127.0.0.1", "127.0.0.2", "127.0.0.3"):
        server = http.server.ThreadingHTTPServer((address, 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    site.url, site.third, site.other = ("http://{}:{}".format(*_address(s)) for s in servers)
    site.url += "/"
    try:
        yield site
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
