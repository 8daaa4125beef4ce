"""XLIFF 1.2 and TMX for translation agencies, with translate-toolkit.

    locales/<locale>/LC_MESSAGES/<leaflet>.po --export--> <leaflet>.<locale>.xlf
    (the agency translates in Trados, memoQ, Phrase, Okapi...)
    <leaflet>.<locale>.xlf --import--> the same PO catalog

Each message of the leaflet's current text is one ``<trans-unit>``: its
``resname`` the message context (the section id), its locations and the
authors' notes as context groups and notes, the translator's comments as
translator notes, and its state: ``translated``, ``needs-review-translation``
(fuzzy) or ``new`` (untranslated). Markdown marks and placeholders are
``<ph>`` codes (``inline``) a CAT tool keeps as they are.

Import refuses a unit whose source is not the leaflet's current text (the
English changed after the export): its translation would be of old text. A
unit that changes nothing leaves its catalog alone, so a round trip with no
edits leaves every PO file byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import reader
from ..errors import ContentError, UsageError
from ..files import write_atomic
from ..layout import LOCALES, MESSAGES
from ..library import Library
from . import inline, porules
from .extract import selected, templates
from .pofile import PoCatalog, catalog_bytes, read_catalog

if TYPE_CHECKING:
    from lxml.etree import _Element

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
SUFFIX = ".xlf"
# The XLIFF 1.2 states of a finished target; any other (needs-review-translation, new, an
# x- state of some tool) says the target is not final: it is imported fuzzy.
_DONE_STATES = {"translated", "signed-off", "final"}
_ORIGINAL = re.compile(rf"{LOCALES}/([^/]+)/{MESSAGES}/([^/]+)\.po")
_SKELETON = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NAMESPACE}">'
             '<file original="{original}" source-language="{source}" target-language="{target}" '
             'datatype="x-markdown"><body/></file></xliff>')


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def unit_id(context: str, source: str) -> str:
    """Return the id of a message's unit: its context, then a digest of its source text.

    Stable while the text stays the same, whatever else of the leaflet changes.
    """
    digest = hashlib.sha256(f"{context}\x04{source}".encode()).hexdigest()[:12]
    return f"{context}/{digest}" if context else digest


def export_xliff(library: Library, locales: tuple[str, ...], leaflet_ids: tuple[str, ...],
                 out: Path) -> list[Path]:
    """Write one XLIFF file per catalog of ``locales`` (all by default) into ``out``."""
    pots = selected(library, templates(library), leaflet_ids)
    wanted = _locales(library, locales)
    made = []
    for locale in wanted:  # every file made before any is written: an error leaves none
        for domain, pot in pots.items():
            path = library.catalog_path(locale, domain)
            if not reader.present(path):
                raise ContentError(path, f"no {locale} catalog to export; run 'leaflets i18n init "
                                         f"{locale}' first")
            made.append((out / f"{domain}.{locale}{SUFFIX}",
                         _xliff_bytes(library, path, locale, pot, read_catalog(path))))
    for target, data in made:
        write_atomic(target, data, hint="check that the folder given with -o can be written")
    return [target for target, _ in made]


def _locales(library: Library, locales: tuple[str, ...]) -> list[str]:
    for locale in locales:
        library.check_target_locale(locale)
    found = list(locales) or library.catalog_locales()
    if not found:
        raise UsageError("no catalogs to export; start one with 'leaflets i18n init LOCALE'")
    return found


def _xliff_bytes(library: Library, path: Path, locale: str, pot: PoCatalog,
                 catalog: PoCatalog) -> bytes:
    from translate.storage.xliff import xlifffile

    original = library.relative(path)
    parse: Any = xlifffile.parsestring  # the toolkit's stores are not typed
    store = parse(_SKELETON.format(
        original=original, source=library.settings.source_locale.replace("_", "-"),
        target=locale.replace("_", "-")).encode())
    for message in pot:
        if not isinstance(message.id, str) or not message.id:
            continue
        context = message.context or ""
        found = catalog.get(message.id, message.context)
        unit = store.addsourceunit(message.id, original)
        unit.setid(unit_id(context, message.id))
        element = unit.xmlelement
        if context:
            element.set("resname", context)
        codes = _fill(element.find(_tag("source")), message.id)
        target = _sub(element, "target")
        text = found.string if found is not None and isinstance(found.string, str) else ""
        if text:
            _fill(target, text, codes)
            target.set("state", "needs-review-translation" if found and found.fuzzy else "translated")
        else:
            target.set("state", "new")
        for comment in message.auto_comments:
            _sub(element, "note", comment).set("from", "developer")
        for comment in found.user_comments if found else []:
            _sub(element, "note", comment).set("from", "translator")
        if found and found.fuzzy and found.previous_id:  # what the English said before it changed
            _sub(element, "note", f"previous source text: {found.previous_id[0]}").set("from",
                                                                                      "leaflets")
        if context:
            _sub(element, "note", f"context (msgctxt): {context}").set("from", "leaflets")
        for file, line in message.locations:
            unit.createcontextgroup("po-reference", [("sourcefile", file), ("linenumber", str(line))],
                                    purpose="location")
        if context:
            unit.createcontextgroup("po-entry", [("x-po-msgctxt", context)], purpose="information")
    from lxml import etree

    etree.cleanup_namespaces(store.document.getroot())  # the toolkit declares XLIFF 1.1 too
    data: bytes = bytes(store)
    return data


def _sub(parent: _Element, name: str, text: str | None = None) -> _Element:
    from lxml import etree

    element = etree.SubElement(parent, _tag(name))
    element.text = text
    return element


def _fill(element: _Element | None, text: str, source_ids: list[tuple[str, str]] | None = None
          ) -> list[tuple[str, str]]:
    """Write ``text`` into ``element``: words as text, each code as a ``<ph>``.

    Returns each code with its id. A target's code takes the id of the same
    code in the source (``source_ids``), as CAT tools pair them.
    """
    assert element is not None
    for child in list(element):
        element.remove(child)
    element.text = None
    unused = list(source_ids or [])
    ids: list[tuple[str, str]] = []
    extra = 0
    last: _Element | None = None
    for code, piece in inline.split(text):
        if code:
            same = next((pair for pair in unused if pair[0] == piece), None)
            if same is not None:
                unused.remove(same)
            else:
                extra += 1
            number = same[1] if same else str(len(source_ids or []) + extra)
            ids.append((piece, number))
            last = _sub(element, "ph", piece)
            last.set("id", number)
        elif last is None:
            element.text = (element.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece
    return ids


def _text(element: _Element) -> str:
    """Return the text of a ``<source>`` or ``<target>``: its words and its codes' text."""
    parts = [element.text or ""]
    for child in element:
        parts.append(_text(child))  # a <ph>'s text is the code; <mrk> and <g> hold words
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass(frozen=True)
class Imported:
    """What importing one XLIFF file did to its catalog."""

    source: Path  # the XLIFF file
    catalog: Path
    updated: int
    unchanged: int
    refused: tuple[str, ...]  # one line per refused unit
    written: bool


