"""The manifest: what the output folder holds, and how each file came to be.

``dist/manifest.json`` has one record per output (its job, pages, size,
sha256, input fingerprint, review dates, draft reasons, translation state)
and the list of stale files: outputs on disk that no current job makes (an
old version, a removed leaflet, brand or language). It is written
atomically after every build, and is what the next build compares
fingerprints with. A shard of a build writes ``manifest.shard-I-of-N.json``;
``merge`` joins the shards' manifests into one.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, cast

from .._version import __version__
from ..errors import OutputError, UsageError
from ..files import write_atomic
from ..variants import Variant
from .jobs import Job

MANIFEST = "manifest.json"
FORMAT = 1
_SHARD_FILE = re.compile(r"manifest\.shard-(\d+)-of-(\d+)\.json")
OUTPUT_SUFFIXES = (".pdf", ".html")
MAX_SHARDS = 10_000  # more machines than documents helps nobody; and a bounded number stays a number


class TranslationRecord(TypedDict):
    """What the manifest says of a translation."""

    complete: bool  # no untranslated or fuzzy message
    review: str  # the catalog's X-Translation-Review
    revised: str | None  # the catalog's PO-Revision-Date, as YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class Record:
    """One output file and everything a print shop or an auditor asks about it."""

    path: str  # relative to the output folder, with '/'
    leaflet: str
    version: str
    locale: str
    brand: str
    paper: str | None  # None: HTML
    variant: str
    format: str
    pages: int | None
    bytes: int
    sha256: str
    fingerprint: str
    reviewed_on: str | None
    reviewed_by: str | None
    next_review: str | None
    draft: bool
    draft_reasons: tuple[str, ...]
    translation: TranslationRecord | None  # None: the source language

    @property
    def job(self) -> Job:
        return Job(self.leaflet, self.version, self.locale, self.brand,
                   self.paper or "a4", Variant.named(self.variant), self.format)

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data: its fields (``asdict`` copies deeply, and slowly)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        # Thousands of records share their leaflet, locale, brand and draft reasons: one copy
        # of each string in memory, not one per record.
        data = {name: sys.intern(value) if isinstance(value, str) else value
                for name, value in data.items()}
        data["draft_reasons"] = interned(data.get("draft_reasons") or ())
        if (translation := data.get("translation")) is not None:
            if not _is_translation_record(translation):
                raise ValueError(f"{data.get('path')}: its translation is not a translation's record")
            data["translation"] = one_copy(translation)
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})  # type: ignore[arg-type]


def interned(reasons: Iterable[str]) -> tuple[str, ...]:
    """Draft reasons, each string one copy however many records or outcomes hold it."""
    return tuple(sys.intern(reason) for reason in reasons)


def one_copy(translation: TranslationRecord) -> TranslationRecord:
    """This process's one dict of a translation state, however many records or outcomes hold
    it (a manifest read, a build's outcomes from its workers): never change it."""
    return cast(TranslationRecord, _one_translation(
        tuple((key, type(value), value) for key, value in translation.items())))


def _is_translation_record(value: Any) -> bool:
    """Whether ``value`` (read from JSON) is a translation's record: its three keys, each of its
    type, and nothing but plain values (a later version's extra key is let through)."""
    return (isinstance(value, dict) and isinstance(value.get("complete"), bool)
            and isinstance(value.get("review"), str)
            and isinstance(value.get("revised", False), str | None)
            and all(isinstance(item, str | int | float | None) for item in value.values()))


@functools.lru_cache(maxsize=4096)
def _one_translation(items: tuple[tuple[str, type, Any], ...]) -> dict[str, Any]:
    """One dict for each translation state, however many records hold it: never change it.

    Keyed on each value's type too: True, 1 and 1.0 are one key to a dict.
    """
    return {key: value for key, _, value in items}


@dataclass
class Manifest:
    """The records of an output folder (or of one shard of it), and its stale files."""

    records: dict[str, Record] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)
    shard: tuple[int, int] | None = None

    def to_json(self) -> bytes:
        return b"".join(self.json_chunks())

    def json_chunks(self) -> Iterator[bytes]:
        """The manifest as indented JSON, one record at a time.

        The same bytes as ``json.dumps(..., indent=2)`` of the whole, without the whole in
        memory at once: for thousands of records that was several times the records' own size.
        """
        def dumped(value: Any, depth: int) -> str:  # as json.dumps(indent=2) nests it
            return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)

        head = {"format": FORMAT, "generator": f"patient-leaflets {__version__}",
                "shard": f"{self.shard[0]}/{self.shard[1]}" if self.shard else None}
        yield dumped(head, 0)[:-2].encode("utf-8")  # without its closing "\n}"
        yield b',\n  "outputs": ['
        for number, (_, record) in enumerate(sorted(self.records.items())):
            text = ("," if number else "") + "\n    " + dumped(record.to_json(), 2)
            yield text.encode("utf-8")
        yield b"\n  ]" if self.records else b"]"
        yield (',\n  "stale": ' + dumped(sorted(self.stale), 1) + "\n}\n").encode("utf-8")


