"""The catalog messages that name the register's vocabulary: legal bases, transfer grounds,
roles, conditions... Each table maps a model's value to a message marked with :func:`N_`,
translated where it is shown (``Document._``)."""

from __future__ import annotations

import re

from ropa.model.activities import ActivityRole, Basis
from ropa.model.definitions import MeasureType
from ropa.model.recipients import Mechanism, RecipientRole


def N_(message: str) -> str:  # noqa: N802  # the gettext convention for "mark, translate later"
    """Mark a message for the catalog; it is translated where it is shown."""
    return message


BASIS_LABELS = {
    Basis.CONSENT: N_("your consent (GDPR Art. 6(1)(a))"),
    Basis.CONTRACT: N_(
        "the performance of a contract with you, or steps taken at your request before entering "
        "into one (GDPR Art. 6(1)(b))"
    ),
    Basis.LEGAL_OBLIGATION: N_("compliance with a legal obligation (GDPR Art. 6(1)(c))"),
    Basis.VITAL_INTERESTS: N_("the protection of vital interests (GDPR Art. 6(1)(d))"),
    Basis.PUBLIC_TASK: N_("a task carried out in the public interest (GDPR Art. 6(1)(e))"),
    Basis.LEGITIMATE_INTERESTS: N_("our legitimate interests (GDPR Art. 6(1)(f))"),
}

#: The same bases as the register names them: briefly, for the people who keep it.
REGISTER_BASIS_LABELS = {
    Basis.CONSENT: N_("consent (Art. 6(1)(a))"),
    Basis.CONTRACT: N_("contract (Art. 6(1)(b))"),
    Basis.LEGAL_OBLIGATION: N_("legal obligation (Art. 6(1)(c))"),
    Basis.VITAL_INTERESTS: N_("vital interests (Art. 6(1)(d))"),
    Basis.PUBLIC_TASK: N_("public task (Art. 6(1)(e))"),
    Basis.LEGITIMATE_INTERESTS: N_("legitimate interests (Art. 6(1)(f))"),
}

MECHANISM_LABELS = {
    Mechanism.ADEQUACY: N_("adequacy decision of the European Commission (GDPR Art. 45)"),
    Mechanism.DPF: N_(
        "EU-US Data Privacy Framework: adequacy decision 2023/1795 for certified organisations"
    ),
    Mechanism.SCC: N_(
        "standard contractual clauses of the European Commission (Decision 2021/914)"
    ),
    Mechanism.BCR: N_("binding corporate rules (GDPR Art. 47)"),
    Mechanism.CODE_OF_CONDUCT: N_("approved code of conduct (GDPR Art. 46(2)(e))"),
    Mechanism.CERTIFICATION: N_("approved certification mechanism (GDPR Art. 46(2)(f))"),
    Mechanism.DEROGATION: N_("derogation for a specific situation (GDPR Art. 49(1)(%(point)s))"),
    Mechanism.SAFE_HARBOR: N_("EU-US Safe Harbour (invalid)"),
    Mechanism.PRIVACY_SHIELD: N_("EU-US Privacy Shield (invalid)"),
    Mechanism.SCC_2010: N_("standard contractual clauses of 2010 (invalid)"),
}

ROLE_LABELS = {
    RecipientRole.INTERNAL: N_("internal department"),
    RecipientRole.PROCESSOR: N_("processor"),
    RecipientRole.JOINT_CONTROLLER: N_("joint controller"),
    RecipientRole.CONTROLLER: N_("independent controller"),
    RecipientRole.AUTHORITY: N_("public authority"),
    RecipientRole.PUBLIC: N_("the public"),
}

REQUIREMENT_LABELS = {
    "statutory": N_("Providing these data is a statutory requirement."),
    "contractual": N_("Providing these data is a contractual requirement."),
    "precondition": N_("Providing these data is necessary to enter into a contract."),
    "voluntary": N_("Providing these data is optional."),
}

THEN_LABELS = {
    "delete": N_("deleted"),
    "anonymise": N_("anonymised"),
    "archive": N_("archived"),
}

#: The reference data names decisions in English; these render them in the document's language.
DECISION_PATTERN = re.compile(r"Commission (Implementing )?Decision (\(EU\) )?(\S+?)(,.*)?$")
DECISION_LABELS = {
    (True, True): N_("Commission Implementing Decision (EU) %(number)s"),
    (True, False): N_("Commission Implementing Decision %(number)s"),
    (False, False): N_("Commission Decision %(number)s"),
}

DPIA_LABELS = {
    "not_required": N_("not required"),
    "required": N_("required"),
    "done": N_("done"),
}

ACTIVITY_ROLE_LABELS = {
    ActivityRole.CONTROLLER: N_("controller"),
    ActivityRole.JOINT_CONTROLLER: N_("joint controller"),
    ActivityRole.PROCESSOR: N_("processor"),
}

MEASURE_TYPE_LABELS = {
    MeasureType.TECHNICAL: N_("technical"),
    MeasureType.ORGANISATIONAL: N_("organisational"),
}
