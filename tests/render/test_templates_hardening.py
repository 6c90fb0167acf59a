"""A user's templates folder is a closed world.

A templates folder may come from the same pull request as the declarations: its links are never
followed (by Jinja or by WeasyPrint), and what it gets wrong is one line naming the template.
"""

from __future__ import annotations

import io
import os
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from jinja2 import TemplateNotFound
from pypdf import PdfReader
from typer.testing import CliRunner

from ropa.check import validate
from ropa.cli import app
from ropa.render import RenderError, render
from ropa.render import environment as environment_module
from ropa.render.environment import (
    FolderLoader,
    RefusedTemplateError,
    builtin_templates,
    make_environment,
)
from ropa.render.i18n import Lang
from ropa.render.pdf import FetchRefused, fetcher, html_to_pdf
from tests.conftest import CASES, TODAY

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
