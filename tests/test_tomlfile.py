"""TOML files as people write them: every value checked, every mistake reported at its line.

``parse_toml`` and ``TomlTable`` are called directly on small texts; ``read_toml``
and ``read_text`` on files written into ``tmp_path``. An error is built, not
raised, by ``fail``; everything else raises the error class it was given.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from patient_leaflets.errors import ConfigError, ContentError
from patient_leaflets.tomlfile import TomlTable, parse_toml, read_text, read_toml

PATH = Path("settings.toml")

LAYOUT = """\
# Library settings
title = "Top"
subtitle = "Sub"
titles = ["a"]
review.reviewed_by = "Dr Test"

[check]  # the limits
title = "In check"
  section_words = 250

[ readability ]
en = { formula = "flesch-kincaid", max = 8 }

[readability.fr]
formula = "kandel-moles"
"""

LIST = """\
sections = [
  "intro",
  "risks",  # the one we point at
  "sources",
]
keywords = ["risks"]
"""


def parse(text: str, first_line: int = 1, error: type = ConfigError) -> TomlTable:
    return parse_toml(text, PATH, error, first_line)


def raised(call, *args, expect: type = ConfigError, **kwargs):
    """Call ``call`` and return the error of class ``expect`` it raises."""
    with pytest.raises(expect) as caught:
        call(*args, **kwargs)
    return caught.value


def where(err) -> tuple[Path, int | None, str]:
    return err.path, err.line, err.message


# --- parsing and syntax errors ------------------------------------------------------


def test_parse_returns_the_data_and_keeps_the_text():
    table = parse('title = "x"\nyears = 3\n')
    assert table.data == {"title": "x", "years": 3}
    assert (table.path, table.text, table.first_line, table.prefix) == (
        PATH, 'title = "x"\nyears = 3\n', 1, "")


@pytest.mark.parametrize(("text", "line", "message"), [
    ('title = "a"\nreviewed_on = 2026-02-30\n', 2,
     "TOML syntax error: not a real date; write a date like 2026-11-01 (year-month-day, no quotes)"),
    ("years = 1\nyears = 2\n", 2, "TOML syntax error: a key or table is set twice; remove one"),
    ("[check]\nsection_words = 1\n[check]\nlong_sentence_words = 2\n", 3,
     "TOML syntax error: a table is declared twice; merge the two [tables]"),
])
def test_syntax_errors_people_make_most_get_a_hint(text, line, message):
    err = raised(parse, text)
    assert where(err) == (PATH, line, message)
    assert str(err) == f"{PATH}:{line}: {message}"
    assert err.__cause__ is None and err.__suppress_context__  # no tomllib traceback behind it


def test_other_syntax_errors_say_what_tomllib_says_and_where_to_look():
    err = raised(parse, 'code = "TST-001"\ntitle = "Demo\nversion = "1.0.0"\n')
    assert err.line == 2
    assert err.message.startswith("TOML syntax error: illegal character"), err.message
    assert err.message.endswith("; check quotes, '=' and brackets on this line and the ones before it")
    assert "(at line" not in err.message


def test_syntax_error_at_the_end_of_the_document_is_on_the_last_line():
    err = raised(parse, 'title = "x"\nsections = [\n  "intro",\n')
    assert err.line == 3
    assert err.message.startswith("TOML syntax error: invalid value;"), err.message
    assert "end of document" not in err.message


def test_syntax_error_at_the_end_of_a_one_line_text():
    err = raised(parse, "sections = [")
    assert err.line == 1


@pytest.mark.parametrize("error", [ConfigError, ContentError])
def test_syntax_error_is_of_the_class_asked_for(error):
    err = raised(parse, "years = = 1\n", error=error, expect=error)
    assert type(err) is error and err.line == 1


def test_first_line_offsets_syntax_errors_of_front_matter():
    # Front matter starts on line 2 of a section file, below the opening '+++'.
    assert raised(parse, 'style = "note"\ntitle = oops\n', first_line=2).line == 3
    assert raised(parse, 'style = "note"\nkeys = [\n', first_line=2).line == 3


# --- line_of ------------------------------------------------------------------------


def test_line_of_a_top_level_key_skips_comments_and_look_alike_keys():
    table = parse(LAYOUT)
    assert [table.line_of(key) for key in ("title", "subtitle", "titles")] == [2, 3, 4]
    assert table.line_of("output") is None


def test_line_of_a_key_in_a_table_is_below_its_header():
    check = parse(LAYOUT).table("check")
    assert check.prefix == "check."
    assert check.line_of("") == 7  # the header, trailing comment and all
    assert check.line_of("title") == 8  # not the top-level title on line 2
    assert check.line_of("section_words") == 9  # indented


def test_line_of_a_header_written_with_spaces():
    assert parse(LAYOUT).table("readability").line_of("") == 11


def test_line_of_a_dotted_key_at_the_top():
    review = parse(LAYOUT).table("review")
    assert review.data == {"reviewed_by": "Dr Test"}
    assert review.line_of("reviewed_by") == 5


def test_line_of_an_inline_table_is_its_key_line():
    readability = parse(LAYOUT).table("readability")
    assert readability.line_of("en") == 12
    en = readability.table("en")
    assert en.prefix == "readability.en."
    assert en.line_of("") == 12
    assert en.fail("max", "too high").line == 12


def test_line_of_a_sub_table_with_its_own_header():
    fr = parse(LAYOUT).table("readability").table("fr")
    assert (fr.line_of(""), fr.line_of("formula")) == (14, 15)


def test_first_line_offsets_line_of():
    table = parse('style = "note"\ntitle = "Risks"\n', first_line=2)
    assert (table.line_of("style"), table.line_of("title")) == (2, 3)
    assert table.fail("title", "bad").line == 3


# --- fail -------------------------------------------------------------------------


def test_fail_builds_the_error_without_raising_it():
    err = parse(LAYOUT, error=ContentError).fail("subtitle", "write it shorter")
    assert isinstance(err, ContentError)
    assert str(err) == f"{PATH}:3: write it shorter"


def test_fail_points_at_the_item_of_a_list_that_spans_lines():
    table = parse(LIST)
    assert table.fail("sections", "bad", value="risks").line == 3
    assert table.fail("sections", "bad", value="intro").line == 2
    assert table.fail("sections", "bad").line == 1
    assert table.fail("sections", "bad", value="not-there").line == 1


def test_fail_on_a_value_in_front_matter_counts_from_first_line():
    table = parse('style = "note"\nkeys = [\n  "a",\n  "b",\n]\n', first_line=2)
    assert table.fail("keys", "bad", value="b").line == 5


def test_fail_on_an_absent_key_points_at_its_table_or_nowhere():
    table = parse(LAYOUT)
    assert table.table("check").fail("output", "missing").line == 7
    err = table.fail("output", "missing")
    assert (err.line, str(err)) == (None, f"{PATH}: missing")


# --- get --------------------------------------------------------------------------


def test_get_returns_values_of_the_kind_asked_for():
    table = parse('title = "x"\nyears = 3\ndraft = false\nreviewed_on = 2026-01-15\n'
                  'sections = ["a"]\n[colors]\nprimary = "#000000"\n')
    assert table.get("title", str) == "x"
    assert table.get("years", int) == 3
    assert table.get("draft", bool) is False
    assert table.get("reviewed_on", datetime.date) == datetime.date(2026, 1, 15)
    assert table.get("sections", list) == ["a"]
    assert table.get("colors", dict) == {"primary": "#000000"}


def test_get_of_an_absent_key_returns_the_default():
    table = parse('title = "x"\n')
    assert table.get("summary", str) is None
    assert table.get("summary", str, default="none given") == "none given"


@pytest.mark.parametrize(("value", "kind", "message"), [
    ("2", str, "'field' must be a string in quotes, not int 2"),
    ('"intro"', list, "'field' must be a list like [\"a\", \"b\"], not the string 'intro'"),
    ('"2026-01-15"', datetime.date,
     "'field' must be a date like 2026-11-01 (no quotes), not the string '2026-01-15'"),
    ("2026-01-15T10:00:00", datetime.date,
     "'field' must be a date like 2026-11-01 (no quotes), not a date with a time (2026-01-15T10:00:00)"),
    ("true", int, "'field' must be a whole number, not true"),
    ("1.5", int, "'field' must be a whole number, not float 1.5"),
    ("1", bool, "'field' must be true or false, not int 1"),
    ('"blue"', dict, "'field' must be a table, not the string 'blue'"),
    ("[1]", str, "'field' must be a string in quotes, not list [1]"),
])
def test_get_of_the_wrong_kind_names_what_to_write(value, kind, message):
    err = raised(parse(f"# settings\nfield = {value}\n").get, "field", kind)
    assert where(err) == (PATH, 2, message)


def test_get_of_the_wrong_kind_in_a_table_names_the_dotted_key():
    table = parse('title = "x"\n\n[review]\nreviewed_on = "yesterday"\n').table("review")
    err = raised(table.get, "reviewed_on", datetime.date)
    assert err.line == 4
    assert err.message.startswith("'review.reviewed_on' must be a date like 2026-11-01"), err.message


def test_get_of_a_missing_required_key_says_what_to_add():
    err = raised(parse('title = "x"\n').get, "version", str, required=True)
    assert where(err) == (PATH, None, "missing field 'version': add version = ... (a string in quotes)")


def test_get_of_a_missing_required_key_in_a_table_points_at_its_header():
    review = parse('title = "x"\n\n[review]\nreviewed_by = "Dr Test"\n').table("review")
    err = raised(review.get, "next_review", datetime.date, required=True)
    assert where(err) == (PATH, 3, "missing field 'review.next_review': add next_review = ... "
                                   "(a date like 2026-11-01 (no quotes))")


# --- strings, table, refuse_unknown ----------------------------------------------------


def test_strings_returns_a_tuple():
    table = parse(LIST)
    assert table.strings("sections") == ("intro", "risks", "sources")
    assert table.strings("keywords") == ("risks",)
    assert table.strings("papers") == ()
    assert table.strings("papers", default=("a4",)) == ("a4",)


def test_strings_refuses_items_that_are_not_strings():
    err = raised(parse('# papers\npapers = ["a4", 3]\n').strings, "papers")
    assert where(err) == (PATH, 2, "'papers' must list strings in quotes, not int 3")


def test_strings_refuses_a_string_and_a_missing_required_list():
    assert raised(parse('papers = "a4"\n').strings, "papers").message == (
        "'papers' must be a list like [\"a\", \"b\"], not the string 'a4'")
    assert raised(parse("").strings, "sections", required=True).message.startswith(
        "missing field 'sections': add sections = ... (a list like")


def test_table_returns_none_when_absent_and_refuses_a_value():
    table = parse('check = 3\n')
    assert table.table("readability") is None
    err = raised(table.table, "check")
    assert where(err) == (PATH, 1, "'check' must be a table, not int 3")


def test_table_keeps_path_text_error_and_first_line():
    text = 'style = "note"\n[extra]\nx = 1\n'
    extra = parse(text, first_line=2, error=ContentError).table("extra")
    assert (extra.data, extra.path, extra.text, extra.error, extra.first_line, extra.prefix) == (
        {"x": 1}, PATH, text, ContentError, 2, "extra.")
    assert extra.line_of("x") == 4


def test_refuse_unknown_names_the_key_its_line_and_the_known_ones():
    table = parse('title = "x"\n\ntitel = "y"\n')
    table.refuse_unknown({"title", "titel"})  # every key known: nothing raised
    err = raised(table.refuse_unknown, {"version", "title", "summary"})
    assert where(err) == (PATH, 3, "unknown field 'titel'; expected one of: summary, title, version")


def test_refuse_unknown_in_a_table_names_the_dotted_key():
    review = parse('title = "x"\n[review]\nreviewed = 2026-01-01\n').table("review")
    err = raised(review.refuse_unknown, {"reviewed_on", "reviewed_by", "next_review"})
    assert where(err) == (PATH, 3, "unknown field 'review.reviewed'; expected one of: "
                                   "next_review, reviewed_by, reviewed_on")


# --- files --------------------------------------------------------------------------


def test_read_toml_reads_a_file(tmp_path):
    path = tmp_path / "leaflets.toml"
    path.write_text('source_locale = "en"\npapers = ["a4"]\n', encoding="utf-8")
    table = read_toml(path, ConfigError)
    assert (table.data, table.path, table.line_of("papers")) == (
        {"source_locale": "en", "papers": ["a4"]}, path, 2)


def test_byte_order_mark_is_accepted_and_lines_are_kept(tmp_path):
    path = tmp_path / "leaflet.toml"
    path.write_bytes(b"\xef\xbb\xbf" + 'title = "Caf\u00e9"\nversion = "1.0.0"\n'.encode())
    assert read_text(path, ContentError) == 'title = "Caf\u00e9"\nversion = "1.0.0"\n'
    table = read_toml(path, ContentError)
    assert table.get("title", str) == "Caf\u00e9"
    assert (table.line_of("title"), table.line_of("version")) == (1, 2)


@pytest.mark.parametrize("error", [ConfigError, ContentError])
def test_text_that_is_not_utf8_is_refused(tmp_path, error):
    path = tmp_path / "leaflet.toml"
    path.write_bytes('title = "Caf\u00e9"\n'.encode("latin-1"))
    for call in (read_text, read_toml):
        err = raised(call, path, error, expect=error)
        assert where(err) == (path, None, "not UTF-8 text; save the file as UTF-8")
        assert str(err) == f"{path}: not UTF-8 text; save the file as UTF-8"


def test_missing_file_is_reported_as_such(tmp_path):
    path = tmp_path / "brand.toml"
    assert where(raised(read_toml, path, ConfigError)) == (path, None, "file not found")


def test_a_folder_in_place_of_the_file_says_so(tmp_path):
    path = tmp_path / "leaflet.toml"
    path.mkdir()
    err = raised(read_text, path, ContentError, expect=ContentError)
    assert (err.path, err.message) == (path, "is a folder, not a file")


# --- line breaks and inline tables ---------------------------------------------------


def test_line_of_a_key_below_a_line_separator_in_a_string():
    # U+2028 is InDesign's forced line break: text pasted from a print layout carries it.
    table = parse('summary = "What to expect\u2028and when"\nversion = "1.0.0"\n')
    assert table.line_of("version") == 2


def test_fail_in_a_top_level_inline_table_points_at_its_line():
    review = parse('title = "x"\nreview = { reviewed_on = 2026-01-15 }\n').table("review")
    assert review.fail("reviewed_on", "bad").line == 2
