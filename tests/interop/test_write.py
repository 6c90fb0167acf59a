"""The register writer: split files, exact round trip of every string, TODO comments, never
overwriting, atomic; and the report, escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ropa.interop.result import Cell, Imported, Note
from ropa.interop.write import RegisterExistsError, report_markdown, write_register
from ropa.loader import load

HOSTILE = [
    "# not a comment",
    ": a key?",
    "a: b",
    "'single",
    "“curly”",
    "@at",
    "- dash",
    "-",
    "`tick",
    " leading space",
    "trailing space ",
    "two\nlines",
    "tab\there",
    "controls \x00\x07\x1b[31m\x7f\x85\u2028\ufeff\ufffe",
    "yes",
    "NO",
    "0123",
    "1e3",
    "~",
    "null",
    "{a: 1}",
    "[b]",
    "*alias",
    "&anchor",
    "!!python/object:os.system",
    "%TAG",
    "|",
    ">",
    "? q",
    "back\\slash",
    '"double"',
    "é 𝄞 中文",
    "2026-11-30",
    "a\t# comment-like",
]


def imported() -> Imported:
    return Imported(
        sections={
            "organization": {"name": "Example", "address": {"city": "Paris", "country": "FR"}},
            "data_subjects": {"customers": {"name": "Customers"}},
            "activities": {
                "newsletter": {
                    "name": "Newsletter: our news",
                    "data_subjects": ["customers"],
                    "legal_bases": [{"basis": "consent", "withdrawal": h} for h in HOSTILE],
                    "notes": "\n".join(HOSTILE),
                },
                "empty": {},
                "lists": {"name": "x", "data_subjects": []},
            },
        },
        todos={
            ("activities", "newsletter", "name"): "check: # this\nwith a newline \x00",
            ("activities", "newsletter", "retention"): "the sheet never said",
            ("activities", "newsletter", "legal_bases", 0): "guessed from 'Consent'",
            ("activities", "newsletter", "data_subjects", 0): "named in the sheet",
            ("activities", "empty"): "nothing in this row",
        },
    )


def test_every_string_reads_back_exactly(tmp_path: Path) -> None:
    data = imported()
    write_register(tmp_path / "reg", data)
    source = load(tmp_path / "reg")
    assert [f.format() for f in source.findings] == []
    assert source.sections == data.sections


@pytest.mark.parametrize("value", HOSTILE)
def test_one_hostile_value_as_an_entry_name_reads_back(tmp_path: Path, value: str) -> None:
    data = Imported(sections={"data_subjects": {"s": {"name": value, "description": value}}})
    write_register(tmp_path / "reg", data)
    assert load(tmp_path / "reg").sections == data.sections


def test_files_are_split_as_ropa_init_splits_them(tmp_path: Path) -> None:
    written = write_register(tmp_path / "reg", imported())
    assert [p.name for p in written] == ["organization.yaml", "definitions.yaml", "activities.yaml"]
    assert sorted(p.name for p in (tmp_path / "reg").iterdir()) == [
        "activities.yaml",
        "definitions.yaml",
        "organization.yaml",
    ]
    assert (tmp_path / "reg" / "definitions.yaml").read_text() == (
        'data_subjects:\n  customers:\n    name: "Customers"\n'
    )


def test_todos_are_comments_beside_their_keys(tmp_path: Path) -> None:
    write_register(tmp_path / "reg", imported())
    lines = (tmp_path / "reg" / "activities.yaml").read_text().splitlines()
    assert lines[:6] == [
        "activities:",
        "  newsletter:",
        '    name: "Newsletter: our news"         # TODO: check: # this with a newline \\x00',
        "    data_subjects:",
        '      - "customers"                      # TODO: named in the sheet',
        "    legal_bases:",
    ]
    assert lines[6:8] == [
        "      # TODO: guessed from 'Consent'",
        '      - basis: "consent"',
    ]
    assert "    # TODO: retention: the sheet never said" in lines
    assert "  empty: {}".ljust(41) + "# TODO: nothing in this row" in lines


def test_an_existing_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "reg"
    folder.mkdir()
    (folder / "mine.yaml").write_text("keep me")
    with pytest.raises(RegisterExistsError, match=r"mine\.yaml"):
        write_register(folder, imported())
    assert [p.name for p in folder.iterdir()] == ["mine.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg"]  # no temporary folder left


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "reg").mkdir()
    write_register(tmp_path / "reg", imported())
    assert len(list((tmp_path / "reg").iterdir())) == 3


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Path, *args: Any, **kwargs: Any) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_text", broken)
    with pytest.raises(OSError, match="disk full"):
        write_register(tmp_path / "reg", imported())
    assert list(tmp_path.iterdir()) == []


def test_the_report_lists_each_note_escaped() -> None:
    data = Imported(
        notes=[
            Note(
                Cell("Sheet|1", 3, "D (Retention)"),
                "<script>alert(1)</script> **bold** [x](javascript:1)",
                "unmapped",
                "not a duration | kept in notes",
                ("activities", "payroll", "notes"),
            ),
            Note(Cell("Sheet1", 4, "E"), "Consent", "guessed", "read as consent", ()),
        ]
    )
    assert report_markdown(data, "reg<1>.csv").splitlines() == [
        "# Import of reg&lt;1&gt;.csv",
        "",
        "2 notes: 1 guessed, 1 kept verbatim, 0 refused.",
        "",
        "| sheet | row | column | value | done | where | reason |",
        "|---|---|---|---|---|---|---|",
        "| Sheet\\|1 | 3 | D (Retention) | &lt;script&gt;alert(1)&lt;/script&gt; \\*\\*bold\\*\\* "
        "\\[x\\](javascript:1) | kept verbatim | activities.payroll.notes | not a duration \\| "
        "kept in notes |",
        "| Sheet1 | 4 | E | Consent | guessed | — | read as consent |",
    ]
