"""One browser tab, watched: every cookie, storage key and third-party request of the pages it
shows, and who set each cookie.

How a cookie was set is read from two sources, neither of which a page can hide from:

- *a header*: the raw ``Set-Cookie`` lines of every response (``Network.responseReceivedExtraInfo``,
  which carries them even for ``HttpOnly`` cookies), in the tab and in every frame and worker
  it holds (each attached with ``Target.setAutoAttach``, and paused until it is watched too);
- *a script*: ``document.cookie`` and ``cookieStore.set`` are wrapped, before any script of the
  page runs (``Page.addScriptToEvaluateOnNewDocument``), by a hook that reports the cookie and
  the script that wrote it (the first URL of the call stack) through a binding the page cannot
  reach once the hook has taken it.

The cookies themselves are read from the browser's cookie store after each page
(``Storage.getCookies``): what is recorded is what a visitor's browser keeps, with the
attributes the browser gave it. A cookie set and removed within one page is not recorded.
Storage keys come from ``DOMStorage`` events (added, removed, cleared), and are recorded as
they stand after each page.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from ropa.browser import Chromium, ProtocolError
from ropa.scan.result import (
    MAX_ITEMS,
    MAX_TEXT,
    CookieSeen,
    Party,
    RequestSeen,
    SetBy,
    StorageKind,
    StorageSeen,
)
from ropa.scan.sites import host, site

#: The name of the binding the hook reports through (taken off the page's global object).
BINDING = "__ropaSetCookie"

#: Runs first in every document of the tab. Dialogs and new windows are neutralised so that a
#: page can neither block the scan nor open another site.
HOOK = r"""
(() => {
  const report = globalThis.__BINDING__;
  if (typeof report !== "function") return;
  try { delete globalThis.__BINDING__; } catch (error) {}
  const script = () => {
    for (const line of String(new Error().stack || "").split("\n")) {
      const found = line.match(/((?:https?|file):\/\/[^\s()]+?):\d+:\d+\)?\s*$/);
      if (found) return found[1];
    }
    return "";
  };
  const send = (cookie) => {
    try {
      report(JSON.stringify({
        cookie: String(cookie).slice(0, 4096),
        frame: String(location.href).slice(0, 2048),
        script: script().slice(0, 2048),
      }));
    } catch (error) {}
  };
  const property = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (property && property.set) {
    Object.defineProperty(Document.prototype, "cookie", {
      configurable: true,
      enumerable: property.enumerable,
      get() { return property.get.call(this); },
      set(value) { send(value); property.set.call(this, value); },
    });
  }
  if (globalThis.CookieStore && CookieStore.prototype.set) {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (name, value) {
      const options = typeof name === "object" && name !== null ? name : {name, value};
      send(`${options.name}=${options.value ?? ""}` + (options.domain ? `; domain=${options.domain}` : ""));
      return set.apply(this, arguments);
    };
  }
  globalThis.open = () => null;
  globalThis.alert = () => {};
  globalThis.confirm = () => false;
  globalThis.prompt = () => null;
})();
""".replace("__BINDING__", BINDING)

#: The links of the page, as absolute URLs (those with ``download`` left out).
LINKS = """
Array.from(document.querySelectorAll("a[href], area[href]"), (a) =>
  a.hasAttribute("download") ? "" : String(a.href))
  .filter((href) => href && href.length <= 2048).slice(0, 5000)
