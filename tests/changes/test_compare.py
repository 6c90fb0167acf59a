"""What each kind of change is found as, its class, and how it is said: two registers written as
folders (the register of ``register.yaml`` after its first four steps, and the same with the
lines that differ), compared as ``ropa diff`` compares them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.casefiles import merge
from tests.changes.repository import compared, lines, register_after

REMOVE = "~"
BASE = register_after(4)


def changes_to(tmp_path: Path, overlay: Any, *, base: Any = BASE, **raised: Any) -> list[str]:
    return lines(compared(tmp_path, base, merge(base, overlay), **raised))


def test_the_same_register_has_no_change(tmp_path: Path) -> None:
    assert changes_to(tmp_path, {}) == []


def test_a_legal_basis_changed_for_some_data(tmp_path: Path) -> None:
    overlay = {
        "activities": {
            "orders": {
                "legal_bases": [
                    {"basis": "contract", "categories": ["orders"]},
                    {
                        "basis": "legitimate_interests",
                        "categories": ["identity"],
                        "interest": {"en": "Knowing our customers", "fr": "Connaître nos clients"},
                        "balancing_test": "LIA-1",
                    },
                ]
            }
        }
    }
    assert changes_to(tmp_path, overlay) == [
        "material legal-basis-changed activities/orders: Purpose “Order management”: legal basis "
        "for “Identity data” changed (contract → legitimate interests)"
    ]


def test_a_legal_basis_added_and_one_no_longer_relied_on(tmp_path: Path) -> None:
    added = {
        "activities": {
            "orders": {
                "legal_bases": [
                    {"basis": "contract"},
                    {"basis": "legal_obligation", "law": "Code de commerce, art. L123-22"},
                ]
            }
        }
    }
    assert changes_to(tmp_path, added) == [
        "material legal-basis-added activities/orders: Purpose “Order management”: legal basis "
        "added for “Identity data” and “Order data” (legal obligation)"
    ]
    base = merge(BASE, added)
    assert changes_to(
        tmp_path / "back",
        {"activities": {"orders": {"legal_bases": [{"basis": "contract"}]}}},
        base=base,
    ) == [
        "notable legal-basis-removed activities/orders: Purpose “Order management”: legal basis "
        "no longer relied on for “Identity data” and “Order data” (legal obligation)"
    ]


def test_data_and_people_added_to_a_purpose_or_removed(tmp_path: Path) -> None:
    overlay = {
        "data_subjects": {"prospects": {"name": {"en": "Prospects", "fr": "Prospects"}}},
        "activities": {
            "newsletter": {
                "data_categories": ["identity", "orders"],
                "data_subjects": ["customers", "prospects"],
            },
            "orders": {"data_categories": ["orders"], "legal_bases": [{"basis": "contract"}]},
        },
    }
    assert changes_to(tmp_path, overlay) == [
        "material data-category-added activities/newsletter: Purpose “Sending our newsletter”: "
        "new data processed: “Order data”",
        "notable data-subject-added activities/newsletter: Purpose “Sending our newsletter”: now "
        "also concerns “Prospects”",
        "notable data-category-removed activities/orders: Purpose “Order management”: data no "
        "longer processed: “Identity data”",
    ]


def test_a_recipient_of_a_new_category_for_a_purpose(tmp_path: Path) -> None:
    overlay = {"activities": {"orders": {"recipients": ["hosting", "mailer"]}}}
    assert changes_to(tmp_path, overlay) == [
        "material recipient-category-added recipients/mailer: New category of recipients, "
        "“Emailing service providers” (“Mailer Inc.”), for “Order management”",
        "notable recipient-added activities/orders: Purpose “Order management”: data now also go "
        "to “Mailer Inc.”",
    ]


def test_a_transfer_ground_changed_and_a_transfer_to_india(tmp_path: Path) -> None:
    overlay = {
        "recipients": {
            "mailer": {
                "transfers": [
                    {
                        "country": "US",
                        "mechanism": "scc",
                        "reference": "SCC module 2",
                        "tia": "TIA-1",
                    },
                    {
                        "country": "IN",
                        "mechanism": "scc",
                        "reference": "SCC module 3",
                        "tia": "TIA-2",
                    },
                ]
            }
        }
    }
    assert changes_to(tmp_path, overlay) == [
        "material transfer-added recipients/mailer: New transfer to India: “Mailer Inc.”; "
        "ground: standard contractual clauses",
        "notable transfer-mechanism-changed recipients/mailer: Transfer to “Mailer Inc.” in the "
        "United States: ground changed (EU-US Data Privacy Framework → standard contractual "
        "clauses)",
        "notable text-meaning-changed recipients/mailer: Recipient “Mailer Inc.”: "
        "transfers[0].reference changed (“Mailer Inc.” → “2”)",
        "editorial internal-changed recipients/mailer: Recipient “Mailer Inc.”: internal changes "
        "(transfers.tia)",
    ]


def test_a_processor_replaced_by_one_in_the_eea(tmp_path: Path) -> None:
    overlay = {
        "recipients": {
            "mailer": REMOVE,
            "sender": {
                "name": "Sender SAS",
                "role": "processor",
                "category": {
                    "en": "Emailing service providers",
                    "fr": "Prestataires d'envoi de courriels",
                },
                "country": "FR",
                "dpa": {"signed": "2026-03-01", "reference": "DPA-2026-03"},
            },
        },
        "activities": {"newsletter": {"recipients": ["hosting", "sender"]}},
    }
    assert changes_to(tmp_path, overlay) == [
        "notable processor-replaced recipients/sender: Processor “Mailer Inc.” replaced by "
        "“Sender SAS” (Emailing service providers)",
        "notable transfer-removed recipients/sender: Transfer to the United States ended: "
        "“Mailer Inc.”",
    ]


def test_sub_processors_of_a_processor_activity(tmp_path: Path) -> None:
    service = {
        "name": {
            "en": "Hosting our customers' shops",
            "fr": "Hébergement des boutiques de nos clients",
        },
        "role": "processor",
        "controller": {"name": {"en": "Each customer", "fr": "Chaque client"}, "contract": "Terms"},
        "data_subjects": ["customers"],
        "recipients": ["hosting"],
        "security_measures": ["encryption"],
    }
    base = merge(BASE, {"activities": {"shops": service}})
    overlay = {
        "activities": {
            "shops": {"recipients": ["hosting", "mailer"], "notes": "Asked by a customer"}
        }
    }
    assert changes_to(tmp_path, overlay, base=base) == [
        "material subprocessor-added activities/shops: Purpose “Hosting our customers' shops”: "
        "new sub-processor “Mailer Inc.”",
        "editorial internal-changed activities/shops: Purpose “Hosting our customers' shops”: "
        "internal changes (recipients and notes)",
    ]


def test_cookies_added_longer_lived_and_no_longer_asking_consent(tmp_path: Path) -> None:
    cookie = {
        "provider": "first_party",
        "purpose": "newsletter",
        "lifetime": "6 months",
        "consent": "required",
    }
    base = merge(BASE, {"cookies": {"nl_seen": cookie}})
    overlay = {
        "cookies": {
            "nl_seen": {"lifetime": "13 months", "consent": "exempt"},
            "_pk_id": {
                "provider": "first_party",
                "purpose": "newsletter",
                "lifetime": "session",
                "consent": "exempt",
            },
        }
    }
    assert changes_to(tmp_path, overlay, base=base) == [
        "notable cookie-added cookies/_pk_id: New tracker: “_pk_id”, for “Sending our "
        "newsletter”, lifetime the browser session, exempt from consent",
        "notable cookie-lifetime-lengthened cookies/nl_seen: Tracker “nl_seen”: lifetime "
        "lengthened, 13 months instead of 6 months",
        "notable cookie-consent-changed cookies/nl_seen: Tracker “nl_seen”: now exempt from consent",
    ]


def test_the_controller_its_contact_its_dpo_and_how_rights_are_exercised(tmp_path: Path) -> None:
    overlay = {
        "organization": {
            "name": "Example Group SAS",
            "email": "dpo@example.com",
            "dpo": {"name": "Jeanne Martin", "email": "dpo@example.com"},
        },
        "policy": {"rights": {"channels": ["email", "post"]}},
    }
    assert changes_to(tmp_path, overlay) == [
        "material controller-changed organization/: The controller's identity changed (name)",
        "material controller-contact-changed organization/: The controller's contact details "
        "changed (email)",
        "material dpo-changed organization/: A data protection officer is named",
        "material rights-changed policy/: Rights are now exercised by email and post (was email)",
    ]


def test_an_automated_decision_a_source_and_internal_fields(tmp_path: Path) -> None:
    overlay = {
        "activities": {
            "newsletter": {
                "automated_decisions": {
                    "logic": {"en": "We score your interest", "fr": "Nous évaluons votre intérêt"},
                    "significance": {
                        "en": "You get fewer emails",
                        "fr": "Vous recevez moins de courriels",
                    },
                },
                "dpia": {"status": "not_required"},
                "sources": [{"en": "Our partner shops", "fr": "Nos boutiques partenaires"}],
                "owner": "Marketing",
                "reviewed": "2026-10-01",
            }
        }
    }
    assert changes_to(tmp_path, overlay) == [
        "material automated-decision-added activities/newsletter: Purpose “Sending our "
        "newsletter”: new automated decision",
        "notable source-added activities/newsletter: Purpose “Sending our newsletter”: data now "
        "also obtained from “Our partner shops”",
        "editorial internal-changed activities/newsletter: Purpose “Sending our newsletter”: "
        "internal changes (owner, dpia, and reviewed)",
    ]


def test_a_purpose_kept_off_the_page_and_a_hidden_one_added(tmp_path: Path) -> None:
    hidden = {
        "name": {"en": "Staff training", "fr": "Formation du personnel"},
        "public": "false",
        "informed_by": {"en": "The staff notice", "fr": "La notice du personnel"},
        "legal_bases": [{"basis": "contract"}],
        "data_subjects": ["customers"],
        "data_categories": ["identity"],
        "retention": [{"period": "1 year"}],
        "security_measures": ["encryption"],
    }
    overlay = {
        "activities": {
            "newsletter": {"public": "false", "informed_by": {"en": "Emails", "fr": "Courriels"}},
            "training": hidden,
        }
    }
    assert changes_to(tmp_path, overlay) == [
        "notable purpose-removed activities/newsletter: Purpose no longer on the public page: "
        "“Sending our newsletter”",
        "editorial internal-changed activities/training: Added (not on the public page): purpose "
        "“Staff training”",
    ]


def test_a_text_whose_meaning_changed_and_one_only_reworded(tmp_path: Path) -> None:
    overlay = {
        "activities": {
            "orders": {
                "description": {
                    "en": "We process your orders and deliver them to you within 3 days.",
                    "fr": "Nous traitons vos commandes et vous les livrons sous 3 jours.",
                }
            },
            "newsletter": {
                "retention": [
                    {
                        "period": "3 years",
                        "from": {"en": "your latest order", "fr": "votre dernière commande"},
                    }
                ]
            },
        }
    }
    base = merge(
        BASE,
        {
            "activities": {
                "orders": {
                    "description": {
                        "en": "We process your orders and deliver them to you within 5 days.",
                        "fr": "Nous traitons vos commandes et vous les livrons sous 5 jours.",
                    }
                }
            }
        },
    )
    assert changes_to(tmp_path, overlay, base=base) == [
        "notable text-meaning-changed activities/orders: Purpose “Order management”: description "
        "changed (“5 days” → “3 days”)",
        "editorial wording-changed activities/newsletter: Purpose “Sending our newsletter”: "
        "wording of retention[0].from",
    ]


def test_a_renamed_category_is_matched_by_its_name(tmp_path: Path) -> None:
    overlay = {
        "data_categories": {
            "identity": REMOVE,
            "identification": {
                "name": {"en": "Identity data", "fr": "Données d'identité"},
                "description": {
                    "en": "Your name and email address",
                    "fr": "Vos nom et adresse électronique",
                },
            },
        },
        "activities": {
            "orders": {"data_categories": ["identification", "orders"]},
            "newsletter": {"data_categories": ["identification"]},
        },
    }
    assert changes_to(tmp_path, overlay) == [
        "notable text-meaning-changed data_categories/identification: Data category “Identity "
        "data”: description added",
        "editorial id-renamed data_categories/identification: Data category “Identity data”: "
        "renamed from 'identity' (guessed from its name)",
    ]


def test_a_project_may_raise_a_class(tmp_path: Path) -> None:
    overlay = {
        "cookies": {
            "_pk_id": {
                "provider": "first_party",
                "purpose": "newsletter",
                "lifetime": "session",
                "consent": "exempt",
            }
        }
    }
    found = compared(tmp_path, BASE, merge(BASE, overlay), cookie_added="material")
    assert [(c.change.kind, str(c.materiality)) for c in found.changes] == [
        ("cookie-added", "material")
    ]
    assert found.changes[0].reason == (
        "ropa's judgement: a tracker the page and the consent banner must list; raised to "
        "material by the project's configuration"
    )


def test_channels_in_another_order_are_the_same_channels(tmp_path: Path) -> None:
    base = merge(BASE, {"policy": {"rights": {"channels": ["email", "post"]}}})
    assert (
        changes_to(tmp_path, {"policy": {"rights": {"channels": ["post", "email"]}}}, base=base)
        == []
    )


def test_a_recipient_not_read_whole_on_one_side_is_no_new_category(tmp_path: Path) -> None:
    """A base whose recipient failed to validate (an invalid role) does not make its category
    look new once the role is fixed: what was not read is not compared."""
    broken = merge(BASE, {"recipients": {"hosting": {"role": "procesor"}}})
    assert lines(compared(tmp_path, broken, BASE)) == []
