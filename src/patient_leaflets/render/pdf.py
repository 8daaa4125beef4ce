"""Turn rendered HTML into a tagged, reproducible PDF with WeasyPrint.

This is the one module that imports WeasyPrint; keep it off the command
line's start-up path. A ``PdfWriter`` reuses one font configuration and one
image cache for every document it writes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydyf
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..errors import RenderError
from .document import HtmlDocument
from .sandbox import FetchRefused, SandboxFetcher

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int
    anchors: dict[str, int]  # the page (from 0) where each leaflet (id "leaflet-...") starts


class PdfWriter:
    """Write PDFs of documents whose files live under ``roots``."""

    def __init__(self, roots: Iterable[Path]):
        self._fetcher = SandboxFetcher(tuple(roots))
        self._font_config = FontConfiguration()
        self._image_cache: dict[str, Any] = {}

    def write(self, document: HtmlDocument, info: dict[str, str], what: str) -> Pdf:
        """Return the PDF of ``document``, with ``info`` added to its metadata.

        ``what`` names the job in errors ("spinal-manipulation (en, default, a4)").
        Any warning WeasyPrint logs (a missing glyph, a bad CSS rule) is an error.
        """
        def finish(_document: Any, pdf: Any) -> None:
            for key, value in info.items():
                pdf.info[key] = pydyf.String(value)

        self._fetcher.refusals.clear()
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
                data = rendered.write_pdf(finisher=finish, **options)
                anchors: dict[str, int] = {}
                for number, page in enumerate(rendered.pages):
                    for anchor in page.anchors:
                        if anchor.startswith("leaflet-"):
                            anchors.setdefault(anchor, number)
                return Pdf(data, len(rendered.pages), anchors)
            except FetchRefused as exc:
                raise RenderError(f"{what}: {exc}") from None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _warnings_as_errors(what: str, refusals: list[FetchRefused]) -> Iterator[None]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if refusals:
        raise RenderError(f"{what}: {refusals[0]}")
    if handler.messages:
        first, rest = handler.messages[0], len(handler.messages) - 1
        more = f" (and {rest} more)" if rest else ""
        raise RenderError(f"{what}: WeasyPrint: {first}{more}; fix the template, brand or "
                          "content it names")
