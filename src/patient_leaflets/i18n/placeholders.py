"""Placeholders: the %(name)s and {name} a message and its translation must share.

Read as gettext's msgfmt reads a python-format or python-brace-format message:
a translation has the same named placeholders as its source, each used as the
same kind of value (text, integer, number, character), or the same unnamed
ones in the same order. A plural form may leave some out (the form for one
thing often says "one" instead of the number).
"""

from __future__ import annotations

import re

# One printf-style directive as Python's % operator reads it.
_DIRECTIVE = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-+ #0]*(?P<width>\*|\d+)?"
                        r"(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<type>.?)", re.DOTALL)
# Babel's two placeholder kinds; any other "<language>-format" flag is refused.
FORMAT_FLAGS = ("python-format", "python-brace-format")
# The conversions msgfmt knows (not %a, which Python 3 added), and the kind of value each takes.
_TYPES = {**dict.fromkeys("diouxX", "integer"), **dict.fromkeys("eEfFgG", "number"),
          "c": "character", **dict.fromkeys("sr", "text")}


def python_directives(text: str) -> tuple[dict[str, str], list[str]] | str:
    """Return the named and the unnamed arguments of a %-format string (their kinds), or why
    it is not one."""
    named: dict[str, str] = {}
    unnamed: list[str] = []
    position = text.find("%")
    while position >= 0:
        match = _DIRECTIVE.match(text, position)
        assert match is not None  # every part of the pattern is optional
        name, kind = match.group("name"), match.group("type")
        stars = [part for part in ("width", "precision") if match.group(part) == "*"]
        if kind == "%" and name is None:
            pass  # a percent sign
        elif kind not in _TYPES and kind != "%":
            shown = f"'%{kind}'" if kind else "a % at the end"
            return f"{shown} is no placeholder (write %% for a percent sign)"
        elif name is not None:
            # "%(name)%" prints a percent sign, yet msgfmt counts it as an argument of its own.
            value = _TYPES.get(kind, "a percent sign")
            if stars or named.setdefault(name, value) != value:
                return f"%({name}) is used in two ways"
        else:
            unnamed += ["integer"] * len(stars) + [_TYPES[kind]]
        position = text.find("%", match.end())
    if named and unnamed:
        return "it mixes named placeholders, %(name)s, and unnamed ones"
    return named, unnamed


def without_placeholders(text: str) -> str:
    """Return ``text`` with each %-directive (and %%) replaced by a space."""
    return _DIRECTIVE.sub(" ", text)


def python_format_problem(text: str, *sources: str, strict: bool = True) -> str | None:
    """Return how the %-placeholders of ``text`` differ from those of ``sources``, as msgfmt
    sees it; None when they match. A plural form (not ``strict``) may leave some out."""
    wanted: dict[str, str] = {}
    positions: list[str] = []
    for source in sources:
        parsed = python_directives(source)
        if isinstance(parsed, str):
            return None  # the source is no format string: msgfmt compares nothing
        wanted.update(parsed[0])
        positions = max(positions, parsed[1], key=len)
    parsed = python_directives(text)
    if isinstance(parsed, str):
        return f"is not a valid format string: {parsed}"
    named, unnamed = parsed
    if (wanted or named) and (positions or unnamed):
        return "has unnamed placeholders where the source names them, or the other way round"
    for name, kind in named.items():
        if name not in wanted:
            return f"has the placeholder %({name})s, which the source lacks"
        if kind != wanted[name]:
            return f"uses %({name}) as {kind} where the source has {wanted[name]}"
    missing = [name for name in wanted if name not in named]
    if strict and missing:
        return f"leaves out the placeholder %({missing[0]})s of the source"
    if len(unnamed) > len(positions) or (strict and len(unnamed) != len(positions)):
        return f"has {len(unnamed)} placeholders where the source has {len(positions)}"
    for number, (kind, want) in enumerate(zip(unnamed, positions), start=1):
        if kind != want:
            return f"uses placeholder {number} as {kind} where the source has {want}"
    return None


def _brace_fields(text: str) -> set[str] | None:
    """Return the {fields} of a str.format string; None when it is not one."""
    fields, position = set(), 0
    while position < len(text):
        if text.startswith(("{{", "}}"), position):
            position += 2
        elif text[position] == "{":
            end = text.find("}", position)
            if end < 0 or "{" in text[position + 1:end]:
                return None
            fields.add(text[position + 1:end])
            position = end + 1
        elif text[position] == "}":
            return None
        else:
            position += 1
    return fields


def brace_format_problem(text: str, *sources: str, strict: bool) -> str | None:
    wanted: set[str] = set()
    for source in sources:
        found = _brace_fields(source)
        if found is None:
            return None
        wanted |= found
    fields = _brace_fields(text)
    if fields is None:
        return "is not a valid {field} format string (write {{ and }} for braces)"
    extra, missing = sorted(fields - wanted), sorted(wanted - fields)
    if extra:
        return f"has the field {{{extra[0]}}}, which the source lacks"
    if strict and missing:
        return f"leaves out the field {{{missing[0]}}} of the source"
    return None


def flagged_problem(text: str, sources: tuple[str, ...], flags: frozenset[str],
                    strict: bool) -> str | None:
    """Return how ``text`` breaks the placeholders its message's ``flags`` announce, if it does."""
    problem = None
    if "python-format" in flags and "no-python-format" not in flags:
        problem = python_format_problem(text, *sources, strict=strict)
    if not problem and "python-brace-format" in flags and "no-python-brace-format" not in flags:
        problem = brace_format_problem(text, *sources, strict=strict)
    return problem
