"""The print log: which version of which leaflet went to which printer, and when.

For document control ("which version did we hand out last month?"): one row
per print in an SQLite database in the output folder (``prints.sqlite``).
It records the document and the print, never anything about the patient.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .errors import OutputError

LOG_FILE = "prints.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS prints (
    id INTEGER PRIMARY KEY,
    printed_at TEXT NOT NULL,  -- UTC, ISO 8601, seconds
    leaflet TEXT NOT NULL,
    version TEXT NOT NULL,
    fingerprint TEXT NOT NULL,  -- the content fingerprint of that version
    sha256 TEXT NOT NULL,  -- of the PDF sent
    locale TEXT NOT NULL,
    brand TEXT NOT NULL,
    paper TEXT NOT NULL,
    variant TEXT NOT NULL,
    copies INTEGER NOT NULL,
    duplex INTEGER NOT NULL,
    printer TEXT NOT NULL,
    draft INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS prints_by_time ON prints (printed_at);
"""


@dataclass(frozen=True)
class Entry:
    """One print of one document."""

    printed_at: str
    leaflet: str
    version: str
    fingerprint: str
    sha256: str
    locale: str
    brand: str
    paper: str
    variant: str
    copies: int
    duplex: bool
    printer: str
    draft: bool


COLUMNS = tuple(field.name for field in fields(Entry))


def now() -> str:
    """Return the time of a print as the log writes it (UTC, to the second)."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


@contextmanager
def _opened(out_dir: Path, create: bool) -> Iterator[sqlite3.Connection | None]:
    path = out_dir / LOG_FILE
    if not create and not path.is_file():
        yield None
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # timeout: the front desk and a 'leaflets print' may write at the same moment.
        with closing(sqlite3.connect(path, timeout=10)) as connection, connection:
            connection.executescript(_SCHEMA)
            yield connection
    except sqlite3.Error as exc:
        raise OutputError(path, f"the print log cannot be used ({exc}); check the folder's "
                                "permissions, or move the damaged file away") from None


def record(out_dir: Path, entry: Entry) -> None:
    """Add ``entry`` to the print log of ``out_dir``."""
    with _opened(out_dir, create=True) as connection:
        assert connection is not None
        values = asdict(entry)
        connection.execute(f"INSERT INTO prints ({', '.join(COLUMNS)}) VALUES "
                           f"({', '.join('?' for _ in COLUMNS)})",
                           [int(v) if isinstance(v, bool) else v for v in values.values()])


def entries(out_dir: Path, since: datetime.date | None = None) -> list[Entry]:
    """Return the prints logged in ``out_dir``, oldest first; from ``since`` (a day, UTC) on."""
    with _opened(out_dir, create=False) as connection:
        if connection is None:
            return []
        query = f"SELECT {', '.join(COLUMNS)} FROM prints"
        parameters: list[str] = []
        if since is not None:
            query += " WHERE printed_at >= ?"
            parameters.append(since.isoformat())
        rows = connection.execute(query + " ORDER BY printed_at, id", parameters).fetchall()
    found = []
    for row in rows:
        values = dict(zip(COLUMNS, row))
        values["duplex"], values["draft"] = bool(values["duplex"]), bool(values["draft"])
        found.append(Entry(**values))
    return found
