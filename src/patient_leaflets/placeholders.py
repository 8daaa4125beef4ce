"""Placeholders in section text: ``{emergency}`` and ``{urgent}``, filled in per brand.

A section names a clinic's numbers rather than writing them, so one text
serves every brand: ``Call {emergency} now.`` prints ``Call 999 now.`` under
a brand whose ``[contact] emergency`` is 999, and "your local emergency
number" (translated) under one that gives none. A placeholder is a known
name between braces; a translation must keep each placeholder of its source
as written, and add none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from markdown_it.token import Token

# Each name and what it stands for: the brand.toml [contact] field that fills it in.
NAMES = {"emergency": "the emergency number ([contact] emergency)",
         "urgent": "the number for urgent advice ([contact] urgent)"}
# Anything that looks like one is one: "{Emergency}" or "{ambulance}" is a mistake to report.
_LOOKS_LIKE = re.compile(r"\{([A-Za-z][A-Za-z0-9_-]*)\}")


def found(text: str) -> Iterator[tuple[str, int]]:
    """Yield each placeholder name of ``text`` with its offset, known or not."""
    for match in _LOOKS_LIKE.finditer(text):
        yield match.group(1), match.start()


def unknown(text: str) -> tuple[str, int] | None:
    """Return the first placeholder of ``text`` that is not a known name, with its offset."""
    return next(((name, offset) for name, offset in found(text) if name not in NAMES), None)


def unknown_message(name: str) -> str:
    """Return the error for the unknown placeholder ``{name}``: what is wrong, what to do."""
    known = ", ".join(f"{{{known}}} ({what})" for known, what in NAMES.items())
    return f"unknown placeholder {{{name}}}; use one of {known}, or remove the braces"


def mismatch(translation: str, source: str) -> str | None:
    """Return how the placeholders of ``translation`` differ from those of ``source``; None
    when it has the same ones, as often each (in any order: languages order words apart)."""
    wanted = Counter(name for name, _ in found(source))
    have = Counter(name for name, _ in found(translation))
    for name in wanted:
        if have[name] < wanted[name]:
            return f"leaves out the placeholder {{{name}}} of the source"
    for name in have:
        if have[name] > wanted[name]:
            return (f"has the placeholder {{{name}}} more often than the source" if wanted[name]
                    else f"has the placeholder {{{name}}}, which the source lacks")
    return None


def fill(text: str, value: Callable[[str], str]) -> list[tuple[bool, str]]:
    """Split ``text`` into pieces: (False, text) and (True, ``value(name)``) for each
    placeholder, in order."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in _LOOKS_LIKE.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position:match.start()]))
        pieces.append((True, value(match.group(1))))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces


def filled(children: list[Token], value: Callable[[str], str]) -> list[Token]:
    """Return the inline tokens ``children`` with each placeholder of their text replaced by
    the HTML ``value(name)`` returns (the caller escapes what it puts in)."""
    result = []
    for child in children:
        if child.type != "text" or "{" not in child.content:
            result.append(child)
            continue
        for is_value, text in fill(child.content, value):
            piece = Token("html_inline" if is_value else "text", "", 0)
            piece.content = text
            result.append(piece)
    return result
