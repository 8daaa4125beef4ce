"""What the front desk lists: each leaflet's title and summary in every language it has.

Staff search in the patient's language: a Spanish word finds the leaflet
through its Spanish title or summary, as the build prints them (the same
translation lookup). Languages are named in their own script ("Español",
"العربية"), so that a patient can point at theirs.
"""

from __future__ import annotations

import datetime
import threading
import unicodedata
from dataclasses import dataclass

from ..build.maker import Maker
from ..i18n.translation import LEAFLET_CONTEXT
from ..library import Library


@dataclass(frozen=True)
class Language:
    """A locale, as a patient would recognise it."""

    locale: str
    name: str  # in its own language and script
    tag: str  # BCP 47, for lang="" ("zh-Hans")
    direction: str  # "ltr" or "rtl"


@dataclass(frozen=True)
class Entry:
    """One leaflet in one language, as the list shows it."""

    leaflet: str
    language: Language
    title: str
    summary: str | None
    keywords: tuple[str, ...]
    version: str
    code: str | None
    draft: bool  # the content has no clinical review, or it is overdue
    words: str  # what a search looks in, folded

    def matches(self, terms: list[str]) -> bool:
        return all(term in self.words for term in terms)


def language(locale: str) -> Language:
    """Return ``locale`` named in its own language: "Español" for es, "العربية" for ar."""
    from babel import Locale

    babel_locale = Locale.parse(locale)
    name = babel_locale.display_name or locale
    return Language(locale, name[:1].upper() + name[1:], locale.replace("_", "-"),
                    babel_locale.text_direction)


def fold(text: str) -> str:
    """Return ``text`` as a search compares it: case and accents aside ("Vértebra" ~ "vertebra")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def terms(query: str) -> list[str]:
    return [fold(word) for word in query.split()][:20]


class Catalogue:
    """The entries of a library, read again whenever one of its source files changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[tuple[str, int, int], ...] | None = None
        self._entries: list[Entry] = []

    def entries(self, library: Library, today: datetime.date) -> list[Entry]:
        stamp = _stamp(library)
        with self._lock:
            if stamp != self._stamp:
                self._entries = _read(library, today)
                self._stamp = stamp
            return self._entries

    def search(self, library: Library, today: datetime.date, query: str) -> list[Entry]:
        """Return one entry per matching leaflet: in the first language whose words match."""
        wanted = terms(query)
        found: dict[str, Entry] = {}
        for entry in self.entries(library, today):
            if entry.leaflet not in found and entry.matches(wanted):
                found[entry.leaflet] = entry
        return list(found.values())


def _stamp(library: Library) -> tuple[tuple[str, int, int], ...]:
    """Return what changes when a leaflet, its catalog or the settings change: names, times, sizes."""
    paths = [library.root / "leaflets.toml", *library.leaflets_dir.glob("*/leaflet.toml"),
             *(library.root / "locales").glob("*/LC_MESSAGES/*.po")]
    stamp = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:
            continue
        stamp.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(sorted(stamp))


def _read(library: Library, today: datetime.date) -> list[Entry]:
    maker = Maker(library, today)
    entries = []
    for leaflet in library.each_leaflet():
        draft = bool(leaflet.draft_reasons(today))
        for locale in library.locales_of(leaflet.id):
            translation = maker.translation(leaflet, locale)
            title = translation.text(LEAFLET_CONTEXT, leaflet.title) if translation else leaflet.title
            summary = leaflet.summary
            if summary and translation:
                summary = translation.text(LEAFLET_CONTEXT, summary)
            words = " ".join([title, summary or "", *leaflet.keywords, leaflet.id,
                              leaflet.code or ""])
            entries.append(Entry(leaflet.id, language(locale), title, summary, leaflet.keywords,
                                 leaflet.version, leaflet.code, draft, fold(words)))
    return entries

