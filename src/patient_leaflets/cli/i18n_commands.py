"""``leaflets i18n``: the translator's round, with gettext catalogs."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from .output import one_line, print_table, shown
from .session import DATE, HELP, Session, pass_session, resolve_today, today_option


@click.group("i18n", context_settings=HELP)
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
    With a translation agency (XLIFF 1.2, CAT tools):
      leaflets i18n export --locale es -o to-agency/
      leaflets i18n import from-agency/*.xlf
      leaflets check                        numbers, links, placeholders kept?
      leaflets i18n review es --by "A. Name, medical translator"
    """


@i18n.command("extract")
@pass_session
def i18n_extract(session: Session) -> None:
    """Write the translation templates, locales/templates/*.pot.

    One template per leaflet (each block of each section is one message, its
    section id the context) and templates.pot for the page templates' strings.
    A template whose messages did not change is left as it is.
    """
    from ..i18n.extract import extract

    reporter = session.reporter
    for path, written in extract(session.library()):
        reporter.info(f"{'wrote' if written else 'unchanged'} {shown(path)}")


@i18n.command("init")
@click.argument("locale")
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@pass_session
def i18n_init(session: Session, locale: str, leaflet_ids: tuple[str, ...]) -> None:
    """Start translating into LOCALE: create its catalogs from the templates.

    LOCALE is a Babel locale name: es, fr, ar, zh_Hans, ru, vi, pt_BR...
    A catalog that exists already is kept as it is; 'leaflets i18n update'
    brings it up to date. Text another catalog of LOCALE translates already
    (a shared section) is filled in, fuzzy, for the translator to confirm.

    \b
    Example:
      leaflets i18n init es
    """
    from ..i18n.merge import init

    reporter = session.reporter
    library = session.library()
    for path, created, filled in init(library, locale, leaflet_ids):
        if created:
            reporter.info(f"created {shown(path)}" + (f": {filled} filled in from the translation "
                                                     "memory, fuzzy" if filled else ""))
        else:
            reporter.info(f"kept {shown(path)} (exists; 'leaflets i18n update' merges new text)")
    if library.settings.locales and locale not in library.settings.locales:
        reporter.info(f"to build {locale} by default, add it to 'locales' in leaflets.toml; "
                      f"until then: leaflets build --locale {locale}")


@i18n.command("update")
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Update only this locale's catalogs (repeatable). Default: every locale.")
@pass_session
def i18n_update(session: Session, leaflet_ids: tuple[str, ...], locales: tuple[str, ...]) -> None:
    """Extract, then merge the templates into every catalog.

    New source text is added untranslated. Changed text keeps its old
    translation, marked fuzzy with the previous source shown (#| msgid), for
    the translator to check. Removed text is kept at the end of the file as
    obsolete (#~) and comes back if the text does. Nothing a translator wrote
    is lost. Untranslated text that another catalog of the same language
    translates is filled in from it, fuzzy, with a comment naming it.
    """
    from ..i18n.merge import update

    reporter = session.reporter
    merges = update(session.library(), leaflet_ids, locales)
    if not merges:
        reporter.info("no catalogs to update; start one with 'leaflets i18n init LOCALE'")
    for merge in merges:
        if merge.written:
            reporter.info(f"updated {shown(merge.path)}: {merge.added} new, {merge.fuzzy} fuzzy, "
                          f"{merge.obsolete} obsolete, {merge.memory} from the translation memory")
        else:
            reporter.detail(f"unchanged {shown(merge.path)}")


@i18n.command("status")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Show only this locale (repeatable). Default: the locales in leaflets.toml "
                   "and every locale with catalogs.")
@click.option("--check", is_flag=True,
              help="Exit 1 when a template or catalog is behind the sources (for CI).")
@pass_session
def i18n_status(session: Session, locales: tuple[str, ...], check: bool) -> None:
    """Show how far each catalog is: leaflet x locale.

    Counts are against the text the sources hold now: a message whose English
    changed since the catalog was updated counts as untranslated. DONE is the
    share printed in translation; REVIEW is the catalog's X-Translation-Review
    ('leaflets i18n review' writes it).

    With --check, also run the translation safety checks on every catalog
    (numbers, {placeholders}, Markdown marks and links, web and e-mail
    addresses, phone numbers, blank translations: errors, exit 1; a copy of
    the source, lost final punctuation, a glossary term not used: warnings).
    """
    from ..i18n.status import status

    report = status(session.library(), locales, compare=check)
    rows = report.rows
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
        print_table(table)
    if check:
        from ..i18n.safety import ERROR, library_issues

        issues = library_issues(session.library(), tuple(dict.fromkeys(row.locale for row in rows)))
        for issue in issues:
            if issue.severity != ERROR:
                click.echo(f"warning: {one_line(_where(issue.path, issue.line) + issue.message)}",
                           err=True)
        report.refuse_if_behind([f"{_where(issue.path, issue.line)}{issue.message}"
                                 for issue in issues if issue.severity == ERROR])


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}: " if line else f"{path}: "


