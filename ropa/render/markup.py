"""Markdown from declarations, made safe for each output.

Declarations may come from any pull request. In HTML, Markdown is rendered by Python-Markdown
and then sanitized by nh3 (an allow-list: raw HTML, scripts, images and event handlers go;
links keep only ``https:`` and ``mailto:``). In Markdown output, raw HTML is escaped and links or
images to any other scheme are reduced to their text.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

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


@cache
def _parser() -> markdown_lib.Markdown:
    """One Markdown parser, reset between texts (building one per text dominated big builds)."""
    return markdown_lib.Markdown(extensions=["sane_lists"], output_format="html")


@lru_cache(maxsize=4096)
def to_html(text: str) -> Markup:
    """Markdown → sanitized HTML fragment."""
    parser = _parser()
    html = parser.reset().convert(text)
    clean = nh3.clean(
        html,
        tags=set(_TAGS),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704  # sanitized by nh3 just above


_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


def _allowed(url: str) -> bool:
    scheme, colon, _ = url.partition(":")
    return bool(colon) and scheme.lower() in ALLOWED_SCHEMES


def to_markdown(text: str) -> str:
    """Markdown → Markdown safe to publish: no raw HTML, no image, only https/mailto links."""

    def link(match: re.Match[str]) -> str:
        image, label, url = match.groups()
        if image or not _allowed(url):
            return label
        return f"[{label}]({url})"

    def autolink(match: re.Match[str]) -> str:
        url = match.group(1)
        return f"<{url}>" if _allowed(url) else url.replace("<", "&lt;")

    text = _REFERENCE.sub(lambda m: m.group(0) if _allowed(m.group(1)) else "", text)
    text = _LINK.sub(link, text)
    text = _AUTOLINK.sub(
        lambda m: "\0" + autolink(m)[1:-1] + "\1" if _allowed(m.group(1)) else autolink(m), text
    )
    return text.replace("<", "&lt;").replace("\0", "<").replace("\1", ">")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that shows exactly that text (no markup, links or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")
