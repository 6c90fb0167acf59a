"""Typography and style per language, in one place: the spaces French puts before ``; : ! ?``
and inside « », the capitals after a colon and inside lists, how a list ends.

Each language has its table (:data:`TYPOGRAPHY`); a language without one is left as written. The
rules apply to the tool's sentences and to the declarations' own texts in that language
(:class:`ropa.render.i18n.Lang` applies them), never inside URLs, e-mail addresses, times
(``10:30``) or code spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

NBSP = "\u00a0"  # no-break space: what the catalogs and CLDR's French forms already use
#: Spaces an author may have written where a rule puts its own.
_SPACES = "[ \u00a0\u202f]"


@dataclass(frozen=True)
class Typography:
    """One language's conventions."""

    #: Punctuation preceded by :attr:`space` (French: ``; : ! ?``).
    space_before: str = ""
    #: The space those marks and the guillemets take.
    space: str = NBSP
    #: Whether « and » hold the text with :attr:`space` inside.
    guillemets: bool = False
    #: Whether a value after a label's colon starts with a small letter (French: ``Base légale :
    #: l'exécution d'un contrat``); otherwise it starts with a capital.
    lower_after_colon: bool = False
    #: Whether the names in a list, after the first, start with a small letter (French:
    #: ``données d'identification et données de commande``; German keeps its nouns' capitals).
    lower_in_lists: bool = False
    #: The word that ends a list, and the words used instead when an item holds that word
    #: itself (``clients ainsi que prospects et abonnés``, never ``clients et prospects et ...``).
    conjunction: str = "and"
    conjunction_instead: str = "as well as"
    #: :attr:`conjunction_instead` before a vowel, where the language elides (``ainsi qu'``).
    conjunction_elided: str = ""
    #: The separator of a CSV file, as the language's spreadsheets expect it: where the decimal
    #: mark is a comma, Excel's list separator (and so its CSV separator) is ``;``.
    csv_separator: str = ","


TYPOGRAPHY: dict[str, Typography] = {
    "en": Typography(),
    "fr": Typography(
        space_before=";:!?",
        guillemets=True,
        lower_after_colon=True,
        lower_in_lists=True,
        conjunction="et",
        conjunction_instead="ainsi que",
        conjunction_elided="ainsi qu'",
        csv_separator=";",
    ),
    "de": Typography(conjunction="und", conjunction_instead="sowie", csv_separator=";"),
    "es": Typography(conjunction="y", conjunction_instead="así como", csv_separator=";"),
}
PLAIN = Typography()


def typography(language: str) -> Typography:
    """The table of ``language`` (a language without one: :data:`PLAIN`, no change)."""
    return TYPOGRAPHY.get(language, PLAIN)


#: What typography never touches: URLs, e-mail addresses, times and Markdown code spans.
_PROTECTED = re.compile(
    r"(?:https?|mailto|ftp):[^\s<>\"]+"
    r"|www\.[^\s<>\"]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|`[^`\n]*`",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _rules(rules: Typography) -> list[tuple[re.Pattern[str], str]]:
    """The substitutions of one table, compiled once."""
    subs: list[tuple[re.Pattern[str], str]] = []
    if rules.space_before:
        marks = re.escape(rules.space_before)
        # after a word (not after a space, a line start or the "]" of a Markdown link
        # definition), before a space, a line end or closing punctuation: "Attention : x"
        subs.append(
            (
                re.compile(rf"(?<=[^\s\]]){_SPACES}*([{marks}]+)(?=[\s)\]»\"'*_.,]|$)"),
                rules.space.replace("\\", "\\\\") + r"\1",
            )
        )
    if rules.guillemets:
        subs.append((re.compile(rf"«{_SPACES}*(?=\S)"), "«" + rules.space))
        subs.append((re.compile(rf"(?<=\S){_SPACES}*»"), rules.space + "»"))
    return subs


#: Stands for a protected span while the rules run, so that they still see a character there
#: (``a@b.fr : oui``, ``10:30 ; merci``): a private-use character no text holds.
_HOLE = "\ue000"


def typeset(text: str, rules: Typography) -> str:
    """``text`` with the spaces of ``rules``, outside URLs, addresses, times and code."""
    return typesetter(rules)(text)


def _as_written(text: str) -> str:
    return text


@lru_cache(maxsize=64)
def typesetter(rules: Typography) -> Callable[[str], str]:
    """The function that typesets texts by ``rules`` (made once per table: a large register
    typesets tens of thousands of texts, most of them many times)."""
    if not (rules.space_before or rules.guillemets):
        return _as_written
    subs = _rules(rules)

    @lru_cache(maxsize=1 << 16)
    def apply(text: str) -> str:
        if not text or _HOLE in text:
            return text
        kept: list[str] = []

        def hold(match: re.Match[str]) -> str:
            kept.append(match.group())
            return _HOLE

        result = _PROTECTED.sub(hold, text)
        for pattern, replacement in subs:
            result = pattern.sub(replacement, result)
        spans = iter(kept)
        return re.sub(_HOLE, lambda _: next(spans), result) if kept else result

    return apply


def _proper(word: str) -> bool:
    """Whether a word keeps its capital: an acronym or a name with inner capitals (``IP``,
    ``SSL/TLS``, ``PayPal``)."""
    return any(c.isupper() for c in word[1:])


def lower_first(text: str) -> str:
    """``text`` with a small first letter, unless its first word looks like a name or an
    acronym, or its first two words are both capitalised (``My Little Day``)."""
    words = text.split(maxsplit=2)
    if not words or not words[0][:1].isupper() or _proper(words[0]):
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def after_colon(text: str, rules: Typography) -> str:
    """A value as it follows a label's colon."""
    return lower_first(text) if rules.lower_after_colon else upper_first(text)


def in_list(items: list[str], rules: Typography) -> list[str]:
    """Names as a list shows them: in languages that say so, each after the first starts with a
    small letter (``Données d'identification et données de commande``)."""
    if not rules.lower_in_lists:
        return items
    return items[:1] + [lower_first(i) for i in items[1:]]


def ending(items: list[str], rules: Typography) -> str | None:
    """The words that end a list when one of its last two items holds the conjunction itself
    (``clients ainsi que prospects et abonnés``), so that a reader never meets ``a et b et c``;
    None when the locale's own join will do."""
    word = re.compile(rf"\b{re.escape(rules.conjunction)}\b", re.IGNORECASE)
    if not any(word.search(i) for i in items[-2:]):
        return None
    if rules.conjunction_elided and items[-1][:1].lower() in _VOWELS:
        return rules.conjunction_elided
    return rules.conjunction_instead + " "


_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæ")
