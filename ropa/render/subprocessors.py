"""The sub-processor list (``subprocessors.html``, ``subprocessors.json``), for the customers of our
processor activities.

When we process personal data on a customer's behalf (an activity with ``role: processor``), the
processors we engage for it are that customer's sub-processors: we may engage them only with the
customer's authorisation, must tell it of any intended addition or replacement so that it can
object (GDPR Art. 28(2)), and bind each by the same obligations (Art. 28(4)). The list says who
they are, what they do, where they are established, where the data go outside the EEA and on
what ground, which of our services use them, and since when. A register with no processor
activity owes no such list: its processors are the recipients its policy names (Art. 13(1)(e)).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ropa.model.recipients import Recipient
from ropa.render.document import Document
from ropa.render.views import TransferView

#: The version of the JSON's shape: keys may be added, none renamed or removed without a new one.
FORMAT_VERSION = 1


@dataclass(frozen=True)
class SubprocessorRow:
    """One sub-processor, in the document's language."""

    recipient: Recipient
    name: str
    service: str
    country: str  # where it is established, named in the language ("" if not declared)
    transfers: list[TransferView]  # outside the EEA, each with its ground
    services: list[str]  # the names of our processor activities that use it
    since: str  # the day it was engaged, in words, or ""


def subprocessor_rows(doc: Document) -> list[SubprocessorRow]:
    """The sub-processors of ``doc``'s processor activities, in definition order."""
    lang = doc.lang
    return [
        SubprocessorRow(
            recipient,
            lang.text(recipient.name),
            lang.text(recipient.service),
            lang.country(recipient.country),
            doc.transfers([recipient]),
            [
                lang.text(activity.name)
                for activity in doc.processor_activities
                if any(r is recipient for r in activity.recipient_entries)
            ],
            lang.date(recipient.since),
        )
        for recipient in doc.subprocessors
    ]


def subprocessors_data(doc: Document, rows: list[SubprocessorRow]) -> dict[str, Any]:
    """The list as JSON-ready data: ``{format_version, language, processor, version,
    effective_date, services: [{id, name, controller}], subprocessors: [{id, name, service,
    country, country_name, since, services: [ids], transfers: [{country, country_name, ground,
    reference}], privacy_policy}]}``; texts in the document's language, dates ``YYYY-MM-DD``."""
    org, lang = doc.organization, doc.lang
    return {
        "format_version": FORMAT_VERSION,
        "language": lang.code,
        "processor": {"name": org.name, "email": org.email, "website": org.website},
        "version": doc.policy.version,
        "effective_date": doc.policy.effective_date.isoformat(),
        "services": [
            {
                "id": activity.id,
                "name": lang.text(activity.name),
                "controller": lang.text(activity.controller.name) if activity.controller else None,
            }
            for activity in doc.processor_activities
        ],
        "subprocessors": [
            {
                "id": row.recipient.id,
                "name": row.name,
                "service": row.service or None,
                "country": row.recipient.country,
                "country_name": row.country or None,
                "since": row.recipient.since.isoformat() if row.recipient.since else None,
                "services": [
                    activity.id
                    for activity in doc.processor_activities
                    if any(r is row.recipient for r in activity.recipient_entries)
                ],
                "transfers": [
                    {
                        "country": transfer.country,
                        "country_name": transfer.country_name,
                        "ground": transfer.ground,
                        "reference": transfer.reference or None,
                    }
                    for transfer in row.transfers
                ],
                "privacy_policy": row.recipient.privacy_policy,
            }
            for row in rows
        ],
    }


def subprocessors_json(doc: Document, rows: list[SubprocessorRow]) -> bytes:
    data = subprocessors_data(doc, rows)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
