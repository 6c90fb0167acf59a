"""Rendering: the register into documents, per language and format, looked up by name.

Everything is rendered in memory first and written only when all of it succeeded, each file
atomically, so a failed build leaves the previous outputs intact.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from jinja2 import Environment

from ropa.model.register import Register
from ropa.render.document import Document
from ropa.render.environment import builtin_templates, describe_error, make_environment
from ropa.render.i18n import Lang
from ropa.render.notice import ChangeControl, recorded_control
from ropa.render.pdf import RenderError, html_to_pdf
from ropa.render.workbook import Table
from ropa.render.write import (
    STOP_SIGNALS,
    BusyError,
    Interrupted,
    locked,
    remove_stale_temporaries,
    write_all,
)

__all__ = [
    "FORMATS",
    "BusyError",
    "ChangeControl",
    "Interrupted",
    "RenderError",
    "WriteError",
    "build",
]


@dataclass
class Job:
    """One language's rendering: the document, its templates, what is said about changes,
    and HTML shared by PDF."""

    register: Register
    lang: Lang
    templates: Path | None
    control: ChangeControl = field(default_factory=ChangeControl)
    cache: dict[str, str] = field(default_factory=dict)
    environments: dict[bool, Environment] = field(default_factory=dict)

    @cached_property
    def doc(self) -> Document:
        return Document(self.register, self.lang)

    def render(
        self, template: str, *, title: str, markdown: bool = False, **context: object
    ) -> str:
        """Render ``template`` once per job; PDF reuses the HTML. Every template receives
        ``doc``, ``lang``, ``title`` and ``notice_days`` (the days of notice the policy
        promises), and ``context``."""
        if template not in self.cache:
            env = self._environment(markdown=markdown)
            try:
                page = env.get_template(template).render(
                    doc=self.doc,
                    lang=self.lang,
                    title=title,
                    notice_days=self.control.notice_days,
                    **context,
                )
            except Exception as exc:  # a user's template may call anything wrongly
                raise RenderError(describe_error(template, exc)) from None
            self.cache[template] = page
        return self.cache[template]

    def _environment(self, *, markdown: bool) -> Environment:
        """One environment per kind of template, so that shared templates compile once."""
        if markdown not in self.environments:
            self.environments[markdown] = make_environment(
                self.lang, self.templates, markdown=markdown
            )
        return self.environments[markdown]

    @property
    def policy_title(self) -> str:
        return self.lang.text(self.doc.policy.title)

    @property
    def register_title(self) -> str:
        return self.lang.gettext("Record of processing activities")

    def pdf(self, template: str, title: str) -> bytes:
        folders = [builtin_templates(), *([self.templates] if self.templates else [])]
        html = self.render(template, title=title)
        return html_to_pdf(
            html, base=folders[-1], allowed=folders, day=self.doc.policy.effective_date
        )


#: The HTML documents, each ``<name>.html`` in a language's folder, and their templates.
HTML_DOCUMENTS = {"policy": "policy.html.j2", "register": "register.html.j2"}


def html_page(job: Job, document: str) -> str:
    """One of :data:`HTML_DOCUMENTS` as ``ropa build`` writes it (``ropa serve`` shows it)."""
    title = job.policy_title if document == "policy" else job.register_title
    return job.render(HTML_DOCUMENTS[document], title=title)


def _html(job: Job) -> dict[str, bytes]:
    return {f"{document}.html": html_page(job, document).encode() for document in HTML_DOCUMENTS}


def _pdf(job: Job) -> dict[str, bytes]:
    return {
        "policy.pdf": job.pdf("policy.html.j2", job.policy_title),
        "register.pdf": job.pdf("register.html.j2", job.register_title),
    }


def _md(job: Job) -> dict[str, bytes]:
    return {"policy.md": job.render("policy.md.j2", title=job.policy_title, markdown=True).encode()}


def _csv(job: Job) -> dict[str, bytes]:
    from ropa.render.tabular import register_csv  # noqa: PLC0415

    return {"register.csv": register_csv(job.doc)}


def _xlsx(job: Job) -> dict[str, bytes]:
    from ropa.render.tabular import register_xlsx  # noqa: PLC0415

    return {"register.xlsx": register_xlsx(job.doc)}


def _json(job: Job) -> dict[str, bytes]:
    from ropa.render.json_doc import register_json  # noqa: PLC0415

    return {"register.json": register_json(job.doc)}


def _fides(job: Job) -> dict[str, bytes]:
    from ropa.render.fides import fides_yaml  # noqa: PLC0415

    return {"fides.yml": fides_yaml(job.doc)}


def _layout(job: Job, tables: list[Table], *writers: Callable[..., bytes]) -> list[bytes]:
    """A workbook in an authority's layout, in each of ``writers``' formats, with the register
    it was made from in a last sheet (:mod:`ropa.interop.embedded`)."""
    from ropa.interop.embedded import source_table  # noqa: PLC0415

    source = source_table(job.register.declarations, tables, language=job.lang.code)
    sheets = [*tables, source]
    day, author = job.doc.policy.effective_date, job.lang.text(job.doc.organization.name)
    return [write(sheets, title=job.register_title, author=author, day=day) for write in writers]


def _ico(job: Job) -> dict[str, bytes]:
    """The register in the layout of the ICO's documentation template (UK GDPR Art. 30)."""
    from ropa.render.ico import ico_tables  # noqa: PLC0415
    from ropa.render.workbook import xlsx_bytes  # noqa: PLC0415

    (xlsx,) = _layout(job, ico_tables(job.doc), xlsx_bytes)
    return {"register.ico.xlsx": xlsx}


