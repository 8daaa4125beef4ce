"""patient-leaflets: print-ready, translated, branded patient-education leaflets.

The public API is the command line (``leaflets``); the modules below it are
importable for scripting: ``library.open_library``, ``build.plan`` and
``build.run``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("patient-leaflets")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
