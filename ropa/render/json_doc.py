"""The register as JSON: a documented, stable structure with every reference resolved.

``format_version`` changes only when a key is renamed or removed; keys may be added. Ids are kept
next to names so that tools can join records; texts are in the document's language; durations
are ISO 8601 and dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ropa.model.activities import Activity
from ropa.model.definitions import DataCategory, DataSubject, SecurityMeasure
from ropa.model.organization import PostalAddress as Address
from ropa.model.recipients import Recipient
from ropa.model.types import Text
from ropa.render.document import Document, RetentionView

FORMAT_VERSION = 1


def _address(address: Address | None) -> dict[str, Any] | None:
    return None if address is None else address.model_dump(mode="json")


def _dump(doc: Document, model: BaseModel | None) -> dict[str, Any] | None:
    """A model as JSON data, with its names and texts in the document's language."""
    if model is None:
        return None
    data: dict[str, Any] = model.model_dump(mode="json")
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Text):
            data[name] = doc.lang.text(value)
    return data


def _named(doc: Document, entry: DataSubject | DataCategory | SecurityMeasure) -> dict[str, Any]:
    return {"id": entry.id, "name": doc.lang.text(entry.name)}


def _recipient_ref(doc: Document, recipient: Recipient) -> dict[str, Any]:
    return {"id": recipient.id, "name": doc.lang.text(recipient.name), "role": recipient.role.value}


def _retention(doc: Document, row: RetentionView) -> dict[str, Any]:
    text, retention = doc.lang.text, row.retention
    return {
        "categories": [c.id for c in retention.category_entries],
        "period": retention.period.iso if retention.period else None,
        "criteria": text(retention.criteria) or None,
        "from": text(retention.from_) or None,
        "text": row.period,
        "reference": text(retention.reference) or None,
        "then": retention.then.value,
    }


def _activity(doc: Document, activity: Activity) -> dict[str, Any]:
    text, rec = doc.lang.text, doc.record(activity)
    return {
        "id": activity.id,
        "name": text(activity.name),
        "description": text(activity.description) or None,
        "role": activity.role.value,
        "controller": (
            {
                "name": text(activity.controller.name),
                "email": activity.controller.email,
                "address": activity.controller.address,
                "contract": activity.controller.contract,
            }
            if activity.controller
            else None
        ),
        "joint_controllers": [_recipient_ref(doc, r) for r in activity.joint_controller_entries],
        "owner": rec.owner or None,
        "legal_bases": [
            {
                "basis": view.basis.basis.value,
                "article": view.basis.basis.article,
                "label": view.label,
                "categories": [c.id for c in view.basis.category_entries],
                "interest": view.interest or None,
                "balancing_test": view.balancing_test or None,
                "law": view.law or None,
                "withdrawal": view.withdrawal or None,
            }
            for view in rec.bases
        ],
        "special_conditions": [
            {
                "condition": c.condition.value,
                "article": c.condition.article,
                "law": text(c.law) or None,
            }
            for c in activity.special_conditions
        ],
        "data_subjects": [_named(doc, s) for s in activity.subject_entries],
        "data_categories": [
            {**_named(doc, c), "special": c.special.value if c.special else None}
            for c in activity.category_entries
        ],
        "sources": [text(s.source) for s in activity.sources],
        # the categories each source provides, in the order of "sources" (empty: not said)
        "source_categories": [[c.id for c in s.category_entries] for s in activity.sources],
        "marketing_channels": [c.value for c in activity.marketing_channels],
        "soft_opt_in": activity.soft_opt_in,
        "provision": (
            {
                "requirement": activity.provision.requirement.value,
                "consequence": text(activity.provision.consequence) or None,
            }
            if activity.provision
            else None
        ),
        "recipients": [_recipient_ref(doc, r) for r in activity.recipient_entries],
        "transfers": [
            {
                "recipient": t.recipient.id,
                "country": t.country,
                "country_name": t.country_name,
                "adequacy_decision": t.adequacy or None,
                "safeguard": t.safeguard,  # the mechanism relied on, as "ground" says it
                "ground": t.ground,
                "reference": t.reference or None,
            }
            for t in rec.transfers
        ],
        "retention": [_retention(doc, row) for row in rec.retention],
        "security_measures": [_named(doc, m) for m in activity.measure_entries],
        "automated_decisions": (
            {
                "logic": text(activity.automated_decisions.logic),
                "significance": text(activity.automated_decisions.significance),
                "legal_effect": activity.automated_decisions.legal_effect,
                "exception": activity.automated_decisions.exception.value
                if activity.automated_decisions.exception
                else None,
                "law": text(activity.automated_decisions.law) or None,
                "safeguards": text(activity.automated_decisions.safeguards) or None,
            }
            if activity.automated_decisions
            else None
        ),
        "dpia": activity.dpia.model_dump(mode="json") if activity.dpia else None,
        "joint_arrangement": (
            {
                "summary": text(activity.joint_arrangement.summary),
                "reference": activity.joint_arrangement.reference,
                "contact": text(activity.joint_arrangement.contact) or None,
            }
            if activity.joint_arrangement
            else None
        ),
        "public": activity.public,
        "informed_by": text(activity.informed_by) or None,
        "reviewed": activity.reviewed.isoformat() if activity.reviewed else None,
        "notes": text(activity.notes) or None,
    }


