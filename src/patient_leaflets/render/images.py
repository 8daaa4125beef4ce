"""Images: the one test of whether an image can be printed, for the PDF and the HTML alike.

The PDF renderer loads each image through the sandbox and WeasyPrint's image
loader; the HTML output carries each image inside the page. Both ask
``refusal`` about every ``src`` of the page first, with WeasyPrint's own
loader, so the HTML output refuses exactly what the PDF output refuses, and
an image only one of them could show (a TIFF file: no browser shows it) is
refused by both.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

from .sandbox import FetchRefused, SandboxFetcher

# Our template and markdown-it write every attribute double-quoted and escaped.
SRC = re.compile(r'(\ssrc=")([^"]*)(")')

# Raster formats a browser shows in an <img> and WeasyPrint prints alike.
_FORMATS = {"PNG", "JPEG", "MPO", "GIF", "WEBP"}


def sources(page: str) -> list[str]:
    """Return the URL of each image of the HTML ``page``, once each, in order."""
    return list(dict.fromkeys(html.unescape(match.group(2)) for match in SRC.finditer(page)))


def refusal(url: str, fetcher: SandboxFetcher) -> str | None:
    """Return why the image at ``url`` cannot be printed, or None when it can."""
    from PIL import Image
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.images import RasterImage, get_image_from_uri

    with warnings_collected():  # it logs why it failed, and says no more than None
        try:
            image = get_image_from_uri(cache={}, url_fetcher=fetcher, options=DEFAULT_OPTIONS,
                                       url=url)
        except FetchRefused as refused:
            return str(refused)
    if image is None:
        return (f"cannot print {url}: it is not an image WeasyPrint can read; export it again "
                "as PNG, JPEG or SVG")
    if isinstance(image, RasterImage):
        with Image.open(BytesIO(fetcher.fetch(url).read())) as opened:
            kind = opened.format
        if kind not in _FORMATS:
            return (f"cannot print {url}: a {kind} image shows in the PDF but in no browser (the "
                    "HTML output); export it as PNG or JPEG")
    return None


@contextmanager
def warnings_collected() -> Iterator[list[str]]:
    """Collect the warnings WeasyPrint logs, instead of letting them reach the terminal."""
    logger = logging.getLogger("weasyprint")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
