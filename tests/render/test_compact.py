"""Large registers are printed compactly: a heading and a paragraph per activity, not a table.

WeasyPrint lays out a paragraph several times faster than a table (``make bench``), so past
``COMPACT_FROM`` activities the register (HTML and PDF alike) switches layout; nothing of
Art. 30(1) is left out.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from ropa.check import validate
from ropa.render import render
from ropa.render.document import COMPACT_FROM
from tests.conftest import CASES, TODAY

ACTIVITY = """\
  bulk-{n}:
    name: Purpose {n}
    legal_bases:
      - basis: legitimate_interests
        interest: Knowing customer {n}
        balancing_test: LIA-{n}
    data_subjects: [customers]
    data_categories: [identity]
    recipients: [hosting]
    retention:
      - period: 2 years
        reference: Rule {n}
    security_measures: [encryption]
    reviewed: 2026-06-01
"""

ENTRY = (
    '<article class="ropa-entry" aria-labelledby="activity-2">\n'
    '<h3 id="activity-2">2. Purpose 0</h3>\n'
    "<p><b>Role:</b> controller · <b>Legal bases:</b> Legitimate interests (Art. 6(1)(f))"
    " — Interest: Knowing customer 0 (balancing test: LIA-0) · <b>Data subjects (c):</b> Customers"
    " · <b>Personal data (c):</b> Identity data · <b>Source:</b> the data subject · "
    "<b>Recipients (d):</b> Hosting SAS (processor) · <b>Transfers (e):</b> none · "
    "<b>Retention (f):</b> Identity data: 2\u00a0years, then deleted (Rule 0) · "
    "<b>Security measures (g):</b> Encryption at rest · <b>Automated decisions:</b> none\n"
    " · <b>Impact assessment (DPIA):</b> undecided · <b>On the public page:</b> yes · "
    "<b>Last review:</b> June 1, 2026</p>\n"
    "</article>"
)


def register_of(folder: Path, activities: int) -> dict[Path, bytes]:
    """The outputs of _base with ``activities`` activities in all (its own one, then copies)."""
    base = (CASES / "_base" / "register.yaml").read_text(encoding="utf-8")
    bulk = "".join(ACTIVITY.format(n=n) for n in range(activities - 1))
    (folder / "register.yaml").write_text(base + bulk, encoding="utf-8")
    report = validate(folder, TODAY)
    assert not report.errors, report.findings
    return render(report.register, languages=["en"], formats=["html", "pdf"])


def test_registers_up_to_the_threshold_keep_a_table_per_activity(tmp_path: Path) -> None:
    html = register_of(tmp_path, COMPACT_FROM)[Path("en/register.html")].decode()
    assert html.count('<table class="ropa-record">') == COMPACT_FROM
    assert "ropa-entry" not in html.split("</style>")[1]


def test_larger_registers_print_a_paragraph_per_activity(tmp_path: Path) -> None:
    outputs = register_of(tmp_path, COMPACT_FROM + 1)
    html = outputs[Path("en/register.html")].decode()
    assert '<table class="ropa-record">' not in html
    assert html.count('<article class="ropa-entry"') == COMPACT_FROM + 1
    assert ENTRY in html
    pages = PdfReader(io.BytesIO(outputs[Path("en/register.pdf")])).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    assert "101. Purpose 99" in text
    assert "Identity data: 2 years, then deleted (Rule 99)" in text.replace("\u00a0", " ")
    assert len(pages) < COMPACT_FROM / 2, "several activities a page"
