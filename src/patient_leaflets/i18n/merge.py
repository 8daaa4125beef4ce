"""Catalogs: start them for a language, and merge the sources' changes into them.

    locales/templates/<leaflet>.pot --init/update--> locales/<locale>/LC_MESSAGES/<leaflet>.po

``update`` works as msgmerge does: new text is added untranslated, changed
text keeps its old translation marked fuzzy (with the previous text), and
removed text is kept as obsolete, so nothing a translator wrote is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message

from .. import reader
from ..layout import TEMPLATES_DOMAIN
from ..library import Library
from .extract import extract, selected, templates
from .memory import Memory, fill, library_memory
from .pofile import PoCatalog, read_catalog, write_catalog
from .translation import NOT_REVIEWED, REVIEW_FIELD


def init(library: Library, locale: str, leaflet_ids: tuple[str, ...] = ()) -> list[tuple[Path, bool, int]]:
    """Create the catalogs of ``locale``; an existing catalog is kept, never overwritten.

    Text another catalog of ``locale`` translates is filled in, fuzzy (``memory``).
    Returns each catalog's path, whether it was created, and how many messages
    the memory filled.
    """
    library.check_target_locale(locale)
    pots = templates(library)
    extract(library, pots)
    babel_locale = Locale.parse(locale)
    memory = library_memory(library, locale, list(pots))
    made = []
    for domain, pot in selected(library, pots, leaflet_ids).items():
        path = library.catalog_path(locale, domain)
        if path.exists():
            made.append((path, False, 0))
            continue
        catalog = PoCatalog(locale=babel_locale, project=pot.project, version=pot.version,
                            creation_date=pot.creation_date, fuzzy=False)
        catalog.header_comment = (
            f"# {babel_locale.english_name} ({locale}) translation of "
            f"{'the page templates' if domain == TEMPLATES_DOMAIN else 'the leaflet ' + domain}.\n"
            "# Translate in any PO editor; 'leaflets i18n status' shows what is left.\n"
            f"# Set {REVIEW_FIELD} once a qualified reviewer has checked the translation.\n#")
        catalog.language_team = f"{babel_locale.english_name} <>"
        catalog.extra_headers[REVIEW_FIELD] = NOT_REVIEWED
        for message in pot:
            if message.id:
                catalog[message.id] = _blank(message)
        filled = fill(catalog, memory, domain)
        write_catalog(path, catalog)
        made.append((path, True, filled))
    return made


def _blank(message: Message) -> Message:
    return Message(message.id, "", locations=message.locations, flags=message.flags,
                   auto_comments=message.auto_comments, context=message.context)


@dataclass(frozen=True)
class Merge:
    """What ``update`` did to one catalog."""

    path: Path
    added: int
    fuzzy: int  # changed source text: the old translation kept, marked fuzzy
    obsolete: int  # removed source text: kept at the end of the file as #~
    written: bool
    memory: int = 0  # untranslated text filled in from another catalog, fuzzy


def update(library: Library, leaflet_ids: tuple[str, ...] = (),
           locales: tuple[str, ...] = ()) -> list[Merge]:
    """Extract, then merge the templates into every catalog of ``locales`` (all by default)."""
    for locale in locales:
        library.check_target_locale(locale)
    pots = templates(library)
    extract(library, pots)
    merges = []
    for locale in locales or tuple(library.catalog_locales()):
        memory = library_memory(library, locale, list(pots))
        for domain, pot in selected(library, pots, leaflet_ids).items():
            path = library.catalog_path(locale, domain)
            if reader.present(path):
                merges.append(_merge(path, pot, memory, domain))
    return merges


def _merge(path: Path, pot: Catalog, memory: Memory, domain: str) -> Merge:
    catalog = read_catalog(path)
    before = {key for key, message in catalog._messages.items() if message.id}
    fuzzy_before = {key for key in before if catalog._messages[key].fuzzy}
    obsolete_before = len(catalog.obsolete)
    # Text that comes back after being removed gets its old translation back, fuzzy:
    # the PO format keeps no flags on obsolete entries, so a translator confirms it.
    revived = set()
    for key, message in catalog.obsolete.items():
        if key not in catalog._messages:
            catalog._messages[key] = message
            revived.add(key)
    catalog.obsolete.clear()
    previous = {key: m.previous_id for key, m in catalog._messages.items() if m.previous_id}
    catalog.update(pot, update_creation_date=True)
    # Babel forgets the previous text of a message that was fuzzy already; keep it.
    for key, message in catalog._messages.items():
        if key in revived and message.string:
            message.flags.add("fuzzy")
        if message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]
    fuzzy = sum(1 for key, m in catalog._messages.items()
                if m.id and m.fuzzy and key not in fuzzy_before)
    filled = fill(catalog, memory, domain)  # counted apart from the new and the fuzzy
    added = sum(1 for key, m in catalog._messages.items() if m.id and key not in before and not m.string)
    written = write_catalog(path, catalog)
    return Merge(path, added, fuzzy, max(0, len(catalog.obsolete) - obsolete_before), written,
                 filled)
