"""How much a change matters to the people the policy informs: one table, kind → class and reason.

A change is ``material`` when it must be told to the people concerned (before it takes effect),
``notable`` when a reviewer should weigh it and the policy's history should say it, and
``editorial`` when nothing needs telling. The classes rest on the EDPB's transparency
guidelines (WP260 rev.01, paras 29-30) and on the GDPR where they say so; where the
classification is a judgement of ours, the reason says "ropa's judgement" and cites no article.

A project may raise a kind's class (``[tool.ropa] materiality = {cookie-added = "material"}``),
never lower it below this table's: the table is the floor the law sets or ropa defends.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ropa.config import ConfigError
from ropa.display import shown
from ropa.vocabulary import did_you_mean


class Materiality(StrEnum):
    """What a change asks of the controller: notice, a look, or nothing."""

    MATERIAL = "material"
    NOTABLE = "notable"
    EDITORIAL = "editorial"

    @property
    def rank(self) -> int:
        """Higher is more serious: editorial 0, notable 1, material 2."""
        return (Materiality.EDITORIAL, Materiality.NOTABLE, Materiality.MATERIAL).index(self)


@dataclass(frozen=True, slots=True)
class Class:
    """A kind's class and the reason it rests on."""

    materiality: Materiality
    reason: str


MATERIAL, NOTABLE, EDITORIAL = Materiality.MATERIAL, Materiality.NOTABLE, Materiality.EDITORIAL

_PARA_29 = "WP260 rev.01 para 29"
_PARA_30 = "WP260 rev.01 para 30"
_RELEVANT = f"a change relevant to, and with an impact on, the people concerned ({_PARA_30})"
_JUDGEMENT = "ropa's judgement"

#: Every kind of change ``ropa diff`` reports, in the order the README lists them.
TABLE: dict[str, Class] = {
    # purposes
    "purpose-added": Class(
        MATERIAL,
        f"{_PARA_29} (a change in processing purpose); GDPR Art. 13(3), 14(4): told before the "
        "new purpose starts",
    ),
    "purpose-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: a purpose that ends widens no processing; the history says it"
    ),
    "legal-basis-added": Class(
        MATERIAL,
        f"{_JUDGEMENT}: the legal basis decides which rights apply (withdrawal of consent, "
        f"objection), {_RELEVANT}",
    ),
    "legal-basis-changed": Class(
        MATERIAL,
        f"{_JUDGEMENT}: the legal basis decides which rights apply (withdrawal of consent, "
        f"objection), {_RELEVANT}",
    ),
    "legal-basis-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: a basis no longer relied on for these data; the page changes"
    ),
    "data-category-added": Class(
        MATERIAL, f"{_JUDGEMENT}: more data processed for the purpose, {_RELEVANT}"
    ),
    "data-category-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: less data processed for the purpose; the page changes"
    ),
    "data-subject-added": Class(
        NOTABLE, f"{_JUDGEMENT}: the purpose concerns more people, who must be informed"
    ),
    "data-subject-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: the purpose concerns fewer people; the page changes"
    ),
    # recipients and transfers
    "recipient-category-added": Class(
        MATERIAL,
        f"{_PARA_30} (enlargement of the categories of recipients): told well in advance",
    ),
    "recipient-category-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: fewer categories of recipients; the page changes"
    ),
    "recipient-added": Class(
        NOTABLE,
        f"{_JUDGEMENT}: a recipient within categories the page already names (Art. 13(1)(e) "
        "allows categories); a new category is reported on its own",
    ),
    "recipient-removed": Class(NOTABLE, f"{_JUDGEMENT}: fewer recipients; the page changes"),
    "processor-added": Class(
        NOTABLE,
        f"{_JUDGEMENT}: a processor within categories the page already names; a new category "
        "is reported on its own",
    ),
    "processor-removed": Class(NOTABLE, f"{_JUDGEMENT}: fewer processors; the page changes"),
    "processor-replaced": Class(
        NOTABLE, f"{_JUDGEMENT}: another processor does the same service; the page changes"
    ),
    "subprocessor-added": Class(
        MATERIAL,
        "GDPR Art. 28(2): the controllers we process for are told before a sub-processor is "
        "added, and may object",
    ),
    "subprocessor-replaced": Class(
        MATERIAL,
        "GDPR Art. 28(2): the controllers we process for are told before a sub-processor is "
        "replaced, and may object",
    ),
    "subprocessor-removed": Class(
        NOTABLE,
        f"{_JUDGEMENT}: Art. 28(2) asks notice of additions and replacements, not of removals",
    ),
    "transfer-added": Class(
        MATERIAL,
        f"{_PARA_30} (introduction of transfers to a third country): told well in advance",
    ),
    "transfer-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: a transfer outside the EEA ends; the page changes"
    ),
    "transfer-mechanism-changed": Class(
        NOTABLE, f"{_JUDGEMENT}: the safeguard the page names for the transfer changes"
    ),
    "recipient-country-changed": Class(
        NOTABLE, f"{_JUDGEMENT}: a recipient's place of establishment changes"
    ),
    # retention, sources, automated decisions
    "retention-lengthened": Class(MATERIAL, f"{_JUDGEMENT}: data kept longer, {_RELEVANT}"),
    "retention-shortened": Class(
        NOTABLE, f"{_JUDGEMENT}: data kept for less time; the page changes"
    ),
    "retention-changed": Class(
        NOTABLE,
        f"{_JUDGEMENT}: a retention that cannot be compared as longer or shorter (criteria "
        "instead of a period, what happens at its end)",
    ),
    "source-added": Class(
        NOTABLE, f"{_JUDGEMENT}: data obtained from a new source; the page must name it"
    ),
    "source-removed": Class(NOTABLE, f"{_JUDGEMENT}: a source no longer used; the page changes"),
    "automated-decision-added": Class(
        MATERIAL,
        f"{_JUDGEMENT}: decisions or profiling by automated means, a fundamental change to "
        f"the nature of the processing ({_PARA_30})",
    ),
    "automated-decision-changed": Class(
        MATERIAL, f"{_JUDGEMENT}: the logic or the effects of an automated decision, {_RELEVANT}"
    ),
    "automated-decision-removed": Class(
        NOTABLE, f"{_JUDGEMENT}: an automated decision ends; the page changes"
    ),
    # cookies
    "cookie-added": Class(
        NOTABLE, f"{_JUDGEMENT}: a tracker the page and the consent banner must list"
    ),
    "cookie-removed": Class(EDITORIAL, f"{_JUDGEMENT}: a tracker no longer set"),
    "cookie-lifetime-lengthened": Class(NOTABLE, f"{_JUDGEMENT}: a tracker that lives longer"),
    "cookie-lifetime-shortened": Class(EDITORIAL, f"{_JUDGEMENT}: a tracker that lives less"),
    "cookie-consent-changed": Class(
        NOTABLE, f"{_JUDGEMENT}: whether a tracker waits for consent changes; the banner follows"
    ),
    # the controller and how rights are exercised
    "controller-changed": Class(
        MATERIAL, f"{_PARA_29} (a change to the identity of the controller)"
    ),
    "controller-contact-changed": Class(
        MATERIAL,
        f"{_JUDGEMENT}: the contact people write to changes how they exercise their rights "
        f"({_PARA_29})",
    ),
    "dpo-changed": Class(
        MATERIAL,
        f"{_JUDGEMENT}: people contact the DPO about their rights (GDPR Art. 38(4)), so it "
        f"changes how they exercise them ({_PARA_29})",
    ),
    "representative-changed": Class(
        MATERIAL,
        f"{_JUDGEMENT}: people may address the representative (GDPR Art. 27(4)), so it changes "
        f"how they exercise their rights ({_PARA_29})",
    ),
    "rights-changed": Class(
        MATERIAL, f"{_PARA_29} (a change as to how data subjects can exercise their rights)"
    ),
    "supervisory-authority-changed": Class(
        NOTABLE, f"{_JUDGEMENT}: where complaints go changes; the page changes"
    ),
    # texts, values, and what the page does not show
    "text-meaning-changed": Class(
        NOTABLE,
        f"{_JUDGEMENT}: a word that carries meaning changed (a number, a duration, a country, "
        "a recipient's name, a legal basis, a negation)",
    ),
    "field-changed": Class(NOTABLE, f"{_JUDGEMENT}: a declared value the page shows changed"),
    "wording-changed": Class(
        EDITORIAL,
        f"{_PARA_29}: corrections of misspellings, stylistic or grammatical flaws are not material",
    ),
    "version-changed": Class(
        EDITORIAL,
        f"{_JUDGEMENT}: the version, its date and its history record changes; they are not one",
    ),
    "id-renamed": Class(EDITORIAL, f"{_JUDGEMENT}: ids are never shown to readers"),
    "internal-changed": Class(
        EDITORIAL,
        f"{_JUDGEMENT}: not on the public page (notes, owner, review dates, hidden or processor "
        "activities, contracts, impact assessments, waivers)",
    ),
}


