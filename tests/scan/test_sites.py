"""Sites: the registrable domain of a host, with the Public Suffix List, or without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ropa.scan import sites
from ropa.scan.sites import domain_words, origin, site


@pytest.fixture
def without_the_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(sites, "PUBLIC_SUFFIX_LIST", tmp_path / "none.dat")
    sites.suffixes.cache_clear()
    yield
    sites.suffixes.cache_clear()


CASES = [
    ("www.shop.example.co.uk", "example.co.uk"),
    ("shop.example.com", "example.com"),
    (".example.com", "example.com"),
    ("EXAMPLE.COM", "example.com"),
    ("user.github.io", "user.github.io"),
    ("127.0.0.1", "127.0.0.1"),
    ("127.0.0.2", "127.0.0.2"),
    ("localhost", "localhost"),
    ("::1", "::1"),
    ("co.uk", "co.uk"),
]


@pytest.mark.skipif(not sites.PUBLIC_SUFFIX_LIST.exists(), reason="Debian's publicsuffix")
@pytest.mark.parametrize(
    ("host", "expected"),
    [*CASES, ("a.b.city.kawasaki.jp", "city.kawasaki.jp"), ("x.y.kawasaki.jp", "x.y.kawasaki.jp")],
)
def test_sites_with_the_public_suffix_list(host: str, expected: str) -> None:
    """``*.kawasaki.jp`` is a wildcard rule, ``!city.kawasaki.jp`` its exception."""
    assert site(host) == expected


@pytest.mark.parametrize(("host", "expected"), CASES)
def test_sites_without_it(without_the_list: None, host: str, expected: str) -> None:
    assert site(host) == expected


def test_the_words_of_a_host_and_origins() -> None:
    assert domain_words("www.google-analytics.com") == "google-analytics"
    assert domain_words("127.0.0.2") == "127.0.0.2"
    assert origin("HTTP://Example.COM:80/a?b#c") == "http://example.com"
    assert origin("https://example.com:8443/") == "https://example.com:8443"
    assert origin("http://[::1]:8000/") == "http://[::1]:8000"
    assert origin("http://x:bad/") == ""
