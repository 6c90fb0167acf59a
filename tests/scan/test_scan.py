"""``ropa scan`` on the test site (``tests/scan/site.py``) in headless Chromium: what it records,
and the exact findings of each register (``tests/scan/registers.py``) before and after consent.

The site is scanned three times (before consent only; with ``--accept-selector``; with
``--consent-cookie``), each scan stored with ``--out``; every register is then compared with the
stored scans through ``--from``, which is the comparison the live scans make (the first
register of each is checked live, and against ``--from``, to show it). Where Chromium is
missing, it is installed as the browser tests do (``tests/system.py``), else the tests skip.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner, Result

from ropa.browser import running_as_root
from ropa.check import validate
from ropa.scan.command import scan_command
from tests.conftest import TODAY
from tests.scan import registers
from tests.scan.samples import BEFORE_CONSENT, LONGER, PROVIDER, UNDECLARED
from tests.scan.site import Site, serving
from tests.system import debian_program

pytestmark = pytest.mark.slow

app = typer.Typer()
app.command("scan")(scan_command)
app.command("other")(lambda: None)  # two commands: "scan" is a subcommand, as in ropa's CLI

NOT_SEEN = (
    "{where}: note[cookie-not-seen] cookie '{name}' is declared but was not seen on the 2 pages "
    "scanned {when}; remove the declaration if the site no longer sets it, or scan the pages that "
    "do (more --pages, or one of them as the URL)"
)
BEFORE = "before consent"


def not_seen(register: str, line: int, name: str, when: str = BEFORE) -> str:
    return NOT_SEEN.format(where=f"{register}/cookies.yaml:{line}:3", name=name, when=when)


#: Each register's findings on the scan before consent ("before") and on a scan with consent
#: ("after": its before-consent phase, then the after-consent one). SITE is the site's origin,
#: REG the folder of the registers.
EXPECTED: dict[tuple[str, str], list[str]] = {
    ("match", "before"): [
        not_seen("REG/match", 6, "consent"),
        not_seen("REG/match", 10, "_trk"),
    ],
    ("match", "after"): [],
    ("missing", "before"): [
        "REG/missing/cookies.yaml:1:1: error[cookie-undeclared] cookie 'theme' of 127.0.0.1 "
        "(first party, set by a script of 127.0.0.1) is set before consent, but no declaration "
        "names it; declare it under cookies: with its provider, purpose, lifetime and consent "
        "(--write-declarations FILE drafts the entry)" + UNDECLARED,
        "REG/missing/cookies.yaml:1:1: error[cookie-undeclared] localStorage key 'cart' of SITE "
        "(first party) is stored before consent, but no declaration names it; declare it under "
        "cookies: with type: local_storage (--write-declarations FILE drafts the entry)"
        + UNDECLARED,
        not_seen("REG/missing", 5, "consent"),
        not_seen("REG/missing", 8, "_trk"),
    ],
    ("missing", "after"): [
        "REG/missing/cookies.yaml:1:1: error[cookie-undeclared] cookie 'theme' of 127.0.0.1 "
        "(first party, set by a script of 127.0.0.1) is set before and after consent, but no "
        "declaration names it; declare it under cookies: with its provider, purpose, lifetime "
        "and consent (--write-declarations FILE drafts the entry)" + UNDECLARED,
        "REG/missing/cookies.yaml:1:1: error[cookie-undeclared] localStorage key 'cart' of SITE "
        "(first party) is stored before and after consent, but no declaration names it; declare "
        "it under cookies: with type: local_storage (--write-declarations FILE drafts the entry)"
        + UNDECLARED,
    ],
    ("shorter", "before"): [
        "REG/shorter/cookies.yaml:4:58: warning[cookie-lifetime-longer] cookie 'lang' of "
        "127.0.0.1 lives 365 days, longer than the lifetime of 30 days its declaration states; "
        "declare lifetime: 365 days, or make the cookie expire sooner" + LONGER,
        "REG/shorter/cookies.yaml:5:59: warning[cookie-lifetime-longer] cookie 'theme' of "
        "127.0.0.1 is kept 30 days, but its declaration says lifetime: session (deleted when "
        "the browser closes); declare lifetime: 30 days, or make it a session cookie" + LONGER,
        not_seen("REG/shorter", 6, "consent"),
        not_seen("REG/shorter", 10, "_trk"),
    ],
    ("provider", "before"): [
        not_seen("REG/provider", 6, "consent"),
        "REG/provider/cookies.yaml:9:21: warning[cookie-provider-mismatch] cookie 'tp_id' of "
        "127.0.0.2 is set by 127.0.0.2, a third party, but its declaration names provider "
        "'adnet' (AdNet SAS); name the recipient that sets it, or, if it is 'adnet', give that "
        "recipient the privacy_policy address of its own site so that ropa recognises its hosts"
        + PROVIDER,
        not_seen("REG/provider", 10, "_trk"),
    ],
    ("provider", "after"): [
        "REG/provider/cookies.yaml:9:21: warning[cookie-provider-mismatch] cookie 'tp_id' of "
        "127.0.0.2 is set by 127.0.0.2, a third party, but its declaration names provider "
        "'adnet' (AdNet SAS); name the recipient that sets it, or, if it is 'adnet', give that "
        "recipient the privacy_policy address of its own site so that ropa recognises its hosts"
        + PROVIDER,
        "REG/provider/cookies.yaml:10:20: warning[cookie-provider-mismatch] cookie '_trk' of "
        "127.0.0.1 is set by 127.0.0.2, a third party, but its declaration says provider: "
        "first_party; name the recipient that sets it (provider: an id of recipients:)" + PROVIDER,
    ],
    ("unseen", "before"): [
        not_seen("REG/unseen", 6, "consent"),
        not_seen("REG/unseen", 10, "_trk"),
        not_seen("REG/unseen", 11, "_old"),
        "REG/unseen/cookies.yaml:12:3: note[cookie-not-seen] none of the cookies of 'legacy' "
        "(legacy, legacy_*) was seen on the 2 pages scanned before consent; remove the "
        "declaration if the site no longer sets it, or scan the pages that do (more --pages, or "
        "one of them as the URL)",
    ],
    ("unseen", "after"): [
        not_seen("REG/unseen", 11, "_old", "before and after consent"),
        "REG/unseen/cookies.yaml:12:3: note[cookie-not-seen] none of the cookies of 'legacy' "
        "(legacy, legacy_*) was seen on the 2 pages scanned before and after consent; remove the "
        "declaration if the site no longer sets it, or scan the pages that do (more --pages, or "
        "one of them as the URL)",
    ],
    ("before-consent", "before"): [
        not_seen("REG/before-consent", 6, "consent"),
        "REG/before-consent/cookies.yaml:9:74: error[cookie-before-consent] cookie 'tp_id' of "
        "127.0.0.2 is set before consent (first on SITE/), but it is declared with consent: "
        "required; set it only once the visitor has accepted; only a tracker strictly necessary "
        "for the service the visitor asked for may be set before consent (then declare consent: "
        "exempt, with why)" + BEFORE_CONSENT,
        not_seen("REG/before-consent", 10, "_trk"),
    ],
    ("before-consent", "after"): [
        "REG/before-consent/cookies.yaml:9:74: error[cookie-before-consent] cookie 'tp_id' of "
        "127.0.0.2 is set before consent (first on SITE/), but it is declared with consent: "
        "required; set it only once the visitor has accepted; only a tracker strictly necessary "
        "for the service the visitor asked for may be set before consent (then declare consent: "
        "exempt, with why)" + BEFORE_CONSENT,
    ],
}
#: The registers whose findings on the scan before consent are those after it, plus notes.
EXPECTED[("shorter", "after")] = EXPECTED[("shorter", "before")][:2]

#: What the scan notes, in every mode: the redirect to another site, refused.
STORED_NOTES = [
    "ropa: note: before consent: refused to leave the site for http://OTHER/landing (from SITE/go)",
    "ropa: note: before consent: SITE/go could not be loaded: net::ERR_BLOCKED_BY_CLIENT",
]

SCANS = {
    "before": [],
    "selector": ["--accept-selector", "#accept"],
    "cookie": ["--consent-cookie", "consent=yes"],
}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["scan", *args])


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    debian_program("chromium", "chromium")  # installed where missing and allowed, else skip
    with serving() as served:
        yield served


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The registers, and the stored scans."""
    root = tmp_path_factory.mktemp("scan")
    for name in registers.CHANGES:
        registers.write(root, name)
    return root


