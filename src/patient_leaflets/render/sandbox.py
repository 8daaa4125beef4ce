"""The only way WeasyPrint may read anything: files inside the library.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a
document names. Ours serves regular files under the library's readable
folders and refuses everything else (other paths, any other scheme, files
that are too large), which stops the render: a leaflet never prints with a
silently missing image, and content can never pull a file or a URL into a PDF.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

MAX_BYTES = 20 * 1024 * 1024


class FetchRefused(FatalURLFetchingError):
    """WeasyPrint asked for something outside the sandbox."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"refused to load {url}: {reason}")
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

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except FetchRefused as refusal:
            self.refusals.append(refusal)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise FetchRefused(url, "only files inside the library's templates/, brands/ and "
                                    "leaflets/ folders can be used")
        # resolve() follows symbolic links, so a link cannot lead outside.
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(url, "the file is outside the library's templates/, brands/ and "
                                    "leaflets/ folders; copy it into the library")
        if not path.is_file():
            raise FetchRefused(url, "no such file in the library")
        if path.stat().st_size > self.max_bytes:
            raise FetchRefused(url, f"the file is larger than {self.max_bytes // 2**20} MiB")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": content_type})
