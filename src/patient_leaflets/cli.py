"""The ``leaflets`` command: parse, call the library, report. Nothing else.

This is the only module that knows Click, prints, or exits. Every
``LeafletError`` becomes one line on standard error and its exit code
(2 for bad input, 1 for a failed quality gate), in ``LeafletsGroup.invoke``.
Work modules are imported inside commands so that ``leaflets --help`` stays
instant (WeasyPrint is only imported by a real build).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import LeafletError, QualityGateError, UsageError


class LeafletsGroup(click.Group):
    """A command group that reports every error as one line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            # Click's own bad-usage report is several lines; ours is one, with the way out.
            where = exc.ctx.command_path if exc.ctx else "leaflets"
            click.echo(f"error: {exc.format_message().rstrip('.')} (see '{where} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            # 1 means a quality gate failed; an interrupt is 130, as in the shell.
            click.echo("error: interrupted; files already written are whole", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            for line in str(exc).split("\n"):
                click.echo(f"error: {line}", err=True)
            ctx.exit(exc.exit_code)


class Reporter:
    """How much the user asked to hear."""

    def __init__(self, verbosity: int):
        self.verbosity = verbosity

    def info(self, message: str) -> None:
        if self.verbosity >= 0:
            click.echo(message)

    def detail(self, message: str) -> None:
        if self.verbosity > 0:
            click.echo(message)


class DateType(click.ParamType):
    """A date written as YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01", param, ctx)


DATE = DateType()
today_option = click.option(
    "--today", type=DATE, metavar="DATE",
    help="Act as if today were DATE. Default: SOURCE_DATE_EPOCH if set, else today.")


def _today(given: datetime.date | None = None) -> datetime.date:
    """Return the date the command acts on: ``--today``, SOURCE_DATE_EPOCH, or the clock."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                             f"1970-01-01, not {epoch!r}; fix or unset it") from None
    return datetime.date.today()


def _library(ctx: click.Context):
    from .library import find_root, open_library

    root = ctx.obj["root"]
    return open_library(root if root is not None else find_root(Path.cwd()))


@click.group("leaflets", cls=LeafletsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(path_type=Path), envvar="LEAFLETS_ROOT",
              help="The library folder (holds leaflets.toml). Default: the nearest one from "
                   "the current folder upwards.")
@click.option("-q", "--quiet", "verbosity", flag_value=-1, help="Print errors only.")
@click.option("-v", "--verbose", "verbosity", flag_value=1, help="Print more detail.")
@click.version_option(__version__, "--version", prog_name="leaflets")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, verbosity: int | None) -> None:
    """Turn a library of plain files into print-ready patient leaflets.

    A library is a folder with a leaflets.toml, leaflets in leaflets/<id>/,
    brands in brands/<id>/ and the page templates in templates/.

    \b
    Examples:
      leaflets list                         what the library holds
      leaflets build                        every leaflet, default brands and papers
      leaflets build spinal-manipulation --paper a4
      leaflets build --brand harbourside --out /tmp/leaflets
      leaflets build --large-print          16 pt, one column (-large.pdf)
      leaflets build --format html          self-contained HTML files
      leaflets pack LEAFLET... -o pack.pdf  several leaflets in one PDF
      leaflets build --release              refuse drafts (exit 1)
      leaflets check                        review dates, versions, readability (exit 1 on errors)
      leaflets new knee-replacement --title "Knee replacement"
      leaflets review spinal-manipulation --by "Dr A. Example, GP"
      leaflets release spinal-manipulation --bump patch --summary "Clearer risks section"

    Exit codes: 0 done, 1 a quality gate failed, 2 bad input or usage.
    """
    ctx.obj = {"root": root, "reporter": Reporter(verbosity or 0)}


@cli.command()
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Build in this language (repeatable). Default: 'locales' in leaflets.toml, "
                   "else the source language and every language with a catalog for the leaflet.")
@click.option("--brand", "brands", multiple=True, metavar="BRAND",
              help="Build under this brand (repeatable). Default: 'brands' in leaflets.toml.")
@click.option("--paper", "papers", multiple=True, type=click.Choice(["a4", "letter"]),
              help="Paper size (repeatable). Default: 'papers' in leaflets.toml.")
