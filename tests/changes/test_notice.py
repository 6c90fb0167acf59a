"""What a notice announces (ropa.changes.notice): the newest version's material changes, recorded
in policy.history (with the project's raised classes) or found against another register."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ropa.changes.materiality import Materiality
from ropa.changes.notice import from_diff, recorded
from ropa.check import validate
from ropa.model.policy import Policy
from tests.casefiles import merge, read
from tests.changes.repository import BASE, STEPS, compared, write
from tests.conftest import TODAY

COOKIE = {"kind": "cookie-added", "summary": {"en": "New tracker", "fr": "Nouveau traceur"}}
PURPOSE = {"kind": "purpose-added", "summary": {"en": "New purpose", "fr": "Nouvelle finalité"}}


def policy(folder: Path, newest: dict[str, Any]) -> Policy:
    history = [newest, {"version": "1.0", "date": "2026-01-01"}]
    data = merge(read(BASE), {"policy": {"version": "1.1", "history": history}})
    register = validate(write(folder, data), TODAY).register
    assert register.policy is not None
    return register.policy


def test_a_notable_kind_the_project_raised_to_material_is_announced(tmp_path: Path) -> None:
    found = policy(tmp_path, {"version": "1.1", "date": "2026-12-01", "changes": [COOKIE]})
    assert recorded(found, {}) is None
    announced = recorded(found, {"cookie-added": Materiality.MATERIAL})
    assert announced is not None
    assert [(c.kind, str(c.summary)) for c in announced.changes] == [
        ("cookie-added", "New tracker")
    ]


def test_the_policy_s_version_takes_effect_on_its_effective_date(tmp_path: Path) -> None:
    found = policy(tmp_path, {"version": "1.1", "date": "2026-12-01", "changes": [PURPOSE]})
    announced = recorded(found, {})
    assert announced is not None
    assert (announced.version, announced.effective) == ("1.1", date(2026, 1, 1))


def test_a_newest_entry_of_another_version_takes_effect_on_its_own_date(tmp_path: Path) -> None:
    found = policy(tmp_path, {"version": "1.2", "date": "2027-02-01", "changes": [PURPOSE]})
    announced = recorded(found, {})
    assert announced is not None
    assert (announced.version, announced.effective) == ("1.2", date(2027, 2, 1))


def test_from_a_diff_each_material_change_is_said_in_every_language(tmp_path: Path) -> None:
    before = read(BASE)
    found = compared(tmp_path, before, merge(before, read(STEPS[0])))
    assert found.material
    after = validate(tmp_path / "new", TODAY).register
    assert after.policy is not None
    announced = from_diff(found, after.policy)
    assert announced is not None
    assert announced.summary is None  # no history entry of this version
    assert [(c.kind, c.summary.values) for c in announced.changes] == [
        (
            "purpose-added",
            {
                "en": "New purpose: “Sending our newsletter”",
                "fr": "Nouvelle finalité\u00a0: «\u00a0Envoi de notre lettre d'information\u00a0»",
            },
        )
    ]
    typo = compared(tmp_path / "typo", before, merge(before, read(STEPS[1])))
    assert from_diff(typo, after.policy) is None
