"""patient-leaflets: print-ready, translated, branded patient-education leaflets.

The public API is the command line (``leaflets``); the modules below it are
importable for scripting: ``library.open_library``, ``build.plan`` and
``build.run``.
"""

# The one place the version is written; pyproject.toml reads it from here.
# (importlib.metadata would cost the command line 50 ms at every start.)
__version__ = "0.1.0"
