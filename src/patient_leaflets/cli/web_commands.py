"""The front desk and document control at the counter: ``serve``, ``print``, ``prints``, ``verify``."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
from dataclasses import asdict
from pathlib import Path

import click

from ..variants import PAPERS
from ..web.security import TOKEN_ENV
from .output import one_line, print_table, shown
from .session import DATE, Session, pass_session, resolve_today, today_option

_OUT = click.option("--out", type=click.Path(path_type=Path),
                    help="The output folder. Default: 'output' in leaflets.toml (dist).")
_ALLOW_DRAFTS = click.option("--allow-drafts", is_flag=True,
                             help="Allow drafts to be printed, for proofreading: they say "
                                  "\"Draft: not for patients\" on every page.")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", envvar=TOKEN_ENV, metavar="TOKEN",
              help=f"The access token staff's browsers must present (the link ?token=TOKEN "
                   f"once, then a cookie). Also {TOKEN_ENV}. Needed with a --host other than "
                   "loopback.")
@_ALLOW_DRAFTS
@_OUT
@today_option
@pass_session
def serve(session: Session, host: str, port: int, token: str | None, allow_drafts: bool,
          out: Path | None, today: datetime.date | None) -> None:
    """Serve the front desk: find, preview, print and check leaflets from a browser.

    Staff search in any language the library has, choose language, brand,
    paper and print size, see the pages, open, download or print the PDF on
    a CUPS printer, and check whether a copy is current. Documents come from
    the output folder's manifest when current; others are built on demand by
    the same engine as 'leaflets build'. Drafts are never offered for
    printing unless --allow-drafts. Served by waitress; stop with Ctrl-C.

    \b
    Examples:
      leaflets serve                                  http://127.0.0.1:8000/
      LEAFLETS_TOKEN=... leaflets serve --host 0.0.0.0 --port 8080
    """
    from ..web.app import DeskSettings
    from ..web.serve import serve as run

    library = session.library()  # a broken library is an error now, not on the first page
    settings = DeskSettings(library.root, out.resolve() if out else None, allow_drafts, token,
                            (lambda: today) if today else resolve_today)
    # Ctrl-C, or SIGTERM from a service manager, ends it: waitress stops its threads, exit 0.
    with contextlib.suppress(KeyboardInterrupt):  # one before waitress's loop, which catches its own
        run(settings, host, port, ready=lambda url: click.echo(f"front desk at {url} (Ctrl-C stops)"))
    session.reporter.info("front desk stopped")


@click.command("print")
@click.argument("leaflet_id", metavar="LEAFLET")
@click.option("--locale", metavar="LOCALE", help="The language. Default: the source language.")
@click.option("--brand", metavar="BRAND", help="Default: the first of 'brands' in leaflets.toml.")
@click.option("--paper", type=click.Choice(PAPERS), help="Default: the first of 'papers'.")
@click.option("--large-print", is_flag=True, help="The large-print copy.")
@click.option("--printer", metavar="NAME", help="A CUPS queue ('lpstat -e' lists them). "
                                                "Default: CUPS' default printer.")
@click.option("--copies", type=click.IntRange(1, 500), default=1, show_default=True)
@click.option("--duplex", is_flag=True, help="Both sides of the paper (long edge).")
@_ALLOW_DRAFTS
@_OUT
@today_option
@pass_session
def print_(session: Session, leaflet_id: str, locale: str | None, brand: str | None,
           paper: str | None, large_print: bool, printer: str | None, copies: int, duplex: bool,
           allow_drafts: bool, out: Path | None, today: datetime.date | None) -> None:
    """Print the current PDF of LEAFLET on a CUPS printer, and log the print.

    The PDF is the output folder's when it is current; otherwise it is built
    first. A draft is refused (exit 1) unless --allow-drafts. Each print
    goes into the print log (see 'leaflets prints').

    \b
    Examples:
      leaflets print spinal-manipulation --locale es --printer front-desk
      leaflets print spinal-manipulation --large-print --copies 2 --duplex
    """
    from ..build.current import default_document
    from ..printing import PrintRequest, print_document

    library = session.library()
    document = default_document(library, leaflet_id, locale, brand, paper, large_print)
    done = print_document(library, PrintRequest(document, printer, copies, duplex, allow_drafts),
                          resolve_today(today), out)
    entry = done.entry
    draft = "  [draft]" if entry.draft else ""
    session.reporter.info(f"printed {shown(done.path)} x{entry.copies}"
                          f"{' duplex' if entry.duplex else ''} on {entry.printer} "
                          f"(job {done.job}){draft}")


@click.command()
@click.option("--since", type=DATE, metavar="DATE", help="Prints on or after DATE (UTC).")
@click.option("--format", "output_format", type=click.Choice(["text", "csv", "json"]),
              default="text", show_default=True)
@_OUT
@pass_session
def prints(session: Session, since: datetime.date | None, output_format: str,
           out: Path | None) -> None:
    """List the print log: which version of which leaflet was printed, where and when.

    Nothing about patients is recorded: the leaflet, its version and content
    fingerprint, the PDF's sha256, language, brand, paper, print size,
    copies, duplex, printer, time (UTC) and draft state.

    \b
    Examples:
      leaflets prints --since 2026-11-01
      leaflets prints --format csv > prints.csv
    """
    from ..printlog import COLUMNS, entries

    library = session.library()
    found = entries(out.resolve() if out else library.output_dir, since)
    if output_format == "json":
        click.echo(json.dumps([asdict(entry) for entry in found], indent=2, ensure_ascii=False))
    elif output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows([list(asdict(entry).values()) for entry in found])
        click.echo(buffer.getvalue(), nl=False)
    elif not found:
        click.echo("no prints logged" + (f" since {since}" if since else ""))
    else:
        print_table([("PRINTED (UTC)", "LEAFLET", "VERSION", "LOCALE", "BRAND", "PAPER", "VARIANT",
                      "COPIES", "PRINTER")] +
                    [(e.printed_at, e.leaflet, e.version + (" draft" if e.draft else ""), e.locale,
                      e.brand, e.paper, e.variant, str(e.copies), e.printer) for e in found])


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE.pdf...",
                type=click.Path(path_type=Path, dir_okay=False))
@today_option
@pass_session
def verify(session: Session, files: tuple[Path, ...], today: datetime.date | None) -> None:
    """Tell whether each copy is current: released, reviewed, not superseded.

    Reads each PDF's metadata (leaflet, version, review dates, draft state)
    and compares it with the library and versions.toml. One line per file.
    Exit 0 when every copy is current; 1 when one is superseded, unreleased,
    a draft or overdue; 2 when one is not a leaflet of this library or cannot
    be read.

    \b
    Examples:
      leaflets verify scanned/spinal-manipulation-1.0.0-a4.pdf
      leaflets verify --today 2029-01-01 dist/default/en/*.pdf
    """
    from ..verify import NotOurs, verify_file

    library = session.library()
    day = resolve_today(today)
    code = 0
    for path in files:
        try:
            verdict = verify_file(library, path, day)
        except NotOurs as exc:
            click.echo(f"error: {one_line(str(exc))}", err=True)
            code = 2
            continue
        click.echo(f"{shown(path)}: {one_line(verdict.message)}")
        code = max(code, verdict.exit_code)
    if code:
        click.get_current_context().exit(code)
