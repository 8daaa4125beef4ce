"""Catalogs under hostile and broken input: what msgfmt refuses, and state messages that lie.

Broken catalogs, a family per kind (duplicates, escapes, charsets, strings,
plural forms, headers, placeholders), are first put to gettext's own
``msgfmt --check``, the oracle: for each one it refuses, the real CLI refuses
too (``i18n status`` and ``build``), in one line naming the PO file and the
line, with exit 2, no traceback and no PDF. A second family msgfmt accepts or
only warns about, and the tool refuses all the same: headers it reads, strings
Jinja fills in, escapes Babel reads otherwise than gettext.

Then the state messages, the template strings that say what state a leaflet is
in: a translation that hides the draft state (invisible, empty, reordered) or
forges a claim (digits, names, placeholders the source lacks) is refused at
its line; a draft shows its notice in every footer, in English when the
translation is fuzzy or missing.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from patient_leaflets.claims import LABELS, state_problem, visible_disclaimers
from patient_leaflets.errors import BrandError, ContentError
from patient_leaflets.i18n.load import load_translation
from patient_leaflets.i18n.pofile import read_catalog, write_catalog
from patient_leaflets.library import open_library
from patient_leaflets.tomlfile import parse_toml
from tests.helpers import REPO, assert_one_error_line, fill_catalog, pdf_files, pdf_text

SPANISH = {
    "Contact us": "Contacto",
    "Phone": "Teléfono",
    "Draft": "Borrador",
    "Page %(page)s of %(pages)s": "Página %(page)s de %(pages)s",
    "Reviewed %(date)s": "Revisado el %(date)s",
}
ZWSP = "\u200b"


def spanish(msgid: str) -> str:
    return SPANISH.get(msgid, f"[es] {msgid}")


@pytest.fixture
def library(make_library, leaflets) -> Path:
    """The minimal library with complete Spanish catalogs, as 'i18n init' and an editor make them."""
    root = make_library("minimal")
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    for domain in ("demo", "templates"):
        fill_catalog(root / f"locales/es/LC_MESSAGES/{domain}.po", spanish)
    return root


def msgfmt_refuses(path: Path) -> bool:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                            capture_output=True)
    return result.returncode != 0


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- broken catalogs ---------------------------------------------------------------


def swap(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def mutate(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, 1)
    return mutate


def backslash_after(start: bytes) -> Callable[[bytes], bytes]:
    """End the first line that begins with ``start`` with a backslash (whatever its line
    numbers: the templates' locations move as the templates change)."""
    def mutate(data: bytes) -> bytes:
        found = re.search(rb"^" + re.escape(start) + rb"[^\n]*", data, re.MULTILINE)
        assert found, start
        return data[:found.end()] + b"\\" + data[found.end():]
    return mutate


def append(text: bytes) -> Callable[[bytes], bytes]:
    return lambda data: data + text


def header(name: str, value: str) -> Callable[[bytes], bytes]:
    """Set the header field ``name`` to ``value`` (as raw PO text)."""
    def mutate(data: bytes) -> bytes:
        field = re.compile(rb'^"' + name.encode() + rb':[^\n]*$', re.MULTILINE)
        assert field.search(data), name
        return field.sub(lambda _: f'"{name}: {value}\\n"'.encode(), data, count=1)
    return mutate


def both(*mutations: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def mutate(data: bytes) -> bytes:
        for one in mutations:
            data = one(data)
        return data
    return mutate


@dataclass(frozen=True)
class Broken:
    """A way to break a catalog, and where and how the tool must say so."""

    id: str
    mutate: Callable[[bytes], bytes]
    at: bytes | None  # the error names the first line holding this (None: line 1)
    says: str
    domain: str = "templates"
    nth: int = 1  # ... or its nth occurrence
    offset: int = 0  # ... or the line this far from it
    commands: tuple[str, ...] = ("status", "build")


CONTACT = b'msgstr "Contacto"'
PAGE = 'msgstr "Página %(page)s de %(pages)s"'.encode()
PLURAL = b'\nmsgid "One page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] "Una"\nmsgstr[1] "%(n)s p"\n'
PLURAL_FORMS = b'"Plural-Forms:'

REFUSED_BY_MSGFMT = [
    # Duplicates: Babel keeps the last silently, msgfmt refuses the file.
    Broken("duplicate-message", append(b'\nmsgid "Contact us"\nmsgstr "Contacto otra vez"\n'),
           b'msgid "Contact us"', "twice", nth=2),
    Broken("duplicate-in-context", append(b'\nmsgctxt "intro"\nmsgid "First point."\n'
                                          b'msgstr "Otra vez."\n'),
           b'msgid "First point."', "twice", domain="demo", nth=2),
    Broken("duplicate-of-obsolete", append(b'\n#~ msgid "Contact us"\n#~ msgstr "Antes"\n'),
           b'#~ msgid "Contact us"', "twice"),
    Broken("duplicate-header", append(b'\nmsgid ""\nmsgstr "Language: es\\n"\n'),
           b'msgstr "Language: es', "header", offset=-1),
    # Escapes gettext does not know.
    Broken("escape-q", swap(CONTACT, b'msgstr "Contac\\qto"'), b"Contac\\q", "escape \\q"),
    Broken("escape-quote", swap(CONTACT, b"msgstr \"Contac\\'to\""), b"Contac\\'", "escape"),
    Broken("escape-question", swap(CONTACT, b'msgstr "Contacto\\?"'), b"Contacto\\?", "escape"),
    # A charset the bytes do not match.
    Broken("latin-1-bytes-declared-utf-8", swap("msgstr \"Teléfono\"".encode(),
                                                "msgstr \"Teléfono\"".encode("latin-1")),
           b'msgstr "Tel', "not utf-8 text"),
    Broken("utf-8-bytes-declared-ascii", swap(b"charset=utf-8", b"charset=ASCII"),
           "Página".encode(), "not ASCII text"),
    # Strings.
    Broken("unterminated", swap(CONTACT, b'msgstr "Contacto'), b'msgstr "Contacto', "broken string"),
    Broken("unterminated-continuation", swap(CONTACT, b'msgstr ""\n"Contacto'), b'"Contacto',
           "broken string"),
    Broken("quote-not-escaped", swap(CONTACT, b'msgstr "Con"tacto"'), b'"Con"tacto',
           "broken string"),
    Broken("misspelt-keyword", swap(CONTACT, b'msgtsr "Contacto"'), b"msgtsr", "not a PO keyword"),
    Broken("missing-msgstr", append(b'\nmsgid "Lonely"\n'), b'msgid "Lonely"', "no msgstr"),
    Broken("second-msgstr", swap(CONTACT, CONTACT + b'\nmsgstr "Otra"'), b'msgstr "Otra"',
           "second msgstr"),
    Broken("no-header", lambda data: re.sub(rb'msgid ""\nmsgstr ""\n(?:"[^\n]*\n)+', b"", data,
                                            count=1), None, "no header"),
    Broken("end-of-transmission", swap(CONTACT, b'msgstr "Conta\x04cto"'), b"Conta\x04", "U+0004"),
    # Plural forms: msgstr[N] against nplurals, and the formula itself.
    Broken("plural-form-out-of-range", append(PLURAL + b'msgstr[2] "x"\n'), b"msgstr[2]",
           "nplurals=2"),
    Broken("plural-forms-missing-one", append(b'\nmsgid "One page"\nmsgid_plural "%(n)s pages"\n'
                                              b'msgstr[0] "Una"\n'),
           b'msgid "One page"', "nplurals=2"),
    Broken("plural-form-index-skipped", append(PLURAL.replace(b"msgstr[1]", b"msgstr[2]")),
           b"msgstr[2]", "in order"),
    Broken("plural-with-plain-msgstr", append(b'\nmsgid "One page"\nmsgid_plural "%(n)s pages"\n'
                                              b'msgstr "Una"\n'), b'msgstr "Una"', "msgstr[0]"),
    Broken("plural-form-without-msgid-plural", append(b'\nmsgid "One page"\nmsgstr[0] "Una"\n'),
           b"msgstr[0]", "msgid_plural"),
    Broken("plural-message-without-plural-forms",
           both(lambda data: re.sub(rb'"Plural-Forms:[^\n]*\n', b"", data), append(PLURAL)),
           b'msgid "One page"', "no Plural-Forms"),
    Broken("plural-formula-unfinished", header("Plural-Forms", "nplurals=2; plural=(n != ;"),
           PLURAL_FORMS, "Plural-Forms"),
    Broken("plural-formula-code", header("Plural-Forms",
                                         "nplurals=2; plural=__import__('os').getpid();"),
           PLURAL_FORMS, "cannot read"),
    Broken("plural-count-not-a-number", header("Plural-Forms", "nplurals=x; plural=(n != 1);"),
           PLURAL_FORMS, "nplurals=N"),
    Broken("plural-count-zero", header("Plural-Forms", "nplurals=0; plural=0;"), PLURAL_FORMS,
           "nplurals=0"),
    Broken("plural-formula-beyond-count", header("Plural-Forms", "nplurals=1; plural=(n != 1);"),
           PLURAL_FORMS, "nplurals=1 allows 0 to 0"),
    Broken("plural-formula-divides-by-zero", header("Plural-Forms", "nplurals=2; plural=(n / 0);"),
           PLURAL_FORMS, "divides by zero"),
    Broken("plural-formula-modulo-zero", header("Plural-Forms", "nplurals=2; plural=(1 % n);"),
           PLURAL_FORMS, "divides by zero"),
    Broken("plural-formula-negative", header("Plural-Forms", "nplurals=2; plural=n-5;"),
           PLURAL_FORMS, "gives form -5"),
    Broken("plural-formula-spaced-out", both(header("Plural-Forms", "nplurals = 2; plural = n;"),
                                             append(PLURAL)), PLURAL_FORMS, "nplurals=N"),
    Broken("plural-count-in-another-field", header("Project-Id-Version", "templates nplurals="),
           b'"Project-Id-Version', "'plural=' or 'nplurals='"),
    # Found by comparing with msgfmt on generated catalogs (below).
    Broken("comment-ends-with-backslash", backslash_after(b"#: templates/leaflet.html.j2:"),
           b"#: templates/leaflet.html.j2:", "backslash"),
    Broken("obsolete-line-in-the-header", swap(b'"Generated-By:', b'#~ "Generated-By:'),
           b'#~ "Generated-By', "obsolete"),
    Broken("end-of-transmission-in-the-header", swap(b'"Language: es\\n"', b'"Language: es\x04\\n"'),
           b'"Language: es', "U+0004"),
    Broken("conversion-msgfmt-does-not-know", swap(PAGE, "msgstr \"Página %(page)a de %(pages)s\"".encode()),
           PAGE[:12], "'%a'"),
    Broken("named-percent-sign", append(b'\n#, python-format\nmsgid "%(x)% done"\nmsgstr "%(x)s hecho"\n'),
           b'msgstr "%(x)s hecho"', "%(x)"),
    # Placeholders of python-format messages: the page string of the issue, and its kin.
    Broken("placeholder-dropped", swap(PAGE, "msgstr \"Página %(page)s\"".encode()), PAGE[:12],
           "%(pages)s"),
    Broken("placeholder-renamed", swap(PAGE, "msgstr \"Página %(page)s de %(total)s\"".encode()),
           PAGE[:12], "%(total)s"),
    Broken("placeholder-other-kind", swap(PAGE, "msgstr \"Página %(page)d de %(pages)s\"".encode()),
           PAGE[:12], "%(page) as integer"),
    Broken("placeholder-unnamed", swap(PAGE, "msgstr \"Página %s de %s\"".encode()), PAGE[:12],
           "unnamed"),
    Broken("placeholder-bare-percent", swap(PAGE, "msgstr \"Página %(page)s de %(pages)s, "
                                                  "100%\"".encode()), PAGE[:12], "%%"),
    Broken("c-format-mismatch", append(b'\n#, c-format\nmsgid "%d items"\nmsgstr "%s cosas"\n'),
           b'msgid "%d items"', "c-format"),
    Broken("brace-format-renamed", append(b'\n#, python-brace-format\nmsgid "{name} called"\n'
                                          b'msgstr "{nombre} llamado"\n'),
           b'msgstr "{nombre}', "{nombre}"),
    # Line breaks at the ends: gettext's programs rely on them.
    Broken("line-break-added-at-end", swap(CONTACT, b'msgstr "Contacto\\n"'), b"Contacto\\n",
           "end with a line break"),
    Broken("line-break-added-at-start", swap(CONTACT, b'msgstr "\\nContacto"'), b"\\nContacto",
           "begin with a line break"),
]

REFUSED_BEYOND_MSGFMT = [
    # Headers the tool reads: msgfmt warns, or reads them without looking.
    Broken("content-type-garbage", header("Content-Type", "garbage"), b'"Content-Type:',
           "Content-Type"),
    Broken("content-type-without-charset", header("Content-Type", "text/plain"),
           b'"Content-Type:', "charset=UTF-8"),
    Broken("charset-unknown", header("Content-Type", "text/plain; charset=foo-bar"),
           b'"Content-Type:', "'foo-bar'"),
    Broken("charset-placeholder", header("Content-Type", "text/plain; charset=CHARSET"),
           b'"Content-Type:', "CHARSET"),
    Broken("charset-utf-16", header("Content-Type", "text/plain; charset=UTF-16"),
           b'"Content-Type:', "UTF-16"),
    Broken("utf-8-bytes-declared-latin-1", header("Content-Type", "text/plain; charset=ISO-8859-1"),
           b'"Content-Type:', "written in UTF-8"),
    Broken("content-type-twice", swap(b'"Content-Transfer-Encoding',
                                      b'"Content-Type: text/plain; charset=ISO-8859-1\\n"\n'
                                      b'"Content-Transfer-Encoding'),
           b'"Content-Type:', "twice", nth=2),
    Broken("header-line-not-a-field", swap(b'"Content-Transfer-Encoding',
                                           b'"not a field\\n"\n"Content-Transfer-Encoding'),
           b'"not a field', "Name: value"),
    Broken("plural-forms-garbage", header("Plural-Forms", "garbage"), PLURAL_FORMS, "nplurals=N"),
    Broken("plural-forms-without-formula", header("Plural-Forms", "nplurals=2;"), PLURAL_FORMS,
           "nplurals=N"),
    Broken("plural-forms-spaced-out", header("Plural-Forms", "nplurals = 2; plural = (n != 1);"),
           PLURAL_FORMS, "nplurals=N"),  # Python's gettext finds no "plural=" in it
    Broken("plural-count-huge", header("Plural-Forms", "nplurals=999999999999; plural=0;"),
           PLURAL_FORMS, "1 to 6"),
    Broken("revision-date-garbage", header("PO-Revision-Date", "last Tuesday"),
           b'"PO-Revision-Date:', "PO-Revision-Date"),
    Broken("revision-date-impossible", header("PO-Revision-Date", "2026-02-30 10:00+0000"),
           b'"PO-Revision-Date:', "2026-02-30"),
    Broken("revision-date-offset-impossible", header("PO-Revision-Date", "2026-11-20 10:00+9900"),
           b'"PO-Revision-Date:', "PO-Revision-Date"),
    Broken("creation-date-garbage", header("POT-Creation-Date", "garbage"),
           b'"POT-Creation-Date:', "POT-Creation-Date"),
    Broken("review-date-impossible", header("X-Translation-Review",
                                            "reviewed 2026-02-30 by A. Reviewer"),
           b'"X-Translation-Review:', "not a date"),
    Broken("review-record-reordered", header("X-Translation-Review",
                                             "reviewed 2026-11-20 by \u202eA. Reviewer"),
           b'"X-Translation-Review:', "U+202E"),
    # Escapes gettext reads and Babel does not: the page would print "\x41".
    Broken("escape-hex", swap(CONTACT, b'msgstr "Contacto \\x41"'), b"\\x41", "escape \\x"),
    Broken("escape-octal", swap(CONTACT, b'msgstr "Contacto \\101"'), b"\\101", "escape \\1"),
    Broken("escape-bell", swap(CONTACT, b'msgstr "Contacto \\a"'), b"Contacto \\a", "escape \\a"),
    Broken("keyword-then-tab", swap(CONTACT, b'msgstr\t"Contacto"'), b'msgstr\t"', "space"),
    # Jinja fills every page string in with %, whatever its flags say.
    Broken("page-string-unflagged-drops-pages",
           swap(b'#, python-format\nmsgid "Page %(page)s of %(pages)s"\n' + PAGE,
                b'msgid "Page %(page)s of %(pages)s"\n' + "msgstr \"Página %(page)s\"".encode()),
           PAGE[:12], "%(pages)s", commands=("build",)),
    Broken("label-gains-a-placeholder", swap(CONTACT, b'msgstr "Contacto %(clinic)s"'),
           b'msgstr "Contacto %', "placeholder", commands=("build",)),
]


def line_of(data: bytes, marker: bytes | None, nth: int = 1) -> int:
    if marker is None:
        return 1
    found = [number for number, line in enumerate(data.splitlines(), start=1) if marker in line]
    assert len(found) >= nth, marker
    return found[nth - 1]


def break_catalog(root: Path, case: Broken) -> tuple[Path, int]:
    path = root / f"locales/es/LC_MESSAGES/{case.domain}.po"
    data = case.mutate(path.read_bytes())
    path.write_bytes(data)
    return path, line_of(data, case.at, case.nth) + case.offset


def assert_refused(leaflets, root: Path, case: Broken, path: Path, line: int) -> None:
    """Each command ends with exit 2 and one line naming ``path`` and ``line``; no PDF."""
    for command in case.commands:
        args = ["i18n", "status"] if command == "status" else ["build", "--locale", "es"]
        error = assert_one_error_line(leaflets("--root", root, *args), f"{path}:{line}: ",
                                      case.says)
        if command == "status":
            assert error.startswith(f"error: {path}:{line}: "), error
    assert pdf_files(root / "dist") == []


def test_the_unbroken_catalogs_pass_msgfmt_and_build(library, leaflets):
    for domain in ("demo", "templates"):
        assert not msgfmt_refuses(library / f"locales/es/LC_MESSAGES/{domain}.po")
    assert leaflets("--root", library, "i18n", "status").exit_code == 0
    run = leaflets("--root", library, "build", "--locale", "es")
    assert run.exit_code == 0, run.stderr
    assert len(pdf_files(library / "dist")) == 1


@pytest.mark.parametrize("case", REFUSED_BY_MSGFMT, ids=lambda case: case.id)
def test_what_msgfmt_refuses_is_refused_at_its_line(library, leaflets, case):
    path, line = break_catalog(library, case)
    assert msgfmt_refuses(path), "msgfmt accepts this catalog: the case proves nothing"
    assert_refused(leaflets, library, case, path, line)


@pytest.mark.parametrize("case", REFUSED_BEYOND_MSGFMT, ids=lambda case: case.id)
def test_what_the_tool_cannot_read_safely_is_refused_though_msgfmt_lets_it_pass(library, leaflets,
                                                                               case):
    path, line = break_catalog(library, case)
    assert not msgfmt_refuses(path), "msgfmt refuses it: the case belongs to the list above"
    assert_refused(leaflets, library, case, path, line)


# What a PO file is made of, and what breaks it: quotes, escapes, keywords, flags, plural
# forms, header fields, placeholders, charsets.
PIECES = [b'"', b"\\", b"\\n", b"\\q", b"#", b"#~ ", b"#, fuzzy\n", b"#, python-format\n",
          b"#, c-format\n", b"%", b"%(", b")s", b"%d", b"%(pages)s", b"{x}", b"}", b"\n", b" ", b"\t",
          b'msgid ""\n', b'msgstr ""\n', b'msgctxt "x"\n', b'msgid_plural "y"\n', b'msgstr[1] "b"\n',
          b'msgstr[2] "c"\n', b"nplurals=", b"plural=", b"n", b"/", b"0", b";", b"charset=",
          b"latin-1", b"\x04", "é".encode(), b"\xe9", b"Plural-Forms: ", b'"\n"']


def test_whatever_msgfmt_refuses_read_catalog_refuses(library, tmp_path):
    """The oracle on generated catalogs: a few hundred mutations of a real one, the same every run."""
    path = library / "locales/es/LC_MESSAGES/templates.po"
    good = path.read_bytes() + PLURAL
    rng = random.Random(20261121)
    missed, refused = [], 0
    for number in range(300):
        data = bytearray(good)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(data))
            if rng.random() < 0.3:
                del data[position:position + rng.randint(1, 6)]
            else:
                data[position:position] = rng.choice(PIECES)
        path.write_bytes(data)
        try:
            read_catalog(path)
        except ContentError as error:
            refused += 1
            assert error.line, error  # every refusal names its line
            continue
        if msgfmt_refuses(path):
            shutil.copy(path, tmp_path / f"missed-{number}.po")
            missed.append(number)
    assert not missed, f"msgfmt refuses, read_catalog accepts: {missed} (kept in {tmp_path})"
    assert 100 < refused < 300  # the mutations break some catalogs, not all


@pytest.mark.parametrize("thing, says", [
    ("link", "leads outside the library"),
    ("pipe", "is not a regular file"),
    ("folder", "is a folder, not a file"),
])
@pytest.mark.parametrize("command", [["i18n", "status"], ["i18n", "update"]])
def test_a_catalog_is_read_as_a_file_of_the_library(library, leaflets, tmp_path, thing, says,
                                                     command):
    # Counted as missing, a pipe or a folder in a catalog's place would pass silently.
    path = library / "locales/es/LC_MESSAGES/templates.po"
    outside = tmp_path / "elsewhere.po"
    shutil.move(path, outside)
    {"link": lambda: path.symlink_to(outside), "pipe": lambda: os.mkfifo(path),
     "folder": path.mkdir}[thing]()
    assert_one_error_line(leaflets("--root", library, *command), f"{path}: ", says)


def test_a_fuzzy_message_is_not_held_to_its_placeholders(library, leaflets):
    # As msgfmt: a fuzzy translation is not printed (the source text is), so not checked.
    path = library / "locales/es/LC_MESSAGES/templates.po"
    path.write_bytes(path.read_bytes().replace(b'#, python-format\nmsgid "Page %(page)s',
                                               b'#, fuzzy, python-format\nmsgid "Page %(page)s')
                     .replace(PAGE, "msgstr \"Página %(page)s\"".encode()))
    assert not msgfmt_refuses(path)
    run = leaflets("--root", library, "build", "--locale", "es")
    assert run.exit_code == 0, run.stderr
    [pdf] = pdf_files(library / "dist")
    assert "Page 1 of 1" in flat(pdf_text(pdf)[0])


# --- state messages: what the page says about the leaflet ----------------------------


def msgstr_line(path: Path, msgid: str) -> int:
    """The line of the msgstr of ``msgid`` in the PO file at ``path``, as Babel and the eye read it."""
    with path.open("rb") as file:
        [message] = [m for m in read_po(file) if m.id == msgid]
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number in range(message.lineno, len(lines) + 1)
                if lines[number - 1].startswith("msgstr"))


