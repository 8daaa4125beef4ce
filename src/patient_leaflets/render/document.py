"""What the renderer takes and gives: the leaflets to print, and the HTML made of them.

Plain values, light to import: the build plans and checks with ``Printed``
before anything is rendered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..content import Leaflet
from ..i18n.translation import Translation


@dataclass(frozen=True)
class Printed:
    """One leaflet as a document prints it: the content, in a language, in a state."""

    leaflet: Leaflet
    translation: Translation | None  # None: the source language
    draft_reasons: tuple[str, ...]
    overdue: bool = False


@dataclass(frozen=True)
class HtmlDocument:
    """An HTML leaflet and the folder its relative URLs are resolved from."""

    html: str
    base_url: str
    root_url: str  # the library's folder, the part of its URLs that varies by machine
    fonts: tuple[str, ...] = ()  # the font families its text asks for, in order
    # By the HTML id of each section with tables: its file and the line of each table.
    tables: dict[str, tuple[Path, tuple[int, ...]]] = field(default_factory=dict)

    def text(self) -> str:
        """Return the text of the body: every character some font must draw."""
        parser = _TextCollector()
        parser.feed(self.html)
        parser.close()
        return "".join(parser.parts)

    def identity(self) -> bytes:
        """Return a digest of the document that does not depend on where the library is."""
        return hashlib.sha256(self.html.replace(self.root_url, "").encode()).digest()


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._in_body = False
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
        elif tag in ("style", "script"):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if self._in_body and not self._skipping:
            self.parts.append(data)
