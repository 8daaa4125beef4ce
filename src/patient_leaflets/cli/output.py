"""How the command line shows things: aligned tables, paths, counted nouns."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click


def print_table(rows: Sequence[tuple[str, ...]]) -> None:
    """Print rows in aligned columns; the last column is not padded."""
    for line in table(rows):
        click.echo(line)


def table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Return rows as lines of aligned columns; the last column is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1]
            for row in rows]


def shown(path: Path) -> str:
    """Return ``path`` relative to the current folder when it is below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def plural(count: int, noun: str) -> str:
    """Return ``count`` and ``noun``, in the plural unless the count is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
