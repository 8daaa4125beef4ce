"""Translations: one gettext catalog per leaflet and locale, as translators know them.

    sources --extract--> locales/templates/<leaflet>.pot --init/update--> locales/<locale>/LC_MESSAGES/<leaflet>.po

Each block of a section (heading, paragraph, list item, table cell) is one
message whose context is the section id; the leaflet's title and summary have
the context ``leaflet.toml``. The strings of the Jinja templates go to
``templates.pot`` / ``templates.po``.

A build looks every block up by (context, source text). A message that is
missing, empty or fuzzy falls back to the source text and is counted, so a
half-translated leaflet is always a draft, never silently printed as done.
"""

from __future__ import annotations

import datetime
import gettext
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, PoFileParser, normalize, unescape, write_po

from . import __version__, markup
from .content import Leaflet, Section, parse_section
from .errors import ContentError, QualityGateError, UsageError
from .files import write_atomic
from .library import Library
from .tomlfile import parse_toml

LEAFLET_CONTEXT = "leaflet.toml"  # never a section id: those have no dot
TEMPLATES = "templates"  # the domain of the Jinja templates' strings
REVIEW_FIELD = "X-Translation-Review"
NOT_REVIEWED = "not reviewed"
# The only value that counts as reviewed: "reviewed 2026-12-01 by A. Name, medical translator".
REVIEWED = re.compile(r"reviewed \d{4}-\d{2}-\d{2} by \S.*")
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
_LINK = re.compile(r"\]\(")


# -- Catalog files ------------------------------------------------------------

class PoCatalog(Catalog):
    """A Babel catalog that keeps the header fields Babel itself does not know.

    Babel drops fields such as ``X-Translation-Review`` or a PO editor's
    ``X-Generator`` when it reads a file; a translator's header is theirs,
    so they are kept and written back.
    """

    _BABEL_FIELDS = {"project-id-version", "report-msgid-bugs-to", "pot-creation-date",
                     "po-revision-date", "last-translator", "language", "language-team",
                     "plural-forms", "mime-version", "content-type", "content-transfer-encoding",
                     "generated-by"}

    def __init__(self, *args, **kwargs):
        self.extra_headers: dict[str, str] = {}
        super().__init__(*args, **kwargs)

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        super()._set_mime_headers(headers)
        for name, value in headers:
            if name.lower() not in self._BABEL_FIELDS:
                self.extra_headers[name] = value

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = [(name, value) for name, value in super()._get_mime_headers()
                   if (name, value) != ("Report-Msgid-Bugs-To", "EMAIL@ADDRESS")]
        # Babel's last field ends the header with a newline; ours go before it.
        *babel, last = headers
        return babel + list(self.extra_headers.items()) + [last]

    mime_headers = property(_get_mime_headers, _set_mime_headers)

    # Babel rewrites words such as PROJECT or "Translations template" in the
    # header comment; the translator's comment is kept as written.
    def _get_header_comment(self) -> str:
        return self._header_comment

    def _set_header_comment(self, value: str) -> None:
        self._header_comment = value

    header_comment = property(_get_header_comment, _set_header_comment)


