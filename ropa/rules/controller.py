"""The controller itself: a representative in the Union for one established outside it (Art. 27)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.findings import Severity
from ropa.model.register import Register
from ropa.rules.base import Context, Hit, rule
from ropa.rules.recipients import country_name


@rule("eu-representative-missing", Severity.WARNING, "GDPR Art. 27")
def eu_representative_missing(register: Register, context: Context) -> Iterator[Hit]:
    """The controller's address is outside the EEA and no `eu_representative` is named.

    A controller not established in the Union whose processing falls under the GDPR because it
    offers goods or services to people in the Union, or monitors their behaviour there
    (Art. 3(2)), designates in writing a representative in a Member State where those people are
    (Art. 27(1), (3)); the public page names it (Art. 13(1)(a)). Art. 27(2) exempts occasional
    processing that does not include special categories on a large scale and is unlikely to
    result in a risk, and public authorities: waive this rule with that reason, or with the
    controller's establishment in the Union when it has one.

    Fails:   `organization: {address: {country: US, ...}}` with no `eu_representative`
    Passes:  `eu_representative: {name: "Example EU Rep Ltd", email: rep@example.eu}`
    """
    organization = register.organization
    if organization is None or organization.eu_representative is not None:
        return
    address = organization.address
    if address is None or context.reference.in_eea(address.country):
        return  # an address that is absent or invalid has its own finding
    country = address.country
    yield Hit(
        ("organization",),
        f"the controller's address is in {country_name(country)}, outside the EEA, and no "
        "representative in the Union is named; add eu_representative: {name: ..., address: ...} "
        "with its name and postal address in the Union, or its email: (Art. 27), or waive this "
        "rule with the reason it does not apply (an establishment in the Union, or the "
        "Art. 27(2) exemption)",
    )
