"""Decisions based solely on automated processing: what allows them, and the safeguards (Art. 22)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.activities import DecisionBasis
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, Path, rule
from ropa.vocabulary import describe, text_example


@rule("automated-decision-without-exception", Severity.ERROR, "GDPR Art. 22(1)-(3)")
def automated_decision_without_exception(register: Register, context: Context) -> Iterator[Hit]:
    """An automated decision with legal effect lacks its exception, or its law or safeguards.

    Art. 22(1) gives people the right not to be subject to such a decision. It is allowed only
    when necessary for a contract, authorised by law, or based on explicit consent (Art.
    22(2)(a)-(c)): `exception`. A law exception names its `law`; under a contract or explicit
    consent, the controller implements safeguards, at least the right to obtain human
    intervention, to express one's point of view and to contest the decision (Art. 22(3)):
    `safeguards`.

    Fails:   `automated_decisions: {logic: ..., significance: ..., legal_effect: true}`
    Passes:  `{..., legal_effect: true, exception: contract, safeguards: "A credit analyst
             reviews any refusal on request; you may contest it by email."}`
    """
    safeguards = text_example(
        register.languages,
        {
            "en": "A person reviews any refusal on request; you may give your view and contest it.",
            "fr": "Une personne réexamine tout refus sur demande ; vous pouvez faire valoir "
            "votre point de vue et le contester.",
        },
    )
    for activity_id, activity in register.activities.items():
        decisions = activity.automated_decisions
        if decisions is None or not decisions.legal_effect:
            continue
        path: Path = ("activities", activity_id, "automated_decisions")
        who = describe(path[:2])
        if decisions.exception is None:
            yield Hit(
                path,
                f"{who} takes decisions with legal or similarly significant effects based solely "
                "on automated processing, with no exception to Art. 22(1); add exception: "
                f"contract and safeguards: {safeguards} (or exception: explicit_consent with "
                "safeguards, or exception: law with law: ..., Art. 22(2)), or have a person "
                "take the decision and write legal_effect: false",
            )
        elif decisions.exception is DecisionBasis.LAW and decisions.law is None:
            yield Hit(
                (*path, "law"),  # where it is missing: at automated_decisions
                f"{who}: exception: law needs the law; add law: ..., the Union or Member State "
                "law that authorises the decision and lays down its safeguards (Art. 22(2)(b))",
            )
        elif decisions.exception is not DecisionBasis.LAW and decisions.safeguards is None:
            yield Hit(
                (*path, "safeguards"),
                f"{who}: exception: {decisions.exception} needs its safeguards; add safeguards: "
                f"{safeguards}, saying at least how the person obtains human intervention, "
                "expresses their point of view and contests the decision (Art. 22(3))",
            )
