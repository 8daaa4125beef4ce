"""The rules of the PO format, as gettext's ``msgfmt --check`` applies them.

Babel reads what it can and overwrites, guesses or ignores the rest: a message
written twice (the second wins), an escape it does not know (kept as a
backslash and a letter, where gettext reads a character), a charset the bytes
do not match, a Plural-Forms it cannot evaluate (a traceback later, in
``gettext``). So a catalog passes here first: what msgfmt refuses is refused,
with its line, and so is a header field the tool reads but cannot make sense
of (``poheader``). Babel reads the file only once it has passed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError
from . import poheader
from .placeholders import FORMAT_FLAGS, flagged_problem

SYNTAX_HINT = "fix it in a PO editor (msgfmt --check shows the details)"
# What Babel and gettext unescape alike. gettext also reads \a \b \f \v, octal and hex,
# which Babel keeps as a backslash and a letter: the printed text would differ.
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(r"(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])? +(.*)")
_CHARSET = re.compile(rb"Content-Type:[^\"\n]*?charset=([^\"\\\s;]*)", re.IGNORECASE)
_MIXED = "one message mixes obsolete (#~) lines and current ones"


@dataclass
class Piece:
    """One quoted string of a PO file, unescaped, and its line."""

    line: int
    text: str


def _joined(pieces: list[Piece]) -> str:
    return "".join(piece.text for piece in pieces)


@dataclass
class Entry:
    """One message as the file writes it, with the line of each part."""

    line: int  # the msgid's
    obsolete: bool
    flags: frozenset[str]
    context_pieces: list[Piece] | None
    msgid_pieces: list[Piece]
    plural_pieces: list[Piece] | None = None
    forms: list[tuple[int, list[Piece]]] = field(default_factory=list)  # msgstr or msgstr[N]

    @property
    def context(self) -> str | None:
        return None if self.context_pieces is None else _joined(self.context_pieces)

    @property
    def msgid(self) -> str:
        return _joined(self.msgid_pieces)

    @property
    def plural(self) -> str | None:
        return None if self.plural_pieces is None else _joined(self.plural_pieces)

    @property
    def key(self) -> tuple[str, str | None]:
        return self.msgid, self.context  # no msgctxt is not msgctxt "", to gettext


@dataclass(frozen=True)
class Checked:
    """A PO file that passed: its lines decoded, for Babel, and where its msgstrs stand."""

    lines: list[str]
    msgstr_lines: dict[tuple[str, str], int]  # (msgid, context or "") -> line of its msgstr


def check(path: Path, data: bytes) -> Checked:
    """Refuse what ``msgfmt --check`` refuses in the PO file ``data`` (read from ``path``)."""
    lines, codec = _decode(path, data)
    entries = _Lexer(path).read(lines)
    header = next((e for e in entries if not e.obsolete and e.context is None and not e.msgid),
                  None)
    if header is None:
        raise ContentError(path, "the catalog has no header (the entry msgid \"\" where gettext "
                                 "reads the charset and the plural forms); start it with 'leaflets "
                                 "i18n init', or copy the header of another catalog", 1)
    fields = poheader.fields(path, [(p.line, p.text) for p in header.forms[0][1]], header.line)
    poheader.check_charset(path, data, codec, fields)
    poheader.check_dates(path, fields)
    poheader.check_review(path, fields)
    nplurals = poheader.plural_forms(path, fields, [e.line for e in entries
                                                     if e.plural is not None and not e.obsolete])
    seen: dict[tuple[str, str | None], int] = {}
    for entry in entries:
        if entry.key in seen:
            what = "the header (msgid \"\")" if entry.key == header.key else repr(_short(entry.msgid))
            raise ContentError(path, f"{what} is in the catalog twice (first at line "
                                     f"{seen[entry.key]}); keep one of the two", entry.line)
        seen[entry.key] = entry.line
        if entry is not header:
            _check_entry(path, entry, nplurals)
    return Checked(lines, {(e.msgid, e.context or ""): e.forms[0][0] for e in entries if not e.obsolete})


def _decode(path: Path, data: bytes) -> tuple[list[str], str]:
    """Return the lines of ``data`` decoded with the charset it declares, and that codec."""
    declared = _CHARSET.search(data)
    name = declared.group(1).decode("ascii", "replace") if declared else "UTF-8"
    line = data[:declared.start()].count(b"\n") + 1 if declared else None
    if name.upper() == "CHARSET":
        raise ContentError(path, "the header's Content-Type still says charset=CHARSET, the "
                                 f"template's placeholder; {poheader.UTF8_HINT}", line)
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise ContentError(path, f"the header's Content-Type names the charset {name!r}, which "
                                 f"Python does not know; {poheader.UTF8_HINT}", line) from None
    probe = 'msgid "\\"#~'
    if probe.encode("ascii").decode(codec, "replace") != probe:
        raise ContentError(path, f"the header declares charset={name}, in which the PO syntax "
                                 f"itself cannot be read; {poheader.UTF8_HINT}", line)
    decoded = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            decoded.append(raw.decode(codec))
        except UnicodeDecodeError:
            raise ContentError(path, f"this line is not {name} text, the charset the header "
                                     f"declares; {poheader.UTF8_HINT}", number) from None
    return decoded, codec


class _Lexer:
    """Read PO lines into entries, refusing what is not PO syntax."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: list[Entry] = []
        self.entry: Entry | None = None  # a msgid has been read
        self.context: tuple[int, bool, list[Piece]] | None = None  # a msgctxt, no msgid yet
        self.state = "start"  # msgctxt, msgid, msgid_plural, msgstr or msgstr[] once read
        self.flags: set[str] = set()
        self.pieces: list[Piece] | None = None  # what a "..." line continues
        self.obsolete = False  # whether those pieces are on #~ lines

    def fail(self, message: str, line: int) -> ContentError:
        return ContentError(self.path, f"not a valid PO file: {message}; {SYNTAX_HINT}", line)

    def read(self, lines: list[str]) -> list[Entry]:
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()  # as Babel strips it
            if line.endswith("\\"):
                raise self.fail("the line ends with a backslash, which gettext reads as joining "
                                "it to the next line; remove it", number)
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].strip()
                if line.startswith(("|", "#")):
                    continue  # the previous text of an obsolete entry, or its comment
            elif line.startswith("#"):
                self.finish(number)
                self.pieces = None
                if line.startswith("#,"):
                    self.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
                continue
            if not line:
                continue
            if not line.startswith('"'):
                self.keyword(line, number, obsolete)
            elif self.pieces is None:
                raise self.fail("a quoted string with no msgctxt, msgid or msgstr before it", number)
            elif obsolete != self.obsolete:
                raise self.fail(_MIXED, number)
            else:
                self.pieces.append(Piece(number, self.string(line, number)))
        self.finish(len(lines) + 1)
        return self.entries

    def keyword(self, line: str, number: int, obsolete: bool) -> None:
        match = _KEYWORD.fullmatch(line)
        if not match:
            raise self.fail(f"{line.split()[0]!r} is not a PO keyword followed by a space and a "
                            "string (msgctxt, msgid, msgid_plural, msgstr, msgstr[N])", number)
        keyword, index, rest = match.groups()
        pieces = [Piece(number, self.string(rest, number))]
        self.pieces, self.obsolete = pieces, obsolete
        if keyword == "msgctxt":
            if self.state == "msgctxt":
                raise self.fail("two msgctxt lines for one message", number)
            self.finish(number)
            self.context, self.state = (number, obsolete, pieces), "msgctxt"
            return
        if keyword == "msgid":
            context = None
            if self.state == "msgctxt" and self.context:
                if self.context[1] != obsolete:
                    raise self.fail(_MIXED, number)
                context, self.context = self.context[2], None
            else:
                self.finish(number)
            self.entry = Entry(number, obsolete, frozenset(self.flags), context, pieces)
            self.flags, self.state = set(), "msgid"
            return
        entry = self.entry
        if entry is None:
            raise self.fail(f"{keyword} with no msgid before it", number)
        if obsolete != entry.obsolete:
            raise self.fail(_MIXED, number)
        if keyword == "msgid_plural":
            if self.state != "msgid":
                raise self.fail("msgid_plural must come right after the msgid", number)
            entry.plural_pieces, self.state = pieces, "msgid_plural"
            return
        if index is None and self.state != "msgid":
            raise self.fail("a second msgstr for one message" if self.state == "msgstr" else
                            "a message with msgid_plural takes msgstr[0], msgstr[1] ..., not "
                            "msgstr", number)
        if index is not None and self.state not in ("msgid_plural", "msgstr[]"):
            raise self.fail(f"msgstr[{index}] belongs to a message with msgid_plural; a "
                            "message without plural forms takes msgstr", number)
        if index is not None and int(index) != len(entry.forms):
            raise self.fail(f"msgstr[{index}] where msgstr[{len(entry.forms)}] comes next: "
                            "number the plural forms 0, 1, 2 ... in order", number)
        entry.forms.append((number, pieces))
        self.state = "msgstr" if index is None else "msgstr[]"

    def finish(self, number: int) -> None:
        """End the message being read, if there is one, before line ``number``."""
        if self.state == "msgctxt" and self.context:
            raise self.fail("msgctxt with no msgid after it", self.context[0])
        if self.entry is not None and self.state in ("msgid", "msgid_plural"):
            raise self.fail(f"the message {_short(self.entry.msgid)!r} has no msgstr; add "
                            'msgstr "" under it', self.entry.line)
        if self.entry is not None:
            self.entries.append(self.entry)
        self.entry, self.state = None, "start"

    def string(self, text: str, number: int) -> str:
        """Return the text of one quoted PO string, unescaped."""
        if not _QUOTED.fullmatch(text):
            raise ContentError(self.path, "broken string: each line of a message must be text "
                                          'between double quotes, with \\" for a quote inside', number)
        body = text[1:-1]
        if "\\" not in body:  # most lines: nothing to unescape, no loop over each character
            if "\x04" in body:
                raise ContentError(self.path, _EOT, number)
            return body
        out = []
        chars = iter(body)
        for char in chars:
            if char == "\\":
                char = next(chars)
                if char not in _ESCAPES:
                    raise ContentError(self.path, f"the escape \\{char} is not one to use in a "
                                                  "catalog (gettext and Babel read it differently, "
                                                  'or not at all); write \\n, \\t, \\" or \\\\, '
                                                  "and any other character as itself", number)
                char = _ESCAPES[char]
            out.append(char)
        if "\x04" in out:
            raise ContentError(self.path, _EOT, number)
        return "".join(out)


