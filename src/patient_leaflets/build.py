"""Plan and make builds: which documents to make, and making each one safely.

A build is a list of ``Job``s: leaflet x locale x brand x paper x variant, as
PDF or HTML. A ``Maker`` renders jobs one at a time into the output folder,
each written atomically, so a failed or interrupted build never leaves a
half-written file where a good one was. ``matrix.py`` runs many jobs: in
worker processes, skipping what has not changed, with a manifest.
A print pack is several leaflets in one PDF, made as one document.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .brands import Brand
from .content import Leaflet
from .errors import LeafletError, LocatedError, QualityGateError, RenderError, UsageError
from .files import ensure_writable, write_atomic
from .jobs import Job, Printed, Variant
from .library import Library

if TYPE_CHECKING:
    from .catalogs import Translation


@dataclass(frozen=True)
class Outcome:
    """What making one job gave: the file and its standing, or the error. Picklable."""

    job: Job
    pages: int | None = None  # None: an HTML file, or a failure
    bytes: int = 0
    sha256: str = ""
    draft_reasons: tuple[str, ...] = ()
    translation: dict | None = None  # complete, review, revised; None: the source language
    error: str | None = None
    exit_code: int = 0

    @property
    def failed(self) -> bool:
        return self.error is not None


@dataclass(frozen=True)
class PackResult:
    path: Path
    pages: int
    starts: tuple[tuple[str, int], ...]  # (leaflet id, first page, counted from 1)
    draft_reasons: tuple[str, ...]


def plan(library: Library, leaflet_ids: tuple[str, ...] = (), brands: tuple[str, ...] = (),
         papers: tuple[str, ...] = (), locales: tuple[str, ...] = (),
         variants: tuple[Variant, ...] = (), medium: str = "pdf",
         maker: "Maker | None" = None) -> list[Job]:
    """Return the jobs of the matrix: leaflets x locales x brands x papers x variants.

    Each empty argument takes the library's default: every leaflet; the
    locales of ``leaflets.toml`` (else the source language and every locale
    with a catalog for the leaflet); the brands, papers and variants of
    ``leaflets.toml``. Leaflets and brands are loaded (into ``maker``, which
    keeps them), so a bad leaflet or brand stops the plan.
    """
    settings = library.settings
    maker = maker or Maker(library, datetime.date.today())
    for locale in locales:
        library.check_locale(locale)
    leaflets = [maker.leaflet(leaflet_id) for leaflet_id in (leaflet_ids or library.leaflet_ids())]
    variants = variants or settings.variants
    loaded = [maker.brand(brand_id) for brand_id in brands or settings.brands]
    if any(variant.print_ready for variant in variants):
        for brand in loaded:
            brand.check_greyscale()
    papers = papers or settings.papers
    if medium == "html":
        papers = papers[:1]  # a screen has no paper size; printing from a browser gets the first
        variants = tuple(dict.fromkeys(Variant(v.large_print) for v in variants))
    return [Job(leaflet.id, leaflet.version, locale, brand.id, paper, variant, medium)
            for leaflet in leaflets
            for locale in (locales or library.locales_for(leaflet.id))
            for brand in loaded
            for paper in papers
            for variant in variants]


def draft_reasons(leaflet: Leaflet, translation: "Translation | None", brand: Brand, locale: str,
                  source_locale: str, today: datetime.date) -> tuple[str, ...]:
    """Return why a leaflet in ``locale`` under ``brand`` is not fit to publish as final."""
    reasons = leaflet.draft_reasons(today)
    if translation:
        reasons += translation.draft_reasons()
    if brand.disclaimer_in(locale, source_locale)[1] != locale:
        reasons += (f"the disclaimer of brand {brand.id!r} has no {locale} text (add {locale} = "
                    f"\"...\" under [disclaimer] in brands/{brand.id}/brand.toml)",)
    return reasons


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


@dataclass
class Maker:
    """Make jobs one after the other, in one process, reusing everything it can.

    One font configuration and one image cache serve every document (a new
    FontConfiguration per document grows memory without bound); leaflets,
    brands, translations and templates are loaded once.
    """

    library: Library
    today: datetime.date
    _leaflets: dict = field(default_factory=dict)
    _brands: dict = field(default_factory=dict)
    _translations: dict = field(default_factory=dict)
    _templates: dict = field(default_factory=dict)
    _writer: object = None

    def leaflet(self, leaflet_id: str) -> Leaflet:
        if leaflet_id not in self._leaflets:
            self._leaflets[leaflet_id] = self.library.leaflet(leaflet_id)
        return self._leaflets[leaflet_id]

    def brand(self, brand_id: str) -> Brand:
        if brand_id not in self._brands:
            self._brands[brand_id] = self.library.brand(brand_id)
        return self._brands[brand_id]

    def translation(self, leaflet: Leaflet, locale: str) -> "Translation | None":
        """Return the translation of ``leaflet`` into ``locale`` (None for the source language)."""
        from .catalogs import leaflet_template, load_translation

        key = leaflet.id, locale
        if key not in self._translations:
            pot = None
            if locale != self.library.settings.source_locale:
                if leaflet.id not in self._templates:  # extracted once per leaflet
                    self._templates[leaflet.id] = leaflet_template(self.library, leaflet)
                pot = self._templates[leaflet.id]
            self._translations[key] = load_translation(self.library, leaflet, locale, pot)
        return self._translations[key]

    def printed(self, job: Job) -> Printed:
        """Return the leaflet of ``job`` in its language and state."""
        leaflet = self.leaflet(job.leaflet)
        translation = self.translation(leaflet, job.locale)
        reasons = draft_reasons(leaflet, translation, self.brand(job.brand), job.locale,
                                self.library.settings.source_locale, self.today)
        return Printed(leaflet, translation, reasons, leaflet.overdue(self.today))

    def make(self, job: Job, out_dir: Path) -> Outcome:
        """Make ``job`` into ``out_dir``; an error in the inputs becomes a failed outcome."""
        try:
            return self._make(job, out_dir)
        except LeafletError as exc:
            return Outcome(job, error=str(exc), exit_code=exc.exit_code)

    def _make(self, job: Job, out_dir: Path) -> Outcome:
        # Import here: WeasyPrint is heavy and only a real build needs it.
        from .embed import self_contained
        from .render import render_documents

        brand = self.brand(job.brand)
        printed = self.printed(job)
        if printed.leaflet.version != job.version:
            raise UsageError(f"{job.name}: the leaflet is now version {printed.leaflet.version}, "
                             f"not {job.version}; plan the build again")
        document = render_documents(self.library, [printed], brand, locale=job.locale,
                                    paper=job.paper, variant=job.variant, medium=job.medium)
        if job.medium == "html":
            check_glyphs(job.name, [printed], brand, document.text(), ())  # a screen's fonts vary
            data = self_contained(document.html, self.library.readable_dirs, job.name).encode()
            pages = None
        else:
            check_glyphs(job.name, [printed], brand, document.text(), document.fonts)
            pdf = self.writer().write(document, pdf_info(job, printed), job.name)
            data, pages = pdf.data, pdf.pages
        write_atomic(out_dir / job.path, data)
        return Outcome(job, pages, len(data), hashlib.sha256(data).hexdigest(),
                       printed.draft_reasons, _translation_record(printed.translation))

    def writer(self):
        if self._writer is None:
            from .pdf import PdfWriter

            self._writer = PdfWriter(self.library.readable_dirs)
        return self._writer


def _translation_record(translation: "Translation | None") -> dict | None:
    if translation is None:
        return None
    return {"complete": not translation.missing, "review": translation.review,
            "revised": translation.revised.isoformat() if translation.revised else None}


def pack(library: Library, leaflet_ids: tuple[str, ...], brand_id: str, locale: str, paper: str,
         variant: Variant, out: Path, today: datetime.date, release: bool = False) -> PackResult:
    """Print several leaflets into one PDF at ``out``, each starting on a right-hand page.

    It is one document, not PDFs stuck together: fonts are embedded once and
    the metadata describes the whole pack. Each leaflet keeps its own footer
    stamp and its own "Page N of M".
    """
    from .render import render_documents

    library.check_locale(locale)
    if len(set(leaflet_ids)) != len(leaflet_ids):
        twice = next(i for i in leaflet_ids if leaflet_ids.count(i) > 1)
        raise UsageError(f"leaflet {twice!r} is named twice; a pack holds each leaflet once")
    maker = Maker(library, today)
    brand = maker.brand(brand_id)
    if variant.print_ready:
        brand.check_greyscale()
    printed = [maker.printed(Job(leaflet_id, maker.leaflet(leaflet_id).version, locale, brand.id,
                                 paper, variant)) for leaflet_id in leaflet_ids]
    if release:
        refuse_drafts_of([(f"{item.leaflet.id} ({locale})", item.draft_reasons) for item in printed])
    what = f"pack of {', '.join(leaflet_ids)} ({locale}, {brand.id}, {paper})"
    document = render_documents(library, printed, brand, locale=locale, paper=paper,
                                variant=variant)
    check_glyphs(what, printed, brand, document.text(), document.fonts)
    reasons = tuple(f"{item.leaflet.id}: {reason}" for item in printed for reason in item.draft_reasons)
    info = {
        "PackLeaflets": ", ".join(f"{item.leaflet.id} {item.leaflet.version}" for item in printed),
        "PackReviews": "; ".join(_review_note(item) for item in printed),
        "LeafletVariant": variant.name,
        "Draft": "true" if reasons else "false",
    }
    if reasons:
        info["DraftReasons"] = "; ".join(reasons)
    hint = "choose another file with -o FILE"
    ensure_writable(out.parent, hint)
    pdf = maker.writer().write(document, info, what)
    write_atomic(out, pdf.data, hint)
    starts = tuple((item.leaflet.id, pdf.anchors[f"leaflet-{item.leaflet.id}"] + 1) for item in printed)
    return PackResult(out, pdf.pages, starts, reasons)


def _review_note(item: Printed) -> str:
    """Return the review state of one leaflet of a pack, for its metadata."""
    review, translation = item.leaflet.review, item.translation
    note = (f"reviewed {review.reviewed_on} by {review.reviewed_by}, next review {review.next_review}"
            if review else "not clinically reviewed")
    if translation:
        note += f", translation {translation.review}"
    return f"{item.leaflet.id} {item.leaflet.version}: {note}"


def check_glyphs(what: str, printed: list[Printed], brand: Brand, text: str,
                  families: tuple[str, ...]) -> None:
    """Refuse to print a character no installed font can draw (it would come out as a box)."""
    from . import fonts

    controls = fonts.control_characters(text)
    missing = fonts.missing_glyphs(text, families) if families else []
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


def pdf_info(job: Job, printed: Printed) -> dict[str, str]:
    """Return the document-control entries of a job's PDF metadata."""
    leaflet, reasons = printed.leaflet, printed.draft_reasons
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
    translation = printed.translation
    if translation:
        info["TranslationComplete"] = "false" if translation.missing else "true"
        info["TranslationReview"] = translation.review
        if translation.revised:
            info["TranslationRevised"] = translation.revised.isoformat()
    if reasons:
        info["DraftReasons"] = "; ".join(reasons)
    return info
