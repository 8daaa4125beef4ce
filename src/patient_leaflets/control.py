"""Document control: a leaflet's creation, its clinical review record, its released versions.

``leaflets new`` writes a leaflet's folder with starter sections whose text
says it is a placeholder (``PLACEHOLDER``), so 'leaflets check' can find it.
``leaflets review`` writes the ``[review]`` table of ``leaflet.toml``;
``leaflets release`` bumps its ``version`` and records the content's
fingerprint in ``leaflets/<id>/versions.toml``:

    [[release]]
    version = "1.0.1"
    date = 2026-11-21
    fingerprint = "sha256:..."
    summary = "Say when to stop treatment"

``leaflet.toml`` is edited with tomlkit, which keeps every comment, blank line
and key order: it is the author's file, not ours.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from . import fields, reader
from .content import ID_RULE, Leaflet, Review, content_fingerprint, load_leaflet, valid_id, valid_semver
from .errors import ContentError, UsageError
from .files import write_atomic
from .layout import RESERVED_IDS, SHARED
from .library import Library
from .tomlfile import read_toml

VERSIONS_FILE = "versions.toml"
_RELEASE_KEYS = ("version", "date", "fingerprint", "summary")
_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}")
_VERSIONS_HEADER = ("# Released versions of this leaflet, oldest first: written by 'leaflets release'.\n"
                    "# Each records the fingerprint of the content (sections and leaflet.toml without\n"
                    "# 'version' and [review]); 'leaflets check' compares the content with it.\n")
_WRITE_HINT = "check the permissions of the leaflet's folder"
PLACEHOLDER = "Replace this:"  # how starter text begins: 'leaflets check' looks for it
FIRST_VERSION = "0.1.0"


@dataclass(frozen=True)
class Release:
    """One released version of a leaflet's content."""

    version: str
    date: datetime.date
    fingerprint: str
    summary: str
    line: int | None  # where the record starts in versions.toml


def versions_path(leaflet: Leaflet) -> Path:
    return leaflet.folder / VERSIONS_FILE


def read_releases(leaflet: Leaflet) -> tuple[Release, ...]:
    """Return the releases recorded in ``versions.toml``, oldest first (none if it is absent)."""
    path = versions_path(leaflet)
    if not path.is_file():
        return ()
    config = read_toml(path, ContentError)
    config.refuse_unknown({"release"})
    records = config.get("release", list, default=[])
    starts = [number for number, line in enumerate(config.text.split("\n"), start=1)
              if re.match(r"\s*\[\[\s*release\s*\]\]", line)]
    releases: list[Release] = []
    for index, data in enumerate(records):
        line = starts[index] if index < len(starts) else None
        if not isinstance(data, dict):
            raise ContentError(path, "'release' must be a list of [[release]] tables", line)
        where = f"release {index + 1}"
        unknown = set(data) - set(_RELEASE_KEYS)
        missing = [key for key in _RELEASE_KEYS if key not in data]
        if unknown or missing:
            problem = (f"unknown field {sorted(unknown)[0]!r}" if unknown
                       else f"missing field {missing[0]!r}")
            raise ContentError(path, f"{where}: {problem}; a release has version, date, "
                                     "fingerprint and summary", line)
        version, date, fingerprint, summary = (data[key] for key in _RELEASE_KEYS)
        if not isinstance(version, str) or not valid_semver(version):
            raise ContentError(path, f"{where}: 'version' must be a semantic version like "
                                     f"\"1.0.0\", not {version!r}", line)
        if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
            raise ContentError(path, f"{where}: 'date' must be a date like 2026-11-01 (no "
                                     "quotes)", line)
        if not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint):
            raise ContentError(path, f"{where}: 'fingerprint' must be \"sha256:\" and 64 hex "
                                     "digits, as 'leaflets release' writes it", line)
        if not isinstance(summary, str) or not summary.strip():
            raise ContentError(path, f"{where}: 'summary' must say in a line what changed", line)
        if wrong := fields.problem(summary, fields.RELEASE_SUMMARY):
            raise ContentError(path, f"{where}: 'summary' {wrong}", line)
        if any(release.version == version for release in releases):
            raise ContentError(path, f"{where}: version {version} is recorded twice; keep the "
                                     "first record", line)
        releases.append(Release(version, date, fingerprint, summary, line))
    return tuple(releases)


def bump(version: str, part: str) -> str:
    """Return ``version`` with its ``part`` (major, minor or patch) raised.

    The parts after it go back to 0, and a pre-release or build suffix is
    dropped: 1.2.3-beta bumped by patch is 1.2.4.
    """
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", version)
    if match is None:
        raise UsageError(f"{version!r} is not a semantic version (major.minor.patch); fix "
                         "'version' in leaflet.toml")
    major, minor, patch = (int(number) for number in match.groups())
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


