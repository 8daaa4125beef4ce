"""The ``leaflets`` command: parse, make one call into the core, report. Nothing else.

This package is the only one that knows Click, prints, or exits. ``group``
holds the group, its options and the one error boundary; each command
family is a module of its own, added to the group here (as Flask does).
Work modules are imported inside commands, so that ``leaflets --help``
stays instant (WeasyPrint is only imported by a real build).
"""

from __future__ import annotations

from .build_commands import build, manifest_group, pack
from .document_commands import new, release, review
from .group import cli
from .i18n_commands import i18n
from .library_commands import check, list_
from .web_commands import print_, prints, serve, verify

for command in (build, pack, manifest_group, list_, check, review, release, new, i18n,
                serve, print_, prints, verify):
    cli.add_command(command)

__all__ = ["cli", "main"]


def main() -> None:
    """Run the ``leaflets`` command (the console script's entry point)."""
    cli(prog_name="leaflets")
