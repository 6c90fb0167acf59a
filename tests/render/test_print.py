"""The PDFs as print: set in the fonts shipped with the templates, whatever the machine has (the
same bytes without any system font); proper names whole; a heading or a caption never alone at
the foot of a page; the organisation's website a link in every form of the policy."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ropa.check import validate
from ropa.model.recipients import RecipientRole
from ropa.render import render
from ropa.render.environment import builtin_templates
from ropa.render.i18n import Lang
from ropa.render.pdf import html_to_pdf
from tests.casefiles import validate_overlay
from tests.conftest import DATA, ROOT, TODAY

pytestmark = pytest.mark.slow

FONTS = builtin_templates() / "fonts"
SHIPPED = re.compile(r"^[A-Z]{6}\+ropa-Noto-Sans(-[A-Za-z-]+)?$")  # a subset of a shipped face


@pytest.fixture(scope="module")
def outputs() -> dict[Path, bytes]:
    register = validate(DATA, TODAY).register
    return render(register, languages=["en", "fr"], formats=["pdf", "html", "md"])


def fonts_of(pdf: bytes) -> set[str]:
    """The name of every font the PDF's pages use, in their forms (XObjects) too."""
    found: set[str] = set()

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            return
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return found


def text_of(pdf: bytes) -> str:
    """The PDF's text on one line: a line break is a space, so that a word hyphenated at the end
    of a line shows as "Plat‐ forms" (WeasyPrint hyphenates with U+2010 HYPHEN)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


@pytest.mark.parametrize("name", ["policy.pdf", "register.pdf"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_glyph_comes_from_the_shipped_fonts(
    outputs: dict[Path, bytes], lang: str, name: str
) -> None:
    fonts = fonts_of(outputs[Path(lang) / name])
    assert fonts, "the PDF embeds its fonts"
    assert {font for font in fonts if not SHIPPED.match(font)} == set(), "a glyph fell back"


#: Renders the French policy's PDF into argv[1], in a process of its own (its environment
#: decides which fonts fontconfig sees).
BUILD = """
import sys
from datetime import date
from pathlib import Path
from ropa.check import validate
from ropa.model.recipients import RecipientRole
from ropa.render import Job
from ropa.render.i18n import Lang
register = validate(Path(sys.argv[2]), date.fromisoformat(sys.argv[3])).register
job = Job(register, Lang("fr", register.policy.default_language), None)
Path(sys.argv[1]).write_bytes(job.pdf("policy.html.j2", job.policy_title))
"""


def fontconfig(folder: Path, fonts: list[Path]) -> dict[str, str]:
    """An environment whose fontconfig sees ``fonts`` only (none at all if empty)."""
    (folder / "fonts").mkdir()
    for font in fonts:
        shutil.copy(font, folder / "fonts")
    (folder / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{folder / 'fonts'}</dir><cachedir>{folder / 'cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")}


@pytest.mark.parametrize(
    "system_fonts",
    [
        pytest.param([], id="no-font-at-all"),
        # the same family name as the shipped font: it must not stand in for it
        pytest.param(sorted(FONTS.glob("NotoSans-*.ttf")), id="noto-sans-installed"),
    ],
)
def test_the_pdf_is_the_same_whatever_fonts_the_machine_has(
    outputs: dict[Path, bytes], tmp_path: Path, system_fonts: list[Path]
) -> None:
    env = fontconfig(tmp_path, system_fonts)
    listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=False)
    assert len(listed.stdout.splitlines()) == len(system_fonts), "fontconfig sees these only"
    pdf = tmp_path / "policy.pdf"
    result = subprocess.run(
        [sys.executable, "-c", BUILD, pdf, DATA, TODAY.isoformat()],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes() == outputs[Path("fr/policy.pdf")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_proper_names_are_never_hyphenated(outputs: dict[Path, bytes], lang: str) -> None:
    register = validate(DATA, TODAY).register
    language = Lang(lang, lang)
    # the organisations' names (an internal department or "the public" is no proper name)
    names = {
        language.text(r.name)
        for r in register.recipients.values()
        if r.role not in {RecipientRole.INTERNAL, RecipientRole.AUTHORITY, RecipientRole.PUBLIC}
    }
    names |= {cookie.id for cookie in register.cookies.values()}
    # each name as the PDF's text may show it: its spaces any line break, and a hyphen
    # (U+2010) and a line break possible after any letter
    shown = [
        r"\s+".join("(?:\u2010 )?".join(map(re.escape, word)) for word in name.split())
        for name in sorted(names)
    ]
    for document in ("policy.pdf", "register.pdf"):
        text = text_of(outputs[Path(lang) / document])
        found = [match for pattern in shown for match in re.findall(pattern, text)]
        assert len(found) > len(names), "the names are found, whole or not"
        assert [name for name in found if "\u2010" in name] == [], f"{document}: names hyphenated"


#: One page per case: a spacer of ``height`` points, then a heading, maybe a paragraph, and a
#: table; the cases move the heading down the page in small steps, past its foot.
CASE = (
    '<section style="break-before: page"><div style="height: {height}pt"></div>'
    "<{tag}>H{case:03}</{tag}>{intro}"
    '<div class="ropa-table-wrap"><table><caption>C{case:03}</caption>'
    '<thead><tr><th scope="col">Name</th><th scope="col">Value</th></tr></thead><tbody>'
    '<tr><th scope="row">R{case:03}</th><td>first</td></tr>'
    '<tr><th scope="row">S{case:03}</th><td>second</td></tr></tbody></table></div></section>'
)


def test_a_heading_or_a_caption_never_ends_a_page() -> None:
    cases = [
        (tag, intro, height)
        for tag, intro in (("h2", ""), ("h4", "<p>P{case:03}</p>"))
        for height in range(592, 740, 8)
    ]
    sections = "".join(
        CASE.format(case=case, tag=tag, intro=intro.format(case=case), height=height)
        for case, (tag, intro, height) in enumerate(cases)
    )
    style = (builtin_templates() / "document.css").read_text(encoding="utf-8")
    html = (
        f'<html lang="en"><head><style>{style}\n@page {{ size: A4; margin: 20mm }}</style>'
        f'</head><body><main class="ropa-document">{sections}</main></body></html>'
    )
    pdf = html_to_pdf(html, base=builtin_templates(), allowed=[], day=date(2026, 1, 1))
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    def page(marker: str) -> int:
        return next(number for number, text in enumerate(pages) if marker in text)

    for case, (_, intro, _) in enumerate(cases):
        after_heading = f"P{case:03}" if intro else f"C{case:03}"
        assert page(f"H{case:03}") == page(after_heading), f"case {case}: the heading ends a page"
        assert page(f"C{case:03}") == page(f"R{case:03}"), f"case {case}: the caption is alone"


def test_the_website_is_a_link_in_every_form_of_the_policy(outputs: dict[Path, bytes]) -> None:
    site = "https://www.mylittleday.fr"
    assert f'<a href="{site}">{site}</a>' in outputs[Path("fr/policy.html")].decode()
    assert f"<{site}>" in outputs[Path("fr/policy.md")].decode()
    links = [
        annotation.get_object()["/A"].get("/URI")
        for page in PdfReader(io.BytesIO(outputs[Path("fr/policy.pdf")])).pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert site in links


@pytest.mark.parametrize(
    ("website", "href"),
    [
        ("www.example.org", "https://www.example.org"),
        ("HTTP://example.org/a", "HTTP://example.org/a"),
        ("javascript:alert(1)", None),
        ("example.org and more", None),
    ],
)
def test_only_a_web_address_becomes_a_link(tmp_path: Path, website: str, href: str | None) -> None:
    report, _ = validate_overlay(tmp_path, {"organization": {"website": website}})
    assert report.register is not None
    outputs = render(report.register, languages=["en"], formats=["html", "md"])
    html = outputs[Path("en/policy.html")].decode()
    markdown = outputs[Path("en/policy.md")].decode()
    if href is None:
        assert f"Website</dt><dd>{website}</dd>" in html
        assert f"**Website**: {website}\n" in markdown
    else:
        assert f'<a href="{href}">{website}</a>' in html
        assert f"**Website**: <{href}>\n" in markdown
