"""Recipients: processors under contract (Art. 28) and transfers outside the EEA (Art. 44-49)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.recipients import Mechanism, RecipientRole
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.vocabulary import describe


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

    Countries of the EEA and those with a general adequacy decision need no entry. A decision of
    limited scope needs an entry by which the editor confirms that the transfer falls within it:
    `mechanism: dpf` for the United States (organisations certified under the Data Privacy
    Framework), `mechanism: adequacy` for Canada (commercial organisations), Japan (business
    operators), Israel and Uruguay (automated processing) and Korea (outside the excluded
    sectors). The finding quotes the scope of the decision, from ropa's reference data.

    Fails:   `{role: processor, country: US}` or `{role: processor, country: IL}`, no `transfers`
    Passes:  `transfers: [{country: US, mechanism: dpf}]`, `[{country: IL, mechanism: adequacy}]`
    """
    reference = context.reference
    for recipient_id, recipient in register.recipients.items():
        country = recipient.country
        if country is None or reference.generally_adequate(country, context.today):
            continue
        if any(t.country == country for t in recipient.transfers):
            continue
        path = ("recipients", recipient_id, "country")
        name = _country_name(country)
        decision = reference.decision(country, context.today)
        if decision is None:
            yield Hit(
                path,
                f"{describe(path[:2])} is established in {name}, outside the EEA with no adequacy "
                f"decision, and declares no safeguard; add transfers: [{{country: {country}, "
                "mechanism: scc, reference: ...}] (or bcr, derogation)",
            )
            continue
        yield Hit(
            path,
            f"{describe(path[:2])} is established in {name}, outside the EEA, and declares no "
            f"transfer; {decision.decision} on {name} covers {decision.scope_words}; declare "
            f"transfers: [{{country: {country}, mechanism: "
            f"{decision.mechanism}}}] if the transfer falls within it, or another mechanism (scc "
            "with its reference, bcr)",
        )


@rule("adequacy-not-recognised", Severity.ERROR, "GDPR Art. 45")
def adequacy_not_recognised(register: Register, context: Context) -> Iterator[Hit]:
    """`mechanism: adequacy` (or `dpf`) for a country whose adequacy decision does not support it.

    Adequacy decisions are listed in ropa's reference data with their source and, for a decision
    of limited scope, what it covers, which the finding quotes. The United States decision covers
    only organisations certified under the EU-US Data Privacy Framework: write `mechanism: dpf`
    for them.

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
                    f"{describe(path[:2])}: {decision.decision} on {name} covers "
                    f"{decision.scope_words}; write mechanism: {decision.mechanism} if the "
                    "transfer falls within it, else scc",
                    value=True,
                )


@rule("transfer-mechanism-invalidated", Severity.ERROR, "CJEU C-311/18; Decision 2021/914 Art. 4")
def transfer_mechanism_invalidated(register: Register, context: Context) -> Iterator[Hit]:
    """A transfer rests on an invalidated mechanism: `safe_harbor`, `privacy_shield` or `scc_2010`.

    The EU-US Safe Harbour was invalidated by the CJEU (C-362/14, Schrems I) on 6 October 2015,
    the EU-US Privacy Shield (C-311/18, Schrems II) on 16 July 2020; the 2010 standard
    contractual clauses ceased to give safeguards after 27 December 2022.

    Fails:   `{country: US, mechanism: privacy_shield}` or `{country: US, mechanism: safe_harbor}`
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
