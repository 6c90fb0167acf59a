"""A user's templates folder is a closed world and a sandbox; the PDF survives endless words.

A templates folder may come from the same pull request as the declarations: its links are never
followed (by Jinja or by WeasyPrint), its templates cannot reach Python's internals or the file
system, and what they get wrong is one line naming the template and its line.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from datetime import date
from pathlib import Path, PurePath, PurePosixPath
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import TemplateNotFound
from pypdf import PdfReader
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.render import RenderError, render
from ropa.render import environment as environment_module
from ropa.render.document import Document
from ropa.render.environment import (
    FolderLoader,
    RefusedTemplateError,
    Sandbox,
    builtin_templates,
    make_environment,
)
from ropa.render.i18n import Lang
from ropa.render.pdf import MAX_RUN, FetchRefused, breakable, fetcher, html_to_pdf
from tests.conftest import CASES, DATA, TODAY

SECRET = "TOP-SECRET-CONTENT"


@pytest.fixture(scope="module")
def base_register() -> Any:
    return validate(CASES / "_base", TODAY).register


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the templates folder that no template may show."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The user's templates folder."""
    path = tmp_path / "templates"
    path.mkdir()
    return path


def html_of(register: Any, templates: Path, lang: str = "en") -> str:
    outputs = render(register, languages=[lang], formats=["html"], templates=templates)
    return outputs[Path(lang) / "policy.html"].decode()


# --- a closed world ------------------------------------------------------------------------------


def test_a_template_that_is_a_link_leading_out_is_refused(
    base_register: Any, folder: Path, secret: Path
) -> None:
    (folder / "policy.html.j2").symlink_to(secret)
    with pytest.raises(RenderError) as caught:
        html_of(base_register, folder)
    assert str(caught.value) == (
        f"template policy.html.j2: {folder.resolve() / 'policy.html.j2'}: it is a link to a "
        "place outside the templates folder; copy the file here instead"
    )


def test_an_included_template_that_is_a_link_is_refused_not_replaced_by_the_builtin_one(
    base_register: Any, folder: Path, secret: Path
) -> None:
    (folder / "style.css").symlink_to(secret)  # base.html.j2 includes style.css
    with pytest.raises(RenderError, match=r"^template policy.html.j2: .*style.css: it is a link"):
        html_of(base_register, folder)


def test_a_link_inside_the_folder_reads_the_file_it_names(base_register: Any, folder: Path) -> None:
    (folder / "real.css").write_text("/* ours */ .ours { color: red; }", encoding="utf-8")
    (folder / "style.css").symlink_to("real.css")
    assert ".ours { color: red; }" in html_of(base_register, folder)


def test_a_link_swapped_in_after_the_check_is_not_followed(
    monkeypatch: pytest.MonkeyPatch, folder: Path, secret: Path
) -> None:
    (folder / "policy.html.j2").symlink_to(secret)
    # the check ran while policy.html.j2 was a file inside; the link came after it
    monkeypatch.setattr("ropa.fs.inside", lambda root, path: PurePosixPath(path.name))
    loader = FolderLoader(folder)
    with pytest.raises(RefusedTemplateError, match="it is a link; links are not followed"):
        loader.get_source(make_environment(Lang("en", "en")), "policy.html.j2")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    base_register: Any, folder: Path
) -> None:
    os.mkfifo(folder / "policy.html.j2")
    with pytest.raises(RenderError, match=r"policy.html.j2: it is a named pipe \(FIFO\)"):
        html_of(base_register, folder)


def test_a_template_over_the_bound_is_refused(
    monkeypatch: pytest.MonkeyPatch, base_register: Any, folder: Path
) -> None:
    monkeypatch.setattr(environment_module, "MAX_TEMPLATE", 100)
    (folder / "policy.html.j2").write_text("x" * 101, encoding="utf-8")
    with pytest.raises(RenderError, match=r"policy.html.j2: too large \(101 bytes; at most 100"):
        html_of(base_register, folder)


def test_a_template_not_in_utf8_is_one_line(base_register: Any, folder: Path) -> None:
    (folder / "policy.html.j2").write_bytes(b"caf\xe9")
    with pytest.raises(RenderError, match=r"policy.html.j2: not UTF-8 \(byte 3\)$"):
        html_of(base_register, folder)


