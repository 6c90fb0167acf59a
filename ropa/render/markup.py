"""Markdown from declarations, made safe for each output.

Declarations may come from any pull request. In HTML, Markdown is rendered by Python-Markdown
and then sanitized by nh3 (an allow-list: raw HTML, scripts, images and event handlers go;
links keep only ``https:`` and ``mailto:``). Markdown output is written back from that same
sanitized HTML by a writer that knows only the allowed tags, so nothing the sanitizer removed
can survive into a ``.md`` file either.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import ClassVar

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_SCHEMES = frozenset({"https", "mailto"})
_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "abbr",
    }
)
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@cache
def _parser() -> markdown_lib.Markdown:
    """One Markdown parser, reset between texts (building one per text dominated big builds)."""
    return markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")


# The policy and the register show the same texts, one after the other: the cache holds a large
# register's texts whole (a smaller one, read in order, would miss every time).
@lru_cache(maxsize=1 << 16)
def to_html(text: str) -> Markup:
    """Markdown → sanitized HTML fragment."""
    text = _CONTROL.sub("", text)
    html = _one_plain_line(text) or _parser().reset().convert(text)
    clean = nh3.clean(
        html,
        tags=set(_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704  # sanitized by nh3 just above


#: One line of plain text, where Markdown has nothing to do but ``**bold**`` (tests prove the
#: result is Python-Markdown's): most descriptions, converted without its machinery, which
#: took a third of a large register's HTML time.
_PLAIN_LINE = re.compile(r"[^\s\\`<>&\[\]!#|~_*=+-][^\n\t\\`<>&\[\]!#|~_*]*")
_STRONG = re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*")
_NUMBERED = re.compile(r"\d+[.)]")


def _one_plain_line(text: str) -> str | None:
    """``<p>...</p>`` for one plain line of text (bold allowed); None for anything else."""
    marked = _STRONG.sub("\x01\\1\x02", text)
    if text != text.rstrip() or not _PLAIN_LINE.fullmatch(marked) or _NUMBERED.match(text):
        return None
    return "<p>" + marked.replace("\x01", "<strong>").replace("\x02", "</strong>") + "</p>"


def to_markdown(text: str) -> str:
    """Markdown → Markdown safe to publish: no raw HTML, no image, only https/mailto links."""
    writer = _MarkdownWriter()
    writer.feed(str(to_html(text)))
    writer.close()
    return writer.result()


def _allowed(url: str) -> bool:
    scheme, colon, _ = url.partition(":")
    return bool(colon) and scheme.lower() in ALLOWED_SCHEMES


_LINK_UNSAFE = re.compile(r"[\s()<>\[\]\\]")
_FENCE = "`" * 3


class _MarkdownWriter(HTMLParser):
    """Writes the few tags ``to_html`` allows back as Markdown; every text is escaped."""

    _BLOCKS = frozenset({"p", "ul", "ol", "blockquote", "pre", "h3", "h4", "h5", "h6", "hr"})
    _INLINE: ClassVar[dict[str, str]] = {"strong": "**", "b": "**", "em": "*", "i": "*"}
    _HEADINGS = frozenset({"h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[str] = []
        self.links: list[str | None] = []
        self.in_pre = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS and not (tag in ("ul", "ol") and self.lists):
            self.parts.append("\n\n")
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            marker = "1." if self.lists and self.lists[-1] == "ol" else "-"
            self.parts.append("\n" + "  " * (len(self.lists) - 1) + marker + " ")
        elif tag in self._INLINE:
            self.parts.append(self._INLINE[tag])
        elif tag == "code" and not self.in_pre:
            self.parts.append("`")
        elif tag == "pre":
            self.in_pre = True
            self.parts.append(_FENCE + "\n")
        elif tag == "br":
            self.parts.append("  \n")
        elif tag == "hr":
            self.parts.append("---")
        elif tag == "blockquote":
            self.parts.append("> ")
        elif tag in self._HEADINGS:
            self.parts.append("#" * int(tag[1]) + " ")
        elif tag == "a":
            href = dict(attrs).get("href")
            self.links.append(href if href and _allowed(href) else None)
            if self.links[-1]:
                self.parts.append("[")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in self._INLINE:
            self.parts.append(self._INLINE[tag])
        elif tag == "code" and not self.in_pre:
            self.parts.append("`")
        elif tag == "pre":
            self.in_pre = False
            self.parts.append("\n" + _FENCE)
        elif tag == "a" and self.links:
            href = self.links.pop()
            if href:
                safe = _LINK_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", href)
                self.parts.append(f"]({safe})")

    def handle_data(self, data: str) -> None:
        if self.lists and not data.strip():
            return  # the line breaks between list items
        if self.in_pre:
            self.parts.append(data.replace(_FENCE, "'''"))
        else:
            self.parts.append(escape_markdown(data, keep_newlines=True))

    def result(self) -> str:
        return re.sub(r"\n{3,}", "\n\n", "".join(self.parts)).strip()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_markdown(text: str, *, keep_newlines: bool = False) -> str:
    """Plain text → Markdown that shows exactly that text (no markup, links or HTML)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", _CONTROL.sub("", text))
    return escaped if keep_newlines else escaped.replace("\n", " ")
