"""The rules of the declaration format, in one explicit registry (no discovery at import)."""

from __future__ import annotations

from ropa.findings import Rule
from ropa.rules import (
    change_control,
    controller,
    cookies,
    decisions,
    files,
    hygiene,
    joint_control,
    legal_bases,
    marketing,
    processor_activities,
    recipients,
    references,
    retention,
    scan,
    special,
    structure,
    transparency,
)
from ropa.rules.base import Context, Hit
from ropa.rules.waivers import UNUSED_WAIVER, WAIVER_EXPIRED

#: Every rule, in the order of FORMAT.md's tables (the rules of 1.0, then those added in 1.1).
RULES: tuple[Rule, ...] = (
    files.YAML_SYNTAX,
    files.UNKNOWN_FIELD,
    structure.invalid_combination,
    structure.missing_field,
    files.DUPLICATE_ID,
    files.UNKNOWN_REFERENCE,
    legal_bases.legal_basis_missing,
    legal_bases.legitimate_interest_undescribed,
    legal_bases.legitimate_interest_unassessed,
    legal_bases.legal_obligation_unreferenced,
    legal_bases.consent_withdrawal_missing,
    special.special_category_without_condition,
    special.special_condition_law_missing,
    retention.retention_missing,
    recipients.processor_without_dpa,
    recipients.transfer_without_safeguard,
    recipients.adequacy_not_recognised,
    recipients.transfer_mechanism_invalidated,
    recipients.transfer_by_derogation,
    transparency.response_time_excessive,
    transparency.provision_undeclared,
    transparency.security_measures_missing,
    cookies.cookie_lifetime_excessive,
    transparency.translation_missing,
    hygiene.unused_definition,
    hygiene.review_overdue,
    special.dpia_undecided,
    UNUSED_WAIVER,
    WAIVER_EXPIRED,
    # added in 1.1 (FORMAT.md's second table)
    cookies.cookie_consent_basis_mismatch,
    legal_bases.legal_basis_unallocated,
    marketing.electronic_marketing_without_consent,
    joint_control.joint_arrangement_missing,
    decisions.automated_decision_without_exception,
    special.dpia_pending,
    transparency.hidden_purpose,
    controller.eu_representative_missing,
    recipients.transfer_undocumented,
    recipients.transfer_unassessed,
    references.obsolete_reference,
    retention.retention_unjustified,
    processor_activities.processor_activity_basis,
    # ropa's own, beyond FORMAT.md's tables
    files.FILE_REFUSED,
    files.LIMIT_EXCEEDED,
    transparency.language_without_catalog,
    files.VALUE_CUT_BY_COMMENT,
    files.CURLY_QUOTES,
    # the version gate's, applied by ropa validate --against (ropa/changes/gate.py)
    *change_control.RULES,
)

#: Rules ropa adds to FORMAT.md's table (documented in the README as extensions).
EXTENSIONS = frozenset(
    {
        files.FILE_REFUSED.id,
        files.LIMIT_EXCEEDED.id,
        transparency.language_without_catalog.id,
        files.VALUE_CUT_BY_COMMENT.id,
        files.CURLY_QUOTES.id,
        *(r.id for r in change_control.RULES),
    }
)

#: The version gate's rules: they compare two revisions, so no entry can waive them, but a
#: project may set their severity (``[severity]`` of the configuration), like a waivable rule's.
GATE = frozenset(r.id for r in change_control.RULES)

#: ``ropa scan``'s rules: they compare a site's real cookies with the register, so ``ropa
#: validate`` never applies them and they are not among :data:`RULES` (whose every rule has a
#: case of its own and a row in the README's generated table); ``ropa scan --format sarif``
#: describes them.
SCAN: tuple[Rule, ...] = scan.RULES

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
WAIVABLE = frozenset(r.id for r in RULES if r.waivable)
#: The rules whose severity the configuration may set: all but those about the file itself.
CONFIGURABLE = WAIVABLE | GATE

__all__ = [
    "BY_ID",
    "CONFIGURABLE",
    "EXTENSIONS",
    "GATE",
    "RULES",
    "SCAN",
    "WAIVABLE",
    "Context",
    "Hit",
    "Rule",
]