def import_xliff(library: Library, files: tuple[Path, ...]) -> list[Imported]:
    """Merge the translations of ``files`` into their catalogs.

    Every file is read and checked before any catalog is written: a broken
    file changes nothing.
    """
    pots = templates(library)
    planned = []
    for file in files:
        planned.extend(_merge(library, file, pots))
    results = []
    for result, data in planned:
        if data is not None:
            write_atomic(result.catalog, data, hint="check the permissions of the catalog")
        results.append(result)
    return results


def _merge(library: Library, file: Path, pots: dict[str, PoCatalog]) -> list[tuple[Imported, bytes | None]]:
    root = _parse(file)
    merged = []
    for node in root.iter(_tag("file")):
        original = node.get("original", "")
        match = _ORIGINAL.fullmatch(original)
        if not match or match.group(2) not in pots:
            raise ContentError(file, f"its <file original={original!r}> names no catalog of this "
                                     "library; import the files 'leaflets i18n export' wrote",
                               node.sourceline)
        locale, domain = match.groups()
        language = (node.get("target-language") or "").replace("-", "_")
        if language != locale:
            raise ContentError(file, f"its target-language {language!r} is not the catalog's "
                                     f"locale {locale!r}", node.sourceline)
        library.check_target_locale(locale)
        path = library.catalog_path(locale, domain)
        if not reader.present(path):
            raise ContentError(path, f"no catalog to import into; run 'leaflets i18n init {locale}'")
        merged.append(_merge_units(file, node, path, pots[domain]))
    if not merged:
        raise ContentError(file, "holds no <file> element of XLIFF 1.2; is it the right file?")
    return merged


