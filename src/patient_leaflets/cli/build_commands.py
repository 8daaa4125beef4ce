"""Making documents: ``leaflets build``, ``pack`` and ``manifest merge``."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..variants import MEDIA, PAPERS, Variant
from .output import one_line, print_table, shown
from .session import HELP, Reporter, Session, pass_session, resolve_today, today_option

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from ..build.maker import Outcome
    from ..build.matrix import Prepared, Summary


@click.command()
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Build in this language (repeatable). Default: 'locales' in leaflets.toml, "
                   "else the source language and every language with a catalog for the leaflet.")
@click.option("--brand", "brands", multiple=True, metavar="BRAND",
              help="Build under this brand (repeatable). Default: 'brands' in leaflets.toml.")
@click.option("--paper", "papers", multiple=True, type=click.Choice(PAPERS),
              help="Paper size (repeatable). Default: 'papers' in leaflets.toml.")
@click.option("--large-print", is_flag=True,
              help="Large print for readers with low vision: 16 pt text and more, 1.5 line "
                   "spacing, one column, no italics. Files end in -large.")
@click.option("--print-ready", is_flag=True,
              help="For a print shop: 3 mm bleed and crop marks; brand colours checked for "
                   "greyscale printing. Files end in -print-ready.")
@click.option("--format", "medium", type=click.Choice(MEDIA), default="pdf",
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
@pass_session
def build(session: Session, leaflet_ids: tuple[str, ...], locales: tuple[str, ...],
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
    from ..build.run import BuildRequest, run_build

    reporter = session.reporter
    library = session.library()
    request = BuildRequest(
        today=resolve_today(today), leaflet_ids=leaflet_ids, locales=locales, brands=brands,
        papers=papers, large_print=large_print, print_ready=print_ready, medium=medium, out=out,
        workers=workers, force=force, shard=shard, dry_run=dry_run, prune=prune, release=release)
    progress = _Progress(reporter)
    try:
        result = run_build(library, request, progress)
    finally:
        progress.close()
    if result.summary is None:
        _print_plan(result.prepared, result.out_dir)
        return
    summary = result.summary
    _print_summary(reporter, summary, result.out_dir)
    for outcome in summary.failed:
        assert outcome.failure is not None
        for line in outcome.failure.message.split("\n"):
            click.echo(f"error: {one_line(line)}", err=True)
        if outcome.failure.details and reporter.verbosity > 0:
            click.echo(outcome.failure.details.rstrip(), err=True)
    if summary.failed:
        click.get_current_context().exit(summary.exit_code)


class _Progress:
    """Show progress as the user asked: a bar, one line per document, or nothing."""

    def __init__(self, reporter: Reporter):
        self.reporter = reporter
        self.out_dir = Path()
        self._bar: ProgressBar[str] | None = None

    def waiting(self, out_dir: Path) -> None:
        self.reporter.info(f"waiting for another build into {shown(out_dir)} to finish...")

    def started(self, count: int, out_dir: Path) -> None:
        self.out_dir = out_dir
        if self.reporter.verbosity == 0 and sys.stdout.isatty() and count > 1:
            self._bar = click.progressbar(length=count, label=f"building {count} documents",
                                          show_pos=True, item_show_func=lambda name: name,
                                          width=24)
            self._bar.__enter__()

    def job_done(self, outcome: Outcome, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(1, outcome.job.name)
        elif outcome.failure is not None:
            # Lost: the build's journal says at the end whether its worker wrote it first.
            said = "no answer (a worker died) for" if outcome.failure.lost else "failed"
            self.reporter.detail(f"[{done}/{total}] {said} {outcome.job.name}")
        else:
            draft = "  [draft]" if outcome.draft_reasons else ""
            pages = "" if outcome.pages is None else \
                f" ({outcome.pages} page{'' if outcome.pages == 1 else 's'})"
            self.reporter.info(f"built {shown(self.out_dir / outcome.job.path)}{pages}{draft}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def _print_summary(reporter: Reporter, summary: Summary, out_dir: Path) -> None:
    reporter.info(f"{len(summary.built)} built, {len(summary.unchanged)} unchanged, "
                  f"{summary.drafts} drafts, {len(summary.failed)} failed in "
                  f"{summary.seconds:.1f} s; manifest: {shown(summary.manifest_path)}")
    for path in summary.pruned:
        reporter.info(f"deleted stale {shown(out_dir / path)}")
    if summary.stale:
        reporter.info(f"{len(summary.stale)} stale output{'s' if len(summary.stale) > 1 else ''} "
                      "(no current job makes them; delete with --prune):")
        for path in summary.stale:
            reporter.info(f"  {shown(out_dir / path)}")
    reasons = sorted({r for outcome in summary.built for r in outcome.draft_reasons}
                     | {r for record in summary.unchanged for r in record.draft_reasons})
    for reason in reasons:
        reporter.detail(f"draft: {reason}")


def _print_plan(prepared: Prepared, out_dir: Path) -> None:
    rows = [("ACTION", "OUTPUT", "JOB")]
    for step in prepared.steps:
        rows.append(("build" if step.build else "unchanged", shown(out_dir / step.job.path),
                     step.job.name))
    for path in prepared.stale:
        rows.append(("stale", shown(out_dir / path), "-"))
    if len(rows) > 1:
        print_table(rows)
    to_build = sum(1 for step in prepared.steps if step.build)
    click.echo(f"{to_build} to build, {len(prepared.steps) - to_build} unchanged, "
               f"{len(prepared.stale)} stale (dry run: nothing made)")


@click.command()
@click.argument("leaflet_ids", nargs=-1, required=True, metavar="LEAFLET...")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="The PDF to write, e.g. pack.pdf (replaced atomically).")
@click.option("--locale", metavar="LOCALE",
              help="The language of every leaflet in the pack. Default: the source language.")
@click.option("--brand", metavar="BRAND",
              help="The brand of the pack. Default: the first of 'brands' in leaflets.toml.")
@click.option("--paper", type=click.Choice(PAPERS),
              help="Paper size. Default: the first of 'papers' in leaflets.toml.")
@click.option("--large-print", is_flag=True, help="Large print, as 'leaflets build --large-print'.")
@click.option("--print-ready", is_flag=True, help="Bleed and crop marks, as 'leaflets build "
                                                  "--print-ready'.")
@click.option("--release", is_flag=True, help="Refuse drafts: exit 1 and list why.")
@pass_session
def pack(session: Session, leaflet_ids: tuple[str, ...], out: Path, locale: str | None,
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
    from ..build.pack import PackRequest, pack

    reporter = session.reporter
    result = pack(session.library(), PackRequest(
        leaflet_ids, out.resolve(), resolve_today(), brand=brand, locale=locale, paper=paper,
        variant=Variant(large_print=large_print, print_ready=print_ready), release=release))
    draft = "  [draft]" if result.draft_reasons else ""
    reporter.info(f"built {shown(result.path)} ({result.pages} pages){draft}")
    for leaflet_id, first in result.starts:
        reporter.detail(f"  page {first}: {leaflet_id}")


@click.group("manifest", context_settings=HELP)
def manifest_group() -> None:
    """Work with the build manifest (OUT/manifest.json)."""


@manifest_group.command("merge")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path),
              help="The output folder holding the shard manifests, where manifest.json is "
                   "written. Default: 'output' in leaflets.toml (dist).")
@pass_session
def manifest_merge(session: Session, files: tuple[Path, ...], out: Path | None) -> None:
    """Join the manifests of the shards of one build into OUT/manifest.json.

    FILES are manifest.shard-I-of-N.json files; by default every one in OUT.
    Every shard 1..N must be there exactly once.

    \b
    Example (after 'leaflets build --shard 1/2' and '--shard 2/2' on two machines,
    with their output folders copied together):
      leaflets manifest merge
    """
    from ..build.manifest import merge_into

    out_dir = out.resolve() if out else session.library().output_dir
    done = merge_into(out_dir, tuple(path.resolve() for path in files))
    session.reporter.info(f"merged {len(done.sources)} shard manifests: "
                          f"{len(done.manifest.records)} outputs, {len(done.manifest.stale)} stale "
                          f"-> {shown(done.path)}")
