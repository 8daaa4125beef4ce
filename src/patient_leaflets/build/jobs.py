"""What a build makes: one output file, named by plain values a worker process can receive.

Kept free of heavy imports: planning, fingerprints and the manifest use it
on the fast path of a build where nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from ..variants import Variant


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

    @cached_property  # asked of every job, several times, on the path of a build with nothing to do
    def path(self) -> str:
        """Return where the output goes, relative to the output folder, with '/'."""
        stem = f"{self.leaflet}-{self.version}"
        if self.medium == "html":  # a screen has no paper size
            name = f"{stem}{self.variant.suffix}.html"
        else:
            name = f"{stem}-{self.paper}{self.variant.suffix}.pdf"
        return str(PurePosixPath(self.brand, self.locale, name))
