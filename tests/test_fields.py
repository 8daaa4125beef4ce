"""Printed identity fields: names, codes, versions, titles and contact lines print as what they say.

The rule itself is tested over every kind of character it refuses (controls,
bidirectional controls, invisible characters, private-use, unassigned and
surrogate code points), at the start, the middle and the end of a value, in
every field; and over the scripts it must keep accepting. Then through the
real CLI: ``review``, ``new`` and ``release`` refuse a bad option and write
nothing; ``build`` refuses a bad leaflet.toml or brand.toml at its line and
writes no PDF; and the longest fields allowed still print a footer stamp
inside the page on every page of every variant.
"""

from __future__ import annotations

import dataclasses
import shutil
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from patient_leaflets import fields
from patient_leaflets.brands import load_brand
from patient_leaflets.content import load_leaflet
from patient_leaflets.control import read_releases
from patient_leaflets.errors import BrandError, ContentError
from tests.helpers import REPO, assert_one_error_line, fill_catalog, pdf_files

FIELDS = {name: value for name, value in vars(fields).items() if isinstance(value, fields.Field)}
ONE_LINE = {name: field for name, field in FIELDS.items() if not field.lines}
TODAY = "2026-11-21"
MM = 72 / 25.4

CONTROLS = ["\x00", "\x07", "\t", "\n", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029"]
BIDI = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
        "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = ["\u00ad", "\u0600", "\u180e", "\u200b", "\u2060", "\u2061", "\u2062", "\u2063",
             "\u2064", "\u206a", "\u206f", "\ufeff", "\ufff9", "\ufffb", "\U00013430",
             "\U0001d173", "\U000e0001", "\U000e0041", "\U000e007f",
             # not Cf, yet they print as nothing
             "\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u2800", "\u3164", "\uffa0"]
PRIVATE_USE = ["\ue000", "\uf8ff", "\U000f0000", "\U00100000"]
UNASSIGNED = ["\u0378", "\U000e0080", "\ufdd0", "\U0010fffe"]
SURROGATES = ["\ud800", "\udcff"]
KINDS = ([(char, "the control character") for char in CONTROLS]
         + [(char, "the bidirectional control") for char in BIDI]
         + [(char, "the invisible character") for char in INVISIBLE]
         + [(char, "the private-use character") for char in PRIVATE_USE]
         + [(char, "does not assign") for char in UNASSIGNED]
         + [(char, "not text") for char in SURROGATES])


def good(field: fields.Field, length: int = 4) -> str:
    """A value ``field`` accepts, ``length`` characters long."""
    return "A" * length if field.pattern else "a" * length


# --- the rule: what is refused ------------------------------------------------------


@pytest.mark.parametrize(("char", "kind"), KINDS, ids=lambda value: f"U+{ord(value):04X}"
                         if isinstance(value, str) and len(value) == 1 else None)
def test_every_field_refuses_the_character_and_names_it_where_it_stands(char, kind):
    for name, field in FIELDS.items():
        if field.lines and char == "\n":
            continue  # a disclaimer may break lines
        for value, position in ((f"{char}Abcd", 1), (f"Ab{char}cd", 3), (f"Abcd{char}", 5)):
            wrong = fields.problem(value, field)
            assert wrong is not None, (name, value)
            assert kind in wrong, (name, wrong)
            assert f"U+{ord(char):04X}" in wrong and unicodedata.name(char, "") in wrong, wrong
            assert f"at character {position};" in wrong or f"at character {position}," in wrong, wrong
            assert char not in wrong, "the message shows the character escaped, never raw"


@pytest.mark.parametrize("value", [
    "\u200d", "\u200c", "Dr \u200dTest", "Dr\u200c", "\u200cDr", "Dr\u200d Test",
    "1\u200d2", "\U0001f468\u200d\u2695\ufe0f", "Dr.\u200cTest",
])
def test_a_joiner_outside_a_word_is_refused(value):
    wrong = fields.problem(value, fields.REVIEWER)
    assert wrong is not None and "outside a word" in wrong, wrong


