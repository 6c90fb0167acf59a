"""Origins and sites: what is the scanned site's own, and what is a third party's.

A *site* is what browsers keep cookies by: the registrable domain of a host (``example.co.uk``
for ``www.shop.example.co.uk``), or the host itself for an IP address or a single-label name
(``127.0.0.1``, ``localhost``). It is found with the Public Suffix List that browsers use, read
from Debian's ``publicsuffix`` package where it is installed (Chromium's Debian package pulls it
in); elsewhere a short built-in list of the common two-label suffixes stands in for it. Ports
and schemes play no part: cookies ignore both, so ``127.0.0.1:8001`` is the site of
``127.0.0.1:8000``, while ``127.0.0.2`` and ``localhost`` are other sites.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

PUBLIC_SUFFIX_LIST = Path("/usr/share/publicsuffix/public_suffix_list.dat")
#: The list is about 250 kB; a file much larger is not it.
_MAX_LIST = 4 * 1024 * 1024
#: Without the list: the two-label public suffixes most sites live under.
_FALLBACK = [
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "me.uk",
    "ltd.uk",
    "plc.uk",
    "com.au",
    "net.au",
    "org.au",
    "edu.au",
    "gov.au",
    "co.nz",
    "org.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "ac.jp",
    "co.kr",
    "or.kr",
    "com.br",
    "net.br",
    "org.br",
    "com.cn",
    "net.cn",
    "org.cn",
    "com.mx",
    "com.ar",
    "com.tr",
    "co.in",
    "net.in",
    "org.in",
    "co.za",
    "com.sg",
    "com.hk",
    "com.tw",
    "co.il",
    "com.pl",
    "com.es",
    "com.pt",
    "co.at",
    "or.at",
    "gv.at",
    "com.ua",
    "com.my",
    "co.id",
    "co.th",
    "com.vn",
    "com.ph",
    "com.ng",
    "github.io",
    "gitlab.io",
    "netlify.app",
    "vercel.app",
    "herokuapp.com",
    "pages.dev",
    "web.app",
]


class Suffixes:
    """The Public Suffix List's rules: plain, wildcard (``*.ck``) and exception (``!www.ck``)."""

    def __init__(self, rules: list[str]) -> None:
        self.plain: set[str] = set()
        self.wildcard: set[str] = set()
        self.exception: set[str] = set()
        for rule in rules:
            if rule.startswith("!"):
                self.exception.add(rule[1:])
            elif rule.startswith("*."):
                self.wildcard.add(rule[2:])
            else:
                self.plain.add(rule)

    def suffix_length(self, labels: list[str]) -> int:
        """How many labels at the end of ``labels`` are the public suffix (at least one)."""
        longest = 1  # the default rule, "*": the top-level label
        for start in range(len(labels)):
            name = ".".join(labels[start:])
            size = len(labels) - start
            if name in self.exception:
                return size - 1
            if name in self.plain:
                longest = max(longest, size)
            parent = ".".join(labels[start + 1 :])
            if start + 1 < len(labels) and parent in self.wildcard:
                longest = max(longest, size)
        return longest


def _ascii(rule: str) -> str | None:
    try:
        return rule.encode("idna").decode("ascii")
    except UnicodeError:
        return None


@cache
def suffixes() -> Suffixes:
    """The Public Suffix List where Debian installs it, else the built-in short list."""
    try:
        with PUBLIC_SUFFIX_LIST.open("rb") as handle:
            data = handle.read(_MAX_LIST + 1)
    except OSError:
        data = b""
    if not data or len(data) > _MAX_LIST:
        return Suffixes(_FALLBACK)
    rules = []
    for line in data.decode("utf-8", "replace").splitlines():
        rule = line.strip().split(" ")[0].lower()
        if rule and not rule.startswith("//"):
            ascii_rule = rule if rule.isascii() else _ascii(rule)
            if ascii_rule:
                rules.append(ascii_rule)
    return Suffixes(rules)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def site(host: str) -> str:
    """The site of a host (or of a cookie's domain, its leading dot ignored)."""
    host = host.lower().strip(".")
    if not host or _is_ip(host) or "." not in host:
        return host
    labels = host.split(".")
    size = suffixes().suffix_length(labels)
    if size >= len(labels):
        return host  # the host is a public suffix itself
    return ".".join(labels[-size - 1 :])


def host(url: str) -> str:
    """The host of a URL, lower case (an IPv6 address without its brackets); ``""`` if none."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, the port written only when it is not the default."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    name = parts.hostname or ""
    if ":" in name:
        name = f"[{name}]"
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{name}" + (f":{port}" if port and port != default else "")


def same_site(host_a: str, host_b: str) -> bool:
    return site(host_a) == site(host_b)


def domain_words(host_name: str) -> str:
    """The registrable part of a host without its public suffix (``google-analytics`` for
    ``www.google-analytics.com``), which a provider's name is looked for in."""
    registrable = site(host_name)
    if _is_ip(registrable) or "." not in registrable:
        return registrable
    labels = registrable.split(".")
    return ".".join(labels[: len(labels) - suffixes().suffix_length(labels)])