@i18n.command("export")
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--format", "output_format", type=click.Choice(["xliff", "tmx"]), default="xliff",
              show_default=True, help="xliff: one XLIFF 1.2 file per leaflet and locale; tmx: one "
                                      "translation memory per locale.")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE",
              help="Export only this locale (repeatable). Default: every locale with catalogs.")
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write the files into (made if missing).")
@pass_session
def i18n_export(session: Session, leaflet_ids: tuple[str, ...], output_format: str,
                locales: tuple[str, ...], out: Path) -> None:
    """Write the catalogs as XLIFF 1.2 for a translation agency, or as a TMX memory.

    Each message of the leaflet's current text is one unit: its section id,
    locations, notes and translator comments go with it; translated, fuzzy
    (needs-review-translation) and untranslated (new) are its state. Markdown
    marks, links and placeholders are inline codes (<ph>) a CAT tool keeps.
    Send the .xlf files; import them with 'leaflets i18n import'.

    \b
    Examples:
      leaflets i18n export --locale es -o to-agency/
      leaflets i18n export --format tmx --locale es -o memory/
    """
    from ..i18n.xliff import export_tmx, export_xliff

    library = session.library()
    if output_format == "tmx":
        if leaflet_ids:
            raise click.UsageError("a TMX memory holds every leaflet of a locale; name no leaflet")
        written = export_tmx(library, locales, out)
    else:
        written = export_xliff(library, locales, leaflet_ids, out)
    for path in written:
        session.reporter.info(f"wrote {shown(path)}")


@i18n.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE.xlf...",
                type=click.Path(dir_okay=False, path_type=Path))
@pass_session
def i18n_import(session: Session, files: tuple[Path, ...]) -> None:
    """Merge translated XLIFF files back into the PO catalogs.

    A unit whose source is no longer the leaflet's current text is refused
    (one line each, exit 1): export again. A target in a needs-* state is
    imported fuzzy; an empty target changes nothing. Every file is checked
    before any catalog is written; a catalog nothing changed in is left as
    it is. Then run 'leaflets check' and 'leaflets i18n review'.

    \b
    Example:
      leaflets i18n import from-agency/*.xlf
    """
    from ..errors import QualityGateError
    from ..i18n.xliff import import_xliff

    reporter = session.reporter
    results = import_xliff(session.library(), files)
    refused = [line for result in results for line in result.refused]
    for result in results:
        reporter.info(f"{shown(result.source)} -> {shown(result.catalog)}: {result.updated} "
                      f"updated, {result.unchanged} unchanged, {len(result.refused)} refused")
    if refused:
        raise QualityGateError(refused)


@i18n.command("review")
@click.argument("locale")
@click.argument("leaflet_ids", nargs=-1, metavar="[LEAFLET]...")
@click.option("--by", "reviewed_by", required=True, metavar="NAME",
              help='Who reviewed the translation, with their role: "A. Name, medical translator".')
@click.option("--on", "reviewed_on", type=DATE, metavar="DATE",
              help="When it was reviewed (YYYY-MM-DD). Default: today; never in the future.")
@today_option
@pass_session
def i18n_review(session: Session, locale: str, leaflet_ids: tuple[str, ...], reviewed_by: str,
                reviewed_on: datetime.date | None, today: datetime.date | None) -> None:
    """Record a qualified reviewer's sign-off of LOCALE's translation.

    Writes X-Translation-Review: reviewed DATE by NAME into the named leaflets'
    catalogs (every catalog of LOCALE when none is named; name 'templates' for
    the page templates'). Refused (exit 1) for a catalog with untranslated or
    fuzzy messages or a safety error ('leaflets check' lists them). A build
    prints the record on the last page; 'leaflets i18n status' shows it.

    \b
    Examples:
      leaflets i18n review es --by "A. Name, medical translator"
      leaflets i18n review fr spinal-manipulation --by "B. Nom, traductrice" --on 2026-11-28
    """
    from ..i18n.signoff import review

    done = review(session.library(), locale, leaflet_ids, reviewed_by, resolve_today(today),
                  reviewed_on)
    for signed in done:
        session.reporter.info(f"{shown(signed.path)}: {signed.record}"
                              + ("" if signed.written else " (recorded already)"))
