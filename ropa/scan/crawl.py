"""The visit: headless Chromium on the site, before consent and, when told how, after it.

Each phase starts a fresh browser with an empty profile in a temporary folder (removed after),
which is also the browser's home: nothing of the visit is written anywhere else. Downloads are
denied, new windows closed, dialogs dismissed, and the tab may only go to pages of the scanned
site: a redirect or a script that would take it to another site is refused before its request
is sent. Links are followed on the scanned origin only (the URL's, after any redirect within
its site), breadth first, up to ``--pages`` of them; the second phase visits the pages the
first visited, so that before and after compare like with like. Time is bounded per page, for
late scripts after each page, and for the whole scan; bytes are bounded per page.

The browser allows third-party cookies, as Chrome does by default: the scan sees the most a
site sets.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from ropa.browser import Chromium, ProtocolError
from ropa.display import shown
from ropa.scan.observe import Tab
from ropa.scan.result import Phase, Scan
from ropa.scan.sites import host, origin, site

#: The longest URL scanned (links longer than this are not followed).
MAX_URL = 2048
#: Links to files rather than pages are not followed.
_FILES = (".pdf", ".zip", ".gz", ".dmg", ".exe", ".msi", ".doc", ".docx", ".xls", ".xlsx",
          ".ppt", ".pptx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
          ".mp3", ".mp4", ".webm", ".avi", ".mov")  # fmt: skip
#: The browser's settings: third-party cookies allowed (Chromium's headless default blocks
#: them), pop-ups, notifications and geolocation refused.
PREFERENCES = {
    "profile": {
        "cookie_controls_mode": 0,
        "block_third_party_cookies": False,
        "default_content_setting_values": {"popups": 2, "notifications": 2, "geolocation": 2},
    }
}


class ScanError(Exception):
    """The scan could not be done as asked (the site unreachable, the consent button not
    found); the message is one line."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The scan's bounds, in seconds and bytes."""

    #: Links followed beyond the URL (``--pages``).
    pages: int = 5
    #: For a page to load.
    load: float = 30.0
    #: At most, after a page has loaded, for its late scripts and requests.
    settle: float = 8.0
    #: A page has settled when no request has been in flight for this long.
    quiet: float = 1.0
    #: For the element of ``--accept-selector`` to appear.
    consent: float = 10.0
    #: The whole scan, both phases.
    total: float = 300.0
    #: What one page may receive.
    page_bytes: int = 50 * 1024 * 1024
    #: For one answer of the browser.
    answer: float = 30.0


@dataclass(frozen=True, slots=True)
class Consent:
    """How to consent in the second phase: click ``selector``, or set ``cookie`` (name, value)."""

    selector: str | None = None
    cookie: tuple[str, str] | None = None

    @property
    def option(self) -> str:
        """As the command line gave it (a cookie's value left out)."""
        if self.selector is not None:
            return f"--accept-selector {self.selector}"
        assert self.cookie is not None
        return f"--consent-cookie {self.cookie[0]}"


def check_url(url: str) -> str:
    """``url`` if the scan can start from it: an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # a bad port raises here
    except ValueError:
        raise ScanError(f"not a URL: {shown(url)}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ScanError(f"ropa scan visits http:// and https:// URLs, not {shown(url)}")
    if len(url) > MAX_URL:
        raise ScanError(f"a URL of at most {MAX_URL:,} characters, not {len(url):,}")
    return url


def _page(link: str) -> str:
    return urldefrag(link)[0]


def scan(
    url: str,
    *,
    executable: str,
    consent: Consent | None = None,
    limits: Limits | None = None,
    note: Callable[[str], None] = lambda text: None,
) -> Scan:
    """Visit ``url`` (and up to ``limits.pages`` links of its origin) before consent, then
    after it when ``consent`` says how; ``note`` hears how the browser runs (its sandbox)."""
    limits = limits or Limits()
    check_url(url)
    started = datetime.now(UTC).replace(microsecond=0)
    start = time.monotonic()
    share = limits.total / (2 if consent else 1)
    before, browser_name = _phase(
        url,
        executable=executable,
        limits=limits,
        consent=None,
        pages=None,
        until=start + share,
        note=note,
    )
    phases = [before]
    if consent is not None:
        after, _ = _phase(
            url,
            executable=executable,
            limits=limits,
            consent=consent,
            pages=list(before.pages),
            until=start + limits.total,
            note=lambda _: None,
        )
        phases.append(after)
    return Scan(
        url=url,
        started=started,
        browser=browser_name,
        consent=consent.option if consent else "",
        phases=tuple(phases),
    )


def _phase(
    url: str,
    *,
    executable: str,
    limits: Limits,
    consent: Consent | None,
    pages: list[str] | None,
    until: float,
    note: Callable[[str], None],
) -> tuple[Phase, str]:
    """One visit in a fresh browser: ``pages`` in order, or those found by following links
    from ``url`` when ``None``; the phase and the browser's version."""
    own_site = site(host(url))
    with tempfile.TemporaryDirectory(prefix="ropa-scan-") as folder:
        profile = Path(folder) / "profile"
        (profile / "Default").mkdir(parents=True)
        (profile / "Default" / "Preferences").write_text(json.dumps(PREFERENCES), encoding="utf-8")
        with Chromium(
            executable, profile, timeout=limits.answer, flags=("--window-size=1280,900",)
        ) as browser:
            if browser.note:
                note(browser.note)
            browser.send("Browser.setDownloadBehavior", behavior="deny")
            browser.send("Target.setDiscoverTargets", discover=True)
            tab = Tab(
                browser,
                site_of_scan=own_site,
                may_navigate=lambda link: (
                    urlsplit(link).scheme in ("http", "https") and site(host(link)) == own_site
                ),
                page_bytes=limits.page_bytes,
            )
            if consent is not None and consent.cookie is not None:
                tab.set_cookie(*consent.cookie, url)
            visited = _visit(tab, url, limits=limits, consent=consent, pages=pages, until=until)
            phase = Phase(
                consented=consent is not None,
                pages=tuple(visited),
                cookies=tuple(
                    sorted(tab.cookies.values(), key=lambda c: (c.name, c.domain, c.path))
                ),
                storage=tuple(
                    sorted(tab.storage.values(), key=lambda s: (s.kind, s.origin, s.key))
                ),
                requests=tuple(sorted(tab.requests.values(), key=lambda r: (r.host, r.type))),
                notes=tuple(dict.fromkeys(tab.notes)),
            )
            return phase, str(browser.version.get("product", ""))


