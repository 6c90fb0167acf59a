"""Lawfulness: every activity has a legal basis, and each basis carries what it needs (Art. 6, 7)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.display import shown
from ropa.findings import Severity
from ropa.model.activities import Activity, ActivityRole, Basis, LegalBasis
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, Path, rule
from ropa.vocabulary import describe, text_example


def _bases(register: Register) -> Iterator[tuple[Path, Activity, LegalBasis]]:
    for activity_id, activity in register.activities.items():
        for index, basis in enumerate(activity.legal_bases):
            yield ("activities", activity_id, "legal_bases", index), activity, basis


@rule("legal-basis-missing", Severity.ERROR, "GDPR Art. 6(1)")
def legal_basis_missing(register: Register, context: Context) -> Iterator[Hit]:
    """An activity has no legal basis.

    Every processing needs at least one of the six bases of Art. 6(1). Activities where we act
    as processor are exempt: the controller we act for chooses the basis.

    Fails:   `newsletter: {name: Newsletter, ...}` with no `legal_bases`
    Passes:  `legal_bases: [{basis: consent, withdrawal: "Unsubscribe link in every email"}]`
    """
    for activity_id, activity in register.activities.items():
        if activity.role is not ActivityRole.PROCESSOR and not activity.legal_bases:
            path = ("activities", activity_id)
            yield Hit(
                path,
                f"{describe(path)} declares no legal basis; add legal_bases: [{{basis: contract}}] "
                "(or consent, legal_obligation, vital_interests, public_task, legitimate_interests)",
            )


@rule("legitimate-interest-undescribed", Severity.ERROR, "GDPR Art. 13(1)(d)")
def legitimate_interest_undescribed(register: Register, context: Context) -> Iterator[Hit]:
    """A `legitimate_interests` basis does not say which interest is pursued.

    The policy must tell people the legitimate interests pursued (Art. 13(1)(d)).

    Fails:   `{basis: legitimate_interests}`
    Passes:  `{basis: legitimate_interests, interest: "Measuring and improving our marketing"}`
    """
    example = text_example(
        register.languages, {"en": "Preventing fraud", "fr": "Prévenir la fraude"}
    )
    for path, _, basis in _bases(register):
        if basis.basis is Basis.LEGITIMATE_INTERESTS and basis.interest is None:
            yield Hit(
                path,
                f"{describe(path)}: legitimate_interests without 'interest'; "
                f"write the interest pursued, e.g. interest: {example}",
            )


@rule("legitimate-interest-unassessed", Severity.WARNING, "GDPR Art. 5(2), 6(1)(f)")
def legitimate_interest_unassessed(register: Register, context: Context) -> Iterator[Hit]:
    """A `legitimate_interests` basis has no documented balancing test.

    Relying on legitimate interests needs a balancing test (legitimate interests assessment),
    and accountability (Art. 5(2)) means being able to show it.

    Fails:   `{basis: legitimate_interests, interest: ...}`
    Passes:  `{basis: legitimate_interests, interest: ..., balancing_test: LIA-2026-04}`
    """
    for path, _, basis in _bases(register):
        if basis.basis is Basis.LEGITIMATE_INTERESTS and not basis.balancing_test:
            yield Hit(
                path,
                f"{describe(path)}: legitimate_interests without 'balancing_test'; "
                "name the documented assessment, e.g. balancing_test: LIA-2026-04",
            )


@rule("legal-obligation-unreferenced", Severity.ERROR, "GDPR Art. 6(3)")
def legal_obligation_unreferenced(register: Register, context: Context) -> Iterator[Hit]:
    """A `legal_obligation` or `public_task` basis does not name the law it rests on.

    Art. 6(3): the basis for these must be laid down by Union or Member State law.

    Fails:   `{basis: legal_obligation}`
    Passes:  `{basis: legal_obligation, law: "French Commercial Code, art. L.123-22"}`
    """
    french = register.languages[:1] == ["fr"]
    law = "Code de commerce, art. L. 123-22" if french else "French Commercial Code, art. L.123-22"
    for path, _, basis in _bases(register):
        if basis.basis in (Basis.LEGAL_OBLIGATION, Basis.PUBLIC_TASK) and not basis.law:
            yield Hit(
                path,
                f"{describe(path)}: {basis.basis} without 'law'; name the law, e.g. law: \"{law}\"",
            )


@rule("consent-withdrawal-missing", Severity.ERROR, "GDPR Art. 7(3)")
def consent_withdrawal_missing(register: Register, context: Context) -> Iterator[Hit]:
    """A `consent` basis does not say how consent is withdrawn.

    Withdrawing consent must be as easy as giving it, and people must be told how (Art. 7(3)).

    Fails:   `{basis: consent}`
    Passes:  `{basis: consent, withdrawal: "Unsubscribe link at the bottom of every email"}`
    """
    example = withdrawal_example(register.languages)
    for path, _, basis in _bases(register):
        if basis.basis is Basis.CONSENT and basis.withdrawal is None:
            yield Hit(
                path,
                f"{describe(path)}: consent without 'withdrawal'; say how consent is withdrawn, "
                f"e.g. withdrawal: {example}",
            )


def withdrawal_example(languages: list[str]) -> str:
    """How consent is withdrawn, as a suggestion writes it in ``languages``."""
    return text_example(
        languages,
        {
            "en": "Unsubscribe link in every email",
            "fr": "Lien de désinscription dans chaque courriel",
        },
    )


@rule(
    "legal-basis-unallocated",
    Severity.WARNING,
    "GDPR Art. 6(1), 13(1)(c); EDPB Guidelines 05/2020 on consent, paras 121-123",
)
def legal_basis_unallocated(register: Register, context: Context) -> Iterator[Hit]:
    """An activity declares several bases that apply to the same data.

    Each processing rests on one basis, chosen before it starts and told to the person
    (Art. 13(1)(c)); a controller cannot keep a second basis in reserve, nor swap consent for
    another basis when consent is withdrawn (EDPB Guidelines 05/2020, paras 121-123). With two
    different bases for the same data categories (a basis without `categories` covers all the
    activity's), the reader cannot tell which basis covers what: give each basis its
    `categories`, or split the activity into one purpose per basis. Two entries of the same
    basis (two laws behind a legal obligation) are not a conflict.

    Fails:   `legal_bases: [{basis: consent, ...}, {basis: legitimate_interests, ...}]`
    Passes:  `[{basis: contract, categories: [identity, orders]},
             {basis: consent, categories: [preferences], withdrawal: ...}]`
    """
    for activity_id, activity in register.activities.items():
        if activity.role is ActivityRole.PROCESSOR or len(activity.legal_bases) < 2:
            continue
        overlap = _overlap(activity)
        if overlap is None:
            continue
        (first, second), shared = overlap
        path = ("activities", activity_id, "legal_bases")
        data = ", ".join(f"'{shown(ref)}'" for ref in shared)
        own = activity.data_categories
        split = (
            f"say which basis covers which data, e.g. categories: [{', '.join(own[:1])}] on "
            f"{first} and categories: [{', '.join(own[1:])}] on {second}, or split the activity "
            "into one purpose per basis"
            if len(own) > 1
            else "split the activity into one purpose per basis, or keep the one basis that applies"
        )
        yield Hit(
            path,
            f"{describe(path[:2])} rests on both {first} and {second} for the same data ({data}); "
            + split,
        )


def _overlap(activity: Activity) -> tuple[tuple[Basis, Basis], list[str]] | None:
    """The first two different bases of ``activity`` that cover a data category in common."""
    covers = [
        (basis.basis, basis.categories or activity.data_categories)
        for basis in activity.legal_bases
    ]
    for index, (first, first_covers) in enumerate(covers):
        for second, second_covers in covers[index + 1 :]:
            if first is second:
                continue
            shared = [ref for ref in first_covers if ref in second_covers]
            if shared:
                return (first, second), shared
    return None
