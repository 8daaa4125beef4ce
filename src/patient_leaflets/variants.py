"""How a document is printed: the paper, and the variant for its reader or its press.

Plain values, read by the settings, the plan and the renderer alike.
"""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = ("a4", "letter")
MEDIA = ("pdf", "html")
STYLESHEET = "leaflet.css"
LARGE_PRINT = "large-print.css"
PRINT_READY = "print-ready.css"
SCREEN = "screen.css"
PAGED = "paged.css"  # only for PDFs: running footer, page counters (not valid on a screen)


@dataclass(frozen=True, order=True)
class Variant:
    """How a document is printed besides its paper: for whom and for which press."""

    large_print: bool = False  # readers with low vision: 16 pt and more, one column
    print_ready: bool = False  # a print shop: bleed and crop marks

    NAMES = ("standard", "large", "print-ready", "large-print-ready")

    @classmethod
    def named(cls, name: str) -> Variant:
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
        sheets = [STYLESHEET] if medium == "html" else [STYLESHEET, PAGED]
        if self.large_print:
            sheets.append(LARGE_PRINT)
        if self.print_ready:
            sheets.append(PRINT_READY)
        if medium == "html":
            sheets.append(SCREEN)
        return tuple(sheets)