@pytest.fixture(scope="module")
def live(site: Site, folder: Path) -> dict[str, Result]:
    """The three live scans, compared with the matching register, each stored with --out."""
    return {
        mode: run(
            site.url,
            *extra,
            "--register",
            str(folder / "match"),
            "--out",
            str(folder / f"{mode}.json"),
        )
        for mode, extra in SCANS.items()
    }


def shown(text: str, site: Site, folder: Path) -> list[str]:
    """Output lines with the registers' folder as REG and the site's origin as SITE."""
    text = text.replace(str(folder), "REG").replace(site.url.rstrip("/"), "SITE")
    return text.replace(site.other, "http://OTHER").splitlines()


def test_the_registers_are_valid(tmp_path: Path) -> None:
    for name in registers.CHANGES:
        assert validate(registers.write(tmp_path, name), TODAY).findings == []


def test_the_live_scans_run_and_record_the_site(
    live: dict[str, Result], site: Site, folder: Path
) -> None:
    for mode, result in live.items():
        assert result.exit_code == 0, (mode, result.output)
        sandbox = (
            "ropa: note: running as root, where Chromium's sandbox refuses to start, so it runs "
            "with --no-sandbox; run as another user to keep the sandbox"
        )
        notes = [sandbox] if running_as_root() else []
        assert shown(result.stderr, site, folder) == notes + STORED_NOTES
    assert shown(live["before"].stdout, site, folder) == [
        *EXPECTED[("match", "before")],
        "SITE/: 2 pages scanned before consent: 0 errors, 0 warnings, 2 notes.",
    ]
    for mode in ("selector", "cookie"):
        assert shown(live[mode].stdout, site, folder) == [
            "SITE/: 2 pages scanned before consent and 2 after: no findings."
        ]


