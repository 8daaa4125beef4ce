"""The plan of a build: which documents to make (leaflets x locales x brands x papers x variants)."""

from __future__ import annotations

from ..library import Library
from ..variants import Variant
from .jobs import Job
from .maker import Maker


def plan(library: Library, maker: Maker, leaflet_ids: tuple[str, ...] = (),
         brands: tuple[str, ...] = (), papers: tuple[str, ...] = (),
         locales: tuple[str, ...] = (), variants: tuple[Variant, ...] = (),
         medium: str = "pdf") -> list[Job]:
    """Return the jobs of the matrix: leaflets x locales x brands x papers x variants.

    Each empty argument takes the library's default: every leaflet; the
    locales of ``leaflets.toml`` (else every locale the leaflet has); the
    brands, papers and variants of ``leaflets.toml``. Leaflets (their
    leaflet.toml) and brands are loaded into ``maker``, which keeps them, so a
    bad leaflet.toml or brand stops the plan; the sections of a leaflet are
    read when one of its jobs is to be made (``matrix.prepare``).
    """
    settings = library.settings
    for locale in locales:
        library.check_locale(locale)
    known = library.leaflet_ids()  # listed once, not once a leaflet
    leaflets = [maker.outline(leaflet_id, known) for leaflet_id in (leaflet_ids or known)]
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
