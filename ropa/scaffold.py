"""``ropa init``: a small, valid register to start from, every field explained by a comment."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from pathlib import Path

#: Words of the scaffold in the languages ropa knows; other languages get the English words,
#: marked to be translated (``translation-missing`` reports them until they are).
WORDS = {
    "en": {
        "title": "Privacy policy",
        "intro": "This policy explains which personal data we process, why, and your rights.",
        "customers": "Customers",
        "identity": "Identification data",
        "identity_examples": "name, email address, postal address",
        "tls": "Encryption of data in transit (TLS)",
        "hosting": "Hosting providers",
        "hosting_service": "Hosts our website and its database",
        "orders": "Management of orders and deliveries",
        "consequence": "Without these data we cannot process your order.",
        "from": "the end of our business relationship",
        "summary": "First version",
        "owner": "Sales department",
        "session": "Keeps your basket and your session while you browse; strictly necessary.",
    },
    "fr": {
        "title": "Politique de confidentialité",
        "intro": "La présente politique explique quelles données personnelles nous traitons, pourquoi, et quels sont vos droits.",
        "customers": "Clients",
        "identity": "Données d'identification",
        "identity_examples": "nom, adresse électronique, adresse postale",
        "tls": "Chiffrement des données en transit (TLS)",
        "hosting": "Hébergeurs",
        "hosting_service": "Héberge notre site et sa base de données",
        "orders": "Gestion des commandes et des livraisons",
        "consequence": "Sans ces données, nous ne pouvons pas traiter votre commande.",
        "from": "la fin de notre relation commerciale",
        "summary": "Première version",
        "owner": "Service commercial",
        "session": "Conserve votre panier et votre session pendant votre navigation ; strictement nécessaire.",
    },
}


#: The scaffold's comments, in the languages ropa writes them in; the first of the register's
#: languages chooses, English otherwise. Each explains the line it ends (or, for ``*_file``,
#: the file it opens); the legal terms are those of the GDPR in that language.
COMMENTS = {
    "en": {
        "organization_file": "The controller (who decides why and how data is processed) and "
        "the public policy page.",
        "legal_name": "legal name",
        "legal_form": "optional: SAS, GmbH, Ltd...",
        "address": "postal address (GDPR Art. 13(1)(a))",
        "postal_code": "quoted, so a leading zero stays",
        "country": "ISO 3166-1 alpha-2 code",
        "email": "contact address for data protection",
        "dpo": "data protection officer (Art. 37); remove if none",
        "optional": "optional",
        "dpo_email": "an email, or an address: a mapping or one string",
        "authority": "where complaints go (Art. 77)",
        "version": "quoted: a version is a string",
        "effective_date": "YYYY-MM-DD; outputs are dated from it",
        "languages": "the first is the language of plain strings",
        "channels": "email, post, web_form",
        "response_days": "one month: at most 31 (Art. 12(3))",
        "definitions_file": "What activities refer to: whose data, which data, which security "
        "measures.",
        "id": "an id: lowercase letters, digits, - and _",
        "special": "only for Art. 9 data (or criminal_convictions, Art. 10)",
        "measure_type": "technical or organisational",
        "recipients_file": "Who receives the data. Processors need their Art. 28 contract; "
        "transfers outside the EEA need a safeguard (ropa knows the adequacy decisions).",
        "recipient_name": "the recipient's name",
        "role": "internal, processor, joint_controller, controller, authority, public",
        "established": "where it is established",
        "dpa": "the Art. 28(3) contract",
        "transfers": "for each country outside the EEA where it gets the data",
        "mechanism": "or scc with its reference and tia, bcr, derogation...",
        "activities_file": "Processing activities: one purpose each. `ropa explain <rule>` "
        "tells what each rule wants.",
        "name_per_language": "^ a name: one string for every language, or one per language as here",
        "legal_bases": "one or more of: consent, contract, legal_obligation, vital_interests, "
        "public_task, legitimate_interests",
        "sources": "data not collected from the person",
        "provision": "must people give the data? (Art. 13(2)(e))",
        "requirement": "statutory, contractual, precondition, voluntary",
        "period": "or P3Y; or `criteria:` when no fixed period exists",
        "reviewed": "last review; a warning after 12 months",
        "cookies_file": "Cookies and similar trackers, each keyed by the cookie's name "
        "(ePrivacy Directive Art. 5(3)).",
        "provider": "or the id of the recipient that sets it",
        "purpose": "the activity it serves",
        "lifetime": "or a duration: 13 months at most",
        "consent": "strictly necessary; a tracker that needs consent is `required` and serves "
        "an activity resting on consent",
        "translate": "translate",
    },
    "fr": {
        "organization_file": "Le responsable du traitement (qui détermine les finalités et les "
        "moyens du traitement) et la page publique de la politique de confidentialité.",
        "legal_name": "dénomination sociale",
        "legal_form": "facultatif : SAS, SARL, GmbH, Ltd...",
        "address": "adresse postale (art. 13.1.a du RGPD)",
        "postal_code": "entre guillemets, pour conserver un zéro initial",
        "country": "code pays ISO 3166-1 alpha-2",
        "email": "contact pour la protection des données",
        "dpo": "délégué à la protection des données (art. 37) ; à retirer s'il n'y en a pas",
        "optional": "facultatif",
        "dpo_email": "une adresse électronique, ou une adresse postale (en clés ou en une seule "
        "chaîne)",
        "authority": "autorité de contrôle auprès de laquelle introduire une réclamation (art. 77)",
        "version": "entre guillemets : une version est un texte",
        "effective_date": "entrée en vigueur (AAAA-MM-JJ), date des documents",
        "languages": "la première : langue des textes écrits sans code de langue",
        "channels": "email (courriel), post (courrier), web_form (formulaire)",
        "response_days": "délai de réponse : un mois, 31 jours au plus (art. 12.3)",
        "definitions_file": "Ce à quoi renvoient les traitements : les personnes concernées, les "
        "catégories de données et les mesures de sécurité.",
        "id": "identifiant : minuscules sans accent, chiffres, - et _",
        "special": "uniquement pour les données sensibles de l'art. 9 (ou criminal_convictions, "
        "données relatives aux infractions, art. 10)",
        "measure_type": "technical (technique) ou organisational (organisationnelle)",
        "recipients_file": "Les destinataires des données. Un sous-traitant est lié par un "
        "contrat conforme à l'art. 28 ; un transfert hors de l'EEE exige des garanties "
        "appropriées (ropa connaît les décisions d'adéquation).",
        "recipient_name": "dénomination du destinataire",
        "role": "internal (service interne), processor (sous-traitant), joint_controller "
        "(responsable conjoint), controller (responsable distinct), authority (autorité "
        "publique), public",
        "established": "pays d'établissement",
        "dpa": "le contrat de sous-traitance (art. 28.3)",
        "transfers": "pour chaque pays hors de l'EEE où il reçoit les données",
        "mechanism": "ou scc avec sa référence et son analyse d'impact (tia), bcr, derogation...",
        "activities_file": "Les activités de traitement : une finalité chacune. `ropa explain "
        "<règle>` explique ce qu'attend chaque règle.",
        "name_per_language": "^ un nom : une seule chaîne pour toutes les langues, ou une par "
        "langue comme ici",
        "legal_bases": "une ou plusieurs bases légales (art. 6.1) : consent (consentement), "
        "contract (contrat), legal_obligation (obligation légale), vital_interests (intérêts "
        "vitaux), public_task (mission d'intérêt public), legitimate_interests (intérêt "
        "légitime)",
        "sources": "données non collectées auprès de la personne concernée",
        "provision": "leur fourniture est-elle obligatoire ? (art. 13.2.e)",
        "requirement": "statutory (exigence réglementaire), contractual (contractuelle), "
        "precondition (nécessaire à la conclusion d'un contrat), voluntary (facultative)",
        "period": "durée de conservation (ou P3Y) ; `criteria:` lorsqu'aucune durée fixe ne "
        "peut être indiquée",
        "reviewed": "dernière revue ; un avertissement après 12 mois",
        "cookies_file": "Les cookies et autres traceurs, chacun sous le nom du cookie (art. 5.3 "
        "de la directive 2002/58/CE « vie privée et communications électroniques »).",
        "provider": "ou l'identifiant du destinataire qui le dépose",
        "purpose": "le traitement auquel il sert",
        "lifetime": "ou une durée : 13 mois au plus",
        "consent": "exempté : strictement nécessaire ; un traceur soumis au consentement est "
        "`required` et sert un traitement fondé sur le consentement",
        "translate": "à traduire",
    },
}

#: Where a comment after a value starts, and how wide the scaffold's lines are.
COMMENT_COLUMN = 41
WIDTH = 100
#: Marks, in the templates below, where a line's code ends and its comment begins.
COMMENT_MARK = "\t# "
#: What ropa init writes under a language it has no words for: the English words, to translate.
PLACEHOLDERS = frozenset(WORDS["en"].values())


def is_placeholder(language: str, text: str) -> bool:
    """Whether ``text``, the ``language`` text of a Text, is still the English words ropa init
    wrote there to be translated."""
    return language != "en" and text.strip() in PLACEHOLDERS


class ScaffoldExistsError(Exception):
    """A file ``ropa init`` would write exists already."""


def comment_language(languages: list[str]) -> str:
    """The language of the comments: the register's first, if ropa writes comments in it."""
    return languages[0] if languages and languages[0] in COMMENTS else "en"


