"""Turn rendered HTML into a tagged, reproducible PDF with WeasyPrint.

This is the one module that imports WeasyPrint's renderer; keep it off the
command line's start-up path. A ``PdfWriter`` reuses one font configuration
and one image cache for every document it writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
from weasyprint import HTML
from weasyprint.images import RasterImage
from weasyprint.text.fonts import FontConfiguration

from ..errors import ContentError, RenderError
from .columns import install as install_columns
from .document import HtmlDocument
from .images import refusal, sources, warnings_collected
from .rtl import install as install_rtl
from .sandbox import FetchRefused, SandboxFetcher
from .stylesheets import install as install_stylesheets
from .tagging import install as install_tagging

PDF_VARIANT = "pdf/ua-1"
_MM_PER_PX = 25.4 / 96


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    anchors: dict[str, int]  # the page (from 0) where each leaflet (id "leaflet-...") starts


class PdfWriter:
    """Write PDFs of documents whose files live under ``roots``.

    What it loads once serves every document it writes: one font
    configuration, the images of a build, the stylesheets as long as
    their bytes stay the same (``stylesheets``).
    """

    def __init__(self, roots: Iterable[Path]):
        install_tagging()
        install_columns()
        install_rtl()
        install_stylesheets()
        self._fetcher = SandboxFetcher(tuple(roots))
        self._font_config = FontConfiguration()
        self._image_cache = _ImageCache()
        self._refusals: dict[str, str | None] = {}  # by image URL, as the image cache

    def forget_changed_images(self) -> None:
        """Read again on next use each image whose file changed or went since it was read.

        A long-lived writer (the front desk's) keeps the images it decoded for the next
        document, as long as each file still holds the bytes it was read from.
        """
        served = self._fetcher.served
        for url in {*self._refusals, *self._image_cache}:
            read = served.pop(url, None)  # None: not a file this fetcher served
            if read is not None:
                # Read again through the sandbox, as it was read: a link out or a non-file
                # is refused now (and so not served), a changed file served with a new digest.
                with suppress(FetchRefused):
                    self._fetcher.fetch(url)
            if read is None or served.get(url) != read:
                self._refusals.pop(url, None)
                self._image_cache.pop(url, None)

    def write(self, document: HtmlDocument, info: dict[str, str], what: str) -> Pdf:
        """Return the PDF of ``document``, with ``info`` added to its metadata.

        ``what`` names the job in errors ("spinal-manipulation (en, default, a4)").
        Any warning WeasyPrint logs (a missing glyph, a bad CSS rule) is an error,
        and so is a table wider than the column it stands in, and text laid out off
        the paper (a footer stamp too long for the page's bottom margin).
        """
        def finish(_document: Any, pdf: Any) -> None:
            for key, value in info.items():
                pdf.info[key] = pydyf.String(value)
            _seal(pdf)

        self._fetcher.refusals.clear()
        for url in sources(document.html):  # as the HTML output checks them
            if url not in self._refusals:
                self._refusals[url] = refusal(url, self._fetcher)
            if self._refusals[url]:
                raise RenderError(f"{what}: {self._refusals[url]}")
        self._fetcher.refusals.clear()
        self._image_cache.root_url = document.root_url
        with _warnings_as_errors(what, self._fetcher.refusals):
            try:
                html = HTML(string=document.html, base_url=document.base_url,
                            url_fetcher=self._fetcher)
                options = {
                    "pdf_variant": PDF_VARIANT,
                    "pdf_identifier": document.identity().hex()[:32].encode(),
                    "cache": self._image_cache,
                }
                rendered = html.render(font_config=self._font_config, **options)
                _refuse_wide_tables(rendered, document, what)
                _refuse_text_off_the_page(rendered, what)
                data = rendered.write_pdf(finisher=finish, **options)
                anchors: dict[str, int] = {}
                for number, page in enumerate(rendered.pages):
                    for anchor in page.anchors:
                        if anchor.startswith("leaflet-"):
                            anchors.setdefault(anchor, number)
                return Pdf(data, len(rendered.pages), anchors)
            except FetchRefused as exc:
                raise RenderError(f"{what}: {exc}") from None


def _seal(pdf: pydyf.PDF) -> None:
    """Make the bytes of each object of a finished ``pdf`` once, for the two times they are asked.

    pydyf serialises (and compresses) every object once for the file and once
    more for the MD5 in its /ID: 2-3% of a document's time (issue 17). The
    object stream pydyf makes while writing is still made twice: a join of
    bytes made here, compressed.
    """
    pdf.objects[:] = [_Sealed(object_) if object_.free != "f" else object_
                      for object_ in pdf.objects]


class _Sealed(pydyf.Object):  # type: ignore[misc]  # pydyf has no types
    """An object of a finished PDF, standing in for it with its bytes made once."""

    def __init__(self, original: pydyf.Object):
        super().__init__()
        self.number, self.generation = original.number, original.generation
        self._data: bytes = original.data
        self._compressible: bool = original.compressible

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def compressible(self) -> bool:
        return self._compressible


class _ImageCache(dict[str, Any]):
    """WeasyPrint's image cache, naming each raster image by its place in the library.

    WeasyPrint names a raster image inside the PDF after the MD5 of its URL,
    which holds the library's folder: the same library elsewhere made other
    bytes. Each image is named again, from its URL less ``root_url``, as it
    enters the cache (before any page draws it). Vector images have no name.
    """

    root_url = ""

    def __setitem__(self, key: str, value: Any, /) -> None:
        if isinstance(value, RasterImage) and self.root_url and key.startswith(self.root_url):
            value.id = hashlib.md5(key.removeprefix(self.root_url).encode(),
                                   usedforsecurity=False).hexdigest()
        super().__setitem__(key, value)


def _refuse_wide_tables(rendered: Any, document: HtmlDocument, what: str) -> None:
    """Refuse a table laid out wider than its section: it would run off the column or page."""
    from weasyprint.formatting_structure.boxes import TableBox

    def walk(box: Any, section: Any) -> Iterator[tuple[Any, Any]]:
        if getattr(box, "element_tag", None) == "section":
            section = box
        if isinstance(box, TableBox) and section is not None:
            yield box, section
        for child in getattr(box, "children", ()):
            yield from walk(child, section)

    for page in rendered.pages:
        for table, section in walk(page._page_box, None):  # WeasyPrint has no public layout API
            left, right = section.content_box_x(), section.content_box_x() + section.width
            over = max(left - table.position_x, table.position_x + table.margin_width() - right)
            if over > 0.5:
                raise _too_wide(document, section.element, table.element, over * _MM_PER_PX, what)


def _refuse_text_off_the_page(rendered: Any, what: str) -> None:
    """Refuse a document with text laid out outside its page (the trim box: bleed aside).

    The footer stamp lives in the bottom margin, which does not grow: a code or a
    translation of the footer's messages long enough to wrap onto more lines than
    the margin holds would print its last lines off the sheet.
    """
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox

    def walk(box: Any, footer: bool) -> Iterator[tuple[Any, bool]]:
        footer = footer or isinstance(box, MarginBox)
        if isinstance(box, TextBox):
            yield box, footer
        for child in getattr(box, "children", ()):
            yield from walk(child, footer)

    for number, page in enumerate(rendered.pages, start=1):
        box = page._page_box  # WeasyPrint has no public layout API
        bleed = page.bleed
        right, bottom = box.margin_width() - bleed["right"], box.margin_height() - bleed["bottom"]
        for text, footer in walk(box, False):
            over = max(bleed["left"] - text.position_x, bleed["top"] - text.position_y,
                       text.position_x + text.width - right, text.position_y + text.height - bottom)
            if over <= 0.5:
                continue
            where = "the footer stamp" if footer else f"the text {text.text[:40]!r}"
            fix = ("shorten the leaflet's 'code' or the translations of the footer's messages "
                   "(in the locale's templates.po)") if footer else "shorten its longest words"
            raise RenderError(f"{what}: {where} runs {over * _MM_PER_PX:.0f} mm off page "
                              f"{number}; {fix}")


def _too_wide(document: HtmlDocument, section: Any, table: Any, over: float,
              what: str) -> Exception:
    message = (f"this table is {over:.0f} mm wider than its column in {what}; split it into "
               "narrower tables, shorten its longest words, or write it as a list")
    section_id = section.get("id") or ""
    path, lines = document.tables.get(section_id, (None, ()))
    tables = [element for element in section.iter() if str(element.tag).endswith("table")]
    index = tables.index(table) if table in tables else len(lines)
    if path is None:
        return RenderError(f"{what}: section {section_id!r}: {message}")
    return ContentError(path, message, lines[index] if index < len(lines) else None)


@contextmanager
def _warnings_as_errors(what: str, refusals: list[FetchRefused]) -> Iterator[None]:
    with warnings_collected() as messages:
        yield
    if refusals:
        raise RenderError(f"{what}: {refusals[0]}")
    if messages:
        first, rest = messages[0].rstrip("."), len(messages) - 1
        more = f" (and {rest} more)" if rest else ""
        raise RenderError(f"{what}: WeasyPrint: {first}{more}; fix the template, brand or "
                          "content it names")
