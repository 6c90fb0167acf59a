"""The registers the test site is compared with: one base, and the cookies each declares.

``register.yaml`` is the same for all (valid: the tests check it); ``cookies.yaml`` is the
matching declaration of every cookie of the test site (:data:`MATCH`), with one or two lines
changed, removed or added per register, so that each shows what differs.
"""

from __future__ import annotations

from pathlib import Path

REGISTER = """\
organization:
  name: The Shop SAS
  address: {street: 1 rue de la Paix, postal_code: "75002", city: Paris, country: FR}
  email: privacy@shop.example
  supervisory_authority: {name: CNIL, country: FR}

policy:
  title: Privacy policy
  version: "1.0"
  effective_date: 2026-01-01
  languages: [en]

data_subjects:
  visitors: {name: Visitors}

data_categories:
  browsing: {name: Browsing data}

security_measures:
  encryption: {name: Encryption in transit, type: technical}

recipients:
  hosting:
    name: Hosting SAS
    role: processor
    category: Hosting providers
    country: FR
    dpa: {signed: 2025-01-15, reference: DPA-2025-01}
  cdn:
    name: Static Pixels SAS
    role: processor
    category: Content delivery
    country: FR
    dpa: {signed: 2025-01-15, reference: DPA-2025-02}
    privacy_policy: http://127.0.0.2/privacy
  adnet:
    name: AdNet SAS
    role: controller
    category: Advertising networks
    country: FR
    privacy_policy: https://adnet.example/privacy

activities:
  shop:
    name: Running the shop
    legal_bases: [{basis: contract}]
    data_subjects: [visitors]
    data_categories: [browsing]
    provision: {requirement: contractual, consequence: The shop cannot work without it.}
    recipients: [hosting]
    retention: [{period: 1 year}]
    security_measures: [encryption]
  audience:
    name: Measuring our audience
    legal_bases: [{basis: consent, withdrawal: The cookie settings link on every page}]
    data_subjects: [visitors]
    data_categories: [browsing]
    provision: {requirement: voluntary, consequence: None.}
    recipients: [cdn, adnet]
    retention: [{period: 13 months}]
    security_measures: [encryption]
"""

#: Every cookie and storage key of the test site, declared as it is.
MATCH = {
    "session_id": "{provider: first_party, purpose: shop, lifetime: session, consent: exempt}",
    "recent": "{provider: first_party, purpose: shop, lifetime: session, consent: exempt}",
    "lang": "{provider: first_party, purpose: shop, lifetime: 1 year, consent: exempt}",
    "theme": "{provider: first_party, purpose: shop, lifetime: 30 days, consent: exempt}",
    "consent": "{provider: first_party, purpose: shop, lifetime: 6 months, consent: exempt}",
    "cart": "{provider: first_party, purpose: shop, lifetime: 1 year, consent: exempt, type: local_storage}",
    "tab": "{provider: first_party, purpose: shop, lifetime: session, consent: exempt, type: local_storage}",
    "tp_id": "{provider: cdn, purpose: audience, lifetime: 6 months, consent: exempt}",
    "_trk": "{provider: cdn, purpose: audience, lifetime: 1 year, consent: required}",
}

#: Each register: the declarations of :data:`MATCH` changed (a line), removed (None) or added.
CHANGES: dict[str, dict[str, str | None]] = {
    "match": {},
    # two undeclared: a cookie set by script, and a localStorage key
    "missing": {"theme": None, "cart": None},
    # a year declared 30 days; a cookie of 30 days declared for the session
    "shorter": {
        "lang": "{provider: first_party, purpose: shop, lifetime: 30 days, consent: exempt}",
        "theme": "{provider: first_party, purpose: shop, lifetime: session, consent: exempt}",
    },
    # the third party's cookie named as another recipient's, the tracker's as first party
    "provider": {
        "tp_id": "{provider: adnet, purpose: audience, lifetime: 6 months, consent: exempt}",
        "_trk": "{provider: first_party, purpose: audience, lifetime: 1 year, consent: required}",
    },
    # declared, never set: one cookie, and a group of them by wildcard
    "unseen": {
        "_old": "{provider: first_party, purpose: shop, lifetime: 1 day, consent: exempt}",
        "legacy": "{names: [legacy, legacy_*], provider: adnet, purpose: audience, lifetime: 1 day, consent: required}",
    },
    # the third-party pixel needs consent, and is there before it
    "before-consent": {
        "tp_id": "{provider: cdn, purpose: audience, lifetime: 6 months, consent: required}",
    },
}


def cookies_yaml(name: str) -> str:
    """The ``cookies.yaml`` of the register ``name``."""
    declared = {**MATCH, **CHANGES[name]}
    lines = [f"  {key}: {value}" for key, value in declared.items() if value is not None]
    return "cookies:\n" + "\n".join(lines) + "\n"


def write(folder: Path, name: str) -> Path:
    """The register ``name`` written in ``folder/name``; its path."""
    root = folder / name
    root.mkdir(parents=True)
    (root / "register.yaml").write_text(REGISTER, encoding="utf-8")
    (root / "cookies.yaml").write_text(cookies_yaml(name), encoding="utf-8")
    return root
