"""The formats: user text made safe in each, Markdown that no name can break, French."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ropa.changes.formats import FORMATS, cell
from tests.casefiles import merge
from tests.changes.repository import EXPECTED, compared, register_after

BASE = register_after(2)
HOSTILE = "<img src=x onerror=alert(1)> | *Evil* [link](https://x) `code`\n::error::forged\u202e"


def hostile_processor(tmp_path: Path) -> str:
    overlay = {
        "recipients": {
            "evil": {
                "name": HOSTILE,
                "role": "processor",
                "category": {"en": "Hosting providers", "fr": "Hébergeurs"},
                "country": "FR",
                "dpa": {"signed": "2026-01-01", "reference": "DPA-1"},
            }
        }
    }
    found = compared(tmp_path, BASE, merge(BASE, overlay))
    return FORMATS["markdown"](found)


def test_a_cell_shows_exactly_its_text_on_one_line() -> None:
    assert cell("a | b <i>c</i> & *d* _e_ [f](g) `h`\nnext") == (
        "a \\| b &lt;i&gt;c&lt;/i&gt; &amp; \\*d\\* \\_e\\_ \\[f\\](g) \\`h\\`\\\\nnext"
    )


def test_a_hostile_name_breaks_no_table_and_injects_no_html(tmp_path: Path) -> None:
    output = hostile_processor(tmp_path)
    row = next(line for line in output.splitlines() if "processor-added" in line)
    assert row == (
        "| New processor: “&lt;img src=x onerror=alert(1)&gt; \\| \\*Evil\\* \\[link\\](https://x) "
        "\\`code\\`\\\\n::error::forged\\\\u202e” (Hosting providers) | recipients/evil | "
        "processor-added | ropa's judgement: a processor within categories the page already "
        "names; a new category is reported on its own |"
    )
    assert row.count(" | ") == 3  # the escaped bar opens no cell
    assert "<img" not in output
    assert "\u202e" not in output
    assert "\n::error::" not in output


def test_text_and_yaml_make_control_characters_visible(tmp_path: Path) -> None:
    overlay = {"recipients": {"evil": {"name": HOSTILE, "role": "internal", "category": "Staff"}}}
    found = compared(tmp_path, BASE, merge(BASE, overlay))
    for name in ("text", "yaml", "json"):
        output = FORMATS[name](found)
        assert "\u202e" not in output, name
        assert "\n::error::" not in output, name
    history = yaml.safe_load(FORMATS["yaml"](found))
    assert history[0]["summary"]["en"].endswith("::error::forged\\u202e” (Staff)")
    change = json.loads(FORMATS["json"](found))["changes"][0]
    assert change["after"]["name"] == {"en": HOSTILE}  # the value itself, as JSON carries it


def test_markdown_in_the_policy_s_default_language(tmp_path: Path) -> None:
    french = merge(register_after(2), {"policy": {"languages": ["fr", "en"]}})
    after = merge(register_after(4), {"policy": {"languages": ["fr", "en"]}})
    output = FORMATS["markdown"](compared(tmp_path, french, after))
    assert output == (EXPECTED / "03-04-in-french.md").read_text(encoding="utf-8")


def test_no_change_at_all(tmp_path: Path) -> None:
    found = compared(tmp_path, BASE, BASE)
    assert FORMATS["markdown"](found) == (
        "**No change in the meaning of the register.**\n\nCompared: old → new\n"
    )
    assert FORMATS["text"](found) == "old → new: No change in the meaning of the register.\n"
    assert json.loads(FORMATS["json"](found)) == {
        "from": "old",
        "to": "new",
        "material": False,
        "changes": [],
    }
    assert FORMATS["yaml"](found).endswith("\n[]\n")