def read_catalog(path: Path) -> PoCatalog:
    """Read a PO or POT file; a clear error naming the line when it is broken."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, f"cannot read the catalog ({exc.strerror})") from None
    lines = data.removeprefix(b"\xef\xbb\xbf").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.startswith(b"#~|"):
            lines[number - 1] = b""  # msgmerge's previous text of an obsolete entry: a hint only
        elif not _well_quoted(line):
            raise ContentError(path, "broken string: each line of a message must be text between "
                                     'double quotes, with \\" for a quote inside', number)
    catalog = PoCatalog()
    try:
        PoFileParser(catalog, abort_invalid=True).parse(lines)
    except PoFileError as exc:
        message = re.sub(r" on \d+$", "", str(exc))
        raise ContentError(path, f"not a valid PO file: {message}; fix it in a PO editor "
                                 "(msgfmt --check shows the details)", exc.lineno + 1) from None
    except LookupError:
        raise ContentError(path, "the header's Content-Type names an unknown charset; set it to "
                                 "'text/plain; charset=UTF-8'") from None
    except UnicodeDecodeError:
        raise ContentError(path, "not UTF-8 text; save the catalog as UTF-8") from None
    for message in (*catalog, *catalog.obsolete.values()):
        _read_previous_id(message)
    return catalog


_QUOTED = re.compile(rb'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(rb"(?:#~ ?)?(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)")


def _well_quoted(line: bytes) -> bool:
    """Whether a keyword or continuation line holds exactly one whole quoted string."""
    line = line.strip()
    match = _KEYWORD.fullmatch(line)
    if match:
        line = match.group(2).strip()
    elif line.startswith(b"#~"):
        line = line[2:].strip()
    if not line.startswith(b'"'):
        return True  # a comment, a blank line, or something the parser reports itself
    return _QUOTED.fullmatch(line) is not None


_PREVIOUS = re.compile(r'\|\s*(msgid |msgctxt |msgid_plural |")')


def _read_previous_id(message: Message) -> None:
    """Turn the ``#| msgid`` lines Babel reads as translator comments back into ``previous_id``.

    The previous source text only means something on a fuzzy message: once a
    translator has resolved it, it is dropped, as msgmerge and PO editors do.
    """
    previous = [c for c in message.user_comments if _PREVIOUS.match(c)]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if c not in previous]
    lines = [comment[1:].strip() for comment in previous]
    parts: list[str] = []
    in_msgid = False
    for line in lines:
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            in_msgid = True
            parts.append(unescape(rest))
        elif line.startswith('"') and in_msgid:
            parts.append(unescape(line))
        else:
            in_msgid = False
    message.previous_id = ["".join(parts)] if parts and message.fuzzy else []


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` unless only its creation date would change.

    Returns whether the file was written. Leaving an unchanged file alone
    keeps version control quiet and PO editors' caches valid.
    """
    data = catalog_bytes(catalog)
    if path.is_file() and _undated(path.read_bytes()) == _undated(data):
        return False
    write_atomic(path, data, hint="check the permissions of the catalog and its folder")
    return True


def catalog_bytes(catalog: Catalog) -> bytes:
    """Return the PO text of ``catalog``, the previous text of fuzzy messages as ``#|`` lines.

    Babel wraps ``#|`` lines like comments, in the middle of a quoted string,
    which gettext's tools reject; so they are written here, with a marker.
    """
    previous: dict[str, str] = {}
    for number, message in enumerate(catalog):
        if message.fuzzy and message.id and message.previous_id:
            marker = f"previous-text-{number}"
            previous[marker] = message.previous_id[0]
            message.auto_comments = [*message.auto_comments, marker]
        elif not message.fuzzy:
            message.previous_id = []  # resolved: the previous text has done its job
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    for message in catalog:
        message.auto_comments = [c for c in message.auto_comments if c not in previous]
    out, pending = [], None
    for line in buffer.getvalue().decode(catalog.charset).split("\n"):
        if line.startswith("#. previous-text-") and line[3:] in previous:
            pending = previous[line[3:]]
            continue
        if pending is not None and line.startswith(("msgctxt ", "msgid ")):
            out.append("#| msgid " + normalize(pending, prefix="#| ", width=76))
            pending = None
        out.append(line)
    return "\n".join(out).encode(catalog.charset)


def _undated(data: bytes) -> bytes:
    return re.sub(rb'^"POT-Creation-Date: [^"]*"\n', b"", data, flags=re.MULTILINE)


# -- Extraction ---------------------------------------------------------------

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
    return parse_toml(path.read_text(encoding="utf-8-sig"), path, ContentError).line_of(key) or 1