def test_the_loader_finds_nothing_above_the_folder_and_knows_a_changed_template(
    folder: Path,
) -> None:
    loader = FolderLoader(folder)
    env = make_environment(Lang("en", "en"))
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "../secret.txt")
    with pytest.raises(TemplateNotFound):
        loader.get_source(env, "missing.html.j2")
    template = folder / "page.html.j2"
    template.write_text("one", encoding="utf-8")
    source, filename, uptodate = loader.get_source(env, "page.html.j2")
    assert (source, filename, uptodate()) == ("one", str(folder.resolve() / "page.html.j2"), True)
    template.write_text("two", encoding="utf-8")
    os.utime(template, ns=(1, 1))
    assert not uptodate()
    template.unlink()
    assert not uptodate()


def test_a_stylesheet_or_image_linked_out_of_the_folder_is_not_in_the_pdf(
    folder: Path, secret: Path
) -> None:
    rule = f'body::before {{ content: "{SECRET}"; }}'
    secret.write_text(rule, encoding="utf-8")
    (folder / "ours.css").write_text(rule.replace(SECRET, "OUR-OWN-RULE"), encoding="utf-8")
    (folder / "evil.css").symlink_to(secret)
    (folder / "evil.png").symlink_to(secret)
    html = (
        '<html><head><link rel="stylesheet" href="ours.css">'
        '<link rel="stylesheet" href="evil.css"></head>'
        '<body><img src="evil.png"><p>fine</p></body></html>'
    )
    pdf = html_to_pdf(html, base=folder, allowed=[builtin_templates(), folder], day=TODAY)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "OUR-OWN-RULE" in text, "the folder's own stylesheet is read"
    assert SECRET not in text
    fetch = fetcher([folder])
    with pytest.raises(FetchRefused):
        fetch((folder / "evil.css").as_uri())


def test_the_pdf_fetcher_reads_the_bytes_itself_and_follows_no_swapped_link(
    monkeypatch: pytest.MonkeyPatch, folder: Path, secret: Path
) -> None:
    (folder / "ours.css").write_text("p { color: red; }", encoding="utf-8")
    fetch = fetcher([folder])
    response = fetch((folder / "ours.css").as_uri())
    assert (response.read(), response.content_type, response.path) == (
        b"p { color: red; }",
        "text/css",
        None,  # WeasyPrint has no path to open again when it writes the PDF
    )
    (folder / "late.css").symlink_to(secret)
    monkeypatch.setattr("ropa.fs.inside", lambda root, path: PurePosixPath(path.name))
    with pytest.raises(FetchRefused, match="it is a link; links are not followed"):
        fetch((folder / "late.css").as_uri())


# --- the sandbox ---------------------------------------------------------------------------------


