"""How the command line shows things: aligned tables, paths, counted nouns."""

from __future__ import annotations

import unicodedata
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


MAX_MESSAGE = 1000  # characters of one error or warning line; the place comes first


def one_line(message: str) -> str:
    """Return ``message`` safe to show in a terminal as one line, cut to ``MAX_MESSAGE``.

    Messages quote what the user's files say, and a hostile file may say
    anything: control characters (a carriage return, a terminal escape) and
    the invisible bidi controls are shown as escapes, and a 30 MB value is
    cut, never echoed whole.
    """
    shown = "".join(_escaped(char) for char in message)
    if len(shown) > MAX_MESSAGE:
        shown = shown[:MAX_MESSAGE - 12].rstrip() + " ... (cut)"
    return shown


def _escaped(char: str) -> str:
    if char == "\t":
        return " "
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}"
    return char


def plural(count: int, noun: str) -> str:
    """Return ``count`` and ``noun``, in the plural unless the count is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