@click.option("--large-print", is_flag=True,
              help="Large print for readers with low vision: 16 pt text and more, 1.5 line "
                   "spacing, one column, no italics. Files end in -large.")
@click.option("--print-ready", is_flag=True,
              help="For a print shop: 3 mm bleed and crop marks; brand colours checked for "
                   "greyscale printing. Files end in -print-ready.")
@click.option("--format", "medium", type=click.Choice(["pdf", "html"]), default="pdf",
              show_default=True,
              help="html: one self-contained file per leaflet (styles and images inside, "
                   "nothing loaded from elsewhere) for patient portals and e-mail.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Output folder. Default: 'output' in leaflets.toml (dist).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=1), metavar="N",
              help="Make N documents at a time, in worker processes. Default: the number of "
                   "cores.")
@click.option("--force", is_flag=True,
              help="Make every document again, even those whose inputs did not change.")
@click.option("--shard", metavar="I/N",
              help="Make only slice I of N of the plan (the same slice on every machine) and "
                   "write manifest.shard-I-of-N.json; join them with 'leaflets manifest merge'.")
@click.option("--dry-run", is_flag=True,
              help="Print the plan (what would be made, what is unchanged, what is stale) and "
                   "make nothing.")
@click.option("--prune", is_flag=True,
              help="Delete stale outputs: files in the output folder no current job makes "
                   "(old versions, removed leaflets, brands or languages).")
@click.option("--release", is_flag=True,
              help="Refuse to build drafts (unreviewed or overdue content, unfinished "
                   "translations): exit 1 and list why.")
@today_option
@click.pass_context
def build(ctx: click.Context, leaflet_ids: tuple[str, ...], locales: tuple[str, ...],
          brands: tuple[str, ...], papers: tuple[str, ...], large_print: bool, print_ready: bool,
          medium: str, out: Path | None, workers: int | None, force: bool, shard: str | None,
          dry_run: bool, prune: bool, release: bool, today: datetime.date | None) -> None:
    """Build leaflets: every leaflet x language x brand x paper x variant by default.

    Each PDF goes to OUT/<brand>/<locale>/<leaflet>-<version>-<paper>.pdf
    (-large, -print-ready before .pdf for those variants; an HTML file has no
    paper: <leaflet>-<version>.html) and is replaced atomically.

    A document whose inputs did not change since the last build (same
    fingerprint in OUT/manifest.json, file still there) is not made again.
    The manifest records every output: pages, size, sha256, review dates,
    draft reasons, translation state. A document that fails does not stop the
    others; every failure is listed at the end (exit 2, or 1 for other errors).

    A leaflet builds as a draft, and says so on every page, when its content
    has no clinical review (or is overdue), or when its translation has
    untranslated or fuzzy messages (printed in the source language) or is not
    marked reviewed.

    \b
    Examples:
      leaflets build                        the whole matrix, in parallel
      leaflets build spinal-manipulation --paper letter
      leaflets build --locale es --locale ar --brand harbourside
      leaflets build --large-print --paper a4
      leaflets build --print-ready --out /srv/print-shop
      leaflets build --format html --locale es
      leaflets build --dry-run              what would be made
      leaflets build --shard 2/4            one machine of four (then: leaflets manifest merge)
      leaflets build --release --out /srv/print
    """
    from . import build as builds
    from . import matrix
    from .jobs import Variant
    from .manifest import parse_shard

    reporter: Reporter = ctx.obj["reporter"]
    library = _library(ctx)
    today = _today(today)
    if medium == "html" and print_ready:
        raise UsageError("--print-ready is for PDFs a print shop prints; drop it with --format html")
    variants = (Variant(large_print, print_ready),) if large_print or print_ready else ()
    slice_ = parse_shard(shard) if shard else None
    out_dir = out.resolve() if out else library.output_dir
    maker = builds.Maker(library, today)
    jobs = builds.plan(library, leaflet_ids, brands, papers, locales, variants, medium, maker)
    prepared = matrix.prepare(library, maker, jobs, out_dir, force=force, shard=slice_)
    if dry_run:
        _print_plan(reporter, prepared, out_dir)
        return
    if release:
        matrix.refuse_drafts(maker, prepared.steps)
    workers = workers or os.cpu_count() or 1
    summary = _run_with_progress(ctx, library, maker, prepared, out_dir, workers, prune)
    _print_summary(reporter, summary, out_dir)
    if summary.failed:
        for outcome in summary.failed:
            message = outcome.error if outcome.job.name in outcome.error else f"{outcome.job.name}: {outcome.error}"
            for line in message.split("\n"):
                click.echo(f"error: {line}", err=True)
        ctx.exit(summary.exit_code)


