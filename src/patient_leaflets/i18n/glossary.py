"""A language's glossary: the approved translations of key terms.

``locales/<locale>/glossary.csv`` holds one term a row, with a header row:

    source,target,note
    spinal manipulation,manipulación vertebral,the treatment's name

A message whose source holds a term (as a whole word, any case) but whose
translation lacks the approved term is a warning in ``leaflets check``. The
file is what CAT tools import and export as a CSV glossary (Trados MultiTerm,
memoQ, Phrase all read CSV term lists), so the agency gets the same list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .. import reader
from ..errors import ContentError
from ..layout import LOCALES

GLOSSARY_FILE = "glossary.csv"
_COLUMNS = ("source", "target")


@dataclass(frozen=True)
class Term:
    """One approved translation."""

    source: str
    target: str
    note: str
    line: int


def glossary_path(root: Path, locale: str) -> Path:
    """Return where the glossary of ``locale`` lives in the library at ``root``."""
    return root / LOCALES / locale / GLOSSARY_FILE


def read_glossary(root: Path, locale: str) -> tuple[Term, ...]:
    """Return the terms of ``locale``'s glossary; none when it has no glossary."""
    path = glossary_path(root, locale)
    if not reader.present(path):
        return ()
    text = reader.read_text(path, "catalog", ContentError, root)
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or [name.strip().lower() for name in header[:2]] != list(_COLUMNS):
        raise ContentError(path, "the first row must name the columns: source,target "
                                 "(and optionally note)", 1)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ContentError(path, "a row needs a source term and its approved translation "
                                     "(source,target)", line)
        source = row[0].strip()
        if source.casefold() in seen:
            raise ContentError(path, f"the term {source!r} is listed twice (first at line "
                                     f"{seen[source.casefold()]}); keep one", line)
        seen[source.casefold()] = line
        terms.append(Term(source, row[1].strip(), row[2].strip() if len(row) > 2 else "", line))
    return tuple(terms)
