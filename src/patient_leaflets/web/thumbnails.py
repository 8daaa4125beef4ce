"""Pictures of a PDF's pages for the leaflet page, rendered from the PDF itself with PDFium.

What staff see is the file that will be printed, not a second rendering of
the leaflet. Each picture is made once per file content (its sha256) and
kept in ``<output>/.thumbnails/``.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from ..files import write_atomic

FOLDER = ".thumbnails"
WIDTH = 360  # pixels: sharp at 200% zoom in a column of about 180 CSS pixels
_PDFIUM = threading.Lock()  # PDFium is not thread-safe; waitress serves from several threads


def thumbnail(out_dir: Path, pdf: Path, sha256: str, page: int) -> bytes | None:
    """Return page ``page`` (from 1) of ``pdf`` as a PNG; None when it has no such page."""
    import pypdfium2

    cached = out_dir / FOLDER / f"{sha256}-{page}.png"
    if cached.is_file():
        return cached.read_bytes()
    with _PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            if not 1 <= page <= len(document):
                return None
            sheet = document[page - 1]
            width = sheet.get_width()  # in points
            image = sheet.render(scale=WIDTH / width).to_pil()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    data = buffer.getvalue()
    write_atomic(cached, data)
    return data
