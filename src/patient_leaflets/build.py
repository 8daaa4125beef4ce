"""Plan and run builds: which documents to make, and making them safely.

A build is a list of ``BuildJob``s (leaflet x brand x locale x paper). Each
job renders HTML, turns it into a PDF and writes it atomically, so a failed
or interrupted build never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .brands import Brand
from .catalogs import Translation, leaflet_template, load_translation
from .content import Leaflet
from .errors import LocatedError, QualityGateError, RenderError
from .files import ensure_writable, write_atomic
from .library import Library


@dataclass(frozen=True)
class BuildJob:
    """One document to make."""

    leaflet: Leaflet
    brand: Brand
    locale: str
    paper: str
    translation: Translation | None = None  # None: the source language

    @property
    def name(self) -> str:
        return f"{self.leaflet.id} ({self.locale}, {self.brand.id}, {self.paper})"

    def relative_path(self) -> Path:
        """Where the document goes, relative to the output folder."""
        return (Path(self.brand.id) / self.locale /
                f"{self.leaflet.id}-{self.leaflet.version}-{self.paper}.pdf")

    def draft_reasons(self, today: datetime.date) -> tuple[str, ...]:
        reasons = self.leaflet.draft_reasons(today)
        if self.translation:
            reasons += self.translation.draft_reasons()
        return reasons


@dataclass(frozen=True)
class BuildResult:
    job: BuildJob
    path: Path
    pages: int
    draft_reasons: tuple[str, ...]


def plan(library: Library, leaflet_ids: tuple[str, ...] = (), brands: tuple[str, ...] = (),
         papers: tuple[str, ...] = (), locales: tuple[str, ...] = ()) -> list[BuildJob]:
    """Return the jobs for the named leaflets, brands, papers and locales (settings by default)."""
    settings = library.settings
    for locale in locales:
        library.check_locale(locale)
    leaflets = library.leaflets(leaflet_ids)
    loaded_brands = [library.brand(brand_id) for brand_id in (brands or settings.brands)]
    translations = {}
    for leaflet in leaflets:
        pot = None
        for locale in locales or settings.locales:
            if locale != settings.source_locale:
                pot = pot or leaflet_template(library, leaflet)  # extracted once per leaflet
            translations[leaflet.id, locale] = load_translation(library, leaflet, locale, pot)
    return [BuildJob(leaflet, brand, locale, paper, translations[leaflet.id, locale])
            for leaflet in leaflets
            for locale in (locales or settings.locales)
            for brand in loaded_brands
            for paper in (papers or settings.papers)]


def refuse_drafts(jobs: Iterable[BuildJob], today: datetime.date) -> None:
    """Raise a quality-gate error listing every reason a job would be a draft."""
    reasons = []
    for job in jobs:
        for reason in job.draft_reasons(today):
            line = f"{job.leaflet.id} ({job.locale}) is a draft: {reason}"
            if line not in reasons:
                reasons.append(line)
    if reasons:
        raise QualityGateError(reasons + ["--release builds only reviewed, complete leaflets; "
                                          "build without --release to make drafts"])


def run(library: Library, jobs: list[BuildJob], out_dir: Path, today: datetime.date,
        on_done: Callable[[BuildResult], None] = lambda result: None) -> list[BuildResult]:
    """Render every job into ``out_dir``; call ``on_done`` after each."""
    # Import here: WeasyPrint is heavy and only a real build needs it.
    from .pdf import PdfWriter
    from .render import render_html

    ensure_writable(out_dir)
    writer = PdfWriter(library.readable_dirs)
    results = []
    for job in jobs:
        reasons = job.draft_reasons(today)
        document = render_html(library, job.leaflet, job.brand, locale=job.locale,
                               paper=job.paper, draft_reasons=reasons,
                               overdue=job.leaflet.overdue(today), translation=job.translation)
        _check_glyphs(job, document.text(), document.fonts)
        pdf = writer.write(document, _pdf_info(job, reasons), job.name)
        path = out_dir / job.relative_path()
        write_atomic(path, pdf.data)
        result = BuildResult(job, path, pdf.pages, reasons)
        results.append(result)
        on_done(result)
    return results


def _check_glyphs(job: BuildJob, text: str, families: tuple[str, ...]) -> None:
    """Refuse to print a character no installed font can draw (it would come out as a box)."""
    from . import fonts

    controls = fonts.control_characters(text)
    missing = fonts.missing_glyphs(text, families)
    if controls:
        char = controls[0]
        message = (f"the text of {job.name} holds the control character {fonts.describe(char)}, "
                   "which cannot be printed; remove it")
    elif missing:
        char = missing[0]
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        message = (f"no installed font has a glyph for {fonts.describe(char)}{more}, needed by "
                   f"{job.name}; install {fonts.install_hint(char)}, or change the text")
    else:
        return
    for path in _sources(job):
        line = _line_with(path, char)
        if line:
            raise LocatedError(path, message, line)
    raise RenderError(message)


def _sources(job: BuildJob) -> list[Path]:
    """Return the files the text of ``job`` comes from, the most specific first."""
    paths = []
    if job.translation:
        paths += [job.translation.path, job.translation.templates_path]
    paths += [job.leaflet.config_path, *(section.path for section in job.leaflet.sections)]
    return paths + [job.brand.folder / "brand.toml"]


def _line_with(path: Path, char: str) -> int | None:
    try:
        # Not splitlines(): it breaks at U+2028 too, the very character looked for.
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, start=1) if char in line), None)


def _pdf_info(job: BuildJob, reasons: tuple[str, ...]) -> dict[str, str]:
    """Return the document-control entries of a job's PDF metadata."""
    leaflet = job.leaflet
    info = {
        "LeafletId": leaflet.id,
        "LeafletVersion": leaflet.version,
        "Draft": "true" if reasons else "false",
    }
    if leaflet.code:
        info["LeafletCode"] = leaflet.code
    if leaflet.review:
        info["ReviewedOn"] = leaflet.review.reviewed_on.isoformat()
        info["ReviewedBy"] = leaflet.review.reviewed_by
        info["NextReview"] = leaflet.review.next_review.isoformat()
    translation = job.translation
    if translation:
        info["TranslationComplete"] = "false" if translation.missing else "true"
        info["TranslationReview"] = translation.review
        if translation.revised:
            info["TranslationRevised"] = translation.revised.isoformat()
    if reasons:
        info["DraftReasons"] = "; ".join(reasons)
    return info
