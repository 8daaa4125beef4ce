"""Render a leaflet to HTML: the library's Jinja template, localized stamps.

The HTML is complete and self-describing: language and direction, title,
metadata, brand, and the footer stamp every page carries. ``render.pdf``
turns it into a PDF; nothing here knows about WeasyPrint.
"""

from __future__ import annotations

import datetime
import gettext
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date
from markdown_it.token import Token
from markupsafe import Markup

from .. import figures, markup, placeholders, reader
from .._version import __version__
from ..brands import Brand
from ..content import Leaflet, Section
from ..errors import ContentError, LocatedError, RenderError
from ..fonts import font_families
from ..i18n.translation import LEAFLET_CONTEXT, Translation
from ..library import Library
from ..variants import Variant
from .document import HtmlDocument, Printed

TEMPLATE = "leaflet.html.j2"
PAGE_SIZES = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class Stamp:
    """What the footer of every page says about the document's standing."""

    code: str | None
    version: str
    reviewed_on: str | None  # localized
    next_review: str | None  # localized
    draft_reasons: tuple[str, ...]  # of the content and of the translation
    overdue: bool = False  # the content was reviewed once, but is past its next review date

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)


def render_html(library: Library, leaflet: Leaflet, brand: Brand, *, locale: str, paper: str,
                draft_reasons: tuple[str, ...], overdue: bool = False,
                translation: Translation | None = None, variant: Variant = Variant(),
                medium: str = "pdf") -> HtmlDocument:
    """Render ``leaflet`` under ``brand`` for ``locale`` and ``paper`` as HTML.

    ``translation`` holds the catalogs of ``locale``; None renders the source text.
    ``medium`` "pdf" makes paged HTML for WeasyPrint; "html" a page for a screen.
    """
    return render_documents(library, [Printed(leaflet, translation, draft_reasons, overdue)],
                            brand, locale=locale, paper=paper, variant=variant, medium=medium)


def render_documents(library: Library, printed: list[Printed], brand: Brand, *, locale: str,
                     paper: str, variant: Variant = Variant(), medium: str = "pdf") -> HtmlDocument:
    """Render one or more leaflets as one HTML document (a print pack when several).

    Each leaflet gets its own masthead, footer stamp and page numbering, and
    starts on a right-hand page.
    """
    babel_locale = Locale.parse(locale)
    source_locale = library.settings.source_locale
    rtl = babel_locale.text_direction == "rtl"
    fonts = font_families(brand.font_family, locale)
    for item in printed:
        _check_images(library, item.leaflet, item.translation)
    documents = [_document(item, brand, babel_locale, locale, source_locale, rtl,
                           pack=len(printed) > 1) for item in printed]
    first = printed[0]
    templates = next((item.translation.templates for item in printed if item.translation), None)
    try:
        template = _environment(library.templates_dir, templates).get_template(TEMPLATE)
        html = template.render(
            lang=locale.replace("_", "-"),
            dir=babel_locale.text_direction,
            title=" · ".join(document["title"] for document in documents),
            summary=documents[0]["summary"] if len(documents) == 1 else None,
            keywords=", ".join(dict.fromkeys(
                keyword for item, document in zip(printed, documents)
                for keyword in (item.leaflet.keywords or
                                (document["title"], item.leaflet.code or item.leaflet.id)))),
            created=(first.leaflet.review.reviewed_on.isoformat()
                     if len(printed) == 1 and first.leaflet.review else None),
            generator=f"patient-leaflets {__version__}",
            documents=documents,
            brand=brand,
            logo_url=brand.logo.as_uri(),
            fonts=_font_stack(fonts),
            page_size=PAGE_SIZES[paper],
            medium=medium,
            stylesheets=[_stylesheet(library.templates_dir, name, medium)
                         for name in variant.stylesheets(medium)],
            body_classes=[name for name, on in (("large-print", variant.large_print),
                                                ("print-ready", variant.print_ready)) if on],
            page_number=Markup('<span class="page-number"></span>'),
        )
    except jinja2.TemplateError as exc:
        raise _template_error(library.templates_dir, exc) from None
    tables = {f"{item.leaflet.id}--{section.id}": (section.path, lines)  # the template's ids
              for item in printed for section in item.leaflet.sections
              if (lines := markup.table_lines(section.body))}
    return HtmlDocument(html, library.templates_dir.as_uri() + "/", library.root.as_uri() + "/",
                        fonts, tables)


def _check_images(library: Library, leaflet: Leaflet, translation: Translation | None) -> None:
    """Refuse an image of ``leaflet``'s sections, or of their ``translation``, that cannot be
    printed, naming its line (in the section, or in the catalog).

    The renderers refuse it too, for any image, but they only know its URL.
    """
    from .images import refusal
    from .sandbox import SandboxFetcher

    fetcher = SandboxFetcher(library.readable_dirs)
    for section in leaflet.sections:
        units = [(section.body, section.path, 0)]
        if translation is not None:
            units += [(translation.text(section.id, block.text), translation.path,
                       translation.lines.get((block.text, section.id), 1) - 1)
                      for block in section.blocks]
        for body, path, offset in units:
            for url, line in markup.images(body, section.path.parent):
                if reason := refusal(url, fetcher):
                    raise ContentError(path, reason, offset + line)


