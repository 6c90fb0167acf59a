"""The policy fragment (``-f fragment``) pasted into another site's page: it is a well-formed
piece of HTML, its stylesheet restyles nothing of the host page, and the page still renders."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import tinycss2
from pypdf import PdfReader

from ropa.check import validate
from ropa.render import render
from ropa.render.environment import builtin_templates
from ropa.render.pdf import html_to_pdf
from tests.conftest import DATA, TODAY

VOID = {"br", "hr", "img", "meta", "link", "input", "wbr"}


class Balance(HTMLParser):
    """Records every tag left open or closed out of order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(tag)


def selectors(css: str) -> list[str]:
    """Every complex selector of ``css``, inside @media blocks too."""
    found: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            depth, current = 0, ""
            for char in tinycss2.serialize(rule.prelude):
                depth += {"(": 1, ")": -1}.get(char, 0)
                if char == "," and depth == 0:
                    found.append(current.strip())
                    current = ""
                else:
                    current += char
            found.append(current.strip())
        elif rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
            found += selectors(tinycss2.serialize(rule.content))
    return found


def fragment_files() -> tuple[str, str]:
    outputs = render(validate(DATA, TODAY).register, languages=["fr"], formats=["fragment"])
    return (
        outputs[Path("fr/policy.fragment.html")].decode(),
        outputs[Path("fr/policy.fragment.css")].decode(),
    )


def test_the_fragment_is_a_balanced_piece_of_html_with_unique_ids() -> None:
    fragment, _ = fragment_files()
    assert not re.search(r"<(!DOCTYPE|html|head|body|style|script)\b", fragment, re.IGNORECASE)
    assert fragment.lstrip().startswith('<div class="ropa-document" lang="fr">')
    parser = Balance()
    parser.feed(fragment)
    parser.close()
    assert parser.errors == []
    assert parser.open == []
    assert len(parser.ids) == len(set(parser.ids)) > 10


def test_its_stylesheet_only_styles_the_fragment() -> None:
    _, css = fragment_files()
    found = selectors(css)
    assert len(found) > 40
    assert [s for s in found if ".ropa-" not in s] == []
    assert "@page" not in css, "page rules belong to the host page"


def test_a_host_page_embedding_it_renders_with_its_own_styles() -> None:
    fragment, css = fragment_files()
    host = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Mon site</title>'
        f"<style>body {{ font-family: serif }} h1 {{ color: #c00 }}</style><style>{css}</style>"
        "</head><body><header><h1>Mon site de mariage</h1></header>"
        f"<main>{fragment}</main><footer>Mentions légales</footer></body></html>"
    )
    templates = builtin_templates()
    pdf = html_to_pdf(host, base=templates, allowed=[templates], day=TODAY)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    for words in ("Mon site de mariage", "Vos droits", "Mentions légales", "CNIL"):
        assert words in text


def test_the_scope_adds_no_specificity_so_user_stylesheets_still_win() -> None:
    _, css = fragment_files()
    scoped = [s for s in selectors(css) if ".ropa-document" in s and s != ".ropa-document"]
    assert scoped, "the document's element rules are scoped"
    assert [s for s in scoped if not s.startswith(":where(") and s != ".ropa-document.wide"] == []
    assert re.findall(r"var\(--[a-z]+\)", css) == [], "every colour has its default"
    style = (builtin_templates() / "style.css").read_text(encoding="utf-8")
    assert ":root {\n  --ink:" in style, "the page declares the colours where users override them"
