"""The library as a translation memory: a sentence translated once is offered everywhere.

Leaflets share text: a section from ``leaflets/_shared``, the same warning,
the same question to ask. When ``i18n init`` or ``i18n update`` meets an
untranslated message whose source text another catalog of the same language
already translates, it fills the translation in, marked fuzzy, with a
comment naming the catalog it came from, as ``msgmerge --compendium`` does.
Fuzzy, because the same words can need other words in another leaflet; a
translator confirms it, and until then it prints in the source language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from babel.messages.catalog import Catalog

from .. import reader
from ..library import Library
from .pofile import read_catalog

COMMENT = "from the translation memory: {source}"


@dataclass(frozen=True)
class Memory:
    """The translations of one locale's catalogs, by source text."""

    entries: dict[str, list[tuple[str, str, str]]]  # source -> (domain, translation, catalog)

    def suggest(self, source: str, domain: str) -> tuple[str, str] | None:
        """Return the translation of ``source`` (the most used one) and the catalog it is from,
        from any catalog but ``domain``'s own."""
        found = [(text, where) for other, text, where in self.entries.get(source, ())
                 if other != domain]
        if not found:
            return None
        best = Counter(text for text, _ in found).most_common(1)[0][0]
        return best, next(where for text, where in found if text == best)


def library_memory(library: Library, locale: str, domains: list[str],
                   read: dict[str, Catalog] | None = None) -> Memory:
    """Return the memory of ``locale``: the translated, confirmed messages of its catalogs.

    ``read`` holds catalogs read already, by domain.
    """
    entries: dict[str, list[tuple[str, str, str]]] = {}
    for domain in domains:
        path = library.catalog_path(locale, domain)
        catalog = (read or {}).get(domain)
        if catalog is None:
            if not reader.present(path):
                continue
            catalog = read_catalog(path)
        for message in catalog:
            if (isinstance(message.id, str) and message.id and isinstance(message.string, str)
                    and message.string and not message.fuzzy):
                entries.setdefault(message.id, []).append(
                    (domain, message.string, library.relative(path)))
    return Memory(entries)


def fill(catalog: Catalog, memory: Memory, domain: str) -> int:
    """Fill the untranslated messages of ``catalog`` from ``memory``, fuzzy; return how many."""
    filled = 0
    for message in catalog:
        if not isinstance(message.id, str) or not message.id or message.string:
            continue
        found = memory.suggest(message.id, domain)
        if found is None:
            continue
        message.string, where = found
        message.flags.add("fuzzy")
        note = COMMENT.format(source=where)
        if note not in message.user_comments:
            message.user_comments = [*message.user_comments, note]
        filled += 1
    return filled
