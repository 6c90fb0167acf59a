"""Rendering: the register into documents, per language and format, looked up by name.

Everything is rendered in memory first and written only when all of it succeeded, each file
atomically, so a failed build leaves the previous outputs intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from ropa.model.register import Register
from ropa.render.document import Document
from ropa.render.environment import builtin_templates, make_environment
from ropa.render.i18n import Lang
from ropa.render.pdf import RenderError, html_to_pdf
from ropa.render.write import write_all

__all__ = ["FORMATS", "RenderError", "build"]


@dataclass
class Job:
    """One language's rendering: the document, its templates, and HTML shared by PDF."""

    register: Register
    lang: Lang
    templates: Path | None
    cache: dict[str, str] = field(default_factory=dict)

    @cached_property
    def doc(self) -> Document:
        return Document(self.register, self.lang)

    def render(self, template: str, *, title: str, markdown: bool = False) -> str:
        """Render ``template`` once per job; PDF reuses the HTML."""
        if template not in self.cache:
            env = make_environment(self.lang, self.templates, markdown=markdown)
            try:
                page = env.get_template(template).render(doc=self.doc, lang=self.lang, title=title)
            except TemplateError as exc:
                where = (
                    f"{exc.filename}:{exc.lineno}: " if isinstance(exc, TemplateSyntaxError) else ""
                )
                raise RenderError(f"template {template}: {where}{exc.message or exc}") from None
            self.cache[template] = page
        return self.cache[template]

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


def _html(job: Job) -> dict[str, bytes]:
    return {
        "policy.html": job.render("policy.html.j2", title=job.policy_title).encode(),
        "register.html": job.render("register.html.j2", title=job.register_title).encode(),
    }


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


def _fragment(job: Job) -> dict[str, bytes]:
    return {
        "policy.fragment.html": job.render(
            "policy-fragment.html.j2", title=job.policy_title
        ).encode()
    }


#: Output formats by name; ``fragment`` (the policy to paste into a CMS) is opt-in.
FORMATS: dict[str, Callable[[Job], dict[str, bytes]]] = {
    "html": _html,
    "pdf": _pdf,
    "md": _md,
    "csv": _csv,
    "xlsx": _xlsx,
    "json": _json,
    "fragment": _fragment,
}
DEFAULT_FORMATS = ("html", "pdf", "md", "csv", "xlsx", "json")


#: Called before each step of a build with (steps done, steps in all, what comes next).
Progress = Callable[[int, int, str], None]


def render(
    register: Register,
    *,
    languages: list[str],
    formats: list[str],
    templates: Path | None = None,
    progress: Progress | None = None,
) -> dict[Path, bytes]:
    """Every output, as relative path → bytes: ``fr/policy.html``..."""
    assert register.policy is not None
    outputs: dict[Path, bytes] = {}
    total = len(languages) * len(formats)
    for index, code in enumerate(languages):
        job = Job(register, Lang(code, register.policy.default_language), templates)
        for step, name in enumerate(formats):
            if progress is not None:
                progress(index * len(formats) + step, total, f"{code}: {name}")
            for file, data in FORMATS[name](job).items():
                outputs[Path(code) / file] = data
    return outputs


def build(
    register: Register,
    out: Path,
    *,
    languages: list[str],
    formats: list[str],
    templates: Path | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Render, then write every output under ``out``; returns the paths written."""
    outputs = render(
        register, languages=languages, formats=formats, templates=templates, progress=progress
    )
    write_all({out / path: data for path, data in outputs.items()})
    return [out / path for path in outputs]
