"""The changes feed (``changes.atom``): one Atom entry (RFC 4287) per ``policy.history`` version.

Everything in it comes from the declarations, never from the clock, so that the same
declarations give the same bytes:

- ids are ``tag:`` URIs (RFC 4151): the organisation's website host (else its email address),
  the date of the policy's first recorded version, then ``privacy-policy/<lang>`` for the feed
  and ``privacy-policy/<lang>/<version>`` for an entry (the version percent-encoded), so an
  entry keeps its id from build to build and from version to version;
- ``updated`` is the history entry's date (midnight UTC); the feed's, the latest of them and of
  ``policy.effective_date``.

The XML is built with :mod:`xml.etree.ElementTree`, which escapes every text; characters XML 1.0
cannot carry (most control characters) are dropped first. An entry's content is HTML
(``type="html"``), escaped by :mod:`markupsafe` before the XML escapes it again.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # writing only; nothing is parsed here
from collections.abc import Mapping
from datetime import date
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ropa.changes.materiality import Materiality, classify
from ropa.model.policy import Revision
from ropa.render.document import Document

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: What XML 1.0 cannot carry (its Char production): dropped from every text.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@" + _HOST.pattern)


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _stamp(day: date) -> str:
    """An RFC 3339 date-time, as Atom asks: the day at midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, name: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    if text:
        element.text = _text(text)
    return element


def authority(doc: Document) -> str:
    """Who mints the ids (RFC 4151's authorityName): the website's host name, else the
    organisation's email address, lower case; both are the organisation's own."""
    link = doc.website_link
    host = (urlsplit(link).hostname or "") if link else ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    if _HOST.fullmatch(host):
        return host
    email = doc.organization.email.lower()
    return email if _EMAIL.fullmatch(email) else "ropa.invalid"


def feed_id(doc: Document) -> str:
    """The feed's id: ``tag:www.example.com,2026-09-01:privacy-policy/en``."""
    history = doc.policy.history
    first = min((r.date for r in history), default=doc.policy.effective_date)
    return f"tag:{authority(doc)},{first.isoformat()}:privacy-policy/{doc.lang.code}"


def entry_ids(doc: Document) -> list[str]:
    """Each history entry's id, in the history's order; a version written twice gets its date
    after it the second time, so that ids stay unique."""
    base, seen, ids = feed_id(doc), set(), []
    for revision in doc.policy.history:
        version = quote(revision.version, safe="-._~")
        if version in seen:
            version += f"/{revision.date.isoformat()}"
        seen.add(version)
        ids.append(f"{base}/{version}")
    return ids


def _content(doc: Document, revision: Revision, raised: Mapping[str, Materiality]) -> str:
    """The entry's content as HTML: when the version took effect, its summary, its changes
    (material ones first, so marked)."""
    lang, _ = doc.lang, doc._
    parts = [
        Markup("<p>%s</p>")
        % (
            _("Version %(version)s, effective %(date)s.")
            % {"version": revision.version, "date": lang.date(revision.date)}
        )
    ]
    if revision.summary:
        parts.append(Markup("<p>%s</p>") % lang.text(revision.summary))
    material = [
        c for c in revision.changes if classify(c.kind, raised).materiality is Materiality.MATERIAL
    ]
    others = [c for c in revision.changes if c not in material]
    items = [
        Markup("<li>%s <em>(%s)</em></li>") % (lang.text(c.summary), _("material change"))
        for c in material
    ] + [Markup("<li>%s</li>") % lang.text(c.summary) for c in others]
    if items:
        parts.append(Markup("<ul>%s</ul>") % Markup("").join(items))
    return str(Markup("").join(parts))


def changes_atom(doc: Document, raised: Mapping[str, Materiality]) -> bytes:
    """The feed of the policy's versions in ``doc``'s language, as UTF-8 XML."""
    policy, lang, org, _ = doc.policy, doc.lang, doc.organization, doc._
    # names unqualified, in Atom's namespace by the root's xmlns (ElementTree would otherwise
    # refuse the unqualified attributes Atom's elements take)
    feed = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: lang.code})
    _add(feed, "id", feed_id(doc))
    _add(feed, "title", _("%(title)s: changes") % {"title": lang.text(policy.title)})
    latest = max([policy.effective_date, *(r.date for r in policy.history)])
    _add(feed, "updated", _stamp(latest))
    author = _add(feed, "author")
    _add(author, "name", org.name)
    _add(author, "email", org.email)
    if doc.website_link:
        _add(author, "uri", doc.website_link)
        _add(feed, "link", rel="alternate", type="text/html", href=_text(doc.website_link))
    _add(feed, "generator", "ropa")
    for revision, entry_id in zip(policy.history, entry_ids(doc), strict=True):
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id)
        _add(entry, "title", _("Version %(version)s") % {"version": revision.version})
        _add(entry, "updated", _stamp(revision.date))
        if any(
            classify(c.kind, raised).materiality is Materiality.MATERIAL for c in revision.changes
        ):
            _add(entry, "category", term="material", label=_("material change"))
        if revision.summary:
            _add(entry, "summary", lang.text(revision.summary))
        _add(entry, "content", _content(doc, revision, raised), type="html")
    ET.indent(feed)
    text: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return text + b"\n"
