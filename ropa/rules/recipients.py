"""Recipients: processors under contract (Art. 28) and transfers outside the EEA (Art. 44-49)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ropa.findings import Severity
from ropa.model.recipients import Mechanism, RecipientRole, Transfer
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, Path, rule
from ropa.vocabulary import describe


def country_name(code: str) -> str:
    """A country as a finding names it: ``United States (US)``."""
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
                f"dpa: {{signed: {context.today.isoformat()}, reference: ...}} with the day it was "
                "signed and its reference",
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
        name = country_name(country)
        decision = reference.decision(country, context.today)
        if decision is None:
            yield Hit(
                path,
                f"{describe(path[:2])} is established in {name}, outside the EEA with no adequacy "
                f"decision, and declares no safeguard; add transfers: [{{country: {country}, "
                "mechanism: scc, reference: ..., tia: ...}] with the clauses signed and the "
                "transfer impact assessment (or bcr, derogation)",
            )
            continue
        documented = ", reference: ..." if decision.mechanism == Mechanism.DPF else ""
        yield Hit(
            path,
            f"{describe(path[:2])} is established in {name}, outside the EEA, and declares no "
            f"transfer; {decision.decision} on {name} covers {decision.scope_words}; declare "
            f"transfers: [{{country: {country}, mechanism: {decision.mechanism}{documented}}}] if "
            "the transfer falls within it, or another mechanism (scc with its reference and tia, "
            "bcr)",
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
            name = country_name(transfer.country)
            if reference.in_eea(transfer.country):
                continue
            if decision is None:
                yield Hit(
                    path,
                    f"{describe(path[:2])}: no adequacy decision covers {name}; write mechanism: "
                    "scc with reference: ... and tia: ... (or bcr, or another Art. 46 safeguard)",
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
                documented = " with reference: ..." if decision.mechanism == Mechanism.DPF else ""
                yield Hit(
                    path,
                    f"{describe(path[:2])}: {decision.decision} on {name} covers "
                    f"{decision.scope_words}; write mechanism: {decision.mechanism}{documented} "
                    "if the transfer falls within it, else scc with reference: ... and tia: ...",
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
                f"{gone.invalid_since.isoformat()} ({gone.authority}); use {gone.replacement}, "
                "with reference: ... (and, for scc, tia: ...)",
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
                    f"{describe(path[:2])}: the transfer to {country_name(transfer.country)} rests on "
                    f"a derogation ({letter}), meant for occasional transfers only; prefer scc or bcr",
                    value=True,
                )


#: What documents a transfer by each mechanism, as the finding asks for it.
_DOCUMENTS = {
    Mechanism.DPF: "the recipient's entry on the Data Privacy Framework List",
    Mechanism.SCC: "the clauses signed, with their module (e.g. 'SCC 2021/914 module 2, DPA annex 3')",
    Mechanism.BCR: "the binding corporate rules and their approval (lead authority, date)",
    Mechanism.CODE_OF_CONDUCT: "the approved code of conduct and the recipient's binding commitment",
    Mechanism.CERTIFICATION: "the approved certification and the recipient's certificate",
}

#: Art. 46 safeguards, whose use needs an assessment of the law and practice of the destination.
_ASSESSED = frozenset(
    {Mechanism.SCC, Mechanism.BCR, Mechanism.CODE_OF_CONDUCT, Mechanism.CERTIFICATION}
)


def _chapter_v_transfers(
    register: Register, context: Context, mechanisms: Collection[Mechanism]
) -> Iterator[tuple[Path, Transfer]]:
    """The transfers by one of ``mechanisms`` to a country where Chapter V asks for them: outside
    the EEA, with no general adequacy decision (an entry for a country that has one declares a
    safeguard the transfer does not need)."""
    for recipient_id, recipient in register.recipients.items():
        for index, transfer in enumerate(recipient.transfers):
            if transfer.mechanism in mechanisms and not context.reference.generally_adequate(
                transfer.country, context.today
            ):
                yield ("recipients", recipient_id, "transfers", index), transfer


def _dpf_country(country: str, context: Context) -> bool:
    """Whether the Data Privacy Framework can cover a transfer to ``country`` at all."""
    decision = context.reference.decision(country, context.today)
    return decision is not None and decision.mechanism == Mechanism.DPF


@rule("transfer-undocumented", Severity.WARNING, "GDPR Art. 46(1), 13(1)(f)")
def transfer_undocumented(register: Register, context: Context) -> Iterator[Hit]:
    """A transfer by `dpf`, `scc`, `bcr`, `code_of_conduct` or `certification` has no `reference`.

    The controller must be able to show what the transfer rests on (Art. 5(2)) and tell people
    how to obtain a copy of the safeguards (Art. 13(1)(f), 14(1)(f)): the `reference` names the
    clauses and their module, the BCR approval, the code or certification and the recipient's
    commitment to it. For `dpf`, it names the recipient's entry on the Data Privacy Framework
    List, since the United States decision covers certified organisations only. An entry for a
    country of the EEA, or one with a general adequacy decision, needs no safeguard and is not
    reported; nor is `dpf` for a country the framework does not cover (`adequacy-not-recognised`).

    Fails:   `transfers: [{country: US, mechanism: dpf}]`
    Passes:  `transfers: [{country: US, mechanism: dpf, reference: "DPF List, Example Inc."}]`
    """
    for path, transfer in _chapter_v_transfers(register, context, _DOCUMENTS):
        if transfer.mechanism is Mechanism.DPF and not _dpf_country(transfer.country, context):
            continue  # adequacy-not-recognised: the mechanism itself is wrong
        if transfer.reference is None:
            yield Hit(
                path,
                f"{describe(path)}: the transfer to {country_name(transfer.country)} by "
                f"{transfer.mechanism.value} names no reference; add reference: "
                f"{_DOCUMENTS[transfer.mechanism]}",
            )


@rule("transfer-unassessed", Severity.WARNING, "CJEU C-311/18; EDPB Recommendations 01/2020")
def transfer_unassessed(register: Register, context: Context) -> Iterator[Hit]:
    """A transfer by `scc`, `bcr`, `code_of_conduct` or `certification` has no `tia`.

    An Art. 46 safeguard binds the parties, not the authorities of the destination: before
    relying on it, the exporter assesses whether the law and practice there let the recipient
    comply, and adds supplementary measures where they do not (CJEU C-311/18, Schrems II; EDPB
    Recommendations 01/2020). `tia` names that transfer impact assessment. An entry for a
    country of the EEA, or one with a general adequacy decision, is not reported.

    Fails:   `transfers: [{country: IN, mechanism: scc, reference: "SCC module 2"}]`
    Passes:  `transfers: [{country: IN, mechanism: scc, reference: "SCC module 2", tia: TIA-2026-03}]`
    """
    for path, transfer in _chapter_v_transfers(register, context, _ASSESSED):
        if transfer.tia is None:
            yield Hit(
                path,
                f"{describe(path)}: the transfer to {country_name(transfer.country)} by "
                f"{transfer.mechanism.value} names no transfer impact assessment; assess the law "
                "and practice of the destination and add tia: ..., the assessment's reference "
                "(e.g. tia: TIA-2026-03)",
            )
