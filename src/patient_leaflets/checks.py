"""Quality gates: what ``leaflets check`` finds before a leaflet goes to print.

It reads the same model and catalogs as a build; it never renders. Each
problem is a ``Finding`` with a severity:

- ``error`` fails the check (exit 1): an overdue review, content changed
  without a new version, text harder than its readability target, no
  sources, placeholder text in a reviewed leaflet, a broken file or brand;
- ``warning`` is reported only: what a build already prints as a draft (no
  review yet, an incomplete or unreviewed translation), or what a person
  should judge (a long sentence, a long section, a missing checklist);
- ``info`` says what could not be measured (a language with no formula).

The structure checks are heuristics drawn from the items of AHRQ's PEMAT-P
that a program can see; they do not replace a person scoring the leaflet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import control, readability
from .content import Leaflet, Review, Section, content_fingerprint
from .errors import BrandError, ContentError, LocatedError, UsageError
from .i18n.translation import REVIEW_FIELD, Standing, Translation, is_reviewed
from .library import Library
from .locales import english_name
from .readability import FORMULAS, Formula, Target
from .tomlfile import read_toml

ERROR, WARNING, INFO = "error", "warning", "info"
WHEN_TO_GET_HELP = "when-to-get-help"
_LIST_LIKE = ("list item", "table cell")  # consecutive ones are one list or table


@dataclass(frozen=True)
class Finding:
    """One thing ``check`` found, where it is and how bad it is."""

    leaflet: str | None  # None: the library (a brand)
    locale: str | None  # None: every locale (the content, its structure)
    severity: str  # "error" | "warning" | "info"
    code: str  # "review-overdue", "long-sentence"...: stable, for scripts
    message: str  # what is wrong and what to do
    path: str | None  # relative to the library's folder
    line: int | None = None


@dataclass(frozen=True)
class SectionFigures:
    """How one section of a leaflet reads in one locale."""

    section: str
    path: str
    words: int | None
    score: float | None
    meets_target: bool | None


@dataclass(frozen=True)
class Readability:
    """How one leaflet reads in one locale."""

    formula: Formula | None  # None: no formula for the language
    target: Target | None
    score: float | None  # None: no formula, or nothing translated yet
    words: int | None  # None for a language whose spaces do not separate words
    sentences: int
    longest_sentence: int | None
    sections: tuple[SectionFigures, ...]

    @property
    def meets_target(self) -> bool | None:
        if self.score is None or self.target is None or self.target.limit is None:
            return None
        return self.target.met_by(self.score)


@dataclass(frozen=True)
class Figures:
    """What ``check`` measured of one leaflet in one locale."""

    leaflet: str
    locale: str
    version: str
    version_state: str  # "released" | "changed" | "unreleased" | "unknown" (versions.toml broken)
    released_on: datetime.date | None
    fingerprint: str
    review_state: str  # "draft" | "current" | "due" | "overdue"
    review: Review | None
    readability: Readability
    translation: Standing | None = None  # None: the source language


@dataclass(frozen=True)
class Report:
    """Everything ``check`` measured and found."""

    figures: tuple[Figures, ...]
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON data; the README documents every key."""
        return {"leaflets": [_figures_json(figures) for figures in self.figures],
                "findings": [_finding_json(finding) for finding in self.findings]}


def check(library: Library, leaflet_ids: tuple[str, ...], today: datetime.date) -> Report:
    """Check the named leaflets (all when none), in every locale they have, and the brands."""
    findings: list[Finding] = []
    figures: list[Figures] = []
    for brand_id in library.settings.brands:
        try:
            library.brand(brand_id)
        except BrandError as exc:
            findings.append(_from_error(library, exc, None, None, "brand"))
        except UsageError as exc:
            findings.append(Finding(None, None, ERROR, "brand", str(exc), "leaflets.toml"))
    library.catalog_locales()  # a misnamed catalog folder is an error before any leaflet is read
    for leaflet_id in dict.fromkeys(leaflet_ids or library.leaflet_ids()):
        try:
            leaflet = library.leaflet(leaflet_id)
        except ContentError as exc:
            findings.append(_from_error(library, exc, leaflet_id, None, "content"))
            continue
        checker = _LeafletCheck(library, leaflet, today)
        figures.extend(checker.run(library.locales_to_check(leaflet.id)))
        findings.extend(checker.findings)
    return Report(tuple(figures), tuple(findings))


