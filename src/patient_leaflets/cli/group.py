"""The ``leaflets`` group: its options, and the one place errors become exit codes.

Every ``LeafletError`` becomes one line on standard error (one per reason
for a quality gate) and its exit code: 2 for bad input, 1 for a failed
quality gate, in ``LeafletsGroup.invoke``; Click's own usage errors get the
same one-line form, and an interrupt exits 130.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import click

from .._version import __version__
from ..errors import LeafletError
from .output import one_line
from .session import HELP, Reporter, Session


class LeafletsGroup(click.Group):
    """A command group that reports every error as one line and an exit code."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        _say_warnings_in_one_line()
        # A service manager stops a build with SIGTERM: stop as for Ctrl-C, manifest written.
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
        try:
            with warnings.catch_warnings():  # restored when the command ends
                warnings.showwarning = _show_warning
                code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            # Click's own bad-usage report is several lines; ours is one, with the way out.
            where = exc.ctx.command_path if exc.ctx else "leaflets"
            click.echo(f"error: {one_line(exc.format_message().rstrip('.'))} (see '{where} --help')",
                       err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"error: {one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            # 1 means a quality gate failed; an interrupt is 128 + the signal, as in the shell.
            how, code = ("terminated", 143) if _TERMINATED else ("interrupted", 130)
            click.echo(f"error: {how}; files already written are whole", err=True)
            sys.exit(code)
        finally:
            if in_main_thread:
                signal.signal(signal.SIGTERM, previous)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            for line in str(exc).split("\n"):
                click.echo(f"error: {one_line(line)}", err=True)
            ctx.exit(exc.exit_code)


_TERMINATED = False


class _OneLineWarnings(logging.Handler):
    """Show what a library logs (fontTools, Pillow...) as our own one-line warnings, never raw."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.name}: {one_line(record.getMessage())}", err=True)


def _say_warnings_in_one_line() -> None:
    """Route third-party log records through ``_OneLineWarnings``."""
    root = logging.getLogger()
    if not any(isinstance(handler, _OneLineWarnings) for handler in root.handlers):
        root.addHandler(_OneLineWarnings(logging.WARNING))


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """Show a Python warning as one line of ours (``warnings.showwarning``)."""
    click.echo(f"warning: {category.__name__}: {one_line(str(message))}", err=True)


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Stop on SIGTERM the way Ctrl-C stops: unwinding, so that the manifest is written."""
    global _TERMINATED
    _TERMINATED = True
    raise KeyboardInterrupt


@click.group("leaflets", cls=LeafletsGroup, context_settings=HELP)
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
    ctx.obj = Session(root, Reporter(verbosity or 0))
