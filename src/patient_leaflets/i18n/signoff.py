"""A translation's sign-off: the review a qualified reviewer gives a language's catalogs.

``leaflets i18n review es --by NAME`` writes each catalog's
``X-Translation-Review: reviewed 2026-12-01 by NAME`` header, the record a
build prints on the last page and in the PDF's metadata, by the rules of a
clinical review: a name a reader can see, a date that is not in the future.
A catalog with untranslated or fuzzy messages, or whose safety checks find
an error (a changed number, a lost link), cannot be signed off: the review
would vouch for text that does not print, or prints wrong.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .. import fields, reader
from ..errors import ContentError, QualityGateError, UsageError
from ..layout import TEMPLATES_DOMAIN
from ..library import Library
from .extract import templates
from .pofile import read_catalog, write_catalog
from .safety import ERROR, catalog_issues, leaflet_issues
from .status import progress
from .translation import REVIEW_FIELD


@dataclass(frozen=True)
class SignedOff:
    """One catalog whose review was recorded."""

    path: Path
    record: str  # "reviewed 2026-12-01 by A. Name, medical translator"
    written: bool  # False: it held this record already


def review(library: Library, locale: str, leaflet_ids: tuple[str, ...], reviewed_by: str,
           today: datetime.date, reviewed_on: datetime.date | None = None) -> list[SignedOff]:
    """Record the review of ``locale``'s catalogs: the named leaflets' (every catalog when none;
    name ``templates`` for the page templates' catalog)."""
    library.check_target_locale(locale)
    reviewed_by = reviewed_by.strip()
    if wrong := fields.problem(reviewed_by, fields.REVIEWER):
        raise UsageError(f"--by {wrong}")
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise UsageError(f"the review date {reviewed_on} is after today ({today}); record a "
                         "review once it has happened")
    pots = templates(library)
    for leaflet_id in leaflet_ids:
        if leaflet_id not in pots:
            library.leaflet(leaflet_id)  # names the leaflets there are
    domains = [domain for domain in pots if not leaflet_ids or domain in leaflet_ids]
    refusals = []
    for domain in domains:
        path = library.catalog_path(locale, domain)
        if not reader.present(path):
            raise ContentError(path, f"no catalog to review; run 'leaflets i18n init {locale}' and "
                                     "translate it first")
        row = progress(library, domain, locale, pots[domain])
        if left := row.incomplete():
            refusals.append(f"{path}: {left} of {row.total} messages; translate them (and clear "
                            "the fuzzy flags) before the review is recorded")
        issues = (catalog_issues(path, read_catalog(path), locale) if domain == TEMPLATES_DOMAIN
                  else leaflet_issues(library, library.leaflet(domain), locale))
        refusals += [f"{issue.path}:{issue.line}: {issue.message}" for issue in issues
                     if issue.severity == ERROR]
    if refusals:
        raise QualityGateError(refusals)
    record = f"reviewed {reviewed_on.isoformat()} by {reviewed_by}"
    done = []
    for domain in domains:
        path = library.catalog_path(locale, domain)
        catalog = read_catalog(path)
        if catalog.extra_headers.get(REVIEW_FIELD) == record:
            done.append(SignedOff(path, record, False))
            continue
        catalog.extra_headers[REVIEW_FIELD] = record
        done.append(SignedOff(path, record, write_catalog(path, catalog)))
    return done