def journal_path(manifest_path: Path) -> Path:
    """Return the journal beside a manifest: ``manifest.journal``, ``manifest.shard-1-of-2.journal``."""
    return manifest_path.with_suffix(".journal")


def append_to_journal(path: Path, record: Record) -> None:
    """Record one finished output at once, in a line of its own, before anything else happens.

    The journal survives what the manifest cannot (a kill -9, a power cut):
    the next build reads it, so a finished file is never made again. One
    ``write`` of one line to a file opened for appending: worker processes
    share the file without mixing their lines.
    """
    line = json.dumps(record.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(path, f"cannot record {record.path} in the build journal "
                                f"({exc.strerror}); free some space or choose another folder "
                                "with --out DIR") from None


def read_journal(path: Path) -> dict[str, Record]:
    """Return the records of the journal at ``path`` by output (later lines win); none if absent.

    A line cut short (the process was killed while writing it) is left out.
    """
    records = {}
    try:
        # A line at a time (newline="\n": split where a line was written, only there).
        with path.open(encoding="utf-8", errors="replace", newline="\n") as journal:
            for line in journal:
                try:
                    record = Record.from_json(json.loads(line))
                except (ValueError, TypeError, AttributeError):
                    continue
                records[record.path] = record
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise OutputError(path, f"cannot read the build journal ({exc.strerror}); delete it, "
                                "and the next build makes again what it recorded") from None
    return records


def manifest_name(shard: tuple[int, int] | None) -> str:
    return f"manifest.shard-{shard[0]}-of-{shard[1]}.json" if shard else MANIFEST


def parse_shard_name(name: str) -> tuple[int, int] | None:
    """Return (I, N) of a shard manifest's file name; None for the whole build's (or no shard's)."""
    match = _SHARD_FILE.fullmatch(name)
    return _shard_of(f"{match.group(1)}/{match.group(2)}") if match else None


def _shard_of(text: str) -> tuple[int, int] | None:
    """Return (I, N) of ``"I/N"`` when 1 <= I <= N <= MAX_SHARDS, else None."""
    match = re.fullmatch(r"([0-9]{1,6})/([0-9]{1,6})", text.strip())
    if not match:
        return None
    index, count = int(match.group(1)), int(match.group(2))
    return (index, count) if 1 <= index <= count <= MAX_SHARDS else None


def read(path: Path) -> Manifest:
    """Return the manifest at ``path``; an empty one when there is none."""
    if not path.is_file():
        return Manifest()
    try:
        # Each record made as it is parsed: thousands of them are never dicts all at once.
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_record_or_dict)
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, not {FORMAT}")
        records = {}
        for item in data["outputs"]:
            if not isinstance(item, Record):
                raise ValueError(f"an output without its {' or '.join(sorted(_RECORD_KEYS))}")
            records[item.path] = item
        shard = None
        if data.get("shard"):
            shard = _shard_of(str(data["shard"]))
            if shard is None or parse_shard_name(path.name) not in (None, shard):
                raise ValueError(f"its shard {data['shard']!r} is not I/N with 1 <= I <= N, "
                                 "as its file name says")
        return Manifest(records, list(data.get("stale", [])), shard)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError(path, f"not a manifest this version can read ({exc}); delete it, and "
                                "the next build rebuilds everything and writes it again") from None


def _record_or_dict(pairs: list[tuple[str, Any]]) -> Record | dict[str, Any]:
    """Return a JSON object of a manifest: a record when it has a record's keys."""
    data = dict(pairs)
    return Record.from_json(data) if data.keys() >= _RECORD_KEYS else data


_RECORD_KEYS = frozenset({"path", "sha256", "fingerprint"})


def write(path: Path, manifest: Manifest) -> None:
    write_atomic(path, manifest.json_chunks())


def outputs_on_disk(out_dir: Path) -> list[str]:
    """Return every leaflet output below ``out_dir`` (relative, with '/'): <brand>/<locale>/<file>,
    through folders, not links to folders (as ``Path.rglob``; thousands of them, as strings)."""
    return sorted(path for path, entry in _in_locale_folders(out_dir)
                  if os.path.splitext(entry.name)[1] in OUTPUT_SUFFIXES and _is_file(entry))


# What ``write_atomic`` writes before it renames: ".<name>.<8 of mkstemp's letters>.tmp".
_UNFINISHED = re.compile(r"\..+\.(?:pdf|html)\.[a-z0-9_]{8}\.tmp")


