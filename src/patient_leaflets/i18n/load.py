"""Load a leaflet's translation into one locale, as a build prints it.

A build looks every block up by (context, source text). A message that is
missing, empty or fuzzy falls back to the source text and is counted, so a
half-translated leaflet is always a draft, never silently printed as done.
The page templates' strings are checked before they are compiled: each must
fill in as Jinja fills it, and those that say what state the leaflet is in
must print as what they say (``claims``).
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from pathlib import Path

from babel.messages.mofile import write_mo

from .. import fields, markup, placeholders, reader
from ..claims import check_state_messages
from ..content import Leaflet
from ..errors import ContentError
from ..layout import TEMPLATES_DOMAIN
from ..library import Library
from .extract import leaflet_template, templates_template
from .placeholders import python_format_problem
from .pofile import PoCatalog, parse_catalog, read_catalog
from .status import progress
from .translation import LEAFLET_CONTEXT, NOT_REVIEWED, Progress, Translation


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
        catalog = None
        if domain == TEMPLATES_DOMAIN and reader.present(path):
            row, pages = _page_templates(library, path, locale, template)
        else:
            catalog = read_catalog(path) if reader.present(path) else None
            row = progress(library, domain, locale, template, catalog)
        rows[path] = row
        if row.untranslated or row.fuzzy:
            missing[row.path] = row
        if not row.exists:
            continue
        reviews[row.path] = row.review or NOT_REVIEWED
        if catalog is not None:  # the leaflet's own
            printed = _printed(catalog)
            _check_printable(leaflet, row.path, printed)
            _check_placeholders(row.path, printed)
            messages = {key: text for key, text, _ in printed}
            lines = {key: line for key, _, line in printed}
            revised = row.revised
    return Translation(locale, library.root, library.catalog_path(locale, leaflet.id),
                       library.catalog_path(locale, TEMPLATES_DOMAIN), messages, pages, missing,
                       revised, reviews, rows, lines)


def _printed(catalog: PoCatalog) -> list[tuple[tuple[str, str], str, int]]:
    """Return what a build prints of ``catalog``: ((msgid, context), msgstr, line of the msgstr).

    A fuzzy or empty translation is not printed: the source text is.
    """
    return [((message.id, message.context or ""), message.string,
             catalog.msgstr_lines.get((message.id, message.context or ""), message.lineno or 1))
            for message in catalog
            if isinstance(message.id, str) and message.id and isinstance(message.string, str)
            and message.string and not message.fuzzy]


def _check_printable(leaflet: Leaflet, path: Path,
                     printed: list[tuple[tuple[str, str], str, int]]) -> None:
    """Refuse a translation in the leaflet's catalog at ``path`` that would not print as written.

    The title and summary follow the rules of the fields they translate (no bidirectional
    control or invisible character, a length that fits where they print, with room for
    a language that needs more words); a section's unit, the same Markdown rules as its
    source: nothing of it may print as typed or point nowhere.
    """
    identity = {leaflet.title: ("title", fields.TITLE), leaflet.summary: ("summary", fields.SUMMARY)}
    for (source, context), text, line in printed:
        if context == LEAFLET_CONTEXT and source in identity:
            name, field = identity[source]
            if problem := fields.problem(text, fields.translated(field)):
                raise ContentError(path, f"the translation of the leaflet's {name} {problem}", line)
        elif problem := markup.translation_problem(source, text):
            raise ContentError(path, f"the translation of {_shown(source)} {problem}", line)


def _shown(source: str) -> str:
    return repr(source if len(source) <= 40 else source[:37] + "...")


def _check_placeholders(path: Path, printed: list[tuple[tuple[str, str], str, int]]) -> None:
    """Refuse a leaflet catalog whose translation drops, alters or adds a placeholder."""
    for (source, _), text, line in printed:
        if problem := placeholders.mismatch(text, source):
            raise ContentError(path, f"the translation of {_shown(source)} {problem}; keep each "
                                     "{name} of the source as written: the build fills in the "
                                     "clinic's number there", line)


def _page_templates(library: Library, path: Path, locale: str,
                    template: PoCatalog) -> tuple[Progress, gettext.GNUTranslations]:
    """The progress and compiled strings of the page templates' catalog at ``path``.

    Every leaflet of a locale shares this catalog: it is read each time (a
    translator may have saved it since) but parsed, counted and checked once
    for the same bytes against the same template.
    """
    return _page_templates_of(library, path, reader.read_bytes(path, "catalog", ContentError),
                              locale, template)


@functools.lru_cache(maxsize=64)
def _page_templates_of(library: Library, path: Path, data: bytes, locale: str,
                       template: PoCatalog) -> tuple[Progress, gettext.GNUTranslations]:
    catalog = parse_catalog(path, data)
    return (progress(library, TEMPLATES_DOMAIN, locale, template, catalog),
            _compiled(catalog, path, locale))


def _compiled(catalog: PoCatalog, path: Path, locale: str) -> gettext.GNUTranslations:
    """Return the page templates' ``catalog`` as gettext translations, once it may be printed."""
    printed = _printed(catalog)
    for (source, _), text, line in printed:
        # Jinja formats every translated string with %, placeholders or not, whatever its flags.
        try:
            text % dict.fromkeys(re.findall(r"%\((\w+)\)s", source), "")
        except (ValueError, TypeError, KeyError) as exc:
            raise ContentError(path, f"the translation of {source!r} cannot be filled in "
                                     f"({type(exc).__name__}: {exc}); write %% for a percent "
                                     "sign and keep the source's %(name)s placeholders",
                               line) from None
        if problem := python_format_problem(text, source):
            raise ContentError(path, f"the translation of {source!r} {problem}; keep the "
                                     "%(name)s placeholders of the source: the page fills them "
                                     "in", line)
    check_state_messages(path, locale, [(source, text, line) for (source, _), text, line in printed])
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
