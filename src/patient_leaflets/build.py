"""Plan and run builds: which documents to make, and making them safely.

A build is a list of ``BuildJob``s (leaflet x brand x locale x paper x
variant, as PDF or HTML). Each job renders HTML, turns it into a PDF (or a
self-contained HTML file) and writes it atomically, so a failed or
interrupted build never leaves a half-written file where a good one was.
A print pack is several leaflets in one PDF, made as one document.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .brands import Brand
from .catalogs import Translation, leaflet_template, load_translation
from .content import Leaflet
from .errors import LocatedError, QualityGateError, RenderError, UsageError
from .files import ensure_writable, write_atomic
from .library import Library
from .render import Printed, Variant

MEDIA = ("pdf", "html")


@dataclass(frozen=True)
class BuildJob:
    """One document to make."""

    leaflet: Leaflet
    brand: Brand
    locale: str
    paper: str
    translation: Translation | None = None  # None: the source language
    variant: Variant = Variant()
    medium: str = "pdf"  # or "html"

    @property
    def name(self) -> str:
        details = [self.locale, self.brand.id,
                   "html" if self.medium == "html" else self.paper]
        if self.variant.suffix:
            details.append(self.variant.name)
        return f"{self.leaflet.id} ({', '.join(details)})"

    def relative_path(self) -> Path:
        """Where the document goes, relative to the output folder."""
        stem = f"{self.leaflet.id}-{self.leaflet.version}"
        if self.medium == "html":  # a screen has no paper size
            return Path(self.brand.id) / self.locale / f"{stem}{self.variant.suffix}.html"
        return Path(self.brand.id) / self.locale / f"{stem}-{self.paper}{self.variant.suffix}.pdf"

    def draft_reasons(self, today: datetime.date) -> tuple[str, ...]:
        return _draft_reasons(self.leaflet, self.translation, self.brand, self.locale, today)

    def printed(self, today: datetime.date) -> Printed:
        return Printed(self.leaflet, self.translation, self.draft_reasons(today),
                       self.leaflet.overdue(today))


def _draft_reasons(leaflet: Leaflet, translation: Translation | None, brand: Brand, locale: str,
                   today: datetime.date) -> tuple[str, ...]:
    """Return why a leaflet in ``locale`` under ``brand`` is not fit to publish as final."""
    reasons = leaflet.draft_reasons(today)
    if translation:
        reasons += translation.draft_reasons()
        if brand.disclaimer and locale not in brand.disclaimer:
            reasons += (f"the disclaimer of brand {brand.id!r} is not translated into {locale} "
                        f"(add {locale} = \"...\" under [disclaimer] in brands/{brand.id}/brand.toml)",)
    return reasons


@dataclass(frozen=True)
class BuildResult:
    job: BuildJob
    path: Path
    pages: int | None  # None: an HTML file
    draft_reasons: tuple[str, ...]


@dataclass(frozen=True)
class PackResult:
    path: Path
    pages: int
    starts: tuple[tuple[str, int], ...]  # (leaflet id, first page, counted from 1)
    draft_reasons: tuple[str, ...]


def plan(library: Library, leaflet_ids: tuple[str, ...] = (), brands: tuple[str, ...] = (),
         papers: tuple[str, ...] = (), locales: tuple[str, ...] = (), variant: Variant = Variant(),
         medium: str = "pdf") -> list[BuildJob]:
    """Return the jobs for the named leaflets, brands, papers and locales (settings by default)."""
    settings = library.settings
    for locale in locales:
        library.check_locale(locale)
    leaflets = library.leaflets(leaflet_ids)
    loaded_brands = _brands(library, brands or settings.brands, variant)
    locales = locales or settings.locales
    papers = papers or settings.papers
    if medium == "html":
        papers = papers[:1]  # a screen has no paper size; printing from a browser gets the first
    translations = _translations(library, leaflets, locales)
    return [BuildJob(leaflet, brand, locale, paper, translations[leaflet.id, locale], variant, medium)
            for leaflet in leaflets
            for locale in locales
            for brand in loaded_brands
            for paper in papers]


def _brands(library: Library, brand_ids: tuple[str, ...], variant: Variant) -> list[Brand]:
    brands = [library.brand(brand_id) for brand_id in brand_ids]
    if variant.print_ready:
        for brand in brands:
            brand.check_greyscale()
    return brands


def _translations(library: Library, leaflets: list[Leaflet], locales: tuple[str, ...]) -> dict:
    """Return the translation of each leaflet into each locale (None for the source language)."""
    translations = {}
    for leaflet in leaflets:
        pot = None
        for locale in locales:
            if locale != library.settings.source_locale:
                pot = pot or leaflet_template(library, leaflet)  # extracted once per leaflet
            translations[leaflet.id, locale] = load_translation(library, leaflet, locale, pot)
    return translations


def refuse_drafts(jobs: Iterable[BuildJob], today: datetime.date) -> None:
    """Raise a quality-gate error listing every reason a job would be a draft."""
    refuse_drafts_of([(f"{job.leaflet.id} ({job.locale})", job.draft_reasons(today)) for job in jobs])


def refuse_drafts_of(drafts: Iterable[tuple[str, tuple[str, ...]]]) -> None:
    """Raise a quality-gate error listing every reason a document would be a draft."""
    reasons = []
    for what, document_reasons in drafts:
        for reason in document_reasons:
            line = f"{what} is a draft: {reason}"
            if line not in reasons:
                reasons.append(line)
    if reasons:
        raise QualityGateError(reasons + ["--release builds only reviewed, complete leaflets; "
                                          "build without --release to make drafts"])


def run(library: Library, jobs: list[BuildJob], out_dir: Path, today: datetime.date,
        on_done: Callable[[BuildResult], None] = lambda result: None) -> list[BuildResult]:
    """Render every job into ``out_dir``; call ``on_done`` after each."""
    # Import here: WeasyPrint is heavy and only a real build needs it.
    from .embed import self_contained
    from .pdf import PdfWriter
    from .render import render_documents

    ensure_writable(out_dir)
    writer = PdfWriter(library.readable_dirs)
    results = []
    for job in jobs:
        printed = job.printed(today)
        document = render_documents(library, [printed], job.brand, locale=job.locale,
                                    paper=job.paper, variant=job.variant, medium=job.medium)
        path = out_dir / job.relative_path()
        if job.medium == "html":
            page = self_contained(document.html, library.readable_dirs, job.name)
            write_atomic(path, page.encode("utf-8"))
            pages = None
        else:
            _check_glyphs(job.name, [printed], job.brand, document.text(), document.fonts)
            pdf = writer.write(document, _pdf_info(job, printed.draft_reasons), job.name)
            write_atomic(path, pdf.data)
            pages = pdf.pages
        result = BuildResult(job, path, pages, printed.draft_reasons)
        results.append(result)
        on_done(result)
    return results


def pack(library: Library, leaflet_ids: tuple[str, ...], brand_id: str, locale: str, paper: str,
         variant: Variant, out: Path, today: datetime.date, release: bool = False) -> PackResult:
    """Print several leaflets into one PDF at ``out``, each starting on a right-hand page.

    It is one document, not PDFs stuck together: fonts are embedded once and
    the metadata describes the whole pack. Each leaflet keeps its own footer
    stamp and its own "Page N of M".
    """
    from .pdf import PdfWriter
    from .render import render_documents

    library.check_locale(locale)
    if len(set(leaflet_ids)) != len(leaflet_ids):
        twice = next(i for i in leaflet_ids if leaflet_ids.count(i) > 1)
        raise UsageError(f"leaflet {twice!r} is named twice; a pack holds each leaflet once")
    leaflets = library.leaflets(leaflet_ids)
    brand = _brands(library, (brand_id,), variant)[0]
    translations = _translations(library, leaflets, (locale,))
    printed = []
    for leaflet in leaflets:
        translation = translations[leaflet.id, locale]
        printed.append(Printed(leaflet, translation,
                               _draft_reasons(leaflet, translation, brand, locale, today),
                               leaflet.overdue(today)))
    if release:
        refuse_drafts_of([(f"{item.leaflet.id} ({locale})", item.draft_reasons) for item in printed])
    what = f"pack of {', '.join(leaflet_ids)} ({locale}, {brand.id}, {paper})"
    document = render_documents(library, printed, brand, locale=locale, paper=paper,
                                variant=variant)
    _check_glyphs(what, printed, brand, document.text(), document.fonts)
    reasons = tuple(f"{item.leaflet.id}: {reason}" for item in printed for reason in item.draft_reasons)
    info = {
        "PackLeaflets": ", ".join(f"{item.leaflet.id} {item.leaflet.version}" for item in printed),
        "Draft": "true" if reasons else "false",
    }
    if reasons:
        info["DraftReasons"] = "; ".join(reasons)
    ensure_writable(out.parent)
    pdf = PdfWriter(library.readable_dirs).write(document, info, what)
    write_atomic(out, pdf.data)
    starts = tuple((item.leaflet.id, pdf.anchors[f"leaflet-{item.leaflet.id}"] + 1) for item in printed)
    return PackResult(out, pdf.pages, starts, reasons)


def _check_glyphs(what: str, printed: list[Printed], brand: Brand, text: str,
                  families: tuple[str, ...]) -> None:
    """Refuse to print a character no installed font can draw (it would come out as a box)."""
    from . import fonts

    controls = fonts.control_characters(text)
    missing = fonts.missing_glyphs(text, families)
    if controls:
        char = controls[0]
        message = (f"the text of {what} holds the control character {fonts.describe(char)}, "
                   "which cannot be printed; remove it")
    elif missing:
        char = missing[0]
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        message = (f"no installed font has a glyph for {fonts.describe(char)}{more}, needed by "
                   f"{what}; install {fonts.install_hint(char)}, or change the text")
    else:
        return
    for path in _sources(printed, brand):
        line = _line_with(path, char)
        if line:
            raise LocatedError(path, message, line)
    raise RenderError(message)


def _sources(printed: list[Printed], brand: Brand) -> list[Path]:
    """Return the files the text of a document comes from, the most specific first."""
    paths = []
    for item in printed:
        if item.translation:
            paths += [item.translation.path, item.translation.templates_path]
        paths += [item.leaflet.config_path, *(section.path for section in item.leaflet.sections)]
    return paths + [brand.folder / "brand.toml"]


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
        "LeafletVariant": job.variant.name,
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