def _document(item: Printed, brand: Brand, babel_locale: Locale, locale: str, source_locale: str,
              rtl: bool, pack: bool) -> dict[str, Any]:
    """Return what the template prints of one leaflet."""
    leaflet, translation = item.leaflet, item.translation
    translate = translation.text if translation else _untranslated
    review = leaflet.review
    stamp = Stamp(
        code=leaflet.code,
        version=leaflet.version,
        reviewed_on=_date(review.reviewed_on, babel_locale) if review else None,
        next_review=_date(review.next_review, babel_locale) if review else None,
        draft_reasons=item.draft_reasons,
        overdue=item.overdue,
    )
    sections = [
        {
            "id": section.id,
            "title": markup.plain_inline(translate(section.id, section.title)),
            "style": section.style,
            "html": partial(_section_html, section, partial(translate, section.id), rtl,
                            source_locale.replace("_", "-") if translation else None),
        }
        for section in leaflet.sections
    ]
    url = brand.leaflet_url(leaflet.id, locale, leaflet.version)
    disclaimer, written = brand.disclaimer_in(locale, source_locale)
    if pack:
        # Three hyphens: no section id can make it (ids have single hyphens).
        page_count = Markup('<span class="page-count" data-end="#{}---end"></span>').format(leaflet.id)
    else:
        page_count = Markup('<span class="page-count"></span>')
    return {
        "id": leaflet.id,
        "page_name": f"leaflet-{leaflet.id}",
        "title": translate(LEAFLET_CONTEXT, leaflet.title),
        "summary": translate(LEAFLET_CONTEXT, leaflet.summary) if leaflet.summary else None,
        "sections": sections,
        "stamp": stamp,
        "published": _date(date, babel_locale) if (date := published(leaflet)) else None,
        "translation": _translation_state(translation, source_locale, babel_locale),
        "disclaimer": disclaimer,
        "disclaimer_lang": None if written == locale else written.replace("_", "-"),
        "url": url,
        "qr": qr_svg(url, brand, _scan_text(translation, url)) if url else None,
        "page_count": page_count,
    }


def _section_html(section: Section, translate: Callable[[str], str], rtl: bool,
                  source_lang: str | None, numbers: dict[str, str]) -> Markup:
    """Return the HTML of ``section``'s body: its placeholders filled in from ``numbers``
    (what the template prints for each, by name), its SVG figures inside the page; in a
    translation, what prints in the source language marked with ``source_lang``."""
    missing = [name for name in placeholders.NAMES if name not in numbers]
    if missing:
        raise RenderError(f"the page template gives no text for the placeholder {{{missing[0]}}}; "
                          "restore the 'numbers' of leaflet.html.j2 from the sample library")

    def rewrite(tokens: list[Token], env: dict[str, Any]) -> None:
        for index, token in enumerate(tokens):
            children = token.children or []
            for number, child in enumerate(children):
                path = figures.svg_file(str(child.attrGet("src") or "")) \
                    if child.type == "image" else None
                if path is not None:
                    children[number] = figures.raw_token(
                        figures.inline_svg(path, figures.alt_text(child), translate))
            if children:
                token.children = placeholders.filled(
                    children, lambda name: str(Markup.escape(numbers[name])))
            if token.type == "inline" and tokens[index - 1].type == "paragraph_open":
                figures.as_figure(tokens[index - 1], token, tokens[index + 1])

    return Markup(markup.to_html(section.body, translate, section.path.parent, rtl=rtl,
                                 rewrite=rewrite, source_lang=source_lang))


def published(leaflet: Leaflet) -> datetime.date | None:
    """Return when the version of ``leaflet`` being printed was released, if it was."""
    from ..control import read_releases

    return next((release.date for release in read_releases(leaflet)
                 if release.version == leaflet.version), None)


def _scan_text(translation: Translation | None, url: str) -> str:
    """The QR code's alternative text: the caption printed beside it, and where it leads."""
    pages = translation.templates if translation else gettext.NullTranslations()
    return f"{pages.gettext('Scan to read this leaflet online')}: {url}"


def qr_svg(url: str, brand: Brand, title: str | None = None) -> Markup:
    """Return a QR code of ``url`` as inline SVG (vector: sharp at any print size), with
    ``title`` its alternative text (a PDF's Figure needs one)."""
    import segno

    try:
        code = _qr_code(url)
    except segno.DataOverflowError:
        raise LocatedError(brand.folder / "brand.toml", f"'url' makes {url!r}, too long for a "
                                                        "QR code; use a shorter address") from None
    svg = code.svg_inline(omitsize=True, border=4, dark="#000000", light="#ffffff",
                          svgclass="qr-code", lineclass=None, title=title)
    return Markup(svg)


