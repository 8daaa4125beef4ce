"""What a build makes: one output file, named by plain values a worker process can receive.

Kept free of heavy imports: planning, fingerprints and the manifest use it
on the fast path of a build where nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalogs import Translation
    from .content import Leaflet

MEDIA = ("pdf", "html")
STYLESHEET = "leaflet.css"
LARGE_PRINT = "large-print.css"
PRINT_READY = "print-ready.css"
SCREEN = "screen.css"


@dataclass(frozen=True, order=True)
class Variant:
    """How a document is printed besides its paper: for whom and for which press."""

    large_print: bool = False  # readers with low vision: 16 pt and more, one column
    print_ready: bool = False  # a print shop: bleed and crop marks

    NAMES = ("standard", "large", "print-ready", "large-print-ready")

    @classmethod
    def named(cls, name: str) -> "Variant":
        """Return the variant called ``name`` (one of ``Variant.NAMES``)."""
        return cls(large_print=name.startswith("large"), print_ready=name.endswith("print-ready"))

    @property
    def suffix(self) -> str:
        """Return what the variant adds to a file name: "", "-large", "-print-ready"..."""
        return ("-large" if self.large_print else "") + ("-print-ready" if self.print_ready else "")

    @property
    def name(self) -> str:
        return self.suffix[1:] or "standard"

    def stylesheets(self, medium: str) -> tuple[str, ...]:
        """Return the template folder's stylesheets for this variant, in cascade order."""
        sheets = [STYLESHEET]
        if self.large_print:
            sheets.append(LARGE_PRINT)
        if self.print_ready:
            sheets.append(PRINT_READY)
        if medium == "html":
            sheets.append(SCREEN)
        return tuple(sheets)


@dataclass(frozen=True, order=True)
class Job:
    """One output of a build: a leaflet's version, in a language, under a brand, on paper."""

    leaflet: str
    version: str
    locale: str
    brand: str
    paper: str
    variant: Variant = Variant()
    medium: str = "pdf"  # or "html"

    @property
    def name(self) -> str:
        """Return how messages name the job: ``demo (es, default, a4, large)``."""
        details = [self.locale, self.brand, "html" if self.medium == "html" else self.paper]
        if self.variant.suffix:
            details.append(self.variant.name)
        return f"{self.leaflet} ({', '.join(details)})"

    @property
    def path(self) -> str:
        """Return where the output goes, relative to the output folder, with '/'."""
        stem = f"{self.leaflet}-{self.version}"
        if self.medium == "html":  # a screen has no paper size
            name = f"{stem}{self.variant.suffix}.html"
        else:
            name = f"{stem}-{self.paper}{self.variant.suffix}.pdf"
        return str(PurePosixPath(self.brand, self.locale, name))


@dataclass(frozen=True)
class Printed:
    """One leaflet as a document prints it: the content, in a language, in a state."""

    leaflet: "Leaflet"
    translation: "Translation | None"  # None: the source language
    draft_reasons: tuple[str, ...]
    overdue: bool = False