"""

#: What the browser keeps of response bodies for the protocol: nothing the scan reads.
_NETWORK_BUFFERS = {"maxTotalBufferSize": 1 << 20, "maxResourceBufferSize": 1 << 16}
_PAYLOAD = 16_384
#: The notes of one phase, at most.
MAX_NOTES = 100
#: The last second a datetime can hold (9999-12-31T23:59:59Z).
_LAST = 253_402_300_799


def cookie_line(line: str) -> tuple[str, str | None]:
    """The name of the cookie a ``Set-Cookie`` line (or a ``document.cookie`` assignment) sets,
    and its ``Domain`` attribute, lower case without its leading dot (``None`` if absent)."""
    first, *attributes = line.split(";")
    name = first.split("=", 1)[0].strip() if "=" in first else ""
    domain = None
    for attribute in attributes:
        key, _, value = attribute.partition("=")
        if key.strip().lower() == "domain" and value.strip():
            domain = value.strip().lstrip(".").lower()
    return name, domain


@dataclass
class _Setters:
    """Who was seen setting cookies, by (name, host or domain): ``"*"`` stands for any host."""

    header: set[tuple[str, str]] = field(default_factory=set)
    script: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    scanner: set[tuple[str, str]] = field(default_factory=set)

    def of(self, name: str, domain: str) -> tuple[tuple[SetBy, ...], tuple[str, ...]]:
        """How the cookie ``name`` of ``domain`` was set, and the hosts of the scripts."""
        keys = [(name, domain.lstrip(".").lower()), (name, "*")]
        how: list[SetBy] = []
        if any(key in self.header for key in keys):
            how.append(SetBy.HEADER)
        scripts = sorted({h for key in keys for h in self.script.get(key, ())})
        if any(key in self.script for key in keys):
            how.append(SetBy.SCRIPT)
        if any(key in self.scanner for key in keys):
            how.append(SetBy.SCANNER)
        return tuple(how), tuple(scripts)


class Tab:
    """One tab of ``browser`` and everything it holds, watched from before its first page.

    ``may_navigate`` says whether the tab itself may go to a URL: a navigation of the tab to any
    other (a redirect, a script setting ``location``) is refused before a request is sent, and
    noted. Frames inside a page may come from anywhere: that is what the site loads.
    """

    def __init__(
        self,
        browser: Chromium,
        *,
        site_of_scan: str,
        may_navigate: Callable[[str], bool],
        page_bytes: int,
    ) -> None:
        self.browser = browser
        self.site = site_of_scan
        self.may_navigate = may_navigate
        self.page_bytes = page_bytes
        self.user_agent = str(browser.version.get("userAgent", "")).replace(
            "HeadlessChrome", "Chrome"
        )
        self.notes: list[str] = []
        self.page = ""
        self.cookies: dict[tuple[str, str, str], CookieSeen] = {}
        self.storage: dict[tuple[StorageKind, str, str], StorageSeen] = {}
        self.requests: dict[tuple[str, str], RequestSeen] = {}
        self._setters = _Setters()
        self._storage_now: dict[tuple[StorageKind, str], set[str]] = {}
        self._urls: dict[tuple[str, str], str] = {}
        self._pending: set[tuple[str, str]] = set()
        self._answers: dict[int, dict[str, Any]] = {}
        self._loaded = False
        self._bytes = 0
        self._over = False
        self._active = time.monotonic()
        self.target: str = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.session: str = browser.send(
            "Target.attachToTarget", targetId=self.target, flatten=True
        )["sessionId"]
        self._sessions = {self.session}
        self._watch(self.session, frames=True, main=True)

    def note(self, text: str) -> None:
        """Note what the scan could not do as asked (each once, a bounded number of them)."""
        text = text[:1000]
        if text not in self.notes and len(self.notes) < MAX_NOTES:
            self.notes.append(text)

    def _room(self, records: dict[Any, Any], what: str) -> bool:
        """Whether ``records`` may take one more; noted once when it may not."""
        if len(records) < MAX_ITEMS:
            return True
        self.note(f"recorded the first {MAX_ITEMS:,} {what} only")
        return False

    # --- watching ---------------------------------------------------------------------------

    def _watch(self, session: str, *, frames: bool, main: bool = False) -> None:
        """Enable what is watched in ``session`` (a tab or frame when ``frames``, else a
        worker). Only the tab must accept everything; a frame or worker may go away meanwhile."""
        steps: list[tuple[str, dict[str, Any]]] = []
        if frames:
            steps += [
                ("Page.enable", {}),
                ("Runtime.enable", {}),  # without it, the binding reports nothing
                ("Runtime.addBinding", {"name": BINDING}),
                ("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK, "runImmediately": True}),
                ("DOMStorage.enable", {}),
            ]
        steps += [
            ("Network.enable", _NETWORK_BUFFERS),
            ("Network.setUserAgentOverride", {"userAgent": self.user_agent}),
            (
                "Target.setAutoAttach",
                {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": True},
            ),
        ]
        if main:
            steps += [
                ("Network.setBypassServiceWorker", {"bypass": True}),
                (
                    "Fetch.enable",
                    {
                        "patterns": [
                            {
                                "urlPattern": "*",
                                "resourceType": "Document",
                                "requestStage": "Request",
                            }
                        ]
                    },
                ),
            ]
        for method, params in steps:
            if main:
                self.browser.command(method, params, session)
            else:
                with contextlib.suppress(ProtocolError):
                    self.browser.command(method, params, session)

    def handle(self, message: dict[str, Any]) -> None:
        """Take in one event (or the answer to a posted command)."""
        method = message.get("method")
        if method is None:
            number = message.get("id")
            if isinstance(number, int) and number in self._answers:
                self._answers[number] = message
            return
        params = message.get("params")
        if not isinstance(params, dict):
            return
        session = message.get("sessionId")
        handler = _HANDLERS.get(method)
        if handler is not None and (session in self._sessions or method in _BROWSER_EVENTS):
            getattr(self, handler)(str(session), params)

    def _attached(self, session: str, params: dict[str, Any]) -> None:
        child = str(params.get("sessionId", ""))
        info = params.get("targetInfo") or {}
        self._sessions.add(child)
        self._watch(child, frames=info.get("type") in ("iframe", "page"))
        with contextlib.suppress(ProtocolError):
            self.browser.command("Runtime.runIfWaitingForDebugger", None, child)

    def _detached(self, session: str, params: dict[str, Any]) -> None:
        self._sessions.discard(str(params.get("sessionId", "")))

    def _target_created(self, session: str, params: dict[str, Any]) -> None:
        info = params.get("targetInfo") or {}
        if info.get("type") == "page" and info.get("targetId") != self.target:
            self.browser.post("Target.closeTarget", {"targetId": info.get("targetId")})
            if info.get("openerId"):  # not the blank tab the browser starts with
                self.note(f"closed a window {self.page} opened")

    def _paused(self, session: str, params: dict[str, Any]) -> None:
        url = str((params.get("request") or {}).get("url", ""))
        request = params.get("requestId")
        if params.get("frameId") == self.target and not self.may_navigate(url):
            self.browser.post(
                "Fetch.failRequest",
                {"requestId": request, "errorReason": "BlockedByClient"},
                session,
            )
            self.note(f"refused to leave the site for {url[:300]} (from {self.page})")
        else:
            self.browser.post("Fetch.continueRequest", {"requestId": request}, session)

    def _request(self, session: str, params: dict[str, Any]) -> None:
        request = params.get("request") or {}
        url = str(request.get("url", ""))
        key = (session, str(params.get("requestId", "")))
        if len(self._urls) > 100_000:  # only the headers of a request in flight need its URL
            self._urls.clear()
        self._urls[key] = url
        self._pending.add(key)
        self._active = time.monotonic()
        name = host(url)
        # a navigation of the tab away from the site is refused before it is sent
        refused = (
            params.get("frameId") == self.target
            and params.get("type") == "Document"
            and not self.may_navigate(url)
        )
        if (
            not refused
            and url.split(":", 1)[0] in ("http", "https", "ws", "wss")
            and name
            and site(name) != self.site
        ):
            kind = str(params.get("type", "Other"))[:40]
            seen = self.requests.get((name, kind))
            if seen is None and not self._room(self.requests, "third-party hosts and types"):
                return
            count = 1 if seen is None else seen.count + 1
            self.requests[(name, kind)] = RequestSeen(
                name, kind, count, self.page if seen is None else seen.page
            )

    def _finished(self, session: str, params: dict[str, Any]) -> None:
        self._pending.discard((session, str(params.get("requestId", ""))))
        self._active = time.monotonic()

    def _data(self, session: str, params: dict[str, Any]) -> None:
        size = max(int(params.get("dataLength") or 0), int(params.get("encodedDataLength") or 0))
        self._bytes += size
        if self._bytes > self.page_bytes and not self._over:
            self._over = True
            self.browser.post("Page.stopLoading", None, self.session)
            self.note(f"stopped {self.page} after {self.page_bytes >> 20} MB of responses")

    def _response(self, session: str, params: dict[str, Any]) -> None:
        response = params.get("response") or {}
        status = response.get("status")
        if (
            params.get("type") == "Document"
            and params.get("frameId") == self.target
            and isinstance(status, int)
            and status >= 400
        ):
            self.note(f"{str(response.get('url', ''))[:300]} answered HTTP {status}")

    def _headers(self, session: str, params: dict[str, Any]) -> None:
        headers = params.get("headers") or {}
        if not isinstance(headers, dict):
            return
        url = self._urls.get((session, str(params.get("requestId", ""))), "")
        for name, value in headers.items():
            if str(name).lower() != "set-cookie":
                continue
            for line in str(value).split("\n"):
                cookie, domain = cookie_line(line)
                self._setters.header.add((cookie, domain or host(url) or "*"))

    def _binding(self, session: str, params: dict[str, Any]) -> None:
        payload = params.get("payload")
        if params.get("name") != BINDING or not isinstance(payload, str) or len(payload) > _PAYLOAD:
            return
        try:
            report = json.loads(payload)
        except ValueError:
            return
        if not isinstance(report, dict) or not all(isinstance(v, str) for v in report.values()):
            return
        cookie, domain = cookie_line(report.get("cookie", ""))
        frame = host(report.get("frame", ""))
        script = host(report.get("script", "")) or frame
        key = (cookie, domain or frame or "*")
        self._setters.script.setdefault(key, set()).add(script)

    def _storage_keys(self, params: dict[str, Any]) -> set[str]:
        place = params.get("storageId") or {}
        kind = StorageKind.LOCAL if place.get("isLocalStorage") else StorageKind.SESSION
        return self._storage_now.setdefault((kind, str(place.get("securityOrigin", ""))), set())

    def _storage_added(self, session: str, params: dict[str, Any]) -> None:
        key = params.get("key")
        keys = self._storage_keys(params)
        if isinstance(key, str) and len(keys) < MAX_ITEMS:
            keys.add(key[:MAX_TEXT])

    def _storage_removed(self, session: str, params: dict[str, Any]) -> None:
        self._storage_keys(params).discard(str(params.get("key")))

    def _storage_cleared(self, session: str, params: dict[str, Any]) -> None:
        self._storage_keys(params).clear()

    def _loaded_event(self, session: str, params: dict[str, Any]) -> None:
        if session == self.session:
            self._loaded = True

    def _dialog(self, session: str, params: dict[str, Any]) -> None:
        self.browser.post("Page.handleJavaScriptDialog", {"accept": False}, session)

    # --- driving ----------------------------------------------------------------------------

    def pump(self, until: float, done: Callable[[], bool] = lambda: False) -> bool:
        """Take in events until ``done()`` or the monotonic time ``until``; whether done."""
        while not done():
            left = until - time.monotonic()
            if left <= 0:
                return False
            message = self.browser.next_event(min(left, 0.25))
            if message is not None:
                self.handle(message)
        return True

    def navigate(self, url: str, *, load: float, settle: float, quiet: float, until: float) -> str:
        """Show ``url`` and let it settle; ``""``, or why it could not be shown."""
        self.page = url
        self._urls.clear()
        self._loaded = False
        self._over = False
        self._bytes = 0
        self._pending.clear()
        number = self.browser.post("Page.navigate", {"url": url}, self.session)
        self._answers[number] = {}
        deadline = min(time.monotonic() + load, until)
        answered = self.pump(deadline, lambda: bool(self._answers[number]))
        answer = self._answers.pop(number)
        if not answered:
            self.browser.post("Page.stopLoading", None, self.session)
            return f"did not answer within {load:.0f} s"
        error = answer.get("error") or (answer.get("result") or {}).get("errorText")
        if error:
            message = error.get("message", error) if isinstance(error, dict) else error
            return str(message)[:300]
        if not self.pump(deadline, lambda: self._loaded or self._over):
            self.browser.post("Page.stopLoading", None, self.session)
            self.note(f"{url} did not finish loading within {load:.0f} s")
        self.settle(settle=settle, quiet=quiet, until=until)
        return ""

    def settle(self, *, settle: float, quiet: float, until: float) -> None:
        """Let late scripts run: until no request has been in flight for ``quiet`` seconds, at
        most ``settle`` seconds."""
        deadline = min(time.monotonic() + settle, until)
        self._active = time.monotonic()  # what was just done (a click) may start requests yet
        self.pump(
            deadline,
            lambda: not self._pending and time.monotonic() - self._active >= quiet,
        )

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the tab's page (``ProtocolError`` if it throws)."""
        return self.browser.evaluate(self.session, expression)

    def links(self) -> list[str]:
        """The page's links, absolute."""
        try:
            found = self.evaluate(LINKS)
        except ProtocolError:
            return []
        return [str(link) for link in found] if isinstance(found, list) else []

    def set_cookie(self, name: str, value: str, url: str) -> None:
        """Set a cookie as the site would (``--consent-cookie``), before the first page."""
        self.browser.send(
            "Network.setCookie", self.session, name=name, value=value, url=url, path="/"
        )
        self._setters.scanner.add((name, host(url)))

    def click(self, x: float, y: float) -> None:
        """A real click of the left button at ``(x, y)`` (CSS pixels of the viewport)."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.browser.send(
                "Input.dispatchMouseEvent",
                self.session,
                type=kind,
                x=x,
                y=y,
                button="left",
                clickCount=1,
            )

    def collect(self) -> None:
        """Record what the browser holds after the page: cookies and storage keys."""
        now = datetime.now(UTC).replace(microsecond=0)
        cookies = self.browser.send("Storage.getCookies").get("cookies") or []
        for cookie in cookies if isinstance(cookies, list) else []:
            if isinstance(cookie, dict):
                self._cookie(cookie, now)
        for (kind, origin), keys in self._storage_now.items():
            party = Party.FIRST if site(host(origin)) == self.site else Party.THIRD
            for key in sorted(keys):
                if (kind, origin, key) not in self.storage and self._room(
                    self.storage, "storage keys"
                ):
                    self.storage[(kind, origin, key)] = StorageSeen(
                        kind, origin, key, party, self.page
                    )

    def _cookie(self, cookie: dict[str, Any], now: datetime) -> None:
        name, domain, path = (str(cookie.get(k, "")) for k in ("name", "domain", "path"))
        expires = cookie.get("expires")
        session = (
            bool(cookie.get("session")) or not isinstance(expires, int | float) or expires <= 0
        )
        until = None if session else datetime.fromtimestamp(min(int(expires), _LAST), UTC)  # type: ignore[arg-type]
        set_by, scripts = self._setters.of(name, domain)
        earlier = self.cookies.get((name, domain, path))
        if earlier is None and not self._room(self.cookies, "cookies"):
            return
        seen = CookieSeen(
            name=name,
            domain=domain,
            path=path,
            expires=until,
            seen=now,
            http_only=bool(cookie.get("httpOnly")),
            secure=bool(cookie.get("secure")),
            same_site=str(cookie.get("sameSite", ""))
            if cookie.get("sameSite") in ("Strict", "Lax", "None")
            else "",
            party=Party.FIRST if site(domain) == self.site else Party.THIRD,
            set_by=set_by,
            scripts=scripts,
            page=self.page if earlier is None else earlier.page,
        )
        if earlier is not None and not _lives_longer(seen, earlier):
            seen = replace(
                earlier,
                set_by=tuple(sorted(set(earlier.set_by) | set(set_by))),
                scripts=tuple(sorted(set(earlier.scripts) | set(scripts))),
            )
        self.cookies[(name, domain, path)] = seen


def _lives_longer(new: CookieSeen, old: CookieSeen) -> bool:
    """Whether ``new`` lives longer from when it was seen than ``old`` did (a session cookie
    made persistent counts)."""
    if new.lifetime is None:
        return False
    return old.lifetime is None or new.lifetime > old.lifetime


#: The method of :class:`Tab` that takes in each event watched.
_HANDLERS = {
    "Target.attachedToTarget": "_attached",
    "Target.detachedFromTarget": "_detached",
    "Target.targetCreated": "_target_created",
    "Fetch.requestPaused": "_paused",
    "Network.requestWillBeSent": "_request",
    "Network.loadingFinished": "_finished",
    "Network.loadingFailed": "_finished",
    "Network.dataReceived": "_data",
    "Network.responseReceived": "_response",
    "Network.responseReceivedExtraInfo": "_headers",
    "Runtime.bindingCalled": "_binding",
    "DOMStorage.domStorageItemAdded": "_storage_added",
    "DOMStorage.domStorageItemUpdated": "_storage_added",
    "DOMStorage.domStorageItemRemoved": "_storage_removed",
    "DOMStorage.domStorageItemsCleared": "_storage_cleared",
    "Page.loadEventFired": "_loaded_event",
    "Page.javascriptDialogOpening": "_dialog",
}
#: Events of the browser itself (no session): new windows.
_BROWSER_EVENTS = frozenset({"Target.targetCreated"})