def _cnil(job: Job) -> dict[str, bytes]:
    """The register in the layout of the CNIL's model: a summary and one fiche an activity."""
    from ropa.render.cnil import cnil_tables  # noqa: PLC0415
    from ropa.render.workbook import ods_bytes, xlsx_bytes  # noqa: PLC0415

    ods, xlsx = _layout(job, cnil_tables(job.doc), ods_bytes, xlsx_bytes)
    return {"register.cnil.ods": ods, "register.cnil.xlsx": xlsx}


def _fragment(job: Job) -> dict[str, bytes]:
    return {
        "policy.fragment.html": job.render(
            "policy-fragment.html.j2", title=job.policy_title
        ).encode(),
        # its styles, every rule scoped to .ropa-document, for the page that embeds it
        "policy.fragment.css": job.render("document.css", title=job.policy_title).encode(),
    }


def _notice(job: Job) -> dict[str, bytes]:
    """A notice devoted to the material changes of the newest version, when there are some."""
    announcement = job.control.announcement
    if announcement is None:
        return {}
    title = job.lang.gettext("Changes to our privacy policy")
    return {
        "notice.html": job.render("notice.html.j2", title=title, notice=announcement).encode(),
        "notice.md": job.render(
            "notice.md.j2", title=title, markdown=True, notice=announcement
        ).encode(),
    }


def _atom(job: Job) -> dict[str, bytes]:
    from ropa.render.feed import changes_atom  # noqa: PLC0415

    return {"changes.atom": changes_atom(job.doc, job.control.raised)}


def _subprocessors(job: Job) -> dict[str, bytes]:
    """The sub-processors of our processor activities (Art. 28(2),(4)), when we have some."""
    if not job.doc.processor_activities:
        return {}
    from ropa.render.subprocessors import subprocessor_rows, subprocessors_json  # noqa: PLC0415

    title = job.lang.gettext("Our sub-processors")
    rows = subprocessor_rows(job.doc)
    return {
        "subprocessors.html": job.render("subprocessors.html.j2", title=title, rows=rows).encode(),
        "subprocessors.json": subprocessors_json(job.doc, rows),
    }