def shipped_pages_catalog(root: Path, locale: str) -> Path:
    """Put the shipped page catalog of ``locale`` into the library at ``root`` (same templates)."""
    path = root / f"locales/{locale}/LC_MESSAGES/templates.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / f"locales/{locale}/LC_MESSAGES/templates.po", path)
    return path


@dataclass(frozen=True)
class Forged:
    """A translation of a state message that hides the state or claims what the source does not."""

    id: str
    locale: str
    msgid: str
    msgstr: str
    says: str


NOT_REVIEWED = "Draft: not yet clinically reviewed"
BANNER = ("This leaflet has not been reviewed by a clinician yet. Do not give it to patients "
          "until it has been.")
FORGED = [
    # Invisible, empty or reordered: the draft notice prints as nothing, or as something else.
    Forged("zero-width-space", "es", "Draft", ZWSP, "U+200B ZERO WIDTH SPACE"),
    Forged("word-joiner-inside", "es", "Draft", "Borra\u2060dor", "U+2060 WORD JOINER"),
    Forged("byte-order-mark", "es", BANNER, "\ufeff", "U+FEFF"),
    Forged("tag-characters", "es", "Draft", "\U000e0042\U000e006f", "U+E0042"),
    Forged("soft-hyphen", "es", "Draft translation", "Borrador\u00ad de traducción", "U+00AD"),
    Forged("no-break-space-only", "es", "Draft", "\u00a0", "no visible letter"),
    Forged("space-only", "es", BANNER, " ", "no visible letter"),
    Forged("punctuation-only", "es", NOT_REVIEWED, "…", "no visible letter"),
    Forged("combining-mark-only", "es", "Draft", "\u0301", "no visible letter"),
    Forged("hangul-filler", "es", "Draft", "\u3164", "U+3164 HANGUL FILLER"),
    Forged("braille-blank", "es", "Draft", "\u2800\u2800", "U+2800"),
    Forged("private-use", "es", "Draft", "\ue000", "U+E000 (private use)"),
    Forged("right-to-left-override", "es", "Draft", "\u202erodarroB", "U+202E"),
    Forged("isolate", "es", "Draft translation", "Borrador \u2067de traducción\u2069", "U+2067"),
    Forged("arabic-letter-mark", "ar", "Draft", "\u061cمسودة", "U+061C"),
    Forged("joiner-outside-a-word", "es", "Draft", "\u200dBorrador", "U+200D"),
    Forged("spaces-push-it-out", "es", "Draft", "\u00a0" * 6 + "Borrador", "6 spaces in a row"),
    Forged("far-too-long", "es", "Draft", "Borrador " + "muy " * 20, "characters long"),
    # Numbers: the issue's forged review claim, and every way of writing its digits.
    Forged("review-claim-in-ascii-digits", "es", NOT_REVIEWED, "Revisado el 1 de noviembre de 2026",
           "numbers the source lacks (1, 2026)"),
    Forged("arabic-indic-digits", "ar", NOT_REVIEWED, "تمت المراجعة في ٢٠٢٦", "(٢٠٢٦)"),
    Forged("extended-arabic-indic-digits", "ar", "Draft", "مسودة ۲۰۲۶", "(۲۰۲۶)"),
    Forged("devanagari-digits", "es", "Draft", "Revisado २०२६", "(२०२६)"),
    Forged("fullwidth-digits", "zh_Hans", NOT_REVIEWED, "已于２０２６年审核", "(２０２６)"),
    Forged("superscript-digits", "es", "Draft", "Revisado ²⁰²⁶", "(²⁰²⁶)"),
    Forged("roman-numeral", "es", "Draft", "Revisado Ⅻ", "(Ⅻ)"),
    Forged("version-number", "es", "Version", "Versión 2.0", "(2, 0)"),
    Forged("digits-in-a-review-line", "ru", "Reviewed %(date)s", "Проверено: %(date)s, 2026",
           "(2026)"),
    Forged("disclaimer-with-a-date", "es", "This leaflet gives general information. It does not "
           "replace advice from your healthcare professional.",
           "Aprobado por el comité el 01/11/2026.", "(01, 11, 2026)"),
    # Names and claims in another script than the locale's.
    Forged("latin-name-in-chinese", "zh_Hans", "Draft", "草稿 Dr Smith", "'Dr'"),
    Forged("latin-claim-in-chinese", "zh_Hans", "Draft translation", "译文 approved", "'approved'"),
    Forged("fullwidth-latin-in-chinese", "zh_Hans", "Draft", "草稿 Ｓｍｉｔｈ", "'Smith'"),
    Forged("mathematical-latin-in-chinese", "zh_Hans", "Draft", "草稿 𝐒𝐦𝐢𝐭𝐡", "'Smith'"),
    Forged("cyrillic-name-in-chinese", "zh_Hans", "Draft", "草稿 Иванов", "'Иванов'"),
    Forged("latin-name-in-arabic", "ar", NOT_REVIEWED, "راجعها Dr Smith", "'Dr'"),
    Forged("latin-name-in-russian", "ru", "Draft translation", "Перевод проверил Smith", "'Smith'"),
    Forged("latin-letter-in-a-russian-word", "ru", "Draft", "Чeрновик", "'Чeрновик'"),
    Forged("cyrillic-lookalike-in-spanish", "es", "Draft", "Borrador, revisado por Ѕmith",
           "'Ѕmith'"),
    # Placeholders: the tool's facts, exactly.
    Forged("review-date-dropped", "es", "Reviewed %(date)s", "Revisado", "%(date)s"),
    Forged("page-count-dropped", "zh_Hans", "Page %(page)s of %(pages)s", "第%(page)s页",
           "%(pages)s"),
    Forged("placeholder-added", "es", "Draft", "Borrador %(date)s", "placeholder"),
]


