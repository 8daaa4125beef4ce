"""What the library holds and whether it is fit to print: ``leaflets list`` and ``check``."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

import click

from ..errors import QualityGateError
from .output import plural, print_table, table
from .session import Reporter, Session, pass_session, resolve_today, today_option

if TYPE_CHECKING:
    from ..checks import Figures, Readability, Report


@click.command("list")
@pass_session
def list_(session: Session) -> None:
    """List the leaflets: version, code, review state, languages, sections, title.

    LOCALES are the source language and every language with a catalog for
    the leaflet ('leaflets i18n status' says how complete each is). Each
    leaflet.toml is read and checked; the sections' text is not ('leaflets
    check' reads it).
    """
    library = session.library()
    today = resolve_today()
    library.catalog_locales()  # a misnamed catalog folder is an error before any leaflet is read
    rows = [("LEAFLET", "VERSION", "CODE", "REVIEW", "LOCALES", "SECTIONS", "TITLE")]
    for leaflet in library.outlines():
        if leaflet.review is None:
            state = "draft"
        elif leaflet.overdue(today):
            state = f"overdue since {leaflet.review.next_review}"
        else:
            state = f"next {leaflet.review.next_review}"
        rows.append((leaflet.id, leaflet.version, leaflet.code or "-", state,
                     ",".join(library.locales_of(leaflet.id)),
                     str(len(leaflet.section_files)), leaflet.title))
    if len(rows) == 1:
        click.echo(f"no leaflets in {library.leaflets_dir}")
        return
    print_table(rows)


@click.command()
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="text: a table and one line per finding (default); json: the same for CI.")
@today_option
@pass_session
def check(session: Session, leaflet_ids: tuple[str, ...], output_format: str,
          today: datetime.date | None) -> None:
    """Check leaflets before they go to print (all of them when none is named).

    For each leaflet and locale: the clinical review (overdue is an error, due
    soon a warning, none a draft warning), the version (content
    changed since its release is an error), readability against the target
    in leaflets.toml with a formula made for the language, long sentences,
    structure (a purpose, a checklist, when to get help, sources, section
    length), translations (incomplete, fuzzy, unreviewed; numbers, placeholders,
    links, addresses and phone numbers kept; final punctuation; glossary terms)
    and the brands.

    Exit 1 when there is an error; warnings and notes do not fail the check.
    -v adds each section's figures.

    \b
    Examples:
      leaflets check
      leaflets check spinal-manipulation --format json > check.json
      leaflets check --today 2027-01-01     what will be due by then
    """
    from .. import checks

    reporter = session.reporter
    library = session.library()
    report = checks.check(library, leaflet_ids, resolve_today(today))
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_report(report, reporter)
    errors = report.count(checks.ERROR)
    if errors:
        raise QualityGateError([f"check failed: {plural(errors, 'error')} (see the report)"])


def _print_report(report: Report, reporter: Reporter) -> None:
    """Print the figures as a table, then each finding as one line."""
    rows = [("LEAFLET", "LOCALE", "VERSION", "REVIEW", "WORDS", "LONGEST", "READABILITY",
             "TRANSLATION")]
    for figures in report.figures:
        rows.append((figures.leaflet, figures.locale, _version_cell(figures),
                     _review_cell(figures), _number(figures.readability.words),
                     _number(figures.readability.longest_sentence),
                     _readability_cell(figures.readability),
                     _translation_cell(figures)))
    if len(rows) > 1:
        for line in table(rows):
            reporter.info(line)
    if reporter.verbosity > 0:
        for figures in report.figures:
            reporter.detail(f"\n{figures.leaflet} ({figures.locale}), by section:")
            for line in table([("SECTION", "WORDS", "SCORE", "PATH")] + [
                    (s.section, _number(s.words), _score_cell(s.score, s.meets_target), s.path)
                    for s in figures.readability.sections]):
                reporter.detail(f"  {line}")
    if report.findings:
        reporter.info("")
    for finding in report.findings:
        where = finding.path or "leaflets.toml"
        where += f":{finding.line}" if finding.line else ""
        line = f"{finding.severity}: {where}: {finding.message} [{finding.code}]"
        if finding.severity == "error":
            click.echo(line)
        else:
            reporter.info(line)
    leaflets = len({figures.leaflet for figures in report.figures})
    locales = len({figures.locale for figures in report.figures})
    reporter.info(f"\nchecked {plural(leaflets, 'leaflet')} in {plural(locales, 'language')}: "
                  f"{plural(report.count('error'), 'error')}, "
                  f"{plural(report.count('warning'), 'warning')}, "
                  f"{plural(report.count('info'), 'note')}")


def _version_cell(figures: Figures) -> str:
    state = {"released": "", "changed": " changed", "unreleased": " unreleased",
             "unknown": " ?"}[figures.version_state]
    return figures.version + state


def _review_cell(figures: Figures) -> str:
    review = figures.review
    if review is None:
        return "draft"
    if figures.review_state == "overdue":
        return f"overdue since {review.next_review}"
    return f"{'due' if figures.review_state == 'due' else 'next'} {review.next_review}"


def _readability_cell(graded: Readability) -> str:
    if graded.formula is None:
        return "no formula"
    if graded.score is None:
        return f"{graded.formula.name}: no text"
    target = (graded.target.describe() if graded.target and graded.target.limit is not None
              else "no target")
    return f"{graded.formula.name} {_score_cell(graded.score, graded.meets_target)} ({target})"


def _score_cell(score: float | None, meets: bool | None) -> str:
    if score is None:
        return "-"
    return f"{score:.1f}" + (" TOO HARD" if meets is False else "")


def _translation_cell(figures: Figures) -> str:
    translation = figures.translation
    if translation is None:
        return "source"
    if not translation.exists:
        return "no catalog"
    missing = [f"{n} {what}" for n, what in ((translation.untranslated, "untranslated"),
                                             (translation.fuzzy, "fuzzy")) if n]
    state = ", ".join(missing) if missing else "complete"
    return f"{state}, {'reviewed' if translation.reviewed else 'not reviewed'}"


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)