def test_a_template_cannot_run_a_command(base_register: Any, folder: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (folder / "policy.html.j2").write_text(
        f'<p>line one</p>\n<p>two</p>\n{{{{ cycler.__init__.__globals__.os.system("touch {marker}") }}}}\n',
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as caught:
        html_of(base_register, folder)
    assert str(caught.value) == (
        f"template policy.html.j2: {folder.resolve() / 'policy.html.j2'}:3: "
        "access to attribute '__init__' of 'type' object is unsafe."
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    "expression",
    [
        # Register.section looks attributes up by name: its class leads to any function's globals
        '{% set R = doc.register.section("__class__") %}'
        '{{ R.section(R.section, "__globals__")["__builtins__"]["open"]("SECRET").read() }}',
        '{{ doc.register.section("__init__")() }}',
        # pydantic's API: parse_file reads a file, model_fields leads to classes
        '{{ doc.organization.parse_file("SECRET") }}',
        "{{ doc.organization.model_fields }}",
        "{{ doc.policy.model_validate_json }}",
        "{{ lang.locale.__class__ }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ lipsum.__globals__ }}",
        "{{ doc.controller_activities.append(1) }}",
        "{{ (doc.register.entries()|first)[1].__class__ }}",
    ],
)
def test_no_way_out_of_the_sandbox(
    base_register: Any, folder: Path, secret: Path, expression: str
) -> None:
    (folder / "policy.html.j2").write_text(
        expression.replace("SECRET", str(secret)), encoding="utf-8"
    )
    with pytest.raises(RenderError) as caught:
        html_of(base_register, folder)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"template policy.html.j2: {folder.resolve()}/policy.html.j2:1: ")
    assert "unsafe" in message or "not safely callable" in message or "not allowed" in message
    assert SECRET not in message


def test_what_a_template_holds_reaches_the_error_line_made_safe(
    base_register: Any, folder: Path
) -> None:
    (folder / "policy.html.j2").write_text("{% if \x1b[2J %}", encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        html_of(base_register, folder)
    assert "\x1b" not in str(caught.value)
    assert str(caught.value).endswith("policy.html.j2:1: unexpected char '\\x1b' at 6")


def test_an_empty_template_name_is_not_found_rather_than_refused(
    base_register: Any, folder: Path
) -> None:
    (folder / "policy.html.j2").write_text('\n{% include "" %}', encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        html_of(base_register, folder)
    assert str(caught.value) == (
        f"template policy.html.j2: {folder.resolve()}/policy.html.j2:2: no template named ''"
    )


def test_nothing_a_template_can_reach_leads_to_the_file_system_or_python(
    base_register: Any,
) -> None:
    """Walk every attribute the sandbox lets a template read, from what a template gets."""
    lang = Lang("fr", "en")
    env = make_environment(lang, builtin_templates())
    assert isinstance(env, Sandbox)
    doc = Document(validate(DATA, TODAY).register, lang)
    start: list[tuple[str, object]] = [("doc", doc), ("lang", lang)]
    start += [(name, value) for name, value in env.globals.items()]
    reached = _reachable(env, start, depth=7)
    assert len(reached) > 1000, "the walk went somewhere"
    bad = {
        path: type(value).__name__
        for path, value in reached.items()
        if isinstance(value, (ModuleType, PurePath, io.IOBase))
        or (isinstance(value, type) and path.count(".") > 0)  # Jinja's own globals may be classes
        or re.search(r"\.(parse_file|open|read_\w+|write_\w+|unlink|system)$", path)
    }
    assert bad == {}


def _reachable(env: Sandbox, start: list[tuple[str, object]], depth: int) -> dict[str, object]:
    reached: dict[str, object] = {}
    seen: set[int] = set()
    level = start
    for _ in range(depth):
        following: list[tuple[str, object]] = []
        for path, value in level:
            reached[path] = value
            if id(value) in seen or isinstance(value, (str, int, float, bytes, date)):
                continue
            seen.add(id(value))
            items: list[tuple[str, object]] = []
            if isinstance(value, dict):
                items = [(f"{path}[{k!r}]", v) for k, v in list(value.items())[:3]]
            elif isinstance(value, (list, tuple, set, frozenset)):
                items = [(f"{path}[{i}]", v) for i, v in enumerate(list(value)[:3])]
            for name in dir(value):
                try:
                    attribute = getattr(value, name)
                except Exception:  # a property that needs more than it has
                    continue
                if env.is_safe_attribute(value, name, attribute):
                    items.append((f"{path}.{name}", attribute))
            following += items
        level = following
    return reached


def test_builtin_templates_render_alike_in_the_sandbox(tmp_path: Path) -> None:
    """A user folder that overrides nothing: the same documents, through the sandbox."""
    (tmp_path / "notes.txt").write_text("unrelated", encoding="utf-8")
    register = validate(DATA, TODAY).register
    kinds = ["html", "md", "fragment"]
    plain = render(register, languages=["en", "fr"], formats=kinds)
    sandboxed = render(register, languages=["en", "fr"], formats=kinds, templates=tmp_path)
    assert sandboxed == plain


def test_without_a_user_folder_only_trusted_templates_run_unsandboxed() -> None:
    assert not isinstance(make_environment(Lang("en", "en")), Sandbox)
    assert isinstance(make_environment(Lang("en", "en"), Path("anywhere")), Sandbox)


# --- a relative templates folder -----------------------------------------------------------------


def test_a_relative_templates_folder_builds_a_pdf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "mytemplates").mkdir()
    (tmp_path / "mytemplates" / "style.css").write_text(
        '{% include "builtin/style.css" %}\nbody::after { content: "FROM-OUR-FOLDER"; }',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(CASES / "_base"),
            "--templates",
            "mytemplates",
            "-f",
            "pdf",
            "--out",
            "out",
            "--today",
            "2026-11-24",
            "--quiet",
        ],
    )
    assert (result.exit_code, result.output) == (0, "")
    pdf = PdfReader(tmp_path / "out" / "en" / "policy.pdf")
    assert "FROM-OUR-FOLDER" in "".join(page.extract_text() for page in pdf.pages)


# --- endless words -------------------------------------------------------------------------------

WORD = "Q" * 20_000


def test_a_20000_character_name_makes_a_pdf_in_reasonable_time(tmp_path: Path) -> None:
    shutil.copy(CASES / "_base" / "register.yaml", tmp_path / "register.yaml")
    path = tmp_path / "register.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Hosting SAS", f"name: {WORD}"),
        encoding="utf-8",
    )
    register = validate(tmp_path, TODAY).register
    start = time.process_time()  # one language renders in this process
    outputs = render(register, languages=["en"], formats=["html", "pdf"])
    assert time.process_time() - start < 60  # was minutes; now the time of as many short words
    assert WORD in outputs[Path("en/register.html")].decode(), "HTML keeps the word whole"
    # the policy names the recipient once, the register twice; pages cut the word between them
    for name, times in (("policy.pdf", 1), ("register.pdf", 2)):
        pages = PdfReader(io.BytesIO(outputs[Path("en") / name])).pages
        text = "".join(page.extract_text() for page in pages)
        assert text.count("Q") == times * len(WORD), name
        assert max(map(len, re.findall("Q+", text))) < len(WORD), "the word is broken into lines"