#: Output formats by name; ``fragment`` (the policy to paste into a CMS), ``fides`` (a Fides
#: manifest, for teams that keep their data map in Fides), ``ico`` and ``cnil`` (the register
#: in the layouts of the UK's and France's authorities) are opt-in.
FORMATS: dict[str, Callable[[Job], dict[str, bytes]]] = {
    "html": _html,
    "pdf": _pdf,
    "md": _md,
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
    "notice": _notice,
    "atom": _atom,
    "subprocessors": _subprocessors,
    "fragment": _fragment,
    "fides": _fides,
    "ico": _ico,
    "cnil": _cnil,
}
DEFAULT_FORMATS = ("html", "pdf", "md", "csv", "xlsx", "json", "notice", "atom", "subprocessors")
#: The files of formats written only when they apply: a build that asks for the format and
#: finds it does not apply removes them, so that no stale notice outlives its change.
CONDITIONAL_FILES: dict[str, tuple[str, ...]] = {
    "notice": ("notice.html", "notice.md"),
    "subprocessors": ("subprocessors.html", "subprocessors.json"),
}


#: Called before each step of a build with (steps done, steps in all, what comes next).
Progress = Callable[[int, int, str], None]


def _render_language(  # noqa: PLR0917  # a worker's arguments, passed on as they came
    register: Register,
    code: str,
    formats: list[str],
    templates: Path | None,
    control: ChangeControl,
    step: Callable[[int, str], None] | None = None,
) -> dict[Path, bytes]:
    """One language's outputs, as relative path → bytes; ``step(i, format)`` before each format."""
    assert register.policy is not None
    job = Job(register, Lang(code, register.policy.default_language), templates, control)
    outputs: dict[Path, bytes] = {}
    for index, name in enumerate(formats):
        if step is not None:
            step(index, name)
        for file, data in FORMATS[name](job).items():
            outputs[Path(code) / file] = data
    return outputs


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies, and exit now if it already has."""
    import ctypes  # noqa: PLC0415  # only in a forked worker

    # Should prctl fail, the worker still ends when it sends: no reader is left, the send fails.
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request: no signal will come
        os._exit(1)


def _worker(  # noqa: PLR0917  # a Process target takes its arguments positionally
    sender: Connection,
    unused: list[Connection],
    parent: int,
    register: Register,
    code: str,
    formats: list[str],
    templates: Path | None,
    control: ChangeControl,
) -> None:
    """A forked process's work: one language, sent back whole (or its error, in one line).

    It never outlives the build and never prints. It dies with its parent, and holds no end of
    any pipe but its own sender, so that with the parent gone nothing can keep it waiting.
    SIGINT (Ctrl-C reaches every process of the terminal's group) is the parent's to handle:
    the parent stops its workers with SIGTERM. An unexpected failure is a quiet exit, which the
    parent reports in one line.
    """
    try:
        _die_with(parent)
        for connection in unused:
            connection.close()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)  # blocked by the parent to fork
        try:
            result: tuple[str, object] = (
                "ok",
                _render_language(register, code, formats, templates, control),
            )
        except RenderError as exc:
            result = ("error", str(exc))
        sender.send(result)
        sender.close()
    except BaseException:  # multiprocessing would print a traceback
        os._exit(1)


def _fork(  # noqa: PLR0917
    register: Register,
    code: str,
    formats: list[str],
    templates: Path | None,
    control: ChangeControl,
    others: list[Connection],
) -> tuple[BaseProcess, Connection]:
    """Start rendering ``code`` in a forked process, which inherits the register (no pickling);
    ``others`` are the receivers of the workers forked before, which it closes."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_worker,
        args=(
            sender,
            [receiver, *others],
            os.getpid(),
            register,
            code,
            formats,
            templates,
            control,
        ),
        daemon=True,
    )
    try:
        process.start()
    except BaseException:
        receiver.close()
        raise
    finally:
        sender.close()
    return process, receiver


