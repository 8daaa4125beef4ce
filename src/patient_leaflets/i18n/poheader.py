"""The header of a PO file: the fields the tool reads, each refused when it is malformed.

The header is the msgstr of the entry msgid "": "Name: value" lines. Babel and
gettext read the charset from Content-Type, the plural forms from Plural-Forms
(gettext finds "plural=" anywhere in the header), and the tool prints the
PO-Revision-Date and the X-Translation-Review record on every leaflet; Babel
parses POT-Creation-Date. A field gettext would read otherwise than Babel, or
Babel could not read at all, is refused with its line.
"""

from __future__ import annotations

import codecs
import datetime
import gettext
import re
from pathlib import Path

from ..claims import invisible_problem
from ..errors import ContentError
from .translation import REVIEW_FIELD

UTF8_HINT = "save the catalog as UTF-8 and set 'Content-Type: text/plain; charset=UTF-8'"
# No language has more plural forms than Arabic's six (CLDR); a larger count is a typo,
# and Babel would make a list that long for every plural message.
MAX_PLURALS = 6
# msgfmt evaluates a plural expression for these numbers; so do we.
PLURAL_PROBE = range(1001)
_FIELD = re.compile(r"([A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(.*)")
_CONTENT_TYPE = re.compile(r"text/plain;\s*charset=([^\s;]+)\s*", re.IGNORECASE)
# gettext looks for "nplurals=" and "plural=" as written: no space before the "=".
_PLURAL_FORMS = re.compile(r"\s*nplurals=\s*(\d+)\s*;\s*plural=\s*([^;]+?)\s*;?\s*")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})(?:[+-](?:[01]\d|2[0-3])[0-5]\d)?")
_UNSET_DATE = "YEAR-MO-DA HO:MI+ZONE"  # the template's value: "not dated yet"
_REVIEW_DATE = re.compile(r"reviewed (\d{4}-\d{2}-\d{2}) by ")


def fields(path: Path, pieces: list[tuple[int, str]], first: int) -> dict[str, tuple[str, int]]:
    """Return the fields of the header, by lower-case name: (value, line).

    ``pieces`` are the quoted strings of its msgstr, unescaped, with their lines;
    ``first`` is the line of its msgid.
    """
    starts, text = [], ""
    for line, piece in pieces:
        starts.append((len(text), line))
        text += piece
    fields: dict[str, tuple[str, int]] = {}
    offset = 0
    for raw in text.split("\n"):
        line = max((start for start in starts if start[0] <= offset), default=(0, first))[1]
        offset += len(raw) + 1
        if not raw.strip():
            continue
        match = _FIELD.fullmatch(raw)
        if not match:
            raise ContentError(path, f"the header line {raw[:60]!r} is not 'Name: value' (Babel "
                                     "would ignore every field after it); fix or remove it", line)
        name = match.group(1).lower()
        if name in fields:
            raise ContentError(path, f"the header has {match.group(1)} twice (first at line "
                                     f"{fields[name][1]}); keep one", line)
        fields[name] = (match.group(2).strip(), line)
    return fields


def check_charset(path: Path, data: bytes, codec: str, fields: dict[str, tuple[str, int]]) -> None:
    """Refuse a Content-Type that is not text/plain with a charset the bytes are written in."""
    value, line = fields.get("content-type", ("text/plain; charset=UTF-8", 1))
    match = _CONTENT_TYPE.fullmatch(value)
    if not match:
        raise ContentError(path, f"the header's Content-Type is {value[:60]!r}; write "
                                 "'Content-Type: text/plain; charset=UTF-8'", line)
    try:
        declared = codecs.lookup(match.group(1)).name
    except (LookupError, ValueError):
        declared = ""
    if declared != codec:
        raise ContentError(path, f"the catalog names more than one charset; {UTF8_HINT}", line)
    if codec != "utf-8" and max(data, default=0) >= 0x80:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return
        # Text in another charset almost never decodes as UTF-8: these bytes are UTF-8.
        raise ContentError(path, f"the catalog is written in UTF-8 but its header declares "
                                 f"charset={match.group(1)}, so accented letters would print "
                                 "wrong; set 'Content-Type: text/plain; charset=UTF-8'", line)


