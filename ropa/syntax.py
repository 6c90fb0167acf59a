"""YAML mistakes in plain words, and the parts of a broken file that can still be read.

libyaml says what its parser could not do ("mapping values are not allowed in this context");
a legal editor needs to hear what they wrote and what to write instead ("the value of 'name'
contains ': '…; put it in double quotes: name: "Newsletter: our news""). :func:`explain` turns
libyaml's problem, its marks and the text of the lines around them into that sentence, and
names the line whose entry must be set aside for the rest of the file to be read.

:func:`outline` finds, from indentation alone (so it works on text libyaml refuses), the
sections and entries of a file and the lines each spans: the loader blanks the entry that
holds a mistake and reads the others, so that one mistake is one finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from ropa.display import shown
from ropa.vocabulary import SECTIONS

#: What libyaml counts as a line break.
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_KEY = re.compile(
    r"""(?:"([^"\\]*)"|'([^']*)'|([^\s#'"\-?:,\[\]{}][^#]*?|-[^\s#][^#]*?))\s*:(?:[ \t]|$)"""
)
_COMMENT = re.compile(r"[ \t]#")


@dataclass(frozen=True, slots=True)
class Explained:
    """A YAML mistake: where it is (0-based), what to write instead, and the line whose entry
    holds it (the loader sets that entry aside to read the rest of the file)."""

    line: int
    column: int
    message: str
    culprit: int


class _Error(NamedTuple):
    """libyaml's error as each explainer reads it: its words, its 0-based marks, the lines."""

    problem: str
    context: str
    mark: tuple[int, int]
    context_mark: tuple[int, int] | None
    lines: list[str]


