"""Property: whatever a pull request puts in a declaration file, validation reports findings and
never raises. Arbitrary YAML text, random structures in the format's vocabulary, and random
mutations of the example register are all tried."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa.check import Report, validate
from ropa.model.errors import known_keys
from ropa.model.register import SECTION_MODELS
from tests.conftest import DATA, TODAY

PROFILE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Keys and values of the format itself, so random structures reach deep into the models.
KEYS = sorted(
    {key for model in SECTION_MODELS.values() for key in known_keys(model, ())}
    | set(SECTION_MODELS)
)
WORDS = [
    *KEYS,
    "en",
    "fr",
    "NO",
    "yes",
    "on",
    "~",
    "P13M",
    "3 years",
    "2026-13-45",
    "2026-09-01",
    "consent",
    "processor",
    "dpf",
    "privacy_shield",
    "US",
    "FR",
    "",
    " ",
    "-",
    "<<",
    "*a",
]

scalars = st.one_of(
    st.sampled_from(WORDS), st.text(max_size=12), st.integers(-5, 10**6), st.booleans(), st.none()
)
structures = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=40,
)


def validate_text(files: dict[str, str]) -> Report:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        report = validate(Path(folder), TODAY)
    for finding in report.findings:
        assert finding.position.line >= 1
        assert finding.position.column >= 1
        assert finding.message
    return report


@PROFILE
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text: str) -> None:
    validate_text({"register.yaml": text})


@PROFILE
@given(st.dictionaries(st.sampled_from(KEYS), structures, max_size=6))
def test_random_structures_never_raise(document: dict[str, Any]) -> None:
    validate_text({"register.yaml": yaml.safe_dump(document, allow_unicode=True)})


MUTATIONS = ("delete", "duplicate", "replace", "indent", "dedent", "truncate", "insert")


@PROFILE
@given(st.data())
def test_mutated_example_register_never_raises(data: st.DataObject) -> None:
    files = {
        p.relative_to(DATA).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(DATA.rglob("*.yaml"))
    }
    for _ in range(data.draw(st.integers(1, 4))):
        name = data.draw(st.sampled_from(sorted(files)))
        lines = files[name].splitlines()
        index = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.sampled_from(MUTATIONS))
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "replace" and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {data.draw(st.sampled_from(WORDS) | st.text(max_size=8))}"
        elif kind == "indent":
            lines[index] = "  " + lines[index]
        elif kind == "dedent":
            lines[index] = lines[index][2:]
        elif kind == "truncate":
            lines[index] = lines[index][: data.draw(st.integers(0, len(lines[index])))]
        else:
            lines.insert(
                index, data.draw(st.sampled_from(WORDS)) + ": " + data.draw(st.sampled_from(WORDS))
            )
        files[name] = "\n".join(lines) + "\n"
    validate_text(files)


def test_the_example_is_valid_before_mutation() -> None:
    target = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(DATA, target / "data")
        assert validate(target / "data", TODAY).findings == []
    finally:
        shutil.rmtree(target)
