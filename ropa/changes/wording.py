"""What a change says, in English and French: its summary, its short phrase, its reason.

ropa's gettext catalogs hold the documents' sentences; these are a reviewer's, about changes,
so they live here, one small table per language. A language without a table gets English.
Names, durations and countries are said in the language asked (Babel's CLDR data, as the
documents say them); ids and YAML keys are shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.lists import format_list

from ropa.changes.change import Change, Classified, Country, Entry, Quoted, Term, Word
from ropa.changes.materiality import TABLE, Materiality
from ropa.display import shown
from ropa.model.types import Duration, Text
from ropa.render.i18n import duration_words

ENGLISH = "en"
NBSP = "\u00a0"

#: Summaries by (kind, variant): placeholders are the change's words.
SUMMARIES: dict[str, dict[tuple[str, str], str]] = {
    "en": {
        ("purpose-added", ""): "New purpose: {name}",
        ("purpose-added", "published"): "Purpose now on the public page: {name}",
        ("purpose-removed", ""): "Purpose removed: {name}",
        ("purpose-removed", "unpublished"): "Purpose no longer on the public page: {name}",
        ("legal-basis-added", ""): "{purpose}: legal basis added for {categories} ({bases})",
        (
            "legal-basis-removed",
            "",
        ): "{purpose}: legal basis no longer relied on for {categories} ({bases})",
        (
            "legal-basis-changed",
            "",
        ): "{purpose}: legal basis for {categories} changed ({was} → {now})",
        ("data-category-added", ""): "{purpose}: new data processed: {categories}",
        ("data-category-removed", ""): "{purpose}: data no longer processed: {categories}",
        ("data-subject-added", ""): "{purpose}: now also concerns {subjects}",
        ("data-subject-removed", ""): "{purpose}: no longer concerns {subjects}",
        ("recipient-added", ""): "{purpose}: data now also go to {recipients}",
        ("recipient-removed", ""): "{purpose}: data no longer go to {recipients}",
        ("recipient-added", "entry"): "New recipient: {recipient} ({category})",
        ("recipient-removed", "entry"): "Recipient removed: {recipient}",
        (
            "recipient-category-added",
            "",
        ): "New category of recipients, {category} ({recipients}), for {purposes}",
        (
            "recipient-category-removed",
            "",
        ): "Category of recipients no longer used for {purposes}: {category}",
        ("processor-added", ""): "New processor: {recipient} ({category})",
        ("processor-removed", ""): "Processor removed: {recipient}",
        ("processor-replaced", ""): "Processor {was} replaced by {now} ({category})",
        ("subprocessor-added", ""): "{purpose}: new sub-processor {recipient}",
        ("subprocessor-removed", ""): "{purpose}: sub-processor {recipient} no longer used",
        ("subprocessor-replaced", ""): "{purpose}: sub-processor {was} replaced by {now}",
        ("transfer-added", ""): "New transfer to {country}: {recipient}; ground: {mechanism}",
        ("transfer-added", "implicit"): "New transfer to {country}: {recipient}",
        ("transfer-removed", ""): "Transfer to {country} ended: {recipient}",
        (
            "transfer-mechanism-changed",
            "",
        ): "Transfer to {recipient} in {country}: ground changed ({was} → {now})",
        (
            "recipient-country-changed",
            "",
        ): "{recipient} is now established in {now} (was {was})",
        (
            "retention-lengthened",
            "",
        ): "{purpose}: {categories} kept longer, {now} instead of {was}",
        (
            "retention-shortened",
            "",
        ): "{purpose}: {categories} kept for less time, {now} instead of {was}",
        ("retention-changed", ""): "{purpose}: retention of {categories} changed",
        ("source-added", ""): "{purpose}: data now also obtained from {source}",
        ("source-removed", ""): "{purpose}: data no longer obtained from {source}",
        ("automated-decision-added", ""): "{purpose}: new automated decision",
        ("automated-decision-removed", ""): "{purpose}: automated decision ended",
        ("automated-decision-changed", ""): "{purpose}: automated decision changed ({keys})",
        (
            "cookie-added",
            "",
        ): "New tracker: {cookie}, for {purpose}, lifetime {lifetime}, {consent}",
        ("cookie-removed", ""): "Tracker removed: {cookie}",
        (
            "cookie-lifetime-lengthened",
            "",
        ): "Tracker {cookie}: lifetime lengthened, {now} instead of {was}",
        (
            "cookie-lifetime-shortened",
            "",
        ): "Tracker {cookie}: lifetime shortened, {now} instead of {was}",
        ("cookie-consent-changed", ""): "Tracker {cookie}: now {now}",
        ("controller-changed", ""): "The controller's identity changed ({keys})",
        ("controller-contact-changed", ""): "The controller's contact details changed ({keys})",
        ("dpo-changed", ""): "The data protection officer's details changed",
        ("dpo-changed", "added"): "A data protection officer is named",
        ("dpo-changed", "removed"): "No data protection officer is named any more",
        ("representative-changed", ""): "Details of the {which} changed",
        ("representative-changed", "added"): "A {which} is named",
        ("representative-changed", "removed"): "No {which} is named any more",
        ("rights-changed", "channels"): "Rights are now exercised by {now} (was {was})",
        (
            "rights-changed",
            "response_days",
        ): "Requests are now answered within {now} days (was {was})",
        ("rights-changed", "web_form"): "The address of the rights request form changed",
        ("supervisory-authority-changed", ""): "The supervisory authority changed: {now}",
        ("text-meaning-changed", ""): "{entry}: {key} changed ({removed} → {added})",
        ("text-meaning-changed", "gained"): "{entry}: {key} now says {added}",
        ("text-meaning-changed", "lost"): "{entry}: {key} no longer says {removed}",
        ("text-meaning-changed", "added"): "{entry}: {key} added",
        ("text-meaning-changed", "removed"): "{entry}: {key} removed",
        ("wording-changed", ""): "{entry}: wording of {key}",
        ("field-changed", ""): "{entry}: {key} changed",
        ("internal-changed", ""): "{entry}: internal changes ({keys})",
        ("internal-changed", "added"): "Added (not on the public page): {entry}",
        ("internal-changed", "removed"): "Removed (not on the public page): {entry}",
        ("version-changed", ""): "The policy's version record changed ({keys})",
        ("id-renamed", "identical"): "{entry}: renamed from '{was}'",
        ("id-renamed", "name"): "{entry}: renamed from '{was}' (guessed from its name)",
        ("id-renamed", "content"): "{entry}: renamed from '{was}' (guessed from its content)",
    },
    "fr": {
        ("purpose-added", ""): "Nouvelle finalité : {name}",
        ("purpose-added", "published"): "Finalité désormais sur la page publique : {name}",
        ("purpose-removed", ""): "Finalité supprimée : {name}",
        ("purpose-removed", "unpublished"): "Finalité retirée de la page publique : {name}",
        ("legal-basis-added", ""): "{purpose} : base légale ajoutée pour {categories} ({bases})",
        (
            "legal-basis-removed",
            "",
        ): "{purpose} : base légale abandonnée pour {categories} ({bases})",
        (
            "legal-basis-changed",
            "",
        ): "{purpose} : base légale de {categories} modifiée ({was} → {now})",
        ("data-category-added", ""): "{purpose} : nouvelles données traitées : {categories}",
        (
            "data-category-removed",
            "",
        ): "{purpose} : données qui ne sont plus traitées : {categories}",
        ("data-subject-added", ""): "{purpose} : concerne désormais aussi {subjects}",
        ("data-subject-removed", ""): "{purpose} : ne concerne plus {subjects}",
        ("recipient-added", ""): "{purpose} : données désormais communiquées aussi à {recipients}",
        (
            "recipient-removed",
            "",
        ): "{purpose} : données qui ne sont plus communiquées à {recipients}",
        ("recipient-added", "entry"): "Nouveau destinataire : {recipient} ({category})",
        ("recipient-removed", "entry"): "Destinataire retiré : {recipient}",
        (
            "recipient-category-added",
            "",
        ): "Nouvelle catégorie de destinataires, {category} ({recipients}), pour {purposes}",
        (
            "recipient-category-removed",
            "",
        ): "Catégorie de destinataires qui ne reçoit plus les données de {purposes} : {category}",
        ("processor-added", ""): "Nouveau sous-traitant : {recipient} ({category})",
        ("processor-removed", ""): "Sous-traitant retiré : {recipient}",
        ("processor-replaced", ""): "Sous-traitant {was} remplacé par {now} ({category})",
        ("subprocessor-added", ""): "{purpose} : nouveau sous-traitant ultérieur {recipient}",
        ("subprocessor-removed", ""): "{purpose} : sous-traitant ultérieur {recipient} abandonné",
        (
            "subprocessor-replaced",
            "",
        ): "{purpose} : sous-traitant ultérieur {was} remplacé par {now}",
        (
            "transfer-added",
            "",
        ): "Nouveau transfert hors de l'EEE ({country}) : {recipient} ; fondement : {mechanism}",
        ("transfer-added", "implicit"): "Nouveau transfert hors de l'EEE ({country}) : {recipient}",
        ("transfer-removed", ""): "Fin du transfert hors de l'EEE ({country}) : {recipient}",
        (
            "transfer-mechanism-changed",
            "",
        ): "Transfert vers {recipient} ({country}) : fondement modifié ({was} → {now})",
        (
            "recipient-country-changed",
            "",
        ): "{recipient} : pays d'établissement modifié ({was} → {now})",
        (
            "retention-lengthened",
            "",
        ): "{purpose} : {categories} conservées plus longtemps, {now} au lieu de {was}",
        (
            "retention-shortened",
            "",
        ): "{purpose} : {categories} conservées moins longtemps, {now} au lieu de {was}",
        ("retention-changed", ""): "{purpose} : conservation de {categories} modifiée",
        ("source-added", ""): "{purpose} : données obtenues aussi auprès de {source}",
        ("source-removed", ""): "{purpose} : données qui ne sont plus obtenues auprès de {source}",
        ("automated-decision-added", ""): "{purpose} : nouvelle décision automatisée",
        ("automated-decision-removed", ""): "{purpose} : fin de la décision automatisée",
        ("automated-decision-changed", ""): "{purpose} : décision automatisée modifiée ({keys})",
        (
            "cookie-added",
            "",
        ): "Nouveau traceur : {cookie}, pour {purpose}, durée de vie : {lifetime}, {consent}",
        ("cookie-removed", ""): "Traceur retiré : {cookie}",
        (
            "cookie-lifetime-lengthened",
            "",
        ): "Traceur {cookie} : durée de vie allongée, {now} au lieu de {was}",
        (
            "cookie-lifetime-shortened",
            "",
        ): "Traceur {cookie} : durée de vie raccourcie, {now} au lieu de {was}",
        ("cookie-consent-changed", ""): "Traceur {cookie} : désormais {now}",
        ("controller-changed", ""): "Identité du responsable du traitement modifiée ({keys})",
        (
            "controller-contact-changed",
            "",
        ): "Coordonnées du responsable du traitement modifiées ({keys})",
        ("dpo-changed", ""): "Coordonnées du délégué à la protection des données modifiées",
        ("dpo-changed", "added"): "Un délégué à la protection des données est désigné",
        ("dpo-changed", "removed"): "Plus aucun délégué à la protection des données n'est désigné",
        ("representative-changed", ""): "Coordonnées du {which} modifiées",
        ("representative-changed", "added"): "Un {which} est désigné",
        ("representative-changed", "removed"): "Plus aucun {which} n'est désigné",
        (
            "rights-changed",
            "channels",
        ): "Les droits s'exercent désormais par {now} (auparavant : {was})",
        (
            "rights-changed",
            "response_days",
        ): "Réponse aux demandes désormais sous {now} jours (auparavant : {was})",
        ("rights-changed", "web_form"): "Le formulaire d'exercice des droits a changé d'adresse",
        ("supervisory-authority-changed", ""): "Autorité de contrôle modifiée : {now}",
        ("text-meaning-changed", ""): "{entry} : {key} modifié ({removed} → {added})",
        ("text-meaning-changed", "gained"): "{entry} : {key} dit désormais {added}",
        ("text-meaning-changed", "lost"): "{entry} : {key} ne dit plus {removed}",
        ("text-meaning-changed", "added"): "{entry} : {key} ajouté",
        ("text-meaning-changed", "removed"): "{entry} : {key} supprimé",
        ("wording-changed", ""): "{entry} : rédaction de {key}",
        ("field-changed", ""): "{entry} : {key} modifié",
        ("internal-changed", ""): "{entry} : modifications internes ({keys})",
        ("internal-changed", "added"): "Ajout (hors de la page publique) : {entry}",
        ("internal-changed", "removed"): "Suppression (hors de la page publique) : {entry}",
        ("version-changed", ""): "Version de la politique modifiée ({keys})",
        ("id-renamed", "identical"): "{entry} : ancien identifiant '{was}'",
        ("id-renamed", "name"): "{entry} : ancien identifiant '{was}' (déduit de son nom)",
        (
            "id-renamed",
            "content",
        ): "{entry} : ancien identifiant '{was}' (déduit de son contenu)",
    },
}

#: Short phrases for a summary line, singular and plural (``{n}``: how many).
PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "purpose-added": ("a new purpose", "{n} new purposes"),
        "purpose-removed": ("a purpose removed", "{n} purposes removed"),
        "legal-basis-added": ("a legal basis added", "{n} legal bases added"),
        "legal-basis-changed": ("a legal basis changed", "{n} legal bases changed"),
        "legal-basis-removed": ("a legal basis removed", "{n} legal bases removed"),
        "data-category-added": ("new data for a purpose", "new data for {n} purposes"),
        "data-category-removed": ("less data for a purpose", "less data for {n} purposes"),
        "data-subject-added": (
            "a purpose concerning more people",
            "{n} purposes concerning more people",
        ),
        "data-subject-removed": (
            "a purpose concerning fewer people",
            "{n} purposes concerning fewer people",
        ),
        "recipient-category-added": (
            "a new category of recipients",
            "{n} new categories of recipients",
        ),
        "recipient-category-removed": (
            "a category of recipients removed",
            "{n} categories of recipients removed",
        ),
        "recipient-added": ("a new recipient", "{n} new recipients"),
        "recipient-removed": ("a recipient removed", "{n} recipients removed"),
        "processor-added": ("a new processor", "{n} new processors"),
        "processor-removed": ("a processor removed", "{n} processors removed"),
        "processor-replaced": ("a processor replaced", "{n} processors replaced"),
        "subprocessor-added": ("a new sub-processor", "{n} new sub-processors"),
        "subprocessor-replaced": ("a sub-processor replaced", "{n} sub-processors replaced"),
        "subprocessor-removed": ("a sub-processor removed", "{n} sub-processors removed"),
        "transfer-added": ("a transfer to {country}", "{n} transfers to {country}"),
        "transfer-removed": ("a transfer to {country} ended", "{n} transfers to {country} ended"),
        "transfer-mechanism-changed": ("a transfer ground changed", "{n} transfer grounds changed"),
        "recipient-country-changed": (
            "a recipient established elsewhere",
            "{n} recipients established elsewhere",
        ),
        "retention-lengthened": ("retention lengthened", "retention lengthened ({n})"),
        "retention-shortened": ("retention shortened", "retention shortened ({n})"),
        "retention-changed": ("retention changed", "retention changed ({n})"),
        "source-added": ("a new source of data", "{n} new sources of data"),
        "source-removed": ("a source no longer used", "{n} sources no longer used"),
        "automated-decision-added": ("a new automated decision", "{n} new automated decisions"),
        "automated-decision-changed": (
            "an automated decision changed",
            "{n} automated decisions changed",
        ),
        "automated-decision-removed": (
            "an automated decision ended",
            "{n} automated decisions ended",
        ),
        "cookie-added": ("a new tracker", "{n} new trackers"),
        "cookie-removed": ("a tracker removed", "{n} trackers removed"),
        "cookie-lifetime-lengthened": ("a tracker living longer", "{n} trackers living longer"),
        "cookie-lifetime-shortened": ("a tracker living less", "{n} trackers living less"),
        "cookie-consent-changed": ("a tracker's consent changed", "{n} trackers' consent changed"),
        "controller-changed": (
            "the controller's identity changed",
            "the controller's identity changed ({n})",
        ),
        "controller-contact-changed": (
            "the controller's contact details changed",
            "the controller's contact details changed ({n})",
        ),
        "dpo-changed": ("the DPO changed", "the DPO changed ({n})"),
        "representative-changed": ("a representative changed", "{n} representatives changed"),
        "rights-changed": (
            "how rights are exercised changed",
            "how rights are exercised changed ({n})",
        ),
        "supervisory-authority-changed": (
            "the supervisory authority changed",
            "the supervisory authority changed ({n})",
        ),
        "text-meaning-changed": ("a text whose meaning changed", "{n} texts whose meaning changed"),
        "field-changed": ("a declared value changed", "{n} declared values changed"),
        "wording-changed": ("a wording change", "{n} wording changes"),
        "version-changed": ("the version changed", "the version changed ({n})"),
        "id-renamed": ("an id renamed", "{n} ids renamed"),
        "internal-changed": ("an internal change", "{n} internal changes"),
    },
    "fr": {
        "purpose-added": ("une nouvelle finalité", "{n} nouvelles finalités"),
        "purpose-removed": ("une finalité supprimée", "{n} finalités supprimées"),
        "legal-basis-added": ("une base légale ajoutée", "{n} bases légales ajoutées"),
        "legal-basis-changed": ("une base légale modifiée", "{n} bases légales modifiées"),
        "legal-basis-removed": ("une base légale abandonnée", "{n} bases légales abandonnées"),
        "data-category-added": (
            "de nouvelles données pour une finalité",
            "de nouvelles données pour {n} finalités",
        ),
        "data-category-removed": (
            "moins de données pour une finalité",
            "moins de données pour {n} finalités",
        ),
        "data-subject-added": (
            "une finalité qui concerne plus de personnes",
            "{n} finalités qui concernent plus de personnes",
        ),
        "data-subject-removed": (
            "une finalité qui concerne moins de personnes",
            "{n} finalités qui concernent moins de personnes",
        ),
        "recipient-category-added": (
            "une nouvelle catégorie de destinataires",
            "{n} nouvelles catégories de destinataires",
        ),
        "recipient-category-removed": (
            "une catégorie de destinataires retirée",
            "{n} catégories de destinataires retirées",
        ),
        "recipient-added": ("un nouveau destinataire", "{n} nouveaux destinataires"),
        "recipient-removed": ("un destinataire retiré", "{n} destinataires retirés"),
        "processor-added": ("un nouveau sous-traitant", "{n} nouveaux sous-traitants"),
        "processor-removed": ("un sous-traitant retiré", "{n} sous-traitants retirés"),
        "processor-replaced": ("un sous-traitant remplacé", "{n} sous-traitants remplacés"),
        "subprocessor-added": (
            "un nouveau sous-traitant ultérieur",
            "{n} nouveaux sous-traitants ultérieurs",
        ),
        "subprocessor-replaced": (
            "un sous-traitant ultérieur remplacé",
            "{n} sous-traitants ultérieurs remplacés",
        ),
        "subprocessor-removed": (
            "un sous-traitant ultérieur retiré",
            "{n} sous-traitants ultérieurs retirés",
        ),
        "transfer-added": (
            "un transfert hors de l'EEE ({country})",
            "{n} transferts hors de l'EEE ({country})",
        ),
        "transfer-removed": (
            "un transfert hors de l'EEE arrêté ({country})",
            "{n} transferts hors de l'EEE arrêtés ({country})",
        ),
        "transfer-mechanism-changed": (
            "un fondement de transfert modifié",
            "{n} fondements de transfert modifiés",
        ),
        "recipient-country-changed": (
            "un destinataire établi ailleurs",
            "{n} destinataires établis ailleurs",
        ),
        "retention-lengthened": ("une conservation allongée", "{n} conservations allongées"),
        "retention-shortened": ("une conservation raccourcie", "{n} conservations raccourcies"),
        "retention-changed": ("une conservation modifiée", "{n} conservations modifiées"),
        "source-added": ("une nouvelle source de données", "{n} nouvelles sources de données"),
        "source-removed": ("une source abandonnée", "{n} sources abandonnées"),
        "automated-decision-added": (
            "une nouvelle décision automatisée",
            "{n} nouvelles décisions automatisées",
        ),
        "automated-decision-changed": (
            "une décision automatisée modifiée",
            "{n} décisions automatisées modifiées",
        ),
        "automated-decision-removed": (
            "une décision automatisée arrêtée",
            "{n} décisions automatisées arrêtées",
        ),
        "cookie-added": ("un nouveau traceur", "{n} nouveaux traceurs"),
        "cookie-removed": ("un traceur retiré", "{n} traceurs retirés"),
        "cookie-lifetime-lengthened": (
            "un traceur à la durée de vie allongée",
            "{n} traceurs à la durée de vie allongée",
        ),
        "cookie-lifetime-shortened": (
            "un traceur à la durée de vie raccourcie",
            "{n} traceurs à la durée de vie raccourcie",
        ),
        "cookie-consent-changed": (
            "un traceur dont le consentement change",
            "{n} traceurs dont le consentement change",
        ),
        "controller-changed": (
            "l'identité du responsable du traitement modifiée",
            "l'identité du responsable du traitement modifiée ({n})",
        ),
        "controller-contact-changed": (
            "les coordonnées du responsable du traitement modifiées",
            "les coordonnées du responsable du traitement modifiées ({n})",
        ),
        "dpo-changed": (
            "le délégué à la protection des données modifié",
            "le délégué à la protection des données modifié ({n})",
        ),
        "representative-changed": ("un représentant modifié", "{n} représentants modifiés"),
        "rights-changed": ("l'exercice des droits modifié", "l'exercice des droits modifié ({n})"),
        "supervisory-authority-changed": (
            "l'autorité de contrôle modifiée",
            "l'autorité de contrôle modifiée ({n})",
        ),
        "text-meaning-changed": ("un texte dont le sens change", "{n} textes dont le sens change"),
        "field-changed": ("une valeur déclarée modifiée", "{n} valeurs déclarées modifiées"),
        "wording-changed": ("une correction de rédaction", "{n} corrections de rédaction"),
        "version-changed": ("la version modifiée", "la version modifiée ({n})"),
        "id-renamed": ("un identifiant renommé", "{n} identifiants renommés"),
        "internal-changed": ("une modification interne", "{n} modifications internes"),
    },
}

_FR_JUDGEMENT = "appréciation de ropa"
_FR_29 = "WP260 rev.01, point 29"
_FR_30 = "WP260 rev.01, point 30"
_FR_RELEVANT = f"une modification pertinente pour les personnes concernées et qui a un effet sur elles ({_FR_30})"
_FR_BASIS = (
    f"{_FR_JUDGEMENT} : la base légale décide des droits qui s'appliquent (retrait du "
    f"consentement, opposition), {_FR_RELEVANT}"
)

#: The reasons of :data:`ropa.changes.materiality.TABLE` in other languages than English.
REASONS: dict[str, dict[str, str]] = {
    "fr": {
        "purpose-added": f"{_FR_29} (une modification de la finalité du traitement) ; RGPD art. 13.3 et 14.4 : l'information précède le début de la nouvelle finalité",
        "purpose-removed": f"{_FR_JUDGEMENT} : une finalité qui prend fin n'étend aucun traitement ; l'historique le mentionne",
        "legal-basis-added": _FR_BASIS,
        "legal-basis-changed": _FR_BASIS,
        "legal-basis-removed": f"{_FR_JUDGEMENT} : une base légale qui ne fonde plus le traitement de ces données ; la page change",
        "data-category-added": f"{_FR_JUDGEMENT} : davantage de données traitées pour la finalité, {_FR_RELEVANT}",
        "data-category-removed": f"{_FR_JUDGEMENT} : moins de données traitées pour la finalité ; la page change",
        "data-subject-added": f"{_FR_JUDGEMENT} : la finalité concerne davantage de personnes, qui doivent être informées",
        "data-subject-removed": f"{_FR_JUDGEMENT} : la finalité concerne moins de personnes ; la page change",
        "recipient-category-added": f"{_FR_30} (élargissement des catégories de destinataires) : à annoncer bien à l'avance",
        "recipient-category-removed": f"{_FR_JUDGEMENT} : moins de catégories de destinataires ; la page change",
        "recipient-added": f"{_FR_JUDGEMENT} : un destinataire d'une catégorie que la page nomme déjà (l'art. 13.1.e admet les catégories) ; une nouvelle catégorie est signalée à part",
        "recipient-removed": f"{_FR_JUDGEMENT} : moins de destinataires ; la page change",
        "processor-added": f"{_FR_JUDGEMENT} : un sous-traitant d'une catégorie que la page nomme déjà ; une nouvelle catégorie est signalée à part",
        "processor-removed": f"{_FR_JUDGEMENT} : moins de sous-traitants ; la page change",
        "processor-replaced": f"{_FR_JUDGEMENT} : un autre sous-traitant rend le même service ; la page change",
        "subprocessor-added": "RGPD art. 28.2 : les responsables du traitement pour lesquels nous agissons sont informés avant l'ajout d'un sous-traitant ultérieur, et peuvent s'y opposer",
        "subprocessor-replaced": "RGPD art. 28.2 : les responsables du traitement pour lesquels nous agissons sont informés avant le remplacement d'un sous-traitant ultérieur, et peuvent s'y opposer",
        "subprocessor-removed": f"{_FR_JUDGEMENT} : l'art. 28.2 demande d'informer des ajouts et des remplacements, non des retraits",
        "transfer-added": f"{_FR_30} (introduction de transferts vers un pays tiers) : à annoncer bien à l'avance",
        "transfer-removed": f"{_FR_JUDGEMENT} : un transfert hors de l'EEE prend fin ; la page change",
        "transfer-mechanism-changed": f"{_FR_JUDGEMENT} : la garantie que la page indique pour le transfert change",
        "recipient-country-changed": f"{_FR_JUDGEMENT} : le lieu d'établissement d'un destinataire change",
        "retention-lengthened": f"{_FR_JUDGEMENT} : des données conservées plus longtemps, {_FR_RELEVANT}",
        "retention-shortened": f"{_FR_JUDGEMENT} : des données conservées moins longtemps ; la page change",
        "retention-changed": f"{_FR_JUDGEMENT} : une conservation qui ne se compare pas en plus ou moins longue (des critères au lieu d'une durée, le sort des données à son terme)",
        "source-added": f"{_FR_JUDGEMENT} : des données obtenues d'une nouvelle source ; la page doit la nommer",
        "source-removed": f"{_FR_JUDGEMENT} : une source abandonnée ; la page change",
        "automated-decision-added": f"{_FR_JUDGEMENT} : des décisions ou un profilage automatisés, une modification fondamentale de la nature du traitement ({_FR_30})",
        "automated-decision-changed": f"{_FR_JUDGEMENT} : la logique ou les effets d'une décision automatisée, {_FR_RELEVANT}",
        "automated-decision-removed": f"{_FR_JUDGEMENT} : une décision automatisée prend fin ; la page change",
        "cookie-added": f"{_FR_JUDGEMENT} : un traceur que la page et le bandeau de consentement doivent indiquer",
        "cookie-removed": f"{_FR_JUDGEMENT} : un traceur qui n'est plus déposé",
        "cookie-lifetime-lengthened": f"{_FR_JUDGEMENT} : un traceur qui vit plus longtemps",
        "cookie-lifetime-shortened": f"{_FR_JUDGEMENT} : un traceur qui vit moins longtemps",
        "cookie-consent-changed": f"{_FR_JUDGEMENT} : le dépôt du traceur attend ou non le consentement ; le bandeau suit",
        "controller-changed": f"{_FR_29} (une modification de l'identité du responsable du traitement)",
        "controller-contact-changed": f"{_FR_JUDGEMENT} : le contact auquel les personnes écrivent change la façon dont elles exercent leurs droits ({_FR_29})",
        "dpo-changed": f"{_FR_JUDGEMENT} : les personnes s'adressent au délégué à la protection des données pour leurs droits (RGPD art. 38.4), ce qui change la façon dont elles les exercent ({_FR_29})",
        "representative-changed": f"{_FR_JUDGEMENT} : les personnes peuvent s'adresser au représentant (RGPD art. 27.4), ce qui change la façon dont elles exercent leurs droits ({_FR_29})",
        "rights-changed": f"{_FR_29} (une modification des modalités d'exercice des droits)",
        "supervisory-authority-changed": f"{_FR_JUDGEMENT} : l'autorité à saisir d'une réclamation change ; la page change",
        "text-meaning-changed": f"{_FR_JUDGEMENT} : un mot porteur de sens a changé (un nombre, une durée, un pays, le nom d'un destinataire, une base légale, une négation)",
        "field-changed": f"{_FR_JUDGEMENT} : une valeur déclarée que la page montre a changé",
        "wording-changed": f"{_FR_29} : la correction de fautes d'orthographe, de style ou de grammaire n'est pas substantielle",
        "version-changed": f"{_FR_JUDGEMENT} : la version, sa date et son historique consignent les modifications ; ils n'en sont pas une",
        "id-renamed": f"{_FR_JUDGEMENT} : les identifiants ne sont jamais montrés aux lecteurs",
        "internal-changed": f"{_FR_JUDGEMENT} : hors de la page publique (notes, responsable interne, dates de revue, activités masquées ou de sous-traitance, contrats, analyses d'impact, dérogations)",
    },
}

#: The vocabulary words a summary says: legal bases, transfer grounds, consent, channels...
TERMS: dict[str, dict[tuple[str, str], str]] = {
    "en": {
        ("basis", "consent"): "consent",
        ("basis", "contract"): "contract",
        ("basis", "legal_obligation"): "legal obligation",
        ("basis", "vital_interests"): "vital interests",
        ("basis", "public_task"): "public task",
        ("basis", "legitimate_interests"): "legitimate interests",
        ("mechanism", ""): "none declared",
        ("mechanism", "adequacy"): "adequacy decision",
        ("mechanism", "dpf"): "EU-US Data Privacy Framework",
        ("mechanism", "scc"): "standard contractual clauses",
        ("mechanism", "bcr"): "binding corporate rules",
        ("mechanism", "code_of_conduct"): "code of conduct",
        ("mechanism", "certification"): "certification",
        ("mechanism", "derogation"): "derogation (Art. 49)",
        ("mechanism", "safe_harbor"): "Safe Harbour (invalid)",
        ("mechanism", "privacy_shield"): "Privacy Shield (invalid)",
        ("mechanism", "scc_2010"): "2010 clauses (invalid)",
        ("consent", "required"): "set only with consent",
        ("consent", "exempt"): "exempt from consent",
        ("lifetime", "session"): "the browser session",
        ("channel", "email"): "email",
        ("channel", "post"): "post",
        ("channel", "web_form"): "web form",
        ("channel", ""): "no channel",
        ("representative", "eu_representative"): "representative in the EU",
        ("representative", "uk_representative"): "representative in the UK",
    },
    "fr": {
        ("basis", "consent"): "consentement",
        ("basis", "contract"): "contrat",
        ("basis", "legal_obligation"): "obligation légale",
        ("basis", "vital_interests"): "intérêts vitaux",
        ("basis", "public_task"): "mission d'intérêt public",
        ("basis", "legitimate_interests"): "intérêt légitime",
        ("mechanism", ""): "aucun déclaré",
        ("mechanism", "adequacy"): "décision d'adéquation",
        ("mechanism", "dpf"): "Data Privacy Framework UE–États-Unis",
        ("mechanism", "scc"): "clauses contractuelles types",
        ("mechanism", "bcr"): "règles d'entreprise contraignantes",
        ("mechanism", "code_of_conduct"): "code de conduite",
        ("mechanism", "certification"): "certification",
        ("mechanism", "derogation"): "dérogation (art. 49)",
        ("mechanism", "safe_harbor"): "Safe Harbour (invalide)",
        ("mechanism", "privacy_shield"): "Privacy Shield (invalide)",
        ("mechanism", "scc_2010"): "clauses de 2010 (invalides)",
        ("consent", "required"): "déposé seulement avec consentement",
        ("consent", "exempt"): "exempté de consentement",
        ("lifetime", "session"): "la session du navigateur",
        ("channel", "email"): "courriel",
        ("channel", "post"): "courrier",
        ("channel", "web_form"): "formulaire en ligne",
        ("channel", ""): "aucun moyen",
        ("representative", "eu_representative"): "représentant dans l'UE",
        ("representative", "uk_representative"): "représentant au Royaume-Uni",
    },
}

#: How an entry is named, by section (``purpose “Orders”``); single sections have no name.
ENTRIES: dict[str, dict[str, str]] = {
    "en": {
        "activities": "purpose",
        "recipients": "recipient",
        "data_categories": "data category",
        "data_subjects": "data subjects",
        "security_measures": "security measure",
        "cookies": "tracker",
        "organization": "the controller",
        "policy": "the policy",
    },
    "fr": {
        "activities": "finalité",
        "recipients": "destinataire",
        "data_categories": "catégorie de données",
        "data_subjects": "personnes concernées",
        "security_measures": "mesure de sécurité",
        "cookies": "traceur",
        "organization": "le responsable du traitement",
        "policy": "la politique",
    },
}

#: The classes, as headings and counts say them: (singular, plural).
CLASSES: dict[str, dict[Materiality, tuple[str, str]]] = {
    "en": {
        Materiality.MATERIAL: ("material change", "material changes"),
        Materiality.NOTABLE: ("notable change", "notable changes"),
        Materiality.EDITORIAL: ("editorial change", "editorial changes"),
    },
    "fr": {
        Materiality.MATERIAL: ("modification substantielle", "modifications substantielles"),
        Materiality.NOTABLE: ("modification notable", "modifications notables"),
        Materiality.EDITORIAL: ("modification rédactionnelle", "modifications rédactionnelles"),
    },
}

#: The other sentences of a report: headings, what each class asks, the summary line's parts.
SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "material-asks": "tell the people concerned before they take effect",
        "notable-asks": "worth a review; the policy's history should say them",
        "editorial-asks": "nothing to tell",
        "none": "No change in the meaning of the register.",
        "no-material": "No material change",
        "compared": "Compared: {old} → {new}",
        "change": "Change",
        "entry": "Entry",
        "kind": "Kind",
        "rests-on": "Rests on",
        "raised": "; raised to {class} by the project's configuration",
        "side-errors": "{side}: {errors} in the register (ropa validate lists them); compared as far as it could be read.",
        "error": "error",
        "errors": "errors",
    },
    "fr": {
        "material-asks": "à annoncer aux personnes concernées avant qu'elles prennent effet",
        "notable-asks": "à examiner ; l'historique de la politique devrait les mentionner",
        "editorial-asks": "rien à annoncer",
        "none": "Aucune modification du sens du registre.",
        "no-material": "Aucune modification substantielle",
        "compared": "Comparaison : {old} → {new}",
        "change": "Modification",
        "entry": "Entrée",
        "kind": "Type",
        "rests-on": "Fondement",
        "raised": " ; relevée au niveau « {class} » par la configuration du projet",
        "side-errors": "{side} : {errors} dans le registre (ropa validate les indique) ; comparé dans la mesure où il a pu être lu.",
        "error": "erreur",
        "errors": "erreurs",
    },
}

_FRENCH_CLASS = {
    Materiality.MATERIAL: "substantielle",
    Materiality.NOTABLE: "notable",
    Materiality.EDITORIAL: "rédactionnelle",
}


def _french(template: str) -> str:
    """French spacing: a no-break space before ``:`` and ``;`` (the templates write a space)."""
    return template.replace(" :", f"{NBSP}:").replace(" ;", f"{NBSP};")


@dataclass(frozen=True)
class Words:
    """Says changes in one language; ``default`` is the register's language of plain strings."""

    language: str
    default: str = ENGLISH

    @property
    def _table(self) -> str:
        return self.language if self.language in SUMMARIES else ENGLISH

    def _typeset(self, template: str) -> str:
        return _french(template) if self._table == "fr" else template

    @property
    def colon(self) -> str:
        """``: `` between a label and what follows, as this language spaces it."""
        return self._typeset(" : ") if self._table == "fr" else ": "

    @property
    def semicolon(self) -> str:
        """``; `` between the parts of a line, as this language spaces it."""
        return self._typeset(" ; ") if self._table == "fr" else "; "

    def sentence(self, key: str, **words: str) -> str:
        """One of :data:`SENTENCES`, with its placeholders filled."""
        return self._typeset(SENTENCES[self._table][key]).format(**words)

    def materiality(self, materiality: Materiality, count: int) -> str:
        """``1 material change`` / ``3 modifications substantielles``."""
        singular, plural = CLASSES[self._table][materiality]
        return f"{count} {singular if count == 1 else plural}"

    def errors(self, count: int) -> str:
        """``1 error`` / ``2 erreurs``."""
        return f"{count} {SENTENCES[self._table]['error' if count == 1 else 'errors']}"

    def heading(self, materiality: Materiality) -> str:
        """``Material changes``, as a heading."""
        return _capitalized(CLASSES[self._table][materiality][1])

    def summary(self, change: Change) -> str:
        """The change in a sentence, in this language."""
        template = SUMMARIES[self._table].get((change.kind, change.variant))
        if template is None:
            template = SUMMARIES[ENGLISH].get((change.kind, change.variant), change.kind)
        else:
            template = self._typeset(template)
        return _capitalized(template.format(**self._said(change.words)))

    def phrase(self, change: Change, count: int) -> str:
        """The change as a summary line lists it: ``a transfer to India``."""
        singular, plural = PHRASES[self._table].get(change.kind, PHRASES[ENGLISH][change.kind])
        words = self._said({k: v for k, v in change.words.items() if k == "country"})
        return (singular if count == 1 else plural).format(n=count, **words)

    def reason(self, classified: Classified) -> str:
        """Why the change has its class, in this language."""
        kind = classified.change.kind
        base = TABLE[kind]
        text = REASONS.get(self._table, {}).get(kind, base.reason)
        if classified.materiality is not base.materiality:
            name = (
                _FRENCH_CLASS[classified.materiality]
                if self._table == "fr"
                else str(classified.materiality)
            )
            text += SENTENCES[self._table]["raised"].format(**{"class": name})
        return self._typeset(text) if self._table == "fr" else text

    def _said(self, words: Mapping[str, Word]) -> dict[str, str]:
        return {key: self.word(value) for key, value in words.items()}

    def word(self, value: Word) -> str:
        """One word of a summary in this language."""
        if isinstance(value, list):
            return self.join([self.word(item) for item in value])
        if isinstance(value, Quoted):
            return self.quote(self.text(value.value))
        if isinstance(value, Entry):
            noun = ENTRIES[self._table].get(value.section, value.section)
            return f"{noun} {self.quote(self.text(value.name))}" if value.name else noun
        if isinstance(value, Country):
            name = country_name(value.code, self.language)
            return f"the {name}" if self._table == ENGLISH and _takes_the(name) else name
        if isinstance(value, Term):
            terms = TERMS[self._table]
            return terms.get((value.group, value.value)) or TERMS[ENGLISH].get(
                (value.group, value.value), value.value
            )
        if isinstance(value, Duration):
            return duration(value, self.language)
        if isinstance(value, Text):
            return shown(self.text(value))
        return str(value)

    def text(self, value: Text | str) -> str:
        """A Text in this language (else the default language's, else the first written)."""
        if isinstance(value, str):
            return value
        return value.get(self.language, self.default)

    def quote(self, text: str) -> str:
        """“text” / « text », made safe to print and cut past a bound (``ropa.display``)."""
        text = shown(text)
        if self._table == "fr":
            return f"«{NBSP}{text}{NBSP}»"
        return f"“{text}”"

    def join(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b et c``."""
        items = [item for item in items if item]
        if len(items) < 2:
            return items[0] if items else ""
        return format_list(items, locale=self._locale_code)

    @property
    def _locale_code(self) -> str:
        return self.language if _known_locale(self.language) else ENGLISH


#: English country names said with "the": the United States, the Netherlands.
_THE = frozenset(
    {"Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands", "Philippines", "Seychelles"}
)


def _takes_the(name: str) -> bool:
    return (
        name in _THE
        or name.startswith(("United ", "Central African", "Dominican"))
        or name.endswith(("Islands", "Republic", "Emirates"))
    )


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


@cache
def _known_locale(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, LookupError):
        return False
    return True


@cache
def country_name(code: str, language: str) -> str:
    """``India`` / ``Inde`` (CLDR); the code itself when CLDR has no name for it."""
    if not _known_locale(language):
        language = ENGLISH
    return str(Locale.parse(language).territories.get(code, code))


@cache
def duration(value: Duration, language: str) -> str:
    """``3 years`` / ``3 ans``, ``1 year and 6 months``, as the documents say them."""
    if not _known_locale(language):
        language = ENGLISH
    # French keeps a number and its unit together, as the documents do
    space = NBSP if language == "fr" else " "
    return duration_words(value, language, space) if value.parts() else "0"