def test_ordinary_documents_go_to_weasyprint_as_they_are() -> None:
    outputs = render(validate(DATA, TODAY).register, languages=["en", "fr"], formats=["html"])
    for path, page in outputs.items():
        assert breakable(page.decode()) == page.decode(), path


START = '<span style="overflow-wrap: anywhere">'


def unbroken(html: str) -> str:
    return re.sub(f"{START}|</span>|<wbr>", "", html)


def test_breaks_go_only_into_long_runs_of_text() -> None:
    url = "https://example.org/" + "a" * 300
    html = (
        f"<html><head><title>{'T' * 300}</title><style>.x{{background:url({url})}}</style>"
        f"</head><body><a href=\"{url}\" title='{'b' * 300}'>{'c' * 250}</a>"
        f"<!-- {'d' * 300} --><p>{'e' * 150}&amp;{'f' * 60} short words</p></body></html>"
    )
    broken = breakable(html)
    assert unbroken(broken) == html
    assert broken.count("<wbr>") == 4  # 250 c: two breaks; 150 e, &amp; and 60 f: two
    assert f"{START}{'c' * 100}<wbr>{'c' * 100}<wbr>{'c' * 50}</span>" in broken
    assert f"<title>{'T' * 300}</title>" in broken
    assert f'href="{url}"' in broken
    assert url in broken.split("<body>")[0]
    assert "&amp;" in broken
    assert breakable("<p>short words stay as they are</p>") == "<p>short words stay as they are</p>"


def test_breaks_keep_accents_and_emoji_whole() -> None:
    accented = "e\u0301" * 300  # e and a combining acute accent
    pieces = unbroken(breakable(accented).replace("<wbr>", "|")).split("|")
    assert all(not piece.startswith("\u0301") for piece in pieces)
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467" * 100
    for piece in unbroken(breakable(family).replace("<wbr>", "|")).split("|"):
        assert not piece.startswith("\u200d")
        assert not piece.endswith("\u200d")


_TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        '<a href="https://example.org/a&amp;b">',
        "<td class='x'>",
        "<!-- note -->",
        "<style>p{x:y}</style>",
        '<img alt="a > b">',
    ]
)
_TEXT = st.lists(
    st.sampled_from(["x", "y", "é", "\u00a0", "\u200b", " ", "\n", "&amp;", "&#233;", "&lt;"])
).map("".join)
_TAG = r"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>"
_HTML = st.lists(st.one_of(_TAGS, _TEXT.map(lambda t: t * 40), _TEXT)).map("".join)


@given(_HTML)
def test_breaking_changes_only_text_and_bounds_every_run(html: str) -> None:
    broken = breakable(html)
    assert unbroken(broken) == html, "only break opportunities are added"
    assert breakable(broken) == broken, "breaking twice changes nothing"
    text_only = re.sub(rf"<!--.*?-->|<style>.*?</style>|{_TAG}", "\n", broken)
    for run in re.split(r"[ \t\n\r\f]", text_only):
        assert len(re.sub(r"&[#\w]+;", "&", run)) <= MAX_RUN, run
    tags = [tag for tag in re.findall(_TAG, broken) if tag not in ("<wbr>", START, "</span>")]
    assert tags == re.findall(_TAG, html), "no tag or attribute is touched"
    assert not re.search(r"&[#\w]*<wbr>[#\w]*;", broken), "no character reference is split"
