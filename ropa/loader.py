"""Load a register folder: YAML files in, plain data with source positions out.

libyaml's C composer builds the node tree (each node knows its line and column); we then turn
nodes into plain values ourselves instead of using PyYAML's constructor. That keeps the C
parser's speed and makes the loader safe by construction:

- every scalar stays a string (``NO``, ``yes``, ``on``, ``0755``, ``2026-13-45``); the model
  types decide what a string means, so a bad value becomes a finding, never an exception;
- tags that build objects are refused; the standard scalar and collection tags are accepted;
- a repeated key is reported at its second occurrence;
- alias expansion is bounded, so a "billion laughs" file is a finding, not a hang.

The node trees are kept so that any finding, including pydantic's, can be traced back to the
exact ``file:line:col`` through a :class:`Locator`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ropa import fs, syntax
from ropa.display import shown
from ropa.findings import Finding, Position, Rule
from ropa.rules.files import (
    CURLY_QUOTES,
    DUPLICATE_ID,
    FILE_REFUSED,
    INVALID_VALUE,
    LIMIT_EXCEEDED,
    UNKNOWN_FIELD,
    VALUE_CUT_BY_COMMENT,
    YAML_SYNTAX,
)
from ropa.vocabulary import SECTIONS, SINGLE_SECTIONS, did_you_mean, suggest_id

#: Keys and ids are names, not texts: longer than this, one is refused.
MAX_KEY = 200
ID_PATTERN = re.compile(r"[a-z][a-z0-9_-]*")
#: Cookies are keyed by the cookie's real name (``_ga``, ``__Secure-3PSID``): an RFC 6265 token.
COOKIE_ID_PATTERN = re.compile(r"[A-Za-z0-9_.$-]+")

_MAX_ALIAS_EXPANSION = 10_000  # nodes an alias may add beyond the file's own nodes

_PLAIN = "ropa:plain"
_STRING = "ropa:str"
_SEQ = "ropa:seq"
_MAP = "ropa:map"
_YAML_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_YAML_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
#: What an entry that could not be read at all holds; later stages skip it silently.
UNREADABLE: Any = type("Unreadable", (), {"__repr__": lambda self: "<unreadable>"})()
#: In :attr:`Source.unread`: a file was set aside whose sections could not even be made out.
ANY = ("*",)
_CURLY = frozenset("“”‘’„‟«»")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class _Composer(CParser):
    """libyaml's composer with a resolver that only records whether a scalar was plain."""

    def descend_resolver(self, parent: Node | None, index: object) -> None:
        """Path-based resolvers are not used."""

    def ascend_resolver(self) -> None:
        """Path-based resolvers are not used."""

    def resolve(self, kind: type[Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STRING
        return _SEQ if kind is SequenceNode else _MAP


class LoadError(Exception):
    """A problem that stops the reading of one file; it becomes a finding."""

    def __init__(self, rule: Rule, node_or_mark: Any, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.message = message

    def finding(self, file: str) -> Finding:
        """This problem as a finding in ``file``."""
        return self.rule.finding(mark_position(file, self.mark), self.message)


def mark_position(file: str, mark: Any) -> Position:
    """A libyaml mark (0-based) as a :class:`Position` (1-based)."""
    return Position(file, mark.line + 1, mark.column + 1)


def _is_merge(key: Node) -> bool:
    return isinstance(key, ScalarNode) and key.value == "<<" and key.tag == _PLAIN


def mapping_pairs(node: MappingNode) -> Iterator[tuple[ScalarNode, Node]]:
    """The (key, value) pairs of a mapping, merge keys (``<<: *base``) expanded.

    Explicit keys come first and win over merged ones, as YAML's merge key specifies.
    """
    merges: list[Node] = []
    for key, value in node.value:
        if _is_merge(key):
            merges.append(value)
        else:
            yield key, value
    for merge in merges:
        sources = merge.value if isinstance(merge, SequenceNode) else [merge]
        for source in sources:
            if not isinstance(source, MappingNode):
                raise LoadError(
                    YAML_SYNTAX, source, "a merge key (<<) takes a mapping or a list of mappings"
                )
            yield from mapping_pairs(source)


def _blank(value: Any) -> bool:
    if value is None or value == {}:
        return True
    return type(value) is str and not value.strip()


@dataclass
class _Converter:
    """Turns one file's node tree into plain values, with the safety checks of this module."""

    file: str
    findings: list[Finding]
    seen: set[int] = field(default_factory=set)
    expanded: int = 0
    alias_depth: int = 0

    def value(self, node: Node, depth: int = 0, *, item: bool = False) -> Any:
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth > LIMITS.depth:
            raise LoadError(
                LIMIT_EXCEEDED,
                node,
                f"nesting deeper than {LIMITS.depth} levels; write it flatter",
            )
        reused = id(node) in self.seen
        if reused:
            self.alias_depth += 1
        else:
            self.seen.add(id(node))
        try:
            if self.alias_depth:
                self.expanded += len(node.value)
                if self.expanded > _MAX_ALIAS_EXPANSION + len(self.seen):
                    raise LoadError(
                        YAML_SYNTAX,
                        node,
                        "aliases expand to too many nodes (an alias bomb?); write the values out",
                    )
            if isinstance(node, SequenceNode):
                self.check_tag(node, _SEQ)
                return [self.value(each, depth + 1, item=True) for each in node.value]
            assert isinstance(node, MappingNode)
            self.check_tag(node, _MAP)
            return self.mapping(node, depth, item=item)
        finally:
            if reused:
                self.alias_depth -= 1

    def guarded(self, node: Node, depth: int) -> Any:
        """The value of one entry; a problem inside it is a finding and the entry reads as empty,
        so that one bad entry does not hide the rest of the file."""
        try:
            return self.value(node, depth)
        except LoadError as exc:
            self.findings.append(exc.finding(self.file))
            return UNREADABLE

    def mapping(
        self,
        node: MappingNode,
        depth: int,
        duplicate_rule: Rule = YAML_SYNTAX,
        *,
        item: bool = False,
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, ScalarNode] = {}
        explicit = sum(1 for key, _ in node.value if not _is_merge(key))
        new_item = False  # a list item's first key again: a '- ' forgotten, one finding
        for index, (key_node, value_node) in enumerate(mapping_pairs(node)):
            key = self.key(key_node)
            if key in first:
                if new_item or index >= explicit:  # a merged key an explicit one overrides
                    continue
                if item and first[key] is node.value[0][0] and not node.flow_style:
                    new_item = True
                    where = first[key].start_mark.line + 1
                    self.findings.append(
                        YAML_SYNTAX.finding(
                            mark_position(self.file, key_node.start_mark),
                            f"key '{shown(key)}' is defined twice in this list item (first at "
                            f"line {where}): to start a new item, begin this line with '- ' as "
                            f"on line {where}",
                        )
                    )
                else:
                    self.duplicate(key_node, first[key], key, duplicate_rule)
                continue
            first[key] = key_node
            value = self.value(value_node, depth + 1)
            # A blank value counts as absent (FORMAT.md): `name:`, `name: " "`, and a mapping
            # whose values are all blank (`interest: {en: ""}`, `dpa: {}`).
            if not _blank(value):
                result[key] = value
        return result

    def duplicate(self, node: ScalarNode, earlier: ScalarNode, key: str, rule: Rule) -> None:
        where = mark_position(self.file, earlier.start_mark)
        what = "id" if rule is DUPLICATE_ID else "key"
        self.findings.append(
            rule.finding(
                mark_position(self.file, node.start_mark),
                f"{what} '{shown(key)}' is defined twice (first at line {where.line}); remove or rename one",
            )
        )

    def key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise LoadError(
                YAML_SYNTAX, node, "a key must be a plain string, not a list or a mapping"
            )
        if len(node.value) > MAX_KEY:
            raise LoadError(
                LIMIT_EXCEEDED,
                node,
                f"a key of {len(node.value):,} characters; keys and ids have at most {MAX_KEY}",
            )
        self.check_tag(node, _PLAIN)
        return str(node.value)

    def scalar(self, node: ScalarNode) -> str | None:
        if len(node.value) > LIMITS.scalar:
            raise LoadError(
                LIMIT_EXCEEDED,
                node,
                f"a value of {len(node.value):,} characters; at most {LIMITS.scalar:,} are read: "
                "shorten it, or link to the full text",
            )
        tag = node.tag
        if tag == _PLAIN:
            if node.value[:1] in _CURLY and node.value[-1:] in _CURLY and len(node.value) > 1:
                self.curly(node)
            return None if node.value in _NULLS else str(node.value)
        if tag == _STRING or tag == _YAML_TAG + "str":
            return str(node.value)
        self.check_tag(node, _PLAIN)
        return None if tag == _YAML_TAG + "null" else str(node.value)

    def curly(self, node: ScalarNode) -> None:
        inner = str(node.value)[1:-1]
        straight = f'"{inner}"' if '"' not in inner and "\\" not in inner else f"'{inner}'"
        self.findings.append(
            CURLY_QUOTES.finding(
                mark_position(self.file, node.start_mark),
                f"the value '{shown(str(node.value))}' is wrapped in curly quotes, which YAML keeps "
                f"as part of the text: write straight quotes ({shown(straight)})",
            )
        )

    def check_tag(self, node: Node, default: str) -> None:
        tag = node.tag
        if tag in (default, _STRING, _PLAIN) or tag in _SCALAR_TAGS:
            return
        if tag in (_YAML_TAG + "seq", _YAML_TAG + "map"):
            return
        shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
        raise LoadError(
            YAML_SYNTAX,
            node,
            f"tag '{shown}' is not allowed: declarations hold only plain values; remove the tag",
        )


@dataclass(frozen=True, slots=True)
class EntrySource:
    """Where an entry (or a single section) was written."""

    file: str
    key: ScalarNode
    value: Node


@dataclass
class Source:
    """What the loader read: merged sections, the positions behind them, and any findings."""

    root: str
    files: list[str] = field(default_factory=list)
    #: ``organization``/``policy`` → mapping; entry sections → {id: mapping}
    sections: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    entries: dict[tuple[str, ...], EntrySource] = field(default_factory=dict)
    section_keys: dict[str, EntrySource] = field(default_factory=dict)
    #: What a YAML mistake kept from being read: ``(section,)``, ``(section, id)`` or, in a
    #: single section, ``(section, key)``. Findings that only follow from its absence (a
    #: reference to it, a section or key missing) are not reported: the mistake's one is enough.
    unread: set[tuple[str, ...]] = field(default_factory=set)
    #: The id-like words of the text not read, by the section it lies in: what it may use
    #: does not look unused, and an id it may define is not an unknown reference.
    unread_words: dict[str, set[str]] = field(default_factory=dict)
    #: Ids refused as invalid, by section: a reference to one like it is not also unknown.
    misnamed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def locator(self) -> Locator:
        return Locator(self)


class Locator:
    """Finds the ``file:line:col`` of a path such as ``("activities", "newsletter", "legal_bases", 0)``.

    It walks the kept node trees only when a finding asks, so loading pays nothing for it.
    The position is that of the path's last key (or list item); with ``value=True`` that of a
    scalar value. A path that goes further than the file (a missing key) stops at the deepest
    part that exists, so "missing" findings point at the parent key.
    """

    def __init__(self, source: Source) -> None:
        self.source = source

    def default(self) -> Position:
        return Position(self.source.files[0] if self.source.files else self.source.root, 1, 1)

    def __call__(self, path: Sequence[str | int], *, value: bool = False) -> Position:
        entry = self.source.entries.get(tuple(path[:2])) if len(path) >= 2 else None  # type: ignore[arg-type]
        rest: Sequence[str | int]
        if entry is not None:
            rest = path[2:]
        else:
            entry = self.source.entries.get((str(path[0]),)) if path else None
            if entry is None:
                entry = self.source.section_keys.get(str(path[0])) if path else None
                if entry is None:
                    return self.default()
                return mark_position(entry.file, entry.key.start_mark)
            rest = path[1:]
        key: Node = entry.key
        node: Node = entry.value
        for step in rest:
            found = _child(node, step)
            if found is None:
                break
            key, node = found
        if value and isinstance(node, ScalarNode):
            return mark_position(entry.file, node.start_mark)
        return mark_position(entry.file, key.start_mark)


def _child(node: Node, step: str | int) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode) and isinstance(step, str):
        try:
            for key, value in mapping_pairs(node):
                if key.value == step:
                    return key, value
        except LoadError:
            return None
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        item = node.value[step]
        return item, item
    return None


def load(root: Path) -> Source:
    """Read a register folder (or one file) into a :class:`Source`; never raises on bad input.

    Only regular files inside the folder are read (``ropa.fs``), within the bounds of
    :data:`LIMITS`; what is refused or too large is a finding, and the rest is still read.
    """
    source = Source(root=root.as_posix())
    if root.is_file():  # one file, named on the command line
        real = Path(os.path.realpath(root))
        folder, files, problems = real.parent, [PurePosixPath(real.name)], []
        names = [root.as_posix()]
    else:
        listing = fs.walk(root, (".yaml", ".yml"), max_files=LIMITS.files)
        folder, files, problems = root, listing.files, listing.problems
        names = [(root / file).as_posix() for file in files]
    for problem in problems:
        rule = LIMIT_EXCEEDED if problem.limit else FILE_REFUSED
        position = Position(problem.path.as_posix(), 1, 1)
        source.findings.append(rule.finding(position, problem.message))
    budget = _Budget()
    for file, name in zip(files, names, strict=True):
        source.files.append(name)
        if not _load_file(source, folder, file, name, budget):
            break
    return source


@dataclass(frozen=True, slots=True)
class Limits:
    """What ropa reads at most: a pull request cannot make validation hang or exhaust memory.

    Each bound is far above a real register (the 10,000-activity benchmark register is 9.8 MB
    in 101 files, 7,802 lines, keys and items in its largest file and 780,338 in all); going
    past one is a ``limit-exceeded`` finding, never a hang.
    """

    file_bytes: int = 20 * 1024 * 1024
    register_bytes: int = 50 * 1024 * 1024
    files: int = 5_000
    #: lines, keys and list items (line breaks, commas, colons and brackets), per file and in all
    file_items: int = 1_000_000
    register_items: int = 2_500_000
    entries: int = 10_000  # entries of one section in one file
    scalar: int = 100_000  # characters of one value
    depth: int = 64


LIMITS = Limits()


@dataclass
class _Budget:
    """What the files read so far have used of the register's bounds."""

    bytes: int = 0
    items: int = 0


def _items(text: str) -> int:
    """An upper bound, found at C speed, of what composing ``text`` costs: every YAML node but
    the first follows a line break, a comma, a colon or an opening bracket."""
    return sum(text.count(mark) for mark in ("\n", ",", ":", "[", "{"))


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            YAML_SYNTAX,
            _Mark(line - 1, column - 1),
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8",
        ) from None


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int
    column: int


_START = _Mark(0, 0)


def _read(folder: Path, file: PurePosixPath, budget: _Budget) -> str:
    """The text of one file, within the file's and the register's bounds."""
    try:
        data = fs.read_beneath(folder, file, limit=LIMITS.file_bytes)
    except fs.TooLargeError as exc:
        raise LoadError(
            LIMIT_EXCEEDED,
            _START,
            f"the file is {exc.size:,} bytes; at most {LIMITS.file_bytes:,} are read: "
            "split it into several files",
        ) from None
    except fs.RefusedError as exc:
        raise LoadError(FILE_REFUSED, _START, f"this file is not read: {exc}") from None
    except OSError as exc:
        raise LoadError(
            FILE_REFUSED, _START, f"cannot read the file: {exc.strerror or exc}"
        ) from None
    budget.bytes += len(data)
    if budget.bytes > LIMITS.register_bytes:
        raise _RegisterTooLargeError(
            f"the register is over {LIMITS.register_bytes:,} bytes here; this file and those "
            "after it are not read: keep the register smaller, or validate parts of it"
        )
    text = _decode(data, str(file))
    items = _items(text)
    if items > LIMITS.file_items:
        raise LoadError(
            LIMIT_EXCEEDED,
            _START,
            f"the file holds about {items:,} lines, keys and list items; at most "
            f"{LIMITS.file_items:,} are read: split it into several files",
        )
    budget.items += items
    if budget.items > LIMITS.register_items:
        raise _RegisterTooLargeError(
            f"the register holds over {LIMITS.register_items:,} lines, keys and list items "
            "here; this file and those after it are not read: keep the register smaller"
        )
    return text


class _RegisterTooLargeError(Exception):
    """The register's bounds are used up: no further file is read."""


def _load_file(
    source: Source, folder: Path, file: PurePosixPath, name: str, budget: _Budget
) -> bool:
    """Read one file into ``source``; False when the register's bounds stop the reading."""
    converter = _Converter(name, source.findings)
    text = ""
    try:
        text = _read(folder, file, budget)
        root = _compose(source, name, text)
        if root is None:
            return True  # empty, comment-only, or not readable at all
        if isinstance(root, SequenceNode) and root.start_mark.column == 0:
            # "- activities:": one finding, then the file read as it was meant, without the '- '
            source.findings.append(
                YAML_SYNTAX.finding(
                    mark_position(name, root.start_mark),
                    "the file is a list ('- ' at the start of this line) but must be a mapping "
                    "of sections: remove the '- ' so that the section name starts the line",
                )
            )
            lines = syntax.split_lines(text)
            for item in root.value:
                row = item.start_mark.line
                if lines[row].startswith("- "):
                    lines[row] = lines[row][2:]
            root = _compose(source, name, "\n".join(lines))
            if not isinstance(root, MappingNode):
                _set_aside(source, lines, syntax.outline(lines), 0, len(lines))
                return True
        if not isinstance(root, MappingNode):
            raise LoadError(
                YAML_SYNTAX,
                root,
                _top_level_message(root),
            )
        converter.check_tag(root, _MAP)
        _read_sections(source, converter, root)
        if "#" in text:
            _comment_cuts(source, name, text, root)
    except _RegisterTooLargeError as exc:
        source.findings.append(LIMIT_EXCEEDED.finding(Position(name, 1, 1), str(exc)))
        return False
    except LoadError as exc:
        source.findings.append(exc.finding(name))
    except RecursionError:
        source.findings.append(
            LIMIT_EXCEEDED.finding(
                Position(name, 1, 1),
                f"nesting too deep to read; at most {LIMITS.depth} levels",
            )
        )
    return True


#: Mistakes one file may hold before the rest of it is given up: each costs a parse of the file.
MAX_SYNTAX_ERRORS = 10


def _compose(source: Source, name: str, text: str) -> Node | None:
    """The node tree of ``text``. A YAML mistake is one finding in plain words; the entry that
    holds it is set aside (its lines blanked, so that positions hold) and the rest read again,
    up to :data:`MAX_SYNTAX_ERRORS` mistakes."""
    lines: list[str] | None = None
    # each mistake costs a parse of the file: a large one is not parsed again and again
    most = MAX_SYNTAX_ERRORS if len(text) <= 1_000_000 else 1
    for attempt in range(most + 1):
        composer = _Composer(text)
        try:
            return composer.get_single_node()
        except yaml.MarkedYAMLError as exc:
            lines = syntax.split_lines(text)
            explained = _explain(exc, lines)
        except yaml.YAMLError as exc:  # reader errors (control characters): a character offset
            lines = syntax.split_lines(text)
            explained = _explain_reader(exc, text)
        finally:
            composer.dispose()
        source.findings.append(
            YAML_SYNTAX.finding(
                Position(name, explained.line + 1, explained.column + 1), explained.message
            )
        )
        if lines[explained.culprit].strip() in ("---", "..."):  # a document marker: only it
            lines[explained.culprit] = ""
            text = "\n".join(lines)
            continue
        blocks = syntax.outline(lines)
        block = syntax.enclosing(blocks, explained.culprit)
        if attempt == most or block is None:
            _set_aside(source, lines, blocks, 0, len(lines))
            return None
        if (
            len(block.path) == 2
            and block.path[0] not in SINGLE_SECTIONS
            and explained.culprit == block.start
        ):
            source.unread.add(block.path[:1])  # the mistake is in the id: any id may be meant
        _set_aside(source, lines, blocks, block.start, block.end)
        text = "\n".join(lines)
    return None


def _explain(exc: yaml.MarkedYAMLError, lines: list[str]) -> syntax.Explained:
    mark = exc.problem_mark or exc.context_mark
    context = exc.context_mark if exc.problem_mark else None
    return syntax.explain(
        str(exc.problem or ""),
        str(exc.context or ""),
        (mark.line, mark.column) if mark else (0, 0),
        (context.line, context.column) if context else None,
        lines,
    )


def _explain_reader(exc: yaml.YAMLError, text: str) -> syntax.Explained:
    offset = getattr(exc, "position", 0) or 0
    before = text[:offset]
    line = len(syntax.split_lines(before)) - 1
    column = offset - max(before.rfind(c) for c in "\n\r\x85\u2028\u2029") - 1
    character = text[offset] if offset < len(text) else ""
    what = f"U+{ord(character):04X}" if character else "a character"
    return syntax.Explained(
        line, column, f"{what} is not allowed in YAML text: remove it, or retype the value", line
    )


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.$-]*")