_EOT = ("the text holds U+0004 (END OF TRANSMISSION), which gettext uses to join a context to "
        "its message; delete it")


def _check_entry(path: Path, entry: Entry, nplurals: int | None) -> None:
    """Refuse a message msgfmt would refuse: its plural forms, flags, line breaks, placeholders."""
    fuzzy = "fuzzy" in entry.flags
    if entry.plural is not None and nplurals is not None:
        if len(entry.forms) > nplurals:
            raise ContentError(path, f"msgstr[{nplurals}] is one plural form too many: the "
                                     f"header's Plural-Forms says nplurals={nplurals}, so write "
                                     f"msgstr[0] to msgstr[{nplurals - 1}]", entry.forms[nplurals][0])
        if len(entry.forms) < nplurals and not (fuzzy or entry.obsolete):
            raise ContentError(path, f"the message has {len(entry.forms)} plural forms, but the "
                                     f"header's Plural-Forms says nplurals={nplurals}; add "
                                     f"msgstr[{len(entry.forms)}]", entry.line)
    for flag in sorted(entry.flags):
        if flag.endswith("-format") and not flag.startswith("no-") and flag not in FORMAT_FLAGS:
            raise ContentError(path, f"the flag {flag!r} marks a format of another programming "
                                     "language; these catalogs hold Python ones, so remove it",
                                     entry.line)
    if fuzzy or entry.obsolete:
        return  # not printed, and not checked by msgfmt either
    sources = (entry.msgid,) if entry.plural is None else (entry.msgid, entry.plural)
    for line, text in ((line, _joined(pieces)) for line, pieces in entry.forms):
        if not text:
            continue
        for end, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(text, "\n"):
                raise ContentError(path, f"the translation of {_short(entry.msgid)!r} does not "
                                         f"{end} with a line break as its source does; {end} it "
                                         "the same way", line)
        if problem := flagged_problem(text, sources, entry.flags, strict=entry.plural is None):
            raise ContentError(path, f"the translation of {_short(entry.msgid)!r} {problem}; "
                                     "keep the placeholders of the source", line)


def _short(text: str, most: int = 50) -> str:
    return text if len(text) <= most else text[:most - 3] + "..."
