"""Hostile declarations are harmless; failed and interrupted builds leave previous outputs intact."""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from ropa import render as render_module
from ropa.check import validate
from ropa.render import build, render
from ropa.render.environment import builtin_templates
from ropa.render.markup import to_html, to_markdown
from ropa.render.pdf import FetchRefused, fetcher, html_to_pdf
from ropa.render.tabular import neutralise
from ropa.render.write import write_atomic
from tests.conftest import CASES, DATA, TODAY

HOSTILE = """\
activities:
  orders:
    name: "<script>alert('name')</script> =HYPERLINK(\\"https://evil.example\\")"
    description: |
      Hello <script>alert(1)</script> <img src="file:///etc/passwd" onerror="x()">
      [click](javascript:alert(1)) [file](file:///etc/passwd) ![pic](file:///etc/passwd)
      [ok](https://example.org) <a href="file:///etc/passwd">local</a>
    legal_bases: [{basis: contract}]
    data_subjects: [customers]
    data_categories: [identity]
    provision: {requirement: contractual}
    recipients: [hosting]
    retention: [{period: 3 years}]
    security_measures: [encryption]
    reviewed: 2026-06-01
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bytes]:
    folder = tmp_path_factory.mktemp("hostile")
    base = (CASES / "_base" / "register.yaml").read_text(encoding="utf-8")
    base = base[: base.index("activities:")]  # keep everything but the activity
    (folder / "register.yaml").write_text(base + HOSTILE, encoding="utf-8")
    report = validate(folder, TODAY)
    assert report.errors == 0, [f.format() for f in report.findings]
    return render(
        report.register, languages=["en"], formats=["html", "md", "csv", "xlsx", "json", "pdf"]
    )


def test_html_escapes_text_and_sanitizes_markdown(hostile: dict[Path, bytes]) -> None:
    for name in ("policy.html", "register.html"):
        html = hostile[Path("en") / name].decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
        assert "javascript:" not in html
        assert "file://" not in html
        assert "onerror" not in html
        assert '<a href="https://example.org" rel="noopener noreferrer">ok</a>' in html


def test_markdown_output_has_no_raw_html_or_unsafe_link(hostile: dict[Path, bytes]) -> None:
    markdown = hostile[Path("en") / "policy.md"].decode()
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert "](javascript:" not in markdown
    assert "](file:" not in markdown
    assert "[ok](https://example.org)" in markdown
    assert "\\<script\\>alert" in markdown, "a plain-text name shows as text"


def test_csv_and_xlsx_cells_never_become_formulas(hostile: dict[Path, bytes]) -> None:
    csv = hostile[Path("en") / "register.csv"].decode("utf-8-sig")
    assert "alert('name')</script> =HYPERLINK" in csv, "text kept as text; it does not start a cell"
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2") == "'-2"
    assert neutralise("plain") == "plain"
    with zipfile.ZipFile(io.BytesIO(hostile[Path("en") / "register.xlsx"])) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in book.read(name).decode()
        assert "=HYPERLINK" in book.read("xl/sharedStrings.xml").decode()


def test_formula_looking_cells_are_neutralised_in_csv(tmp_path: Path) -> None:
    folder = tmp_path / "r"
    shutil.copytree(CASES / "_base", folder)
    path = folder / "register.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Order management", 'name: "=cmd|calc"'),
        encoding="utf-8",
    )
    report = validate(folder, TODAY)
    csv = render(report.register, languages=["en"], formats=["csv"])[
        Path("en") / "register.csv"
    ].decode("utf-8-sig")
    assert ",'=cmd|calc," in csv


def test_pdf_fetches_nothing_outside_the_template_folders(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    fetch = fetcher([builtin_templates()])
    with pytest.raises(FetchRefused):
        fetch(secret.as_uri())
    with pytest.raises(FetchRefused):
        fetch("https://example.org/tracker.png")
    with pytest.raises(FetchRefused):
        fetch("data:text/plain," + "x" * 300_000)
    assert fetch((builtin_templates() / "style.css").as_uri()) is not None
    html = (
        f'<html><body><img src="{secret.as_uri()}"><object data="{secret.as_uri()}"></object>'
        '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://example.org/a.css">'
        f'<a href="{secret.as_uri()}" rel="attachment">a</a><p>fine</p></body></html>'
    )
    pdf = html_to_pdf(
        html, base=builtin_templates(), allowed=[builtin_templates()], day=date(2026, 9, 1)
    )
    assert b"TOP-SECRET-CONTENT" not in pdf
    assert b"EmbeddedFile" not in pdf


def test_sanitizers_directly() -> None:
    assert str(to_html("<script>x</script>**b**")).strip() == "<p><strong>b</strong></p>"
    assert to_markdown("**bold** [ok](https://example.org/a_b)\n\n- one\n- two") == (
        "**bold** [ok](https://example.org/a_b)\n\n- one\n- two"
    )


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ("[x](javascript:alert%281%29 'title')", "x"),
        ("[a [b] c](javascript:x)", "a \\[b\\] c"),
        ("[x](file:///etc/passwd 'a')", "x"),
        ("[d](data:text/html,<script>)", "d"),
        ("\0img src=x onerror=alert(1)\x01", "img src=x onerror=alert(1)"),
        (
            "![i](https://example.org/y.png) <img src=x> [m](mailto:a@b.example)",
            "[m](mailto:a@b.example)",
        ),
        ("<script>alert(1)</script>text", "text"),
    ],
)
def test_markdown_output_cannot_carry_links_html_or_images(written: str, published: str) -> None:
    assert to_markdown(written) == published


def test_a_failed_build_leaves_the_previous_outputs_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = validate(CASES / "_base", TODAY).register
    build(register, tmp_path, languages=["en"], formats=["html", "json"])
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    def broken(job: object) -> dict[str, bytes]:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(render_module.FORMATS, "json", broken)
    with pytest.raises(RuntimeError):
        build(register, tmp_path, languages=["en"], formats=["html", "json"])
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "policy.html"
    write_atomic(target, b"previous")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("ropa.render.write.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new and half written")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["policy.html"]


def test_outputs_are_ordinary_files_not_private_temporaries(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.html", b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o666 & ~mask != 0o600


def test_a_user_template_overrides_and_extends_the_builtin_one(tmp_path: Path) -> None:
    (tmp_path / "policy.html.j2").write_text(
        '{% extends "builtin/policy.html.j2" %}{% block body %}<p class="custom">Ours</p>{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    (tmp_path / "style.css").write_text(
        '{% include "builtin/style.css" %}\n.custom { color: red; }', encoding="utf-8"
    )
    register = validate(CASES / "_base", TODAY).register
    html = render(register, languages=["en"], formats=["html"], templates=tmp_path)[
        Path("en") / "policy.html"
    ].decode()
    assert '<p class="custom">Ours</p>' in html
    assert "Who we are" in html, "the built-in body is kept through super()"
    assert ".custom { color: red; }" in html
    assert "--accent" in html, "the built-in stylesheet is included"


def test_a_broken_user_template_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "policy.html.j2").write_text("{% if %}", encoding="utf-8")
    register = validate(CASES / "_base", TODAY).register
    with pytest.raises(
        render_module.RenderError, match=r"template policy.html.j2: .*policy.html.j2:1"
    ):
        render(register, languages=["en"], formats=["html"], templates=tmp_path)


def test_a_template_calling_something_wrongly_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "register.html.j2").write_text(
        '{% for r in doc.register.recipients.values()|sort(attribute="name") %}{% endfor %}',
        encoding="utf-8",
    )
    register = validate(DATA, TODAY).register
    with pytest.raises(render_module.RenderError) as caught:
        render(register, languages=["en"], formats=["html"], templates=tmp_path)
    assert str(caught.value).startswith("template register.html.j2: TypeError: '<' not supported")


def test_an_error_in_a_language_rendered_in_a_worker_reaches_the_build(tmp_path: Path) -> None:
    # only the second language fails: with two cores, it is the one a forked worker renders
    (tmp_path / "register.html.j2").write_text(
        '{% if lang.code == "fr" %}{{ doc.nothing_here }}{% endif %}', encoding="utf-8"
    )
    register = validate(DATA, TODAY).register
    assert render_module._workers(["en", "fr"]) == min(1, len(os.sched_getaffinity(0)) - 1)
    with pytest.raises(
        render_module.RenderError, match=r"template register.html.j2: .*nothing_here"
    ):
        render(register, languages=["en", "fr"], formats=["html"], templates=tmp_path)


def die(*args: object) -> None:
    """What a crashed worker does."""
    os._exit(3)


def test_a_worker_that_dies_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    if render_module._workers(["en", "fr"]) == 0:
        pytest.skip("languages render in one process here")
    monkeypatch.setattr(render_module, "_worker", die)
    register = validate(DATA, TODAY).register
    with pytest.raises(render_module.RenderError) as caught:
        render(register, languages=["en", "fr"], formats=["json"])
    assert str(caught.value) == (
        "the process rendering 'fr' stopped unexpectedly; run `ropa build --lang fr` to see why"
    )


def test_where_no_process_can_start_every_language_renders_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(render_module, "_fork", refuse)
    monkeypatch.setattr(render_module, "_workers", lambda languages: len(languages) - 1)
    register = validate(DATA, TODAY).register
    outputs = render(register, languages=["en", "fr"], formats=["json"])
    assert sorted(map(str, outputs)) == ["en/register.json", "fr/register.json"]


def test_an_error_here_stops_the_other_languages_at_once(tmp_path: Path) -> None:
    if render_module._workers(["en", "fr"]) == 0:
        pytest.skip("languages render in one process here")
    (tmp_path / "register.html.j2").write_text(
        '{% if lang.code == "en" %}{{ doc.nothing_here }}{% endif %}', encoding="utf-8"
    )
    register = validate(DATA, TODAY).register
    with pytest.raises(render_module.RenderError, match="nothing_here"):
        render(register, languages=["en", "fr"], formats=["html", "pdf"], templates=tmp_path)
    assert multiprocessing.active_children() == [], "the French worker is stopped, not awaited"


PRIVATE = """\
recipients:
  partner:
    name: Secret Joint Controller Inc
    role: joint_controller
    category: Partners
    country: US
    transfers: [{country: US, mechanism: scc, reference: SCC-1}]
  sccproc:
    name: Unlisted Processor LLC
    role: processor
    category: Hosting
    country: US
    dpa: {signed: 2025-01-01, reference: D}
    transfers: [{country: US, mechanism: scc, reference: SCC-2}]
