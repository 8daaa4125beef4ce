"""The errors the tool reports to its users.

Every error a user can cause or fix is a ``LeafletError``. The command line
is the one place that turns them into a line of text and an exit code:
``exit_code`` 2 for bad input or usage, 1 for a quality gate that failed.
"""

from __future__ import annotations

from pathlib import Path


class LeafletError(Exception):
    """Something the user can fix; reported as one line, never a traceback."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class LocatedError(LeafletError):
    """An error tied to a file and, where known, a line in it."""

    def __init__(self, path: Path, message: str, line: int | None = None):
        super().__init__(message)
        self.path = Path(path)
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ConfigError(LocatedError):
    """The library settings (``leaflets.toml``) are wrong or missing."""


class ContentError(LocatedError):
    """A leaflet's source files are wrong in a way the author can fix."""


class BrandError(LocatedError):
    """A brand's ``brand.toml`` or logo is wrong."""


class UsageError(LeafletError):
    """The command asked for something that does not exist (a leaflet, a brand)."""


class OutputError(LocatedError):
    """The output cannot be written where it was asked to go."""


class RenderError(LeafletError):
    """Rendering a document failed: a refused fetch, a WeasyPrint warning."""


class QualityGateError(LeafletError):
    """A check refused the work: drafts under ``--release``, failed checks.

    Carries one reason per line; the command line prints each and exits 1.
    """

    exit_code = 1

    def __init__(self, reasons: list[str]):
        super().__init__("\n".join(reasons))
        self.reasons = list(reasons)