def _parse(file: Path) -> _Element:
    from lxml import etree

    data = reader.read_bytes(file, "catalog", ContentError)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ContentError(file, f"not well-formed XML ({exc.msg}); save it again from the CAT "
                                 "tool", exc.lineno or None) from None
    if root.tag != _tag("xliff"):
        raise ContentError(file, f"not an XLIFF 1.2 file (its root is {root.tag!r}); export the "
                                 "translation as XLIFF 1.2", root.sourceline)
    return root


def _merge_units(file: Path, node: _Element, path: Path,
                 pot: PoCatalog) -> tuple[Imported, bytes | None]:
    catalog = read_catalog(path)
    current = {(m.id, m.context or "") for m in pot if isinstance(m.id, str) and m.id}
    updated = unchanged = 0
    refused = []
    for unit in node.iter(_tag("trans-unit")):
        source_node = unit.find(_tag("source"))
        ident = unit.get("id", "?")
        if source_node is None:
            raise ContentError(file, f"the unit {ident!r} has no <source>", unit.sourceline)
        source = _text(source_node)
        context = unit.get("resname", "")
        where = f"{file}:{unit.sourceline}: unit {ident!r}"
        if (source, context) not in current:
            refused.append(f"{where}: its source is not the current text of the leaflet (the "
                           "English changed after the export, or the CAT tool altered the source "
                           "or its tags), so its translation was not imported; export again and "
                           "send the new file")
            continue
        message = catalog.get(source, context or None)
        if message is None:
            refused.append(f"{where}: the catalog lacks this text; run 'leaflets i18n update', "
                           "then import again")
            continue
        target_node = unit.find(_tag("target"))
        text = _text(target_node) if target_node is not None else ""
        if not text:
            unchanged += 1  # nothing translated: a translation is never deleted by an import
            continue
        assert target_node is not None
        state = target_node.get("state", "translated")
        fuzzy = state not in _DONE_STATES
        if message.string == text and message.fuzzy == fuzzy:
            unchanged += 1
            continue
        message.string = text
        if fuzzy:
            message.flags.add("fuzzy")
        else:
            message.flags.discard("fuzzy")
        updated += 1
    data = catalog_bytes(catalog) if updated else None
    if data is not None:
        _check_result(file, path, data)
    return Imported(file, path, updated, unchanged, tuple(refused), data is not None), data


def _check_result(file: Path, path: Path, data: bytes) -> None:
    """Refuse an import that would leave a catalog msgfmt --check refuses."""
    try:
        porules.check(path, data)
    except ContentError as exc:
        raise ContentError(file, f"importing it would break {path.name} ({exc.message}); fix the "
                                 "translation in the CAT tool and export it again") from None


def export_tmx(library: Library, locales: tuple[str, ...], out: Path) -> list[Path]:
    """Write one TMX translation memory per locale: every translated message of its catalogs."""
    from translate.storage.tmx import tmxfile

    written = []
    source_language = library.settings.source_locale.replace("_", "-")
    for locale in _locales(library, locales):
        store: Any = tmxfile(sourcelanguage=source_language, targetlanguage=locale.replace("_", "-"))
        seen = set()
        for domain in templates(library):
            path = library.catalog_path(locale, domain)
            if not reader.present(path):
                continue
            for message in read_catalog(path):
                pair = (message.id, message.string)
                if (not isinstance(message.id, str) or not message.id or message.fuzzy
                        or not isinstance(message.string, str) or not message.string or pair in seen):
                    continue
                seen.add(pair)
                store.addtranslation(message.id, source_language, message.string,
                                     locale.replace("_", "-"),
                                     comment=f"{domain}: {message.context or ''}")
        target = out / f"{locale}.tmx"
        write_atomic(target, bytes(store), hint="check that the folder given with -o can be written")
        written.append(target)
    return written
