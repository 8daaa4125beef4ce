"""Print packs: several leaflets in one PDF, for a morning's printing.

A pack is one document, not PDFs stuck together: fonts are embedded once
and the metadata describes the whole pack. Each leaflet starts on a
right-hand page and keeps its own footer stamp and "Page N of M".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..files import ensure_writable, write_atomic
from ..library import Library
from ..variants import Variant
from .drafts import refuse_drafts
from .jobs import Job
from .maker import Maker


@dataclass(frozen=True)
class PackRequest:
    """What ``leaflets pack`` asks for; None takes the library's default."""

    leaflet_ids: tuple[str, ...]
    out: Path
    today: datetime.date
    brand: str | None = None  # the first of 'brands' in leaflets.toml
    locale: str | None = None  # the source language
    paper: str | None = None  # the first of 'papers' in leaflets.toml
    variant: Variant = Variant()
    release: bool = False  # refuse drafts


@dataclass(frozen=True)
class PackResult:
    path: Path
    pages: int
    starts: tuple[tuple[str, int], ...]  # (leaflet id, first page, counted from 1)
    draft_reasons: tuple[str, ...]


def pack(library: Library, request: PackRequest) -> PackResult:
    """Print the leaflets of ``request`` into one PDF, each starting on a right-hand page."""
    from ..render.glyphs import check_glyphs
    from ..render.html import render_documents
    from ..render.metadata import pack_info

    settings = library.settings
    leaflet_ids, variant = request.leaflet_ids, request.variant
    locale = request.locale or settings.source_locale
    paper = request.paper or settings.papers[0]
    library.check_locale(locale)
    if len(set(leaflet_ids)) != len(leaflet_ids):
        twice = next(i for i in leaflet_ids if leaflet_ids.count(i) > 1)
        raise UsageError(f"leaflet {twice!r} is named twice; a pack holds each leaflet once")
    maker = Maker(library, request.today)
    brand = maker.brand(request.brand or settings.brands[0])
    if variant.print_ready:
        brand.check_greyscale()
    printed = [maker.printed(Job(leaflet_id, maker.leaflet(leaflet_id).version, locale, brand.id,
                                 paper, variant)) for leaflet_id in leaflet_ids]
    if request.release:
        refuse_drafts((f"{item.leaflet.id} ({locale})", item.draft_reasons) for item in printed)
    what = f"pack of {', '.join(leaflet_ids)} ({locale}, {brand.id}, {paper})"
    document = render_documents(library, printed, brand, locale=locale, paper=paper,
                                variant=variant)
    check_glyphs(what, printed, brand, document.text(), document.fonts)
    reasons = tuple(f"{item.leaflet.id}: {reason}" for item in printed for reason in item.draft_reasons)
    hint = "choose another file with -o FILE"
    out = request.out
    ensure_writable(out.parent, hint)
    pdf = maker.writer().write(document, pack_info(printed, variant, reasons), what)
    write_atomic(out, pdf.data, hint)
    starts = tuple((item.leaflet.id, pdf.anchors[f"leaflet-{item.leaflet.id}"] + 1) for item in printed)
    return PackResult(out, pdf.pages, starts, reasons)