def _text(key: str, languages: list[str], indent: int, translate: str) -> str:
    """A Text in every language, as a block mapping."""
    pad = " " * indent
    lines = []
    for lang in languages:
        words = WORDS.get(lang)
        value = (words or WORDS["en"])[key].replace('"', '\\"')
        todo = "" if words else f"{COMMENT_MARK}{translate}"
        lines.append(f'{pad}{lang}: "{value}"{todo}')
    return "\n" + "\n".join(lines)


def align_comments(text: str) -> str:
    """Comments after a value start in one column; long ones wrap onto comment lines there,
    and whole-line comments wrap at :data:`WIDTH`."""
    out: list[str] = []
    for line in text.splitlines():
        if COMMENT_MARK in line:
            code, comment = line.split(COMMENT_MARK, 1)
            out.extend(_commented(code, comment))
        elif line.lstrip().startswith("# ") and len(line) > WIDTH:
            indent = " " * (len(line) - len(line.lstrip()))
            out.extend(
                f"{indent}# {part}" for part in _wrap(line.lstrip()[2:], WIDTH - 2 - len(indent))
            )
        else:
            out.append(line)
    return "\n".join(out) + "\n"


#: A citation is not broken across lines: ``art. 13.2.e`` stays whole.
_CITATION = re.compile(r"\b([Aa]rt\.) ")