class _LeafletCheck:
    """The checks of one leaflet; collects its findings."""

    def __init__(self, library: Library, leaflet: Leaflet, today: datetime.date):
        self.library = library
        self.leaflet = leaflet
        self.today = today
        self.limits = library.settings.check
        self.config = read_toml(leaflet.config_path, ContentError)  # for line numbers
        self.findings: list[Finding] = []

    def add(self, severity: str, code: str, message: str, path: Path | None,
            line: int | None = None, locale: str | None = None) -> None:
        self.findings.append(Finding(self.leaflet.id, locale, severity, code, message,
                                     None if path is None else self.library.relative(path), line))

    def run(self, locales: list[str]) -> list[Figures]:
        leaflet = self.leaflet
        review_state = self.review()
        version_state, released_on, fingerprint = self.version()
        self.structure()
        figures = []
        from .i18n import extract, load, safety

        pot = extract.leaflet_template(self.library, leaflet) if len(locales) > 1 else None
        for locale in locales:
            translation = None
            if locale != self.library.settings.source_locale:
                try:
                    translation = load.load_translation(self.library, leaflet, locale, pot)
                except ContentError as exc:
                    self.findings.append(_from_error(self.library, exc, leaflet.id, locale,
                                                     "translation-invalid"))
                    continue
                if translation is not None:
                    self.translation_state(translation)
                    safety.report(self.add, self.library, leaflet, locale)
            figures.append(Figures(leaflet.id, locale, leaflet.version, version_state,
                                   released_on, fingerprint, review_state, leaflet.review,
                                   self.grade(locale, translation),
                                   translation.standing() if translation else None))
        return figures

    # -- Document control ---------------------------------------------------

    def review(self) -> str:
        leaflet, config = self.leaflet, self.leaflet.config_path
        if leaflet.review is None:
            self.add(WARNING, "review-draft",
                     "draft: not yet clinically reviewed; once a clinician has reviewed the text, "
                     f"run 'leaflets review {leaflet.id} --by \"NAME, ROLE\"'", config)
            return "draft"
        next_review = leaflet.review.next_review
        line = self.config.table("review", required=True).line_of("next_review")
        days = (next_review - self.today).days
        if days < 0:
            self.add(ERROR, "review-overdue",
                     f"clinical review overdue since {next_review} (it builds as a draft); have "
                     f"the text reviewed again, then run 'leaflets review {leaflet.id} --by "
                     "\"NAME, ROLE\"'", config, line)
            return "overdue"
        if days <= self.limits.review_warning_days:
            self.add(WARNING, "review-due",
                     f"clinical review due on {next_review}, in {days} day{'' if days == 1 else 's'}"
                     "; plan the review now", config, line)
            return "due"
        return "current"

    def version(self) -> tuple[str, datetime.date | None, str]:
        leaflet = self.leaflet
        fingerprint = content_fingerprint(leaflet)
        try:
            releases = control.read_releases(leaflet)
        except ContentError as exc:
            self.findings.append(_from_error(self.library, exc, leaflet.id, None, "content"))
            return "unknown", None, fingerprint
        versions = control.versions_path(leaflet)
        record = next((r for r in releases if r.version == leaflet.version), None)
        if record is None:
            self.add(WARNING, "version-unreleased",
                     f"version {leaflet.version} not released yet (no record in "
                     f"{versions.name}); when the text is final, run "
                     f"'leaflets release {leaflet.id} --summary \"WHAT CHANGED\"'", versions)
            return "unreleased", None, fingerprint
        if record.fingerprint != fingerprint:
            line = self.config.line_of("version")
            self.add(ERROR, "version-not-bumped",
                     f"the content changed since version {leaflet.version} was released on "
                     f"{record.date}; bump the version: leaflets release {leaflet.id} --bump patch "
                     "--summary \"WHAT CHANGED\" (minor or major for a bigger change)",
                     leaflet.config_path, line)
            return "changed", record.date, fingerprint
        return "released", record.date, fingerprint

    # -- Structure (PEMAT-P heuristics) ---------------------------------------

    def structure(self) -> None:
        leaflet, limits = self.leaflet, self.limits
        sections_line = self.config.line_of("sections")
        first = leaflet.sections[0]
        if first.style not in ("plain", "note") or first.blocks[0].kind != "paragraph":
            self.add(WARNING, "structure-purpose",
                     f"the first section ('{first.id}') does not open with a paragraph; start the "
                     "leaflet by saying what it is for and who it is for", first.path,
                     first.title_line)
        if not any(section.style == "checklist" for section in leaflet.sections):
            self.add(WARNING, "structure-checklist",
                     "no checklist: add a section with style = \"checklist\" listing what the "
                     "reader can do or ask", leaflet.config_path, sections_line)
        if not any(section.id == WHEN_TO_GET_HELP or section.style == "warning"
                   for section in leaflet.sections):
            self.add(WARNING, "structure-when-to-get-help",
                     f"no section says when to get help: add '{WHEN_TO_GET_HELP}' (or a section "
                     "with style = \"warning\") to 'sections'", leaflet.config_path, sections_line)
        if not any(section.style == "sources" for section in leaflet.sections):
            self.add(ERROR, "structure-sources",
                     "no sources: medical information must say where it comes from; add a "
                     "section with style = \"sources\" to 'sections'", leaflet.config_path,
                     sections_line)
        for section in leaflet.sections:
            self.chunks(section)
            if section.style in readability.UNGRADED_STYLES:
                continue
            words = sum(readability.word_count(passage.text)
                        for passage in readability.section_passages(section)[1:])
            if words > limits.section_words:
                self.add(WARNING, "structure-section-length",
                         f"section '{section.id}' has {words} words (limit {limits.section_words});"
                         " split it into shorter sections with their own headings", section.path,
                         section.title_line)
        self.placeholders()

    def chunks(self, section: Section) -> None:
        """Warn when a section runs more than a few paragraphs without a heading."""
        limit = self.limits.paragraphs_per_heading
        run, previous = 0, None
        for block in section.blocks:
            if block.kind == "heading":
                run = 0
            elif not (block.kind in _LIST_LIKE and previous == block.kind):
                run += 1
                if run == limit + 1:
                    self.add(WARNING, "structure-headings",
                             f"section '{section.id}' has more than {limit} paragraphs or lists "
                             "in a row; break it up with '## Headings' or into sections",
                             section.path, block.line)
            previous = block.kind

    def placeholders(self) -> None:
        reviewed = self.leaflet.review is not None
        for section in self.leaflet.sections:
            for passage in readability.section_passages(section):
                if passage.text.startswith(control.PLACEHOLDER):
                    self.add(ERROR if reviewed else WARNING, "placeholder",
                             "placeholder text from 'leaflets new': replace it with the real "
                             "text" + (" (the leaflet is reviewed, so this fails the check)"
                                       if reviewed else ""), passage.path, passage.line)

    # -- Translations ---------------------------------------------------------

    def translation_state(self, translation: Translation) -> None:
        locale = translation.locale
        for path, row in translation.rows.items():
            if not row.exists:
                self.add(WARNING, "translation-missing",
                         f"no {locale} catalog; run 'leaflets i18n init {locale}' and translate it "
                         "(until then the source text is printed)", path, locale=locale)
                continue
            if row.untranslated or row.fuzzy:
                self.add(WARNING, "translation-incomplete",
                         f"{locale} translation incomplete: {row.incomplete()} of {row.total} "
                         "messages (printed in the source language); translate them in a PO "
                         "editor", path, locale=locale)
            if row.behind:
                self.add(WARNING, "translation-behind",
                         f"the {locale} catalog is behind the sources; run 'leaflets i18n update'",
                         path, locale=locale)
        for path, value in translation.reviews.items():
            if not is_reviewed(value):
                self.add(WARNING, "translation-unreviewed",
                         f"{locale} translation not reviewed ({REVIEW_FIELD}: {value!r}); "
                         "once a qualified reviewer has checked it, write 'reviewed YYYY-MM-DD by "
                         "NAME'", path, locale=locale)

    # -- Readability ----------------------------------------------------------

    def grade(self, locale: str, translation: Translation | None) -> Readability:
        """Grade the text in ``locale``: the whole, each section, each sentence's length."""
        leaflet, limits = self.leaflet, self.limits
        target = readability.target_for(locale, self.library.settings.readability)
        formula = FORMULAS[target.formula] if target else None
        spaced = locale.split("_")[0] not in readability.UNSPACED_LANGUAGES
        graded = [section for section in leaflet.sections
                  if section.style not in readability.UNGRADED_STYLES]
        sections, texts, lengths = [], [], []
        for section in graded:
            passages = readability.section_passages(section, translation)
            text = "\n".join(passage.text for passage in passages)
            if not text:
                continue  # nothing of it translated yet
            texts.append(text)
            for passage in passages:
                for sentence in readability.sentences(passage.text):
                    words = readability.word_count(sentence)
                    lengths.append(words)
                    if spaced and words > limits.long_sentence_words:
                        self.add(WARNING, "long-sentence",
                                 f"a sentence of {words} words (limit "
                                 f"{limits.long_sentence_words}): \"{_opening(sentence)}\"; split "
                                 "it", passage.path, passage.line, locale=locale)
            score = formula.score(text) if formula else None
            meets = (target.met_by(score) if score is not None and target and target.limit is not None
                     else None)
            where = passages[0]
            if meets is False and formula and target:
                self.add(WARNING, "readability-section",
                         f"section '{section.id}' reads at {formula.title} {score:.1f}, target "
                         f"{target.describe()}; use shorter sentences and everyday words",
                         where.path, where.line, locale=locale)
            sections.append(SectionFigures(section.id, self.library.relative(where.path),
                                           readability.word_count(text) if spaced else None,
                                           None if score is None else round(score, 1), meets))
        whole = "\n".join(texts)
        score = formula.score(whole) if formula and whole else None
        place = translation.path if translation else leaflet.folder
        language = english_name(locale)
        if whole and formula is None:
            self.add(INFO, "readability-unmeasured",
                     f"no readability formula for {language} ({locale}) in textstat; have a native "
                     "speaker check that the text is plain"
                     + ("" if spaced else ", sentence length included"), place, locale=locale)
        elif score is not None and formula and target and target.limit is None:
            self.add(INFO, "readability-no-target",
                     f"{formula.title} is {score:.1f}, reported without a target (no published "
                     f"band for patient text); set one under [readability] in leaflets.toml if your "
                     "clinic has one", place, locale=locale)
        elif score is not None and formula and target and not target.met_by(score):
            self.add(ERROR, "readability",
                     f"too hard to read: {formula.title} {score:.1f}, target {target.describe()}; "
                     "use shorter sentences and everyday words, and explain the terms you keep",
                     place, locale=locale)
        return Readability(formula, target, None if score is None else round(score, 1),
                           readability.word_count(whole) if spaced else None, len(lengths),
                           (max(lengths) if lengths else 0) if spaced else None, tuple(sections))