@pytest.mark.parametrize("value", ["", " ", "   ", "\u3000\u00a0", "\u0301", "\u0301\u0302"])
def test_a_value_with_nothing_visible_is_empty(value):
    for field in FIELDS.values():
        wrong = fields.problem(value, field)
        assert wrong is not None and wrong.startswith("is empty; write "), wrong
        assert f'"{field.example}"' in wrong
    assert fields.problem(" ", fields.SUMMARY, optional=True).endswith(", or remove the line")


@pytest.mark.parametrize("value", [" Dr Test", "Dr Test ", "\u00a0Dr Test", "Dr Test\u3000",
                                   "Dr Test\u2003"])
def test_spaces_around_a_one_line_value_are_refused(value):
    for field in ONE_LINE.values():
        if not field.pattern:
            assert fields.problem(value, field) == "begins or ends with a space; remove it"


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_has_a_limit_and_says_it(name):
    field = FIELDS[name]
    assert fields.problem(good(field, field.limit), field) is None
    wrong = fields.problem(good(field, field.limit + 1), field)
    assert wrong == (f"is {field.limit + 1} characters long; at most {field.limit} fit where it "
                     "is printed, so shorten it")


@pytest.mark.parametrize("value", ["12345", "-- --", "+44 20 7946 0000", "\u263a", "1.", "@"])
def test_a_name_needs_a_letter(value):
    for field in (fields.REVIEWER, fields.BRAND_NAME):
        assert fields.problem(value, field) == (f"has no letter; write {field.what}, e.g. "
                                                f"\"{field.example}\"")
    assert fields.problem(value, fields.TITLE) is None  # a title of digits is odd, not a lie


def test_a_tower_of_combining_marks_is_refused():
    assert fields.problem("e" + "\u0301" * fields.MAX_MARKS, fields.TITLE) is None
    wrong = fields.problem("Dre" + "\u0301" * (fields.MAX_MARKS + 1), fields.REVIEWER)
    assert wrong is not None
    assert wrong.startswith(f"stacks more than {fields.MAX_MARKS} combining marks on one letter "
                            "at character 4")


@pytest.mark.parametrize("value", ["MSK-001", "msk-001", "PIL.2024.01", "NHS/PIF/12/v2", "A_B", "0",
                                   "W" * fields.CODE.limit])
def test_a_code_of_letters_and_digits_in_groups(value):
    assert fields.problem(value, fields.CODE) is None


@pytest.mark.parametrize("value", [
    "MSK 001", "MSK--001", "-MSK", "MSK-", "MSK-001.", "Reviewed by Dr X", "Approved:GP",
    "\u041c\u0421\u041a-001", "MSK\u2010001", "\uff2d\uff33\uff2b-001", "MSK-001!", "MSK+001",
])
def test_a_code_that_could_read_as_a_sentence_is_refused(value):
    wrong = fields.problem(value, fields.CODE)
    assert wrong == (f"must be a document-control code like \"MSK-001\" (letters and digits in "
                     f"groups joined by '-', '.', '/' or '_', no spaces), not {value!r}")


def test_a_code_that_is_not_one_is_shown_cut():
    wrong = fields.problem("Approved by " + "x" * 50, dataclasses.replace(fields.CODE, limit=100))
    assert wrong is not None and wrong.endswith(f"not {('Approved by ' + 'x' * 28 + '...')!r}")


def test_a_disclaimer_may_break_lines_but_holds_nothing_else():
    assert fields.problem("Ask us first.\nWe are here to help.\n", fields.DISCLAIMER) is None
    for char in ("\r", "\u2028", "\u2029", "\x0b", "\u202e", "\u200b"):
        assert fields.problem(f"Ask us\n{char}first.", fields.DISCLAIMER) is not None, repr(char)


# --- the rule: what must still be accepted ---------------------------------------------