def leaflet_template(library: Library, leaflet: Leaflet) -> PoCatalog:
    """Return the translation template (POT) of ``leaflet``."""
    catalog = _new_catalog(library, leaflet.id, leaflet.version,
                           f'Messages of the patient leaflet "{leaflet.title}" '
                           f'({leaflet.id} {leaflet.version}).')
    for unit in leaflet_units(leaflet):
        catalog.add(unit.text, context=unit.context,
                    locations=[(_relative(library, unit.path), unit.line)],
                    auto_comments=[unit.comment] if unit.comment else [])
    return catalog


def templates_template(library: Library) -> PoCatalog:
    """Return the translation template of the Jinja templates' strings."""
    folder = library.templates_dir
    stamp = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(folder.glob("*.j2")))
    return _templates_template(library, stamp)


@lru_cache(maxsize=8)
def _templates_template(library: Library, stamp: tuple) -> PoCatalog:
    """Extract the templates' strings; cached by the templates' modification times."""
    catalog = _new_catalog(library, TEMPLATES, __version__, "Strings of the page templates: labels, "
                                                   "footer, draft notes, disclaimer.")
    folder = library.templates_dir
    for path, line, message, comments, context in extract_from_dir(
            folder, method_map=[("**.j2", "jinja2")], options_map={"**.j2": JINJA_OPTIONS},
            comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, context=context, auto_comments=comments,
                    locations=[(_relative(library, folder / path), line)])
    return catalog


def _new_catalog(library: Library, project: str, version: str, about: str) -> PoCatalog:
    catalog = PoCatalog(project=project, version=version, fuzzy=True,
                        creation_date=datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0))
    catalog.header_comment = (f"# {about}\n"
                              "# Made by 'leaflets i18n extract' from the library's sources: edit "
                              "those, not this file.\n#")
    return catalog


def _relative(library: Library, path: Path) -> str:
    return path.relative_to(library.root).as_posix()


def template_path(library: Library, domain: str) -> Path:
    return library.root / "locales" / "templates" / f"{domain}.pot"


def catalog_path(library: Library, locale: str, domain: str) -> Path:
    return library.root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def templates(library: Library, leaflet_ids: tuple[str, ...] = ()) -> dict[str, PoCatalog]:
    """Return the fresh templates by domain: the named leaflets (all when none) and the pages."""
    found = {leaflet.id: leaflet_template(library, leaflet)
             for leaflet in library.leaflets(leaflet_ids)}
    if TEMPLATES in found:
        raise ContentError(library.leaflets_dir / TEMPLATES, f"the leaflet id {TEMPLATES!r} is "
                           "taken by the page templates' catalog; rename the leaflet's folder")
    found[TEMPLATES] = templates_template(library)
    return found


def extract(library: Library, pots: dict[str, PoCatalog] | None = None) -> list[tuple[Path, bool]]:
    """Write every translation template (``pots`` when extracted already).

    Returns each path and whether it changed.
    """
    pots = pots if pots is not None else templates(library)
    return [(template_path(library, domain), write_catalog(template_path(library, domain), pot))
            for domain, pot in pots.items()]


def _selected(library: Library, pots: dict[str, PoCatalog],
              leaflet_ids: tuple[str, ...]) -> dict[str, PoCatalog]:
    """Return the templates of the named leaflets (all when none) and of the pages."""
    for leaflet_id in leaflet_ids:
        if leaflet_id not in pots:
            library.leaflet(leaflet_id)  # a clear error naming the leaflets there are
    return {domain: pot for domain, pot in pots.items()
            if not leaflet_ids or domain in leaflet_ids or domain == TEMPLATES}


# -- Catalogs: init and update ------------------------------------------------

def check_target_locale(library: Library, locale: str) -> str:
    """Return ``locale`` if it names a language to translate into; else a clear error."""
    library.check_locale(locale)
    if locale == library.settings.source_locale:
        raise UsageError(f"{locale!r} is the library's source language (source_locale in "
                         "leaflets.toml); it needs no catalog")
    return locale


