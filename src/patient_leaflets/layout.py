"""The library layout: where each kind of file lives, written once.

Every path rule of a library (the settings file, the shared sections, the
catalogs and their templates, the name reserved for the page templates'
catalog) is stated here, and every module that needs one asks here, so
that no two places can disagree about where a file is.
"""

from __future__ import annotations

from pathlib import Path

SETTINGS_FILE = "leaflets.toml"
LEAFLETS = "leaflets"
BRANDS = "brands"
TEMPLATES = "templates"  # the page templates' folder
SHARED = "_shared"  # leaflets/_shared/: sections any leaflet may list
LOCALES = "locales"
MESSAGES = "LC_MESSAGES"
POT_FOLDER = "templates"  # locales/templates/: the translation templates
# The page templates' catalog is locales/<locale>/LC_MESSAGES/templates.po, so
# no leaflet may have this id: its catalog would be the same file.
TEMPLATES_DOMAIN = "templates"
RESERVED_IDS = (TEMPLATES_DOMAIN,)


def catalog_path(root: Path, locale: str, domain: str) -> Path:
    """Return the catalog of ``domain`` (a leaflet id, or the templates') in ``locale``."""
    return root.joinpath(LOCALES, locale, MESSAGES, f"{domain}.po")  # one join: a plan asks often


def template_path(root: Path, domain: str) -> Path:
    """Return the translation template (POT) of ``domain``."""
    return root.joinpath(LOCALES, POT_FOLDER, f"{domain}.pot")


def catalog_folders(root: Path) -> list[str]:
    """Return the names of the folders that hold catalogs (locales/<name>/LC_MESSAGES), sorted."""
    folder = root / LOCALES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / MESSAGES).is_dir())


def relative(root: Path, path: Path) -> str:
    """Return ``path`` as the library names it: relative to ``root``, with '/'.

    A path given relative to the current folder is resolved first; a path
    outside the library is returned whole.
    """
    path = Path(path)
    if path.is_relative_to(root):  # resolved only when it must be: a build asks this often
        return path.relative_to(root).as_posix()
    resolved = path.resolve()
    if resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix()
    return path.as_posix()