@lru_cache(maxsize=256)
def _qr_code(url: str) -> Any:
    """The QR code of ``url``, made once per process: choosing its mask is ~10 ms, and a
    build or the front desk prints the same address on each paper and variant."""
    import segno

    # Level M survives a smudge or a fold (15% of the code); black on white scans best.
    return segno.make(url, error="m", micro=False)


@dataclass(frozen=True)
class _Stylesheet:
    name: str
    text: Markup


def _stylesheet(templates_dir: Path, name: str, medium: str) -> _Stylesheet:
    """Return a stylesheet of the templates folder; its text only when it is inlined."""
    if medium != "html":
        return _Stylesheet(name, Markup(""))
    path = templates_dir / name
    text = reader.read_text(path, "template", LocatedError)
    line = _loading_line(text)
    if line:
        # An inlined sheet has no folder to resolve these from: they would be web requests.
        raise LocatedError(path, "an HTML leaflet must not load anything: remove url(), "
                                 "image-set() and @import from the stylesheet", line)
    # "</" would end the <style> element; in CSS "<\/" reads the same.
    return _Stylesheet(name, Markup(text.replace("</", "<\\/")))


def _loading_line(css: str) -> int | None:
    """Return the line of the first thing in ``css`` that would load a resource, if any.

    Read as a CSS parser reads it (tinycss2, WeasyPrint's own), so that
    escapes, upper case and comments cannot hide a ``url()``.
    """
    import tinycss2

    loading_functions = {"url", "image-set", "-webkit-image-set", "image", "cross-fade", "src"}

    def walk(nodes: Iterable[Any]) -> int | None:
        for node in nodes:
            if node.type == "url" or (node.type == "function" and node.lower_name in loading_functions):
                return int(node.source_line)
            if node.type == "at-rule" and node.lower_at_keyword in ("import", "font-face", "namespace"):
                return int(node.source_line)
            for child in (getattr(node, "prelude", None), getattr(node, "content", None),
                          getattr(node, "arguments", None)):
                if child:
                    found = walk(child)
                    if found:
                        return found
        return None

    return walk(tinycss2.parse_stylesheet(css))


def _untranslated(context: str, text: str) -> str:
    return text


def _translation_state(translation: Translation | None, source: str,
                       locale: Locale) -> dict[str, Any] | None:
    """Return what the pages say about a translation: revised when, complete, reviewed."""
    if translation is None:
        return None
    return {
        "revised": _date(translation.revised, locale) if translation.revised else None,
        "complete": not translation.missing,
        "reviewed": translation.reviewed,
        "review": translation.review,
        "source_language": Locale.parse(source).get_language_name(locale),
    }


def _font_stack(families: tuple[str, ...]) -> Markup:
    """Return a CSS font-family value: ``families``, then the generic sans-serif.

    Safe to print inside <style>: brands.py allows only letters, digits,
    spaces and hyphens in a family name.
    """
    return Markup(", ".join(f'"{name}"' for name in families) + ", sans-serif")


def _date(date: datetime.date, locale: Locale) -> str:
    return format_date(date, format="long", locale=locale)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by the environments of every language (one per catalog)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


@lru_cache(maxsize=32)
def _environment(templates_dir: Path, translations: gettext.NullTranslations | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_BYTECODE,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = translations or gettext.NullTranslations()
    # Jinja marks a translated string safe HTML; a catalog is text from a
    # translator, so escape it first (the %(name)s variables are escaped by Jinja).
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        lambda message: Markup.escape(translations.gettext(message)),
        lambda singular, plural, n: Markup.escape(translations.ngettext(singular, plural, n)),
        newstyle=True)
    env.filters["ltr"] = left_to_right
    env.tests["left_to_right"] = markup.left_to_right_only
    return env


@jinja2.pass_context
def left_to_right(context: jinja2.runtime.Context, value: str) -> Markup:
    """Mark ``value`` (a phone number, code, version, URL) as a left-to-right island.

    ``<bdi>`` says so in HTML, and a browser honours it. WeasyPrint ignores
    ``unicode-bidi``, so in a PDF the isolate characters LRI ... PDI go inside
    too, which the text shaper honours; never in HTML, where a copied phone
    number would carry them into the dialler.
    """
    if context.get("medium") == "html":
        return Markup('<bdi dir="ltr">{}</bdi>').format(value)
    return Markup('<bdi dir="ltr">\u2066{}\u2069</bdi>').format(value)


def _template_error(templates_dir: Path, exc: jinja2.TemplateError) -> Exception:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = Path(exc.filename) if exc.filename else templates_dir / TEMPLATE
        return LocatedError(path, f"template syntax error: {exc.message}", exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return LocatedError(templates_dir / (exc.name or TEMPLATE), "template not found; restore it from the "
                                                      "patient-leaflets sample library")
    return RenderError(f"{templates_dir / TEMPLATE}: template failed: {exc}")