def unfinished_on_disk(out_dir: Path) -> list[str]:
    """Return the documents a killed build left half-written below ``out_dir`` (relative).

    Only builds write into <brand>/<locale> folders, each holding the folder's lock;
    a build removes these holding it. (The workers of a build killed with -9 may still
    be writing for a second: what they leave is not renamed or recorded once removed.)
    """
    return sorted(path for path, entry in _in_locale_folders(out_dir)
                  if _UNFINISHED.fullmatch(entry.name) and entry.is_file(follow_symlinks=False))


def _in_locale_folders(out_dir: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Yield what each <brand>/<locale> folder below ``out_dir`` holds, with its relative path."""
    if not out_dir.is_dir():
        return
    for brand in _entries(out_dir):
        if brand.is_dir(follow_symlinks=False):
            for locale in _entries(brand.path):
                if locale.is_dir(follow_symlinks=False):
                    for entry in _entries(locale.path):
                        yield f"{brand.name}/{locale.name}/{entry.name}", entry


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a file, or links to one (a loop of links is not: as ``Path.is_file``)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _entries(folder: str | Path) -> list[os.DirEntry[str]]:
    """Return what ``folder`` holds; nothing when it may not be read (as ``Path.rglob``)."""
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except PermissionError:
        return []


def parse_shard(text: str) -> tuple[int, int]:
    """Return (I, N) of ``"I/N"``, 1 <= I <= N."""
    shard = _shard_of(text)
    if shard is None:
        raise UsageError(f"--shard must be I/N with 1 <= I <= N, like 2/4, not {text!r}"[:300])
    return shard


def in_shard(job: Job, shard: tuple[int, int] | None) -> bool:
    """Return whether ``job`` belongs to ``shard``: the same answer on every machine.

    The slice depends only on the job's output path, through SHA-256, so it
    does not depend on the order jobs are planned in or on Python's hash seed.
    """
    if shard is None:
        return True
    import hashlib

    index, count = shard
    digest = hashlib.sha256(job.path.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def merge(paths: list[Path]) -> Manifest:
    """Join the manifests of every shard of one build; refuse a missing or doubled shard."""
    if not paths:
        raise UsageError("no shard manifests to merge; name them, or build with --shard I/N first")
    shards: list[tuple[Path, Manifest, int, int]] = []
    for path in paths:
        if not path.is_file():
            raise OutputError(path, "no such manifest")
        manifest = read(path)
        if manifest.shard is None:
            raise OutputError(path, "not a shard's manifest (built without --shard I/N)")
        shards.append((path, manifest, *manifest.shard))
    # First whether they belong to one build at all: old shards of a build split another way
    # may still lie in the same folder.
    counts = {count for *_, count in shards}
    if len(counts) != 1:
        raise UsageError(f"the manifests come from builds split differently ({sorted(counts)} "
                         "shards); merge the shards of one build")
    seen: dict[int, Path] = {}
    merged = Manifest()
    stale: set[str] = set()
    for path, manifest, index, count in shards:
        if index in seen:
            raise OutputError(path, f"shard {index}/{count} is also in {seen[index]}; "
                                    "merge each shard once")
        seen[index] = path
        for key, record in manifest.records.items():
            if key in merged.records and merged.records[key] != record:
                raise OutputError(path, f"{key} is recorded differently by another shard; "
                                        "were they built from the same inputs?")
            merged.records[key] = record
        stale.update(manifest.stale)
    count = counts.pop()
    missing = sorted(set(range(1, count + 1)) - set(seen))
    if missing:
        raise UsageError(f"shard {', '.join(f'{i}/{count}' for i in missing)} missing; build it "
                         f"with --shard, or copy its manifest here, then merge again")
    # A file one shard calls stale may be another shard's output.
    merged.stale = sorted(stale - set(merged.records))
    return merged


@dataclass(frozen=True)
class Merged:
    """What ``merge_into`` wrote, and from which shard manifests."""

    path: Path
    manifest: Manifest
    sources: tuple[Path, ...]


def merge_into(out_dir: Path, paths: tuple[Path, ...] = ()) -> Merged:
    """Merge the shard manifests ``paths`` (default: every one in ``out_dir``) into its manifest.json."""
    sources = paths or tuple(shard_manifests(out_dir))
    merged = merge(list(sources))
    target = out_dir / MANIFEST
    write(target, merged)
    return Merged(target, merged, sources)


def shard_manifests(out_dir: Path) -> list[Path]:
    """Return the shard manifests in ``out_dir``, in shard order."""
    found = {path: parse_shard_name(path.name) for path in out_dir.glob("manifest.shard-*-of-*.json")}
    return sorted((path for path, shard in found.items() if shard),
                  key=lambda path: tuple(reversed(found[path] or ())))
