"""The layout readers on whatever a workbook may hold: sheets of the layouts' own labels and
headers in any order, mixed with noise, never make a traceback. Each either reads a register,
which writes and validates, or says in one line that the workbook is not in its layout."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa.check import validate
from ropa.interop.cnil import CnilLayoutError, read_cnil
from ropa.interop.ico import CONTROLLER_COLUMNS, PROCESSOR_COLUMNS, IcoLayoutError, read_ico
from ropa.interop.result import Imported
from ropa.interop.sheets import Sheet
from ropa.interop.write import write_register
from tests.conftest import TODAY

#: Words the readers look for, so that generated sheets reach past "not this layout".
WORDS = [
    *(column.header for column in CONTROLLER_COLUMNS),
    *(column.header for column in PROCESSOR_COLUMNS),
    "Nom du traitement", "Finalité principale", "Sous-finalité 1", "Acteurs",
    "Responsable du traitement", "Catégories de données personnelles concernées",
    "Données sensibles", "Catégories de personnes concernées", "Destinataires des données",
    "Transferts des données hors UE", "Mesures de sécurité", "Oui", "Non", "X", "N/A",
    "Consent", "6(1)(f)", "Contrat", "États-Unis", "6 years", "3 ans", "13 mois", "Name",
    "Address", "Data Protection Officer", "Representative", "Registre", "Activité 1",
    "Nom / sigle", "N° / REF", "Description", "Durée de conservation", "Pays", "Garanties",
    "Clauses contractuelles types", "Salariés", "Clients", "=1+2", "- a\n- b", "a; b, c",
    "customer-accounts", "", "", "",
]  # fmt: skip
cells = st.one_of(st.sampled_from(WORDS), st.text(max_size=30))
rows = st.lists(st.lists(cells, max_size=12), max_size=25)
sheets = st.lists(
    st.builds(
        Sheet,
        name=st.one_of(st.sampled_from(["Template", "Registre", "Fiche 1", "ropa"]), st.text(max_size=31)),
        rows=rows,
        hidden=st.booleans(),
    ),
    min_size=1,
    max_size=3,
)  # fmt: skip


def _writes_and_validates(imported: Imported) -> None:
    with tempfile.TemporaryDirectory() as name:
        write_register(Path(name) / "register", imported)
        validate(Path(name) / "register", TODAY)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets)
def test_the_ico_reader_never_fails_on_a_workbook(workbook: list[Sheet]) -> None:
    try:
        imported = read_ico(workbook)
    except IcoLayoutError as exc:
        message = str(exc)
    else:
        _writes_and_validates(imported)
        return
    assert "\n" not in message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets)
def test_the_cnil_reader_never_fails_on_a_workbook(workbook: list[Sheet]) -> None:
    try:
        imported = read_cnil(workbook)
    except CnilLayoutError as exc:
        message = str(exc)
    else:
        _writes_and_validates(imported)
        return
    assert "\n" not in message