def _set_aside(
    source: Source, lines: list[str], blocks: list[syntax.Block], start: int, end: int
) -> None:
    """Blank lines ``[start, end)`` and note what they held, so that findings that would only
    follow from their absence are not made."""
    for block in blocks:
        if start <= block.start < end:
            source.unread.add(block.path)
    if not blocks and start == 0:
        source.unread.add(ANY)
    for row in range(start, end):
        section = next(
            (b.path[0] for b in blocks if len(b.path) == 1 and b.start <= row < b.end), "*"
        )
        source.unread_words.setdefault(section, set()).update(_WORD.findall(lines[row]))
        lines[row] = ""


#: A '#' after a blank with no blank after it: a comment that is likely text ("Contract #42").
_HASH_WORD = re.compile(r"[ \t]#[^ \t]")


def _comment_cuts(source: Source, name: str, text: str, root: Node) -> None:
    """Warn where a comment cuts a plain value short: ``reference: Contract #42 of 2026`` is
    read as ``Contract``. Only the lines that could hold one are looked at closely."""
    lines = syntax.split_lines(text)
    suspects = {
        row
        for row, line in enumerate(lines)
        if "#" in line and (_HASH_WORD.search(line) or "{" in line or "[" in line)
    }
    if not suspects:
        return
    seen: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, in_flow = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            flow = bool(node.flow_style)
            stack.extend((value, flow) for _, value in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend((item, bool(node.flow_style)) for item in node.value)
        elif node.tag == _PLAIN and node.end_mark.line in suspects:
            _comment_cut(source, name, lines, node, in_flow)


def _comment_cut(source: Source, name: str, lines: list[str], node: Node, in_flow: bool) -> None:
    line = lines[node.end_mark.line]
    after = line[node.end_mark.column :]
    match = re.match(r"[ \t]+#", after)
    if match is None:
        return
    comment = after[match.end() - 1 :].rstrip()
    if comment[1:2] in (" ", "\t", "") and not in_flow:
        return  # "# a comment", as meant
    value = str(node.value)
    whole = f"{value} {comment}".strip()
    where = "inside {…} or […], " if in_flow else ""
    quoted = (
        f'"{whole}"'
        if '"' not in whole and "\\" not in whole
        else "'" + whole.replace("'", "''") + "'"
    )
    column = node.end_mark.column + match.end() - 1
    source.findings.append(
        VALUE_CUT_BY_COMMENT.finding(
            Position(name, node.end_mark.line + 1, column + 1),
            f"{where}YAML reads '{shown(comment)}' as a comment, so the value is "
            f"{repr(shown(value)) if value else 'empty'}: if it belongs to the value, put the whole value "
            f"in double quotes ({shown(quoted)}); if it is a comment, write a space after '#'",
        )
    )


def _top_level_message(root: Node) -> str:
    if isinstance(root, ScalarNode):
        return (
            f"the file holds only the text {shown(str(root.value))!r}; a declarations file is a "
            "mapping of sections: start it with a section name such as 'activities:'"
        )
    return (
        "the file is a list but must be a mapping of sections (organization, policy, activities, "
        "...): remove the '- ' so that each section name starts its line"
    )


def _read_sections(source: Source, converter: _Converter, root: MappingNode) -> None:
    name = converter.file
    seen: dict[str, ScalarNode] = {}
    for key_node, value_node in mapping_pairs(root):
        section = converter.key(key_node)
        if section in seen:
            converter.duplicate(key_node, seen[section], section, YAML_SYNTAX)
        seen[section] = key_node
        here = EntrySource(name, key_node, value_node)
        if section not in SECTIONS:
            source.findings.append(
                UNKNOWN_FIELD.finding(
                    mark_position(name, key_node.start_mark),
                    f"unknown section '{shown(section)}'{did_you_mean(section, SECTIONS)}",
                )
            )
            continue
        source.section_keys.setdefault(section, here)
        if section in SINGLE_SECTIONS:
            earlier = source.entries.get((section,))
            if earlier is not None and earlier.file != name:
                where = mark_position(earlier.file, earlier.key.start_mark)
                source.findings.append(
                    DUPLICATE_ID.finding(
                        mark_position(name, key_node.start_mark),
                        f"section '{shown(section)}' is already defined at {where}; keep it in one file",
                    )
                )
                continue
            source.entries[(section,)] = here
            source.sections[section] = converter.guarded(value_node, 1)
            continue
        try:
            _read_entries(source, converter, section, value_node)
        except LoadError as exc:
            source.findings.append(exc.finding(name))


def _read_entries(source: Source, converter: _Converter, section: str, node: Node) -> None:
    name = converter.file
    entries: dict[str, Any] = source.sections.setdefault(section, {})
    if isinstance(node, ScalarNode) and converter.scalar(node) is None:
        return  # "activities:" with nothing under it
    if not isinstance(node, MappingNode):
        raise LoadError(
            INVALID_VALUE,
            node,
            f"section '{shown(section)}' must be a mapping of entries keyed by id",
        )
    converter.check_tag(node, _MAP)
    pattern = COOKIE_ID_PATTERN if section == "cookies" else ID_PATTERN
    for index, (key_node, value_node) in enumerate(mapping_pairs(node)):
        if index == LIMITS.entries:
            raise LoadError(
                LIMIT_EXCEEDED,
                key_node,
                f"section '{section}' holds more than {LIMITS.entries:,} entries in this file; "
                "the rest is not read: split it into several files",
            )
        try:
            entry_id = converter.key(key_node)
        except LoadError as exc:  # this entry only: the others are still read
            source.findings.append(exc.finding(name))
            continue
        earlier = source.entries.get((section, entry_id))
        if earlier is not None:
            where = mark_position(earlier.file, earlier.key.start_mark)
            place = f"line {where.line}" if earlier.file == name else str(where)
            source.findings.append(
                DUPLICATE_ID.finding(
                    mark_position(name, key_node.start_mark),
                    f"id '{shown(entry_id)}' in {section} is already defined at {place}; rename or remove one",
                )
            )
            continue
        if not pattern.fullmatch(entry_id):
            rule = (
                "an RFC 6265 cookie name (letters, digits, _ . - $)"
                if section == "cookies"
                else "lowercase letters, digits, '-' and '_', starting with a letter"
            )
            suggestion = suggest_id(entry_id)
            hint = f"; for example '{suggestion}'" if ID_PATTERN.fullmatch(suggestion) else ""
            source.findings.append(
                INVALID_VALUE.finding(
                    mark_position(name, key_node.start_mark),
                    f"'{shown(entry_id)}' is not a valid id in {section}: use {rule}{hint}",
                )
            )  # the entry is still read, so that its other problems are reported too
            # references to the id it should have are not also unknown: one mistake, one finding
            source.misnamed.setdefault(section, []).append(entry_id)
        source.entries[(section, entry_id)] = EntrySource(name, key_node, value_node)
        entries[entry_id] = converter.guarded(value_node, 2)
