"""What ``ropa serve`` shows: the register validated and its HTML pages, kept in memory.

A rebuild validates the whole register again (entries refer to each other across files), then
renders only the pages someone has open (the others when they are asked for), with Jinja
environments kept from one rebuild to the next: compiling the templates is most of a cold
render, and Jinja recompiles a template whose file changed by itself. Declarations that read
the same as before (a comment or a blank line changed) keep the pages already rendered. A
register with errors keeps the last pages built without errors, shown as stale.

Nothing is written: pages live here until the next rebuild.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ropa.config import Config, ConfigError, find_config
from ropa.display import shown
from ropa.findings import Finding, Severity
from ropa.render import HTML_DOCUMENTS, html_page
from ropa.serve.page import Status, absolute

if TYPE_CHECKING:
    from jinja2 import Environment

    from ropa.model.register import Register
    from ropa.render import ChangeControl, Job
    from ropa.render.i18n import Lang

#: The documents served, each a page per language, as ``ropa build`` writes them.
DOCUMENTS = tuple(HTML_DOCUMENTS)

#: The configuration files a change of which rebuilds (``ropa.config``).
CONFIG_NAMES = frozenset({"ropa.toml", "pyproject.toml"})


def page_key(language: str, document: str) -> str:
    """A page's name: ``en/policy``."""
    return f"{language}/{document}"


@dataclass(frozen=True)
class Settings:
    """What the command line says; the rest comes from the configuration, read again when it
    changes."""

    path: Path | None = None  # the register (a folder, or a file of it); None: configured
    templates: Path | None = None  # --templates; None: configured, or the built-in ones
    languages: tuple[str, ...] = ()  # --lang; empty: policy.languages
    today: date | None = None  # --today; None: the day of each rebuild


@dataclass(frozen=True)
class Targets:
    """What to watch: folders watched with their subfolders (``trees``), folders watched alone
    (``folders``: the configuration's, and the parent of a register or templates folder that
    does not exist yet or of a register that is one file), and what a change there means."""

    root: Path
    templates: Path | None
    config_files: frozenset[Path]
    trees: tuple[Path, ...]
    folders: tuple[Path, ...]


@dataclass
class Changes:
    """What changed since the last rebuild (a few flags, however many files changed)."""

    register: bool = False
    templates: bool = False
    #: a template appeared or disappeared: compiled templates may hide a new override
    templates_listing: bool = False
    config: bool = False
    #: ``time.perf_counter()`` when the first of these changes was seen
    seen: float | None = None

    def __bool__(self) -> bool:
        return self.register or self.templates or self.templates_listing or self.config

    def merge(self, other: Changes) -> None:
        self.register |= other.register
        self.templates |= other.templates
        self.templates_listing |= other.templates_listing
        self.config |= other.config
        if self.seen is None or (other.seen is not None and other.seen < self.seen):
            self.seen = other.seen


EVERYTHING = Changes(register=True, templates=True, templates_listing=True, config=True)


