"""What every command shares: the library it works on, how much to say, which day it is.

``Session`` is made once by the ``leaflets`` group from its options and
handed to each command with ``@pass_session``: one small typed object, as
Flask's ``ScriptInfo``, not a dict.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import UsageError

if TYPE_CHECKING:
    from ..library import Library

HELP = {"help_option_names": ["-h", "--help"]}


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


@dataclass
class Session:
    """The options of the ``leaflets`` group, for its commands."""

    root: Path | None  # --root or LEAFLETS_ROOT; None: found from the current folder
    reporter: Reporter
    _library: Library | None = field(default=None, repr=False)

    def library(self) -> Library:
        """Return the library the command works on, opened on first use."""
        if self._library is None:
            from ..library import find_root, open_library

            self._library = open_library(self.root if self.root is not None
                                         else find_root(Path.cwd()))
        return self._library


pass_session = click.make_pass_decorator(Session)


class DateType(click.ParamType):  # type: ignore[type-arg]  # generic in newer Click only
    """A date written as YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime.date:
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


def resolve_today(given: datetime.date | None = None) -> datetime.date:
    """Return the date the command acts on: ``--today``, SOURCE_DATE_EPOCH, or the clock."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                             f"1970-01-01, not {epoch!r}; fix or unset it") from None
    return datetime.date.today()