@pytest.mark.parametrize("case", FORGED, ids=lambda case: case.id)
def test_a_state_message_that_hides_or_forges_the_state_is_refused(make_library, leaflets, case):
    root = make_library("minimal")
    path = shipped_pages_catalog(root, case.locale)
    fill_catalog(path, {case.msgid: case.msgstr})
    line = msgstr_line(path, case.msgid)
    run = leaflets("--root", root, "build", "--locale", case.locale)
    assert_one_error_line(run, f"{path}:{line}: ", case.says)
    assert pdf_files(root / "dist") == []


@pytest.mark.parametrize("source, text, script", [
    ("Draft", "Brouillon\u00a0: relu", "Latn"),  # French spacing: one no-break space
    ("Draft", "پیش\u200cنویس", "Arab"),  # Persian: a non-joiner inside a word
    ("Draft", "草稿 Draft", "Hans"),  # the source's own word, kept
    ("Call 111 now", "اتصل بـ ١١١ الآن", "Arab"),  # the source's number, in the locale's digits
    ("Reviewed %(date)s", "Revisado el  %(date)s", "Latn"),  # two spaces: a typo, not a trick
    ("Page %(page)s of %(pages)s", "第%(page)s页，共%(pages)s页", "Hans"),
    ("Translation review: %(review)s", "Перевод проверен: %(review)s", "Cyrl"),
])
def test_what_translators_write_passes(source, text, script):
    assert state_problem(source, text, script) is None


