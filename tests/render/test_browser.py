"""The HTML documents in a real browser: headless Chromium at a phone's width (390 px) and a
desktop's (1280 px). The page never scrolls sideways, and no word of a table is cut across lines
(the stacked rows of a phone keep each word whole).

Chromium is driven through its DevTools protocol on a pipe by ``ropa.browser`` (the client
``ropa scan`` runs): no port, no websocket, nothing to install from PyPI, and the phone's width
is set exactly (a headless window is never narrower than 500 px). Where Chromium is missing,
the test installs Debian's package if it runs as root (as CI does), and is skipped only if it
cannot; on CI (``CI`` set) it fails instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ropa.browser import Chromium
from tests.render.conftest import chromium_executable

pytestmark = pytest.mark.slow

__all__ = ["Chromium", "chromium_executable"]  # test_accessibility drives the same browser


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
