"""Extraction: the messages a translator translates, from the library's sources.

Each block of a section (heading, paragraph, list item, table cell) is one
message whose context is the section id; the leaflet's title and summary have
the context ``leaflet.toml``. The strings of the Jinja templates go to
``templates.pot``. ``babel_extract`` offers the same to plain ``pybabel``.

    sources --extract--> locales/templates/<leaflet>.pot
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from babel.messages.extract import extract_from_dir

from .. import figures, markup, reader
from .._version import __version__
from ..content import Leaflet, Section, parse_section
from ..errors import ContentError
from ..layout import RESERVED_IDS, TEMPLATES_DOMAIN
from ..library import Library
from ..tomlfile import parse_toml
from .pofile import PoCatalog, write_catalog
from .translation import LEAFLET_CONTEXT

JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
_LINK = re.compile(r"\]\(")


@dataclass(frozen=True)
class Unit:
    """One message to translate: a block of a section, or the title or summary."""

    context: str
    text: str
    path: Path
    line: int
    comment: str | None = None


def leaflet_units(leaflet: Leaflet) -> list[Unit]:
    """Return the messages of ``leaflet`` in reading order."""
    config = leaflet.config_path
    units = [Unit(LEAFLET_CONTEXT, leaflet.title, config, _line_of(config, "title"),
                  "Leaflet title: printed large on page 1 and used as the PDF title.")]
    if leaflet.summary:
        units.append(Unit(LEAFLET_CONTEXT, leaflet.summary, config, _line_of(config, "summary"),
                          "Leaflet summary: one sentence printed under the title."))
    for section in leaflet.sections:
        units.extend(section_units(section))
    return units


def section_units(section: Section) -> list[Unit]:
    """Return the messages of one section: its title, then each block."""
    units = [Unit(section.id, section.title, section.path, section.title_line,
                  "Heading: the section's title. Keep it short.")]
    for block in section.blocks:
        units.append(Unit(section.id, block.text, section.path, block.line,
                          _comment(section.style, block)))
    for path, _ in figures.svg_paths(section.body, section.path.parent):
        units.extend(Unit(section.id, label, path, line, "Label in a figure: keep it as short "
                                                        "as the source; it must fit the drawing.")
                     for label, line in figures.labels(path))
    return units


def _comment(style: str, block: markup.Block) -> str | None:
    notes = []
    if block.kind == "heading":
        notes.append("Heading. Keep it short.")
    elif style == "warning":
        notes.append("Warning box: when to get help. Keep it as direct and plain as the source; "
                     "do not soften it.")
    elif style == "checklist" and block.kind == "list item":
        notes.append("Checklist item: printed next to a tick box for the reader to fill in.")
    elif style == "sources":
        notes.append("Source reference: translate the description; keep names of organisations, "
                     "titles of publications and web addresses as they are.")
    if _LINK.search(block.text):
        notes.append("Keep each link target, the address in (parentheses), unchanged.")
    return " ".join(notes) or None


def _line_of(path: Path, key: str) -> int:
    """Return the line of ``key`` in a TOML file (the file was validated already)."""
    return parse_toml(reader.read_text(path, "settings", ContentError), path, ContentError).line_of(key) or 1


def leaflet_template(library: Library, leaflet: Leaflet) -> PoCatalog:
    """Return the translation template (POT) of ``leaflet``."""
    catalog = _new_catalog(library, leaflet.id, leaflet.version,
                           f'Messages of the patient leaflet "{leaflet.title}" '
                           f'({leaflet.id} {leaflet.version}).')
    for unit in leaflet_units(leaflet):
        catalog.add(unit.text, context=unit.context,
                    locations=[(library.relative(unit.path), unit.line)],
                    auto_comments=[unit.comment] if unit.comment else [])
    return catalog


def templates_template(library: Library) -> PoCatalog:
    """Return the translation template of the Jinja templates' strings."""
    folder = library.templates_dir
    stamp = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(folder.glob("*.j2")))
    return _templates_template(library, stamp)


@lru_cache(maxsize=8)
def _templates_template(library: Library, stamp: tuple[tuple[str, int], ...]) -> PoCatalog:
    """Extract the templates' strings; cached by the templates' modification times."""
    catalog = _new_catalog(library, TEMPLATES_DOMAIN, __version__, "Strings of the page templates: labels, "
                                                   "footer, draft notes, disclaimer.")
    folder = library.templates_dir
    for path, line, message, comments, context in extract_from_dir(
            folder, method_map=[("**.j2", "jinja2")], options_map={"**.j2": JINJA_OPTIONS},
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, context=context, auto_comments=comments,
                    locations=[(library.relative(folder / path), line)])
    return catalog


def _new_catalog(library: Library, project: str, version: str, about: str) -> PoCatalog:
    catalog = PoCatalog(project=project, version=version, fuzzy=True,
                        creation_date=datetime.datetime.now(datetime.UTC).replace(microsecond=0))
    catalog.header_comment = (f"# {about}\n"
                              "# Made by 'leaflets i18n extract' from the library's sources: edit "
                              "those, not this file.\n#")
    return catalog


def templates(library: Library, leaflet_ids: tuple[str, ...] = ()) -> dict[str, PoCatalog]:
    """Return the fresh templates by domain: the named leaflets (all when none) and the pages."""
    return dict(each_template(library, leaflet_ids))


def each_template(library: Library,
                  leaflet_ids: tuple[str, ...] = ()) -> Iterator[tuple[str, PoCatalog]]:
    """Yield the domain and fresh template of ``templates``, one at a time."""
    for leaflet in library.each_leaflet(leaflet_ids):
        if leaflet.id in RESERVED_IDS:
            raise ContentError(library.leaflets_dir / leaflet.id, f"the leaflet id {leaflet.id!r} "
                               "is taken by the page templates' catalog; rename the leaflet's "
                               "folder")
        yield leaflet.id, leaflet_template(library, leaflet)
    yield TEMPLATES_DOMAIN, templates_template(library)


def extract(library: Library, pots: dict[str, PoCatalog] | None = None) -> list[tuple[Path, bool]]:
    """Write every translation template (``pots`` when extracted already).

    Returns each path and whether it changed.
    """
    pots = pots if pots is not None else templates(library)
    return [(library.template_path(domain), write_catalog(library.template_path(domain), pot))
            for domain, pot in pots.items()]


def selected(library: Library, pots: dict[str, PoCatalog],
              leaflet_ids: tuple[str, ...]) -> dict[str, PoCatalog]:
    """Return the templates of the named leaflets (all when none) and of the pages."""
    for leaflet_id in leaflet_ids:
        if leaflet_id not in pots:
            library.leaflet(leaflet_id)  # a clear error naming the leaflets there are
    return {domain: pot for domain, pot in pots.items()
            if not leaflet_ids or domain in leaflet_ids or domain == TEMPLATES_DOMAIN}


def babel_extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                  options: Any) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor for ``pybabel extract``: section files and ``leaflet.toml``.

    Registered as the ``leaflets`` extraction method; see ``locales/babel.cfg``.
    """
    path = Path(getattr(fileobj, "name", "section.md"))
    text = fileobj.read().decode("utf-8-sig")
    if path.name == "leaflet.toml":
        config = parse_toml(text, path, ContentError)
        for key in ("title", "summary"):
            value = config.get(key, str)
            if value:
                yield config.line_of(key) or 1, "pgettext", (LEAFLET_CONTEXT, value), []
        return
    for unit in section_units(parse_section(path, path.stem, text)):
        yield unit.line, "pgettext", (unit.context, unit.text), [unit.comment] if unit.comment else []