@pytest.mark.parametrize("locale", ["es", "fr", "ar", "zh_Hans", "ru", "vi"])
def test_the_shipped_catalogs_pass_the_state_rules(repo_library, locale):
    library = open_library(repo_library)
    translation = load_translation(library, library.leaflet("spinal-manipulation"), locale)
    assert translation is not None and translation.templates is not None


def test_the_labels_are_strings_of_the_shipped_template():
    # A label reworded in the template becomes a state message (fails closed); this names it.
    with (REPO / "locales/templates/templates.pot").open("rb") as file:
        msgids = {message.id for message in read_po(file) if message.id}
    assert not LABELS - msgids, LABELS - msgids
    assert {"Version", "Draft", NOT_REVIEWED, "Draft translation", "Reviewed %(date)s",
            "Next review %(date)s", "Page %(page)s of %(pages)s", "Translation review: %(review)s",
            } <= msgids - LABELS


ISSUE = {  # locales/es/LC_MESSAGES/templates.po as the issue forges it
    "Draft": ZWSP, BANNER: ZWSP,
    "This translation has not been checked by a qualified reviewer yet.": ZWSP,
    NOT_REVIEWED: "Revisado el 1 de noviembre de 2026",
}


def build_spanish_sample(leaflets, root: Path):
    return leaflets("--root", root, "build", "spinal-manipulation", "--locale", "es",
                    "--paper", "a4", "--brand", "default")


