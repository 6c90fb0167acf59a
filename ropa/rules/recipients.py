"""Recipients: processors under contract (Art. 28) and transfers outside the EEA (Art. 44-49)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.errors import describe
from ropa.model.recipients import Mechanism, RecipientRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule


def _country_name(code: str) -> str:
    import pycountry  # noqa: PLC0415  # only when a transfer finding is worded

    found = pycountry.countries.get(alpha_2=code)
    return f"{found.name} ({code})" if found else code


@rule("processor-without-dpa", Severity.ERROR, "GDPR Art. 28(3)")
def processor_without_dpa(register: Register, context: Context) -> Iterator[Hit]:
    """A `processor` recipient has no `dpa`, the contract Art. 28(3) requires.

    Fails:   `mailchimp: {role: processor, ...}` with no `dpa`
    Passes:  `dpa: {signed: 2024-03-01, reference: "Mailchimp DPA v2024"}`
    """
    for recipient_id, recipient in register.recipients.items():
        if recipient.role is RecipientRole.PROCESSOR and recipient.dpa is None:
            path = ("recipients", recipient_id)
            yield Hit(
                path,
                f"{describe(path)} is a processor with no data processing agreement; add "
                "dpa: {signed: YYYY-MM-DD, reference: ...}",
            )


@rule("transfer-without-safeguard", Severity.ERROR, "GDPR Art. 44-46")
def transfer_without_safeguard(register: Register, context: Context) -> Iterator[Hit]:
    """A recipient outside the EEA, with no general adequacy decision, declares no safeguard.

    The recipient is established in a country outside the EEA that no general adequacy decision
    covers, and has no `transfers` entry for that country.

    Countries of the EEA and those with a general adequacy decision need no entry. A partial
    decision (the United States for organisations certified under the Data Privacy Framework,
    Canada for commercial organisations, Japan for the private sector) needs an entry saying it
    applies: `mechanism: dpf` or `adequacy`.

    Fails:   `{role: processor, country: US}` with no `transfers`
    Passes:  `transfers: [{country: US, mechanism: dpf}]`
    """
    reference = context.reference
    for recipient_id, recipient in register.recipients.items():
        country = recipient.country
        if country is None or reference.generally_adequate(country, context.today):
            continue
        if any(t.country == country for t in recipient.transfers):
            continue
        path = ("recipients", recipient_id, "country")
        decision = reference.decision(country, context.today)
        hint = (
            f"transfers: [{{country: {country}, mechanism: {decision.mechanism}}}] if it is "
            f"covered ({decision.covers}), else scc with its reference"
            if decision is not None
            else f"transfers: [{{country: {country}, mechanism: scc, reference: ...}}] (or bcr, derogation)"
        )
        yield Hit(
            path,
            f"{describe(path[:2])} is established in {_country_name(country)}, outside the EEA "
            f"with no general adequacy decision, and declares no safeguard; add {hint}",
        )


@rule("adequacy-not-recognised", Severity.ERROR, "GDPR Art. 45")
def adequacy_not_recognised(register: Register, context: Context) -> Iterator[Hit]:
    """`mechanism: adequacy` (or `dpf`) for a country whose adequacy decision does not support it.

    Adequacy decisions are listed in ropa's reference data with their source. The United States
    decision covers only organisations certified under the EU-US Data Privacy Framework: write
    `mechanism: dpf` for them.

    Fails:   `{country: IN, mechanism: adequacy}` or `{country: US, mechanism: adequacy}`
    Passes:  `{country: CH, mechanism: adequacy}`, `{country: US, mechanism: dpf}`
    """
    reference = context.reference
    for recipient_id, recipient in register.recipients.items():
        for index, transfer in enumerate(recipient.transfers):
            if transfer.mechanism not in (Mechanism.ADEQUACY, Mechanism.DPF):
                continue
            path = ("recipients", recipient_id, "transfers", index, "mechanism")
            decision = reference.decision(transfer.country, context.today)
            name = _country_name(transfer.country)
            if reference.in_eea(transfer.country):
                continue
            if decision is None:
                yield Hit(
                    path,
                    f"{describe(path[:2])}: no adequacy decision covers {name}; use scc (with its "
                    "reference), bcr or another Art. 46 safeguard",
                    value=True,
                )
            elif decision.general and transfer.mechanism is Mechanism.DPF:
                yield Hit(
                    path,
                    f"{describe(path[:2])}: the Data Privacy Framework covers only the United "
                    f"States; {name} has a general adequacy decision: write mechanism: adequacy, "
                    "or no entry at all",
                    value=True,
                )
            elif not decision.general and decision.mechanism != transfer.mechanism:
                yield Hit(
                    path,
                    f"{describe(path[:2])}: the adequacy decision for {name} covers only "
                    f"{decision.covers}; write mechanism: {decision.mechanism} if the recipient is "
                    "covered, else scc",
                    value=True,
                )


@rule("transfer-mechanism-invalidated", Severity.ERROR, "CJEU C-311/18; Decision 2021/914 Art. 4")
def transfer_mechanism_invalidated(register: Register, context: Context) -> Iterator[Hit]:
    """A transfer relies on a mechanism that no longer holds: `privacy_shield` or `scc_2010`.

    The EU-US Privacy Shield was invalidated by the CJEU (C-311/18, Schrems II) on 16 July 2020;
    the 2010 standard contractual clauses ceased to give safeguards after 27 December 2022.

    Fails:   `{country: US, mechanism: privacy_shield}`
    Passes:  `{country: US, mechanism: dpf}` or `{country: US, mechanism: scc, reference: ...}`
    """
    invalidated = context.reference.invalidated
    for recipient_id, recipient in register.recipients.items():
        for index, transfer in enumerate(recipient.transfers):
            gone = invalidated.get(transfer.mechanism.value)
            if gone is None:
                continue
            path = ("recipients", recipient_id, "transfers", index, "mechanism")
            yield Hit(
                path,
                f"{describe(path[:2])}: {gone.name} has not been valid since "
                f"{gone.invalid_since.isoformat()} ({gone.authority}); use {gone.replacement}",
                value=True,
            )


@rule("transfer-by-derogation", Severity.WARNING, "GDPR Art. 49")
def transfer_by_derogation(register: Register, context: Context) -> Iterator[Hit]:
    """A transfer relies on an Art. 49 derogation.

    Derogations are for occasional, specific situations and are read strictly (EDPB Guidelines
    2/2018); regular transfers need an Art. 45-47 safeguard. Waive this warning with the reason
    when the derogation truly fits.

    Fails:   `{country: IN, mechanism: derogation, derogation: b}`
    Passes:  `{country: IN, mechanism: scc, reference: "DPA annex 2"}`
    """
    for recipient_id, recipient in register.recipients.items():
        for index, transfer in enumerate(recipient.transfers):
            if transfer.mechanism is Mechanism.DEROGATION:
                path = ("recipients", recipient_id, "transfers", index, "mechanism")
                letter = f"Art. 49(1)({transfer.derogation})" if transfer.derogation else "Art. 49"
                yield Hit(
                    path,
                    f"{describe(path[:2])}: the transfer to {_country_name(transfer.country)} rests on "
                    f"a derogation ({letter}), meant for occasional transfers only; prefer scc or bcr",
                    value=True,
                )
