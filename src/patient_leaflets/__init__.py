"""patient-leaflets: print-ready, translated, branded patient-education leaflets.

The public API is the command line (``leaflets``). For scripting, the core
calls it makes are importable from here (loaded on first use, so that the
command line starts fast)::

    from patient_leaflets import BuildRequest, open_library, run_build
    library = open_library(Path("."))
    result = run_build(library, BuildRequest(today=datetime.date.today()))
"""

from __future__ import annotations

from typing import Any

from ._version import __version__

__all__ = ["BuildRequest", "BuildResult", "__version__", "open_library", "run_build"]

_LAZY = {
    "open_library": "library",
    "BuildRequest": "build.run",
    "BuildResult": "build.run",
    "run_build": "build.run",
}


def __getattr__(name: str) -> Any:
    """Import a name of the public API when it is first asked for."""
    if name not in _LAZY:
        raise AttributeError(f"module 'patient_leaflets' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_LAZY[name]}", __name__), name)