def _run_with_progress(ctx: click.Context, library, maker, prepared, out_dir: Path, workers: int,
                       prune: bool):
    """Run the build, showing progress as the user asked: a bar, one line per job, or nothing."""
    from . import matrix

    reporter: Reporter = ctx.obj["reporter"]
    count = sum(1 for step in prepared.steps if step.build)
    bar_wanted = reporter.verbosity == 0 and sys.stdout.isatty() and count > 1

    def line(outcome, done: int, total: int) -> None:
        if outcome.failed:
            reporter.detail(f"[{done}/{total}] failed {outcome.job.name}")
            return
        draft = "  [draft]" if outcome.draft_reasons else ""
        pages = "" if outcome.pages is None else \
            f" ({outcome.pages} page{'' if outcome.pages == 1 else 's'})"
        reporter.info(f"built {_shown(out_dir / outcome.job.path)}{pages}{draft}")

    if not bar_wanted:
        return matrix.run(library, maker, prepared, out_dir, workers=workers, prune=prune,
                          on_done=line)
    with click.progressbar(length=count, label=f"building {count} documents", show_pos=True,
                           item_show_func=lambda name: name, width=24) as bar:
        def advance(outcome, done: int, total: int) -> None:
            bar.update(1, outcome.job.name)

        return matrix.run(library, maker, prepared, out_dir, workers=workers, prune=prune,
                          on_done=advance)


def _print_summary(reporter: "Reporter", summary, out_dir: Path) -> None:
    reporter.info(f"{len(summary.built)} built, {len(summary.unchanged)} unchanged, "
                  f"{summary.drafts} drafts, {len(summary.failed)} failed in "
                  f"{summary.seconds:.1f} s; manifest: {_shown(summary.manifest_path)}")
    for path in summary.pruned:
        reporter.info(f"deleted stale {_shown(out_dir / path)}")
    if summary.stale:
        reporter.info(f"{len(summary.stale)} stale output{'s' if len(summary.stale) > 1 else ''} "
                      "(no current job makes them; delete with --prune):")
        for path in summary.stale:
            reporter.info(f"  {_shown(out_dir / path)}")
    reasons = sorted({r for outcome in summary.built for r in outcome.draft_reasons}
                     | {r for record in summary.unchanged for r in record.draft_reasons})
    for reason in reasons:
        reporter.detail(f"draft: {reason}")


def _print_plan(reporter: "Reporter", prepared, out_dir: Path) -> None:
    rows = [("ACTION", "OUTPUT", "JOB")]
    for step in prepared.steps:
        rows.append(("build" if step.build else "unchanged", _shown(out_dir / step.job.path),
                     step.job.name))
    for path in prepared.stale:
        rows.append(("stale", _shown(out_dir / path), "-"))
    if len(rows) > 1:
        _print_table(rows)
    to_build = sum(1 for step in prepared.steps if step.build)
    click.echo(f"{to_build} to build, {len(prepared.steps) - to_build} unchanged, "
               f"{len(prepared.stale)} stale (dry run: nothing made)")


@cli.command()
@click.argument("leaflet_ids", nargs=-1, required=True, metavar="LEAFLET...")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The PDF to write, e.g. pack.pdf (replaced atomically).")
@click.option("--locale", metavar="LOCALE",
              help="The language of every leaflet in the pack. Default: the source language.")
@click.option("--brand", metavar="BRAND",
              help="The brand of the pack. Default: the first of 'brands' in leaflets.toml.")
@click.option("--paper", type=click.Choice(["a4", "letter"]),
              help="Paper size. Default: the first of 'papers' in leaflets.toml.")
@click.option("--large-print", is_flag=True, help="Large print, as 'leaflets build --large-print'.")
@click.option("--print-ready", is_flag=True, help="Bleed and crop marks, as 'leaflets build "
                                                  "--print-ready'.")
