"""Is this copy current? A PDF's document-control metadata judged against the library.

A leaflet's PDF carries its id, version, review dates and draft state in its
metadata (``render/metadata.py``). ``verify`` reads them and compares them
with the leaflet as the library holds it now: its version, the release of
that version in ``versions.toml`` (whose content fingerprint must still be
the text's), and the review dates. The command line and the front desk both
call ``verify``; each gets a ``Verdict``.
"""

from __future__ import annotations

import datetime
import enum
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from .content import content_fingerprint
from .control import read_releases
from .errors import LocatedError
from .library import Library

MAX_PDF_BYTES = 64 * 1024 * 1024  # a leaflet is a few hundred kilobytes; a scan of a book is not one


class NotOurs(LocatedError):
    """The file is not a leaflet of this library, or cannot be read as a PDF."""


class State(enum.Enum):
    """What a copy is, from the library's point of view."""

    CURRENT = "current"  # the released version, reviewed and not overdue: exit 0
    SUPERSEDED = "superseded"  # another version is current, or the text changed since
    UNRELEASED = "unreleased"  # the version has no release record in versions.toml
    DRAFT = "draft"  # printed as a draft: not for patients
    OVERDUE = "overdue"  # its clinical review date has passed


@dataclass(frozen=True)
class Verdict:
    """The judgement of one copy, and the one line that says it."""

    state: State
    leaflet: str
    version: str  # the copy's
    current_version: str  # the library's
    message: str

    @property
    def exit_code(self) -> int:
        return 0 if self.state is State.CURRENT else 1


def read_file(path: Path) -> bytes:
    """Return the bytes of the PDF at ``path`` (a user's file, not the library's)."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_PDF_BYTES + 1)
    except OSError as exc:
        raise NotOurs(path, f"cannot read the file ({exc.strerror}); name a PDF leaflet") from None
    if len(data) > MAX_PDF_BYTES:
        raise NotOurs(path, f"larger than {MAX_PDF_BYTES // 2**20} MiB: not a leaflet of ours")
    return data


def leaflet_info(data: bytes, where: Path) -> dict[str, str]:
    """Return the PDF's document-information entries, without their slashes."""
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        raise NotOurs(where, "not a PDF; name a leaflet's PDF file")
    # pypdf logs what it repairs in a damaged file; the verdict says it in one line instead.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL + 1)
    try:
        metadata = PdfReader(io.BytesIO(data)).metadata
        return {str(key).lstrip("/"): str(value) for key, value in (metadata or {}).items()}
    except Exception:  # a damaged PDF fails in pypdf in many ways: all are the file's fault
        raise NotOurs(where, "a damaged PDF: its metadata cannot be read") from None
    finally:
        quiet.setLevel(level)


def verify(library: Library, data: bytes, where: Path, today: datetime.date) -> Verdict:
    """Judge the PDF ``data`` (named ``where`` in messages) against ``library`` as of ``today``."""
    info = leaflet_info(data, where)
    leaflet_id, version = info.get("LeafletId"), info.get("LeafletVersion")
    if not leaflet_id or not version:
        raise NotOurs(where, "not a leaflet made by patient-leaflets (no /LeafletId and "
                             "/LeafletVersion in its metadata)")
    if leaflet_id not in library.leaflet_ids():
        raise NotOurs(where, f"leaflet {leaflet_id!r} is not in the library at {library.root}; "
                             "is it another clinic's?")
    leaflet = library.leaflet(leaflet_id)
    current = leaflet.version

    def verdict(state: State, message: str) -> Verdict:
        return Verdict(state, leaflet_id, version, current, f"{state.value}: {message}")

    releases = {release.version: release for release in read_releases(leaflet)}
    if version != current:
        released = releases.get(current)
        when = f", released {released.date.isoformat()}" if released else ""
        return verdict(State.SUPERSEDED, f"{leaflet_id} {version}; the current version is "
                                         f"{current}{when}: print it again")
    release = releases.get(current)
    if release is None:
        return verdict(State.UNRELEASED, f"{leaflet_id} {version} has no release record in "
                                         f"{library.relative(leaflet.folder)}/versions.toml; "
                                         "release it with 'leaflets release' before handing it out")
    if release.fingerprint != content_fingerprint(leaflet):
        return verdict(State.SUPERSEDED, f"{leaflet_id} {version}: the text changed after "
                                         f"{version} was released on {release.date.isoformat()}; "
                                         "the changes need a new version ('leaflets release "
                                         "--bump')")
    if info.get("Draft", "true") != "false":
        reasons = info.get("DraftReasons") or "printed as a draft"
        return verdict(State.DRAFT, f"{leaflet_id} {version} is a draft, not for patients "
                                    f"({reasons}); current version {current}")
    next_review = _date(info.get("NextReview"))
    if next_review is None or next_review < today:
        due = next_review.isoformat() if next_review else "never set"
        return verdict(State.OVERDUE, f"{leaflet_id} {version}: its clinical review was due "
                                      f"{due}; current version {current}, review it "
                                      "('leaflets review') and print it again")
    return verdict(State.CURRENT, f"{leaflet_id} {version}, released "
                                  f"{release.date.isoformat()}, reviewed {info.get('ReviewedOn')}, "
                                  f"next review {next_review.isoformat()}")


def verify_file(library: Library, path: Path, today: datetime.date) -> Verdict:
    """Judge the PDF file at ``path``."""
    return verify(library, read_file(path), path, today)


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None

