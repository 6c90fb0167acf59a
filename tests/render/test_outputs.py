"""The documents of data/: golden files, PDF text and metadata, byte-identical rebuilds.

Golden files live in tests/render/golden/<lang>/; after an intended change, run
`make goldens` (ROPA_UPDATE_GOLDENS=1) and review the diff.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from ropa import render as render_module
from ropa.check import validate
from ropa.render import render
from tests.conftest import DATA, TODAY

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_FILES = [
    "policy.html",
    "policy.md",
    "register.html",
    "register.csv",
    "register.json",
    "notice.html",
    "notice.md",
    "changes.atom",
]
FORMATS = ["html", "pdf", "md", "csv", "xlsx", "json", "notice", "atom", "subprocessors"]
#: A register with processor activities, for the sub-processor list (data/ has none).
PROCESSOR = Path(__file__).parent / "registers" / "processor"
UPDATE = os.environ.get("ROPA_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="module")
def outputs() -> dict[Path, bytes]:
    register = validate(DATA, TODAY).register
    return render(register, languages=["en", "fr"], formats=FORMATS)


@pytest.fixture(scope="module")
def processor_outputs() -> dict[Path, bytes]:
    return render(
        validate(PROCESSOR, TODAY).register, languages=["en", "fr"], formats=["subprocessors"]
    )


def check_golden(golden: Path, actual: bytes) -> None:
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), "no golden file yet: run `make goldens`"
    assert actual.decode("utf-8") == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_golden(outputs: dict[Path, bytes], lang: str, name: str) -> None:
    check_golden(GOLDEN / lang / name, outputs[Path(lang) / name])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("name", ["subprocessors.html", "subprocessors.json"])
def test_golden_subprocessors(processor_outputs: dict[Path, bytes], lang: str, name: str) -> None:
    check_golden(GOLDEN / "subprocessors" / lang / name, processor_outputs[Path(lang) / name])


def test_data_has_no_processor_activity_so_no_subprocessor_list(
    outputs: dict[Path, bytes],
) -> None:
    assert not [path for path in outputs if path.name.startswith("subprocessors")]


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [
        (
            "en",
            "Privacy and data protection policy",
            ["Who we are", "Your right to object", "CNIL", "Page 1 of"],
        ),
        (
            "fr",
            "Politique de confidentialité",
            ["Vos droits", "Page 1 sur", "États-Unis", "1er septembre 2026"],
        ),
    ],
)
def test_policy_pdf_text_and_metadata(
    outputs: dict[Path, bytes], lang: str, title: str, words: list[str]
) -> None:
    reader = PdfReader(io.BytesIO(outputs[Path(lang) / "policy.pdf"]))
    meta = reader.metadata
    assert meta is not None
    assert meta.title is not None
    assert meta.title.startswith(title)
    assert meta.author == "My Little Day"
    assert str(meta["/CreationDate"]) == "D:20260901"
    assert str(reader.root_object["/Lang"]) == lang
    assert reader.outline, "headings make the PDF outline"
    text = " ".join(page.extract_text() for page in reader.pages)
    for word in words:
        assert word in text, word
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # A4 portrait


def test_register_pdf_is_landscape_with_every_activity(outputs: dict[Path, bytes]) -> None:
    reader = PdfReader(io.BytesIO(outputs[Path("en") / "register.pdf"]))
    page = reader.pages[0].mediabox
    assert page.width > page.height
    text = " ".join(p.extract_text() for p in reader.pages)
    for name in (
        "Management of the customer account",
        "Annex: recipients",
        "Annex: security measures",
    ):
        assert name in " ".join(text.split()), name


def test_xlsx_has_its_sheets_frozen_and_filtered(outputs: dict[Path, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(outputs[Path("fr") / "register.xlsx"])) as book:
        workbook = book.read("xl/workbook.xml").decode()
        sheet = book.read("xl/worksheets/sheet2.xml").decode()  # activities, after the controller
        core = book.read("docProps/core.xml").decode()
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in book.infolist())
    assert workbook.count("<sheet ") == 6
    assert 'state="frozen"' in sheet
    assert "<autoFilter" in sheet
    assert "<f>" not in sheet, "no formulas"
    assert "2026-09-01T00:00:00Z" in core


def test_every_output_is_byte_identical_when_built_again(
    outputs: dict[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    time.sleep(1.1)  # a clock-dependent stamp would now differ
    register = validate(DATA, TODAY).register
    # the fixture rendered each language in a forked worker; this build renders in-process
    monkeypatch.setattr(render_module, "_workers", lambda languages: 0)
    again = render(register, languages=["en", "fr"], formats=FORMATS)
    assert sorted(again) == sorted(outputs)
    for path, data in again.items():
        assert data == outputs[path], path


def test_public_page_shows_names_never_ids_notes_or_private_activities(
    outputs: dict[Path, bytes],
) -> None:
    register = validate(DATA, TODAY).register
    policy = outputs[Path("en") / "policy.html"].decode()
    for activity in register.activities.values():
        if activity.notes:
            assert register_text(activity.notes.get("en")) not in policy
    for entry_id in ("customer-accounts", "targeted-offers", "identification", "access-control"):
        assert f">{entry_id}<" not in policy


def register_text(text: str) -> str:
    return text.strip().splitlines()[0][:60]


def test_a_french_register_csv_is_separated_as_french_spreadsheets_expect(
    outputs: dict[Path, bytes],
) -> None:
    import csv
    import io

    french = outputs[Path("fr") / "register.csv"].decode("utf-8-sig")
    english = outputs[Path("en") / "register.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(french), delimiter=";"))
    assert rows[0][0] == "Identifiant"
    assert len({len(row) for row in rows}) == 1  # every row has the header's columns
    assert len(rows[0]) == len(next(csv.reader(io.StringIO(english))))
