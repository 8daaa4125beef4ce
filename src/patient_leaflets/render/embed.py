"""Make an HTML leaflet self-contained: every image it shows travels inside it.

A leaflet sent by e-mail or posted on a patient portal must not load
anything from anywhere: no web request that tells a third party who read
it, no broken image when the file moves. Each ``src`` of the rendered page
is read through the same sandbox as the PDF renderer (files inside the
library only), checked as the PDF renderer checks it, and written into the
page as a ``data:`` URL.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from ..errors import RenderError
from .images import SRC, refusal
from .sandbox import SandboxFetcher


def self_contained(page: str, roots: tuple[Path, ...], what: str) -> str:
    """Return ``page`` with every ``src`` URL replaced by a ``data:`` URL of its file.

    ``what`` names the job in errors. An image the PDF renderer would refuse
    (outside the library, a ``data:`` URL already, not an image) is refused.
    """
    fetcher = SandboxFetcher(roots)
    cache: dict[str, str] = {}

    def embed(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        if url not in cache:
            reason = refusal(url, fetcher)
            if reason:
                raise RenderError(f"{what}: {reason}")
            response = fetcher.fetch(url)
            data = base64.b64encode(response.read()).decode()
            cache[url] = f"data:{response.content_type};base64,{data}"
        return match.group(1) + cache[url] + match.group(3)

    return SRC.sub(embed, page)
