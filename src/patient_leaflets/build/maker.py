"""Make jobs one at a time, safely: each output written whole, each failure a typed value.

A ``Maker`` renders jobs into the output folder, each file written
atomically, so a failed or interrupted build never leaves a half-written
file where a good one was. Whatever goes wrong in one job, a mistake in the
inputs or a bug, becomes that job's ``Failure``, the same way in this
process or in a worker process; the other jobs go on.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from ..brands import Brand
from ..content import Leaflet, Outline, load_sections
from ..errors import LeafletError, UsageError
from ..files import write_atomic
from ..i18n.translation import Translation
from ..library import Library
from ..render.document import Printed
from .drafts import draft_reasons
from .jobs import Job
from .manifest import TranslationRecord

if TYPE_CHECKING:
    from ..i18n.pofile import PoCatalog
    from ..render.pdf import PdfWriter


# Held while a finished file is written and recorded: a worker told to stop (its parent
# is gone) waits for it, so it never stops between the two.
COMMITTING = threading.Lock()

# What to do once a job's file is written, before the lock above is let go.
AfterWrite = Callable[["Outcome"], None]

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class Failure:
    """Why a job failed, as its user is told: lines naming the job, and an exit code. Picklable."""

    message: str  # one line or more, each worth an "error: " of its own
    exit_code: int
    details: str | None = None  # an internal error's traceback, for -v and bug reports
    lost: bool = False  # its worker's answer never came: the build's journal knows if it was made

    @classmethod
    def of(cls, job: Job, error: LeafletError) -> Failure:
        """Return the failure of ``job`` for an error in its inputs."""
        return cls(named(job, str(error)), error.exit_code)

    @classmethod
    def internal(cls, job: Job, error: Exception) -> Failure:
        """Return the failure of ``job`` for a bug: said in one line, with the traceback kept."""
        return cls(f"{job.name}: internal error: {type(error).__name__}: {error}", 1,
                   "".join(traceback.format_exception(error)))


def named(job: Job, message: str) -> str:
    """Return ``message`` naming ``job``: as it is when it names the job already."""
    return message if job.name in message else f"{job.name}: {message}"


@dataclass(frozen=True)
class Outcome:
    """What making one job gave: the file and its standing, or the failure. Picklable."""

    job: Job
    pages: int | None = None  # None: an HTML file, or a failure
    bytes: int = 0
    sha256: str = ""
    draft_reasons: tuple[str, ...] = ()
    translation: TranslationRecord | None = None  # None: the source language
    failure: Failure | None = None

    @property
    def failed(self) -> bool:
        return self.failure is not None


@dataclass
class Maker:
    """Make jobs one after the other, in one process, reusing everything it can.

    One font configuration and one image cache serve every document (a new
    FontConfiguration per document grows memory without bound); leaflet.toml
    files and brands are loaded once; a leaflet's sections, translations and
    template once while it is among the ``RECENT_LEAFLETS`` last made.
    """

    library: Library
    today: datetime.date
    _outlines: dict[str, Outline] = field(default_factory=dict)
    # The recent leaflets only (a plan goes leaflet by leaflet): a library of hundreds
    # of leaflets in ten languages is made in the memory of a few.
    _leaflets: Recent[str, Leaflet] = field(default_factory=lambda: Recent(RECENT_LEAFLETS))
    _brands: dict[str, Brand] = field(default_factory=dict)
    _translations: Recent[tuple[str, str], Translation | None] = field(
        default_factory=lambda: Recent(RECENT_LEAFLETS * 8))
    _templates: Recent[str, PoCatalog] = field(default_factory=lambda: Recent(RECENT_LEAFLETS))
    _writer: PdfWriter | None = None

    def outline(self, leaflet_id: str, known: list[str] | None = None) -> Outline:
        """Return the leaflet.toml of ``leaflet_id`` (``known``: the library's ids, if listed)."""
        if leaflet_id not in self._outlines:
            self._outlines[leaflet_id] = self.library.outline(leaflet_id, known)
        return self._outlines[leaflet_id]

    def leaflet(self, leaflet_id: str) -> Leaflet:
        """Return the whole leaflet ``leaflet_id``, its sections read and checked."""
        return self._leaflets.get(leaflet_id, lambda: load_sections(self.outline(leaflet_id)))

    def brand(self, brand_id: str) -> Brand:
        if brand_id not in self._brands:
            self._brands[brand_id] = self.library.brand(brand_id)
        return self._brands[brand_id]

    def translation(self, leaflet: Leaflet, locale: str) -> Translation | None:
        """Return the translation of ``leaflet`` into ``locale`` (None for the source language)."""
        from ..i18n.extract import leaflet_template
        from ..i18n.load import load_translation

        def load() -> Translation | None:
            if locale == self.library.settings.source_locale:
                return None
            # Extracted once per leaflet, not once per locale.
            pot = self._templates.get(leaflet.id, lambda: leaflet_template(self.library, leaflet))
            return load_translation(self.library, leaflet, locale, pot)

        return self._translations.get((leaflet.id, locale), load)

    def printed(self, job: Job) -> Printed:
        """Return the leaflet of ``job`` in its language and state."""
        leaflet = self.leaflet(job.leaflet)
        translation = self.translation(leaflet, job.locale)
        reasons = draft_reasons(leaflet, translation, self.brand(job.brand), job.locale,
                                self.library.settings.source_locale, self.today)
        return Printed(leaflet, translation, reasons, leaflet.overdue(self.today))

    def make(self, job: Job, out_dir: Path, after_write: AfterWrite | None = None) -> Outcome:
        """Make ``job`` into ``out_dir``; whatever fails becomes a failed outcome.

        ``after_write`` is called with the outcome as soon as the file is in
        place, in the same step (the build's journal records it there).
        """
        try:
            return self._make(job, out_dir, after_write)
        except LeafletError as exc:
            return Outcome(job, failure=Failure.of(job, exc))
        except Exception as exc:  # a bug, not the user's input: reported with its job
            return Outcome(job, failure=Failure.internal(job, exc))

    def rendered(self, job: Job) -> tuple[bytes, int | None, Printed]:
        """Return the file ``job`` makes (and its pages: None for HTML), nothing written."""
        # Import here: WeasyPrint is heavy and only a real build needs it.
        from ..render.embed import self_contained
        from ..render.glyphs import check_glyphs
        from ..render.html import render_documents
        from ..render.metadata import document_info

        brand = self.brand(job.brand)
        printed = self.printed(job)
        if printed.leaflet.version != job.version:
            raise UsageError(f"{job.name}: the leaflet is now version {printed.leaflet.version}, "
                             f"not {job.version}; plan the build again")
        document = render_documents(self.library, [printed], brand, locale=job.locale,
                                    paper=job.paper, variant=job.variant, medium=job.medium)
        if job.medium == "html":
            check_glyphs(job.name, [printed], brand, document.text(), ())  # a screen's fonts vary
            return self_contained(document.html, self.library.readable_dirs, job.name).encode(), \
                None, printed
        check_glyphs(job.name, [printed], brand, document.text(), document.fonts)
        pdf = self.writer().write(document, document_info(printed, job.variant), job.name)
        return pdf.data, pdf.pages, printed

    def _make(self, job: Job, out_dir: Path, after_write: AfterWrite | None) -> Outcome:
        data, pages, printed = self.rendered(job)
        outcome = Outcome(job, pages, len(data), hashlib.sha256(data).hexdigest(),
                          printed.draft_reasons, translation_record(printed.translation))
        with COMMITTING:
            write_atomic(out_dir / job.path, data)
            if after_write is not None:
                after_write(outcome)
        return outcome

    def writer(self) -> PdfWriter:
        """Return this maker's PDF writer, made on first use (it imports WeasyPrint)."""
        if self._writer is None:
            from ..render.pdf import PdfWriter

            self._writer = PdfWriter(self.library.readable_dirs)
        return self._writer


RECENT_LEAFLETS = 16  # how many leaflets a Maker keeps loaded, with their translations


class Recent(Generic[K, V]):
    """The ``limit`` values last asked for, each loaded on first ask."""

    def __init__(self, limit: int):
        self.limit = limit
        self._values: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, load: Callable[[], V]) -> V:
        """Return the value of ``key``, loading it with ``load`` unless it is kept."""
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = self._values[key] = load()
        if len(self._values) > self.limit:
            self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


def translation_record(translation: Translation | None) -> TranslationRecord | None:
    """Return what the manifest records of a translation."""
    if translation is None:
        return None
    return {"complete": not translation.missing, "review": translation.review,
            "revised": translation.revised.isoformat() if translation.revised else None}