def test_the_forged_spanish_catalog_of_the_issue_is_refused(repo_library, leaflets):
    path = repo_library / "locales/es/LC_MESSAGES/templates.po"
    fill_catalog(path, ISSUE)
    first = min(msgstr_line(path, msgid) for msgid in ISSUE)
    assert first == msgstr_line(path, NOT_REVIEWED)  # the forged review claim comes first
    line = assert_one_error_line(build_spanish_sample(leaflets, repo_library),
                                 f"{path}:{first}: ", "numbers the source lacks (1, 2026)")
    assert "what state the leaflet is in" in line
    assert pdf_files(repo_library / "dist") == []


@pytest.mark.parametrize("state, notice", [
    ("translated", "Borrador: aún sin revisión clínica"),
    # A forged translation marked fuzzy is not printed: the English notice is.
    ("fuzzy", NOT_REVIEWED),
    ("untranslated", NOT_REVIEWED),
])
def test_a_draft_shows_its_notice_in_every_footer(repo_library, leaflets, state, notice):
    path = repo_library / "locales/es/LC_MESSAGES/templates.po"
    if state != "translated":
        catalog = read_catalog(path)
        message = catalog.get(NOT_REVIEWED)
        message.string = "Revisado el 1 de noviembre de 2026" if state == "fuzzy" else ""
        if state == "fuzzy":
            message.flags.add("fuzzy")
        write_catalog(path, catalog)
    run = build_spanish_sample(leaflets, repo_library)
    assert run.exit_code == 0, run.stderr
    [pdf] = pdf_files(repo_library / "dist")
    pages = [flat(text) for text in pdf_text(pdf)]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        footer = page[page.rindex("MSK-001"):]  # the stamp ends every page's text
        assert notice in footer, (number, footer)
        assert f"{number} de {len(pages)}" in footer, footer
    assert "Revisado el 1 de noviembre" not in " ".join(pages)
    assert PdfReader(pdf).metadata["/Draft"] == "true"


