"""``ropa serve``: the preview served on a free port against a copy of ``data/``, its pages
fetched, its files edited, the reload event and the new page seen; the command's one-line
errors and its exit on Ctrl-C. No timing is asserted (``python -m bench.serve`` measures)."""

from __future__ import annotations

import http.client
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ropa.config import Config
from ropa.serve.command import serve_command
from ropa.serve.preview import Outcome, Preview, Settings
from ropa.serve.session import Session
from tests.conftest import DATA, ROOT, TODAY

#: How long a change may take to show before a test gives up (not a bound it asserts).
PATIENCE = 20.0
MARKETING = Path("data/activities/marketing.yaml")
NAME = "Sending targeted offers and advice on our website, by email and on social networks"
#: A sentence of the English policy, as the template writes it.
SENTENCE = "is the controller of the personal data described in this policy"


@dataclass
class Served:
    session: Session
    outcomes: queue.Queue[Outcome]

    @property
    def port(self) -> int:
        return self.session.port

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
        return request(self.port, "GET", path, headers)

    def edit(self, old: str, new: str, file: Path = MARKETING) -> None:
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new), encoding="utf-8")

    def next_outcome(self) -> Outcome:
        return self.outcomes.get(timeout=PATIENCE)


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


class Listener:
    """A page's ``/events``, read as a browser's EventSource reads it."""

    def __init__(self, port: int, query: str = "page=en/policy") -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=PATIENCE)
        self.connection.request("GET", f"/events?{query}")
        self.response = self.connection.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        self.version = self.next()

    def next(self) -> str:
        """The next version sent: the reload event."""
        event = None
        deadline = time.monotonic() + PATIENCE  # keep-alive comments come meanwhile
        while time.monotonic() < deadline:
            line = self.response.fp.readline().decode()
            assert line, "the stream ended"
            if line.startswith("event: "):
                event = line.removeprefix("event: ").strip()
            if line.startswith("data: "):
                assert event == "version"
                return line.removeprefix("data: ").strip()
        raise AssertionError("no new version came")

    def reloaded(self) -> None:
        """Wait for a version other than the one the page was built from."""
        new = self.next()
        assert new != self.version
        self.version = new

    def close(self) -> None:
        self.response.close()  # the socket stays open while the response holds it
        self.connection.close()


def _threads() -> set[threading.Thread]:
    return set(threading.enumerate())


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``data/`` in the current folder, which has no configuration."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _start(settings: Settings) -> Iterator[Served]:
    before = _threads()
    outcomes: queue.Queue[Outcome] = queue.Queue()
    session = Session(Preview(settings, Config()), keepalive=0.5, report=outcomes.put)
    try:
        session.start()
        yield Served(session, outcomes)
    finally:
        session.close()
    left = _threads() - before
    assert not left, f"threads left behind: {left}"


