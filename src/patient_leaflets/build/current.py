"""The current output of one document, as the front desk and ``leaflets print`` ask for it.

A document is current when the manifest records it with the fingerprint its
inputs have now and its file is whole: then it is handed out as it is, with
nothing rendered. Otherwise it is built, through ``run_build`` (the engine
of ``leaflets build``) for that one job, and then read from the manifest.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LeafletError, OutputError, RenderError, UsageError
from ..library import Library
from ..variants import PAPERS, Variant
from . import manifest as manifests
from .jobs import Job
from .maker import Maker
from .manifest import Record
from .run import NO_PROGRESS, BuildProgress, BuildRequest, run_build

if TYPE_CHECKING:
    from ..render.pdf import PdfWriter


@dataclass(frozen=True)
class Document:
    """One document a clinic hands out: a leaflet in a language, under a brand, on paper."""

    leaflet: str
    locale: str
    brand: str
    paper: str
    variant: Variant = Variant()

    def request(self, today: datetime.date, out: Path | None = None, *,
                dry_run: bool = False) -> BuildRequest:
        """Return the build of this one document."""
        return BuildRequest(today=today, leaflet_ids=(self.leaflet,), locales=(self.locale,),
                            brands=(self.brand,), papers=(self.paper,),
                            large_print=self.variant.large_print,
                            print_ready=self.variant.print_ready, out=out, workers=1,
                            dry_run=dry_run)


@dataclass(frozen=True)
class Current:
    """Where the current file of a document is, and what the manifest says of it."""

    record: Record
    path: Path  # the file, inside the output folder
    built: bool  # made just now (it was missing or stale)

    @property
    def out_dir(self) -> Path:
        return self.path.parents[len(Path(self.record.path).parts) - 1]


def default_document(library: Library, leaflet_id: str, locale: str | None = None,
                     brand: str | None = None, paper: str | None = None,
                     large_print: bool = False) -> Document:
    """Return the document asked for, the library's first brand and paper where none is named.

    Every value is checked against what the library has, so that only names
    it knows reach the file system.
    """
    settings = library.settings
    if leaflet_id not in library.leaflet_ids():
        raise UsageError(f"no leaflet {leaflet_id!r} in {library.leaflets_dir}; see 'leaflets list'")
    locale = locale or settings.source_locale
    if locale not in library.locales_of(leaflet_id):
        raise UsageError(f"leaflet {leaflet_id!r} has no {locale!r} version; choose one of: "
                         f"{', '.join(library.locales_of(leaflet_id))}")
    brand = brand or settings.brands[0]
    if brand not in brand_ids(library):
        raise UsageError(f"no brand {brand!r}; choose one of: {', '.join(brand_ids(library))}")
    paper = paper or settings.papers[0]
    if paper not in PAPERS:
        raise UsageError(f"no paper {paper!r}; choose one of: {', '.join(PAPERS)}")
    return Document(leaflet_id, locale, brand, paper, Variant(large_print=large_print))


def brand_ids(library: Library) -> list[str]:
    """Return the brands a document may be asked in: the library's settings first, then the rest."""
    found = sorted(p.name for p in library.brands_dir.iterdir()
                   if (p / "brand.toml").is_file()) if library.brands_dir.is_dir() else []
    return list(dict.fromkeys([*library.settings.brands, *found]))


def job_of(library: Library, document: Document, maker: Maker | None = None) -> Job:
    """Return the job that makes ``document`` at the leaflet's version today."""
    leaflet = maker.leaflet(document.leaflet) if maker else library.leaflet(document.leaflet)
    version = leaflet.version
    return Job(document.leaflet, version, document.locale, document.brand, document.paper,
               document.variant)


