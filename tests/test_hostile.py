"""A CI gate reads pull requests: hostile registers and configuration, each fault of issue 8.

Only files inside the register are read; nothing a key, a value or a file name holds can forge
an output line; work is bounded; configuration fails closed in one line.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from typer.testing import CliRunner

from ropa import fs
from ropa.display import file_name, neutral, shown
from ropa.loader import LIMITS, load
from tests.conftest import CASES

runner = CliRunner()
TODAY = ["--today", "2026-11-24"]
BASE = CASES / "_base" / "register.yaml"
SECRET = "LEAKED_SECRET_KEY"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    from ropa.cli import app

    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean register in ``tmp_path/data``, the working directory ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(BASE, folder / "register.yaml")
    return folder


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A valid YAML file outside the register, whose key must never be echoed."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    path = outside / "secret.yaml"
    path.write_text(f"{SECRET}: hunter2\nactivities:\n  stolen: {{name: x}}\n", encoding="utf-8")
    return path


# --- The register is a closed world --------------------------------------------------------


def test_a_link_to_a_file_outside_is_one_finding_and_never_read(
    register: Path, secret: Path
) -> None:
    (register / "evil.yaml").symlink_to(secret)
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert SECRET not in output
    assert "stolen" not in output
    assert output.splitlines()[0] == (
        "data/evil.yaml:1:1: error[file-refused] a link to a file outside the register: only "
        "what is inside the register is read; copy the file here instead"
    )
    assert "1 file checked: 1 error, 0 warnings." in output


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ"])
def test_links_to_system_files_are_not_read(register: Path, target: str) -> None:
    (register / "p.yaml").symlink_to(target)
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert "root:" not in output
    assert "PATH" not in output
    assert "[file-refused]" in output


def test_a_link_to_a_folder_outside_is_one_finding(register: Path, secret: Path) -> None:
    (register / "shared").symlink_to(secret.parent, target_is_directory=True)
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert SECRET not in output
    assert "data/shared:1:1: error[file-refused] a link to a folder outside the register" in output


def test_a_link_inside_the_register_is_read_once_where_it_points(register: Path) -> None:
    (register / "again.yaml").symlink_to(register / "register.yaml")
    (register / "loop").symlink_to(register, target_is_directory=True)
    code, output = run("validate", "data", *TODAY)
    assert (code, output) == (0, "1 file checked: no findings.\n")


def test_a_broken_link_is_a_finding(register: Path) -> None:
    (register / "gone.yaml").symlink_to(register / "nowhere.yaml")
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert "data/gone.yaml:1:1: error[file-refused] a link that leads nowhere" in output


def test_a_fifo_is_a_finding_and_never_opened(register: Path) -> None:
    os.mkfifo(register / "pipe.yaml")  # opening it for reading would block forever
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert (
        "data/pipe.yaml:1:1: error[file-refused] a named pipe (FIFO), not a file, is never "
        "read; remove it"
    ) in output


def test_an_unreadable_folder_is_a_finding_not_silence(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (register / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # tests run as root, who reads anything
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert (
        "data/locked:1:1: error[file-refused] the folder cannot be read: Permission denied"
    ) in output


def test_an_unreadable_file_is_a_finding(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (register / "locked.yaml").write_text("policy: {}\n", encoding="utf-8")
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if path == "locked.yaml":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert (
        "data/locked.yaml:1:1: error[file-refused] cannot read the file: Permission denied"
    ) in output


def test_a_link_swapped_in_after_the_walk_is_not_followed(tmp_path: Path, secret: Path) -> None:
    """The walk saw a folder; by the time of the read it is a link: the read refuses it."""
    (tmp_path / "reg").mkdir()
    (tmp_path / "reg" / "sub").symlink_to(secret.parent, target_is_directory=True)
    with pytest.raises(fs.RefusedError, match="is a link"):
        fs.read_beneath(tmp_path / "reg", PurePosixPath("sub/secret.yaml"), limit=1000)
    (tmp_path / "reg" / "f.yaml").symlink_to(secret)
    with pytest.raises(fs.RefusedError, match="it is a link"):
        fs.read_beneath(tmp_path / "reg", "f.yaml", limit=1000)
    with pytest.raises(fs.RefusedError, match="not a path inside"):
        fs.read_beneath(tmp_path / "reg", "../elsewhere/secret.yaml", limit=1000)


# --- No output line can be forged ------------------------------------------------------------

FORGERIES = {
    "newline + workflow command": "x\n::error title=Forged::pwned",
    "carriage return": "x\r::add-mask::secret",
    "ANSI escape": "x\x1b[2J\x1b[31mred",
    "bidi override": "x\u202eevil",
    "NEL and line separator": "x\x85::warning::a\u2028::notice::b",
}


def _forged_key_register(folder: Path, key: str) -> None:
    quoted = json.dumps(key)  # a JSON string is a YAML double-quoted scalar
    text = BASE.read_text(encoding="utf-8") + f"  {quoted}: 1\n"
    (folder / "register.yaml").write_text(text, encoding="utf-8")


def _lines_ropa_did_not_write(output: str) -> list[str]:
    own = ("::error file=", "::warning file=")
    return [
        line for line in output.splitlines() if line.startswith("::") and not line.startswith(own)
    ]


@pytest.mark.parametrize("output_format", ["text", "github", "json", "sarif"])
@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_key_cannot_forge_an_output_line(
    register: Path, forgery: str, output_format: str
) -> None:
    _forged_key_register(register, forgery)
    code, output = run("validate", "data", "-f", output_format, "--color", "never", *TODAY)
    assert code == 1
    assert _lines_ropa_did_not_write(output) == []
    assert "\x1b" not in output
    assert "\u202e" not in output
    assert "\r" not in output
    assert "\x85" not in output
    assert "\u2028" not in output
    if output_format == "text":
        *findings, _summary, _hint = output.splitlines()
        assert all(line.startswith("data/register.yaml:58:") for line in findings)


@pytest.mark.parametrize("in_actions", [False, True])
@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_key_cannot_forge_a_line_in_a_build(
    register: Path, forgery: str, in_actions: bool
) -> None:
    _forged_key_register(register, forgery)
    env = {"GITHUB_ACTIONS": "true"} if in_actions else {}
    code, output = run("build", "data", "--out", "out", "-f", "json", *TODAY, env=env)
    assert code == 1
    assert _lines_ropa_did_not_write(output) == []
    assert "\x1b" not in output
    assert "\u202e" not in output
    assert ("\n::error file=data/register.yaml" in f"\n{output}") is in_actions


def test_the_escapes_are_visible_in_the_message(register: Path) -> None:
    _forged_key_register(register, "a\n::error::b\x1b[31m\u202e")
    code, output = run("validate", "data", "-q", *TODAY)
    assert code == 1
    assert "'a\\n::error::b\\x1b[31m\\u202e'" in output


@pytest.mark.parametrize(
    "name",
    ["c:9:9.yaml", "a\nb.yaml", "::error title=x::y.yaml", "esc\x1b[31m.yaml", 'q"uote.yaml'],
)
@pytest.mark.parametrize("output_format", ["text", "github", "json", "sarif"])
def test_a_file_name_cannot_forge_a_line_or_a_position(
    register: Path, name: str, output_format: str
) -> None:
    (register / name).write_text("unknown_section: 1\n", encoding="utf-8")
    code, output = run("validate", ".", "-f", output_format, "--color", "never", *TODAY)
    assert code == 1
    assert _lines_ropa_did_not_write(output) == []
    assert "\x1b" not in output
    if output_format == "text":
        first = output.splitlines()[0]
        assert first.startswith('"'), first  # quoted, so its colons cannot be misread
        assert first.split('":', 1)[1].startswith("1:1: error[unknown-field]")


def test_file_names_are_quoted_only_when_they_could_be_misread() -> None:
    assert file_name("data/activities.yaml") == "data/activities.yaml"
    assert file_name("data/c:9:9.yaml") == '"data/c:9:9.yaml"'
    assert file_name('a"b\\c') == '"a\\"b\\\\c"'
    assert file_name("a\nb") == '"a\\nb"'
    assert file_name(" lead.yaml") == '" lead.yaml"'


def test_an_undecodable_file_name_prints_without_error(register: Path) -> None:
    raw = os.fsencode(str(register)) + b"/caf\xe9.yaml"
    with open(raw, "wb") as handle:  # noqa: PTH123  # a bytes path: the name is not UTF-8
        handle.write(b"unknown_section: 1\n")
    code, output = run("validate", "data", *TODAY)
    assert code == 1
    assert '"data/caf\\udce9.yaml":1:1: error[unknown-field]' in output


def test_neutral_and_shown() -> None:
    assert neutral("a\tb\x00c\x7fd\x9be\u200bf\U000e0041") == (
        "a\\tb\\x00c\\x7fd\\x9be\\u200bf\\U000e0041"
    )
    assert neutral("Société « données » — ok") == "Société « données » — ok"
    long = "é" * 1_000_000
    assert shown(long) == "é" * 200 + "… (1,000,000 characters)"


# --- Echo without bound ----------------------------------------------------------------------


def test_a_megabyte_value_is_quoted_in_at_most_200_characters(register: Path) -> None:
    text = BASE.read_text(encoding="utf-8").replace("country: FR", "country: " + "Z" * 99_000, 1)
    (register / "register.yaml").write_text(text, encoding="utf-8")
    code, output = run("validate", "data", "-q", *TODAY)
    assert code == 1
    assert max(len(line) for line in output.splitlines()) < 600
    assert "… (99,000 characters)" in output


# --- Bounded work --------------------------------------------------------------------------


def test_a_file_over_the_size_bound_is_one_finding_read_no_further(register: Path) -> None:
    big = register / "big.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("# " + "x" * (LIMITS.file_bytes + 10) + "\n")
    source = load(register)
    assert [(f.rule, f.message) for f in source.findings] == [
        (
            "limit-exceeded",
            f"the file is {LIMITS.file_bytes + 13:,} bytes; at most {LIMITS.file_bytes:,} are "
            "read: split it into several files",
        )
    ]


def test_a_value_over_the_length_bound_is_one_finding(register: Path) -> None:
    (register / "long.yaml").write_text(
        "data_subjects:\n  fans:\n    name: " + "a" * (LIMITS.scalar + 1) + "\n", encoding="utf-8"
    )
    source = load(register)
    assert [(f.rule, f.position.line) for f in source.findings] == [("limit-exceeded", 3)]
    assert "100,001 characters; at most 100,000 are read" in source.findings[0].message


def test_a_file_of_too_many_items_is_refused_before_it_is_parsed(register: Path) -> None:
    (register / "flood.yaml").write_text(
        "activities:\n  x:\n    name: [" + "a," * LIMITS.file_items + "a]\n", encoding="utf-8"
    )
    source = load(register)
    assert [f.rule for f in source.findings] == ["limit-exceeded"]
    assert "split it into several files" in source.findings[0].message


def test_too_many_entries_in_one_file_is_one_finding(register: Path) -> None:
    lines = [f"  s{i}: {{name: S}}" for i in range(LIMITS.entries + 5)]
    (register / "subjects.yaml").write_text(
        "data_subjects:\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    source = load(register)
    assert [(f.rule, f.position.line) for f in source.findings] == [
        ("limit-exceeded", LIMITS.entries + 2)
    ]
    assert len(source.sections["data_subjects"]) == LIMITS.entries + 1  # with _base's own


def test_a_register_over_the_total_bound_stops_with_one_finding(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ropa.loader.LIMITS", LIMITS.__class__(register_bytes=3_000))
    for index in range(5):
        shutil.copy(BASE, register / f"copy{index}.yaml")
    source = load(register)
    over = [f for f in source.findings if f.rule == "limit-exceeded"]
    assert len(over) == 1
    assert over[0].position.file.endswith("copy2.yaml")  # copy0 + copy1 + copy2 > 3,000 bytes


def test_too_many_files_is_one_finding(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ropa.loader.LIMITS", LIMITS.__class__(files=3))
    for index in range(5):
        (register / f"empty{index}.yaml").write_text("", encoding="utf-8")
    source = load(register)
    assert [f.rule for f in source.findings] == ["limit-exceeded"]
    assert len(source.files) == 3


# --- Configuration fails closed, in one line ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pyproject.toml", b"tool = 1\n", "pyproject.toml: 'tool' must be a table ([tool.ropa])"),
        ("pyproject.toml", b"[tool]\nropa = 1\n", "pyproject.toml [tool.ropa]: expected a table"),
        ("ropa.toml", b"a = " + b"[" * 5000 + b"]" * 5000, "ropa.toml: nested too deeply to read"),
        ("ropa.toml", b"data = '\xff'\n", "ropa.toml: not UTF-8 (byte 8); save it as UTF-8"),
        ("ropa.toml", b"data = 1\n", "ropa.toml: data is a folder, written as a string"),
        (
            "ropa.toml",
            b"data = '../../etc'\n",
            "ropa.toml: data = '../../etc' leaves the project folder",
        ),
        (
            "ropa.toml",
            b"templates = '/etc'\n",
            "ropa.toml: templates = '/etc' leaves the project folder",
        ),
    ],
)
def test_a_bad_configuration_is_one_line_and_exit_2(
    register: Path, name: str, content: bytes, message: str
) -> None:
    (register.parent / name).write_bytes(content)
    code, output = run("validate", "data", *TODAY)
    assert code == 2
    assert output.startswith(f"ropa: error: {message}")
    assert len(output.splitlines()) == 1
    assert "Traceback" not in output


def test_an_unreadable_configuration_is_one_line(
    register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (register.parent / "ropa.toml").write_text("strict = true\n", encoding="utf-8")
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if path == "ropa.toml":
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, output = run("validate", "data", *TODAY)
    assert (code, output) == (2, "ropa: error: ropa.toml: cannot be read: Permission denied\n")


@pytest.mark.parametrize("target", ["/etc/shadow", "/root/nowhere.toml"])
def test_a_configuration_linked_outside_the_project_is_refused(register: Path, target: str) -> None:
    (register.parent / "ropa.toml").symlink_to(target)
    code, output = run("validate", "data", *TODAY)
    assert code == 2
    assert output.startswith("ropa: error: ropa.toml: a link to a file outside ")
    assert len(output.splitlines()) == 1


def test_configuration_folders_are_relative_to_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ropa.config import load_config

    (tmp_path / "ropa.toml").write_text(
        'data = "regs/main"\noutput = "site"\ntemplates = "look"\n', encoding="utf-8"
    )
    monkeypatch.chdir("/")
    config = load_config(tmp_path)
    assert config.data == tmp_path / "regs" / "main"
    assert config.output == tmp_path / "site"
    assert config.templates == tmp_path / "look"