@click.option("--release", is_flag=True, help="Refuse drafts: exit 1 and list why.")
@click.pass_context
def pack(ctx: click.Context, leaflet_ids: tuple[str, ...], out: Path, locale: str | None,
         brand: str | None, paper: str | None, large_print: bool, print_ready: bool,
         release: bool) -> None:
    """Print several leaflets in one PDF, for a morning's printing.

    Each leaflet starts on a right-hand (odd) page, after a blank page where
    needed, so that a duplex printer keeps leaflets on separate sheets. Each
    keeps its own footer stamp and its own "Page N of M".

    \b
    Examples:
      leaflets pack spinal-manipulation low-back-pain -o monday.pdf
      leaflets pack spinal-manipulation --locale es --brand harbourside -o pack-es.pdf
    """
    from . import build as builds
    from .jobs import Variant

    reporter: Reporter = ctx.obj["reporter"]
    library = _library(ctx)
    settings = library.settings
    result = builds.pack(library, leaflet_ids, brand or settings.brands[0],
                         locale or settings.source_locale, paper or settings.papers[0],
                         Variant(large_print=large_print, print_ready=print_ready),
                         out.resolve(), _today(), release=release)
    draft = "  [draft]" if result.draft_reasons else ""
    reporter.info(f"built {_shown(result.path)} ({result.pages} pages){draft}")
    for leaflet_id, first in result.starts:
        reporter.detail(f"  page {first}: {leaflet_id}")


@cli.group("manifest", context_settings={"help_option_names": ["-h", "--help"]})
def manifest_group() -> None:
    """Work with the build manifest (OUT/manifest.json)."""


@manifest_group.command("merge")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path),
              help="The output folder holding the shard manifests, where manifest.json is "
                   "written. Default: 'output' in leaflets.toml (dist).")
@click.pass_context
def manifest_merge(ctx: click.Context, files: tuple[Path, ...], out: Path | None) -> None:
    """Join the manifests of the shards of one build into OUT/manifest.json.

    FILES are manifest.shard-I-of-N.json files; by default every one in OUT.
    Every shard 1..N must be there exactly once.

    \b
    Example (after 'leaflets build --shard 1/2' and '--shard 2/2' on two machines,
    with their output folders copied together):
      leaflets manifest merge
    """
    from . import manifest

    reporter: Reporter = ctx.obj["reporter"]
    out_dir = out.resolve() if out else _library(ctx).output_dir
    paths = [path.resolve() for path in files] or manifest.shard_manifests(out_dir)
    merged = manifest.merge(paths)
    target = out_dir / manifest.MANIFEST
    manifest.write(target, merged)
    reporter.info(f"merged {len(paths)} shard manifests: {len(merged.records)} outputs, "
                  f"{len(merged.stale)} stale -> {_shown(target)}")