@dataclass(frozen=True)
class Released:
    """What ``release`` did."""

    leaflet: Leaflet  # as it was before the release
    release: Release
    previous: str  # the version leaflet.toml held before
    path: Path  # versions.toml
    draft_reasons: tuple[str, ...]  # why the released version still builds as a draft


def release(library: Library, leaflet_id: str, part: str | None, summary: str,
            today: datetime.date) -> Released:
    """Record the content of leaflet ``leaflet_id`` as a new version; bump it first by ``part``.

    Without ``part``, record the version ``leaflet.toml`` holds now (a first
    release, or a version raised by hand). Refuse when the content is the
    same as the last release's: a version must mean a change.
    """
    leaflet = library.leaflet(leaflet_id)
    summary = _one_line(summary, "--summary", fields.RELEASE_SUMMARY)
    releases = read_releases(leaflet)
    fingerprint = content_fingerprint(leaflet)
    if releases and releases[-1].fingerprint == fingerprint:
        last = releases[-1]
        raise UsageError(f"nothing to release: the content of {leaflet.id} is the same as version "
                         f"{last.version}, released on {last.date}; change a section or "
                         "leaflet.toml first")
    version = bump(leaflet.version, part) if part else leaflet.version
    if any(record.version == version for record in releases):
        hint = ("give --bump patch, minor or major for a new version" if not part else
                "raise 'version' in leaflet.toml past the last release")
        raise UsageError(f"version {version} of {leaflet.id} is released already (see "
                         f"{versions_path(leaflet)}); {hint}")
    # leaflet.toml first: if the second write fails, check reports the new version
    # as not released yet, and 'leaflets release' without --bump records it.
    if version != leaflet.version:
        _set_in_leaflet_toml(leaflet, {"version": version})
    record = Release(version, today, fingerprint, summary, None)
    _append_release(versions_path(leaflet), record)
    return Released(leaflet, record, leaflet.version, versions_path(leaflet),
                    leaflet.draft_reasons(today))


def _append_release(path: Path, record: Release) -> None:
    import tomlkit

    fields = {key: getattr(record, key) for key in _RELEASE_KEYS}
    entry = "[[release]]\n" + tomlkit.dumps(fields)
    if not path.is_file():
        write_atomic(path, f"{_VERSIONS_HEADER}\n{entry}".encode(), hint=_WRITE_HINT)
        return
    _append(path, entry)


def add_years(date: datetime.date, years: int) -> datetime.date:
    """Return ``date`` moved by ``years``; 29 February becomes 28 February in a common year."""
    if not datetime.MINYEAR <= date.year + years <= datetime.MAXYEAR:
        raise UsageError(f"{date} plus {years} years is past the calendar's end; give the next "
                         "review date with --next")
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


@dataclass(frozen=True)
class Reviewed:
    """What ``review`` recorded, and for which leaflet."""

    leaflet: Leaflet
    record: Review


def review(library: Library, leaflet_id: str, reviewed_by: str, today: datetime.date,
           reviewed_on: datetime.date | None = None,
           next_review: datetime.date | None = None) -> Reviewed:
    """Write the ``[review]`` table of leaflet ``leaflet_id``, keeping every other byte of the file.

    ``reviewed_on`` defaults to ``today``, ``next_review`` to it plus
    ``review_interval_years`` of leaflets.toml.
    """
    leaflet = library.leaflet(leaflet_id)
    reviewed_on = reviewed_on or today
    next_review = next_review or add_years(reviewed_on, library.settings.review_interval_years)
    reviewed_by = _one_line(reviewed_by, "--by", fields.REVIEWER)
    if reviewed_on > today:
        raise UsageError(f"the review date {reviewed_on} is after today ({today}); record a "
                         "review once it has happened")
    if next_review <= reviewed_on:
        raise UsageError(f"the next review ({next_review}) must come after the review date "
                         f"({reviewed_on}); give a later --next")
    record = Review(reviewed_on, reviewed_by, next_review)
    _set_in_leaflet_toml(leaflet, {key: getattr(record, key)
                                   for key in ("reviewed_on", "reviewed_by", "next_review")},
                         table="review")
    return Reviewed(leaflet, record)


def _set_in_leaflet_toml(leaflet: Leaflet, values: dict[str, object], table: str | None = None) -> None:
    """Set ``values`` in leaflet.toml, at the top or in ``table``; keep every other byte.

    A ``table`` the file lacks is appended after a blank line, so that the
    bytes before it stay exactly as they were.
    """
    import tomlkit

    path = leaflet.config_path
    bom, before, _ = _read_exactly(path)
    document = tomlkit.parse(before)
    if table is not None and table not in document:
        appended = tomlkit.document()
        appended[table] = values
        _append(path, tomlkit.dumps(appended))
        return
    target = document if table is None else document[table]
    for key, value in values.items():
        target[key] = value
    write_atomic(path, bom + tomlkit.dumps(document).encode("utf-8"), hint=_WRITE_HINT)


