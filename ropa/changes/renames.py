"""Renamed ids: an entry gone under one id and come under another is the same entry, when its
content says so.

An id is the editor's handle, never shown to readers: renaming one (``newsletter`` →
``newsletter-sending``) must not read as a purpose removed and another added. An entry that
left one id is matched with one that arrived under another:

- ``identical``: the same content (not a guess);
- ``name``: the same name in the default language, case and spaces aside (a guess);
- ``content``: the other fields at least 85% alike, the best such match (a guess; not for
  recipients, whose name is who they are: a recipient with another name is another recipient).

Cookies are keyed by the cookie's real name, so a new id is a new cookie.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ropa.model.base import Entry, Model
from ropa.model.register import Register

#: Sections whose ids may be renamed, in the order they are matched.
SECTIONS = ("data_subjects", "data_categories", "security_measures", "recipients", "activities")
#: How alike two entries' other fields must be to be taken for one (difflib's ratio).
SIMILAR = 0.85
#: Past this many pairs to weigh, only identical content and names are matched (bounded work).
MAX_PAIRS = 40_000


@dataclass(frozen=True, slots=True)
class Rename:
    """An entry of ``section`` that was ``old`` and is ``new``; ``how`` it was matched."""

    section: str
    old: str
    new: str
    how: str  # "identical", "name" or "content"


def dumped(entry: Model) -> dict[str, Any]:
    """An entry's (or a part's) declared content, as JSON-ready values (``from`` for
    ``from_``)."""
    data: dict[str, Any] = entry.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return data


def _canonical(data: dict[str, Any], *, without: tuple[str, ...] = ()) -> str:
    return json.dumps(
        {k: v for k, v in data.items() if k not in without}, sort_keys=True, ensure_ascii=False
    )


def _name(entry: Entry, language: str) -> str:
    name = getattr(entry, "name", None)
    if name is None:
        return ""
    text = name.get(language) if hasattr(name, "get") else str(name)
    return " ".join(str(text).casefold().split())


def match(
    old: Register, new: Register, *, skip: Callable[[str, str], bool], language: str
) -> list[Rename]:
    """The renames between two registers; ``skip(section, id)`` says an id that cannot be
    judged (an entry one side could not read), which is never matched."""
    found: list[Rename] = []
    for section in SECTIONS:
        before: dict[str, Entry] = old.section(section)
        after: dict[str, Entry] = new.section(section)
        gone = [i for i in before if i not in after and not skip(section, i)]
        came = [i for i in after if i not in before and not skip(section, i)]
        if gone and came:
            found.extend(
                _match_section(
                    section, before=before, after=after, gone=gone, came=came, language=language
                )
            )
    return found


def _match_section(
    section: str,
    *,
    before: dict[str, Entry],
    after: dict[str, Entry],
    gone: list[str],
    came: list[str],
    language: str,
) -> list[Rename]:
    old_dumps = {i: dumped(before[i]) for i in gone}
    new_dumps = {i: dumped(after[i]) for i in came}
    found: list[Rename] = []
    taken: set[str] = set()

    def pair(old_id: str, new_id: str, how: str) -> None:
        found.append(Rename(section, old_id, new_id, how))
        taken.add(new_id)

    # identical content, then the same name (each unique on both sides)
    by_content: dict[str, list[str]] = {}
    for new_id in came:
        by_content.setdefault(_canonical(new_dumps[new_id]), []).append(new_id)
    left = []
    for old_id in gone:
        same = [n for n in by_content.get(_canonical(old_dumps[old_id]), []) if n not in taken]
        if same:
            pair(old_id, same[0], "identical")
        else:
            left.append(old_id)
    names_after: dict[str, list[str]] = {}
    for new_id in came:
        if new_id not in taken:
            names_after.setdefault(_name(after[new_id], language), []).append(new_id)
    names_before: dict[str, list[str]] = {}
    for old_id in left:
        names_before.setdefault(_name(before[old_id], language), []).append(old_id)
    unmatched = []
    for old_id in left:
        name = _name(before[old_id], language)
        if name and len(names_before[name]) == 1 and len(names_after.get(name, ())) == 1:
            pair(old_id, names_after[name][0], "name")
        else:
            unmatched.append(old_id)
    if section == "recipients":
        return found
    candidates = [n for n in came if n not in taken]
    if not unmatched or not candidates or len(unmatched) * len(candidates) > MAX_PAIRS:
        return found
    # the most alike pairs first, each entry in one pair at most
    texts = {n: _canonical(new_dumps[n], without=("name",)) for n in candidates}
    scored = []
    for old_id in unmatched:
        # difflib caches what it knows of its second sequence: the old entry, weighed once
        matcher = difflib.SequenceMatcher(
            None, "", _canonical(old_dumps[old_id], without=("name",)), autojunk=False
        )
        for new_id in candidates:
            matcher.set_seq1(texts[new_id])
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                ratio = matcher.ratio()
                if ratio >= SIMILAR:
                    scored.append((-ratio, old_id, new_id))
    used: set[str] = set()
    for _, old_id, new_id in sorted(scored):
        if old_id not in used and new_id not in taken:
            used.add(old_id)
            pair(old_id, new_id, "content")
    return found