def _visit(
    tab: Tab,
    url: str,
    *,
    limits: Limits,
    consent: Consent | None,
    pages: list[str] | None,
    until: float,
) -> list[str]:
    queue = list(pages) if pages is not None else [_page(url)]
    follow = pages is None
    visited: list[str] = []
    crawled = origin(url)
    while queue and len(visited) < 1 + limits.pages:
        if time.monotonic() >= until:
            tab.note(
                f"stopped at the scan's time limit ({limits.total:.0f} s): "
                f"{len(queue)} page{'' if len(queue) == 1 else 's'} not visited"
            )
            break
        page = queue.pop(0)
        error = tab.navigate(
            page, load=limits.load, settle=limits.settle, quiet=limits.quiet, until=until
        )
        if error:
            if not visited:
                raise ScanError(f"cannot load {shown(page)}: {error}")
            tab.note(f"{page} could not be loaded: {error}")
            continue
        if not visited:
            with contextlib.suppress(ProtocolError):
                crawled = origin(str(tab.evaluate("location.href") or url))
        visited.append(page)
        if len(visited) == 1 and consent is not None and consent.selector is not None:
            _accept(tab, consent.selector, limits, until)
        tab.collect()
        if follow:
            for link in tab.links():
                found = _page(link)
                if (
                    len(found) <= MAX_URL
                    and origin(found) == crawled
                    and found not in visited
                    and found not in queue
                    and not urlsplit(found).path.lower().endswith(_FILES)
                ):
                    queue.append(found)
    return visited


#: Where the consent element is, once scrolled into view: its centre, and whether a click
#: there reaches it (and not something laid over it).
_FIND = """(() => {
  const element = document.querySelector(%s);
  if (!element) return null;
  element.scrollIntoView({block: "center", inline: "center"});
  const box = element.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  return [x, y, Boolean(hit && (hit === element || element.contains(hit)))];
})()"""


def _accept(tab: Tab, selector: str, limits: Limits, until: float) -> None:
    """Click the element ``selector`` names (waiting for it to appear), then let the page
    settle: what consent loads is then in the browser."""
    find = _FIND % json.dumps(selector)
    deadline = min(time.monotonic() + limits.consent, until)
    while True:
        try:
            found = tab.evaluate(find)
        except ProtocolError as exc:
            if "SyntaxError" in str(exc) or "not a valid selector" in str(exc):
                raise ScanError(
                    f"--accept-selector: '{shown(selector)}' is not a valid CSS selector"
                ) from None
            raise ScanError(f"--accept-selector: the page refused it: {exc}") from None
        if isinstance(found, list) and len(found) == 3:
            break
        if time.monotonic() >= deadline:
            raise ScanError(
                f"--accept-selector: nothing on {shown(tab.page)} matches '{shown(selector)}' "
                f"(waited {limits.consent:.0f} s)"
            )
        tab.pump(min(time.monotonic() + 0.25, deadline))
    x, y, reachable = found
    if reachable:
        tab.click(float(x), float(y))
    else:  # covered, or without a box: the element's own click
        tab.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
    # what consent loads may take a moment to start: a longer quiet than after a page
    tab.settle(settle=limits.settle, quiet=max(limits.quiet, 2.0), until=until)