def catalog_locales(library: Library) -> list[str]:
    """Return the locales that have a catalog folder, sorted."""
    return library.catalog_locales()


def init(library: Library, locale: str, leaflet_ids: tuple[str, ...] = ()) -> list[tuple[Path, bool]]:
    """Create the catalogs of ``locale``; an existing catalog is kept, never overwritten.

    Returns each catalog's path and whether it was created.
    """
    check_target_locale(library, locale)
    pots = templates(library)
    extract(library, pots)
    babel_locale = Locale.parse(locale)
    made = []
    for domain, pot in _selected(library, pots, leaflet_ids).items():
        path = catalog_path(library, locale, domain)
        if path.exists():
            made.append((path, False))
            continue
        catalog = PoCatalog(locale=babel_locale, project=pot.project, version=pot.version,
                            creation_date=pot.creation_date, fuzzy=False)
        catalog.header_comment = (
            f"# {babel_locale.english_name} ({locale}) translation of "
            f"{'the page templates' if domain == TEMPLATES else 'the leaflet ' + domain}.\n"
            "# Translate in any PO editor; 'leaflets i18n status' shows what is left.\n"
            f"# Set {REVIEW_FIELD} once a qualified reviewer has checked the translation.\n#")
        catalog.language_team = f"{babel_locale.english_name} <>"
        catalog.extra_headers[REVIEW_FIELD] = NOT_REVIEWED
        for message in pot:
            if message.id:
                catalog[message.id] = _blank(message)
        write_catalog(path, catalog)
        made.append((path, True))
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


def update(library: Library, leaflet_ids: tuple[str, ...] = (),
           locales: tuple[str, ...] = ()) -> list[Merge]:
    """Extract, then merge the templates into every catalog of ``locales`` (all by default)."""
    for locale in locales:
        check_target_locale(library, locale)
    pots = templates(library)
    extract(library, pots)
    merges = []
    for locale in locales or tuple(catalog_locales(library)):
        for domain, pot in _selected(library, pots, leaflet_ids).items():
            path = catalog_path(library, locale, domain)
            if path.is_file():
                merges.append(_merge(path, pot))
    return merges


def _merge(path: Path, pot: Catalog) -> Merge:
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
    added = sum(1 for key, m in catalog._messages.items() if m.id and key not in before and not m.string)
    fuzzy = sum(1 for key, m in catalog._messages.items()
                if m.id and m.fuzzy and key not in fuzzy_before)
    written = write_catalog(path, catalog)
    return Merge(path, added, fuzzy, max(0, len(catalog.obsolete) - obsolete_before), written)


# -- Status -------------------------------------------------------------------

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


def progress(library: Library, domain: str, locale: str, pot: Catalog,
             catalog: Catalog | None = None) -> Progress:
    """Count the catalog of ``domain`` in ``locale`` (read unless given) against ``pot``."""
    path = catalog_path(library, locale, domain)
    if catalog is None:
        if not path.is_file():
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


def status(library: Library, locales: tuple[str, ...] = (),
           pots: dict[str, PoCatalog] | None = None) -> list[Progress]:
    """Return the progress of every catalog: leaflets and templates x target locales."""
    source = library.settings.source_locale
    wanted = locales or tuple(dict.fromkeys(
        [locale for locale in library.settings.locales if locale != source] + catalog_locales(library)))
    for locale in wanted:
        check_target_locale(library, locale)
    pots = pots if pots is not None else templates(library)
    return [progress(library, domain, locale, pot)
            for domain, pot in pots.items() for locale in wanted]


def stale_templates(library: Library, pots: dict[str, PoCatalog]) -> list[Path]:
    """Return the template files that differ from ``pots``, what extraction would write now."""
    stale = []
    for domain, pot in pots.items():
        path = template_path(library, domain)
        if not path.is_file():
            stale.append(path)
            continue
        if _undated(path.read_bytes()) != _undated(catalog_bytes(pot)):
            stale.append(path)
    return stale


