"""Accessibility, in a real browser and in the PDFs.

The policy and the register, in English and French, at a phone's width (390 px) and a desktop's
(1280 px), in headless Chromium (the DevTools-pipe client of ``test_browser``):

- axe-core finds no violation, with every rule of WCAG 2.0, 2.1 and 2.2 at levels A and AA and
  axe's best practices (``runOnly`` on their tags, :data:`AXE_TAGS`); its contrast rule runs on
  the page laid out at that width, and must have decided every text, not left some unsure;
- the first thing the Tab key reaches is a skip link, visible when focused, that moves the
  keyboard on to the main content;
- the Tab key goes through the page in the order of the document, every stop visibly
  focused, and no element has a positive tabindex (which would reorder it).

axe-core is the npm package's ``axe.min.js`` (MPL-2.0), fetched at test time from the npm
registry at a pinned version and checked against the package's pinned SHA-512 (npm's
``integrity``), then kept in pytest's cache folder (``.pytest_cache/d/axe-core/``, ignored by
Git), so that the repository carries no copy of a 550 kB minified third-party script. Offline
and without that cache, the axe test is skipped, except on CI (``CI`` set), where it fails.

The PDFs are tagged (PDF/UA-1): marked, a structure tree whose headings are the document's,
the document's language, and ``Tagged: yes`` for poppler's ``pdfinfo`` where it is installed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

from ropa.browser import Chromium
from ropa.check import validate
from ropa.render import render
from tests.conftest import DATA, TODAY

pytestmark = pytest.mark.slow

AXE_VERSION = "4.14.1"
AXE_URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
#: The tarball's ``dist.integrity`` in the npm registry (base64 SHA-512 of the .tgz).
AXE_SHA512 = (
    "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
#: Every rule of WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DOCUMENTS = ["en/policy.html", "fr/policy.html", "en/register.html", "fr/register.html"]
WIDTHS = [390, 1280]
#: How many stops of the Tab key are followed (the skip link, the contents, the first links).
TAB_STOPS = 25


def axe_script(cache: Path) -> str:
    """``axe.min.js`` of :data:`AXE_VERSION`, from the cache or the npm registry, checked."""
    tarball = cache / f"axe-core-{AXE_VERSION}.tgz"
    data = tarball.read_bytes() if tarball.exists() else None
    if data is None or not _intact(data):
        try:
            with urllib.request.urlopen(AXE_URL, timeout=60) as response:  # https, pinned
                data = response.read()
        except (urllib.error.URLError, OSError) as exc:
            message = f"axe-core {AXE_VERSION} is not cached and could not be fetched ({exc})"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        assert _intact(data), f"{AXE_URL} is not the package whose SHA-512 is pinned"
        partial = tarball.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(tarball)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as package:
        member = package.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode("utf-8")


def _intact(data: bytes) -> bool:
    return base64.b64encode(hashlib.sha512(data).digest()).decode() == AXE_SHA512


#: axe's findings, reduced to what a failure shows and the checks below need.
RUN_AXE = """
(async () => {
  await document.fonts.ready;
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: %s},
    resultTypes: ["violations", "incomplete"],
  });
  const nodes = (rule) => rule.nodes.slice(0, 5).map((node) => ({
    target: node.target.join(" "),
    summary: node.failureSummary || [...node.any, ...node.all, ...node.none]
      .map((check) => check.message).join("; "),
  }));
  const rule = (found) => ({
    id: found.id, impact: found.impact, help: found.help, url: found.helpUrl,
    count: found.nodes.length, nodes: nodes(found),
  });
  return {
    engine: result.testEngine.version,
    width: document.documentElement.clientWidth,
    violations: result.violations.map(rule),
    incomplete: result.incomplete.map(rule),
    passes: result.passes.map((rule) => rule.id),
  };
})()
"""


@pytest.fixture(scope="module")
def axe(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """axe-core's script, kept in pytest's cache (in a temporary folder without one)."""
    cache = getattr(request.config, "cache", None)  # none under -p no:cacheprovider
    return axe_script(cache.mkdir("axe-core") if cache else tmp_path_factory.mktemp("axe-core"))


def report(rules: list[dict[str, Any]]) -> str:
    """One line per rule (id, impact, help, count), then its first targets and why."""
    lines = []
    for rule in rules:
        lines.append(
            f"{rule['id']} ({rule['impact']}): {rule['help']} — {rule['count']} node(s), "
            f"{rule['url']}"
        )
        lines.extend(f"    {node['target']}: {node['summary']}" for node in rule["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_axe_finds_no_violation(
    browser: Chromium, pages: Path, axe: str, document: str, width: int
) -> None:
    session = browser.open((pages / document).as_uri(), width)
    try:
        browser.evaluate(session, axe + "\n;true")  # defines window.axe
        result = browser.evaluate(session, RUN_AXE % json.dumps(AXE_TAGS))
    finally:
        browser.send("Target.detachFromTarget", sessionId=session)
    assert result["engine"] == AXE_VERSION
    assert result["width"] == width, "axe saw the page laid out at the width asked for"
    assert result["violations"] == [], f"{document} at {width} px:\n{report(result['violations'])}"
    # the contrast of every text was measured on the page as laid out, and decided
    assert "color-contrast" in result["passes"], "axe's contrast rule did not run"
    unsure = [rule for rule in result["incomplete"] if rule["id"] == "color-contrast"]
    assert unsure == [], f"contrast left undecided:\n{report(unsure)}"


#: The elements the Tab key stops at, in the order of the document, each with a description;
#: kept in the page for :data:`FOCUSED`.
TABBABLE = """
(() => {
  const candidates = document.querySelectorAll(
    "a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], " +
    "[contenteditable]");
  window.ropaTabbable = [...candidates].filter((element) =>
    element.tabIndex >= 0 && !element.disabled && element.checkVisibility());
  return {
    order: window.ropaTabbable.map((element) => element.outerHTML.slice(0, 80)),
    positive: [...document.querySelectorAll("[tabindex]")]
      .filter((element) => element.tabIndex > 0).map((element) => element.outerHTML.slice(0, 80)),
  };
})()
"""
#: The element that has the focus: its place in the document's order, whether it shows it
#: (a focus ring), and where it lies against the viewport.
FOCUSED = """
(() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    index: window.ropaTabbable.indexOf(element),
    html: element.outerHTML.slice(0, 80),
    ring: element.matches(":focus-visible") &&
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 ||
       style.boxShadow !== "none"),
    inView: box.width > 1 && box.height > 1 && box.top < innerHeight && box.bottom > 0 &&
      box.left < innerWidth && box.right > 0,
    href: element.getAttribute("href"),
    inMain: element.closest("main") !== null,
  };
})()
"""


def press(browser: Chromium, session: str, key: str) -> None:
    """Press and release ``key`` (Tab or Enter) as a keyboard would."""
    code = {"Tab": 9, "Enter": 13}[key]
    text = {"Enter": "\r"}.get(key)
    down: dict[str, Any] = {"key": key, "code": key, "windowsVirtualKeyCode": code}
    if text:
        browser.send("Input.dispatchKeyEvent", session, type="keyDown", text=text, **down)
    else:
        browser.send("Input.dispatchKeyEvent", session, type="rawKeyDown", **down)
    browser.send("Input.dispatchKeyEvent", session, type="keyUp", **down)


@contextlib.contextmanager
def keyboard(browser: Chromium, page: Path, width: int) -> Iterator[str]:
    """A tab showing ``page`` at ``width``, focused as the window a reader types in; its
    session."""
    session = browser.open(page.as_uri(), width)
    try:
        browser.send("Emulation.setFocusEmulationEnabled", session, enabled=True)
        yield session
    finally:
        browser.send("Target.detachFromTarget", sessionId=session)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_first_tab_reaches_a_skip_link_to_the_main_content(
    browser: Chromium, pages: Path, document: str, width: int
) -> None:
    with keyboard(browser, pages / document, width) as tab:
        browser.evaluate(tab, TABBABLE)
        press(browser, tab, "Tab")
        skip = browser.evaluate(tab, FOCUSED)
        target = browser.evaluate(tab, "document.getElementById('main')?.tagName")
        press(browser, tab, "Enter")
        hash_after = browser.evaluate(tab, "location.hash")
        press(browser, tab, "Tab")
        after = browser.evaluate(tab, FOCUSED)
        first_in_main = browser.evaluate(
            tab, "window.ropaTabbable.findIndex((element) => element.closest('main'))"
        )
    assert skip["index"] == 0, f"the first Tab reached {skip['html']}"
    assert skip["href"] == "#main", skip["html"]
    assert not skip["inMain"], "the skip link comes before the main content"
    assert skip["ring"], "the skip link shows that it has the focus"
    assert skip["inView"], "the skip link shows when it has the focus"
    assert target == "MAIN", "the skip link leads to the <main> element"
    assert hash_after == "#main"
    assert first_in_main > 0
    assert after["index"] == first_in_main, f"after the skip link, Tab reached {after['html']}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_tab_key_follows_the_document_and_shows_where_it_is(
    browser: Chromium, pages: Path, document: str, width: int
) -> None:
    with keyboard(browser, pages / document, width) as tab:
        tabbable = browser.evaluate(tab, TABBABLE)
        stops = min(TAB_STOPS, len(tabbable["order"]))
        focused = []
        for _ in range(stops):
            press(browser, tab, "Tab")
            focused.append(browser.evaluate(tab, FOCUSED))
    assert tabbable["positive"] == [], "a positive tabindex reorders the page"
    assert stops > 5, "the skip link and the contents, at least"
    for stop in focused:
        assert stop["ring"], f"no visible focus on {stop['html']}"
        assert stop["inView"], f"{stop['html']} has the focus out of sight"
    order = [stop["index"] for stop in focused]
    assert order == list(range(stops)), [stop["html"] for stop in focused]


# --- The PDFs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents() -> dict[Path, bytes]:
    """The example's PDFs, with the HTML they are made from."""
    register = validate(DATA, TODAY).register
    return render(register, languages=["en", "fr"], formats=["html", "pdf"])