@pytest.fixture
def served(workspace: Path) -> Iterator[Served]:
    yield from _start(Settings(path=Path("data"), today=TODAY))


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One preview for the tests that only read pages (starting one takes a second)."""
    folder = tmp_path_factory.mktemp("shared") / "data"
    shutil.copytree(DATA, folder)
    yield from _start(Settings(path=folder, today=TODAY))


def test_index_links_every_page(shared: Served) -> None:
    status, html = shared.get("/")
    assert status == 200
    for href in ("/en/policy.html", "/en/register.html", "/fr/policy.html", "/fr/register.html"):
        assert f'href="{href}"' in html
    assert 'href="/compare"' in html
    assert 'id="ropa-serve"' not in html  # no findings: no panel


def test_policy_page_is_the_document_with_the_reload_script(served: Served) -> None:
    from ropa.check import validate
    from ropa.render import render

    status, html = served.get("/en/policy.html")
    assert status == 200
    assert SENTENCE in html
    assert NAME in html
    assert '<script nonce="' in html
    assert "/events?page=en%2Fpolicy" in html
    assert 'id="ropa-serve"' not in html
    # the document itself is the one ropa build writes: in /compare's frames, as is
    _, embedded = served.get("/en/policy.html?embedded=1")
    register = validate(Path("data"), TODAY).register
    built = render(register, languages=["en"], formats=["html"])[Path("en/policy.html")]
    assert embedded == built.decode()
    assert not Path("output").exists()  # nothing written


def test_compare_shows_both_languages_side_by_side(shared: Served) -> None:
    status, html = shared.get("/compare")
    assert status == 200
    assert '<iframe src="/en/policy.html?embedded=1"' in html
    assert '<iframe src="/fr/policy.html?embedded=1"' in html
    assert "/events?page=en%2Fpolicy\\u0026page=fr%2Fpolicy" in html
    _, register = shared.get("/compare?doc=register")
    assert '<iframe src="/en/register.html?embedded=1"' in register
    assert '<iframe src="/fr/register.html?embedded=1"' in register
    _, french = shared.get("/fr/policy.html")
    assert 'lang="fr"' in french


def test_an_edit_reloads_the_page_with_the_change(served: Served) -> None:
    listener = Listener(served.port)
    try:
        served.edit(f"en: {NAME}", "en: Offers chosen for you")
        listener.reloaded()
        _, html = served.get("/en/policy.html")
        assert "Offers chosen for you" in html
        assert NAME not in html
    finally:
        listener.close()


def test_a_comment_keeps_the_pages_without_reloading(served: Served) -> None:
    served.edit(f"en: {NAME}", f"en: {NAME}  # reworded soon")
    outcome = served.next_outcome()
    assert outcome.kept
    assert not outcome.published


def test_errors_keep_the_last_good_page_with_the_panel_until_fixed(served: Served) -> None:
    listener = Listener(served.port)
    try:
        served.edit(f"en: {NAME}", "en: Offers chosen for you")
        listener.reloaded()
        served.edit("      - basis: consent\n", "      - basis: consentt\n")
        listener.reloaded()
        status, html = served.get("/en/policy.html")
        assert status == 200
        assert "Offers chosen for you" in html  # the last good page
        assert "Stale page" in html
        assert ">data/activities/marketing.yaml:31:16</a>" in html
        assert '<code class="ropa-serve-rule">invalid-value</code>' in html
        assert "&#39;consentt&#39; is not allowed" in html
        served.edit("      - basis: consentt\n", "      - basis: consent\n")
        listener.reloaded()
        _, fixed = served.get("/en/policy.html")
        assert 'id="ropa-serve"' not in fixed
        assert "Offers chosen for you" in fixed
    finally:
        listener.close()


def test_a_register_with_errors_at_start_shows_them_until_it_builds(workspace: Path) -> None:
    text = MARKETING.read_text(encoding="utf-8")
    MARKETING.write_text(text.replace("- basis: consent\n", "- basis: consentt\n", 1))
    for served in _start(Settings(path=Path("data"), today=TODAY)):
        status, html = served.get("/en/policy.html")
        assert status == 503
        assert "No page yet" in html
        assert ">data/activities/marketing.yaml:31:16</a>" in html
        assert "Stale page" not in html  # nothing older to show
        _, index = served.get("/")
        assert ">data/activities/marketing.yaml:31:16</a>" in index
        listener = Listener(served.port)
        try:
            MARKETING.write_text(text)
            listener.reloaded()
            status, html = served.get("/en/policy.html")
            assert status == 200
            assert SENTENCE in html
        finally:
            listener.close()


def test_a_finding_that_quotes_markup_is_escaped(workspace: Path) -> None:
    text = MARKETING.read_text(encoding="utf-8")
    hostile = '    "<script>alert(1)</script>": x\n'
    MARKETING.write_text(text.replace("  targeted-offers:\n", f"  targeted-offers:\n{hostile}", 1))
    for served in _start(Settings(path=Path("data"), today=TODAY)):
        for path in ("/", "/en/policy.html", "/compare"):
            _, html = served.get(path)
            assert "<script>alert(1)" not in html
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
            assert "unknown-field" in html


def test_warnings_show_in_the_panel_of_a_current_page(workspace: Path) -> None:
    for served in _start(Settings(path=Path("data"), today=date(2031, 1, 1))):
        status, html = served.get("/en/policy.html")
        assert status == 200
        assert "ropa serve: 12 warnings" in html
        assert '<code class="ropa-serve-rule">review-overdue</code>' in html
        assert "Stale page" not in html
        assert SENTENCE in html


def test_a_position_links_to_its_file_and_line(served: Served) -> None:
    served.edit("      - basis: consent\n", "      - basis: consentt\n")
    served.next_outcome()
    _, html = served.get("/en/policy.html")
    where = Path("data/activities/marketing.yaml").absolute()
    assert f'href="{where.as_uri()}#L31"' in html
    assert f'data-ropa-copy="{where}:31:16"' in html


def test_an_editor_url_makes_positions_open_the_editor(workspace: Path) -> None:
    text = MARKETING.read_text(encoding="utf-8")
    MARKETING.write_text(text.replace("- basis: consent\n", "- basis: consentt\n", 1))
    preview = Preview(Settings(path=Path("data"), today=TODAY), Config())
    session = Session(preview, editor="vscode://file/{path}:{line}:{column}")
    try:
        session.start()
        _, html = request(session.port, "GET", "/en/policy.html")
    finally:
        session.close()
    where = Path("data/activities/marketing.yaml").absolute()
    assert f'href="vscode://file/{where}:31:16"' in html


def test_a_template_change_reloads(workspace: Path) -> None:
    (workspace / "my-templates").mkdir()
    override = workspace / "my-templates" / "policy.html.j2"
    override.write_text(
        '{% extends "builtin/policy.html.j2" %}{% block style %}/* one */{% endblock %}'
    )
    for served in _start(Settings(path=Path("data"), templates=Path("my-templates"), today=TODAY)):
        _, html = served.get("/en/policy.html")
        assert "/* one */" in html
        listener = Listener(served.port)
        try:
            override.write_text(override.read_text().replace("one", "two"))
            listener.reloaded()
            _, html = served.get("/en/policy.html")
            assert "/* two */" in html
        finally:
            listener.close()


def test_a_template_that_fails_keeps_the_last_page_with_its_error(workspace: Path) -> None:
    (workspace / "my-templates").mkdir()
    override = workspace / "my-templates" / "policy.html.j2"
    good = '{% extends "builtin/policy.html.j2" %}{% block style %}/* one */{% endblock %}'
    override.write_text(good)
    for served in _start(Settings(path=Path("data"), templates=Path("my-templates"), today=TODAY)):
        listener = Listener(served.port)
        try:
            override.write_text(good.replace("/* one */", "{{ nowhere.at_all }}"))
            listener.reloaded()
            _, html = served.get("/en/policy.html")
            assert "/* one */" in html  # the last page that rendered
            assert "Stale page" in html
            assert "template policy.html.j2:" in html
            assert "&#39;nowhere&#39; is undefined" in html
            _, compare = served.get("/compare")
            assert "&#39;nowhere&#39; is undefined" in compare
            override.write_text(good)
            listener.reloaded()
            _, html = served.get("/en/policy.html")
            assert 'id="ropa-serve"' not in html
        finally:
            listener.close()


def test_a_configuration_change_rebuilds(served: Served) -> None:
    listener = Listener(served.port)
    try:
        Path("ropa.toml").write_text("strictt = true\n")
        listener.reloaded()
        _, html = served.get("/en/policy.html")
        assert "ropa.toml: unknown key &#39;strictt&#39;; did you mean &#39;strict&#39;?" in html
        assert "Stale page" in html
        Path("ropa.toml").write_text("strict = true\n")
        listener.reloaded()
        _, html = served.get("/en/policy.html")
        assert 'id="ropa-serve"' not in html
    finally:
        listener.close()


def test_unknown_paths_are_not_found(shared: Served) -> None:
    for path in (
        "/nope",
        "/en/policy",
        "/en/notice.html",
        "/de/policy.html",
        "/data/organization.yaml",
        "/../data/organization.yaml",
        "/en/../../data/organization.yaml",
        "/compare?doc=notice",
        "/compare?left=en&right=de",
        "/favicon.ico",
    ):
        assert shared.get(path) == (404, "Not found\n"), path


def test_only_get_is_answered(shared: Served) -> None:
    for method in ("POST", "PUT", "DELETE"):
        assert request(shared.port, method, "/")[0] == 405


def test_a_request_for_another_host_is_refused(shared: Served) -> None:
    """A page of another site cannot read the preview through DNS rebinding."""
    assert shared.get("/", {"Host": "attacker.example:8000"})[0] == 421
    assert shared.get("/", {"Host": f"localhost:{shared.port}"})[0] == 200


def test_a_listener_that_leaves_is_dropped(served: Served) -> None:
    listener = Listener(served.port)
    assert served.session.hub.listeners == 1
    assert served.session.hub.watched() == {"en/policy"}
    listener.close()
    deadline = time.monotonic() + PATIENCE
    while served.session.hub.listeners and time.monotonic() < deadline:
        time.sleep(0.05)
    assert served.session.hub.listeners == 0
    assert served.session.hub.watched() == frozenset()


# --- the command ------------------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("other")(lambda: None)
    return app


def test_a_port_in_use_is_one_line_and_exit_2(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(_app(), ["serve", "data", "--port", str(port)])
    assert result.exit_code == 2
    assert re.fullmatch(
        rf"ropa: error: port {port} is in use; try --port \d+ \(or --port 0 for any free port\)\n",
        result.stderr,
    )
    assert result.stdout == ""


def test_a_missing_register_is_builds_one_line_error(workspace: Path) -> None:
    from ropa.cli import app

    served = CliRunner().invoke(_app(), ["serve", "nowhere", "--port", "0"])
    built = CliRunner().invoke(app, ["build", "nowhere"])
    assert served.exit_code == built.exit_code == 2
    assert served.stderr == built.stderr == "ropa: error: no such file or folder: nowhere\n"


def test_a_language_the_register_lacks_is_builds_one_line_error(workspace: Path) -> None:
    from ropa.cli import app

    served = CliRunner().invoke(_app(), ["serve", "data", "--lang", "de", "--port", "0"])
    built = CliRunner().invoke(app, ["build", "data", "--lang", "de", "--today", "2026-11-24"])
    assert served.exit_code == built.exit_code == 2
    expected = "ropa: error: language de is not in policy.languages (en, fr)\n"
    assert served.stderr == built.stderr == expected


def test_a_bad_editor_url_is_refused(workspace: Path) -> None:
    result = CliRunner().invoke(_app(), ["serve", "data", "--editor-url", "javascript:alert(1)"])
    assert result.exit_code == 2
    assert result.stderr == "ropa: error: --editor-url may not use the javascript: scheme\n"


SCRIPT = """
import typer
from ropa.serve.command import serve_command
app = typer.Typer()
app.command("serve")(serve_command)
app.command("other")(lambda: None)
app()
"""


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_with_130(workspace: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), "serve", "data", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=workspace,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        found = re.fullmatch(
            r"ropa: serving data at http://127\.0\.0\.1:(\d+)/ \(en, fr\); Ctrl-C to stop\n", first
        )
        assert found, first
        assert "no findings; pages rebuilt" in process.stdout.readline()
        assert request(int(found.group(1)), "GET", "/")[0] == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=PATIENCE)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130
    assert (out, err) == ("", "ropa: serve stopped\n")
    with pytest.raises(ConnectionRefusedError):  # the port is closed
        socket.create_connection(("127.0.0.1", int(found.group(1))), timeout=2).close()