def check_status(library: Library, rows: list[Progress], pots: dict[str, PoCatalog]) -> None:
    """Raise a quality-gate error if a template or catalog is behind the sources (``pots``)."""
    reasons = [f"{path}: out of date; run 'leaflets i18n extract'"
               for path in stale_templates(library, pots)]
    for row in rows:
        if not row.exists:
            reasons.append(f"{row.path}: missing; run 'leaflets i18n init {row.locale}'")
        elif row.behind:
            reasons.append(f"{row.path}: behind its template; run 'leaflets i18n update'")
    if reasons:
        raise QualityGateError(reasons)


def _size(pot: Catalog) -> int:
    return sum(1 for message in pot if message.id)


def _revised(catalog: Catalog) -> datetime.date | None:
    date = catalog.revision_date
    return date.date() if isinstance(date, datetime.datetime) else None


def _translator(catalog: Catalog) -> str | None:
    name = catalog.last_translator
    return None if not name or "FULL NAME" in name else name


# -- Building a locale --------------------------------------------------------

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
        return bool(self.reviews) and all(REVIEWED.fullmatch(value.strip())
                                          for value in self.reviews.values())

    def draft_reasons(self) -> tuple[str, ...]:
        """Return why this translation is not fit to publish; paths are library-relative."""
        reasons = []
        for path, row in self.missing.items():
            path = self._shown(path)
            if not row.exists:
                reasons.append(f"{self.locale} has no catalog {path}; run 'leaflets i18n init "
                               f"{self.locale}' and translate it (the source text is printed)")
                continue
            parts = [f"{row.untranslated} untranslated"] if row.untranslated else []
            parts += [f"{row.fuzzy} fuzzy"] if row.fuzzy else []
            reasons.append(f"{self.locale} translation incomplete: {' and '.join(parts)} of "
                           f"{row.total} messages in {path} (printed in the source language)")
        for path, value in self.reviews.items():
            if not REVIEWED.fullmatch(value.strip()):
                reasons.append(f"{self.locale} translation not reviewed ({REVIEW_FIELD}: "
                               f"{value!r} in {self._shown(path)}; once a qualified reviewer has "
                               "checked it, write 'reviewed YYYY-MM-DD by NAME')")
        return tuple(reasons)

    def _shown(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


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
    for domain, pot in ((leaflet.id, pot or leaflet_template(library, leaflet)),
                        (TEMPLATES, templates_template(library))):
        path = catalog_path(library, locale, domain)
        catalog = read_catalog(path) if path.is_file() else None
        row = rows[path] = progress(library, domain, locale, pot, catalog)
        if row.untranslated or row.fuzzy:
            missing[row.path] = row
        if catalog is None:
            continue
        reviews[row.path] = row.review or NOT_REVIEWED
        if domain == TEMPLATES:
            pages = _compiled(catalog, row.path)
        else:
            printed = [m for m in catalog if m.id and m.string and not m.fuzzy]
            messages = {(m.id, m.context): m.string for m in printed}
            lines = {(m.id, m.context): m.lineno for m in printed}
            revised = row.revised
    return Translation(locale, library.root, catalog_path(library, locale, leaflet.id),
                       catalog_path(library, locale, TEMPLATES), messages, pages, missing,
                       revised, reviews, rows, lines)


def _compiled(catalog: Catalog, path: Path) -> gettext.GNUTranslations:
    """Return ``catalog`` as gettext translations, after checking its placeholders."""
    for message, errors in catalog.check():
        raise ContentError(path, f"{errors[0]} in the translation of {message.id!r}; keep the "
                                 "%(name)s placeholders of the source", message.lineno)
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
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


def babel_extract(fileobj, keywords, comment_tags, options):
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