def overrides(table: Any, where: str) -> dict[str, Materiality]:
    """The ``materiality`` table of the configuration, checked: each kind known, each class
    one of material, notable, editorial and not below :data:`TABLE`'s; else a
    :class:`~ropa.config.ConfigError` that says what to write."""
    if not isinstance(table, dict):
        raise ConfigError(
            f'{where}: materiality is a table of kind = "material" | "notable" | "editorial"'
        )
    checked: dict[str, Materiality] = {}
    for kind, choice in table.items():
        known = TABLE.get(kind)
        if known is None:
            raise ConfigError(
                f"{where}: materiality: no kind of change is called '{shown(str(kind))}'"
                f"{did_you_mean(str(kind), sorted(TABLE))} (the README's table lists them)"
            )
        if choice not in tuple(Materiality):
            raise ConfigError(
                f"{where}: materiality: {kind} = {shown(repr(choice))}; write "
                '"material", "notable" or "editorial"'
            )
        chosen = Materiality(choice)
        if chosen.rank < known.materiality.rank:
            raise ConfigError(
                f"{where}: materiality: {kind} is {known.materiality} ({known.reason}); a "
                f"project may raise a class, not lower it to {chosen}"
            )
        checked[kind] = chosen
    return checked


def classify(kind: str, raised: Mapping[str, Materiality]) -> Class:
    """The class of ``kind``: the table's, or higher where the project raised it."""
    base = TABLE[kind]
    chosen = raised.get(kind)
    if chosen is None or chosen.rank <= base.materiality.rank:
        return base
    return Class(chosen, f"{base.reason}; raised to {chosen} by the project's configuration")


def markdown_table() -> str:
    """:data:`TABLE` as the README shows it: kind, class, reason."""
    rows = [f"| `{kind}` | {found.materiality} | {found.reason} |" for kind, found in TABLE.items()]
    return "\n".join(["| kind | class | rests on |", "|---|---|---|", *rows]) + "\n"
