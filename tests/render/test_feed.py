"""The changes feed (``changes.atom``): parsed back with xml.etree and checked element by element
against RFC 4287's rules that can be checked (required elements once each, ids that are
absolute IRIs, RFC 3339 dates), its ids stable (tag: URIs, RFC 4151), its dates from the
declarations, its bytes the same from build to build."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET  # parsing our own output
from pathlib import Path
from typing import Any

import feedparser
import pytest

from ropa.check import validate
from ropa.render import render
from tests.casefiles import merge, read
from tests.changes.repository import BASE, write
from tests.conftest import DATA, TODAY

NS = {"atom": "http://www.w3.org/2005/Atom"}
A = "{http://www.w3.org/2005/Atom}"
PROCESSOR = Path(__file__).parent / "registers" / "processor"
#: RFC 4151: tag:authority,date:specific (authority a DNS name or an email address).
TAG = re.compile(
    r"tag:(?:[a-z0-9.-]+|[A-Za-z0-9._%+-]+@[a-z0-9.-]+),\d{4}(?:-\d{2}(?:-\d{2})?)?:[\w\-.~!$&'()*+,;=:@/?%]+"
)
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def feeds(folder: Path) -> dict[str, bytes]:
    register = validate(folder, TODAY).register
    outputs = render(register, languages=["en", "fr"], formats=["atom"])
    return {path.parent.name: body for path, body in outputs.items()}


def one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(f"atom:{name}", NS)
    assert len(found) == 1, f"{parent.tag} has {len(found)} {name}"
    return found[0]


def check_rfc4287(feed: ET.Element) -> None:
    """RFC 4287 section 4.1: what a feed and each entry must hold, once."""
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        one(feed, name)
    assert feed.findall("atom:author", NS), "no entry has an author: the feed must"
    assert one(one(feed, "author"), "name").text
    ids = [one(feed, "id").text]
    for entry in feed.findall("atom:entry", NS):
        for name in ("id", "title", "updated"):
            one(entry, name)
        assert len(entry.findall("atom:content", NS)) == 1  # no alternate link: content
        assert len(entry.findall("atom:summary", NS)) <= 1
        ids.append(one(entry, "id").text)
        assert RFC3339.fullmatch(one(entry, "updated").text or "")
    assert RFC3339.fullmatch(one(feed, "updated").text or "")
    for each in ids:
        assert each is not None
        assert TAG.fullmatch(each), each  # an absolute IRI, of the tag scheme
    assert len(set(ids)) == len(ids), "ids are unique"


def test_the_example_s_feed_element_by_element() -> None:
    built = feeds(DATA)
    feed = ET.fromstring(built["en"])  # our own output
    check_rfc4287(feed)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert one(feed, "id").text == "tag:www.mylittleday.fr,2026-09-01:privacy-policy/en"
    assert one(feed, "title").text == "Privacy and data protection policy: changes"
    assert one(feed, "updated").text == "2026-09-01T00:00:00Z"
    author = one(feed, "author")
    assert [(e.tag.removeprefix(A), e.text) for e in author] == [
        ("name", "My Little Day"),
        ("email", "contact@mylittleday.fr"),
        ("uri", "https://www.mylittleday.fr"),
    ]
    (entry,) = feed.findall("atom:entry", NS)
    assert one(entry, "id").text == "tag:www.mylittleday.fr,2026-09-01:privacy-policy/en/1.0"
    assert one(entry, "title").text == "Version 1.0"
    assert one(entry, "updated").text == "2026-09-01T00:00:00Z"
    assert one(entry, "category").attrib == {"term": "material", "label": "material change"}
    assert one(entry, "summary").text == (
        "First version of the policy generated from the register of processing activities."
    )
    content = one(entry, "content")
    assert content.get("type") == "html"
    html = content.text or ""
    assert html.startswith(
        "<p>Version 1.0, effective September 1, 2026.</p><p>First version of the policy"
    )
    assert html.count("<li>") == 7  # every recorded change
    assert html.count("<em>(material change)</em>") == 5
    french = ET.fromstring(built["fr"])
    check_rfc4287(french)
    assert one(french, "id").text == "tag:www.mylittleday.fr,2026-09-01:privacy-policy/fr"
    assert one(french, "title").text == (
        "Politique de confidentialité et de protection des données\u00a0: modifications"
    )


def test_one_entry_per_version_newest_first_with_their_own_dates() -> None:
    feed = ET.fromstring(feeds(PROCESSOR)["en"])
    check_rfc4287(feed)
    entries = feed.findall("atom:entry", NS)
    assert [(one(e, "id").text, one(e, "updated").text) for e in entries] == [
        ("tag:www.example.com,2026-01-15:privacy-policy/en/2.0", "2026-10-01T00:00:00Z"),
        ("tag:www.example.com,2026-01-15:privacy-policy/en/1.0", "2026-01-15T00:00:00Z"),
    ]
    assert one(feed, "updated").text == "2026-10-01T00:00:00Z"
    newest, first = entries
    # escaped once for HTML, once for XML: parsed back, the HTML shows the name as written
    assert (one(newest, "content").text or "").endswith(
        "<ul><li>New transfer to the United States: “Cloud &amp; Co &lt;Inc&gt;” "
        "<em>(material change)</em></li><li>Typo fixed in the purpose of the CRM</li></ul>"
    )
    assert first.find("atom:category", NS) is None, "no material change in 1.0"
    assert one(first, "content").text == (
        "<p>Version 1.0, effective January 15, 2026.</p><p>First version.</p>"
    )


def test_the_feed_is_the_same_bytes_when_built_again() -> None:
    first = feeds(DATA)
    time.sleep(1.1)  # a clock-dependent stamp would now differ
    assert feeds(DATA) == first


def overlay(folder: Path, policy: dict[str, Any], organization: Any = None) -> Path:
    data = merge(read(BASE), {"policy": policy, "organization": organization or {}})
    return write(folder, data)


def test_ids_stay_when_a_version_is_added_and_a_version_is_encoded(tmp_path: Path) -> None:
    older = {"version": "1.0", "date": "2026-01-01"}
    before = feeds(overlay(tmp_path / "a", {"history": [older]}))
    newer = {"version": "2.0 beta/1", "date": "2026-06-01", "summary": "Second"}
    after = feeds(overlay(tmp_path / "b", {"history": [newer, older]}))
    ids_before = [e.text for e in ET.fromstring(before["en"]).iter(f"{A}id")]
    ids_after = [e.text for e in ET.fromstring(after["en"]).iter(f"{A}id")]
    assert ids_before == [
        "tag:privacy@example.com,2026-01-01:privacy-policy/en",
        "tag:privacy@example.com,2026-01-01:privacy-policy/en/1.0",
    ]
    assert ids_after == [
        ids_before[0],
        "tag:privacy@example.com,2026-01-01:privacy-policy/en/2.0%20beta%2F1",
        ids_before[1],
    ]


def test_text_xml_cannot_carry_is_dropped_and_the_rest_escaped(tmp_path: Path) -> None:
    folder = overlay(
        tmp_path, {"history": [{"version": "1.0", "date": "2026-01-01", "summary": "a"}]}
    )
    (folder / "register.yaml").write_text(
        (folder / "register.yaml")
        .read_text(encoding="utf-8")
        .replace("summary: a", 'summary: "a \\v]]> <b>\\"bold\\"</b> & \\x01co"  #'),
        encoding="utf-8",
    )
    register = validate(folder, TODAY).register
    assert register.policy is not None
    assert str(register.policy.history[0].summary) == 'a \x0b]]> <b>"bold"</b> & \x01co'
    body = render(register, languages=["en"], formats=["atom"])[Path("en/changes.atom")]
    feed = ET.fromstring(body)  # well-formed: it parses
    entry = one(feed, "entry")
    assert one(entry, "summary").text == 'a ]]> <b>"bold"</b> & co'
    assert "<p>a ]]&gt; &lt;b&gt;&#34;bold&#34;&lt;/b&gt; &amp; co</p>" in (
        one(entry, "content").text or ""
    )


@pytest.mark.parametrize(
    ("website", "authority"),
    [
        ("https://www.example.com/privacy", "www.example.com"),
        ("example.com", "example.com"),
        ("https://bücher.example", "xn--bcher-kva.example"),
        ("not a site", "privacy@example.com"),
    ],
)
def test_the_id_s_authority_is_the_website_s_host_else_the_email(
    tmp_path: Path, website: str, authority: str
) -> None:
    folder = overlay(
        tmp_path,
        {"history": [{"version": "1.0", "date": "2026-01-01"}]},
        {"website": website},
    )
    feed = ET.fromstring(feeds(folder)["en"])
    assert one(feed, "id").text == f"tag:{authority},2026-01-01:privacy-policy/en"


def test_without_history_the_feed_has_no_entry_and_dates_from_the_policy(tmp_path: Path) -> None:
    feed = ET.fromstring(feeds(write(tmp_path, read(BASE)))["en"])
    check_rfc4287(feed)
    assert feed.findall("atom:entry", NS) == []
    assert one(feed, "id").text == "tag:privacy@example.com,2026-01-01:privacy-policy/en"
    assert one(feed, "updated").text == "2026-01-01T00:00:00Z"


def test_a_feed_reader_reads_the_feed_as_atom_1_0() -> None:
    """feedparser, the parser most feed readers in Python use, reads it without complaint
    (no ``bozo``) as Atom 1.0, with the entries, ids and dates the declarations give."""
    for language, body in feeds(DATA).items():
        parsed = feedparser.parse(body)
        assert not parsed.bozo, (language, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.id.startswith("tag:www.mylittleday.fr,")
        assert [entry.id for entry in parsed.entries] == [
            f"tag:www.mylittleday.fr,2026-09-01:privacy-policy/{language}/1.0"
        ]
        assert all(entry.updated_parsed for entry in parsed.entries)
