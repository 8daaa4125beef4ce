"""Make an HTML leaflet self-contained: every image it shows travels inside it.

A leaflet sent by e-mail or posted on a patient portal must not load
anything from anywhere: no web request that tells a third party who read
it, no broken image when the file moves. Each ``src`` of the rendered page
is read through the same sandbox as the PDF renderer (files inside the
library only) and written into the page as a ``data:`` URL.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from ..errors import RenderError
from .sandbox import FetchRefused, SandboxFetcher

# Our template and markdown-it write every attribute double-quoted and escaped.
_SRC = re.compile(r'(\ssrc=")([^"]*)(")')


def self_contained(page: str, roots: tuple[Path, ...], what: str) -> str:
    """Return ``page`` with every ``src`` URL replaced by a ``data:`` URL of its file.

    ``what`` names the job in errors. A URL outside the library is refused,
    as the PDF renderer refuses it.
    """
    fetcher = SandboxFetcher(roots)
    cache: dict[str, str] = {}

    def embed(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        if url.startswith("data:"):
            return match.group(0)
        if url not in cache:
            try:
                response = fetcher.fetch(url)
            except FetchRefused as exc:
                raise RenderError(f"{what}: {exc}") from None
            data = base64.b64encode(response.read()).decode()
            cache[url] = f"data:{response.content_type};base64,{data}"
        return match.group(1) + cache[url] + match.group(3)

    return _SRC.sub(embed, page)
