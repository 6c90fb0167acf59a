"""``ropa init``: a small, valid register to start from, every field explained by a comment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

#: Words of the scaffold in the languages ropa knows; other languages get the English words,
#: marked to be translated.
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


class ScaffoldExistsError(Exception):
    """A file ``ropa init`` would write exists already."""


def _text(key: str, languages: list[str], indent: int) -> str:
    """A Text in every language, as a block mapping."""
    pad = " " * indent
    lines = []
    for lang in languages:
        words = WORDS.get(lang)
        value = (words or WORDS["en"])[key].replace('"', '\\"')
        todo = "" if words else "  # translate"
        lines.append(f'{pad}{lang}: "{value}"{todo}')
    return "\n" + "\n".join(lines)


def files(languages: list[str], today: date) -> dict[str, str]:
    """The scaffold's files, by name."""
    day = today.isoformat()

    def t(key: str, indent: int = 6) -> str:
        return _text(key, languages, indent)

    return {
        "organization.yaml": f"""\
# The controller (who decides why and how data is processed) and the public policy page.
organization:
  name: Example SAS                      # legal name
  legal_form: SAS                        # optional: SAS, GmbH, Ltd...
  address:                               # postal address (GDPR Art. 13(1)(a))
    street: 1 rue de l'Exemple
    postal_code: "75001"                 # quoted, so a leading zero stays
    city: Paris
    country: FR                          # ISO 3166-1 alpha-2 code
  email: privacy@example.org             # contact address for data protection
  dpo:                                   # data protection officer (Art. 37); remove if none
    name: Camille Martin                 # optional
    email: dpo@example.org               # an email, or an address: a mapping or one string
  supervisory_authority:                 # where complaints go (Art. 77)
    name: CNIL
    url: https://www.cnil.fr
    country: FR

policy:
  title:{t("title", 4)}
  version: "1.0"                         # quoted: a version is a string
  effective_date: {day}                  # YYYY-MM-DD; outputs are dated from it
  languages: [{", ".join(languages)}]              # the first is the language of plain strings
  intro:{t("intro", 4)}
  rights:
    channels: [email]                    # email, post, web_form
    response_days: 30                    # one month: at most 31 (Art. 12(3))
  history:
    - version: "1.0"
      date: {day}
      summary:{t("summary", 8)}
""",
        "definitions.yaml": f"""\
# What activities refer to: whose data, which data, which security measures.
data_subjects:
  customers:                             # an id: lowercase letters, digits, - and _
    name:{t("customers")}

data_categories:
  identity:
    name:{t("identity")}
    examples:
      -{t("identity_examples", 8)}
    # special: health                    # only for Art. 9 data (or criminal_convictions, Art. 10)

security_measures:
  tls:
    name:{t("tls")}
    type: technical                      # technical or organisational
""",
        "recipients.yaml": f"""\
# Who receives the data. Processors need their Art. 28 contract; transfers outside the EEA
# need a safeguard (ropa knows the adequacy decisions).
recipients:
  hosting:
    name: Example Hosting SAS            # the recipient's name
    role: processor                      # internal, processor, joint_controller, controller, authority, public
    category:{t("hosting")}
    service:{t("hosting_service")}
    country: FR                          # where it is established
    dpa:                                 # the Art. 28(3) contract
      signed: {day}
      reference: DPA-2026-01
    # transfers:                         # for each country outside the EEA where it gets the data
    #   - {{country: US, mechanism: dpf}}   # or scc with a reference, bcr, derogation...
""",
        "activities.yaml": f"""\
# Processing activities: one purpose each. `ropa explain <rule>` tells what each rule wants.
activities:
  orders:
    name:{t("orders")}
    owner:{t("owner")}
    # ^ a name: one string for every language, or one per language as here
    legal_bases:                         # one or more of: consent, contract, legal_obligation,
      - basis: contract                  #   vital_interests, public_task, legitimate_interests
    data_subjects: [customers]
    data_categories: [identity]
    # sources: [{{source: "...", categories: [identity]}}]   # data not collected from the person
    provision:                           # must people give the data? (Art. 13(2)(e))
      requirement: contractual           # statutory, contractual, precondition, voluntary
      consequence:{t("consequence", 8)}
    recipients: [hosting]
    retention:
      - period: 3 years                  # or P3Y; or `criteria:` when no fixed period exists
        from:{t("from", 10)}
    security_measures: [tls]
    reviewed: {day}                      # last review; a warning after 12 months
""",
        "cookies.yaml": f"""\
# Cookies and similar trackers, each keyed by the cookie's name (ePrivacy Directive Art. 5(3)).
cookies:
  session:
    provider: first_party                # or the id of the recipient that sets it
    purpose: orders                      # the activity it serves
    lifetime: session                    # or a duration: 13 months at most
    consent: exempt                      # strictly necessary; a tracker that needs consent is
                                         #   `required` and serves an activity resting on consent
    description:{t("session")}
""",
    }


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