@pytest.mark.parametrize("value", [
    "Dr Amira Haddad, GP",
    "د. أميرة حداد، طبيبة عامة",  # Arabic
    "王医生，全科医生",  # Chinese
    "Д-р Иванова, терапевт",  # Cyrillic
    "دکتر نگار می\u200cخواهد",  # Persian: ZWNJ between two letters
    "डॉ॰ क्\u200dषमा शर्मा",  # Hindi: ZWJ after a virama
    "ශ්\u200dරී ලංකා",  # Sinhala: ZWJ after al-lakuna
    unicodedata.normalize("NFD", "BS. Nguyễn Thị Minh Khai"),  # Vietnamese, decomposed
    "שָׁלוֹם, רופאה",  # Hebrew points
    "葛\U000e0100城 医師",  # a Japanese ideographic variation selector
    "Dr\u00a0Test, GP",  # a no-break space inside
    "Qu’est-ce que c’est\u202f?",  # French: a narrow no-break space before '?'
    "Knee \u2764\ufe0f",  # an emoji presentation selector
])
def test_names_and_titles_in_every_script_are_accepted(value):
    for field in (fields.TITLE, fields.REVIEWER, fields.BRAND_NAME, fields.SUMMARY):
        assert fields.problem(value, field) is None, (field, value)


# --- through the loaders ------------------------------------------------------------------


def write_demo(root: Path, text: str) -> Path:
    folder = root / "leaflets" / "demo"
    shutil.copytree(REPO / "tests" / "data" / "minimal" / "leaflets" / "demo", folder)
    (folder / "leaflet.toml").write_text(text, encoding="utf-8")
    return folder


KNEE = 'title = "Knee pain"\nversion = "1.0.0"\nsections = ["intro"]\n'


@pytest.mark.parametrize(("toml", "line", "start"), [
    ('keywords = ["knee", "pain\\u202e", "x"]\n' + KNEE, 1,
     "'keywords': item 2 holds the bidirectional control '\\u202e' (U+202E RIGHT-TO-LEFT OVERRIDE) "
     "at character 5"),
    ('keywords = [\n  "knee",\n  "' + "k" * 61 + '",\n]\n' + KNEE, 3,
     "'keywords': item 2 is 61 characters long; at most 60"),
    ("keywords = [" + ", ".join(f'"k{n}"' for n in range(31)) + "]\n" + KNEE, 1,
     "'keywords' lists 31 items; at most 30"),
    (KNEE.replace('"1.0.0"', '"1.0.0-rc.1+' + "b" * 20 + '"'), 2,
     "'version' is 31 characters long; at most 24"),
    (KNEE.replace('"1.0.0"', '" 1.0.0"'), 2, "'version' begins or ends with a space"),
    ('summary = "\\u200b"\n' + KNEE, 1,
     "'summary' holds the invisible character '\\u200b' (U+200B ZERO WIDTH SPACE) at character 1"),
    ('code = "MSK\\u2066-001"\n' + KNEE, 1,
     "'code' holds the bidirectional control '\\u2066' (U+2066 LEFT-TO-RIGHT ISOLATE) at character 4"),
    ('title = "Knee\\u2028pain"\nversion = "1.0.0"\nsections = ["intro"]\n', 1,
     "'title' holds the control character '\\u2028' (U+2028 LINE SEPARATOR) at character 5"),
    (KNEE + '\n[review]\nreviewed_on = 2026-01-15\nreviewed_by = "\\u3164"\nnext_review = 2099-01-15\n',
     7, "'review.reviewed_by' holds the invisible character '\\u3164' (U+3164 HANGUL FILLER)"),
])
def test_leaflet_toml_fields_are_refused_at_their_line(tmp_path, toml, line, start):
    folder = write_demo(tmp_path, toml)
    with pytest.raises(ContentError) as caught:
        load_leaflet(folder)
    assert (caught.value.path, caught.value.line) == (folder / "leaflet.toml", line)
    assert caught.value.message.startswith(start), caught.value.message


@pytest.fixture
def brand_folder(tmp_path):
    """A copy of the shipped default brand; returns a function that rewrites one line of it."""
    folder = tmp_path / "brands" / "default"
    shutil.copytree(REPO / "brands" / "default", folder)

    def rewrite(old: str, new: str) -> Path:
        path = folder / "brand.toml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
        return folder

    return rewrite


def line_of(path: Path, fragment: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                if fragment in line)