def recorded(library: Library, document: Document, today: datetime.date,
             out: Path | None = None, maker: Maker | None = None) -> Current | None:
    """Return the current output of ``document`` when it is current; None when it must be built."""
    result = run_build(library, document.request(today, out, dry_run=True), maker=maker)
    (step,) = result.prepared.steps
    if step.build:
        return None
    record = result.prepared.previous.records[step.job.path]
    return Current(record, result.out_dir / record.path, built=False)


def ensure_current(library: Library, document: Document, today: datetime.date,
                   out: Path | None = None, progress: BuildProgress = NO_PROGRESS) -> Current:
    """Return the current output of ``document``, building it first when it is missing or stale.

    The build is made in this process by a warm PDF writer, one per library
    folder and process: its fonts are loaded once, not on every document.
    The library's files are read once per call, by one maker.
    """
    with _writer_held():  # one build at a time in this process (they would queue for the folder)
        # One maker for the whole request: the leaflet and its catalogs are read once.
        maker = Maker(library, today)
        found = recorded(library, document, today, out, maker)
        if found is not None:
            return found
        maker = replace(maker, _writer=warm_writer(library))
        result = run_build(library, document.request(today, out), progress, maker=maker)
    assert result.summary is not None
    for outcome in result.summary.failed:
        assert outcome.failure is not None
        raise RenderError(outcome.failure.message)
    path = job_of(library, document, maker).path
    record = manifests.read(result.summary.manifest_path).records.get(path)
    if record is None:
        raise OutputError(result.summary.manifest_path, f"the build did not record {path}; "
                                                        "build it again with 'leaflets build'")
    return Current(record, result.out_dir / record.path, built=True)


def warm_up(library: Library, today: datetime.date) -> int:
    """Ready this process's PDF writer for ``library``'s first request in each language and brand.

    The first document in a language, or under a brand, loads fonts, hyphenation
    patterns and font tables for the glyph check: a few hundred milliseconds more
    than the next (measured: up to 450 ms for Chinese). A long-lived process (the
    front desk) calls this once at start, in a thread of its own: the library's
    first leaflet is rendered in memory in each of its languages under each
    brand, on the first paper; nothing is written. One document at a time holds
    the writer, and a request waiting for it goes first: it waits for one
    document at most. A document that fails is passed over: its request will
    say why. Returns how many were made.
    """
    from .plan import plan

    maker = Maker(library, today)
    try:
        leaflet_ids = library.leaflet_ids()[:1]
        jobs = plan(library, maker, leaflet_ids=tuple(leaflet_ids),
                    papers=library.settings.papers[:1], variants=(Variant(),))
    except LeafletError:
        return 0
    made = 0
    for job in jobs:
        while _waiting[0]:  # a request goes first: the warm-up only takes a free writer
            time.sleep(0.02)
        with _WARM:
            maker = replace(maker, _writer=warm_writer(library))
            try:
                maker.rendered(job)
            except LeafletError:
                continue
            made += 1
    return made


_WRITERS: dict[tuple[Path, ...], PdfWriter] = {}
_WARM = threading.Lock()
_waiting = [0]  # requests waiting for _WARM (a lock lets no one in first: the warm-up would)
_COUNTING = threading.Lock()


@contextmanager
def _writer_held() -> Iterator[None]:
    """Hold ``_WARM`` for a request, counted while it waits so that the warm-up lets it in."""
    with _COUNTING:
        _waiting[0] += 1
    try:
        _WARM.acquire()
    finally:
        with _COUNTING:
            _waiting[0] -= 1
    try:
        yield
    finally:
        _WARM.release()


def warm_writer(library: Library) -> PdfWriter:
    """Return this process's PDF writer for ``library``, an image read again when its file changed.

    Call it holding ``_WARM``: a writer serves one build at a time.
    """
    from ..render.pdf import PdfWriter

    roots = tuple(library.readable_dirs)
    if roots not in _WRITERS:
        _WRITERS[roots] = PdfWriter(roots)
    writer = _WRITERS[roots]
    writer.forget_changed_images()  # a logo changed since the last build is drawn as it is now
    return writer