activities:
  secret:
    name: Secret profiling of employees
    role: joint_controller
    joint_controllers: [partner]
    public: false
    informed_by: The employee notice
    joint_arrangement: {summary: Secret arrangement with the partner}
    legal_bases: [{basis: consent, withdrawal: Ask us}]
    data_subjects: [customers]
    data_categories: [identity]
    provision: {requirement: contractual}
    recipients: [sccproc]
    retention: [{period: 1 year}]
    security_measures: [encryption]
    reviewed: 2026-06-01
cookies:
  _secret: {provider: partner, purpose: secret, lifetime: 1 month, consent: required}
"""


def test_private_activities_leave_no_trace_on_the_public_page(tmp_path: Path) -> None:
    shutil.copy(CASES / "_base" / "register.yaml", tmp_path / "register.yaml")
    (tmp_path / "private.yaml").write_text(PRIVATE, encoding="utf-8")
    report = validate(tmp_path, TODAY)
    assert report.errors == 0, [f.format() for f in report.findings]
    outputs = render(report.register, languages=["en"], formats=["html", "md"])
    for name in ("policy.html", "policy.md"):
        page = outputs[Path("en") / name].decode()
        for secret in (
            "Secret profiling",
            "Secret Joint Controller",
            "_secret",
            "Unlisted Processor",
            "Secret arrangement",
        ):
            assert secret not in page, (name, secret)
    register = render(report.register, languages=["en"], formats=["html"])[
        Path("en") / "register.html"
    ].decode()
    assert "Secret Joint Controller Inc (joint controller)" in register, (
        "joint controllers are recipients (d)"
    )
    assert "Secret Joint Controller Inc: United States" in register, "and their transfers (e)"


def test_an_adequacy_decision_is_named_only_where_it_covers_the_transfer(tmp_path: Path) -> None:
    shutil.copy(CASES / "_base" / "register.yaml", tmp_path / "register.yaml")
    (tmp_path / "private.yaml").write_text(
        PRIVATE.replace("public: false", "public: true"), encoding="utf-8"
    )
    report = validate(tmp_path, TODAY)
    data = render(report.register, languages=["en"], formats=["json"])[Path("en") / "register.json"]
    import json

    transfers = [t for a in json.loads(data)["activities"] for t in a["transfers"]]
    assert {t["recipient"]: t["adequacy_decision"] for t in transfers} == {
        "sccproc": None,
        "partner": None,
    }


def test_french_contracts_only_where_the_sentence_meets_the_event() -> None:
    from ropa.render.document import Document
    from ropa.render.i18n import Lang

    register = validate(CASES / "_base", TODAY).register
    assert register.policy is not None
    doc = Document(register, Lang("fr", "en"))
    assert doc.join_event("3 ans à compter de le dépôt", "le dépôt") == "3 ans à compter du dépôt"
    event = "la demande de les supprimer"
    assert doc.join_event(f"3 ans à compter de {event}", event) == f"3 ans à compter de {event}"
    assert (
        doc.join_event("3 ans à compter de les achats", "les achats")
        == "3 ans à compter des achats"
    )


def test_an_email_cannot_carry_mailto_headers(tmp_path: Path) -> None:
    shutil.copy(CASES / "_base" / "register.yaml", tmp_path / "register.yaml")
    path = tmp_path / "register.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "email: privacy@example.com", "email: privacy@example.com?bcc=spy@evil.example"
        ),
        encoding="utf-8",
    )
    assert "?bcc" in path.read_text(encoding="utf-8")
    findings = validate(tmp_path, TODAY).findings
    assert [
        (f.rule, f.message.split(": ", 1)[1]) for f in findings if f.rule == "invalid-value"
    ] == [
        (
            "invalid-value",
            "expected an email address such as privacy@example.org, not 'privacy@example.com?bcc=spy@evil.example'",
        )
    ]


def test_a_build_that_fails_while_writing_changes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa.render import write

    write.write_all({tmp_path / "a.html": b"old a", tmp_path / "b.html": b"old b"})
    calls = {"n": 0}
    real = os.fsync

    def fail_second(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr("ropa.render.write.os.fsync", fail_second)
    with pytest.raises(OSError, match="No space"):
        write.write_all({tmp_path / "a.html": b"new a", tmp_path / "b.html": b"new b"})
    assert (tmp_path / "a.html").read_bytes() == b"old a"
    assert (tmp_path / "b.html").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]


def test_missing_pango_is_one_clear_line_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    import types

    class NoPango(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setitem(sys.modules, "weasyprint", NoPango("weasyprint"))
    with pytest.raises(
        render_module.RenderError,
        match=r"install it \(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0\)",
    ):
        html_to_pdf(
            "<p>x</p>",
            base=builtin_templates(),
            allowed=[builtin_templates()],
            day=date(2026, 9, 1),
        )