# --- brand disclaimers -----------------------------------------------------------------


def disclaimers(text: str):
    config = parse_toml(text, Path("brands/clinic/brand.toml"), BrandError)
    value = config.data["disclaimer"]
    return config, ({"": value} if isinstance(value, str) else dict(value))


@pytest.mark.parametrize("toml, name, line", [
    (f'name = "Clinic"\ndisclaimer = "{ZWSP}"\n', "'disclaimer'", 2),
    ('name = "Clinic"\ndisclaimer = " "\n', "'disclaimer'", 2),
    ('name = "Clinic"\ndisclaimer = "***"\n', "'disclaimer'", 2),
    ('name = "Clinic"\ndisclaimer = "\u00a0\u3000\u2800"\n', "'disclaimer'", 2),
    ('name = "Clinic"\ndisclaimer = "2026"\n', "'disclaimer'", 2),
    ('name = "Clinic"\n\n[disclaimer]\nen = "Ask us first."\nes = "\u3164"\n', "'disclaimer.es'", 5),
])
def test_a_brand_disclaimer_with_no_visible_letter_is_refused(toml, name, line):
    config, texts = disclaimers(toml)
    with pytest.raises(BrandError) as caught:
        visible_disclaimers(config, texts)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"brands/clinic/brand.toml:{line}: {name} has no "
                                        "visible letter")


