"""PO and POT files: read them strictly, write them as gettext's tools do.

Babel reads and writes the files; this module mends what Babel gets wrong
for translators' files: header fields it does not know are kept, the
header comment is kept as written, ``#| msgid`` lines (the previous source
text of a fuzzy message) are read and written the way msgmerge does, and a
file msgfmt --check would refuse is refused first (``porules``), with its line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, normalize, unescape, write_po

from .. import reader
from ..errors import ContentError
from ..files import write_atomic
from . import porules


class PoCatalog(Catalog):
    """A Babel catalog that keeps the header fields Babel itself does not know.

    Babel drops fields such as ``X-Translation-Review`` or a PO editor's
    ``X-Generator`` when it reads a file; a translator's header is theirs,
    so they are kept and written back.
    """

    _BABEL_FIELDS: ClassVar[set[str]] = {"project-id-version", "report-msgid-bugs-to", "pot-creation-date",
                     "po-revision-date", "last-translator", "language", "language-team",
                     "plural-forms", "mime-version", "content-type", "content-transfer-encoding",
                     "generated-by"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.extra_headers: dict[str, str] = {}
        # Where a catalog read from a file has each msgstr, for errors that name its line.
        self.msgstr_lines: dict[tuple[str, str], int] = {}  # (msgid, context or "") -> line
        super().__init__(*args, **kwargs)

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        headers = list(headers)
        super()._set_mime_headers(headers)
        for name, value in headers:
            if name.lower() not in self._BABEL_FIELDS:
                self.extra_headers[name] = value

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        headers = [(name, value) for name, value in super()._get_mime_headers()
                   if (name, value) != ("Report-Msgid-Bugs-To", "EMAIL@ADDRESS")]
        # Babel's last field ends the header with a newline; ours go before it.
        *babel, last = headers
        return babel + list(self.extra_headers.items()) + [last]

    mime_headers = property(_get_mime_headers, _set_mime_headers)

    # Babel rewrites words such as PROJECT or "Translations template" in the
    # header comment; the translator's comment is kept as written.
    def _get_header_comment(self) -> str:
        return self._header_comment or ""

    def _set_header_comment(self, value: str | None) -> None:
        self._header_comment = value

    header_comment = property(_get_header_comment, _set_header_comment)


def read_catalog(path: Path) -> PoCatalog:
    """Read a PO or POT file; a clear error naming the line when msgfmt --check would refuse it."""
    return parse_catalog(path, reader.read_bytes(path, "catalog", ContentError))


def parse_catalog(path: Path, data: bytes) -> PoCatalog:
    """Parse the PO or POT file ``path`` read as ``data`` (as ``read_catalog``)."""
    checked = porules.check(path, data.removeprefix(b"\xef\xbb\xbf"))
    # msgmerge's previous text of an obsolete entry is a hint only; Babel misreads it.
    lines = ["" if line.lstrip().startswith("#~|") else line for line in checked.lines]
    catalog = PoCatalog()
    try:
        PoFileParser(catalog, abort_invalid=True).parse(lines)
    except PoFileError as exc:  # porules refuses what Babel does: this is a safety net
        message = re.sub(r" on \d+$", "", str(exc))
        raise ContentError(path, f"not a valid PO file: {message}; {porules.SYNTAX_HINT}",
                           exc.lineno + 1) from None
    for message in (*catalog, *catalog.obsolete.values()):
        _read_previous_id(message)
    catalog.msgstr_lines = checked.msgstr_lines
    return catalog


_PREVIOUS = re.compile(r'\|\s*(msgid |msgctxt |msgid_plural |")')


def _read_previous_id(message: Message) -> None:
    """Turn the ``#| msgid`` lines Babel reads as translator comments back into ``previous_id``.

    The previous source text only means something on a fuzzy message: once a
    translator has resolved it, it is dropped, as msgmerge and PO editors do.
    """
    previous = [c for c in message.user_comments if _PREVIOUS.match(c)]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if c not in previous]
    lines = [comment[1:].strip() for comment in previous]
    parts: list[str] = []
    in_msgid = False
    for line in lines:
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid":
            in_msgid = True
            parts.append(unescape(rest))
        elif line.startswith('"') and in_msgid:
            parts.append(unescape(line))
        else:
            in_msgid = False
    message.previous_id = ["".join(parts)] if parts and message.fuzzy else []


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` to ``path`` unless only its creation date would change.

    Returns whether the file was written. Leaving an unchanged file alone
    keeps version control quiet and PO editors' caches valid.
    """
    data = catalog_bytes(catalog)
    if path.is_file() and undated(reader.read_bytes(path, "catalog", ContentError)) == undated(data):
        return False
    write_atomic(path, data, hint="check the permissions of the catalog and its folder")
    return True


def catalog_bytes(catalog: Catalog) -> bytes:
    """Return the PO text of ``catalog``, the previous text of fuzzy messages as ``#|`` lines.

    Babel wraps ``#|`` lines like comments, in the middle of a quoted string,
    which gettext's tools reject; so they are written here, with a marker.
    """
    previous: dict[str, str] = {}
    for number, message in enumerate(catalog):
        if message.fuzzy and message.id and message.previous_id:
            marker = f"previous-text-{number}"
            previous[marker] = message.previous_id[0]
            message.auto_comments = [*message.auto_comments, marker]
        elif not message.fuzzy:
            message.previous_id = []  # resolved: the previous text has done its job
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    for message in catalog:
        message.auto_comments = [c for c in message.auto_comments if c not in previous]
    out, pending = [], None
    for line in buffer.getvalue().decode(catalog.charset).split("\n"):
        if line.startswith("#. previous-text-") and line[3:] in previous:
            pending = previous[line[3:]]
            continue
        if pending is not None and line.startswith(("msgctxt ", "msgid ")):
            out.append("#| msgid " + normalize(pending, prefix="#| ", width=76))
            pending = None
        out.append(line)
    return "\n".join(out).encode(catalog.charset)


def undated(data: bytes) -> bytes:
    """Return PO text without its POT-Creation-Date line, which changes at every extraction."""
    return re.sub(rb'^"POT-Creation-Date: [^"]*"\n', b"", data, flags=re.MULTILINE)
