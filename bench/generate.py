"""Generate a large, valid register: N activities over files of 100, like a real team's."""

from __future__ import annotations

import shutil
from pathlib import Path

HEADER = """\
organization:
  name: Bench SAS
  address: {street: 1 rue de la Paix, postal_code: "75002", city: Paris, country: FR}
  email: privacy@bench.example
  supervisory_authority: {name: CNIL, country: FR, url: "https://www.cnil.fr"}
policy:
  title: {en: Privacy policy, fr: Politique de confidentialité}
  version: "1.0"
  effective_date: 2026-09-01
  languages: [en, fr]
  rights: {channels: [email, post], response_days: 30}
data_subjects:
  customers: {name: {en: Customers, fr: Clients}}
data_categories:
  identity: {name: {en: Identity, fr: Identité}}
  orders: {name: {en: Orders, fr: Commandes}}
security_measures:
  tls:
    name: {en: Encryption in transit, fr: Chiffrement des échanges}
    type: technical
recipients:
  hosting:
    name: Hosting SAS
    role: processor
    category: {en: Hosting providers, fr: Hébergeurs}
    country: FR
    dpa: {signed: 2025-01-01, reference: DPA-1}
  mailer:
    name: Mailer Inc.
    role: processor
    category: {en: Emailing providers, fr: Prestataires d'emailing}
    country: US
    dpa: {signed: 2025-01-01, reference: DPA-2}
    transfers:
      - {country: US, mechanism: dpf}
"""

ACTIVITY = """\
  activity-{n}:
    name:
      en: Purpose number {n} of the business
      fr: Finalité numéro {n} de l'entreprise
    description:
      en: "Processing {n}: **what** we do and why."
      fr: "Traitement {n} : **ce que** nous faisons et pourquoi."
    owner: Team {n}
    legal_bases:
      - basis: contract
      - basis: legitimate_interests
        interest: {{en: Improving service {n}, fr: Amélioration du service {n}}}
        balancing_test: LIA-{n}
    data_subjects: [customers]
    data_categories: [identity, orders]
    provision:
      requirement: contractual
      consequence: {{en: We cannot serve you, fr: Nous ne pouvons pas vous servir}}
    recipients: [hosting, mailer]
    retention:
      - period: 3 years
        from: {{en: end of the relationship, fr: fin de la relation}}
        categories: [identity]
      - period: P10Y
        categories: [orders]
        reference: Code de commerce L.123-22
    security_measures: [tls]
    reviewed: 2026-06-01
"""


def generate(folder: Path, activities: int, per_file: int = 100) -> list[Path]:
    """Write a register of ``activities`` activities into ``folder`` (replaced)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "activities").mkdir(parents=True)
    (folder / "register.yaml").write_text(HEADER, encoding="utf-8")
    for start in range(0, activities, per_file):
        body = "".join(
            ACTIVITY.format(n=n) for n in range(start, min(start + per_file, activities))
        )
        path = folder / "activities" / f"part-{start // per_file:04d}.yaml"
        path.write_text("activities:\n" + body, encoding="utf-8")
    return sorted(folder.rglob("*.yaml"))