def kids(element: DictionaryObject) -> list[Any]:
    """What ``element`` holds (its ``/K``: elements, marked-content ids), resolved."""
    held = element.get("/K")
    if held is None:
        return []
    return [kid.get_object() for kid in (held if isinstance(held, ArrayObject) else [held])]


def elements(parent: DictionaryObject) -> Iterator[DictionaryObject]:
    """Every structure element under ``parent``, in the order of the document."""
    for kid in kids(parent):
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield kid
            yield from elements(kid)


def contents(element: DictionaryObject) -> Iterator[tuple[int, int]]:
    """The marked content of ``element`` and of the elements under it: (page's object
    number, marked-content id)."""
    for kid in kids(element):
        if isinstance(kid, int):
            yield element.raw_get("/Pg").idnum, kid
        elif isinstance(kid, DictionaryObject) and "/S" in kid:
            yield from contents(kid)


def marked_text(page: PageObject) -> dict[int, str]:
    """The text of each marked-content sequence of ``page``, by its id (MCID)."""
    texts: dict[int, str] = {}
    open_ids: list[int | None] = []

    def operator(name: bytes, operands: list[Any], *_: Any) -> None:
        if name == b"BDC":
            properties = operands[1] if len(operands) > 1 else None
            found = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
            open_ids.append(None if found is None else int(found))
        elif name == b"BMC":
            open_ids.append(None)
        elif name == b"EMC" and open_ids:
            open_ids.pop()

    def text(shown: str, *_: Any) -> None:
        mcid = next((found for found in reversed(open_ids) if found is not None), None)
        if mcid is not None and shown:
            texts[mcid] = texts.get(mcid, "") + shown

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return texts