def register_data(doc: Document) -> dict[str, Any]:
    """The whole register as plain JSON-ready data."""
    org, text = doc.organization, doc.lang.text
    return {
        "format_version": FORMAT_VERSION,
        "language": doc.lang.code,
        "policy": {
            "title": text(doc.policy.title),
            "version": doc.policy.version,
            "effective_date": doc.policy.effective_date.isoformat(),
        },
        "controller": {
            "name": org.name,
            "legal_form": org.legal_form,
            "registration": org.registration,
            "address": _address(org.address),
            "email": org.email,
            "phone": org.phone,
            "website": org.website,
            "privacy_contact": _dump(doc, org.privacy_contact),
            "legal_representative": _dump(doc, org.legal_representative),
            "dpo": org.dpo.model_dump(mode="json") if org.dpo else None,
            "eu_representative": org.eu_representative.model_dump(mode="json")
            if org.eu_representative
            else None,
            "uk_representative": org.uk_representative.model_dump(mode="json")
            if org.uk_representative
            else None,
            "joint_controllers": [_recipient_ref(doc, r) for r in doc.joint_controllers],
            "supervisory_authority": org.supervisory_authority.model_dump(mode="json"),
        },
        "activities": [_activity(doc, a) for a in doc.controller_activities],
        "processor_activities": [_activity(doc, a) for a in doc.processor_activities],
        "recipients": [
            {
                **_recipient_ref(doc, r),
                "category": text(r.category),
                "service": text(r.service) or None,
                "country": r.country,
                "dpa": _dump(doc, r.dpa),
                "transfers": [_dump(doc, t) for t in r.transfers],
                "privacy_policy": r.privacy_policy,
                "since": r.since.isoformat() if r.since else None,
            }
            for r in doc.register.recipients.values()
        ],
        "security_measures": [
            {**_named(doc, m), "type": m.type.value, "description": text(m.description) or None}
            for m in doc.register.security_measures.values()
        ],
        "cookies": [
            {
                "name": c.id,
                "names": c.names,
                "provider": c.provider,
                "purpose": c.purpose,
                "lifetime": c.lifetime if isinstance(c.lifetime, str) else c.lifetime.iso,
                "consent": c.consent.value,
                "type": c.type.value,
                "description": text(c.description) or None,
            }
            for c in doc.cookies
        ],
        "waivers": [
            {
                "entry": what,
                "rule": rule,
                "reason": text(w.reason),
                "until": w.until.isoformat() if w.until else None,
            }
            for what, rule, w in doc.waivers
        ],
    }


def register_json(doc: Document) -> bytes:
    return (json.dumps(register_data(doc), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
