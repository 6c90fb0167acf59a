"""The one way user-controlled text reaches a terminal, a CI log or a report.

Keys, values, ids and file names come from pull requests. Shown raw, a newline followed by
``::error::`` becomes a GitHub workflow command, an ANSI sequence repaints the terminal, a bidi
override reverses what a reviewer reads, and a megabyte value floods the log. Everything ropa
prints of them passes through :func:`shown` (one value) or :func:`neutral` (a whole message).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Quoted values are cut past this many characters (the message says how long they were).
MAX_SHOWN = 200

# C0 and C1 controls, DEL, the Unicode format characters that reorder or hide text (bidi
# embeddings, overrides and isolates, zero-width characters, the BOM, tags), line and paragraph
# separators, and lone surrogates (undecodable bytes of a file name).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000110bd\U000e0000-\U000e007f]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(char: str, named: Mapping[str, str] = _NAMED) -> str:
    """One character as an escape both Python and YAML's double quotes read: its name in
    ``named`` (``\\n``), else ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``."""
    if char in named:
        return named[char]
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape(match: re.Match[str]) -> str:
    return escaped(match.group())


def neutral(text: str) -> str:
    """``text`` with every control or invisible formatting character as a visible escape."""
    return _UNSAFE.sub(_escape, text)


def shown(value: str, limit: int = MAX_SHOWN) -> str:
    """One user-controlled value, made safe to print and cut past ``limit`` characters."""
    if len(value) <= limit:
        return neutral(value)
    return f"{neutral(value[:limit])}… ({len(value):,} characters)"


def file_name(name: str) -> str:
    """A file name for ``file:line:col``: quoted (as a JSON string is) when it holds a colon,
    a quote, a backslash, a leading or trailing space or an unsafe character, so that the
    position can always be read back unambiguously."""
    if _UNSAFE.search(name) or any(c in name for c in ':"\\') or name != name.strip():
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{neutral(escaped)}"'
    return name