@pytest.mark.parametrize(("old", "new", "start"), [
    ('name = "Riverside Health Clinic"', 'name = "Riverside\\u200b"',
     "'name' holds the invisible character '\\u200b' (U+200B ZERO WIDTH SPACE) at character 10"),
    ('name = "Riverside Health Clinic"', 'name = "' + "Riverside " * 9 + '"',
     "'name' begins or ends with a space"),
    ('name = "Riverside Health Clinic"', 'name = "' + "R" * 81 + '"',
     "'name' is 81 characters long; at most 80"),
    ('name = "Riverside Health Clinic"', 'name = "1 2 3"', "'name' has no letter"),
    ('phone = "+1 555 0100"', 'phone = "+1 555\\u202e0100"',
     "'contact.phone' holds the bidirectional control '\\u202e'"),
    ('email = "info@riverside-clinic.example"', 'email = "info@riverside\\u00adclinic.example"',
     "'contact.email' holds the invisible character '\\xad' (U+00AD SOFT HYPHEN)"),
    ('website = "www.riverside-clinic.example"', 'website = "www.riverside-clinic.example\\n"',
     "'contact.website' holds the control character '\\n'"),
    ('"Springfield"]', '"Spring\\u2067field"]',
     "'contact.address': item 2 holds the bidirectional control '\\u2067'"),
    ('"Springfield"]', '"Springfield", "a", "b", "c", "d", "e"]',
     "'contact.address' lists 7 items; at most 6"),
    ('name = "Riverside Health Clinic"',
     'name = "Riverside Health Clinic"\ndisclaimer = "Ask us\\u200e first."',
     "'disclaimer' holds the bidirectional control '\\u200e' (U+200E LEFT-TO-RIGHT MARK)"),
    ('name = "Riverside Health Clinic"',
     'name = "Riverside Health Clinic"\nurl = "https://clinic.example/\\u202e{leaflet}"',
     "'url' holds the bidirectional control '\\u202e'"),
])
def test_brand_toml_fields_are_refused_at_their_line(brand_folder, old, new, start):
    folder = brand_folder(old, new)
    with pytest.raises(BrandError) as caught:
        load_brand(folder)
    assert caught.value.path == folder / "brand.toml"
    assert caught.value.line == line_of(folder / "brand.toml", new.split("\n")[-1][:10])
    assert caught.value.message.startswith(start), caught.value.message


def test_a_disclaimer_by_locale_is_checked_for_each_language(brand_folder):
    folder = brand_folder('text = "#1a1a1a"', 'text = "#1a1a1a"\n\n[disclaimer]\nen = "Ask us."\n'
                                              'fa = "از ما بپرسید.\\u202b"')
    with pytest.raises(BrandError) as caught:
        load_brand(folder)
    assert caught.value.line == line_of(folder / "brand.toml", "fa = ")
    assert caught.value.message.startswith("'disclaimer.fa' holds the bidirectional control '\\u202b'")


# --- through the CLI: options -----------------------------------------------------------


@pytest.mark.parametrize(("name", "fragments"), [
    ("\u200b", ("U+200B ZERO WIDTH SPACE", "at character 1", "delete it")),
    ("Dr \u200bTest", ("U+200B ZERO WIDTH SPACE", "at character 4")),
    ("\u202eDr Test", ("bidirectional control", "U+202E RIGHT-TO-LEFT OVERRIDE")),
    ("Dr\u2028Test", ("control character", "U+2028 LINE SEPARATOR", "write it on one line")),
    ("\u3164", ("invisible character", "U+3164 HANGUL FILLER")),
    ("\u200d", ("U+200D ZERO WIDTH JOINER", "outside a word")),
    ("\udcff", ("not text",)),
    ("12345", ("has no letter", '"Dr A. Example, GP"')),
    ("Reviewed by " + "x" * 120, ("is 132 characters long; at most 120",)),
])
def test_review_refuses_a_name_that_does_not_print_as_it_reads(make_library, leaflets, name,
                                                               fragments):
    root = make_library("minimal")
    config = root / "leaflets/demo/leaflet.toml"
    before = config.read_bytes()
    run = leaflets("--root", root, "review", "demo", "--by", name, "--today", TODAY)
    line = assert_one_error_line(run, "error: --by ", *fragments)
    assert name not in line
    assert config.read_bytes() == before