def test_the_scan_never_visits_another_site(live: dict[str, Result], site: Site) -> None:
    """The link to 127.0.0.3 is not followed, and the redirect to it is refused before its
    request: that site receives nothing, while the site and its third party are visited."""
    assert live
    assert site.paths("127.0.0.3") == []
    assert sorted(set(site.paths("127.0.0.1"))) == ["/", "/favicon.ico", "/go", "/second.html"]
    assert sorted(set(site.paths("127.0.0.2"))) == ["/pixel.gif", "/tracker.js"]
    assert site.paths("127.0.0.2").count("/tracker.js") == 2  # only once consent is given


def stored(folder: Path, mode: str) -> Any:
    """The stored scan's JSON."""
    return json.loads((folder / f"{mode}.json").read_text(encoding="utf-8"))


def cookies(phase: Any) -> dict[str, Any]:
    return {str(c["name"]): c for c in phase["cookies"]}


def test_what_a_scan_records(live: dict[str, Result], site: Site, folder: Path) -> None:
    assert live
    scan = stored(folder, "selector")
    assert scan["url"] == site.url
    assert scan["consent"] == "--accept-selector #accept"
    before, after = scan["phases"]
    pages = [site.url, f"{site.url}second.html"]
    assert before["pages"] == after["pages"] == pages
    assert sorted(cookies(before)) == ["lang", "recent", "session_id", "theme", "tp_id"]
    assert sorted(cookies(after)) == [
        "_trk",
        "consent",
        "lang",
        "recent",
        "session_id",
        "theme",
        "tp_id",
    ]
    facts = {
        name: (
            c["domain"],
            c["party"],
            c["set_by"],
            c["scripts"],
            c["http_only"],
            c["secure"],
            c["same_site"],
        )
        for name, c in cookies(after).items()
    }
    assert facts == {
        "_trk": ("127.0.0.1", "first", ["script"], ["127.0.0.2"], False, False, ""),
        "consent": ("127.0.0.1", "first", ["script"], ["127.0.0.1"], False, False, ""),
        "lang": ("127.0.0.1", "first", ["header"], [], False, False, ""),
        "recent": ("127.0.0.1", "first", ["header"], [], False, False, ""),
        "session_id": ("127.0.0.1", "first", ["header"], [], True, False, "Lax"),
        "theme": ("127.0.0.1", "first", ["script"], ["127.0.0.1"], False, False, ""),
        "tp_id": ("127.0.0.2", "third", ["header"], [], False, True, "None"),
    }
    assert cookies(after)["session_id"]["expires"] is None
    assert cookies(after)["recent"]["page"] == f"{site.url}second.html"
    origin = site.url.rstrip("/")
    assert [(s["kind"], s["origin"], s["key"], s["party"]) for s in after["storage"]] == [
        ("local", origin, "cart", "first"),
        ("session", origin, "tab", "first"),
    ]
    assert [(r["host"], r["type"], r["count"]) for r in before["requests"]] == [
        ("127.0.0.2", "Image", 1)
    ]
    assert [(r["host"], r["type"], r["count"]) for r in after["requests"]] == [
        ("127.0.0.2", "Image", 1),
        ("127.0.0.2", "Script", 1),
    ]
    assert before["notes"] == [
        f"refused to leave the site for {site.other}/landing (from {site.url}go)",
        f"{site.url}go could not be loaded: net::ERR_BLOCKED_BY_CLIENT",
    ]
    assert after["notes"] == []


