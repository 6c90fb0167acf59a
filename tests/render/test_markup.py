"""The fast path of ``to_html`` for one plain line gives exactly what Python-Markdown gives."""

from __future__ import annotations

import nh3
from hypothesis import example, given
from hypothesis import strategies as st

from ropa.render import markup
from ropa.render.markup import _one_plain_line, to_html

# Letters, spaces and the punctuation of real descriptions, with Markdown's own characters mixed
# in, so that the examples probe where the fast path must step aside.
ALPHABET = "ab é1 .,:;'\"()?%/@«»\u00a0*_-=+#>`[]!<&\\\n\t"


def python_markdown(text: str) -> str:
    return nh3.clean(markup._parser().reset().convert(text))


@given(st.text(alphabet=ALPHABET, max_size=40))
@example("Processing 12: **what** we do and why.")
@example("a**b**c and **d e** f")
@example("**x** ** y** **z **")
@example("1. first")
@example("2026) year")
@example("- item")
@example("=== title")
@example("a  ")
def test_the_fast_path_agrees_with_python_markdown(text: str) -> None:
    fast = _one_plain_line(text)
    if fast is not None:
        assert nh3.clean(fast) == python_markdown(text)


def test_the_fast_path_takes_plain_lines_and_leaves_the_rest() -> None:
    assert (
        _one_plain_line("We keep **your** order.") == "<p>We keep <strong>your</strong> order.</p>"
    )
    for text in ("a *b*", "line\nline", "[link](https://x.eu)", "- item", "a <b>", "`code`"):
        assert _one_plain_line(text) is None, text
    assert str(to_html("a <b>bold</b>")) == python_markdown("a <b>bold</b>")