def same_data(a: Any, b: Any) -> bool:
    """Whether two plain YAML values are equal, the order of mappings included (the order of
    entries is the order of the documents)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


class Good:
    """A register without errors, and its pages, rendered when first needed."""

    def __init__(  # noqa: PLR0917  # what a page needs, each given by the preview
        self,
        register: Register,
        languages: tuple[str, ...],
        control: ChangeControl,
        templates: Path | None,
        environments: dict[Lang, dict[bool, Environment]],
        built_at: datetime,
    ) -> None:
        self.register = register
        self.languages = languages
        self.control = control
        self.templates = templates
        self.built_at = built_at
        self._environments = environments
        self._jobs: dict[str, Job] = {}
        self.failed: dict[str, str] = {}  # page → why it cannot be rendered

    def shows_the_same(self, other: Good) -> bool:
        """Whether ``other`` would render the same pages: the same declarations, in the same
        order, the same languages and what the configuration adds."""
        return (
            self.languages == other.languages
            and self.control == other.control
            and self.templates == other.templates
            and same_data(self.register.declarations, other.register.declarations)
        )

    def again(self, templates: Path | None, built_at: datetime) -> Good:
        """The same register, its pages to render again (the templates changed)."""
        return Good(
            self.register,
            self.languages,
            self.control,
            templates,
            self._environments,
            built_at,
        )

    def html(self, language: str, document: str) -> str:
        """The page, rendered once; raises ``RenderError`` (a user's template that fails)."""
        from ropa.render import Job  # noqa: PLC0415
        from ropa.render.i18n import Lang  # noqa: PLC0415

        job = self._jobs.get(language)
        if job is None:
            assert self.register.policy is not None
            lang = Lang(language, self.register.policy.default_language)
            job = Job(
                self.register,
                lang,
                self.templates,
                self.control,
                environments=self._environments.setdefault(lang, {}),
            )
            self._jobs[language] = job
        return html_page(job, document)


@dataclass(frozen=True)
class State:
    """One published state of the preview; ``version`` changes whenever what a page shows does."""

    version: str
    findings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()
    good: Good | None = None
    stale: bool = False
    checked_at: datetime | None = None
    languages: tuple[str, ...] = ()

    def status(self, extra: tuple[str, ...] = (), *, stale: bool = False) -> Status:
        return Status(
            findings=self.findings,
            problems=self.problems + extra,
            stale=self.stale or stale,
            built_at=self.good.built_at if self.good else None,
            checked_at=self.checked_at,
        )


@dataclass(frozen=True)
class Served:
    """A document as served now: its HTML (None when it has never been built) and the panel's
    status (with the page's own render error)."""

    html: str | None
    status: Status
    version: str


@dataclass(frozen=True)
class Outcome:
    """What a rebuild did, for the terminal and the benchmark."""

    published: bool  # the version changed: open pages reload
    ready: bool  # there are pages to show (else: no page yet)
    errors: int
    warnings: int
    stale: bool
    validate_seconds: float
    render_seconds: float
    seconds: float
    rendered: tuple[str, ...] = ()  # the pages rendered
    kept: bool = False  # the declarations read the same: pages kept
    findings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()
    failures: tuple[str, ...] = ()  # why pages rendered now failed (a user's template)
    seen: float | None = None  # when the first change was seen (perf_counter)
    done: float = field(default_factory=time.perf_counter)


def _config_file(source: str) -> Path | None:
    """The file a configuration came from (``ropa.toml``, ``../pyproject.toml [tool.ropa]``)."""
    if not source:
        return None
    return Path(source.removesuffix(" [tool.ropa]"))


class Preview:
    """The register, validated and rendered as its files change; safe to use from several
    threads (one rebuild or render at a time)."""

    def __init__(self, settings: Settings, config: Config) -> None:
        self.settings = settings
        self.config = config
        self._lock = threading.RLock()
        self._token = secrets.token_hex(4)  # a restarted server's pages reload
        self._count = 0
        self._environments: dict[Lang, dict[bool, Environment]] = {}
        self._environments_for: Path | None = None
        #: each page's last successful rendering: shown, marked stale, when the page fails
        self._last: dict[str, tuple[str, datetime]] = {}
        #: what each page showed when last rendered: its HTML, or its failure
        self._shown: dict[str, str] = {}
        self.state = State(version=self._next_version())
        #: --lang names a language the register does not have (``ropa build``'s message)
        self.language_problem: str | None = None

    def _next_version(self) -> str:
        self._count += 1
        return f"{self._token}-{self._count}"

    # --- where things are -------------------------------------------------------------------

    def root(self) -> Path:
        """The register folder (a file of a register: its folder), as ``ropa build`` finds it."""
        from ropa.discover import default_register, register_root  # noqa: PLC0415

        path = self.settings.path or default_register(self.config.data)
        return register_root(path, self.config.data)

    def templates(self) -> Path | None:
        return self.settings.templates or self.config.templates

    def targets(self) -> Targets:
        """What to watch now (it changes when the configuration names another folder, or when
        a folder watched for appears or goes)."""
        root = absolute(str(self.root()))
        templates = self.templates()
        templates = absolute(str(templates)) if templates else None
        config = _config_file(self.config.source)
        config_folders = {Path.cwd()} | ({absolute(str(config)).parent} if config else set())
        config_files = frozenset(
            folder / name for folder in config_folders for name in CONFIG_NAMES
        )
        trees: list[Path] = []
        folders: set[Path] = set(config_folders)
        for folder in (root, templates):
            if folder is None:
                continue
            if folder.is_dir():
                trees.append(folder)
            elif folder.parent.is_dir():
                folders.add(folder.parent)  # a file register, or a folder not there yet
        return Targets(root, templates, config_files, tuple(trees), tuple(sorted(folders)))

    # --- rebuilding -----------------------------------------------------------------------

    def rebuild(self, changes: Changes = EVERYTHING, watched: Collection[str] = ()) -> Outcome:
        """Read what changed again and publish a new state when what a page shows changed;
        ``watched``: the pages open (``en/policy``), rendered now so that they are ready when
        told to reload."""
        with self._lock:
            return self._rebuild(changes, watched)

    def _rebuild(self, changes: Changes, watched: Collection[str]) -> Outcome:
        from ropa.check import RegisterNotFoundError, validate  # noqa: PLC0415

        started = time.perf_counter()
        old = self.state
        problems: list[str] = []
        if changes.config:
            try:
                self.config = find_config()
            except ConfigError as exc:
                problems.append(str(exc))  # the previous configuration still applies
        templates = self.templates()
        if templates != self._environments_for or changes.templates_listing:
            self._environments.clear()
            self._environments_for = templates
        if templates is not None and not templates.is_dir():
            problems.append(f"no such templates folder: {templates}")
        root = self.root()
        findings: tuple[Finding, ...] = ()
        register = None
        declared: tuple[str, ...] = ()
        try:
            report = validate(root, self.settings.today or date.today())
        except RegisterNotFoundError:
            problems.append(f"no such file or folder: {shown(str(root))}")
        else:
            findings = tuple(self.config.apply(report.findings))
            declared = tuple(report.register.languages)
            if not any(f.severity is Severity.ERROR for f in findings):
                register = report.register
        validated = time.perf_counter()
        now = datetime.now()  # shown to the user as a local time
        good, same = old.good, False
        self.language_problem = None
        if register is not None and not problems:
            candidate = self._good(register, templates, now)
            if candidate is None:
                assert self.language_problem is not None
                problems.append(self.language_problem)
            elif good is not None and not changes.templates and good.shows_the_same(candidate):
                same = True  # the pages would read the same: keep them, rendered
            else:
                good = candidate
        elif good is not None and changes.templates:
            good = good.again(templates, good.built_at)  # the last good register, new templates
        rendered: list[str] = []
        changed: list[str] = []
        if good is not None and good is not old.good:
            rendered, changed = self._render_watched(good, watched)
        finished = time.perf_counter()
        errors = len(problems) + sum(f.severity is Severity.ERROR for f in findings)
        stale = good is not None and errors > 0
        languages = good.languages if good else (self.settings.languages or declared)
        publish = (
            findings != old.findings
            or tuple(problems) != old.problems
            or stale != old.stale
            or languages != old.languages
            or bool(changed)
            # pages no one has open changed unseen: a page opened meanwhile must reload
            or (good is not old.good and not rendered)
        )
        self.state = State(
            version=self._next_version() if publish else old.version,
            findings=findings,
            problems=tuple(problems),
            good=good,
            stale=stale,
            checked_at=now,
            languages=languages,
        )
        return Outcome(
            published=publish,
            ready=good is not None,
            errors=errors,
            warnings=sum(f.severity is Severity.WARNING for f in findings),
            stale=stale,
            validate_seconds=validated - started,
            render_seconds=finished - validated,
            seconds=finished - started,
            rendered=tuple(rendered),
            kept=same,
            findings=findings,
            problems=tuple(problems),
            failures=tuple(
                dict.fromkeys(good.failed[key] for key in rendered if key in good.failed)
            )
            if good is not None
            else (),
            seen=changes.seen,
        )

    def _good(self, register: Register, templates: Path | None, now: datetime) -> Good | None:
        """``register`` ready to render, or None when --lang names a language it lacks."""
        from ropa.changes.materiality import overrides  # noqa: PLC0415
        from ropa.changes.notice import recorded  # noqa: PLC0415
        from ropa.render import ChangeControl  # noqa: PLC0415

        assert register.policy is not None
        declared = register.policy.languages
        missing = [code for code in self.settings.languages if code not in declared]
        if missing:
            self.language_problem = (
                f"language {', '.join(missing)} is not in policy.languages ({', '.join(declared)})"
            )
            return None
        # what ``ropa build`` says about changes without --against (``ropa.cli``)
        raised = overrides(self.config.materiality, self.config.source or "configuration")
        control = ChangeControl(recorded(register.policy, raised), self.config.notice_days, raised)
        languages = self.settings.languages or tuple(declared)
        return Good(register, languages, control, templates, self._environments, now)

    def _render_watched(self, good: Good, watched: Collection[str]) -> tuple[list[str], list[str]]:
        """Render the open pages of ``good``: those rendered, and those that show something
        else than before (other HTML, or a failure that came or went)."""
        rendered: list[str] = []
        changed: list[str] = []
        for language in good.languages:
            for document in DOCUMENTS:
                key = page_key(language, document)
                if key not in watched:
                    continue
                before = self._shown.get(key)
                self._html(good, language, document)
                rendered.append(key)
                if self._shown[key] != before:
                    changed.append(key)
        return rendered, changed

    def _html(self, good: Good, language: str, document: str) -> str | None:
        """The page's HTML, or None when its templates fail (``good.failed`` says why)."""
        from ropa.render import RenderError  # noqa: PLC0415

        key = page_key(language, document)
        if key not in good.failed:
            try:
                html = good.html(language, document)
            except RenderError as exc:
                good.failed[key] = str(exc)
            else:
                self._last[key] = (html, good.built_at)
                self._shown[key] = html
                return html
        self._shown[key] = f"\0{good.failed[key]}"
        return None

    def warm(self) -> None:
        """Render every page now (compiling the templates is most of a first rendering), so
        that the first page opened comes at once."""
        with self._lock:
            good = self.state.good
            if good is not None:
                self._render_watched(
                    good, {page_key(code, doc) for code in good.languages for doc in DOCUMENTS}
                )

    # --- serving --------------------------------------------------------------------------

    def document(self, language: str, document: str) -> Served | None:
        """A page as served now; None when there is no such page."""
        with self._lock:
            state = self.state
            good = state.good
            if language not in state.languages or document not in DOCUMENTS:
                return None
            if good is None:
                return Served(None, state.status(), state.version)
            html = self._html(good, language, document)
            if html is not None:
                return Served(html, state.status(), state.version)
            key = page_key(language, document)
            last = self._last.get(key)
            status = replace(
                state.status((good.failed[key],), stale=last is not None),
                built_at=last[1] if last else None,
            )
            return Served(last[0] if last else None, status, state.version)

    def status_of(self, pages: Iterable[tuple[str, str]]) -> Status:
        """The panel of a view of several pages (/compare): the state's, with each page's
        own failure (a template that fails in one language)."""
        with self._lock:
            state = self.state
            extra: list[str] = []
            stale = False
            for language, document in pages:
                served = self.document(language, document)
                if served is None:
                    continue
                extra += [p for p in served.status.problems if p not in (*state.problems, *extra)]
                stale |= served.status.stale
            return state.status(tuple(extra), stale=stale)

    def name(self) -> str:
        """The organisation's name, for the index page's title."""
        state = self.state
        if state.good is not None and state.good.register.organization is not None:
            from ropa.render.i18n import Lang  # noqa: PLC0415

            organization = state.good.register.organization
            assert state.good.register.policy is not None
            default = state.good.register.policy.default_language
            return Lang(default, default).text(organization.name)
        return "ropa serve"


def timings(outcome: Outcome) -> Mapping[str, float]:
    """An outcome's times in milliseconds: validating, rendering, and from the first change
    seen to the pages ready (when known)."""
    times = {
        "validate": outcome.validate_seconds * 1000,
        "render": outcome.render_seconds * 1000,
        "rebuild": outcome.seconds * 1000,
    }
    if outcome.seen is not None:
        times["seen to ready"] = (outcome.done - outcome.seen) * 1000
    return times