def test_a_brand_disclaimer_may_hold_numbers():
    # Only the visible-letter rule applies to a clinic's own words: phone numbers, years.
    config, texts = disclaimers('name = "Clinic"\n\n[disclaimer]\n'
                                'en = "Call 111 in an emergency (2026 edition)."\n'
                                'ar = "اتصل بالرقم ١١١ في حالة الطوارئ."\n')
    assert visible_disclaimers(config, texts) == texts


# --- the leaflet's own messages: printed as written, or refused ----------------------------

UNIT = "This is a demo leaflet. It has **bold** text and a [link](https://example.org)."


@pytest.mark.parametrize(("msgid", "msgstr", "fragment"), [
    # The identity fields, as their source fields are judged.
    ("Demo leaflet", "Folleto \u202edemo", "the translation of the leaflet's title holds the "
                                          "bidirectional control '\\u202e'"),
    ("Demo leaflet", "\u200b", "the translation of the leaflet's title holds the invisible "
                               "character '\\u200b'"),
    ("Demo leaflet", "Folleto " * 40, "the translation of the leaflet's title begins or ends "
                                      "with a space"),
    ("Demo leaflet", "F" * 241, "the translation of the leaflet's title is 241 characters long; "
                                "at most 240"),
    ("A short leaflet for tests", "Un folleto\u2066 breve", "the translation of the leaflet's "
                                                            "summary holds the bidirectional "
                                                            "control '\\u2066'"),
    # A unit's Markdown: what would print as typed, or point nowhere.
    (UNIT, "Es un folleto con un [enlace](javascript:alert(1)).",
     "the link's address (javascript:) is refused, so it would print as typed"),
    (UNIT, "Es un folleto con una ![imagen](data:image/png;base64,AAAA).",
     "refused to load data:image/png;base64,AAAA"),
    (UNIT, "Es un folleto con una ![imagen](../../../../etc/passwd.png).",
     "passwd.png"),
    (UNIT, "Es un folleto con un [enlace](otra pagina.html).",
     "the link's address cannot be read"),
    (UNIT, "Es un folleto con un [enlace](pagina.html).",
     "the link to 'pagina.html' is not a whole address"),
    (UNIT, 'Es un folleto con un [enlace](https://example.org "título").',
     "the link's title ('título') would print nowhere"),
    (UNIT, "Es un folleto con un [enlace][nota].",
     "the link [enlace][nota] has no definition, so it would print as typed"),
    (UNIT, "Es un folleto con una nota.[^1]", "footnotes ([^1]) are not supported"),
])
def test_a_translation_that_would_not_print_as_written_is_refused_at_its_line(
        library, leaflets, msgid, msgstr, fragment):
    path = library / "locales/es/LC_MESSAGES/demo.po"
    fill_catalog(path, {msgid: msgstr})
    run = leaflets("--root", library, "build", "--locale", "es")
    assert_one_error_line(run, f"{path}:{msgstr_line(path, msgid)}: ", fragment)
    assert pdf_files(library / "dist") == []


def test_a_translation_may_keep_the_markdown_of_its_source(library, leaflets):
    path = library / "locales/es/LC_MESSAGES/demo.po"
    fill_catalog(path, {UNIT: "Es un folleto. Tiene texto en **negrita** y un "
                              "[enlace](https://example.org/es)."})
    run = leaflets("--root", library, "build", "--locale", "es")
    assert run.exit_code == 0, run.stderr
    assert "Tiene texto en negrita y un enlace" in flat(" ".join(pdf_text(
        library / "dist/default/es/demo-2.1.0-a4.pdf")))