def _opening(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _from_error(library: Library, error: LocatedError, leaflet: str | None, locale: str | None,
                code: str) -> Finding:
    return Finding(leaflet, locale, ERROR, code, error.message, library.relative(error.path),
                   error.line)


# -- JSON ---------------------------------------------------------------------

def _finding_json(finding: Finding) -> dict[str, Any]:
    return {"leaflet": finding.leaflet, "locale": finding.locale, "severity": finding.severity,
            "code": finding.code, "message": finding.message, "path": finding.path,
            "line": finding.line}


def _figures_json(figures: Figures) -> dict[str, Any]:
    review, graded, translation = figures.review, figures.readability, figures.translation
    target, formula = graded.target, graded.formula
    data: dict[str, Any] = {
        "leaflet": figures.leaflet,
        "locale": figures.locale,
        "version": {"number": figures.version, "state": figures.version_state,
                    "released_on": _iso(figures.released_on), "fingerprint": figures.fingerprint},
        "review": {"state": figures.review_state,
                   "reviewed_on": _iso(review.reviewed_on) if review else None,
                   "reviewed_by": review.reviewed_by if review else None,
                   "next_review": _iso(review.next_review) if review else None},
        "readability": {
            "formula": formula.name if formula else None,
            "scale": formula.scale if formula else None,
            "score": graded.score,
            "target": ({formula.limit: _number(target.limit)}
                       if formula and target and target.limit is not None else None),
            "meets_target": graded.meets_target,
            "words": graded.words,
            "sentences": graded.sentences,
            "longest_sentence": graded.longest_sentence,
            "sections": [{"section": s.section, "path": s.path, "words": s.words,
                          "score": s.score, "meets_target": s.meets_target}
                         for s in graded.sections],
        },
        "translation": None,
    }
    if translation is not None:
        data["translation"] = {"catalog": translation.catalog, "exists": translation.exists,
                               "messages": translation.messages,
                               "untranslated": translation.untranslated,
                               "fuzzy": translation.fuzzy, "review": translation.review,
                               "reviewed": translation.reviewed}
    return data


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _iso(date: datetime.date | None) -> str | None:
    return date.isoformat() if date else None
