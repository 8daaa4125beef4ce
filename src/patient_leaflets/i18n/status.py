"""How far each catalog is, counted against the text the sources hold now."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from .. import reader
from ..errors import ContentError, QualityGateError
from ..library import Library
from .extract import each_template
from .pofile import PoCatalog, catalog_bytes, read_catalog, undated
from .translation import REVIEW_FIELD, Progress


def progress(library: Library, domain: str, locale: str, pot: Catalog,
             catalog: PoCatalog | None = None) -> Progress:
    """Count the catalog of ``domain`` in ``locale`` (read unless given) against ``pot``."""
    path = library.catalog_path(locale, domain)
    if catalog is None:
        if not reader.present(path):  # a pipe or a link in its place is read, and refused
            return Progress(domain, locale, path, exists=False, untranslated=_size(pot),
                            behind=True)
        catalog = read_catalog(path)
    translated = fuzzy = untranslated = 0
    for message in pot:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        if found is None or not found.string:
            untranslated += 1
        elif found.fuzzy:
            fuzzy += 1
        else:
            translated += 1
    wanted = {(m.id, m.context) for m in pot if m.id}
    present = {(m.id, m.context) for m in catalog if m.id}
    return Progress(domain, locale, path, True, translated, fuzzy, untranslated,
                    behind=wanted != present, revised=_revised(catalog),
                    translator=_translator(catalog),
                    review=catalog.extra_headers.get(REVIEW_FIELD))


@dataclass(frozen=True)
class CatalogStatus:
    """How far every catalog is, against the templates extracted from the sources now."""

    rows: list[Progress]  # leaflets and page templates x target locales
    # The template files that differ from what extraction would write now; None: not
    # compared (writing every template out to compare it is a fifth of the time).
    stale: list[Path] | None

    def refuse_if_behind(self, slips: list[str] | None = None) -> None:
        """Raise a quality-gate error if a template or catalog is behind the sources, or if
        there are ``slips`` (errors of the translation safety checks)."""
        assert self.stale is not None, "status(..., compare=True) compares the templates"
        reasons = [f"{path}: out of date; run 'leaflets i18n extract'" for path in self.stale]
        reasons += slips or []
        for row in self.rows:
            if not row.exists:
                reasons.append(f"{row.path}: missing; run 'leaflets i18n init {row.locale}'")
            elif row.behind:
                reasons.append(f"{row.path}: behind its template; run 'leaflets i18n update'")
        if reasons:
            raise QualityGateError(reasons)


def status(library: Library, locales: tuple[str, ...] = (), *,
           compare: bool = False) -> CatalogStatus:
    """Return the progress of every catalog in ``locales`` (default: every target locale);
    with ``compare``, also which template files are out of date (``refuse_if_behind``).

    One leaflet at a time: its template is extracted, counted against and let go.
    """
    wanted = locales or tuple(library.target_locales())
    for locale in wanted:
        library.check_target_locale(locale)
    rows: list[Progress] = []
    stale: list[Path] = []
    for domain, pot in each_template(library):
        rows += [progress(library, domain, locale, pot) for locale in wanted]
        if compare and _stale(library, domain, pot):
            stale.append(library.template_path(domain))
    return CatalogStatus(rows, stale if compare else None)


def _stale(library: Library, domain: str, pot: PoCatalog) -> bool:
    """Whether the template file of ``domain`` differs from ``pot``, what extraction writes."""
    path = library.template_path(domain)
    if not path.is_file():
        return True
    return undated(reader.read_bytes(path, "catalog", ContentError)) != undated(catalog_bytes(pot))


def _size(pot: Catalog) -> int:
    return sum(1 for message in pot if message.id)


def _revised(catalog: Catalog) -> datetime.date | None:
    date = catalog.revision_date
    return date.date() if isinstance(date, datetime.datetime) else None


def _translator(catalog: Catalog) -> str | None:
    name = catalog.last_translator
    return None if not name or "FULL NAME" in name else name
