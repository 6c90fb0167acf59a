"""Legal reference data: dated, sourced, in one place, and as the law stands."""

from __future__ import annotations

from datetime import date

from ropa.reference import reference


def test_every_entry_has_a_source_and_an_adoption_date() -> None:
    data = reference()
    for entry in data.adequacy.values():
        assert entry.source.startswith("https://")
        assert entry.decision
        assert entry.adopted <= data.as_of
    for gone in data.invalidated.values():
        assert gone.source.startswith("https://")


def test_eea_is_the_27_member_states_and_iceland_liechtenstein_norway() -> None:
    eea = reference().eea
    assert len(eea) == 30 + 7  # and the outermost regions and Åland, which have codes of their own
    assert {"IS", "LI", "NO", "FR", "GR", "RE", "AX"} <= eea
    assert "GB" not in eea
    assert "CH" not in eea


def test_adequacy_decisions() -> None:
    data = reference()
    on = date(2026, 11, 24)
    assert data.generally_adequate("CH", on)
    assert data.generally_adequate("GB", on)
    assert data.adequacy["GB"].expires == date(2031, 12, 27)
    assert not data.generally_adequate("GB", date(2032, 1, 1)), "adequacy lapses when it expires"
    assert data.adequacy["BR"].decision.endswith("2026/179")
    us = data.adequacy["US"]
    assert (us.scope, us.mechanism) == ("partial", "dpf")
    assert "2023/1795" in us.decision
    assert data.adequacy["CA"].scope == "partial"
    assert not data.generally_adequate("US", on)
    assert not data.generally_adequate("IN", on)


def test_invalidated_mechanisms() -> None:
    gone = reference().invalidated
    assert gone["privacy_shield"].invalid_since == date(2020, 7, 16)
    assert "C-311/18" in gone["privacy_shield"].authority
    assert gone["scc_2010"].invalid_since == date(2022, 12, 28), "valid until 27 December 2022"
