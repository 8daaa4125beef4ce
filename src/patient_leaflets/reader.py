"""The library's one reader: every file the tool reads comes through here.

A library is plain files from people who may make mistakes or mean harm: an
author, a translator, a brand's designer. So a read

- resolves the path and refuses one that leads outside the library (a
  symbolic link to ``/etc/passwd``, a ``../`` climb);
- refuses anything but a regular file, without waiting on it (a FIFO in
  place of a catalog, a device), by opening it non-blocking and asking the
  open file what it is;
- refuses a file larger than its kind may be, before reading it whole
  (``LIMITS``), and hashes in chunks.

Each refusal is a ``LocatedError`` of the kind the caller names (a
``ContentError`` for a section, a ``BrandError`` for a logo), naming the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .errors import LocatedError

MiB = 1024 * 1024
# The largest file of each kind a library may hold. Generous for what people write,
# small enough that a mistake (a video saved as a section) is an error, not an hour.
LIMITS = {
    "settings": 1 * MiB,  # leaflets.toml, leaflet.toml, brand.toml, versions.toml
    "section": 1 * MiB,  # one section's Markdown
    "catalog": 16 * MiB,  # a PO or POT file
    "template": 2 * MiB,  # a page template or stylesheet
    "image": 20 * MiB,  # a logo or a figure
    "any": 1024 * MiB,  # what fingerprints hash, in chunks (a file the build may not read)
}
CHUNK = 1 * MiB


def library_root(path: Path) -> Path | None:
    """Return the library ``path`` belongs to: the nearest folder above it with leaflets.toml."""
    from .layout import SETTINGS_FILE

    for folder in Path(os.path.abspath(path)).parents:
        if (folder / SETTINGS_FILE).is_file():
            return folder.resolve()
    return None


def present(path: Path) -> bool:
    """Whether something stands at ``path``: a file, a link or a pipe alike.

    Finding what a library holds asks this, not ``is_file()``: a pipe in place
    of a leaflet.toml must be refused when read, not pass silently as absent.
    """
    return os.path.lexists(path)


def confined(path: Path, error: type[LocatedError], root: Path | None = None) -> Path:
    """Return ``path`` resolved, refusing it when it leads outside its library.

    ``root`` is the library's folder; by default the nearest folder above
    ``path`` holding leaflets.toml, else the folder ``path`` is in (so a link
    that leads out of it is refused even outside a library).
    """
    path = Path(os.path.abspath(path))
    boundary = (root or library_root(path) or path.parent).resolve()
    resolved = path.resolve()
    if not resolved.is_relative_to(boundary):
        raise error(path, f"leads outside the library (to {resolved}); copy the file into "
                          f"{boundary} instead of linking to it")
    return resolved


def read_bytes(path: Path, kind: str, error: type[LocatedError], root: Path | None = None) -> bytes:
    """Return the bytes of the regular file ``path`` of ``kind``, inside its library."""
    limit = LIMITS[kind]
    with _opened(path, error, root, limit) as fd:
        chunks, size = [], 0
        while chunk := os.read(fd, CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large(path, error, limit)
            chunks.append(chunk)
    return b"".join(chunks)


def read_text(path: Path, kind: str, error: type[LocatedError], root: Path | None = None) -> str:
    """Return the UTF-8 text (a byte-order mark allowed) of the file ``path`` of ``kind``."""
    try:
        return read_bytes(path, kind, error, root).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(path, "not UTF-8 text; save the file as UTF-8") from None


def digest(path: Path, error: type[LocatedError], root: Path | None = None) -> str:
    """Return the SHA-256 of the file ``path``, read in chunks (memory stays small)."""
    sha = hashlib.sha256()
    with _opened(path, error, root, LIMITS["any"]) as fd:
        while chunk := os.read(fd, CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


class _opened:
    """Open ``path`` for reading, as a regular file inside its library, within ``limit``."""

    def __init__(self, path: Path, error: type[LocatedError], root: Path | None, limit: int):
        self.path, self.error, self.root, self.limit = Path(path), error, root, limit
        self.fd = -1

    def __enter__(self) -> int:
        path, error = self.path, self.error
        resolved = confined(path, error, self.root)
        try:
            # Non-blocking: opening a FIFO for reading would wait for a writer forever.
            self.fd = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            raise error(path, "file not found") from None
        except IsADirectoryError:
            raise error(path, "is a folder, not a file") from None
        except OSError as exc:
            raise error(path, f"cannot read the file ({exc.strerror}); check its "
                              "permissions") from None
        info = os.fstat(self.fd)
        if stat.S_ISDIR(info.st_mode):
            os.close(self.fd)
            raise error(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            os.close(self.fd)
            raise error(path, "is not a regular file (a pipe, a device or a socket); put a "
                              "plain file here")
        if info.st_size > self.limit:
            os.close(self.fd)
            raise _too_large(path, error, self.limit)
        os.set_blocking(self.fd, True)
        return self.fd

    def __exit__(self, *exc: object) -> None:
        if self.fd >= 0:
            os.close(self.fd)


def _too_large(path: Path, error: type[LocatedError], limit: int) -> LocatedError:
    return error(path, f"is larger than {limit // MiB} MiB, the most a file of its kind may be; "
                       "is it the right file?")