def pdf_headings(reader: PdfReader) -> list[tuple[str, str]]:
    """The headings of the structure tree, in order: (``h1``..., their text on one line)."""
    pages = {
        page.indirect_reference.idnum: page for page in reader.pages if page.indirect_reference
    }
    tree = reader.root_object["/StructTreeRoot"].get_object()
    assert isinstance(tree, DictionaryObject), "the PDF has a structure tree"
    texts: dict[int, dict[int, str]] = {}
    found = []
    for element in elements(tree):
        kind = str(element["/S"]).lstrip("/")
        if re.fullmatch(r"H[1-6]", kind):
            parts = []
            for page, mcid in contents(element):
                if page not in texts:
                    texts[page] = marked_text(pages[page])
                parts.append(texts[page].get(mcid, ""))
            found.append((kind.lower(), " ".join(" ".join(parts).split())))
    return found


def html_headings(page: str) -> list[tuple[str, str]]:
    """The headings of an HTML document, in order: (``h1``..., their text on one line)."""
    return [
        (f"h{level}", " ".join(html.unescape(re.sub(r"<[^>]*>", "", inner)).split()))
        for level, inner in re.findall(r"<h([1-6])\b[^>]*>(.*?)</h\1>", page, re.DOTALL)
    ]


@pytest.mark.parametrize("name", ["policy", "register"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pdf_is_tagged_with_the_documents_headings_and_language(
    documents: dict[Path, bytes], lang: str, name: str, tmp_path: Path
) -> None:
    pdf = documents[Path(lang) / f"{name}.pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    root: Any = reader.root_object
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(root["/Lang"]) == lang
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_data(), "declared PDF/UA-1"
    headings = pdf_headings(reader)
    expected = html_headings(documents[Path(lang) / f"{name}.html"].decode())
    assert headings[0][0] == "h1", "the title is the first heading"
    assert headings[0] == expected[0]
    assert headings == expected, "the PDF's headings are the document's, in order"
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:  # poppler-utils
        (tmp_path / "document.pdf").write_bytes(pdf)
        info = subprocess.run(
            [pdfinfo, tmp_path / "document.pdf"], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
