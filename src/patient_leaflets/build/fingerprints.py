"""Fingerprints: a digest of everything that decides the bytes of one output.

Two builds of a job with the same fingerprint give the same file, so a job
whose output exists with the fingerprint the manifest recorded is skipped.
What goes in: the leaflet's folder and the shared sections it uses, the
catalogs of its language, the templates, the brand's folder, the font files
its page asks for, the settings that show on the page, the state that
depends on the date (overdue or not), and the versions of this tool and of
WeasyPrint. Files are read once per build, however many jobs share them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import stat
from dataclasses import asdict
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .. import reader
from .._version import __version__
from ..content import Outline
from ..errors import ContentError
from ..layout import SHARED, TEMPLATES_DOMAIN
from ..library import Library
from ..variants import Variant
from .jobs import Job


class Fingerprints:
    """Compute the fingerprints of a library's jobs, reading each input file once."""

    def __init__(self, library: Library, today: datetime.date):
        self.library = library
        self.today = today
        self._files: dict[Path, tuple[str, str]] = {}  # a file's name in the library, its digest
        self._folders: dict[Path, list[tuple[str, str]]] = {}
        self._shared_of: dict[str, list[tuple[str, str]]] = {}  # by leaflet id

    def of(self, job: Job, leaflet: Outline, brand_family: str) -> str:
        """Return the fingerprint of ``job`` (``leaflet`` and the brand's font as loaded)."""
        from ..fonts import font_families

        library = self.library
        files = [*self._folder(leaflet.folder), *self._shared(leaflet),
                 *self._folder(library.templates_dir), *self._folder(library.brands_dir / job.brand)]
        if job.locale != library.settings.source_locale:
            files += [self._file(library.catalog_path(job.locale, domain))
                      for domain in (job.leaflet, TEMPLATES_DOMAIN)]
        families = font_families(brand_family, job.locale)
        inputs = {
            "job": _job_data(job),
            "versions": _versions(),
            "source_locale": library.settings.source_locale,
            "overdue": leaflet.overdue(self.today),
            "files": files,
            "fonts": [_font_files(family) for family in families] if job.medium == "pdf" else [],
        }
        encoded = json.dumps(inputs, sort_keys=True, default=str).encode()
        return "sha256:" + hashlib.sha256(encoded).hexdigest()

    def _shared(self, leaflet: Outline) -> list[tuple[str, str]]:
        """Return the shared sections ``leaflet`` uses, and what else _shared/ holds (images)."""
        if leaflet.id not in self._shared_of:
            shared = self.library.leaflets_dir / SHARED
            used = {path for _, path in leaflet.section_files if path.parent == shared}
            self._shared_of[leaflet.id] = [
                entry for entry in self._folder(shared)
                if not entry[0].endswith(".md") or shared / Path(entry[0]).name in used]
        return self._shared_of[leaflet.id]

    def _folder(self, folder: Path) -> list[tuple[str, str]]:
        if folder not in self._folders:
            self._folders[folder] = [self._file(path) for path in _files_below(folder)]
        return self._folders[folder]

    def _file(self, path: Path) -> tuple[str, str]:
        if path not in self._files:
            if not path.exists() and not path.is_symlink():
                found = "missing"  # a catalog not written yet, say
            else:  # in chunks, through the one reader: no link out, no pipe, no 3 GB in memory
                found = reader.digest(path, ContentError, self.library.root)
            self._files[path] = self.library.relative(path), found
        return self._files[path]


def _files_below(folder: Path) -> list[Path]:
    """Return the files below ``folder``, sorted: regular ones and links (the reader judges
    where a link leads); pipes, sockets and devices are nothing a build reads."""
    found = []
    for base, _folders, names in os.walk(folder):  # never into a linked folder
        for name in names:
            path = Path(base, name)
            mode = path.lstat().st_mode
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
                found.append(path)
    return sorted(found)


def _job_data(job: Job) -> dict[str, object]:
    """Return ``asdict(job)``, without its deep copy of each field: a fingerprint per job."""
    return {**{name: getattr(job, name) for name in job.__dataclass_fields__},
            "variant": _variant_data(job.variant)}


@lru_cache(maxsize=16)
def _variant_data(variant: Variant) -> dict[str, object]:
    return asdict(variant)


@lru_cache(maxsize=1)
def _versions() -> dict[str, str]:
    found = {"patient-leaflets": __version__}
    for name in ("weasyprint", "pydyf"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


@lru_cache(maxsize=64)
def _font_files(family: str) -> list[tuple[str, int, int]]:
    """Return the files Fontconfig has for ``family``: path, size and modification time."""
    from ..fonts import family_files

    found = []
    for path, _index in family_files(family):
        try:
            stat = Path(path).stat()
        except OSError:
            continue
        found.append((path, stat.st_size, stat.st_mtime_ns))
    return sorted(set(found))