def _workers(languages: list[str]) -> int:
    """How many languages to render in forked processes while this one renders the first: one
    per spare core, where a process can be forked safely (Linux, no other thread running)."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 0
    return min(len(languages) - 1, len(os.sched_getaffinity(0)) - 1)


def render(
    register: Register,
    *,
    languages: list[str],
    formats: list[str],
    templates: Path | None = None,
    progress: Progress | None = None,
    control: ChangeControl | None = None,
) -> dict[Path, bytes]:
    """Every output, as relative path → bytes: ``fr/policy.html``... ``control``: what the
    documents say about changes (the notice to write, the days of notice the policy promises);
    by default, what the declarations record (:func:`~ropa.render.notice.recorded_control`).

    Languages are independent, so with several cores the others render in forked processes
    while this one renders the first (rendering, WeasyPrint's above all, is pure Python and
    holds the GIL): a build in two languages then takes about the time of one. Where processes
    cannot be started, everything renders here.
    """
    control = control or recorded_control(register)
    total = len(languages) * len(formats)
    by_language: dict[str, dict[Path, bytes]] = {}
    workers: dict[str, tuple[BaseProcess, Connection]] = {}
    done = 0  # formats rendered so far, in every language

    def steps(code: str) -> Callable[[int, str], None]:
        def step(index: int, name: str) -> None:
            if progress is not None:
                progress(done + index, total, f"{code}: {name}")

        return step

    try:
        count = _workers(languages)
        # SIGINT and SIGTERM wait until each worker is set up and known here, so that stopping
        # the build stops it too
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            for code in languages[len(languages) - count :]:
                others = [receiver for _, receiver in workers.values()]
                workers[code] = _fork(register, code, formats, templates, control, others)
        except OSError:  # no processes here (a sandbox, no /dev/shm...): render them all here
            pass
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for code in languages:
            if code not in workers:
                by_language[code] = _render_language(
                    register, code, formats, templates, control, steps(code)
                )
                done += len(formats)
        for code, (_, receiver) in workers.items():
            while not receiver.poll(0.25):
                if progress is not None:
                    waiting = [c for c in workers if c not in by_language]
                    progress(done, total, ", ".join(waiting))
            try:
                kind, payload = receiver.recv()
            except EOFError:
                raise RenderError(
                    f"the process rendering '{code}' stopped unexpectedly; run "
                    f"`ropa build --lang {code}` to see why"
                ) from None
            if kind == "error":
                raise RenderError(str(payload))
            by_language[code] = payload
            done += len(formats)
    finally:  # on an error here, the other languages' work is moot: stop it now
        for process, receiver in workers.values():
            receiver.close()
            if process.is_alive():
                process.terminate()
            process.join()
    return {path: data for code in languages for path, data in by_language[code].items()}


def build(
    register: Register,
    out: Path,
    *,
    languages: list[str],
    formats: list[str],
    templates: Path | None = None,
    progress: Progress | None = None,
    wait: bool = True,
    control: ChangeControl | None = None,
) -> Built:
    """Render, then write every output under ``out``; returns the paths written and removed.

    Builds into one ``out`` take turns on its lock, taken once everything is rendered (a build
    that fails before creates nothing): this one waits for another to finish, or, unless
    ``wait``, raises ``BusyError``. Holding it, the build first removes the temporary files
    that killed builds left there. A format asked for that does not apply (no notice to give,
    no sub-processors) removes its files a previous build wrote, with the renames.
    ``Interrupted``, raised by the caller's signal handler, stops the build and leaves the
    previous outputs (see ``write_all``).
    """
    outputs = render(
        register,
        languages=languages,
        formats=formats,
        templates=templates,
        progress=progress,
        control=control,
    )
    stale = [
        Path(code) / name
        for code in languages
        for format_name in formats
        for name in CONDITIONAL_FILES.get(format_name, ())
        if Path(code) / name not in outputs
    ]

    def waiting() -> None:
        if progress is not None:
            steps = len(languages) * len(formats)
            progress(steps, steps, "waiting for another build to finish")

    try:
        with locked(out, wait=wait, waiting=waiting):
            remove_stale_temporaries(out)
            removed = write_all(
                {out / path: data for path, data in outputs.items()},
                removing=[out / path for path in stale],
            )
    except OSError as exc:
        raise WriteError(exc.errno, exc.strerror or str(exc)) from exc
    return Built([out / path for path in outputs], removed)


@dataclass(frozen=True)
class Built:
    """What a build did: the files it wrote, and those of a previous build it removed (a
    notice whose change is no longer material, a sub-processor list that no longer applies)."""

    written: list[Path]
    removed: list[Path]


class WriteError(OSError):
    """The outputs could not be written (the previous ones are intact)."""
