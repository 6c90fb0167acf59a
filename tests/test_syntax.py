"""YAML mistakes in plain words (issue 10): each mistake a legal editor makes is one finding, at
the line and column of the mistake, that says what to write; the rest of the file is read."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from bench.mistakes import MISTAKES
from ropa.check import validate
from ropa.loader import MAX_SYNTAX_ERRORS, load
from tests.conftest import ROOT

#: (name, file text, (line, column, message), what could not be read)
CASES: list[tuple[str, str, tuple[int, int, str], set[tuple[str, ...]]]] = [
    (
        "tab",
        "activities:\n  a:\n    name: x\n\tdescription: y\n  b:\n    name: z\n",
        (
            4,
            1,
            "a tab is used to indent this line; YAML indents with spaces only: replace the tab "
            "with spaces, as many as the lines around it use",
        ),
        {("activities", "a")},
    ),
    (
        "indented more",
        "activities:\n  a:\n    name: x\n     description: y\n",
        (
            4,
            6,
            "'description' is indented by 5 spaces, more than 'name' on line 3 (4): keys of one "
            "mapping start in the same column; indent it by 4 spaces",
        ),
        {("activities", "a")},
    ),
    (
        "indented less",
        "activities:\n  a:\n    name: x\n   description: y\n",
        (
            4,
            4,
            "'description' is indented by 3 spaces, which lines it up with no key above: indent "
            "it by 4 spaces to line it up with 'name' (line 3) or by 2 spaces to line it up with "
            "'a' (line 2)",
        ),
        {("activities", "a")},
    ),
    (
        "colon in a plain value",
        "activities:\n  a:\n    name: Newsletter: our news\n",
        (
            3,
            21,
            "the value of 'name' contains ': ' (a colon and a space), which YAML reads as the "
            'start of a key: put the whole value in double quotes (name: "Newsletter: our news")',
        ),
        {("activities", "a")},
    ),
    (
        "apostrophe in single quotes",
        "activities:\n  a:\n    name: 'l'offre du jour'\n",
        (
            3,
            13,
            "an apostrophe inside a single-quoted value ends the value early: write each "
            "apostrophe twice ('l''offre du jour') or put the value in double quotes "
            '("l\'offre du jour")',
        ),
        {("activities", "a")},
    ),
    (
        "double quote in double quotes",
        'activities:\n  a:\n    name: "the "best" offer"\n',
        (
            3,
            16,
            'a double quote inside a double-quoted value ends the value early: write it \\" '
            '("the \\"best\\" offer") or put the value in single quotes (\'the "best" offer\')',
        ),
        {("activities", "a")},
    ),
    (
        "unclosed quote",
        'activities:\n  a:\n    name: "Invoicing\n    description: y\n  b:\n    name: z\n',
        (
            3,
            11,
            'the double quote that opens this value is never closed: end the value with " on '
            "the same line",
        ),
        {("activities", "a")},
    ),
    (
        "unclosed quote closed by a later one",
        'activities:\n  a:\n    name: "Invoicing\n  b:\n    name: "z"\n',
        (
            3,
            11,
            "the double quote that opens this value is never closed on its line: end the value "
            'with " on the same line',
        ),
        {("activities", "a")},
    ),
    (
        "unclosed bracket",
        "activities:\n  a:\n    recipients: [x, y\n    name: n\n",
        (3, 17, "the '[' opened here is never closed: end the list with ']' on the same line"),
        {("activities", "a")},
    ),
    (
        "flow mapping broken by a comment",
        "activities:\n  a:\n    name: {en: Contract #42, fr: Contrat}\n",
        (
            3,
            25,
            "' #' inside {…} starts a comment, which hides the rest of the line and its closing "
            "'}': put the value in quotes (\"Contract #42\")",
        ),
        {("activities", "a")},
    ),
    (
        "flow mapping broken by a colon",
        "activities:\n  a:\n    name: {en: Internal: acc, fr: y}\n",
        (
            3,
            24,
            "a value inside {…} contains ': ', which YAML reads as a new key: put the value in "
            'double quotes (en: "Internal: acc")',
        ),
        {("activities", "a")},
    ),
    (
        "'- ' missing in a list of scalars",
        "activities:\n  a:\n    legal_bases:\n      - basis: consent\n      - basis: contract\n"
        "      basis: legal_obligation\n",
        (
            6,
            7,
            "this line is at the indentation of the list items above (line 4) but has no '- ': "
            "begin it with '- ' to start a new item, or indent it by 8 spaces to keep it in the "
            "item above",
        ),
        {("activities", "a")},
    ),
    (
        "'- ' extra before a key",
        "activities:\n  a:\n    - name: x\n    description: y\n",
        (
            4,
            5,
            "this line is at the indentation of the list item on line 3 (- name: x) but has no "
            "'- ': begin it with '- ' to add an item, indent it by 6 spaces to keep it in that "
            "item, or remove the '- ' on line 3 if this is not a list",
        ),
        {("activities", "a")},
    ),
    (
        "'- ' among keys",
        "activities:\n  a:\n    name: x\n    - description\n",
        (
            4,
            5,
            "'- ' starts a list item where a key is expected: a value is either a list (every "
            "item with '- ') or a mapping of keys, not both; remove the '- ', or put the list "
            "under a key of its own",
        ),
        {("activities", "a")},
    ),
    (
        "second document",
        "activities:\n  a:\n    name: x\n---\npolicy:\n  version: '1'\n",
        (
            4,
            1,
            "a second document ('---') starts here; a declarations file holds one: remove the "
            "'---' line, or move what follows into a file of its own",
        ),
        set(),
    ),
    (
        "value starting with @",
        "activities:\n  a:\n    name: @mylittleday\n",
        (
            3,
            11,
            "a value cannot start with '@' in YAML: put it in double quotes (\"@mylittleday\")",
        ),
        {("activities", "a")},
    ),
    (
        "backslash in double quotes",
        'activities:\n  a:\n    name: "C:\\path"\n',
        (
            3,
            14,
            "a backslash in a double-quoted value starts an escape sequence: write it twice "
            "(\\\\), or put the value in single quotes",
        ),
        {("activities", "a")},
    ),
    (
        "no colon after a key",
        "activities:\n  a:\n    name x\n    description: y\n",
        (
            3,
            5,
            "this line has no ': ' after its key: write 'key: value', or quote the line if it "
            "continues the value above",
        ),
        {("activities", "a")},
    ),
    (
        "control character",
        "activities:\n  a:\n    name: x\x07y\n  b:\n    name: z\n",
        (3, 12, "U+0007 is not allowed in YAML text: remove it, or retype the value"),
        {("activities", "a")},
    ),
    (
        "a list at the top level",
        "- activities:\n    a:\n      name: x\n",
        (
            1,
            1,
            "the file is a list ('- ' at the start of this line) but must be a mapping of "
            "sections: remove the '- ' so that the section name starts the line",
        ),
        set(),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "unread"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_mistake_is_one_finding_that_says_what_to_write(
    tmp_path: Path, text: str, expected: tuple[int, int, str], unread: set[tuple[str, ...]]
) -> None:
    (tmp_path / "register.yaml").write_text(text, encoding="utf-8")
    source = load(tmp_path)
    assert [(f.rule, f.position.line, f.position.column, f.message) for f in source.findings] == [
        ("yaml-syntax", *expected)
    ]
    assert source.unread == unread


def test_the_entries_around_a_mistake_are_read(tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text(
        "recipients:\n  a:\n    name: A\n  b:\n    name: 'l'offre'\n  c:\n    name: C\n"
        "activities:\n  x:\n    name: X\n",
        encoding="utf-8",
    )
    source = load(tmp_path)
    assert sorted(source.sections["recipients"]) == ["a", "c"]
    assert sorted(source.sections["activities"]) == ["x"]
    assert source.unread == {("recipients", "b")}


def test_two_mistakes_in_two_entries_are_two_findings(tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text(
        "recipients:\n  a:\n    name: 'l'offre'\n  b:\n    name: B\n  c:\n\tname: C\n",
        encoding="utf-8",
    )
    source = load(tmp_path)
    assert [(f.position.line, f.rule) for f in source.findings] == [
        (3, "yaml-syntax"),
        (7, "yaml-syntax"),
    ]
    assert sorted(source.sections["recipients"]) == ["b"]


def test_a_file_of_mistakes_stops_after_a_bounded_number(tmp_path: Path) -> None:
    entries = "".join(f"  e{i}:\n    name: 'l'offre'\n" for i in range(500))
    (tmp_path / "register.yaml").write_text("recipients:\n" + entries, encoding="utf-8")
    started = time.perf_counter()
    source = load(tmp_path)
    assert len(source.findings) == MAX_SYNTAX_ERRORS + 1
    assert time.perf_counter() - started < 10
    assert ("recipients", "e499") in source.unread  # the rest is set aside, not reported


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example") / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


_ONE_FINDING = {  # the rule each mistake of bench/mistakes.py is reported by
    "country: UK (the ISO code is GB)": "invalid-value",
    "basis: Consent (capitalised)": "invalid-value",
    "a cookie's provider: Google (a name, not a recipient id)": "invalid-value",
    "reference: Contract #42 (cut by a comment)": "value-cut-by-comment",
    "curly quotes around a value": "curly-quotes",
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_one_mistake_in_the_example_register_is_one_finding(
    example: Path, mistake: tuple[str, str, str, str]
) -> None:
    what, file, before, after = mistake
    path = example / file
    text = path.read_text(encoding="utf-8")
    assert text.count(before) == 1
    path.write_text(text.replace(before, after), encoding="utf-8")
    try:
        report = validate(example, date(2026, 11, 30))
    finally:
        path.write_text(text, encoding="utf-8")
    assert [f.rule for f in report.findings] == [_ONE_FINDING.get(what, "yaml-syntax")]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (  # the first entry indented one space short: it, not each entry after it
            "  hashed-passwords:",
            " hashed-passwords:",
            "security.yaml:10:2: error[yaml-syntax] 'hashed-passwords' is indented by 1 space, "
            "unlike the keys of its mapping after it (2): keys of one mapping start in the same "
            "column; indent it by 2 spaces",
        ),
        (  # a mistake in an id: what refers to it is not also unknown
            "  need-to-know-access:",
            "  need-to-know-access:'",
            "security.yaml:16:3: error[yaml-syntax] this line has no ':' after its key: write "
            "'key: value', or indent the line further to continue the value above",
        ),
        (  # a valid YAML key that is not a valid id: one finding, not also the references
            "  tls-encryption:",
            "  tls{-encryption:",
            "security.yaml:50:3: error[invalid-value] 'tls{-encryption' is not a valid id in "
            "security_measures: use lowercase letters, digits, '-' and '_', starting with a "
            "letter; for example 'tls-encryption'",
        ),
    ],
    ids=["first key short", "quote in an id", "invalid id"],
)
def test_a_mistake_in_an_entry_id_is_one_finding(
    example: Path, before: str, after: str, expected: str
) -> None:
    path = example / "security.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(before + "\n") == 1
    path.write_text(text.replace(before + "\n", after + "\n"), encoding="utf-8")
    try:
        report = validate(example, date(2026, 11, 30))
    finally:
        path.write_text(text, encoding="utf-8")
    assert [f.format().removeprefix(f"{example}/") for f in report.findings] == [expected]


def test_a_section_name_indented_by_a_space_is_one_finding(tmp_path: Path) -> None:
    (tmp_path / "register.yaml").write_text(
        "organization:\n  name: A\n policy:\n  version: '1'\n", encoding="utf-8"
    )
    source = load(tmp_path)
    assert [f.rule for f in source.findings] == ["yaml-syntax"]
    assert ("policy",) in source.unread
    assert source.sections["organization"] == {"name": "A"}


def test_a_name_for_an_id_suggests_the_id_that_holds_it(example: Path) -> None:
    path = example / "cookies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("provider: google-analytics", "provider: Google"), "utf-8")
    try:
        report = validate(example, date(2026, 11, 30))
    finally:
        path.write_text(text, encoding="utf-8")
    assert [f.message for f in report.findings] == [
        "cookie '_ga' (provider): expected a recipient id such as 'google-analytics' (one of "
        "those under recipients:), or first_party, not 'Google'"
    ]


@pytest.mark.parametrize(
    ("text", "line"), [("[", 1), ("a: {b: c", 1), ('a: "b', 1), ("a:\n  - [x", 2)]
)
def test_a_mistake_that_runs_to_the_end_of_the_file_is_reported_where_it_opens(
    tmp_path: Path, text: str, line: int
) -> None:
    """libyaml's marks may stand past the last line (the end of the stream, no final newline):
    the finding is still one, at the bracket or quote left open."""
    (tmp_path / "register.yaml").write_text(text, encoding="utf-8")
    source = load(tmp_path)
    assert [(f.rule, f.position.line) for f in source.findings] == [("yaml-syntax", line)]
