"""The catalog messages that name the register's vocabulary: legal bases, transfer grounds,
roles, conditions... Each table maps a model's value to a message marked with :func:`N_`,
translated where it is shown (``Document._``)."""

from __future__ import annotations

import re

from ropa.model.activities import ActivityRole, Basis, Condition, DecisionBasis
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

#: The conditions of Art. 9(2) and Art. 10, as the public page states them (in the words of
#: the Regulation, shortened only where the reader is the data subject).
CONDITION_LABELS = {
    Condition.A: N_("your explicit consent (GDPR Art. 9(2)(a))"),
    Condition.B: N_(
        "obligations and rights in the field of employment, social security and social "
        "protection law (GDPR Art. 9(2)(b))"
    ),
    Condition.C: N_(
        "the protection of your vital interests or those of another person, where you are "
        "physically or legally incapable of giving consent (GDPR Art. 9(2)(c))"
    ),
    Condition.D: N_(
        "the legitimate activities of a foundation, association or other not-for-profit body, "
        "concerning its members, former members or people in regular contact with it "
        "(GDPR Art. 9(2)(d))"
    ),
    Condition.E: N_("data you have manifestly made public (GDPR Art. 9(2)(e))"),
    Condition.F: N_("the establishment, exercise or defence of legal claims (GDPR Art. 9(2)(f))"),
    Condition.G: N_(
        "reasons of substantial public interest, on the basis of Union or Member State law "
        "(GDPR Art. 9(2)(g))"
    ),
    Condition.H: N_(
        "preventive or occupational medicine, medical diagnosis, the provision of health or "
        "social care or treatment, or the management of health or social care systems and "
        "services (GDPR Art. 9(2)(h))"
    ),
    Condition.I: N_("reasons of public interest in the area of public health (GDPR Art. 9(2)(i))"),
    Condition.J: N_(
        "archiving purposes in the public interest, scientific or historical research purposes "
        "or statistical purposes (GDPR Art. 9(2)(j))"
    ),
    Condition.ART10: N_(
        "processing authorised by Union or Member State law providing for appropriate "
        "safeguards (GDPR Art. 10)"
    ),
}

#: The same conditions as the register names them.
REGISTER_CONDITION_LABELS = {
    Condition.A: N_("explicit consent (Art. 9(2)(a))"),
    Condition.B: N_("employment and social security law (Art. 9(2)(b))"),
    Condition.C: N_("vital interests (Art. 9(2)(c))"),
    Condition.D: N_("not-for-profit body (Art. 9(2)(d))"),
    Condition.E: N_("made public by the data subject (Art. 9(2)(e))"),
    Condition.F: N_("legal claims (Art. 9(2)(f))"),
    Condition.G: N_("substantial public interest (Art. 9(2)(g))"),
    Condition.H: N_("health or social care (Art. 9(2)(h))"),
    Condition.I: N_("public health (Art. 9(2)(i))"),
    Condition.J: N_("archiving, research or statistics (Art. 9(2)(j))"),
    Condition.ART10: N_("authorised by Union or Member State law (Art. 10)"),
}

#: The ground of a transfer (Chapter V): an adequacy decision (Art. 45), an appropriate
#: safeguard (Art. 46, binding corporate rules of Art. 47 among them) or a derogation (Art. 49).
MECHANISM_LABELS = {
    Mechanism.ADEQUACY: N_("adequacy decision of the European Commission (GDPR Art. 45)"),
    Mechanism.DPF: N_(
        "EU-US Data Privacy Framework: adequacy decision 2023/1795 for certified organisations"
    ),
    Mechanism.SCC: N_(
        "standard contractual clauses adopted by the European Commission (GDPR Art. 46(2)(c); "
        "Commission Implementing Decision (EU) 2021/914)"
    ),
    Mechanism.BCR: N_("binding corporate rules (GDPR Art. 46(2)(b) and 47)"),
    Mechanism.CODE_OF_CONDUCT: N_(
        "approved code of conduct, with binding and enforceable commitments of the recipient "
        "(GDPR Art. 46(2)(e))"
    ),
    Mechanism.CERTIFICATION: N_(
        "approved certification mechanism, with binding and enforceable commitments of the "
        "recipient (GDPR Art. 46(2)(f))"
    ),
    Mechanism.DEROGATION: N_("derogation for a specific situation (GDPR Art. 49(1)(%(point)s))"),
    Mechanism.SAFE_HARBOR: N_("EU-US Safe Harbour (invalid)"),
    Mechanism.PRIVACY_SHIELD: N_("EU-US Privacy Shield (invalid)"),
    Mechanism.SCC_2010: N_("standard contractual clauses of 2010 (invalid)"),
}

#: Transfers on an appropriate safeguard, of which the page tells how to obtain a copy
#: (Art. 13(1)(f), 14(1)(f)).
SAFEGUARDS = frozenset(
    {Mechanism.SCC, Mechanism.BCR, Mechanism.CODE_OF_CONDUCT, Mechanism.CERTIFICATION}
)

#: A transfer under an adequacy decision, as the public page's "ground" column states it.
ADEQUACY_GROUND = N_("adequacy decision (GDPR Art. 45): %(decision)s")
DPF_GROUND = N_(
    "adequacy decision (GDPR Art. 45): %(decision)s, for organisations certified under the "
    "EU-US Data Privacy Framework"
)

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


#: Texts that rest on one Member State's law, by the controller's country
#: (``organization.address.country``), never by the document's language (FORMAT.md, 1.1).
POST_MORTEM = {
    "FR": N_(
        "to give instructions on what becomes of your data after your death (Art. 85 of French "
        "law no. 78-17 of 6 January 1978 on data processing, files and freedoms)."
    ),
}
#: Where the controller's country has no entry in :data:`POST_MORTEM`.
POST_MORTEM_ELSEWHERE = N_(
    "to give instructions on what becomes of your data after your death, where national law "
    "provides for it."
)


#: Art. 22: stated only when some decision has legal or similarly significant effects.
DECISION_RIGHT = N_(
    "You have the right not to be subject to a decision based solely on automated processing, "
    "including profiling, which produces legal effects concerning you or similarly significantly "
    "affects you (GDPR Art. 22(1)). We take such decisions only in the cases stated below."
)
#: What allows a decision with legal effects (Art. 22(2)(a)-(c)).
EXCEPTION_LABELS = {
    DecisionBasis.CONTRACT: N_(
        "This decision is necessary for entering into, or performing, a contract between you and "
        "us (GDPR Art. 22(2)(a))."
    ),
    DecisionBasis.LAW: N_(
        "This decision is authorised by %(law)s, which lays down suitable measures to safeguard "
        "your rights and freedoms and legitimate interests (GDPR Art. 22(2)(b))."
    ),
    DecisionBasis.EXPLICIT_CONSENT: N_(
        "This decision is based on your explicit consent (GDPR Art. 22(2)(c))."
    ),
}
#: Art. 22(3): for decisions under a contract or explicit consent only.
HUMAN_INTERVENTION = N_(
    "To safeguard your rights, you may obtain human intervention on our part, express your point "
    "of view and contest the decision (GDPR Art. 22(3))."
)

#: The same exceptions as the register names them.
REGISTER_EXCEPTION_LABELS = {
    DecisionBasis.CONTRACT: N_("contract (Art. 22(2)(a))"),
    DecisionBasis.LAW: N_("authorised by law (Art. 22(2)(b))"),
    DecisionBasis.EXPLICIT_CONSENT: N_("explicit consent (Art. 22(2)(c))"),
}
