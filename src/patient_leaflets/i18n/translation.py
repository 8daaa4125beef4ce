"""A leaflet's translation as a build and the checks see it: plain values, no Babel.

``Progress`` says how far one catalog is; ``Translation`` holds what the
renderer prints of a locale and why it may be a draft; ``Standing``, what a
report keeps of it. They are made by
``i18n.load`` and ``i18n.status`` and read by the model (readability,
checks) and the renderer, which need nothing of the PO machinery.
"""

from __future__ import annotations

import datetime
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import relative

LEAFLET_CONTEXT = "leaflet.toml"  # the context of the title and summary: never a section id
REVIEW_FIELD = "X-Translation-Review"
NOT_REVIEWED = "not reviewed"
# The only value that counts as reviewed: "reviewed 2026-12-01 by A. Name, medical translator".
REVIEWED = re.compile(r"reviewed \d{4}-\d{2}-\d{2} by \S.*")


def is_reviewed(value: str) -> bool:
    """Whether an ``X-Translation-Review`` value records a review."""
    return REVIEWED.fullmatch(value.strip()) is not None


@dataclass(frozen=True)
class Progress:
    """How far one catalog is: counted against the messages the sources need now."""

    domain: str
    locale: str
    path: Path
    exists: bool
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    behind: bool = False  # the catalog lacks messages of the current template
    revised: datetime.date | None = None
    translator: str | None = None
    review: str | None = None

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Whole percent translated, rounded down, so 100 means every message."""
        return self.translated * 100 // self.total if self.total else 100

    def incomplete(self) -> str:
        """Return what is left, e.g. "3 untranslated and 1 fuzzy" ("" when nothing)."""
        parts = [f"{self.untranslated} untranslated"] if self.untranslated else []
        parts += [f"{self.fuzzy} fuzzy"] if self.fuzzy else []
        return " and ".join(parts)


@dataclass(frozen=True)
class Translation:
    """A leaflet's catalogs in one locale, ready for the renderer.

    ``text`` returns the translation of a block, or its source text when the
    catalog has none (missing, empty or fuzzy); those are counted in
    ``missing`` and make the build a draft.
    """

    locale: str
    root: Path  # the library's folder
    path: Path  # the leaflet's catalog
    templates_path: Path  # the page templates' catalog
    messages: dict[tuple[str, str], str]
    templates: gettext.NullTranslations = field(compare=False)
    missing: dict[Path, Progress] = field(default_factory=dict)  # catalogs not complete
    revised: datetime.date | None = None
    reviews: dict[Path, str] = field(default_factory=dict)  # X-Translation-Review per catalog
    rows: dict[Path, Progress] = field(default_factory=dict)  # how far each catalog is
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # PO line of each message

    def text(self, context: str, source: str) -> str:
        return self.messages.get((source, context), source)

    @property
    def review(self) -> str:
        """The leaflet catalog's review record, as printed on the last page."""
        return self.reviews.get(self.path, NOT_REVIEWED)

    @property
    def reviewed(self) -> bool:
        return bool(self.reviews) and all(is_reviewed(value) for value in self.reviews.values())

    def standing(self) -> Standing:
        """Return how far the leaflet's catalog is, without the messages (a report keeps it)."""
        row = self.rows.get(self.path)
        return Standing(relative(self.root, self.path), bool(row and row.exists),
                        row.total if row else 0, row.untranslated if row else 0,
                        row.fuzzy if row else 0, self.reviews.get(self.path), self.reviewed)

    def draft_reasons(self) -> tuple[str, ...]:
        """Return why this translation is not fit to publish; paths are library-relative."""
        reasons = []
        for path, row in self.missing.items():
            shown = relative(self.root, path)
            if not row.exists:
                reasons.append(f"{self.locale} has no catalog {shown}; run 'leaflets i18n init "
                               f"{self.locale}' and translate it (the source text is printed)")
                continue
            reasons.append(f"{self.locale} translation incomplete: {row.incomplete()} of "
                           f"{row.total} messages in {shown} (printed in the source language)")
        for path, value in self.reviews.items():
            if not is_reviewed(value):
                reasons.append(f"{self.locale} translation not reviewed ({REVIEW_FIELD}: "
                               f"{value!r} in {relative(self.root, path)}; once a qualified reviewer has "
                               "checked it, write 'reviewed YYYY-MM-DD by NAME')")
        return tuple(reasons)


@dataclass(frozen=True)
class Standing:
    """How far a leaflet's catalog in one locale is: what ``check`` reports of it."""

    catalog: str  # relative to the library's folder
    exists: bool
    messages: int
    untranslated: int
    fuzzy: int
    review: str | None  # its X-Translation-Review, if it has one
    reviewed: bool  # every catalog the leaflet prints with records a review
