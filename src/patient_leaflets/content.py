"""Leaflets: load a leaflet's folder, validate it against the content contract.

A leaflet is ``leaflets/<id>/leaflet.toml`` plus one Markdown file per
section, looked up in the leaflet's folder and then in ``leaflets/_shared/``.
Everything is checked here, at the edge, so the rest of the code can trust
the model.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import fields, figures, markup, placeholders
from .errors import ContentError
from .layout import SHARED
from .reader import digest, present
from .tomlfile import TomlTable, parse_toml, read_text, read_toml

STYLES = ("plain", "note", "warning", "checklist", "sources")

# Semantic Versioning 2.0.0, as the spec's own grammar states it (ASCII digits: \d is any digit).
_SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)"
    r"(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_RULE = "lower-case letters, digits and hyphens"
_FRONT_MATTER = "+++"


@dataclass(frozen=True)
class Review:
    """Who reviewed the content clinically, when, and when it is due again."""

    reviewed_on: datetime.date
    reviewed_by: str
    next_review: datetime.date


@dataclass(frozen=True)
class Section:
    """One section of a leaflet: a titled block of Markdown with a style."""

    id: str
    path: Path
    title: str
    title_line: int
    style: str
    body: str  # Markdown; the title heading blanked out so lines keep their numbers
    blocks: tuple[markup.Block, ...]


@dataclass(frozen=True)
class Outline:
    """A leaflet as its leaflet.toml says, validated, with its section files found but not read.

    What a build needs to plan a leaflet's jobs and fingerprint them; reading
    and checking the sections themselves (``load_sections``) is the cost of
    making a document, or of a command that reads the text.
    """

    id: str
    folder: Path
    title: str
    summary: str | None
    version: str
    code: str | None
    keywords: tuple[str, ...]
    section_files: tuple[tuple[str, Path], ...]  # each section's id and the file found for it
    review: Review | None

    @property
    def config_path(self) -> Path:
        return self.folder / "leaflet.toml"

    def overdue(self, today: datetime.date) -> bool:
        """Whether the content was reviewed once but is past its next review date."""
        return self.review is not None and self.review.next_review < today


@dataclass(frozen=True)
class Leaflet(Outline):
    """A leaflet as its author wrote it, in the library's source language: its outline and
    its sections read and checked."""

    sections: tuple[Section, ...]

    def draft_reasons(self, today: datetime.date) -> tuple[str, ...]:
        """Return why this content is not fit to publish as final, if it is not."""
        if self.review is None:
            return (f"content not yet clinically reviewed (leaflets/{self.id}/leaflet.toml has no "
                    "[review] table)",)
        if self.overdue(today):
            return (f"clinical review overdue since {self.review.next_review.isoformat()} "
                    f"(leaflets/{self.id}/leaflet.toml)",)
        return ()


def valid_semver(value: str) -> bool:
    """Whether ``value`` is a semantic version: ``1.0.0``, ``2.1.0-rc.1``."""
    return _SEMVER.fullmatch(value) is not None


def valid_id(value: str) -> bool:
    """Whether ``value`` can name a leaflet or section: ``what-it-is``, ``msk-001``."""
    return _ID.fullmatch(value) is not None


def content_fingerprint(leaflet: Leaflet) -> str:
    """Return ``sha256:<hex>`` of what ``leaflet`` says, for version discipline.

    It covers ``leaflet.toml`` as data (comments and layout aside) without
    ``version`` and ``[review]``, which record the content rather than make
    it, and the bytes of each section file in order, named by its path below
    ``leaflets/`` (a shared section counts too). Translations are not content:
    they have their own review.
    """
    config = tomllib.loads(read_text(leaflet.config_path, ContentError))
    config.pop("version", None)
    config.pop("review", None)
    leaflets_dir = leaflet.folder.parent
    sections = [[section.path.relative_to(leaflets_dir).as_posix(),
                 digest(section.path, ContentError)]
                for section in leaflet.sections]
    canonical = json.dumps({"leaflet.toml": config, "sections": sections}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":"), default=_isoformat)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _isoformat(value: object) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def leaflet_ids(leaflets_dir: Path) -> list[str]:
    """Return the ids of the leaflets in ``leaflets_dir``, sorted."""
    if not leaflets_dir.is_dir():
        return []
    return sorted(p.name for p in leaflets_dir.iterdir()
                  if p.name != SHARED and present(p / "leaflet.toml"))


def load_leaflet(folder: Path) -> Leaflet:
    """Load and validate the leaflet in ``folder``."""
    return load_sections(load_outline(folder))


def load_outline(folder: Path) -> Outline:
    """Load and validate the leaflet.toml in ``folder``; find its section files, unread."""
    config = read_toml(folder / "leaflet.toml", ContentError)
    config.refuse_unknown({"title", "summary", "version", "code", "keywords", "sections", "review"})
    title = fields.read(config, "title", fields.TITLE, required=True)
    version = fields.read(config, "version", fields.VERSION, required=True)
    if not valid_semver(version):
        raise config.fail("version", f"'version' must be a semantic version like 1.0.0 "
                                     f"(major.minor.patch), not {version!r}")
    section_ids = config.strings("sections", required=True)
    if not section_ids:
        raise config.fail("sections", "'sections' is empty; list the section files to print, "
                                      "e.g. sections = [\"what-it-is\"]")
    seen: set[str] = set()
    for section_id in section_ids:
        if section_id in seen:
            raise config.fail("sections", f"section {section_id!r} is listed twice in 'sections'; "
                                          "remove one", value=section_id)
        seen.add(section_id)
    section_files = tuple((section_id, _section_file(folder, config, section_id))
                          for section_id in section_ids)
    return Outline(
        id=folder.name,
        folder=folder,
        title=title,
        summary=fields.read(config, "summary", fields.SUMMARY),
        version=version,
        code=fields.read(config, "code", fields.CODE),
        keywords=fields.read_all(config, "keywords", fields.KEYWORD, most=fields.MAX_KEYWORDS),
        section_files=section_files,
        review=_review(config),
    )


def load_sections(outline: Outline) -> Leaflet:
    """Read and validate the sections of ``outline``: the whole leaflet."""
    return Leaflet(**{field.name: getattr(outline, field.name) for field in dataclasses.fields(Outline)},
                   sections=tuple(parse_section(path, section_id)
                                  for section_id, path in outline.section_files))


def _review(config: TomlTable) -> Review | None:
    table = config.table("review")
    if table is None:
        return None
    table.refuse_unknown({"reviewed_on", "reviewed_by", "next_review"})
    review = Review(
        reviewed_on=table.get("reviewed_on", datetime.date, required=True),
        reviewed_by=fields.read(table, "reviewed_by", fields.REVIEWER, required=True),
        next_review=table.get("next_review", datetime.date, required=True),
    )
    if review.next_review <= review.reviewed_on:
        raise table.fail("next_review", f"'review.next_review' ({review.next_review}) must come "
                                        f"after 'review.reviewed_on' ({review.reviewed_on})")
    return review


def _section_file(folder: Path, config: TomlTable, section_id: str) -> Path:
    if not valid_id(section_id):
        raise config.fail("sections", f"section id {section_id!r} is not a valid file name; use "
                                      f"{ID_RULE}, e.g. 'what-it-is'",
                          value=section_id)
    candidates = [folder / f"{section_id}.md", folder.parent / SHARED / f"{section_id}.md"]
    path = next((p for p in candidates if present(p)), None)
    if path is None:
        raise config.fail("sections", f"section {section_id!r} is listed but neither "
                                      f"{candidates[0]} nor {candidates[1]} exists; create one "
                                      "or remove it from 'sections'", value=section_id)
    return path


def parse_section(path: Path, section_id: str, text: str | None = None) -> Section:
    """Parse one section file: optional ``+++`` TOML front matter, then Markdown.

    ``text`` is the file's content when the caller has read it already.
    """
    if text is None:
        text = read_text(path, ContentError)
    return _parse_section(path, section_id, text)


@functools.lru_cache(maxsize=256)
def _parse_section(path: Path, section_id: str, text: str) -> Section:
    """``parse_section`` of text read: a warm worker parses the same section for each
    language, brand and paper once (a refusal is raised again, not kept)."""
    lines = markup.lines(text)
    front = None
    body_start = 0
    if lines and lines[0].strip() == _FRONT_MATTER:
        close = next((i for i in range(1, len(lines)) if lines[i].strip() == _FRONT_MATTER), None)
        if close is None:
            raise ContentError(path, "front matter opened with '+++' is never closed; add a "
                                     "line '+++' after the settings", 1)
        front = parse_toml("".join(lines[1:close]), path, ContentError, first_line=2)
        front.refuse_unknown({"title", "style"})
        body_start = close + 1
    # Blank out the front matter rather than cut it, so Markdown line numbers
    # are file line numbers.
    body = "\n" * body_start + "".join(lines[body_start:])

    style = front.get("style", str, default="plain") if front else "plain"
    if front and style not in STYLES:
        raise front.fail("style", f"unknown style {style!r}; use one of: {', '.join(STYLES)}")

    title = front.get("title", str) if front else None
    if front and title is not None and not title.strip():
        raise front.fail("title", "'title' is empty; write the text or remove the line")
    title_line = front.line_of("title") if front and title else None
    parsed = markup.parse(body)  # parsed once for every check below (again if the title goes)
    heading = markup.first_heading(body, parsed)
    if title is not None and heading is not None:
        raise ContentError(path, "the title is given twice (front matter 'title' and a '# "
                                 "Heading'); remove one", heading[1] + 1)
    if heading is not None and not heading[0].strip():
        raise ContentError(path, "the '#' heading is empty; write the section's title after "
                                 "'# '", heading[1] + 1)
    if title is None:
        if heading is None:
            first_text = next((number for number, line in enumerate(lines, start=1)
                               if number > body_start and line.strip()), body_start + 1)
            raise ContentError(path, "the section has no title; start it with a '# Title' line "
                                     "or set title = \"...\" in its front matter", first_text)
        title, start, end = heading
        title_line = start + 1
        body_lines = markup.lines(body)
        body = "".join(body_lines[:start]) + "\n" * (end - start) + "".join(body_lines[end:])
        parsed = markup.parse(body)

    problem = markup.unprintable(body, parsed)
    if problem is not None:
        raise ContentError(path, problem.message, problem.line)
    if (line := figures.missing_alt(body, parsed)) is not None:
        raise ContentError(path, "the image has no alternative text, which a screen reader says "
                                 "and the PDF needs; write what it shows between ![ and ]", line)
    blocks = markup.blocks(body, first_line=1, parsed=parsed)
    if not blocks:
        raise ContentError(path, "the section has no text below its title; write it or remove "
                                 "the section from 'sections'", title_line)
    for text, line in ((title, title_line or 1), *((block.text, block.line) for block in blocks)):
        wrong = placeholders.unknown(text)
        if wrong is not None:
            name, offset = wrong
            raise ContentError(path, placeholders.unknown_message(name),
                               line + text[:offset].count("\n"))
    return Section(section_id, path, title, title_line or 1, style, body, blocks)
