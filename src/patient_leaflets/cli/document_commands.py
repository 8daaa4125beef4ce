"""Document control: ``leaflets review``, ``release`` and ``new``."""

from __future__ import annotations

import datetime

import click

from .output import shown
from .session import DATE, Session, pass_session, resolve_today, today_option


@click.command()
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--by", "reviewed_by", required=True, metavar="NAME",
              help="Who reviewed the content: name and role, e.g. \"Dr A. Example, GP\".")
@click.option("--on", "reviewed_on", type=DATE, metavar="DATE",
              help="The date of the review. Default: today.")
@click.option("--next", "next_review", type=DATE, metavar="DATE",
              help="When the content is due for review again. Default: --on plus "
                   "'review_interval_years' in leaflets.toml (3 years).")
@today_option
@pass_session
def review(session: Session, leaflet_id: str, reviewed_by: str, reviewed_on: datetime.date | None,
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
    from .. import control

    done = control.review(session.library(), leaflet_id, reviewed_by, resolve_today(today),
                          reviewed_on, next_review)
    record = done.record
    session.reporter.info(f"reviewed {done.leaflet.id} on {record.reviewed_on} by "
                          f"{record.reviewed_by}; next review {record.next_review} "
                          f"(wrote {shown(done.leaflet.config_path)})")


@click.command()
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--bump", type=click.Choice(["major", "minor", "patch"]),
              help="Raise the version first: patch for corrections, minor for new or changed "
                   "advice, major for a rewrite. Without it, record the version leaflet.toml "
                   "holds (a first release).")
@click.option("--summary", required=True, metavar="TEXT", help="One line: what changed.")
@today_option
@pass_session
def release(session: Session, leaflet_id: str, bump: str | None, summary: str,
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
    from .. import control

    reporter = session.reporter
    done = control.release(session.library(), leaflet_id, bump, summary, resolve_today(today))
    record = done.release
    reporter.info(f"released {done.leaflet.id} {record.version}"
                  + (f" (was {done.previous})" if done.previous != record.version else "")
                  + f": {record.fingerprint[:19]}... in {shown(done.path)}")
    if done.draft_reasons:
        reporter.info(f"still a draft: {done.draft_reasons[0]}")


@click.command()
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--title", required=True, metavar="TITLE", help="The leaflet's title.")
@pass_session
def new(session: Session, leaflet_id: str, title: str) -> None:
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
    from .. import control

    reporter = session.reporter
    for path, written in control.create(session.library(), leaflet_id, title):
        reporter.info(f"{'wrote' if written else 'kept'} {shown(path)}"
                      + ("" if written else " (exists; shared with other leaflets)"))
    reporter.info(f"next: replace each 'Replace this:', then 'leaflets build {leaflet_id}' and "
                  f"'leaflets check {leaflet_id}'. The shared when-to-get-help is general: for "
                  f"this condition's own warning signs, write leaflets/{leaflet_id}/"
                  "when-to-get-help.md")