def split_lines(text: str) -> list[str]:
    """``text`` cut into lines as libyaml counts them."""
    return LINE_BREAK.split(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    """Whether a line holds more than blanks and a comment."""
    stripped = line.strip(" \t")
    return bool(stripped) and not stripped.startswith("#")


def _key_of(line: str) -> str | None:
    """The key a block-mapping line starts with (after a '- ' if any), or None."""
    parsed = _value_after_key(line)
    return parsed[0] if parsed else None


def _quoted(value: str) -> str:
    """``value`` as a YAML quoted scalar: double quotes unless it holds one or a backslash."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _uncommented(text: str) -> str:
    """``text`` without a trailing `` # comment``: what the editor meant as the value."""
    return text.rstrip(" \t")


def _value_after_key(line: str) -> tuple[str, str] | None:
    """(key, the rest of the line) for ``key: rest``, or None."""
    body = line.lstrip(" ")
    if body.startswith("- "):
        body = body[2:].lstrip(" ")
    match = _KEY.match(body)
    if match is None:
        return None
    key = next(group for group in match.groups() if group is not None).strip()
    return key, body[match.end() :].strip(" \t")


def explain(
    problem: str,
    context: str,
    problem_mark: tuple[int, int],
    context_mark: tuple[int, int] | None,
    lines: list[str],
) -> Explained:
    """libyaml's error (its ``problem``, ``context`` and 0-based ``(line, column)`` marks) in
    words an editor can act on. A mark may stand past the last line (the end of the stream):
    the lines are read as if blank there, and the culprit is always a line of ``lines``."""
    last = max(problem_mark[0], context_mark[0] if context_mark else 0)
    padded = lines + [""] * (last + 1 - len(lines))
    explained = _explain(_Error(problem, context, problem_mark, context_mark, padded))
    if explained.culprit < len(lines):
        return explained
    return Explained(explained.line, explained.column, explained.message, max(len(lines) - 1, 0))


def _explain(error: _Error) -> Explained:
    problem, context, (pl, pc), _, lines = error
    line = lines[pl] if pl < len(lines) else ""
    char = line[pc] if pc < len(line) else ""
    tab = _tab_near(lines, pl)
    if tab is not None and (
        "tab" in problem
        or "cannot start any token" in problem
        or char == "\t"
        or "expected" in problem
    ):
        row, col = tab
        return Explained(
            row,
            col,
            "a tab is used to indent this line; YAML indents with spaces only: replace the tab "
            "with spaces, as many as the lines around it use",
            row,
        )
    for explainer in (_quote_problem, _flow_problem, _colon_problem, _block_problem):
        explained = explainer(error)
        if explained is not None:
            return explained
    words = " ".join(part for part in (context, problem) if part)
    return Explained(
        pl,
        pc,
        f"invalid YAML: {words}; check this line for a missing ': ' or unbalanced quotes",
        pl,
    )


def _tab_near(lines: list[str], row: int) -> tuple[int, int] | None:
    """A tab in the indentation of line ``row`` or of the line before it."""
    for candidate in (row, row - 1):
        if 0 <= candidate < len(lines):
            text = lines[candidate]
            lead = text[: len(text) - len(text.lstrip(" \t"))]
            if "\t" in lead and text.strip(" \t"):
                return candidate, lead.index("\t")
    return None


def _quote_problem(error: _Error) -> Explained | None:
    """Quotes: one never closed, an apostrophe or a double quote that closes a value early."""
    problem, context, mark, context_mark, lines = error
    pl, pc = mark
    if "quoted scalar" in context and context_mark is not None:
        cl, cc = context_mark
        opening = lines[cl][cc] if cc < len(lines[cl]) else '"'
        if "end of stream" in problem or "document" in problem:
            return Explained(
                cl,
                cc,
                f"the {_quote_name(opening)} that opens this value is never closed: end the value "
                f"with {opening} on the same line",
                cl,
            )
        if "escape" in problem:
            return Explained(
                pl,
                pc,
                "a backslash in a double-quoted value starts an escape sequence: write it twice "
                "(\\\\), or put the value in single quotes",
                pl,
            )
    if "expected" not in problem or pl >= len(lines):
        return None
    unclosed = _unclosed_quote(lines, context_mark[0] if context_mark else pl, pl)
    if unclosed is not None:
        row, col, opening = unclosed
        return Explained(
            row,
            col,
            f"the {_quote_name(opening)} that opens this value is never closed on its line: end "
            f"the value with {opening} on the same line",
            row,
        )
    line = lines[pl]
    before = line[:pc].rstrip(" \t")
    if not before or before[-1] not in "'\"":
        return None
    quote = before[-1]
    closing = len(before) - 1
    opening_at = line.rfind(quote, 0, closing)
    if opening_at < 0:
        return None
    end = _closing_quote_after(line, pc, quote)
    meant = line[opening_at + 1 : end] if end is not None else line[opening_at + 1 :].rstrip()
    if quote == "'":
        doubled = "'" + meant.replace("'", "''") + "'"
        return Explained(
            pl,
            closing,
            "an apostrophe inside a single-quoted value ends the value early: write each "
            f"apostrophe twice ({shown(doubled)}) or put the value in double quotes "
            f"({shown(_quoted(meant))})",
            pl,
        )
    escaped = '"' + meant.replace("\\", "\\\\").replace('"', '\\"') + '"'
    single = "'" + meant.replace("'", "''") + "'"
    return Explained(
        pl,
        closing,
        'a double quote inside a double-quoted value ends the value early: write it \\" '
        f"({shown(escaped)}) or put the value in single quotes ({shown(single)})",
        pl,
    )


def _quote_name(quote: str) -> str:
    return "double quote" if quote == '"' else "quote (')"


def _closing_quote_after(line: str, start: int, quote: str) -> int | None:
    """The last ``quote`` of ``line`` after ``start`` that ends a value (followed by nothing,
    a comment, ',' '}' or ']')."""
    found = None
    for match in re.finditer(re.escape(quote) + r"\s*(?=$|#|,|\}|\])", line[start:]):
        found = start + match.start()
    return found


def _unclosed_quote(lines: list[str], start: int, row: int) -> tuple[int, int, str] | None:
    """The first line from ``start`` to ``row`` (at most 40 lines before it) whose value opens
    a quote that the line never closes: libyaml reads on until the next quote, a comment's
    included, and stumbles there."""
    for candidate in range(max(start, row - 40), row):
        text = lines[candidate]
        parsed = _value_after_key(text) if _content(text) else None
        value = parsed[1] if parsed else ""
        if value[:1] in ("'", '"'):
            quote = value[0]
            rest = value[1:].replace("''", "") if quote == "'" else re.sub(r"\\.", "", value[1:])
            if quote not in rest:
                return candidate, text.index(value), quote
    return None


def _flow_problem(error: _Error) -> Explained | None:
    """Mistakes inside ``{…}`` and ``[…]``: a comment or a colon in a value, a bracket left open."""
    _problem, context, mark, context_mark, lines = error
    if "flow" not in context or context_mark is None:
        return None
    pl, pc = mark
    cl, cc = context_mark
    line = lines[cl]
    if line[cc : cc + 1] not in ("[", "{"):  # the mark is past it (the end of the file)
        for row in range(cl, -1, -1):
            found = max(lines[row].rfind("["), lines[row].rfind("{"))
            if found >= 0:
                cl, cc, line = row, found, lines[row]
                break
    opening = line[cc] if line[cc : cc + 1] in ("[", "{") else "{"
    closing = "}" if opening == "{" else "]"
    kind = "{…}" if opening == "{" else "[…]"
    comment = _COMMENT.search(line, cc)
    if comment is not None:
        start = max(line.rfind(sep, cc, comment.start()) for sep in ("{", "[", ",", ": "))
        start += 2 if line.startswith(": ", start) else 1
        end = min(
            (
                i
                for i in (line.find(",", comment.end()), line.find(closing, comment.end()))
                if i >= 0
            ),
            default=len(line),
        )
        value = line[start:end].strip()
        return Explained(
            cl,
            comment.start() + 1,
            f"' #' inside {kind} starts a comment, which hides the rest of the line and its "
            f"closing '{closing}': put the value in quotes ({shown(_quoted(value))})",
            cl,
        )
    if pl == cl and pc < len(line) and line[pc] == ":":
        start = max(line.rfind(sep, cc, pc) for sep in ("{", "[", ","))
        segment = line[start + 1 :]
        end = min(
            (i for i in (segment.find(","), segment.find(closing)) if i >= 0), default=len(segment)
        )
        entry = segment[:end].strip()
        key, _, value = entry.partition(": ")
        suggestion = f"{key}: {_quoted(value)}" if value else _quoted(entry)
        return Explained(
            pl,
            pc,
            f"a value inside {kind} contains ': ', which YAML reads as a new key: put the value "
            f"in double quotes ({shown(suggestion)})",
            pl,
        )
    if pl > cl:
        return Explained(
            cl,
            cc,
            f"the '{opening}' opened here is never closed: end the {'mapping' if opening == '{' else 'list'} "
            f"with '{closing}' on the same line",
            cl,
        )
    return Explained(
        pl,
        pc,
        f"inside {kind}, items are separated by ', ' and the whole ends with '{closing}'; put a "
        "value that holds ',', ':', '[' or '{' in double quotes",
        pl,
    )


def _colon_problem(error: _Error) -> Explained | None:
    """``mapping values are not allowed``: a colon in a plain value, or a key indented too far."""
    problem, _context, mark, _context_mark, lines = error
    if "mapping values are not allowed" not in problem:
        return None
    pl, pc = mark
    line = lines[pl]
    before = line[:pc]
    parsed = _value_after_key(line)
    if parsed is None:
        return None
    if ": " not in before.lstrip(" ").removeprefix("- "):  # a key that continues the value above
        return _indented_too_far(lines, pl)
    key, rest = parsed
    value = _uncommented(rest)
    return Explained(
        pl,
        pc,
        f"the value of '{shown(key)}' contains ': ' (a colon and a space), which YAML reads as "
        f"the start of a key: put the whole value in double quotes ({shown(key)}: "
        f"{shown(_quoted(value))})",
        pl,
    )


def _indented_too_far(lines: list[str], row: int) -> Explained:
    line = lines[row]
    key = _key_of(line) or line.strip()
    above = _previous_content(lines, row)
    indent = _indent(line)
    if above is None:
        return Explained(row, indent, f"'{shown(key)}' is indented more than it should be", row)
    other = lines[above]
    below = _next_content(lines, row)
    if (
        below is not None
        and _indent(lines[below]) == indent
        and _key_of(lines[below]) is not None
        and _key_of(other) is not None
        and _indent(other) < indent
    ):  # this key and the next agree: the key above is the one indented short
        return Explained(
            above,
            _indent(other),
            f"'{shown(_key_of(other) or '')}' is indented by {_spaces(_indent(other))}, less than "
            f"the keys after it ({indent}): keys of one mapping start in the same column; indent "
            f"it by {_spaces(indent)}",
            above,
        )
    if _key_of(other) is None and not other.lstrip(" ").startswith("- "):
        return Explained(
            above,
            _indent(other),
            "this line has no ': ' after its key: write 'key: value', or quote the line if it "
            "continues the value above",
            above,
        )
    return Explained(
        row,
        indent,
        f"'{shown(key)}' is indented by {_spaces(indent)}, more than "
        f"'{shown(_key_of(other) or other.strip())}' on line {above + 1} ({_indent(other)}): keys "
        f"of one mapping start in the same column; indent it by {_spaces(_indent(other))}",
        row,
    )


def _first_key(lines: list[str], row: int) -> bool:
    """Whether the key on line ``row`` is the first of its mapping (the key above is its parent)."""
    above = _previous_content(lines, row)
    return above is None or _indent(lines[above]) < _indent(lines[row])


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _next_content(lines: list[str], row: int) -> int | None:
    for candidate in range(row + 1, len(lines)):
        if _content(lines[candidate]):
            return candidate
    return None


def _previous_content(lines: list[str], row: int) -> int | None:
    for candidate in range(row - 1, -1, -1):
        if _content(lines[candidate]):
            return candidate
    return None


def _block_problem(error: _Error) -> Explained | None:
    """Block structure: indentation that matches no key, '- ' missing or extra, no ':'."""
    problem, _context, mark, context_mark, lines = error
    pl, pc = mark
    line = lines[pl] if pl < len(lines) else ""
    char = line[pc] if pc < len(line) else ""
    if "expected '-' indicator" in problem and context_mark is not None:
        return _dash_problem(lines, context_mark[0], pl)
    if "could not find expected ':'" in problem and context_mark is not None:
        cl, cc = context_mark
        return Explained(
            cl,
            cc,
            "this line has no ':' after its key: write 'key: value', or indent the line further "
            "to continue the value above",
            cl,
        )
    if "expected key" not in problem:
        if "another document" in problem:
            return Explained(
                pl,
                pc,
                "a second document ('---') starts here; a declarations file holds one: remove "
                "the '---' line, or move what follows into a file of its own",
                pl,
            )
        if "undefined alias" in problem or "cannot start any token" in problem:
            return _indicator_problem(lines, pl, pc, char)
        return None
    if char == "-":
        return Explained(
            pl,
            pc,
            "'- ' starts a list item where a key is expected: a value is either a list (every "
            "item with '- ') or a mapping of keys, not both; remove the '- ', or put the list "
            "under a key of its own",
            pl,
        )
    if char in ("]", "}"):
        return Explained(
            pl, pc, f"'{char}' closes a bracket that was never opened on this line: remove it", pl
        )
    if pc != _indent(line) or not _content(line):
        return None
    return _indentation_problem(lines, pl)


def _indicator_problem(lines: list[str], row: int, column: int, char: str) -> Explained | None:
    if char in ("@", "`", "*", "&", "!", "%", "|", ">"):
        parsed = _value_after_key(lines[row])
        value = _uncommented(parsed[1]) if parsed else lines[row][column:].strip()
        return Explained(
            row,
            column,
            f"a value cannot start with '{char}' in YAML: put it in double quotes "
            f"({shown(_quoted(value))})",
            row,
        )
    return None


def _indentation_problem(lines: list[str], row: int) -> Explained:
    """A key whose indentation matches no mapping above it."""
    line = lines[row]
    indent = _indent(line)
    key = _key_of(line) or line.strip()
    deeper: tuple[int, int] | None = None  # (row, indent) of the nearest key indented more
    shallower: tuple[int, int] | None = None
    lowest = indent + 1_000_000
    for candidate in range(row - 1, -1, -1):
        text = lines[candidate]
        if not _content(text) or _key_of(text) is None:
            continue
        level = _indent(text) + (2 if text.lstrip(" ").startswith("- ") else 0)
        if level >= lowest:
            continue
        lowest = level
        if level > indent and deeper is None:
            deeper = (candidate, level)
        elif level < indent:
            shallower = (candidate, level)
            break
    if shallower is not None and shallower[1] > 0 and _first_key(lines, shallower[0]):
        at, level = shallower
        below = next(
            (
                r
                for r in range(row + 1, len(lines))
                if _content(lines[r]) and _indent(lines[r]) <= indent
            ),
            None,
        )
        siblings = below is not None and _indent(lines[below]) == indent
        if siblings or (below is None and indent % 2 == 0 and level % 2 == 1):
            return Explained(  # the first key of the mapping is the one indented differently
                at,
                level,
                f"'{shown(_key_of(lines[at]) or '')}' is indented by {_spaces(level)}, unlike "
                f"the keys of its mapping after it ({indent}): keys of one mapping start in the "
                f"same column; indent it by {_spaces(indent)}",
                at,
            )
    options = [
        f"by {_spaces(level)} to line it up with '{shown(_key_of(lines[at]) or '')}' (line {at + 1})"
        for at, level in (found for found in (deeper, shallower) if found is not None)
    ]
    fix = " or ".join(options) if options else "as the keys it belongs with"
    return Explained(
        row,
        indent,
        f"'{shown(key)}' is indented by {_spaces(indent)}, which lines it up with no key above: "
        f"indent it {fix}",
        row,
    )


def _dash_problem(lines: list[str], start: int, row: int) -> Explained:
    """A line at the indentation of a list's '- ' without one."""
    line = lines[row]
    indent = _indent(line)
    items = [
        candidate
        for candidate in range(start, row)
        if _indent(lines[candidate]) == indent and lines[candidate].lstrip(" ").startswith("-")
    ]
    first = items[0] if items else start
    item_text = lines[first].strip()
    inner = indent + 2
    if len(items) <= 1:
        return Explained(
            row,
            indent,
            f"this line is at the indentation of the list item on line {first + 1} "
            f"({shown(item_text)}) but has no '- ': begin it with '- ' to add an item, indent "
            f"it by {inner} spaces to keep it in that item, or remove the '- ' on line "
            f"{first + 1} if this is not a list",
            row,
        )
    return Explained(
        row,
        indent,
        f"this line is at the indentation of the list items above (line {first + 1}) but has no "
        f"'- ': begin it with '- ' to start a new item, or indent it by {inner} spaces to keep "
        "it in the item above",
        row,
    )


@dataclass(frozen=True, slots=True)
class Block:
    """Lines ``[start, end)`` of a file that hold one section (``path == (section,)``) or one
    of its entries (``(section, id)``), found from indentation alone."""

    path: tuple[str, ...]
    start: int
    end: int


#: A top-level key: a section name, or a word that could be one (an unknown section).
_SECTION_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def outline(lines: list[str]) -> list[Block]:
    """The sections of a file and, inside each, its entries: every block of lines a mistake
    can be confined to, found from indentation alone so that it works where libyaml fails.

    A section starts at a key in the first column (or at a known section name indented by one
    space, a slip); an entry at a key indented as the section's entries are, or less. A line
    indented with a tab never starts a block."""
    blocks: list[Block] = []
    tops = [(row, key) for row, text in enumerate(lines) if (key := _section_key(text))]
    for index, (row, section) in enumerate(tops):
        end = tops[index + 1][0] if index + 1 < len(tops) else len(lines)
        blocks.append(Block((section,), row, end))
        keyed = [
            (inner, _indent(lines[inner]), key)
            for inner in range(row + 1, end)
            if _content(lines[inner])
            and "\t" not in lines[inner][: _indent(lines[inner]) + 1]
            and not lines[inner].lstrip(" ").startswith("-")
            and (key := _key_of(lines[inner])) is not None
        ]
        depth = _entry_indent([indent for _, indent, _ in keyed])
        children = [(inner, key) for inner, indent, key in keyed if 0 < indent <= depth]
        for position, (inner, key) in enumerate(children):
            child_end = children[position + 1][0] if position + 1 < len(children) else end
            blocks.append(Block((section, key), inner, child_end))
    return blocks


def _section_key(text: str) -> str | None:
    if text[:1] in (" ", "\t", "#", "-", ""):
        if not (text.startswith(" ") and text[1:2] not in (" ", "\t")):
            return None
        key = _key_of(text)
        return key if key in SECTIONS else None  # ' policy:', one space too many
    key = _key_of(text)
    return key if key is not None and _SECTION_KEY.fullmatch(key) else None


def _entry_indent(indents: list[int]) -> int:
    """The indentation of a section's entries: the smallest of its keys', unless only one key
    has it and more have the next (a key indented one space short is a slip, not the rule)."""
    levels = sorted(set(indents))
    if not levels:
        return 0
    slip = len(levels) > 1 and levels[1] == levels[0] + 1
    if slip and indents.count(levels[0]) == 1 and indents.count(levels[1]) > 1:
        return levels[1]
    return levels[0]


def enclosing(blocks: list[Block], row: int) -> Block | None:
    """The innermost block that holds line ``row``: an entry, else its section."""
    found = None
    for block in blocks:
        if block.start <= row < block.end and (found is None or len(block.path) > len(found.path)):
            found = block
    return found