def check_dates(path: Path, fields: dict[str, tuple[str, int]]) -> None:
    """Refuse a revision or creation date that is not one (Babel could not read it)."""
    for name, written in (("po-revision-date", "PO-Revision-Date"),
                          ("pot-creation-date", "POT-Creation-Date")):
        value, line = fields.get(name, (_UNSET_DATE, 0))
        if (value == _UNSET_DATE and name == "po-revision-date") or not line:
            continue  # not dated yet
        match = _DATE.fullmatch(value)
        if not match or not _is_date(match.group(1), "%Y-%m-%d %H:%M"):
            raise ContentError(path, f"the header's {written} must be a date and time like "
                                     f"2026-11-20 10:00+0000 (a PO editor writes it when it saves), "
                                     f"not {value[:40]!r}", line)


def check_review(path: Path, fields: dict[str, tuple[str, int]]) -> None:
    """Refuse a review record on an impossible date, or one that does not print as it reads.

    It is printed on the last page and in the PDF's metadata.
    """
    value, line = fields.get(REVIEW_FIELD.lower(), ("", 0))
    review = _REVIEW_DATE.match(value)
    if review and not _is_date(review.group(1), "%Y-%m-%d"):
        raise ContentError(path, f"the header's {REVIEW_FIELD} records a review on "
                                 f"{review.group(1)}, which is not a date; write 'reviewed "
                                 "YYYY-MM-DD by NAME'", line)
    if problem := invisible_problem(value):
        raise ContentError(path, f"the header's {REVIEW_FIELD} {problem}", line)


def _is_date(text: str, form: str) -> bool:
    try:
        datetime.datetime.strptime(text, form)
    except ValueError:
        return False
    return True


def plural_forms(path: Path, fields: dict[str, tuple[str, int]], plurals: list[int]) -> int | None:
    """Return nplurals of the header's Plural-Forms, once its expression is one gettext can use.

    ``plurals`` are the lines of the catalog's plural messages.
    """
    for name, (value, line) in fields.items():
        if name != "plural-forms" and ("plural=" in value or "nplurals=" in value):
            # gettext looks for these anywhere in the header, not in Plural-Forms only.
            raise ContentError(path, f"the header field {name!r} says 'plural=' or 'nplurals=', "
                                     "which gettext would read as the plural forms; write them "
                                     "in Plural-Forms only", line)
    if "plural-forms" not in fields:
        if plurals:
            raise ContentError(path, "the catalog has plural messages but its header no "
                                     f"Plural-Forms; add one{_plural_hint(path)}", plurals[0])
        return None
    value, line = fields["plural-forms"]
    match = _PLURAL_FORMS.fullmatch(value)
    if not match:
        raise ContentError(path, "the header's Plural-Forms is not 'nplurals=N; "
                                 f"plural=EXPRESSION;'{_plural_hint(path)}", line)
    count, expression = int(match.group(1)), match.group(2)
    if not 1 <= count <= MAX_PLURALS:
        raise ContentError(path, f"the header's Plural-Forms says nplurals={count}; a language "
                                 f"has 1 to {MAX_PLURALS} plural forms{_plural_hint(path)}", line)
    try:
        formula = gettext.c2py(expression)
    except (ValueError, RecursionError) as exc:
        raise ContentError(path, f"the header's Plural-Forms has an expression gettext cannot "
                                 f"read ({exc}){_plural_hint(path)}", line) from None
    for n in PLURAL_PROBE:
        try:
            form = formula(n)
        except ZeroDivisionError:
            raise ContentError(path, f"the header's Plural-Forms divides by zero for n = {n}"
                                     f"{_plural_hint(path)}", line) from None
        if not 0 <= form < count:
            raise ContentError(path, f"the header's Plural-Forms gives form {form} for n = {n}, "
                                     f"but nplurals={count} allows 0 to {count - 1}"
                                     f"{_plural_hint(path)}", line)
    return count


def _plural_hint(path: Path) -> str:
    """Return "; for es write 'Plural-Forms: ...'" for the catalog's locale, when Babel knows it."""
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    locale = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else ""
    try:
        forms = get_plural(locale).plural_forms if locale else ""
    except (ValueError, UnknownLocaleError):
        forms = ""
    return f"; for {locale} write 'Plural-Forms: {forms}'" if forms else ""
