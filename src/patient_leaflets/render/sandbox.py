"""The only way WeasyPrint may read anything: files inside the library.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a
document names. Ours serves regular files under the library's readable
folders and refuses everything else (other paths, any other scheme, files
that are too large), which stops the render: a leaflet never prints with a
silently missing image, and content can never pull a file or a URL into a PDF.

An SVG image must hold everything it shows: one that refers to another file
or a web address is refused (the HTML output, where it travels as a
``data:`` URL, could not show that part). What it holds as ``data:`` URLs is
served, and no other ``data:`` URL.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .. import reader
from ..errors import LocatedError

MAX_BYTES = reader.LIMITS["image"]  # the largest file WeasyPrint may ask for: an image


class FetchRefused(FatalURLFetchingError):
    """WeasyPrint asked for something outside the sandbox."""

    def __init__(self, url: str, reason: str):
        shown = url if len(url) <= 100 else url[:60] + "..."  # a data: URL can be megabytes
        super().__init__(f"refused to load {shown}: {reason}")
        self.url = url
        self.reason = reason


class SandboxFetcher(URLFetcher):
    """Serve files under ``roots``; refuse every other URL."""

    def __init__(self, roots: tuple[Path, ...], max_bytes: int = MAX_BYTES):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.max_bytes = max_bytes
        # WeasyPrint's SVG code swallows even fatal fetch errors and logs a
        # vague warning; the refusals kept here let the caller name the URL.
        self.refusals: list[FetchRefused] = []
        self._held: set[str] = set()  # the data: URLs inside the SVG files served
        self.served: dict[str, str] = {}  # the SHA-256 of each file served, by its URL

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except FetchRefused as refusal:
            self.refusals.append(refusal)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        if url.startswith("data:") and _squeezed(url) in self._held:
            held = DataHandler().data_open(Request(url))
            return URLFetcherResponse(url, body=held.read(),
                                      headers={"Content-Type": held.headers.get_content_type()})
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(url, "only files inside the library's templates/, brands/ and "
                                    "leaflets/ folders can be used")
        # resolve() follows symbolic links, so a link cannot lead outside.
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(url, "the file is outside the library's templates/, brands/ and "
                                    "leaflets/ folders; copy it into the library")
        if not reader.present(path):
            raise FetchRefused(url, "no such file in the library")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # Through the library's one reader: a regular file only, within its kind's size.
        kind = "template" if content_type == "text/css" else "image"
        try:
            body = reader.read_bytes(path, kind, LocatedError, root=path.parent)
        except LocatedError as refused:
            raise FetchRefused(url, refused.message) from None
        if len(body) > self.max_bytes:
            raise FetchRefused(url, f"the file is larger than {self.max_bytes // 2**20} MiB")
        if content_type == "image/svg+xml":
            self._held.update(_svg_data_urls(url, body))
        self.served[url] = hashlib.sha256(body).hexdigest()
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": content_type})


def _svg_data_urls(url: str, svg: bytes) -> set[str]:
    """Return the ``data:`` URLs the SVG ``svg`` holds; refuse it if it refers to anything else."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if b"<?xml-stylesheet" in svg:
        raise FetchRefused(url, "the SVG links a stylesheet; put the styles inside it")
    try:
        root = fromstring(svg)
    except DefusedXmlException:
        raise FetchRefused(url, "the SVG declares XML entities, which are refused; export it "
                                "again") from None
    except ParseError:
        return set()  # not XML: WeasyPrint refuses it as an image
    from ..brands import svg_targets

    held = set()
    for how, target in svg_targets(root):
        if how != "import" and target.startswith("data:"):
            held.add(_squeezed(target))
        elif how == "import" or (target and not target.startswith("#")):
            raise FetchRefused(url, f"the SVG refers to {target!r}; an image must hold "
                                    "everything it shows: put that inside it as a data: "
                                    "URL, or show it as an image of its own")
    return held


def _squeezed(url: str) -> str:
    # Base64 in an SVG attribute is often wrapped; WeasyPrint may or may not keep the breaks.
    return re.sub(r"\s+", "", url)