def _append(path: Path, text: str) -> None:
    """Append ``text`` to the file at ``path`` after a blank line; every byte before it stays."""
    bom, before, newline = _read_exactly(path)
    if before and not before.endswith("\n"):
        before += newline
    if before.strip() and not before.endswith(newline * 2):
        before += newline
    write_atomic(path, bom + (before + text.replace("\n", newline)).encode("utf-8"),
                 hint=_WRITE_HINT)


def _read_exactly(path: Path) -> tuple[bytes, str, str]:
    """Return a file's byte-order mark (or b""), its text as written, and its line ending."""
    data = reader.read_bytes(path, "settings", ContentError)
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = data[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "not UTF-8 text; save the file as UTF-8") from None
    return bom, text, "\r\n" if "\r\n" in text else "\n"


def _one_line(value: str, option: str, field: fields.Field) -> str:
    """Return the text of a command-line ``option`` (spaces around it dropped), checked as ``field``."""
    value = value.strip()
    if wrong := fields.problem(value, field):
        raise UsageError(f"{option} {wrong}")
    return value


# -- A new leaflet --------------------------------------------------------------

# Section files of a new leaflet; the shared ones are written only if the library
# has none, and a leaflet's own file of the same name wins over a shared one.
_OWN_SECTIONS = {
    "introduction": f"""# What this leaflet is about

{PLACEHOLDER} say who this leaflet is for and what it will help them do. Use one or two short sentences.
""",
    "what-you-can-do": f"""+++
style = "checklist"
+++

# What you can do

{PLACEHOLDER} say what the reader can do to help themselves.

- {PLACEHOLDER} one thing to do.
- {PLACEHOLDER} another thing to do.
""",
    "sources": f"""+++
style = "sources"
+++

# Sources

- {PLACEHOLDER} list each source of the facts in this leaflet: who wrote it, its title, where it was published and when.
""",
}
_SHARED_SECTIONS = {
    "when-to-get-help": """+++
style = "warning"
+++

# When to get help urgently

If you think your life is in danger, call your local emergency number now.

Contact your clinic or your doctor if your symptoms get worse, or if you are worried.
""",
    # The "BRAN" questions of Choosing Wisely UK.
    "questions-to-ask": """+++
style = "checklist"
+++

# Questions to ask

You may want to ask your doctor or nurse:

- What are the benefits?
- What are the risks?
- What are the alternatives?
- What if I do nothing?
""",
}


def create(library: Library, leaflet_id: str, title: str) -> list[tuple[Path, bool]]:
    """Write a new leaflet ``leaflet_id``: leaflet.toml and starter sections.

    Returns each file and whether it was written (a shared section that
    exists already is kept as it is). The leaflet has no ``[review]``, so it
    builds as a draft, and its starter text says it is a placeholder.
    """
    import tomlkit

    title = _one_line(title, "--title", fields.TITLE)
    if not valid_id(leaflet_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", leaflet_id.lower()).strip("-")
        example = f"e.g. '{suggestion}'" if valid_id(suggestion) else "e.g. 'knee-replacement'"
        raise UsageError(f"{leaflet_id!r} cannot be a leaflet id; use {ID_RULE} ({example})")
    if leaflet_id in RESERVED_IDS:
        raise UsageError(f"the id {leaflet_id!r} is taken by the page templates' catalog; choose "
                         "another")
    folder = library.leaflets_dir / leaflet_id
    if folder.exists():
        raise UsageError(f"leaflet {leaflet_id!r} exists already ({folder}); choose another id, or "
                         "edit that one")
    sections = ["introduction", "what-you-can-do", *_SHARED_SECTIONS, "sources"]
    listed = "".join(f"  \"{section}\","
                     + (f"  # shared: leaflets/{SHARED}/{section}.md" if section in _SHARED_SECTIONS else "")
                     + "\n" for section in sections)
    config = (f"{tomlkit.dumps({'title': title})}"
              "# summary = \"One sentence under the title: what the reader will learn\"\n"
              f"version = \"{FIRST_VERSION}\"\n"
              "# code = \"ABC-001\"  # your document-control code, printed in every footer\n"
              f"sections = [\n{listed}]\n"
              "# No [review] table yet: the leaflet builds as a draft until a clinician has\n"
              f"# reviewed it and you run: leaflets review {leaflet_id} --by \"NAME, ROLE\"\n")
    files = [(folder / "leaflet.toml", config)]
    files += [(folder / f"{section}.md", text) for section, text in _OWN_SECTIONS.items()]
    files += [(library.leaflets_dir / SHARED / f"{section}.md", text)
              for section, text in _SHARED_SECTIONS.items()]
    made = []
    for path, text in files:
        new_file = not path.exists()  # only a shared section can exist: it is the library's
        if new_file:
            write_atomic(path, text.encode("utf-8"), hint="check the permissions of leaflets/")
        made.append((path, new_file))
    load_leaflet(folder)  # what we wrote must load, or this is our bug, said now
    return made