def test_review_keeps_a_name_in_any_script(make_library, leaflets):
    root = make_library("minimal")
    name = "دکتر نگار می\u200cخواهد، پزشک عمومی"
    run = leaflets("--root", root, "review", "demo", "--by", f"  {name} ", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert load_leaflet(root / "leaflets/demo").review.reviewed_by == name


def test_new_refuses_a_title_with_a_bidi_override(make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "new", "knee", "--title", "Knee \u202ereplacement")
    assert_one_error_line(run, "error: --title holds the bidirectional control '\\u202e' "
                               "(U+202E RIGHT-TO-LEFT OVERRIDE) at character 6")
    assert not (root / "leaflets/knee").exists()


def test_release_refuses_an_invisible_summary(make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "release", "demo", "--summary", "\u2060", "--today", TODAY)
    assert_one_error_line(run, "error: --summary holds the invisible character", "U+2060 WORD JOINER")
    assert not (root / "leaflets/demo/versions.toml").exists()


def test_a_release_record_is_checked_by_the_same_rule(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "release", "demo", "--summary", "First",
                    "--today", TODAY).exit_code == 0
    versions = root / "leaflets/demo/versions.toml"
    versions.write_text(versions.read_text().replace('"First"', '"First\\u202e"'))
    with pytest.raises(ContentError) as caught:
        read_releases(load_leaflet(root / "leaflets/demo"))
    assert (caught.value.path, caught.value.line) == (versions, 5)
    assert caught.value.message.startswith("release 1: 'summary' holds the bidirectional control "
                                           "'\\u202e' (U+202E RIGHT-TO-LEFT OVERRIDE) at character 6")


# --- through the CLI: build ----------------------------------------------------------------


def edit_demo(root: Path, old: str, new: str) -> None:
    config = root / "leaflets/demo/leaflet.toml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("args", [(), ("--release",)])
def test_an_invisible_reviewer_is_no_review(make_library, leaflets, args):
    root = make_library("minimal")
    edit_demo(root, 'reviewed_by = "Dr Test, GP"', 'reviewed_by = "\\u200b"')
    run = leaflets("--root", root, "build", *args)
    assert_one_error_line(run, f"{Path('leaflets/demo/leaflet.toml')}:9: 'review.reviewed_by' holds "
                               "the invisible character '\\u200b' (U+200B ZERO WIDTH SPACE) at "
                               "character 1")
    assert pdf_files(root) == []


@pytest.mark.parametrize(("code", "fragment"), [
    ("TST\\u202e-001", "'code' holds the bidirectional control '\\u202e' (U+202E RIGHT-TO-LEFT "
                       "OVERRIDE) at character 4"),
    ("Reviewed by Dr Test", "'code' must be a document-control code like \"MSK-001\""),
    ("T" * 25, "'code' is 25 characters long; at most 24"),
])
def test_build_refuses_a_code_that_could_lie(make_library, leaflets, code, fragment):
    root = make_library("minimal")
    edit_demo(root, 'code = "TST-001"', f'code = "{code}"')
    run = leaflets("--root", root, "build")
    assert_one_error_line(run, f"{Path('leaflets/demo/leaflet.toml')}:4: {fragment}")
    assert pdf_files(root) == []


def test_build_refuses_an_invisible_brand_name(make_library, leaflets):
    root = make_library("minimal")
    brand = root / "brands/default/brand.toml"
    brand.write_text(brand.read_text(encoding="utf-8").replace(
        'name = "Riverside Health Clinic"', 'name = "\\ufeff"'), encoding="utf-8")
    run = leaflets("--root", root, "build")
    assert_one_error_line(run, f"{Path('brands/default/brand.toml')}:{line_of(brand, 'name =')}: "
                               "'name' holds the invisible character '\\ufeff'")
    assert pdf_files(root) == []


# --- the longest fields still print inside the page ------------------------------------------

LONGEST_CODE = "W" * fields.CODE.limit  # the widest letter, as long as a code may be
LONGEST_TITLE = ("Knee replacement surgery: what happens before, during and after the operation, "
                 "and how to look after your new knee joint")


def translate_demo(root: Path, leaflets, locale: str) -> None:
    """Give ``root``'s demo a reviewed ``locale`` translation: the shipped catalog of the
    page templates, the leaflet's messages as they are with a prefix."""
    assert leaflets("--root", root, "i18n", "init", locale).exit_code == 0
    shutil.copy(REPO / f"locales/{locale}/LC_MESSAGES/templates.po",
                root / f"locales/{locale}/LC_MESSAGES/templates.po")
    folder = root / f"locales/{locale}/LC_MESSAGES"
    fill_catalog(folder / "demo.po", lambda message: f"FR {message}",
                 review="reviewed 2026-11-20 by Dominique Translator-Reviewer")
    fill_catalog(folder / "templates.po", {},
                 review="reviewed 2026-11-20 by Dominique Translator-Reviewer")


# French: among the longest translations of the footer's messages (a reviewed translation
# prints its state on a second line). Large print's footer is 12 pt in a 32 mm margin.
@pytest.mark.parametrize("locale", ["en", "fr"])
@pytest.mark.parametrize(("args", "suffix", "margin"), [
    ((), "", 19), (("--large-print",), "-large", 32), (("--print-ready",), "-print-ready", 19),
])
def test_the_stamp_of_the_longest_fields_stays_inside_the_page(make_library, leaflets, args, suffix,
                                                               margin, locale):
    assert len(LONGEST_TITLE) == fields.TITLE.limit
    root = make_library("minimal")
    edit_demo(root, 'code = "TST-001"', f'code = "{LONGEST_CODE}"')
    edit_demo(root, 'title = "Demo leaflet"', f'title = "{LONGEST_TITLE}"')
    if locale != "en":
        translate_demo(root, leaflets, locale)
    run = leaflets("--root", root, "build", "--locale", locale, "--today", "2026-12-01", *args)
    assert run.exit_code == 0, run.stderr
    path = root / f"dist/default/{locale}/demo-2.1.0-a4{suffix}.pdf"
    version, page_of = ("Version2.1.0", "Page{}of{}") if locale == "en" else \
        ("Version2.1.0", "Page{}sur{}")
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            # The trim box in pdfplumber's own coordinates (x0, top, x1, bottom), those of its
            # characters: the page itself, (0, 0, width, height), unless the PDF has a bleed.
            left, top, right, bottom = page.trimbox
            if not suffix:
                assert (left, top, right, bottom) == (0, 0, page.width, page.height)
            outside = [char["text"] for char in page.chars
                       if not (left <= char["x0"] <= char["x1"] <= right
                               and top <= char["top"] <= char["bottom"] <= bottom)]
            assert outside == [], (number, "".join(outside))
            # The stamp's characters in the order they are drawn: each part of it in one run,
            # whatever line it wraps onto (spaces aside: a wrapped line has none).
            footer = "".join(char["text"] for char in page.chars
                             if char["top"] >= bottom - margin * MM and not char["text"].isspace())
            for part in (LONGEST_CODE, version, page_of.format(number, len(pdf.pages))):
                assert part in footer, (number, part, footer)
            if locale != "en":
                assert "Traductionrévisée" in footer, footer


def test_a_footer_too_long_for_its_margin_is_refused_not_printed_off_the_page(make_library,
                                                                             leaflets):
    # Each footer message as long as the state-message rule lets a translation be (three times
    # its source, plus 40 characters): the stamp wraps onto more lines than the margin holds.
    root = make_library("minimal")
    edit_demo(root, 'code = "TST-001"', f'code = "{LONGEST_CODE}"')
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    padding = "palabras largas de relleno sin fin "

    def longest(message: str) -> str:
        return (message + " " + padding * 10)[:3 * len(message) + 40].rstrip()

    for po in (root / "locales/es/LC_MESSAGES").glob("*.po"):
        fill_catalog(po, lambda message: longest(message) if "%(date)s" in message
                     or message in ("Version", "Draft translation") else None,
                     review="reviewed 2026-11-20 by T. Reviewer")
    run = leaflets("--root", root, "build", "--locale", "es", "--large-print",
                   "--today", "2026-12-01")
    assert_one_error_line(run, "error: demo (es, default, a4, large): the footer stamp runs ",
                          " mm off page 1; shorten the leaflet's 'code' or the translations of the "
                          "footer's messages (in the locale's templates.po)")
    assert pdf_files(root / "dist") == []