def test_a_consent_cookie_is_set_by_the_scanner(live: dict[str, Result], folder: Path) -> None:
    assert live
    scan = stored(folder, "cookie")
    assert scan["consent"] == "--consent-cookie consent"  # its value is not kept
    after = cookies(scan["phases"][1])
    assert after["consent"]["set_by"] == ["scanner"]
    assert after["consent"]["expires"] is None
    assert after["_trk"]["scripts"] == ["127.0.0.2"]


@pytest.mark.parametrize("name", list(registers.CHANGES))
@pytest.mark.parametrize("mode", list(SCANS))
def test_each_register_gives_its_exact_findings(
    live: dict[str, Result], site: Site, folder: Path, name: str, mode: str
) -> None:
    assert live[mode].exit_code == 0
    result = run("--from", str(folder / f"{mode}.json"), "--register", str(folder / name))
    expected = EXPECTED[(name, "before" if mode == "before" else "after")]
    lines = shown(result.stdout, site, folder)
    assert lines[:-1] == expected
    errors = sum("error[" in line for line in expected)
    assert result.exit_code == (1 if errors else 0)
    assert shown(result.stderr, site, folder) == STORED_NOTES  # the scan's, from its file


def test_a_stored_scan_gives_what_the_live_scan_gave(live: dict[str, Result], folder: Path) -> None:
    for mode, result in live.items():
        again = run("--from", str(folder / f"{mode}.json"), "--register", str(folder / "match"))
        assert again.stdout == result.stdout
        assert again.exit_code == result.exit_code


def test_formats(live: dict[str, Result], site: Site, folder: Path) -> None:
    assert live
    args = ["--from", str(folder / "before.json"), "--register", str(folder / "before-consent")]
    findings = json.loads(run(*args, "--format", "json").stdout)
    assert [(f["rule"], f["severity"], f["line"], f["column"]) for f in findings] == [
        ("cookie-not-seen", "note", 6, 3),
        ("cookie-before-consent", "error", 9, 74),
        ("cookie-not-seen", "note", 10, 3),
    ]
    assert findings[1]["file"] == f"{folder}/before-consent/cookies.yaml"
    assert findings[1]["article"] == (
        "ePrivacy Directive Art. 5(3) (FR: loi 78-17 art. 82; UK: PECR reg. 6) and EDPB "
        "Guidelines 05/2020 on consent (prior consent); C-673/17 Planet49 (active consent)"
    )
    github = shown(run(*args, "--format", "github").stdout, site, folder)
    assert [line.split(" ")[0] for line in github] == ["::notice", "::error", "::notice", "SITE/:"]
    assert github[1].startswith(
        "::error file=REG/before-consent/cookies.yaml,line=9,col=74,title=cookie-before-consent::"
        "cookie 'tp_id' of 127.0.0.2 is set before consent"
    )
    strict = run(
        "--from", str(folder / "before.json"), "--register", str(folder / "shorter"), "--strict"
    )
    assert strict.exit_code == 1


def test_drafted_declarations_for_what_no_declaration_names(
    live: dict[str, Result], site: Site, folder: Path
) -> None:
    assert live
    draft = folder / "drafted.yaml"
    args = ["--from", str(folder / "selector.json"), "--register", str(folder / "missing")]
    result = run(*args, "--write-declarations", str(draft))
    assert result.exit_code == 1  # the findings are still there
    text = draft.read_text(encoding="utf-8")
    lines = shown(text, site, folder)
    assert lines[0].startswith("# Drafted by ropa scan from SITE/ on ")
    assert (
        lines[1]
        == "# Complete each TODO, then move the entries under the register's cookies: section."
    )
    assert yaml.safe_load(text) == {
        "cookies": {
            "theme": {"provider": "first_party", "lifetime": "30 days", "type": "cookie"},
            "cart": {"provider": "first_party", "type": "local_storage"},
        }
    }
    assert "# TODO: purpose: the id of the activity it serves" in text
    assert (
        "consent: required; exempt only if strictly needed (the scan saw it set before consent)"
        in text
    )
    again = run(*args, "--write-declarations", str(draft))
    assert again.exit_code == 2
    assert (
        again.stderr
        == f"ropa: error: not overwriting {draft}: --write-declarations writes a new file\n"
    )
    assert draft.read_text(encoding="utf-8") == text
