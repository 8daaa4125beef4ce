"""Writing files safely: whole or not at all, with errors a user can act on."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError

OUT_HINT = "choose another folder with --out DIR"


def ensure_writable(folder: Path, hint: str = OUT_HINT) -> None:
    """Create ``folder`` if needed; raise a clear error if it cannot be written to."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(folder, f"the output folder is a file; remove it or {hint}") from None
    except OSError as exc:
        raise OutputError(folder, f"cannot create the output folder ({exc.strerror}); "
                                  f"{hint}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(folder, f"the output folder is not writable; fix its permissions or {hint}")


def write_atomic(path: Path, data: bytes | Iterable[bytes], hint: str = OUT_HINT) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    ``data`` may come in chunks (a manifest of thousands of records, a record at a
    time): if making one fails, the old file stays as it was.

    A file that exists keeps its permissions; a read-only one is not replaced.
    ``hint`` ends an error with what the user can do.
    """
    mode = 0o644
    if path.is_file():
        if not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK):
            raise OutputError(path, f"the file is read-only; make it writable or {hint}")
        mode = path.stat().st_mode & 0o7777
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(path.parent, f"cannot write here ({exc.strerror}); fix its "
                                       f"permissions or {hint}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            for chunk in (data,) if isinstance(data, bytes) else data:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(path, _write_failure(exc, hint)) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_failure(exc: OSError, hint: str) -> str:
    """Say why a write failed, in the words of its real cause, and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"cannot write the file: the disk is full ({exc.strerror}); nothing was "
                f"replaced: free some space, or {hint}")
    if exc.errno == errno.EFBIG:
        return (f"cannot write the file: it is larger than this system lets a file be "
                f"({exc.strerror}); raise the limit (ulimit -f), or {hint}")
    return f"cannot write the file ({exc.strerror}); remove what is in the way or {hint}"
