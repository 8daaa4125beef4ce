"""Load a leaflet's translation into one locale, as a build prints it.

A build looks every block up by (context, source text). A message that is
missing, empty or fuzzy falls back to the source text and is counted, so a
half-translated leaflet is always a draft, never silently printed as done.
"""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from ..content import Leaflet
from ..errors import ContentError
from ..layout import TEMPLATES_DOMAIN
from ..library import Library
from .extract import leaflet_template, templates_template
from .pofile import PoCatalog, read_catalog
from .status import progress
from .translation import NOT_REVIEWED, Progress, Translation


def load_translation(library: Library, leaflet: Leaflet, locale: str,
                     pot: PoCatalog | None = None) -> Translation | None:
    """Return ``leaflet``'s translation into ``locale``; None for the source language.

    ``pot`` is the leaflet's template when the caller has extracted it already.
    """
    if locale == library.settings.source_locale:
        return None
    messages: dict[tuple[str, str], str] = {}
    missing: dict[Path, Progress] = {}
    pages = gettext.NullTranslations()
    revised = None
    reviews: dict[Path, str] = {}
    rows: dict[Path, Progress] = {}
    lines: dict[tuple[str, str], int] = {}
    for domain, template in ((leaflet.id, pot or leaflet_template(library, leaflet)),
                             (TEMPLATES_DOMAIN, templates_template(library))):
        path = library.catalog_path(locale, domain)
        catalog = read_catalog(path) if path.is_file() else None
        row = rows[path] = progress(library, domain, locale, template, catalog)
        if row.untranslated or row.fuzzy:
            missing[row.path] = row
        if catalog is None:
            continue
        reviews[row.path] = row.review or NOT_REVIEWED
        if domain == TEMPLATES_DOMAIN:
            pages = _compiled(catalog, row.path)
        else:
            printed = [m for m in catalog if isinstance(m.id, str) and m.id
                       and isinstance(m.string, str) and m.string and not m.fuzzy]
            messages = {(str(m.id), m.context or ""): str(m.string) for m in printed}
            lines = {(str(m.id), m.context or ""): m.lineno or 1 for m in printed}
            revised = row.revised
    return Translation(locale, library.root, library.catalog_path(locale, leaflet.id),
                       library.catalog_path(locale, TEMPLATES_DOMAIN), messages, pages, missing,
                       revised, reviews, rows, lines)


def _compiled(catalog: Catalog, path: Path) -> gettext.GNUTranslations:
    """Return ``catalog`` as gettext translations, after checking its placeholders."""
    for message, errors in catalog.check():
        raise ContentError(path, f"{errors[0]} in the translation of {message.id!r}; keep the "
                                 "%(name)s placeholders of the source", message.lineno)
    for message in catalog:
        if isinstance(message.id, str) and isinstance(message.string, str) and message.id \
                and message.string and not message.fuzzy:
            # Jinja formats every translated string with %, placeholders or not.
            try:
                message.string % dict.fromkeys(re.findall(r"%\((\w+)\)s", message.id), "")
            except (ValueError, TypeError, KeyError) as exc:
                raise ContentError(path, f"the translation of {message.id!r} cannot be filled in "
                                         f"({type(exc).__name__}: {exc}); write %% for a percent "
                                         "sign and keep the source's %(name)s placeholders",
                                   message.lineno) from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