@cli.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List the leaflets: version, code, review state, languages, sections, title.

    LOCALES are the source language and every language with a catalog for
    the leaflet ('leaflets i18n status' says how complete each is).
    """
    from .catalogs import catalog_locales, catalog_path

    library = _library(ctx)
    today = _today()
    translated = catalog_locales(library)
    rows = [("LEAFLET", "VERSION", "CODE", "REVIEW", "LOCALES", "SECTIONS", "TITLE")]
    for leaflet in library.leaflets():
        if leaflet.review is None:
            state = "draft"
        elif leaflet.overdue(today):
            state = f"overdue since {leaflet.review.next_review}"
        else:
            state = f"next {leaflet.review.next_review}"
        locales = [library.settings.source_locale] + [
            locale for locale in translated if catalog_path(library, locale, leaflet.id).is_file()]
        rows.append((leaflet.id, leaflet.version, leaflet.code or "-", state, ",".join(locales),
                     str(len(leaflet.sections)), leaflet.title))
    if len(rows) == 1:
        click.echo(f"no leaflets in {library.leaflets_dir}")
        return
    _print_table(rows)


@cli.command()
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="text: a table and one line per finding (default); json: the same for CI.")
@today_option
@click.pass_context
def check(ctx: click.Context, leaflet_ids: tuple[str, ...], output_format: str,
          today: datetime.date | None) -> None:
    """Check leaflets before they go to print (all of them when none is named).

    For each leaflet and locale: the clinical review (overdue is an error, due
    soon a warning, none a draft warning), the version (content
    changed since its release is an error), readability against the target
    in leaflets.toml with a formula made for the language, long sentences,
    structure (a purpose, a checklist, when to get help, sources, section
    length), translations (incomplete, fuzzy, unreviewed) and the brands.

    Exit 1 when there is an error; warnings and notes do not fail the check.
    -v adds each section's figures.

    \b
    Examples:
      leaflets check
      leaflets check spinal-manipulation --format json > check.json
      leaflets check --today 2027-01-01     what will be due by then
    """
    from . import checks

    reporter: Reporter = ctx.obj["reporter"]
    library = _library(ctx)
    report = checks.check(library, leaflet_ids, _today(today))
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        _print_report(report, reporter)
    errors = report.count(checks.ERROR)
    if errors:
        raise QualityGateError([f"check failed: {_plural(errors, 'error')} (see the report)"])


def _print_report(report, reporter: "Reporter") -> None:
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
        for line in _table(rows):
            reporter.info(line)
    if reporter.verbosity > 0:
        for figures in report.figures:
            reporter.detail(f"\n{figures.leaflet} ({figures.locale}), by section:")
            for line in _table([("SECTION", "WORDS", "SCORE", "PATH")] + [
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
    reporter.info(f"\nchecked {_plural(leaflets, 'leaflet')} in {_plural(locales, 'language')}: "
                  f"{_plural(report.count('error'), 'error')}, "
                  f"{_plural(report.count('warning'), 'warning')}, "
                  f"{_plural(report.count('info'), 'note')}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _version_cell(figures) -> str:
    state = {"released": "", "changed": " changed", "unreleased": " unreleased",
             "unknown": " ?"}[figures.version_state]
    return figures.version + state


def _review_cell(figures) -> str:
    review = figures.review
    if review is None:
        return "draft"
    if figures.review_state == "overdue":
        return f"overdue since {review.next_review}"
    return f"{'due' if figures.review_state == 'due' else 'next'} {review.next_review}"


def _readability_cell(graded) -> str:
    if graded.formula is None:
        return "no formula"
    if graded.score is None:
        return f"{graded.formula.name}: no text"
    target = graded.target.describe() if graded.target.limit is not None else "no target"
    return f"{graded.formula.name} {_score_cell(graded.score, graded.meets_target)} ({target})"


def _score_cell(score: float | None, meets: bool | None) -> str:
    if score is None:
        return "-"
    return f"{score:.1f}" + (" TOO HARD" if meets is False else "")


def _translation_cell(figures) -> str:
    translation = figures.translation
    if translation is None:
        return "source"
    row = translation.rows.get(translation.path)
    if row is None or not row.exists:
        return "no catalog"
    missing = [f"{n} {what}" for n, what in ((row.untranslated, "untranslated"),
                                             (row.fuzzy, "fuzzy")) if n]
    state = ", ".join(missing) if missing else "complete"
    return f"{state}, {'reviewed' if translation.reviewed else 'not reviewed'}"


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


@cli.command()
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--by", "reviewed_by", required=True, metavar="NAME",
              help="Who reviewed the content: name and role, e.g. \"Dr A. Example, GP\".")
@click.option("--on", "reviewed_on", type=DATE, metavar="DATE",
              help="The date of the review. Default: today.")
@click.option("--next", "next_review", type=DATE, metavar="DATE",
              help="When the content is due for review again. Default: --on plus "
                   "'review_interval_years' in leaflets.toml (3 years).")
@today_option
@click.pass_context
def review(ctx: click.Context, leaflet_id: str, reviewed_by: str, reviewed_on: datetime.date | None,
           next_review: datetime.date | None, today: datetime.date | None) -> None:
    """Record a clinical review: write the [review] table of LEAFLET's leaflet.toml.

    The rest of the file is kept byte for byte (comments, order, spacing). A
    reviewed leaflet is no longer a draft, until its next review date passes.
    Translations are reviewed in their catalogs (X-Translation-Review).

    \b
    Examples:
      leaflets review spinal-manipulation --by "Dr A. Example, GP"
      leaflets review spinal-manipulation --by "Dr A. Example, GP" --on 2026-11-01 --next 2028-11-01
    """
    from . import control

    reporter: Reporter = ctx.obj["reporter"]
    library = _library(ctx)
    leaflet = library.leaflet(leaflet_id)
    today = _today(today)
    reviewed_on = reviewed_on or today
    next_review = next_review or control.add_years(reviewed_on,
                                                   library.settings.review_interval_years)
    record = control.review(leaflet, reviewed_by, reviewed_on, next_review, today)
    reporter.info(f"reviewed {leaflet.id} on {record.reviewed_on} by {record.reviewed_by}; next "
                  f"review {record.next_review} (wrote {_shown(leaflet.config_path)})")


@cli.command()
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--bump", type=click.Choice(["major", "minor", "patch"]),
              help="Raise the version first: patch for corrections, minor for new or changed "
                   "advice, major for a rewrite. Without it, record the version leaflet.toml "
                   "holds (a first release).")
@click.option("--summary", required=True, metavar="TEXT", help="One line: what changed.")
@today_option
@click.pass_context
def release(ctx: click.Context, leaflet_id: str, bump: str | None, summary: str,
            today: datetime.date | None) -> None:
    """Release a new version of LEAFLET: bump it and record its content's fingerprint.

    The version in leaflet.toml is raised (every other byte kept) and the
    release is added to leaflets/LEAFLET/versions.toml with the date, the
    fingerprint of the content and the summary. 'leaflets check' fails when
    the content changes after that without a new release. Refused when
    nothing changed since the last release.

    \b
    Examples:
      leaflets release spinal-manipulation --summary "First release"
      leaflets release spinal-manipulation --bump minor --summary "Add who should not have it"
    """
    from . import control

    reporter: Reporter = ctx.obj["reporter"]
    library = _library(ctx)
    leaflet = library.leaflet(leaflet_id)
    today = _today(today)
    done = control.release(leaflet, bump, summary, today)
    record = done.release
    reporter.info(f"released {leaflet.id} {record.version}"
                  + (f" (was {done.previous})" if done.previous != record.version else "")
                  + f": {record.fingerprint[:19]}... in {_shown(done.path)}")
    reasons = leaflet.draft_reasons(today)
    if reasons:
        reporter.info(f"still a draft: {reasons[0]}")


@cli.command()
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--title", required=True, metavar="TITLE", help="The leaflet's title.")
@click.pass_context
def new(ctx: click.Context, leaflet_id: str, title: str) -> None:
    """Start a leaflet: leaflets/LEAFLET/ with a leaflet.toml and starter sections.

    The starter text begins "Replace this:" and 'leaflets check' lists each
    one left. The shared sections when-to-get-help and questions-to-ask are
    written to leaflets/_shared/ unless the library has them already; a
    leaflet's own file of the same name wins over a shared one. The new
    leaflet has no review, so it builds as a draft.

    \b
    Example:
      leaflets new knee-replacement --title "Knee replacement"
    """
    from . import control

    reporter: Reporter = ctx.obj["reporter"]
    for path, written in control.create(_library(ctx), leaflet_id, title):
        reporter.info(f"{'wrote' if written else 'kept'} {_shown(path)}"
                      + ("" if written else " (exists; shared with other leaflets)"))
    reporter.info(f"next: replace each 'Replace this:', then 'leaflets build {leaflet_id}' and "
                  f"'leaflets check {leaflet_id}'. The shared when-to-get-help is general: for "
                  f"this condition's own warning signs, write leaflets/{leaflet_id}/"
                  "when-to-get-help.md")


@cli.group("i18n", context_settings={"help_option_names": ["-h", "--help"]})
def i18n() -> None:
    """Translate leaflets with gettext catalogs (PO files), as pybabel and Sphinx do.

    \b
    The translator's round:
      leaflets i18n init es                 create locales/es/LC_MESSAGES/*.po
      (translate the .po files in any PO editor: Poedit, Lokalize, Weblate...)
      leaflets i18n status                  what is translated, fuzzy, missing
      leaflets build --locale es            print it (a draft until complete)
    After the English text changes:
      leaflets i18n update                  changed text becomes fuzzy, removed
                                            text obsolete; no translation is lost
    """


@i18n.command("extract")
@click.pass_context
def i18n_extract(ctx: click.Context) -> None:
    """Write the translation templates, locales/templates/*.pot.

    One template per leaflet (each block of each section is one message, its
    section id the context) and templates.pot for the page templates' strings.
    A template whose messages did not change is left as it is.
    """
    from . import catalogs

    reporter: Reporter = ctx.obj["reporter"]
    for path, written in catalogs.extract(_library(ctx)):
        reporter.info(f"{'wrote' if written else 'unchanged'} {_shown(path)}")


@i18n.command("init")
@click.argument("locale")
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.pass_context
def i18n_init(ctx: click.Context, locale: str, leaflet_ids: tuple[str, ...]) -> None:
    """Start translating into LOCALE: create its catalogs from the templates.

    LOCALE is a Babel locale name: es, fr, ar, zh_Hans, ru, vi, pt_BR...
    A catalog that exists already is kept as it is; 'leaflets i18n update'
    brings it up to date.

    \b
    Example:
      leaflets i18n init es
    """
    from . import catalogs

    reporter: Reporter = ctx.obj["reporter"]
    library = _library(ctx)
    for path, created in catalogs.init(library, locale, leaflet_ids):
        if created:
            reporter.info(f"created {_shown(path)}")
        else:
            reporter.info(f"kept {_shown(path)} (exists; 'leaflets i18n update' merges new text)")
    if library.settings.locales and locale not in library.settings.locales:
        reporter.info(f"to build {locale} by default, add it to 'locales' in leaflets.toml; "
                      f"until then: leaflets build --locale {locale}")


@i18n.command("update")
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Update only this locale's catalogs (repeatable). Default: every locale.")
@click.pass_context
def i18n_update(ctx: click.Context, leaflet_ids: tuple[str, ...], locales: tuple[str, ...]) -> None:
    """Extract, then merge the templates into every catalog.

    New source text is added untranslated. Changed text keeps its old
    translation, marked fuzzy with the previous source shown (#| msgid), for
    the translator to check. Removed text is kept at the end of the file as
    obsolete (#~) and comes back if the text does. Nothing a translator wrote
    is lost.
    """
    from . import catalogs

    reporter: Reporter = ctx.obj["reporter"]
    merges = catalogs.update(_library(ctx), leaflet_ids, locales)
    if not merges:
        reporter.info("no catalogs to update; start one with 'leaflets i18n init LOCALE'")
    for merge in merges:
        if merge.written:
            reporter.info(f"updated {_shown(merge.path)}: {merge.added} new, {merge.fuzzy} fuzzy, "
                          f"{merge.obsolete} obsolete")
        else:
            reporter.detail(f"unchanged {_shown(merge.path)}")


@i18n.command("status")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Show only this locale (repeatable). Default: the locales in leaflets.toml "
                   "and every locale with catalogs.")
@click.option("--check", is_flag=True,
              help="Exit 1 when a template or catalog is behind the sources (for CI).")
@click.pass_context
def i18n_status(ctx: click.Context, locales: tuple[str, ...], check: bool) -> None:
    """Show how far each catalog is: leaflet x locale.

    Counts are against the text the sources hold now: a message whose English
    changed since the catalog was updated counts as untranslated. DONE is the
    share printed in translation; REVIEW is the catalog's X-Translation-Review.
    """
    from . import catalogs

    library = _library(ctx)
    pots = catalogs.templates(library)
    rows = catalogs.status(library, locales, pots)
    table = [("CATALOG", "LOCALE", "TRANSLATED", "FUZZY", "UNTRANSLATED", "DONE", "REVISED",
              "REVIEW", "TRANSLATOR")]
    for row in rows:
        if not row.exists:
            table.append((row.domain, row.locale, "-", "-", str(row.untranslated), "0%",
                          "missing", "-", f"run 'leaflets i18n init {row.locale}'"))
            continue
        done = f"{row.percent}%" + (" behind" if row.behind else "")
        table.append((row.domain, row.locale, str(row.translated), str(row.fuzzy),
                      str(row.untranslated), done, str(row.revised or "-"), row.review or "-",
                      row.translator or "-"))
    if len(table) == 1:
        click.echo("no locales to translate into; add one with 'leaflets i18n init LOCALE'")
    else:
        _print_table(table)
    if check:
        catalogs.check_status(library, rows, pots)


def _print_table(rows: list[tuple[str, ...]]) -> None:
    """Print rows in aligned columns; the last column is not padded."""
    for line in _table(rows):
        click.echo(line)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    """Return rows as lines of aligned columns; the last column is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
            for row in rows]


def _shown(path: Path) -> str:
    """Return ``path`` relative to the current folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main() -> None:
    cli(prog_name="leaflets")
