"""The words every stage shares: the format's sections, and how a path or a typo is said.

Small and dependency-free, so that the loader, the models, the rules and the configuration
can all use it without depending on one another.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from ropa.display import shown

#: Sections that hold one mapping for the whole register.
SINGLE_SECTIONS = ("organization", "policy")
#: Sections that hold entries keyed by id; the same section in several files is merged.
ENTRY_SECTIONS = (
    "data_subjects",
    "data_categories",
    "recipients",
    "security_measures",
    "activities",
    "cookies",
)
SECTIONS = SINGLE_SECTIONS + ENTRY_SECTIONS

#: What one entry of a section is called in a message.
SINGULAR = {
    "organization": "organization",
    "policy": "policy",
    "data_subjects": "data subject",
    "data_categories": "data category",
    "recipients": "recipient",
    "security_measures": "security measure",
    "activities": "activity",
    "cookies": "cookie",
}


def describe(path: Sequence[str | int]) -> str:
    """A path as a reader says it: ``activity 'newsletter' (legal_bases[0].interest)``."""
    if not path:
        return "the register"
    section = str(path[0])
    if section in SINGLE_SECTIONS:
        head, rest = section, path[1:]
    elif len(path) >= 2:
        head, rest = f"{SINGULAR.get(section, section)} '{shown(str(path[1]))}'", path[2:]
    else:
        return f"section '{section}'"
    if not rest:
        return head
    tail = ""
    for step in rest:
        tail += f"[{step}]" if isinstance(step, int) else (f".{step}" if tail else step)
    return f"{head} ({tail})"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """``"; did you mean 'x'?"`` when a choice is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(word[:100], choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