def _wrap(text: str, width: int) -> list[str]:
    kept = _CITATION.sub("\\1\u00a0", text)
    lines = textwrap.wrap(kept, width, break_long_words=False, break_on_hyphens=False)
    return [line.replace("\u00a0", " ") for line in lines]


def _commented(code: str, comment: str) -> list[str]:
    """``code`` and its comment, the comment's further lines under its first, indented."""
    start = max(COMMENT_COLUMN, len(code) + 2)
    first_width = WIDTH - start - 2
    if len(comment) <= first_width or first_width < 12:
        return [f"{code.ljust(start)}# {comment}"]
    first = _wrap(comment, first_width)[0]
    rest = _wrap(comment[len(first) :].strip(), WIDTH - COMMENT_COLUMN - 4)
    return [
        f"{code.ljust(start)}# {first}",
        *(f"{' ' * COMMENT_COLUMN}#   {part}" for part in rest),
    ]


def files(languages: list[str], today: date, comments: str | None = None) -> dict[str, str]:
    """The scaffold's files, by name, commented in ``comments`` (by default the language
    :func:`comment_language` chooses)."""
    day = today.isoformat()
    c = COMMENTS[comments or comment_language(languages)]
    k = COMMENT_MARK

    def t(key: str, indent: int = 6) -> str:
        return _text(key, languages, indent, c["translate"])

    texts = {
        "organization.yaml": f"""\
# {c["organization_file"]}
organization:
  name: Example SAS{k}{c["legal_name"]}
  legal_form: SAS{k}{c["legal_form"]}
  address:{k}{c["address"]}
    street: 1 rue de l'Exemple
    postal_code: "75001"{k}{c["postal_code"]}
    city: Paris
    country: FR{k}{c["country"]}
  email: privacy@example.org{k}{c["email"]}
  dpo:{k}{c["dpo"]}
    name: Camille Martin{k}{c["optional"]}
    email: dpo@example.org{k}{c["dpo_email"]}
  supervisory_authority:{k}{c["authority"]}
    name: CNIL
    url: https://www.cnil.fr
    country: FR

policy:
  title:{t("title", 4)}
  version: "1.0"{k}{c["version"]}
  effective_date: {day}{k}{c["effective_date"]}
  languages: [{", ".join(languages)}]{k}{c["languages"]}
  intro:{t("intro", 4)}
  rights:
    channels: [email]{k}{c["channels"]}
    response_days: 30{k}{c["response_days"]}
  history:
    - version: "1.0"
      date: {day}
      summary:{t("summary", 8)}
""",
        "definitions.yaml": f"""\
# {c["definitions_file"]}
data_subjects:
  customers:{k}{c["id"]}
    name:{t("customers")}

data_categories:
  identity:
    name:{t("identity")}
    examples:
      -{t("identity_examples", 8)}
    # special: health{k}{c["special"]}

security_measures:
  tls:
    name:{t("tls")}
    type: technical{k}{c["measure_type"]}
""",
        "recipients.yaml": f"""\
# {c["recipients_file"]}
recipients:
  hosting:
    name: Example Hosting SAS{k}{c["recipient_name"]}
    role: processor{k}{c["role"]}
    category:{t("hosting")}
    service:{t("hosting_service")}
    country: FR{k}{c["established"]}
    dpa:{k}{c["dpa"]}
      signed: {day}
      reference: DPA-2026-01
    # transfers:{k}{c["transfers"]}
    #   - {{country: US, mechanism: dpf, reference: ...}}{k}{c["mechanism"]}
""",
        "activities.yaml": f"""\
# {c["activities_file"]}
activities:
  orders:
    name:{t("orders")}
    owner:{t("owner")}
    # {c["name_per_language"]}
    legal_bases:{k}{c["legal_bases"]}
      - basis: contract
    data_subjects: [customers]
    data_categories: [identity]
    # sources: [{{source: "...", categories: [identity]}}]{k}{c["sources"]}
    provision:{k}{c["provision"]}
      requirement: contractual{k}{c["requirement"]}
      consequence:{t("consequence", 8)}
    recipients: [hosting]
    retention:
      - period: 3 years{k}{c["period"]}
        from:{t("from", 10)}
    security_measures: [tls]
    reviewed: {day}{k}{c["reviewed"]}
""",
        "cookies.yaml": f"""\
# {c["cookies_file"]}
cookies:
  session:
    provider: first_party{k}{c["provider"]}
    purpose: orders{k}{c["purpose"]}
    lifetime: session{k}{c["lifetime"]}
    consent: exempt{k}{c["consent"]}
    description:{t("session")}
""",
    }
    return {name: align_comments(text) for name, text in texts.items()}


def write(folder: Path, languages: list[str], today: date) -> list[Path]:
    """Write the scaffold into ``folder``; refuse if any of its files exists."""
    planned = {folder / name: text for name, text in files(languages, today).items()}
    existing = [path for path in planned if path.exists()]
    if existing:
        raise ScaffoldExistsError(", ".join(str(p) for p in existing))
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in planned.items():
        path.write_text(text, encoding="utf-8")
    return list(planned)
