"""Properties for hostile pull requests: file names, keys and values with control characters,
and configuration files. Whatever they hold, ropa prints only lines it wrote itself, never a
traceback, and configuration problems are one line with exit 2.

Run long with ``make fuzz`` (``HYPOTHESIS_PROFILE=fuzz``); the everyday run tries a few hundred.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ropa.display import file_name
from tests.conftest import CASES

PROFILE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = (CASES / "_base" / "register.yaml").read_text(encoding="utf-8")
FORMATS = ("text", "github", "json", "sarif")
runner = CliRunner()

#: Characters that forge lines or hide text, mixed with ordinary ones and workflow commands.
hostile_text = st.lists(
    st.one_of(
        st.sampled_from(
            ["\n", "\r", "\x1b", "\x85", "\u2028", "\u202e", "\u2066", "\x00", "\x7f", "\t"]
        ),
        st.sampled_from(["::", "error", "add-mask", "::error::", ":", '"', "\\", "%", " "]),
        st.characters(codec="utf-8"),
    ),
    min_size=1,
    max_size=20,
).map("".join)


def _own_lines_only(output: str) -> None:
    """Every line that GitHub Actions would read as a command was written by ropa."""
    for line in output.splitlines():
        if line.startswith("::"):
            assert line.startswith(("::error file=", "::warning file=")), line
            _command, _, message = line.partition("::")[2].partition("::")
            assert "\n" not in message
        assert "\x1b" not in line
        assert "\u202e" not in line
        assert "\x85" not in line


def _validate(folder: Path, output_format: str) -> tuple[int, str]:
    from ropa.cli import app

    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = runner.invoke(app, ["validate", ".", "-f", output_format, "--today", "2026-11-24"])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@PROFILE
@given(name=hostile_text, output_format=st.sampled_from(FORMATS))
def test_any_file_name_prints_only_ropa_lines(name: str, output_format: str) -> None:
    safe = name.replace("/", "_").replace("\x00", "_")
    if safe in (".", "..") or len(safe.encode()) > 200:
        return
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "register.yaml").write_text(BASE, encoding="utf-8")
        (Path(folder) / f"{safe}.yaml").write_text("unknown_section: 1\n", encoding="utf-8")
        code, output = _validate(Path(folder), output_format)
    assert code == 1
    _own_lines_only(output)


@PROFILE
@given(key=hostile_text, value=hostile_text, output_format=st.sampled_from(FORMATS))
def test_any_key_or_value_prints_only_ropa_lines(key: str, value: str, output_format: str) -> None:
    # JSON strings are YAML double-quoted scalars: any character can be written
    text = BASE + f"  {json.dumps(key)}: {json.dumps(value)}\n    {json.dumps(value)}: x\n"
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "register.yaml").write_text(text, encoding="utf-8")
        code, output = _validate(Path(folder), output_format)
    assert code in (0, 1)
    _own_lines_only(output)


toml_values = st.recursive(
    st.one_of(
        st.text(max_size=10), st.integers(), st.booleans(), st.sampled_from(["data", "../x", "/"])
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["data", "severity", "tool", "ropa", "x"]), inner, max_size=3
        )
    ),
    max_leaves=10,
)


def _toml(table: dict[str, object], prefix: str = "") -> str:
    """A TOML rendering of ``table``, good enough for fuzzing (inline tables, JSON strings)."""

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, int):
            return str(item)
        if isinstance(item, str):
            return json.dumps(item)
        if isinstance(item, list):
            return "[" + ", ".join(value(i) for i in item) + "]"
        assert isinstance(item, dict)
        return "{" + ", ".join(f"{json.dumps(k)} = {value(v)}" for k, v in item.items()) + "}"

    return "".join(f"{json.dumps(key)} = {value(item)}\n" for key, item in table.items())


@PROFILE
@given(
    name=st.sampled_from(["ropa.toml", "pyproject.toml"]),
    table=st.dictionaries(
        st.sampled_from(["data", "output", "templates", "strict", "severity", "tool", "x"]),
        toml_values,
        max_size=4,
    ),
    raw=st.binary(max_size=60),
    use_raw=st.booleans(),
)
def test_any_configuration_runs_or_stops_in_one_line(
    name: str, table: dict[str, object], raw: bytes, use_raw: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "data").mkdir()
        (Path(folder) / "data" / "register.yaml").write_text(BASE, encoding="utf-8")
        content = raw if use_raw else _toml(table).encode()
        (Path(folder) / name).write_bytes(content)
        code, output = _validate(Path(folder), "text")
    if code == 2:
        assert len(output.splitlines()) == 1, output
        assert output.startswith("ropa: error: ")
    _own_lines_only(output)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("plain", False),
        ("é", False),
        ("a:b", True),
        ("x\ny", True),
        (" s", True),
        ('q"', True),
        ("b\\s", True),
    ],
)
def test_a_quoted_file_name_reads_back_as_a_json_string(text: str, quoted: bool) -> None:
    shown = file_name(text)
    assert shown.startswith('"') is quoted
    assert (json.loads(shown) if quoted else shown) == text
