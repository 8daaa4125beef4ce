"""Read TOML files the way people write them: with mistakes, reported by line.

Every settings file of a library (``leaflets.toml``, ``leaflet.toml``,
``brand.toml``, section front matter) goes through ``TomlTable`` so that a
wrong field is reported with its file, its line and what to write instead.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, cast, overload

from .errors import LocatedError

T = TypeVar("T")
_LOCATION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")
_HEADER = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
# tomllib's wording for the mistakes people make most, and what to do instead.
_HINTS = {
    "Invalid date or datetime": "not a real date; write a date like 2026-11-01 "
                                "(year-month-day, no quotes)",
    "Cannot overwrite a value": "a key or table is set twice; remove one",
    "Cannot declare": "a table is declared twice; merge the two [tables]",
}
_TYPE_NAMES = {
    str: "a string in quotes",
    list: "a list like [\"a\", \"b\"]",
    dict: "a table",
    datetime.date: "a date like 2026-11-01 (no quotes)",
    bool: "true or false",
    int: "a whole number",
}


def parse_toml(text: str, path: Path, error: type[LocatedError], first_line: int = 1) -> TomlTable:
    """Parse TOML text from ``path``; raise ``error`` with the line of a syntax error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = None
        if match := _LOCATION.search(message):
            # "end of document": the last line (TOML breaks lines at '\n' only)
            last = max(1, text.count("\n") + (not text.endswith("\n")))
            line = int(match.group(1)) if match.group(1) else last
            line += first_line - 1
            message = message[: match.start()]
        hint = next((hint for start, hint in _HINTS.items() if message.startswith(start)), None)
        if hint is None:
            hint = (f"{message[:1].lower()}{message[1:]}; check quotes, '=' and brackets "
                    "on this line and the ones before it")
        raise error(path, f"TOML syntax error: {hint}", line) from None
    return TomlTable(data, path, text, error, first_line, prefix="")


def read_toml(path: Path, error: type[LocatedError]) -> TomlTable:
    """Read and parse the TOML file at ``path``."""
    return parse_toml(read_text(path, error), path, error)


def read_text(path: Path, error: type[LocatedError], kind: str = "settings") -> str:
    """Read a UTF-8 text file (a byte-order mark is allowed); raise ``error`` if it cannot be.

    Through the library's one reader: a regular file inside the library, of a bounded size.
    """
    from . import reader

    return reader.read_text(path, kind, error)


@dataclass(frozen=True)
class TomlTable:
    """A parsed table that knows where its keys stand in the source text."""

    data: dict[str, Any]
    path: Path
    text: str
    error: type[LocatedError]
    first_line: int
    prefix: str

    def line_of(self, key: str) -> int | None:
        """Return the line where ``key`` is assigned, if it can be found."""
        table = self.prefix.rstrip(".")
        in_table = not table
        for number, line in enumerate(_lines(self.text), start=self.first_line):
            stripped = line.strip()
            if header := _HEADER.match(stripped):
                in_table = header.group(1) == table
                if in_table and key == "":
                    return number
                continue
            if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
                return number
            if table and re.match(rf"{re.escape(table)}\s*\.\s*{re.escape(key)}\s*=", stripped):
                return number  # a dotted key at the top: review.reviewed_by = ...
        if key == "" and table:
            # An inline table, en = { ... }, stands on its key's line in the table above.
            parent, _, name = table.rpartition(".")
            return TomlTable(self.data, self.path, self.text, self.error, self.first_line,
                             prefix=f"{parent}." if parent else "").line_of(name)
        return None

    def fail(self, key: str, message: str, value: str | None = None) -> LocatedError:
        """Return an error about ``key`` (or one ``value`` of it), located at its line."""
        line = self.line_of(key) or self.line_of("")
        if value is not None and line is not None:
            # A list may span lines: point at the item itself.
            lines = _lines(self.text)
            quoted = re.compile(rf"[\"']{re.escape(value)}[\"']")
            line = next((number for number in range(line, self.first_line + len(lines))
                         if quoted.search(lines[number - self.first_line])), line)
        return self.error(self.path, message, line)

    def _name(self, key: str) -> str:
        return f"'{self.prefix}{key}'"

    @overload
    def get(self, key: str, kind: type[T], default: T, required: bool = False) -> T: ...

    @overload
    def get(self, key: str, kind: type[T], *, required: Literal[True]) -> T: ...

    @overload
    def get(self, key: str, kind: type[T], default: None = None, required: bool = False) -> T | None: ...

    def get(self, key: str, kind: type[T], default: T | None = None, required: bool = False) -> T | None:
        """Return ``key`` checked to be of ``kind``; ``default`` when absent."""
        if key not in self.data:
            if required:
                raise self.error(self.path, f"missing field {self._name(key)}: add "
                                 f"{key} = ... ({_TYPE_NAMES.get(kind, kind.__name__)})",
                                 self.line_of("") if self.prefix else None)
            return default
        value = self.data[key]
        # A TOML datetime is a date too; refuse it, a review date has no time.
        wrong = not isinstance(value, kind) or (
            kind is datetime.date and isinstance(value, datetime.datetime)) or (
            kind is int and isinstance(value, bool))
        if wrong:
            raise self.fail(key, f"{self._name(key)} must be {_TYPE_NAMES.get(kind, kind.__name__)}, "
                                 f"not {_describe(value)}")
        return cast(T, value)

    def strings(self, key: str, default: tuple[str, ...] = (), required: bool = False) -> tuple[str, ...]:
        """Return ``key`` as a tuple of strings."""
        values: list[Any] | None = self.get(key, list, required=required) if required else self.get(key, list)
        if values is None:
            return default
        for value in values:
            if not isinstance(value, str):
                raise self.fail(key, f"{self._name(key)} must list strings in quotes, "
                                     f"not {_describe(value)}")
        return tuple(values)

    @overload
    def table(self, key: str, required: Literal[True]) -> TomlTable: ...

    @overload
    def table(self, key: str, required: bool = False) -> TomlTable | None: ...

    def table(self, key: str, required: bool = False) -> TomlTable | None:
        """Return the sub-table ``key``; None when absent (an error when ``required``)."""
        value: dict[str, Any] | None = self.get(key, dict, required=True) if required else self.get(key, dict)
        if value is None:
            return None
        return TomlTable(value, self.path, self.text, self.error, self.first_line,
                         prefix=f"{self.prefix}{key}.")

    def refuse_unknown(self, known: set[str]) -> None:
        """Raise for a key that is not in ``known`` (most often a typo)."""
        for key in self.data:
            if key not in known:
                choices = ", ".join(sorted(known))
                raise self.fail(key, f"unknown field {self._name(key)}; expected one of: {choices}")


def _lines(text: str) -> list[str]:
    """Return the lines of TOML ``text``: TOML breaks lines at '\n' only (not at U+2028)."""
    return text.split("\n")


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime.datetime):
        return f"a date with a time ({value.isoformat()})"
    return f"{type(value).__name__} {value!r}"
