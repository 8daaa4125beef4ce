"""What a printed identity field may hold: visible text on one line, of a bounded length.

A leaflet's title, code and version, its reviewer, the clinic's name and its
contact lines are printed on every copy, and read as the record of what the
leaflet is and who approved it. Each must print as what it says. So it holds
no control character, nothing invisible (a zero-width space is a name that
prints as nothing), no bidirectional control (it prints the text around it in
another order than it is written), and it is short enough to fit where it is
printed: the footer stamp, the masthead, the contact box. Every place that
reads such a field, from a TOML file or from the command line, asks
``problem``; the limits are in one table below.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, overload

from .fonts import describe
from .tomlfile import TomlTable

# Bidirectional controls: embeddings, overrides, isolates and the three marks.
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Zero-width joiner and non-joiner change how two letters join, and some scripts spell
# words with them: Persian puts a ZWNJ after the prefix mi- of a verb, Hindi, Bengali,
# Sinhala and Malayalam a ZWJ after a virama. So they are kept where they do that job,
# between two letters (or a letter's marks), and refused anywhere else: a name that is
# one joiner, a joiner after a space or a digit, the joiners of emoji sequences.
JOINERS = frozenset("\u200c\u200d")
# Characters of other categories than Cf that print as nothing: the combining grapheme
# joiner, the Hangul fillers, the Khmer inherent vowels (all default-ignorable in
# Unicode) and the blank Braille pattern, which looks like a space but is not one.
BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# Combining marks in a row on one character. Real text stacks few (Vietnamese 2,
# Biblical Hebrew or Tibetan up to 4 or 5); a tower of them reaches past the line,
# and past the page.
MAX_MARKS = 8
# A document-control code: groups of letters and digits joined by one of - . / _
_CODE = re.compile(r"[A-Za-z0-9]+(?:[-./_][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Field:
    """The rule for one kind of printed field."""

    limit: int  # in characters (code points)
    what: str  # what to write, for the hint: "the leaflet's title"
    example: str
    name: bool = False  # a person's or a clinic's name: it needs a letter
    lines: bool = False  # may break lines (a disclaimer)
    pattern: re.Pattern[str] | None = None
    rule: str = ""  # the pattern in words


# The limits: what fits where the field is printed (the README's safety section
# lists them). The footer stamp of every page puts the code and the version beside
# the review state: at 24 characters of the widest letter (W) the stamp of an English
# large-print page still ends inside the page; at 32 it does not (tests/test_fields.py).
TITLE = Field(120, "the leaflet's title", "Knee replacement")
SUMMARY = Field(300, "one sentence under the title", "What to expect after a knee replacement")
CODE = Field(24, "a document-control code", "MSK-001", pattern=_CODE,
             rule="letters and digits in groups joined by '-', '.', '/' or '_', no spaces")
VERSION = Field(24, "a semantic version", "1.0.0")
KEYWORD = Field(60, "a word or phrase a reader would search for", "knee pain")
REVIEWER = Field(120, "the reviewer's name and role", "Dr A. Example, GP", name=True)
RELEASE_SUMMARY = Field(300, "what changed", "Add the risks of neck manipulation")
BRAND_NAME = Field(80, "the clinic's name", "Riverside Health Clinic", name=True)
PHONE = Field(40, "a phone number", "+1 555 0100")
EMAIL = Field(120, "an e-mail address", "info@clinic.example")
WEBSITE = Field(120, "a web address", "www.clinic.example")
ADDRESS_LINE = Field(120, "one line of the address", "12 Example Street")
# A QR code of about 200 characters (the url with the leaflet id filled in) is
# version 10 or so at level M: still readable at 24 mm by a phone camera.
URL = Field(150, "a web address", "https://clinic.example/leaflets/{leaflet}")
DISCLAIMER = Field(1000, "the disclaimer", "Ask your physiotherapist before you act on this.",
                   lines=True)
MAX_KEYWORDS = 30
MAX_ADDRESS_LINES = 6


def translated(field: Field) -> Field:
    """The rule for a translation of ``field``: twice the room, as some languages need it."""
    return dataclasses.replace(field, limit=2 * field.limit)


def problem(value: str, field: Field, optional: bool = False) -> str | None:
    """Return what is wrong with ``value`` as ``field``, and what to do; None if nothing.

    The words follow the field's name: "'code' holds the bidirectional control ...".
    An ``optional`` field of a file may be left out instead of written empty.
    """
    marks = 0
    for index, char in enumerate(value):
        if wrong := _character_problem(value, index, field):
            return wrong
        marks = marks + 1 if unicodedata.category(char).startswith("M") else 0
        if marks > MAX_MARKS:
            return (f"stacks more than {MAX_MARKS} combining marks on one letter at character "
                    f"{index + 1 - MAX_MARKS}; no language needs so many, so remove them")
    if not any(_visible(char) for char in value):
        return (f"is empty; write {field.what}, e.g. \"{field.example}\""
                + (", or remove the line" if optional else ""))
    if not field.lines and value != value.strip():
        return "begins or ends with a space; remove it"
    if len(value) > field.limit:
        return (f"is {len(value)} characters long; at most {field.limit} fit where it is "
                "printed, so shorten it")
    if field.pattern is not None and not field.pattern.fullmatch(value):
        shown = value if len(value) <= 40 else value[:40] + "..."
        return f"must be {field.what} like \"{field.example}\" ({field.rule}), not {shown!r}"
    if field.name and not any(unicodedata.category(char).startswith("L") for char in value):
        return f"has no letter; write {field.what}, e.g. \"{field.example}\""
    return None


@overload
def read(table: TomlTable, key: str, field: Field, required: Literal[True]) -> str: ...


@overload
def read(table: TomlTable, key: str, field: Field, required: bool = False) -> str | None: ...


def read(table: TomlTable, key: str, field: Field, required: bool = False) -> str | None:
    """Return the string ``key`` of ``table`` checked as ``field``; None when absent."""
    value = table.get(key, str, required=True) if required else table.get(key, str)
    if value is None:
        return None
    if wrong := problem(value, field, optional=not required):
        raise table.fail(key, f"'{table.prefix}{key}' {wrong}")
    return value


def read_all(table: TomlTable, key: str, field: Field, most: int) -> tuple[str, ...]:
    """Return the list of strings ``key`` of ``table``, each checked as ``field``."""
    values = table.strings(key)
    name = f"'{table.prefix}{key}'"
    if len(values) > most:
        raise table.fail(key, f"{name} lists {len(values)} items; at most {most} fit where they "
                              "are printed, so keep the ones that matter most")
    for number, value in enumerate(values, start=1):
        if wrong := problem(value, field):
            raise table.fail(key, f"{name}: item {number} {wrong}", value=value)
    return values


def _character_problem(value: str, index: int, field: Field) -> str | None:
    char = value[index]
    category = unicodedata.category(char)
    where = f"{describe(char, escaped=True)} at character {index + 1}"
    if char == "\n" and field.lines:
        return None
    if category in ("Cc", "Zl", "Zp"):
        fix = "keep plain line breaks only" if field.lines else "write it on one line"
        return f"holds the control character {where}; {fix}"
    if char in JOINERS:
        if between_letters(value, index):
            return None
        return (f"holds {where}, outside a word; a joiner belongs between two letters (as in "
                "Persian or Hindi), so delete it")
    if char in BIDI:
        return (f"holds the bidirectional control {where}, which prints the text around it in "
                "another order than it is written; delete it (each page sets its own direction)")
    if category == "Cf" or char in BLANK:
        return (f"holds the invisible character {where}, which prints as nothing, so the text "
                "would not be what it seems; delete it")
    if category == "Cs":
        return f"holds {where}, which is not text (bytes that are not UTF-8); type it again"
    if category == "Co":
        return (f"holds the private-use character {where}, which means nothing outside one "
                "font; delete it")
    if category == "Cn":
        return (f"holds {where}, which Unicode {unicodedata.unidata_version} does not assign; "
                "delete it")
    return None


def between_letters(value: str, index: int) -> bool:
    def letter(position: int) -> bool:
        return 0 <= position < len(value) and unicodedata.category(value[position])[0] in "LM"

    return letter(index - 1) and letter(index + 1)


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS" and char not in BLANK
