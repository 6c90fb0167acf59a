"""The legal editor's mistakes (issue 10), each made once in a copy of ``data/``: how many
findings ``ropa validate`` gives for it, and the first error. ``python -m bench.mistakes``.

One mistake should give one finding; the table shows how close the validator is to that.
Each mistake is a text replacement in one file of the example register, as an editor in a Git
web editor would make it.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from ropa.check import validate

ROOT = Path(__file__).resolve().parent.parent

#: (what the editor did, file, text before, text after); the text before occurs once
MISTAKES: tuple[tuple[str, str, str, str], ...] = (
    (
        "a tab used for indentation",
        "recipients.yaml",
        "  communication:\n    name:",
        "  communication:\n\tname:",
    ),
    (
        "a key indented more than its siblings",
        "recipients.yaml",
        "    role: internal\n    category: {en: Internal departments, fr: Services internes}\n"
        "    service:\n      en: Newsletters",
        "    role: internal\n     category: {en: Internal departments, fr: Services internes}\n"
        "    service:\n      en: Newsletters",
    ),
    (
        "a colon and a space inside a plain value",
        "recipients.yaml",
        "      en: Invoicing and bookkeeping.",
        "      en: Accounting: invoicing and bookkeeping.",
    ),
    (
        "an apostrophe inside a single-quoted value",
        "recipients.yaml",
        "fr: 'liste du Data Privacy Framework, Stripe, Inc.'",
        "fr: 'liste du Data Privacy Framework d'où Stripe, Inc.'",
    ),
    (
        "an unclosed quote",
        "recipients.yaml",
        "      en: Invoicing and bookkeeping.",
        '      en: "Invoicing and bookkeeping.',
    ),
    (
        "an unclosed bracket",
        "activities/marketing.yaml",
        "    marketing_channels: [email, social]",
        "    marketing_channels: [email, social",
    ),
    (
        "a flow mapping broken by a colon",
        "recipients.yaml",
        "    category: {en: Internal departments, fr: Services internes}\n    service:\n"
        "      en: Invoicing",
        "    category: {en: Internal departments: accounting, fr: Services internes}\n"
        "    service:\n      en: Invoicing",
    ),
    (
        "'- ' missing in a list",
        "activities/marketing.yaml",
        "      - basis: legitimate_interests\n        categories: [orders]",
        "        basis: legitimate_interests\n        categories: [orders]",
    ),
    (
        "a list at the top level",
        "security.yaml",
        "security_measures:",
        "- security_measures:",
    ),
    (
        "country: UK (the ISO code is GB)",
        "recipients.yaml",
        "    country: LU",
        "    country: UK",
    ),
    (
        "basis: Consent (capitalised)",
        "activities/marketing.yaml",
        "      - basis: consent\n        categories: [identification, personal-characteristics, emailing",
        "      - basis: Consent\n        categories: [identification, personal-characteristics, emailing",
    ),
    (
        "a cookie's provider: Google (a name, not a recipient id)",
        "cookies.yaml",
        "    provider: google-analytics",
        "    provider: Google",
    ),
    (
        "reference: Contract #42 (cut by a comment)",
        "recipients.yaml",
        "        en: Mailchimp Data Processing Addendum, part",
        "        en: Mailchimp Data Processing Addendum #42, part",
    ),
    (
        "curly quotes around a value",
        "organization.yaml",
        '  version: "1.0"',
        "  version: “1.0”",
    ),
)


def counts(folder: Path) -> tuple[int, int, str]:
    """(errors, warnings, first finding) of validating ``folder``, as ``ropa validate`` does."""
    report = validate(folder, date.today())
    first = report.findings[0] if report.findings else None
    shown = f"[{first.rule}] {first.message}" if first else "(none)"
    return report.errors, report.warnings, shown


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp, "data")
        shutil.copytree(ROOT / "data", base)
        print(f"{'mistake':58} errors warnings  first finding")
        for what, file, before, after in MISTAKES:
            path = base / file
            text = path.read_text(encoding="utf-8")
            assert text.count(before) == 1, (what, before)
            path.write_text(text.replace(before, after), encoding="utf-8")
            try:
                errors, warnings, first = counts(base)
            finally:
                path.write_text(text, encoding="utf-8")
            print(f"{what:58} {errors:6} {warnings:8}  {first[:110]}")


if __name__ == "__main__":
    main()
