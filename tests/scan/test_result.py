"""The scan file: written atomically, read back whole, and refused in one line when it is not a
scan (``ropa scan --from`` reads files that may come from anywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ropa.scan import result
from ropa.scan.command import scan_command
from ropa.scan.result import ScanFileError, StorageKind, as_json, parse_scan, read_scan, write_scan
from tests.scan import registers, samples
from tests.scan.samples import cookie, storage

app = typer.Typer()
app.command("scan")(scan_command)
app.command("other")(lambda: None)

SCAN = samples.scan(
    (cookie("sid"), cookie("_ga", days=390), storage("cart", StorageKind.SESSION)),
    (cookie("sid"),),
)


def test_a_scan_reads_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "scan.json"
    write_scan(path, SCAN)
    assert read_scan(path) == SCAN
    assert [p.name for p in tmp_path.iterdir()] == ["scan.json"]  # no temporary file left
    write_scan(path, SCAN)  # --out replaces a scan written before, whole
    assert path.read_text(encoding="utf-8") == as_json(SCAN)


def valid() -> dict[str, object]:
    data: dict[str, object] = json.loads(as_json(SCAN))
    return data


def with_change(path: str, value: object) -> bytes:
    """The scan's JSON with the value at ``path`` (keys and indices, dotted) replaced."""
    data = valid()
    *parents, last = path.split(".")
    here: object = data
    for step in parents:
        here = here[int(step)] if isinstance(here, list) else here[step]  # type: ignore[index]
    if isinstance(here, list):
        here[int(last)] = value
    else:
        assert isinstance(here, dict)
        here[last] = value
    return json.dumps(data).encode()


COOKIE = "phases.0.cookies.0"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"{not json",
            "bad.json:1:2: not JSON (Expecting property name enclosed in double quotes), not a ropa scan file",
        ),
        (b"\xff\xfe", "bad.json: not UTF-8 (byte 1), not a ropa scan file"),
        (b"[1, 2]", 'bad.json: not a ropa scan file (no "ropa-scan": 1)'),
        (b'{"ropa-scan": 2}', "bad.json: a scan file of format 2; this ropa reads format 1"),
        (b'{"ropa-scan": true}', "bad.json: a scan file of format true; this ropa reads format 1"),
        (b"[" * 100_000 + b"]" * 100_000, "bad.json: nested too deeply, not a ropa scan file"),
        (
            b'{"ropa-scan": 1, "ropa-scan": 1}',
            "bad.json: the key 'ropa-scan' appears twice in one object",
        ),
        (with_change("url", None), "bad.json: url: expected a string, not null"),
        (
            with_change("started", "yesterday"),
            "bad.json: started: expected a UTC time written 2026-11-24T10:00:00Z, not 'yesterday'",
        ),
        (
            with_change("phases", []),
            "bad.json: phases: expected one phase before consent, then one after it",
        ),
        (
            with_change("phases.0.consented", True),
            "bad.json: phases: expected one phase before consent, then one after it",
        ),
        (
            with_change(f"{COOKIE}.expires", 5),
            "bad.json: phases[0].cookies[0].expires: expected a string, not the number 5",
        ),
        (
            with_change(f"{COOKIE}.party", "fourth"),
            "bad.json: phases[0].cookies[0].party: expected one of first, third, not 'fourth'",
        ),
        (
            with_change(f"{COOKIE}.set_by", ["magic"]),
            "bad.json: phases[0].cookies[0].set_by[0]: expected one of header, script, scanner, not 'magic'",
        ),
        (
            with_change(f"{COOKIE}.same_site", "Sometimes"),
            "bad.json: phases[0].cookies[0].same_site: expected Strict, Lax, None or '', not 'Sometimes'",
        ),
        (
            with_change(f"{COOKIE}.http_only", "yes"),
            "bad.json: phases[0].cookies[0].http_only: expected true or false, not 'yes'",
        ),
        (with_change(f"{COOKIE}.domain", ""), "bad.json: phases[0].cookies[0].domain: empty"),
        (
            with_change(f"{COOKIE}.name", "x" * 9000),
            "bad.json: phases[0].cookies[0].name: longer than 8,192 characters",
        ),
        (
            with_change("phases.0.cookies", {}),
            "bad.json: phases[0].cookies: expected a list, not an object",
        ),
        (
            with_change("phases.0.storage.0.kind", "cookie"),
            "bad.json: phases[0].storage[0].kind: expected one of local, session, not 'cookie'",
        ),
        (
            with_change(
                "phases.0.requests", [{"host": "x", "type": "Image", "count": 0, "page": ""}]
            ),
            "bad.json: phases[0].requests[0].count: expected a whole number from 1, not the number 0",
        ),
        (
            with_change("phases.0.cookies.0", {"\x1b[31mred": 1}),
            "bad.json: phases[0].cookies[0]: missing key 'name'",
        ),
        (
            with_change("phases.0", {**json.loads(as_json(SCAN))["phases"][0], "\x1b[31m": 1}),
            "bad.json: phases[0]: unknown key '\\x1b[31m'",
        ),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_what_is_not_a_scan_is_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(ScanFileError) as refused:
        parse_scan(data, "bad.json")
    assert str(refused.value) == message


def test_a_file_too_large_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(result, "MAX_FILE", 1000)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000 + as_json(SCAN).encode())
    with pytest.raises(
        ScanFileError, match=r"big.json: larger than 1,000 bytes, not a ropa scan file$"
    ):
        read_scan(path)


def test_ropa_scan_from_a_malformed_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    register = registers.write(tmp_path, "match")
    bad = tmp_path / "bad.json"
    bad.write_text('{"ropa-scan": 1, "url": "x"\n', encoding="utf-8")
    outcome = CliRunner().invoke(app, ["scan", "--from", str(bad), "--register", str(register)])
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr == (
        f"ropa: error: {bad}:2:1: not JSON (Expecting ',' delimiter), not a ropa scan file\n"
    )
    missing = CliRunner().invoke(
        app, ["scan", "--from", str(tmp_path / "none.json"), "--register", str(register)]
    )
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"ropa: error: cannot read {tmp_path}/none.json: No such file or directory\n"
    )


def test_ropa_scan_from_a_stored_scan_compares_it(tmp_path: Path) -> None:
    """The round trip through the command: --from reads what --out wrote (here, by hand)."""
    register = registers.write(tmp_path, "match")
    path = tmp_path / "scan.json"
    write_scan(
        path, samples.scan((cookie("session_id"), storage("cart"), cookie("lang", days=400)))
    )
    outcome = CliRunner().invoke(
        app, ["scan", "--from", str(path), "--register", str(register), "-q"]
    )
    assert outcome.exit_code == 0
    lines = [line.replace(f"{register}/", "") for line in outcome.stdout.splitlines()]
    assert [line.split("] ")[0] for line in lines] == [
        "cookies.yaml:3:3: note[cookie-not-seen",  # recent
        "cookies.yaml:4:58: warning[cookie-lifetime-longer",  # lang: 400 days, not 1 year
        "cookies.yaml:5:3: note[cookie-not-seen",
        "cookies.yaml:6:3: note[cookie-not-seen",
        "cookies.yaml:8:3: note[cookie-not-seen",
        "cookies.yaml:9:3: note[cookie-not-seen",
        "cookies.yaml:10:3: note[cookie-not-seen",
    ]
    assert outcome.stderr == ""
