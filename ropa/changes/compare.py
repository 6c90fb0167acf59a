"""What changed in the meaning of a register between two versions of it.

Entries are compared by id, renamed ids first matched by content (:mod:`ropa.changes.renames`),
and every difference is said as what it means for the people the policy informs: a purpose
added, a legal basis changed for some data, a recipient of a new category, a transfer to a new
country, data kept longer... (the kinds of :data:`ropa.changes.materiality.TABLE`). Texts are
compared for the words that carry meaning (:mod:`ropa.changes.meaning`). What the public page
does not show (notes, owners, review dates, hidden and processor activities, contracts) is one
``internal-changed`` per entry.

An entry one side could not read (an invalid entry, a section a YAML mistake cut short) is
neither added nor removed: it is not compared at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ropa.changes.change import Change, Country, Entry, Quoted, Term, Word
from ropa.changes.meaning import Meaning, fold
from ropa.changes.renames import Rename, dumped, match
from ropa.model.activities import Activity, ActivityRole, Basis, Retention
from ropa.model.base import Model
from ropa.model.cookies import SESSION, Cookie
from ropa.model.definitions import DataCategory
from ropa.model.organization import Organization
from ropa.model.policy import Policy
from ropa.model.recipients import ROLES_WITHOUT_COUNTRY, Recipient, RecipientRole
from ropa.model.register import SECTION_MODELS, Register
from ropa.model.types import Duration, Text
from ropa.reference import Reference, reference
from ropa.vocabulary import SECTIONS

#: Keys of an activity the public page never shows.
_INTERNAL_ACTIVITY_KEYS = ("owner", "controller", "dpia", "informed_by", "reviewed", "notes")
#: The controller's identity (WP260 rev.01 para 29), and how to reach it.
_IDENTITY_KEYS = ("name", "legal_form", "registration", "address")
_CONTACT_KEYS = ("email", "phone", "website", "privacy_contact")
_VERSION_KEYS = ("version", "effective_date", "history")
#: How much alike two sources must read to be one source reworded.
_SOURCE_ALIKE = 0.6


def compare(old: Register, new: Register) -> list[Change]:
    """Every change in meaning from ``old`` to ``new``, by section, then id."""
    comparison = _Comparison(old, new)
    comparison.run()
    order = {section: index for index, section in enumerate(SECTIONS)}
    numbered = list(enumerate(comparison.changes))
    numbered.sort(key=lambda item: (order.get(item[1].section, 99), item[1].id, item[0]))
    return [change for _, change in numbered]


def _unjudged(register: Register, section: str, entry_id: str) -> bool:
    """Whether ``register`` may hold ``entry_id`` without having read it whole: an entry it
    could not read, in a section a YAML mistake cut short, or kept without a key it needs
    (validated as far as it could be, for the rules)."""
    if (
        (section, entry_id) in register.broken
        or section in register.unread_sections
        or entry_id in register.unread_words.get(section, ())
    ):
        return True
    entry = register.section(section).get(entry_id)
    return entry is not None and not _whole(section, entry)


def _whole(section: str, entry: object) -> bool:
    """Whether ``entry`` has every key its model requires (an entry that lacks one is
    validated with a model that lets it be None, ``ropa.model.register._partial``)."""
    return type(entry) is SECTION_MODELS[section]


def _public(activity: Activity) -> bool:
    """Whether the public page shows the activity (processor activities never are)."""
    return activity.public and activity.role is not ActivityRole.PROCESSOR


def _values(text: Text | None) -> dict[str, str] | None:
    return None if text is None else dict(text.values)


def _value(value: Any) -> Any:
    """A model's value as JSON-ready data."""
    if isinstance(value, Model):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Text):
        return dict(value.values)
    if isinstance(value, Duration):
        return value.iso
    if isinstance(value, list):
        return [_value(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _longest(periods: Iterable[Duration]) -> Duration | None:
    return max(periods, key=lambda d: d.approx_days, default=None)


class _At(NamedTuple):
    """Where a change is: the entry as a summary names it, its section and id."""

    entry: Entry
    section: str
    id: str

    @property
    def place(self) -> tuple[str, str]:
        return self.section, self.id


@dataclass
class _Gain:
    """A category of recipients that some purposes newly (or no longer) share data with."""

    category: Text
    recipients: dict[str, Text] = field(default_factory=dict)
    purposes: dict[str, Text] = field(default_factory=dict)


@dataclass
class _Comparison:
    old: Register
    new: Register
    changes: list[Change] = field(default_factory=list)
    renames: dict[str, dict[str, str]] = field(default_factory=dict)
    gained: dict[str, _Gain] = field(default_factory=dict)
    lost: dict[str, _Gain] = field(default_factory=dict)

    def __post_init__(self) -> None:
        policy = self.new.policy or self.old.policy
        self.languages = list(policy.languages) if policy else ["en"]
        self.default = self.languages[0]
        self.reference: Reference = reference()
        names: dict[str, list[str]] = {}
        for register in (self.old, self.new):
            for recipient_id, recipient in register.recipients.items():
                if _whole("recipients", recipient):
                    names.setdefault(recipient_id, []).extend(recipient.name.values.values())
        self.meaning = Meaning(names)

    # --- helpers ---------------------------------------------------------------------------

    def add(
        self,
        kind: str,
        section: str,
        entry_id: str,
        /,
        words: dict[str, Word] | None = None,
        *,
        before: Any = None,
        after: Any = None,
        variant: str = "",
        **more: Word,
    ) -> None:
        """Record a change: the words its summary says, its values before and after
        (JSON-ready), and the variant of its wording."""
        said = {**(words or {}), **more}
        self.changes.append(Change(kind, section, entry_id, said, before, after, variant))

    def skip(self, section: str, entry_id: str) -> bool:
        return _unjudged(self.old, section, entry_id) or _unjudged(self.new, section, entry_id)

    def to_new(self, section: str, old_id: str) -> str:
        return self.renames.get(section, {}).get(old_id, old_id)

    def mapped(self, section: str, ids: Iterable[str]) -> list[str]:
        return [self.to_new(section, i) for i in ids]

    def pairs(self, section: str) -> tuple[list[tuple[str, Any, Any]], list[str], list[str]]:
        """(new id, old entry, new entry) of the entries on both sides; the ids only in the
        old register; those only in the new one (both without the entries not judged)."""
        before: dict[str, Any] = self.old.section(section)
        after: dict[str, Any] = self.new.section(section)
        both, gone, seen = [], [], set()
        for old_id, entry in before.items():
            new_id = self.to_new(section, old_id)
            if new_id in after:
                seen.add(new_id)
                if not self.skip(section, old_id) and not self.skip(section, new_id):
                    both.append((new_id, entry, after[new_id]))
            elif not self.skip(section, old_id) and not self.skip(section, new_id):
                gone.append(old_id)
        came = [i for i in after if i not in seen and not self.skip(section, i)]
        return both, gone, came

    def name(self, section: str, entry_id: str, *, old: bool = False) -> Quoted | str:
        """An entry's name, quoted, from the new register (else the old one); else its id."""
        registers = (self.old, self.new) if old else (self.new, self.old)
        for register in registers:
            entry = register.section(section).get(entry_id)
            if entry is not None and _whole(section, entry):
                return Quoted(entry.name)
        return f"'{entry_id}'"

    def text(self, at: _At, key: str, before: Text | None, after: Text | None) -> None:
        """A public text: reworded (editorial) or saying something else (notable)."""
        old, new = _values(before), _values(after)
        if old == new:
            return
        said: dict[str, Word] = {"entry": at.entry, "key": key}
        if before is None or after is None:
            variant = "added" if before is None else "removed"
            self.add(
                "text-meaning-changed", *at.place, said, variant=variant, before=old, after=new
            )
            return
        difference = self.meaning.compare(before, after, self.languages)
        if difference is None:
            self.add("wording-changed", *at.place, said, before=old, after=new)
            return
        removed: list[Any] = [Quoted(word) for word in difference.removed]
        added: list[Any] = [Quoted(word) for word in difference.added]
        variant = "" if removed and added else "gained" if added else "lost" if removed else ""
        said.update(removed=removed or "—", added=added or "—")
        self.add("text-meaning-changed", *at.place, said, variant=variant, before=old, after=new)

    def field(self, at: _At, key: str, before: Any, after: Any) -> None:
        """A declared value the page shows, other than a text."""
        if before != after:
            self.add(
                "field-changed",
                *at.place,
                entry=at.entry,
                key=key,
                before=_value(before),
                after=_value(after),
            )

    def internal(self, at: _At, keys: Sequence[str], a: Any, b: Any) -> None:
        """One ``internal-changed`` for the keys (not on the public page) that differ; a key
        with a dot (``transfers.tia``) is one the caller found changed."""
        old_data = dumped(a) if isinstance(a, Model) else {}
        new_data = dumped(b) if isinstance(b, Model) else {}
        changed = [k for k in keys if "." in k or old_data.get(k) != new_data.get(k)]
        if changed:
            self.add(
                "internal-changed",
                *at.place,
                entry=at.entry,
                keys=list(changed),
                before={k: old_data.get(k) for k in changed},
                after={k: new_data.get(k) for k in changed},
            )

    # --- the whole comparison ----------------------------------------------------------------

    def run(self) -> None:
        found = match(self.old, self.new, skip=self.skip, language=self.default)
        for rename in found:
            self.renames.setdefault(rename.section, {})[rename.old] = rename.new
        self.renamed(found)
        for name in ("organization", "policy"):
            a, b = getattr(self.old, name), getattr(self.new, name)
            if a is not None and b is not None and _whole(name, a) and _whole(name, b):
                if name == "organization":
                    self.organization(a, b)
                else:
                    self.policy(a, b)
        for section in ("data_subjects", "data_categories", "security_measures"):
            self.definitions(section)
        self.recipients()
        self.activities()
        self.categories_of_recipients()
        self.cookies()

    def renamed(self, renames: list[Rename]) -> None:
        for rename in renames:
            name = self.name(rename.section, rename.new)
            self.add(
                "id-renamed",
                rename.section,
                rename.new,
                variant=rename.how,
                entry=Entry(rename.section, name.value if isinstance(name, Quoted) else rename.new),
                was=rename.old,
                before=rename.old,
                after=rename.new,
            )

    # --- the controller and the policy --------------------------------------------------------

    def organization(self, a: Organization, b: Organization) -> None:
        old_data, new_data = dumped(a), dumped(b)
        entry = Entry("organization")
        at = _At(entry, "organization", "")

        def differing(keys: Sequence[str]) -> list[str]:
            return [k for k in keys if old_data.get(k) != new_data.get(k)]

        for kind, keys in (
            ("controller-changed", _IDENTITY_KEYS),
            ("controller-contact-changed", _CONTACT_KEYS),
        ):
            changed = differing(keys)
            if changed:
                self.add(
                    kind,
                    "organization",
                    "",
                    keys=list(changed),
                    before={k: old_data.get(k) for k in changed},
                    after={k: new_data.get(k) for k in changed},
                )
        self.field(
            at,
            "legal_representative",
            a.legal_representative,
            b.legal_representative,
        )
        for key in ("dpo", "eu_representative", "uk_representative"):
            if old_data.get(key) == new_data.get(key):
                continue
            variant = "added" if key not in old_data else "removed" if key not in new_data else ""
            words: dict[str, Word] = {} if key == "dpo" else {"which": Term("representative", key)}
            self.add(
                "dpo-changed" if key == "dpo" else "representative-changed",
                "organization",
                "",
                words,
                variant=variant,
                before=old_data.get(key),
                after=new_data.get(key),
            )
        if old_data.get("supervisory_authority") != new_data.get("supervisory_authority"):
            self.add(
                "supervisory-authority-changed",
                "organization",
                "",
                now=Quoted(b.supervisory_authority.name),
                before=old_data.get("supervisory_authority"),
                after=new_data.get("supervisory_authority"),
            )
        self.internal(at, ("waivers",), a, b)

    def policy(self, a: Policy, b: Policy) -> None:
        at = _At(Entry("policy"), "policy", "")
        self.text(at, "title", a.title, b.title)
        self.text(at, "intro", a.intro, b.intro)
        old_data, new_data = dumped(a), dumped(b)
        changed = [k for k in _VERSION_KEYS if old_data.get(k) != new_data.get(k)]
        if changed:
            self.add(
                "version-changed",
                "policy",
                "",
                keys=list(changed),
                before={k: old_data.get(k) for k in changed},
                after={k: new_data.get(k) for k in changed},
            )
        for key in ("languages", "governing_language", "minimum_age"):
            self.field(at, key, getattr(a, key), getattr(b, key))
        rights_a, rights_b = a.rights, b.rights
        if set(rights_a.channels) != set(rights_b.channels):
            self.add(
                "rights-changed",
                "policy",
                "",
                variant="channels",
                was=[Term("channel", c.value) for c in rights_a.channels] or [Term("channel", "")],
                now=[Term("channel", c.value) for c in rights_b.channels] or [Term("channel", "")],
                before=[c.value for c in rights_a.channels],
                after=[c.value for c in rights_b.channels],
            )
        if rights_a.response_days != rights_b.response_days:
            self.add(
                "rights-changed",
                "policy",
                "",
                variant="response_days",
                was=rights_a.response_days,
                now=rights_b.response_days,
                before=rights_a.response_days,
                after=rights_b.response_days,
            )
        if rights_a.web_form != rights_b.web_form:
            self.add(
                "rights-changed",
                "policy",
                "",
                variant="web_form",
                before=rights_a.web_form,
                after=rights_b.web_form,
            )
        self.text(
            at,
            "rights.identity_check",
            rights_a.identity_check,
            rights_b.identity_check,
        )
        self.internal(at, ("waivers",), a, b)

    # --- data subjects, data categories, security measures --------------------------------------

    def definitions(self, section: str) -> None:
        """Their names and descriptions; whether they are added or removed shows in the purposes
        that use them (an unused one is on no page)."""
        both, _, _ = self.pairs(section)
        for entry_id, a, b in both:
            if a == b:
                continue
            at = _At(Entry(section, b.name), section, entry_id)
            self.text(at, "name", a.name, b.name)
            self.text(at, "description", a.description, b.description)
            if isinstance(a, DataCategory) and isinstance(b, DataCategory):
                self.text(at, "examples", _joined(a.examples), _joined(b.examples))
                self.field(at, "special", a.special, b.special)
            if hasattr(a, "type"):
                self.field(at, "type", a.type, b.type)
            self.internal(at, ("waivers",), a, b)

    # --- recipients and transfers -------------------------------------------------------------

    def destinations(self, recipient: Recipient) -> dict[str, str]:
        """The countries outside the EEA a recipient receives data in → the ground ("" when
        none is declared: its own country, with a general adequacy decision or not)."""
        found = {t.country: t.mechanism.value for t in recipient.transfers}
        country = recipient.country
        if (
            country
            and recipient.role not in ROLES_WITHOUT_COUNTRY
            and not self.reference.in_eea(country)
        ):
            found.setdefault(country, "")
        return found

    def transfers(self, recipient_id: str, a: Recipient | None, b: Recipient) -> None:
        """Transfers of ``b`` (``a`` before it; None for a new recipient) by country."""
        before = self.destinations(a) if a is not None else {}
        after = self.destinations(b)
        who = Quoted(b.name)
        for country, ground in after.items():
            data = {"recipient": recipient_id, "country": country, "mechanism": ground or None}
            if country not in before:
                self.add(
                    "transfer-added",
                    "recipients",
                    recipient_id,
                    variant="" if ground else "implicit",
                    country=Country(country),
                    recipient=who,
                    mechanism=Term("mechanism", ground),
                    after=data,
                )
            elif before[country] != ground:
                self.add(
                    "transfer-mechanism-changed",
                    "recipients",
                    recipient_id,
                    country=Country(country),
                    recipient=who,
                    was=Term("mechanism", before[country]),
                    now=Term("mechanism", ground),
                    before=before[country] or None,
                    after=ground or None,
                )
        for country in before:
            if country not in after:
                self.add(
                    "transfer-removed",
                    "recipients",
                    recipient_id,
                    country=Country(country),
                    recipient=Quoted(a.name) if a is not None else who,
                    before={
                        "recipient": recipient_id,
                        "country": country,
                        "mechanism": before[country] or None,
                    },
                )

    def recipients(self) -> None:
        both, gone, came = self.pairs("recipients")
        for recipient_id, a, b in both:
            if a != b:
                self.recipient(recipient_id, a, b)
        before: dict[str, Recipient] = self.old.recipients
        after: dict[str, Recipient] = self.new.recipients
        replaced: dict[str, str] = {}
        for old_id in gone:
            old = before[old_id]
            if old.role is not RecipientRole.PROCESSOR:
                continue
            for new_id in came:
                new = after[new_id]
                if new_id in replaced.values() or new.role is not RecipientRole.PROCESSOR:
                    continue
                if self.same_service(old_id, old, new_id, new):
                    replaced[old_id] = new_id
                    break
        for old_id, new_id in replaced.items():
            old, new = before[old_id], after[new_id]
            self.add(
                "processor-replaced",
                "recipients",
                new_id,
                was=Quoted(old.name),
                now=Quoted(new.name),
                category=new.category,
                before=dumped(old),
                after=dumped(new),
            )
            self.transfers(new_id, old, new)
        for new_id in came:
            if new_id in replaced.values():
                continue
            new = after[new_id]
            processor = new.role is RecipientRole.PROCESSOR
            self.add(
                "processor-added" if processor else "recipient-added",
                "recipients",
                new_id,
                variant="" if processor else "entry",
                recipient=Quoted(new.name),
                category=new.category,
                after=dumped(new),
            )
            self.transfers(new_id, None, new)
        for old_id in gone:
            if old_id in replaced:
                continue
            old = before[old_id]
            processor = old.role is RecipientRole.PROCESSOR
            self.add(
                "processor-removed" if processor else "recipient-removed",
                "recipients",
                old_id,
                variant="" if processor else "entry",
                recipient=Quoted(old.name),
                before=dumped(old),
            )

    def same_service(self, old_id: str, old: Recipient, new_id: str, new: Recipient) -> bool:
        """Whether a new processor takes a removed one's place: the same category of
        recipients, or every purpose the old one served."""
        if fold(old.category.get(self.default)) == fold(new.category.get(self.default)):
            return True
        served = {
            self.to_new("activities", i)
            for i, a in self.old.activities.items()
            if old_id in a.recipients
        }
        serves = {i for i, a in self.new.activities.items() if new_id in a.recipients}
        return bool(served) and served <= serves

    def recipient(self, recipient_id: str, a: Recipient, b: Recipient) -> None:
        entry = Entry("recipients", b.name)
        at = _At(entry, "recipients", recipient_id)
        if a.name.values != b.name.values:
            shared = a.name.values.keys() & b.name.values.keys() or {self.default}
            if all(
                _alnum(a.name.get(lang, self.default)) == _alnum(b.name.get(lang, self.default))
                for lang in shared
            ):
                self.add(
                    "wording-changed",
                    "recipients",
                    recipient_id,
                    entry=entry,
                    key="name",
                    before=_values(a.name),
                    after=_values(b.name),
                )
            else:
                self.add(
                    "text-meaning-changed",
                    "recipients",
                    recipient_id,
                    entry=entry,
                    key="name",
                    removed=[Quoted(a.name)],
                    added=[Quoted(b.name)],
                    before=_values(a.name),
                    after=_values(b.name),
                )
        self.field(at, "role", a.role, b.role)
        self.text(at, "category", a.category, b.category)
        self.text(at, "service", a.service, b.service)
        if a.country != b.country:
            if a.country and b.country:
                self.add(
                    "recipient-country-changed",
                    "recipients",
                    recipient_id,
                    recipient=Quoted(b.name),
                    was=Country(a.country),
                    now=Country(b.country),
                    before=a.country,
                    after=b.country,
                )
            else:
                self.field(at, "country", a.country, b.country)
        self.transfers(recipient_id, a, b)
        old_transfers = {t.country: t for t in a.transfers}
        for index, transfer in enumerate(b.transfers):
            earlier = old_transfers.get(transfer.country)
            if earlier is None:
                continue
            key = f"transfers[{index}]"
            self.text(
                at,
                f"{key}.reference",
                earlier.reference,
                transfer.reference,
            )
            self.field(
                at,
                f"{key}.derogation",
                earlier.derogation,
                transfer.derogation,
            )
        self.field(at, "privacy_policy", a.privacy_policy, b.privacy_policy)
        keys = ["dpa", "waivers"]
        if [t.tia for t in a.transfers] != [t.tia for t in b.transfers]:
            keys.append("transfers.tia")
        self.internal(at, keys, a, b)

    def categories_of_recipients(self) -> None:
        for kind, gains in (
            ("recipient-category-added", self.gained),
            ("recipient-category-removed", self.lost),
        ):
            for gain in gains.values():
                first = next(iter(gain.recipients))
                self.add(
                    kind,
                    "recipients",
                    first,
                    category=Quoted(gain.category),
                    recipients=[Quoted(name) for name in gain.recipients.values()],
                    purposes=[Quoted(name) for name in gain.purposes.values()],
                    before=None
                    if kind.endswith("added")
                    else {"category": _values(gain.category), "activities": list(gain.purposes)},
                    after={
                        "category": _values(gain.category),
                        "recipients": list(gain.recipients),
                        "activities": list(gain.purposes),
                    }
                    if kind.endswith("added")
                    else None,
                )

    # --- activities -------------------------------------------------------------------------

    def activities(self) -> None:
        both, gone, came = self.pairs("activities")
        for activity_id, a, b in both:
            self.activity(activity_id, a, b)
        for new_id in came:
            new: Activity = self.new.activities[new_id]
            if _public(new):
                self.add(
                    "purpose-added",
                    "activities",
                    new_id,
                    name=Quoted(new.name),
                    after=dumped(new),
                )
            else:
                self.add(
                    "internal-changed",
                    "activities",
                    new_id,
                    variant="added",
                    entry=Entry("activities", new.name),
                    after=dumped(new),
                )
        for old_id in gone:
            old: Activity = self.old.activities[old_id]
            if _public(old):
                self.add(
                    "purpose-removed",
                    "activities",
                    old_id,
                    name=Quoted(old.name),
                    before=dumped(old),
                )
            else:
                self.add(
                    "internal-changed",
                    "activities",
                    old_id,
                    variant="removed",
                    entry=Entry("activities", old.name),
                    before=dumped(old),
                )

    def activity(self, activity_id: str, a: Activity, b: Activity) -> None:
        if a == b and not self.renames:
            return
        entry = Entry("activities", b.name)
        at = _At(entry, "activities", activity_id)
        shown = (
            {"public": a.public, "role": a.role.value},
            {"public": b.public, "role": b.role.value},
        )
        if _public(a) and not _public(b):
            self.add(
                "purpose-removed",
                "activities",
                activity_id,
                variant="unpublished",
                name=Quoted(b.name),
                before=shown[0],
                after=shown[1],
            )
            return
        if _public(b) and not _public(a):
            self.add(
                "purpose-added",
                "activities",
                activity_id,
                variant="published",
                name=Quoted(b.name),
                before=shown[0],
                after=shown[1],
            )
            return
        if not _public(b):
            if a.role is ActivityRole.PROCESSOR and b.role is ActivityRole.PROCESSOR:
                self.subprocessors(activity_id, entry, a, b)
            old_data, new_data = dumped(a), dumped(b)
            keys = [k for k in {**old_data, **new_data} if old_data.get(k) != new_data.get(k)]
            self.internal(at, keys, a, b)
            return
        self.purpose(activity_id, entry, a, b)

    def purpose(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """A public purpose on both sides, field by field."""
        at = _At(entry, "activities", activity_id)
        self.text(at, "name", a.name, b.name)
        self.text(at, "description", a.description, b.description)
        self.field(at, "role", a.role, b.role)
        self.field(
            at,
            "joint_controllers",
            self.mapped("recipients", a.joint_controllers),
            b.joint_controllers,
        )
        ja, jb = a.joint_arrangement, b.joint_arrangement
        if (ja is None) != (jb is None):
            self.field(at, "joint_arrangement", ja, jb)
        elif ja is not None and jb is not None:
            self.text(at, "joint_arrangement.summary", ja.summary, jb.summary)
            self.text(at, "joint_arrangement.contact", ja.contact, jb.contact)
        self.bases(activity_id, entry, a, b)
        self.field(
            at,
            "special_conditions",
            [_value(c) for c in a.special_conditions],
            [_value(c) for c in b.special_conditions],
        )
        self.members(activity_id, entry, "data_subjects", a.data_subjects, b.data_subjects)
        self.members(activity_id, entry, "data_categories", a.data_categories, b.data_categories)
        self.sources(activity_id, entry, a, b)
        self.field(
            at,
            "marketing_channels",
            sorted(c.value for c in a.marketing_channels),
            sorted(c.value for c in b.marketing_channels),
        )
        self.field(at, "soft_opt_in", a.soft_opt_in, b.soft_opt_in)
        pa, pb = a.provision, b.provision
        if (pa is None) != (pb is None):
            self.field(at, "provision", pa, pb)
        elif pa is not None and pb is not None:
            self.field(at, "provision.requirement", pa.requirement, pb.requirement)
            self.text(at, "provision.consequence", pa.consequence, pb.consequence)
        self.links(activity_id, entry, a, b)
        self.retention(activity_id, entry, a, b)
        self.field(
            at,
            "security_measures",
            sorted(self.mapped("security_measures", a.security_measures)),
            sorted(b.security_measures),
        )
        self.decisions(activity_id, entry, a, b)
        keys = [*_INTERNAL_ACTIVITY_KEYS, "waivers"]
        old_data, new_data = dumped(a), dumped(b)
        if old_data.get("joint_arrangement", {}).get("reference") != new_data.get(
            "joint_arrangement", {}
        ).get("reference"):
            keys.append("joint_arrangement")
        tests_a = {basis.basis: _values(basis.balancing_test) for basis in a.legal_bases}
        tests_b = {basis.basis: _values(basis.balancing_test) for basis in b.legal_bases}
        if any(tests_a[basis] != tests_b[basis] for basis in tests_a.keys() & tests_b.keys()):
            keys.append("legal_bases.balancing_test")
        self.internal(at, keys, a, b)

    def members(
        self, activity_id: str, entry: Entry, section: str, before: list[str], after: list[str]
    ) -> None:
        """Data subjects or data categories added to a purpose, or no longer in it."""
        old_ids = self.mapped(section, before)
        added = [i for i in after if i not in old_ids]
        removed = [i for i in old_ids if i not in after]
        noun = "subjects" if section == "data_subjects" else "categories"
        kind = "data-subject" if section == "data_subjects" else "data-category"
        for ids, suffix, old in ((added, "added", False), (removed, "removed", True)):
            if ids:
                words: dict[str, Word] = {
                    "purpose": entry,
                    noun: [self.name(section, i, old=old) for i in ids],
                }
                self.add(
                    f"{kind}-{suffix}",
                    "activities",
                    activity_id,
                    words,
                    before=old_ids,
                    after=list(after),
                )

    def bases(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """Legal bases, per data category: added, no longer relied on, or changed."""
        old_map = self.basis_map(a, mapped=True)
        new_map = self.basis_map(b, mapped=False)
        groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}
        for category, after in new_map.items():
            if category not in old_map or old_map[category] == after:
                continue
            before = old_map[category]
            added, removed = after - before, before - after
            if added and removed:
                group = ("changed", _ordered(before), _ordered(after))
            elif added:
                group = ("added", (), _ordered(added))
            else:
                group = ("removed", _ordered(removed), ())
            groups.setdefault(group, []).append(category)
        for (how, before_bases, after_bases), categories in groups.items():
            words: dict[str, Word] = {
                "purpose": entry,
                "categories": [self.name("data_categories", c) for c in categories],
            }
            if how == "changed":
                words["was"] = [Term("basis", v) for v in before_bases]
                words["now"] = [Term("basis", v) for v in after_bases]
            else:
                words["bases"] = [Term("basis", v) for v in (after_bases or before_bases)]
            self.add(
                f"legal-basis-{how}",
                "activities",
                activity_id,
                words,
                before={c: _ordered(old_map[c]) for c in categories},
                after={c: _ordered(new_map[c]) for c in categories},
            )
        at = _At(entry, "activities", activity_id)
        old_bases = {basis.basis: basis for basis in a.legal_bases}
        for index, basis in enumerate(b.legal_bases):
            earlier = old_bases.get(basis.basis)
            if earlier is None:
                continue
            key = f"legal_bases[{index}]"
            self.text(at, f"{key}.interest", earlier.interest, basis.interest)
            self.text(at, f"{key}.law", earlier.law, basis.law)
            self.text(at, f"{key}.withdrawal", earlier.withdrawal, basis.withdrawal)

    def basis_map(self, activity: Activity, *, mapped: bool) -> dict[str, set[str]]:
        """Each data category of the activity → the bases that cover it."""
        own = activity.data_categories
        covered: dict[str, set[str]] = {category: set() for category in own}
        for basis in activity.legal_bases:
            for category in basis.categories or own:
                covered.setdefault(category, set()).add(basis.basis.value)
        if not mapped:
            return covered
        return {self.to_new("data_categories", c): bases for c, bases in covered.items()}

    def sources(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """Sources of data: the same (perhaps reworded), new, or no longer used."""
        before = {index: fold(s.source.get(self.default)) for index, s in enumerate(a.sources)}
        after = {index: fold(s.source.get(self.default)) for index, s in enumerate(b.sources)}
        paired: dict[int, int] = {}
        for j, text in after.items():
            for i, old_text in before.items():
                if i not in paired.values() and old_text == text:
                    paired[j] = i
                    break
        scored = sorted(
            (-difflib.SequenceMatcher(None, before[i], after[j]).ratio(), j, i)
            for j in after
            if j not in paired
            for i in before
            if i not in paired.values()
        )
        for score, j, i in scored:
            if -score >= _SOURCE_ALIKE and j not in paired and i not in paired.values():
                paired[j] = i
        at = _At(entry, "activities", activity_id)
        for j, source in enumerate(b.sources):
            if j in paired:
                earlier = a.sources[paired[j]]
                self.text(at, f"sources[{j}].source", earlier.source, source.source)
                self.field(
                    at,
                    f"sources[{j}].categories",
                    sorted(self.mapped("data_categories", earlier.categories)),
                    sorted(source.categories),
                )
            else:
                self.add(
                    "source-added",
                    *at.place,
                    purpose=entry,
                    source=Quoted(source.source),
                    after=_value(source),
                )
        for i, source in enumerate(a.sources):
            if i not in paired.values():
                self.add(
                    "source-removed",
                    *at.place,
                    purpose=entry,
                    source=Quoted(source.source),
                    before=_value(source),
                )

    def links(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """Recipients the purpose's data newly go to (or no longer), and new categories of
        recipients (gathered over all purposes, one change per category)."""
        old_ids = self.mapped("recipients", a.recipients)
        known_before = set(self.mapped("recipients", self.old.recipients))
        added = [i for i in b.recipients if i not in old_ids and i in known_before]
        removed = [i for i in old_ids if i not in b.recipients and i in self.new.recipients]
        at = _At(entry, "activities", activity_id)
        if added:
            self.add(
                "recipient-added",
                *at.place,
                purpose=entry,
                recipients=[self.name("recipients", i) for i in added],
                before=old_ids,
                after=list(b.recipients),
            )
        if removed:
            self.add(
                "recipient-removed",
                *at.place,
                purpose=entry,
                recipients=[self.name("recipients", i) for i in removed],
                before=old_ids,
                after=list(b.recipients),
            )
        if any(_unjudged(self.old, "recipients", i) for i in a.recipients) or any(
            _unjudged(self.new, "recipients", i) for i in b.recipients
        ):
            return  # a recipient one side could not read whole: its category is not compared
        old_categories = _categories(a.recipient_entries, self.default)
        new_categories = _categories(b.recipient_entries, self.default)
        for gains, ours, theirs, entries in (
            (self.gained, new_categories, old_categories, b.recipient_entries),
            (self.lost, old_categories, new_categories, a.recipient_entries),
        ):
            for key, category in ours.items():
                if key in theirs:
                    continue
                gain = gains.setdefault(key, _Gain(category))
                gain.purposes[activity_id] = b.name
                for recipient in entries:
                    if fold(recipient.category.get(self.default)) == key:
                        gain.recipients.setdefault(
                            self.to_new("recipients", recipient.id), recipient.name
                        )

    def retention(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """Retention per data category: longer, shorter, or not comparable; its texts."""
        before = _periods(a, {c: self.to_new("data_categories", c) for c in a.data_categories})
        after = _periods(b, {c: c for c in b.data_categories})
        groups: dict[tuple[str, str, str], list[str]] = {}
        durations: dict[str, Duration] = {}
        for category, (period, then) in after.items():
            if category not in before:
                continue
            old_period, old_then = before[category]
            if period is not None and old_period is not None:
                if period.approx_days > old_period.approx_days:
                    how = "lengthened"
                elif period.approx_days < old_period.approx_days:
                    how = "shortened"
                elif then != old_then:
                    how = "changed"
                else:
                    continue
            elif (period is None) != (old_period is None) or then != old_then:
                how = "changed"
            else:
                continue
            old_iso = old_period.iso if old_period else ""
            new_iso = period.iso if period else ""
            if old_period:
                durations[old_iso] = old_period
            if period:
                durations[new_iso] = period
            groups.setdefault((how, old_iso, new_iso), []).append(category)
        for (how, old_iso, new_iso), categories in groups.items():
            words: dict[str, Word] = {
                "purpose": entry,
                "categories": [self.name("data_categories", c) for c in categories],
            }
            if how != "changed":
                words["was"] = durations[old_iso]
                words["now"] = durations[new_iso]
            self.add(
                f"retention-{how}",
                "activities",
                activity_id,
                words,
                before={c: _retention_value(before[c]) for c in categories},
                after={c: _retention_value(after[c]) for c in categories},
            )
        self.retention_texts(activity_id, entry, a, b)

    def retention_texts(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """The texts of retention entries, each new entry paired with an old one that covers
        the same categories (the one with the same texts first), else with the one in its
        place."""

        def covers(r: Retention, mapped: bool) -> tuple[str, ...]:
            ids = self.mapped("data_categories", r.categories) if mapped else r.categories
            return tuple(sorted(ids))

        def texts(r: Retention) -> tuple[Any, ...]:
            return _values(r.criteria), _values(r.from_), _values(r.reference)

        unused = list(range(len(a.retention)))
        at = _At(entry, "activities", activity_id)
        for index, r in enumerate(b.retention):
            same = [i for i in unused if covers(a.retention[i], True) == covers(r, False)]
            alike = [i for i in same if texts(a.retention[i]) == texts(r)]
            choices = alike or same or [i for i in unused if i == index]
            if not choices:
                continue
            chosen = choices[0]
            unused.remove(chosen)
            earlier = a.retention[chosen]
            key = f"retention[{index}]"
            self.text(at, f"{key}.criteria", earlier.criteria, r.criteria)
            self.text(at, f"{key}.from", earlier.from_, r.from_)
            self.text(at, f"{key}.reference", earlier.reference, r.reference)

    def decisions(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """Automated decisions: new, ended, or changed in their logic or effects."""
        da, db = a.automated_decisions, b.automated_decisions
        at = _At(entry, "activities", activity_id)
        if da is None and db is None:
            return
        if da is None or db is None:
            self.add(
                "automated-decision-added" if da is None else "automated-decision-removed",
                *at.place,
                purpose=entry,
                before=_value(da),
                after=_value(db),
            )
            return
        changed = [
            key for key in ("legal_effect", "exception") if getattr(da, key) != getattr(db, key)
        ]
        if _values(da.law) != _values(db.law):
            changed.append("law")
        logic = da.logic.values != db.logic.values
        if logic and self.meaning.compare(da.logic, db.logic, self.languages) is not None:
            changed.insert(0, "logic")
        if changed:
            self.add(
                "automated-decision-changed",
                *at.place,
                purpose=entry,
                keys=list(changed),
                before=_value(da),
                after=_value(db),
            )
        if logic and "logic" not in changed:
            self.text(at, "automated_decisions.logic", da.logic, db.logic)
        self.text(at, "automated_decisions.significance", da.significance, db.significance)
        self.text(at, "automated_decisions.safeguards", da.safeguards, db.safeguards)

    def subprocessors(self, activity_id: str, entry: Entry, a: Activity, b: Activity) -> None:
        """The processors of a processor activity are sub-processors of the controllers we
        process for (Art. 28(2))."""
        old_ids = [
            self.to_new("recipients", r.id)
            for r in a.recipient_entries
            if r.role is RecipientRole.PROCESSOR
        ]
        new_ids = [r.id for r in b.recipient_entries if r.role is RecipientRole.PROCESSOR]
        added = [i for i in new_ids if i not in old_ids]
        removed = [i for i in old_ids if i not in new_ids]
        at = _At(entry, "activities", activity_id)
        pairs = list(zip(removed, added, strict=False))
        for old_id, new_id in pairs:
            self.add(
                "subprocessor-replaced",
                *at.place,
                purpose=entry,
                was=self.name("recipients", old_id, old=True),
                now=self.name("recipients", new_id),
                before=old_ids,
                after=new_ids,
            )
        for new_id in added[len(pairs) :]:
            self.add(
                "subprocessor-added",
                *at.place,
                purpose=entry,
                recipient=self.name("recipients", new_id),
                before=old_ids,
                after=new_ids,
            )
        for old_id in removed[len(pairs) :]:
            self.add(
                "subprocessor-removed",
                *at.place,
                purpose=entry,
                recipient=self.name("recipients", old_id, old=True),
                before=old_ids,
                after=new_ids,
            )

    # --- cookies ----------------------------------------------------------------------------

    def cookies(self) -> None:
        both, gone, came = self.pairs("cookies")
        for cookie_id, a, b in both:
            if a != b:
                self.cookie(cookie_id, a, b)
        for cookie_id in came:
            new: Cookie = self.new.cookies[cookie_id]
            self.add(
                "cookie-added",
                "cookies",
                cookie_id,
                cookie=Quoted(cookie_id),
                purpose=self.name("activities", new.purpose),
                lifetime=_lifetime_word(new.lifetime),
                consent=Term("consent", new.consent.value),
                after=dumped(new),
            )
        for cookie_id in gone:
            self.add(
                "cookie-removed",
                "cookies",
                cookie_id,
                cookie=Quoted(cookie_id),
                before=dumped(self.old.cookies[cookie_id]),
            )

    def cookie(self, cookie_id: str, a: Cookie, b: Cookie) -> None:
        at = _At(Entry("cookies", cookie_id), "cookies", cookie_id)
        before, after = _lifetime_days(a.lifetime), _lifetime_days(b.lifetime)
        if before != after:
            self.add(
                "cookie-lifetime-lengthened" if after > before else "cookie-lifetime-shortened",
                "cookies",
                cookie_id,
                cookie=Quoted(cookie_id),
                was=_lifetime_word(a.lifetime),
                now=_lifetime_word(b.lifetime),
                before=_value(a.lifetime),
                after=_value(b.lifetime),
            )
        if a.consent != b.consent:
            self.add(
                "cookie-consent-changed",
                "cookies",
                cookie_id,
                cookie=Quoted(cookie_id),
                now=Term("consent", b.consent.value),
                before=a.consent.value,
                after=b.consent.value,
            )
        provider = (
            a.provider if a.provider == "first_party" else self.to_new("recipients", a.provider)
        )
        self.field(at, "provider", provider, b.provider)
        self.field(at, "purpose", self.to_new("activities", a.purpose), b.purpose)
        self.field(at, "type", a.type, b.type)
        self.field(at, "names", sorted(a.names), sorted(b.names))
        self.text(at, "description", a.description, b.description)
        self.internal(at, ("waivers",), a, b)


def _ordered(bases: Iterable[str]) -> tuple[str, ...]:
    """Legal bases in the order of Art. 6(1)."""
    order = [b.value for b in Basis]
    return tuple(sorted(bases, key=order.index))


def _joined(texts: list[Text]) -> Text | None:
    """A list of texts as one, per language (for examples)."""
    if not texts:
        return None
    languages = dict.fromkeys(lang for text in texts for lang in text.values)
    return Text({lang: "\n".join(t.values.get(lang, "") for t in texts) for lang in languages})


def _alnum(text: str) -> str:
    """A name's letters and digits only, without case: ``Acme, Inc.`` is ``acme inc``."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def _categories(recipients: Iterable[Recipient], language: str) -> dict[str, Text]:
    """The categories of recipients (folded text → the category) of a purpose."""
    found: dict[str, Text] = {}
    for recipient in recipients:
        if not _whole("recipients", recipient):
            continue
        found.setdefault(fold(recipient.category.get(language)), recipient.category)
    return found


def _periods(
    activity: Activity, ids: dict[str, str]
) -> dict[str, tuple[Duration | None, frozenset[str]]]:
    """Each data category (as ``ids`` names it) → its longest period (None when only criteria
    are given) and what happens at the end."""
    periods: dict[str, list[Duration]] = {}
    then: dict[str, set[str]] = {}
    for retention in activity.retention:
        for category in retention.categories or activity.data_categories:
            key = ids.get(category, category)
            if retention.period is not None:
                periods.setdefault(key, []).append(retention.period)
            else:
                periods.setdefault(key, [])
            then.setdefault(key, set()).add(retention.then.value)
    return {k: (_longest(v), frozenset(then[k])) for k, v in periods.items()}


def _retention_value(value: tuple[Duration | None, frozenset[str]]) -> dict[str, Any]:
    period, then = value
    return {"period": period.iso if period else None, "then": ", ".join(sorted(then))}


def _lifetime_days(value: Duration | str) -> float:
    """A cookie's lifetime in days; a session cookie lives less than any duration."""
    return value.approx_days if isinstance(value, Duration) else 0.0


def _lifetime_word(value: Duration | str) -> Word:
    return value if isinstance(value, Duration) else Term("lifetime", SESSION)
