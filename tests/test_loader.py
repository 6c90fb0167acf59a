"""The loader: safe by construction, positions for everything, every problem a finding."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ropa.findings import Finding
from ropa.loader import Source, load


def load_text(tmp_path: Path, content: str | bytes, name: str = "register.yaml") -> Source:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return load(tmp_path)


def brief(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.rule, f.position.line, f.position.column) for f in findings]


def test_scalars_stay_strings_where_yaml_1_1_would_convert_them(tmp_path: Path) -> None:
    source = load_text(
        tmp_path,
        "organization:\n  a: NO\n  b: yes\n  c: on\n  d: 0755\n  e: 2026-09-01\n  f: 1.10\n  g: ~\n",
    )
    assert source.sections["organization"] == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": "0755",
        "e": "2026-09-01",
        "f": "1.10",
    }
    assert source.findings == []


def test_blank_values_read_as_absent(tmp_path: Path) -> None:
    source = load_text(tmp_path, 'organization:\n  a:\n  b: "  "\n  c: x\n')
    assert source.sections["organization"] == {"c": "x"}


def test_duplicate_key_is_reported_at_its_second_occurrence(tmp_path: Path) -> None:
    source = load_text(tmp_path, "organization:\n  name: a\n  email: b\n  name: c\n")
    assert brief(source.findings) == [("yaml-syntax", 4, 3)]
    assert "first at line 2" in source.findings[0].message


def test_duplicate_id_in_one_file_and_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("activities:\n  x: {}\n  x: {}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("activities:\n  x: {}\n", encoding="utf-8")
    source = load(tmp_path)
    assert [(f.rule, Path(f.position.file).name, f.position.line) for f in source.findings] == [
        ("duplicate-id", "a.yaml", 3),
        ("duplicate-id", "b.yaml", 2),
    ]
    assert source.findings[1].message.endswith(
        f"already defined at {tmp_path.as_posix()}/a.yaml:2:3; rename or remove one"
    )


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['ls']",
        "!!python/name:os.system",
        "!custom x",
        "!!binary aGk=",
    ],
)
def test_object_and_custom_tags_are_refused(tmp_path: Path, tag: str) -> None:
    source = load_text(tmp_path, f"activities:\n  x:\n    name: {tag}\n  y:\n    name: fine\n")
    assert brief(source.findings) == [("yaml-syntax", 3, 11)]
    assert "is not allowed" in source.findings[0].message
    assert source.sections["activities"]["y"] == {"name": "fine"}, "other entries still load"


def test_standard_scalar_tags_are_accepted(tmp_path: Path) -> None:
    source = load_text(tmp_path, "organization:\n  a: !!str 12\n  b: !!int 12\n")
    assert source.sections["organization"] == {"a": "12", "b": "12"}
    assert source.findings == []


def test_billion_laughs_is_a_finding_within_a_second(tmp_path: Path) -> None:
    lines = ['    l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*l{level - 1}"] * 9)
        lines.append(f"    l{level}: &l{level} [{refs}]")
    start = time.perf_counter()
    source = load_text(tmp_path, "activities:\n  bomb:\n" + "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert [f.rule for f in source.findings] == ["yaml-syntax"]
    assert "alias" in source.findings[0].message


def test_modest_aliases_and_merge_keys_work(tmp_path: Path) -> None:
    source = load_text(
        tmp_path,
        "cookies:\n  base: &base {lifetime: 13 months, consent: required}\n"
        "  _ga: {<<: *base, consent: exempt, provider: google}\n",
    )
    assert source.sections["cookies"]["_ga"] == {
        "consent": "exempt",
        "provider": "google",
        "lifetime": "13 months",
    }
    assert source.findings == []
    # a merged value points at where it was written
    assert source.locator(("cookies", "_ga", "lifetime"), value=True).line == 2


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    source = load_text(tmp_path, b"\xef\xbb\xbfdata_subjects:\r\n  c:\r\n    name: C\r\n")
    assert source.sections["data_subjects"] == {"c": {"name": "C"}}
    assert source.findings == []
    assert source.locator(("data_subjects", "c", "name")).line == 3


def test_a_file_that_is_not_utf8_is_a_finding_naming_the_file(tmp_path: Path) -> None:
    source = load_text(tmp_path, b"policy:\n  title: caf\xe9\n")
    assert brief(source.findings) == [("yaml-syntax", 2, 13)]
    assert source.findings[0].position.file.endswith("register.yaml")
    assert "not UTF-8" in source.findings[0].message


def test_empty_and_comment_only_files_are_fine(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("", encoding="utf-8")
    (tmp_path / "b.yml").write_text("# nothing yet\n", encoding="utf-8")
    source = load(tmp_path)
    assert source.findings == []
    assert len(source.files) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "- a\n- b\n",
            "the file is a list ('- ' at the start of this line) but must be a mapping of "
            "sections: remove the '- ' so that the section name starts the line",
        ),
        (
            "just text\n",
            "the file holds only the text 'just text'; a declarations file is a mapping of "
            "sections: start it with a section name such as 'activities:'",
        ),
        (
            "42\n",
            "the file holds only the text '42'; a declarations file is a mapping of "
            "sections: start it with a section name such as 'activities:'",
        ),
    ],
)
def test_top_level_must_be_a_mapping(tmp_path: Path, content: str, message: str) -> None:
    source = load_text(tmp_path, content)
    assert brief(source.findings) == [("yaml-syntax", 1, 1)]
    assert source.findings[0].message == message


def test_syntax_error_is_at_the_mistake_and_the_rest_is_read(tmp_path: Path) -> None:
    source = load_text(tmp_path, "policy:\n  title: [unclosed\n  version: 1\n")
    assert brief(source.findings) == [("yaml-syntax", 2, 10)]
    assert source.findings[0].message == (
        "the '[' opened here is never closed: end the list with ']' on the same line"
    )
    assert source.sections["policy"] == {"version": "1"}
    assert source.unread == {("policy", "title")}


def test_several_documents_in_one_file_are_refused(tmp_path: Path) -> None:
    source = load_text(tmp_path, "policy: {}\n---\norganization: {}\n")
    assert [f.rule for f in source.findings] == ["yaml-syntax"]


def test_unknown_section_suggests_the_closest(tmp_path: Path) -> None:
    source = load_text(tmp_path, "activites:\n  x: {}\n")
    assert brief(source.findings) == [("unknown-field", 1, 1)]
    assert source.findings[0].message == "unknown section 'activites'; did you mean 'activities'?"


def test_files_are_read_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("z.yaml", "b/a.yml", "a.yaml", "notes.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [Path(f).relative_to(tmp_path).as_posix() for f in load(tmp_path).files] == [
        "a.yaml",
        "b/a.yml",
        "z.yaml",
    ]


def test_locator_points_missing_keys_at_the_parent(tmp_path: Path) -> None:
    source = load_text(tmp_path, "activities:\n  orders:\n    name: Orders\n")
    locate = source.locator
    assert (
        locate(("activities", "orders", "name")).line,
        locate(("activities", "orders", "name")).column,
    ) == (3, 5)
    assert locate(("activities", "orders", "name"), value=True).column == 11
    assert locate(("activities", "orders", "legal_bases", 0, "basis")).line == 2


def test_deep_nesting_is_a_finding(tmp_path: Path) -> None:
    source = load_text(tmp_path, "activities:\n  x:\n    a: " + "[" * 200 + "]" * 200 + "\n")
    assert [f.rule for f in source.findings] == ["limit-exceeded"]


def test_an_explicit_key_overrides_a_merged_one_without_a_duplicate(tmp_path: Path) -> None:
    source = load_text(
        tmp_path,
        "data_subjects:\n  base: &b {name: X, description: D}\n  visitors: {<<: *b, name: Y}\n",
    )
    assert source.findings == []
    assert source.sections["data_subjects"]["visitors"] == {"name": "Y", "description": "D"}


def test_a_malformed_section_does_not_hide_the_rest_of_the_file(tmp_path: Path) -> None:
    source = load_text(tmp_path, "security_measures: [tls]\npolicy:\n  version: '1'\n")
    assert brief(source.findings) == [("invalid-value", 1, 20)]
    assert source.sections["policy"] == {"version": "1"}


def test_a_mapping_of_blank_values_counts_as_absent(tmp_path: Path) -> None:
    source = load_text(
        tmp_path, 'recipients:\n  x: {dpa: {}, category: {en: "", fr: " "}, name: n}\n'
    )
    assert source.sections["recipients"]["x"] == {"name": "n"}


def test_control_characters_are_reported_at_their_line(tmp_path: Path) -> None:
    source = load_text(tmp_path, "policy:\n  title: a\x01b\n")
    assert brief(source.findings) == [("yaml-syntax", 2, 11)]
