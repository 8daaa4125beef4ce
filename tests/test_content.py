"""Leaflets as their authors write them: loaded, validated, and fingerprinted.

``load_leaflet`` and ``parse_section`` are called directly, on the ``minimal``
library or on small files written into ``tmp_path``. Every error is a
``ContentError`` naming the file and the line to fix.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
from pathlib import Path

import pytest

from patient_leaflets.content import (
    STYLES,
    Leaflet,
    Review,
    content_fingerprint,
    leaflet_ids,
    load_leaflet,
    parse_section,
    valid_id,
    valid_semver,
)
from patient_leaflets.errors import ContentError

DEMO_REVIEW = Review(datetime.date(2026, 1, 15), "Dr Test, GP", datetime.date(2099, 1, 15))
KNEE = """\
title = "Knee pain"
version = "1.0.0"
sections = [
  "what-it-is",
  "contact",
]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_leaflet(leaflets_dir: Path, toml: str = KNEE, sections: dict[str, str] | None = None,
                  leaflet_id: str = "knee") -> Path:
    """Write leaflets/<leaflet_id>/ with ``toml`` and one file per section; return the folder."""
    folder = leaflets_dir / leaflet_id
    write(folder / "leaflet.toml", toml)
    if sections is None:
        sections = {"what-it-is": "# What it is\n\nA sore knee.\n", "contact": "# Contact\n\nCall us.\n"}
    for section_id, text in sections.items():
        write(folder / f"{section_id}.md", text)
    return folder


def section_error(tmp_path: Path, text: str) -> ContentError:
    path = write(tmp_path / "section.md", text)
    with pytest.raises(ContentError) as caught:
        parse_section(path, "section")
    assert caught.value.path == path
    return caught.value


def leaflet_error(folder: Path) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_leaflet(folder)
    return caught.value


@pytest.fixture
def demo(make_library) -> Path:
    """The folder of the ``minimal`` library's one leaflet."""
    return make_library("minimal") / "leaflets" / "demo"


# --- load_leaflet -------------------------------------------------------------------


def test_load_leaflet_reads_every_field(demo):
    leaflet = load_leaflet(demo)
    assert (leaflet.id, leaflet.folder, leaflet.config_path) == ("demo", demo, demo / "leaflet.toml")
    assert (leaflet.title, leaflet.summary, leaflet.version, leaflet.code, leaflet.keywords) == (
        "Demo leaflet", "A short leaflet for tests", "2.1.0", "TST-001", ())
    assert leaflet.review == DEMO_REVIEW
    assert [(s.id, s.path, s.title, s.title_line, s.style) for s in leaflet.sections] == [
        ("intro", demo / "intro.md", "Introduction", 1, "plain"),
        ("warning-signs", demo / "warning-signs.md", "Warning signs", 5, "warning"),
        ("checklist", demo / "checklist.md", "Things to ask", 3, "checklist"),
    ]


def test_blocks_of_the_demo_stand_on_their_file_lines(demo):
    sections = {s.id: [(b.kind, b.text, b.line) for b in s.blocks] for s in load_leaflet(demo).sections}
    assert sections == {
        "intro": [
            ("paragraph",
             "This is a demo leaflet. It has **bold** text and a [link](https://example.org).", 3),
            ("list item", "First point.", 5),
            ("list item", "Second point.", 6),
        ],
        "warning-signs": [("paragraph", "Call for help if you feel unwell.", 7)],
        "checklist": [("list item", "Is this right for me?", 6), ("list item", "What happens next?", 7)],
    }


def test_every_block_of_the_sample_library_is_on_its_file_line(repo_library):
    leaflet = load_leaflet(repo_library / "leaflets" / "spinal-manipulation")
    assert leaflet.sections[0].path == repo_library / "leaflets" / "spinal-manipulation" / "what-it-is.md"
    checked = 0
    for section in leaflet.sections:
        lines = section.path.read_text(encoding="utf-8").splitlines()
        assert lines[section.title_line - 1].lstrip("# ").startswith(section.title) or (
            "title" in lines[section.title_line - 1]), (section.path, section.title_line)
        for block in section.blocks:
            first = block.text.splitlines()[0]
            assert first in lines[block.line - 1], (section.path, block.line, first)
            checked += 1
    assert checked > 50


def test_keywords_are_a_tuple(tmp_path):
    folder = write_leaflet(tmp_path / "leaflets", KNEE + 'keywords = ["knee", "joint pain"]\n')
    assert load_leaflet(folder).keywords == ("knee", "joint pain")


def test_a_section_missing_from_the_folder_is_found_in_shared(tmp_path):
    leaflets_dir = tmp_path / "leaflets"
    folder = write_leaflet(leaflets_dir, sections={"what-it-is": "# What it is\n\nA sore knee.\n"})
    shared = write(leaflets_dir / "_shared" / "contact.md",
                   '+++\nstyle = "note"\n+++\n\n# Call us\n\nAny time.\n')
    contact = load_leaflet(folder).sections[1]
    assert (contact.id, contact.path, contact.title, contact.title_line, contact.style) == (
        "contact", shared, "Call us", 5, "note")
    assert [(b.text, b.line) for b in contact.blocks] == [("Any time.", 7)]


def test_the_leaflets_own_section_wins_over_the_shared_one(tmp_path):
    leaflets_dir = tmp_path / "leaflets"
    folder = write_leaflet(leaflets_dir)
    write(leaflets_dir / "_shared" / "contact.md", "# Shared contact\n\nCall the clinic.\n")
    contact = load_leaflet(folder).sections[1]
    assert (contact.path, contact.title) == (folder / "contact.md", "Contact")


def test_a_section_in_neither_folder_names_both_paths(tmp_path):
    leaflets_dir = tmp_path / "leaflets"
    folder = write_leaflet(leaflets_dir, sections={"what-it-is": "# What it is\n\nA sore knee.\n"})
    err = leaflet_error(folder)
    assert (err.path, err.line) == (folder / "leaflet.toml", 5)  # the item, not the 'sections =' line
    assert err.message == (f"section 'contact' is listed but neither {folder / 'contact.md'} nor "
                           f"{leaflets_dir / '_shared' / 'contact.md'} exists; create one or remove "
                           "it from 'sections'")


@pytest.mark.parametrize(("toml", "line", "message"), [
    ('title = "Knee pain"\nversion = "1.0.0"\nsections = ["intro"]\nauthor = "Me"\n', 4,
     "unknown field 'author'; expected one of: code, keywords, review, sections, summary, title, version"),
    ('version = "1.0.0"\nsections = ["intro"]\n', None,
     "missing field 'title': add title = ... (a string in quotes)"),
    ('title = "  "\nversion = "1.0.0"\nsections = ["intro"]\n', 1,
     "'title' is empty; write the leaflet's title, e.g. \"Knee replacement\""),
    ('title = "Knee pain"\nsummary = ""\nversion = "1.0.0"\nsections = ["intro"]\n', 2,
     "'summary' is empty; write one sentence under the title, e.g. \"What to expect after a knee "
     "replacement\", or remove the line"),
    ('title = "Knee pain"\nversion = "1.0"\nsections = ["intro"]\n', 2,
     "'version' must be a semantic version like 1.0.0 (major.minor.patch), not '1.0'"),
    ('title = "Knee pain"\nversion = 1\nsections = ["intro"]\n', 2,
     "'version' must be a string in quotes, not int 1"),
    ('title = "Knee pain"\nversion = "1.0.0"\n', None,
     "missing field 'sections': add sections = ... (a list like [\"a\", \"b\"])"),
    ('title = "Knee pain"\nversion = "1.0.0"\nsections = []\n', 3,
     "'sections' is empty; list the section files to print, e.g. sections = [\"what-it-is\"]"),
    ('title = "Knee pain"\nversion = "1.0.0"\nsections = [\n  "intro",\n  "Side_Effects",\n]\n', 5,
     "section id 'Side_Effects' is not a valid file name; use lower-case letters, digits and hyphens, "
     "e.g. 'what-it-is'"),
    ('title = "Knee pain"\nversion = "1.0.0"\nsections = ["../intro"]\n', 3,
     "section id '../intro' is not a valid file name; use lower-case letters, digits and hyphens, "
     "e.g. 'what-it-is'"),
    ('title = "Knee pain"\nversion = "1.0.0"\nkeywords = "knee"\nsections = ["intro"]\n', 3,
     "'keywords' must be a list like [\"a\", \"b\"], not the string 'knee'"),
])
def test_bad_leaflet_toml_is_reported_at_its_line(tmp_path, toml, line, message):
    folder = write_leaflet(tmp_path / "leaflets", toml, {"intro": "# Intro\n\nText.\n"})
    err = leaflet_error(folder)
    assert (err.path, err.line, err.message) == (folder / "leaflet.toml", line, message)
    where = f"{folder / 'leaflet.toml'}:{line}" if line else str(folder / "leaflet.toml")
    assert str(err) == f"{where}: {message}"


def test_a_section_listed_twice_points_at_the_list(tmp_path):
    toml = 'title = "Knee pain"\nversion = "1.0.0"\nsections = [\n  "intro",\n  "intro",\n]\n'
    err = leaflet_error(write_leaflet(tmp_path / "leaflets", toml, {"intro": "# Intro\n\nText.\n"}))
    assert err.message == "section 'intro' is listed twice in 'sections'; remove one"
    assert err.line in (4, 5)  # either item: the author removes one


def test_an_error_in_a_section_names_the_section_file(tmp_path):
    folder = write_leaflet(tmp_path / "leaflets", sections={
        "what-it-is": "# What it is\n\nA sore knee.\n",
        "contact": '+++\nstyle = "shout"\n+++\n# Contact\n',
    })
    err = leaflet_error(folder)
    assert (err.path, err.line) == (folder / "contact.md", 2)
    assert err.message.startswith("unknown style 'shout'")


# --- [review] -----------------------------------------------------------------------


def test_review_written_with_dotted_keys(tmp_path):
    toml = KNEE + ('review.reviewed_on = 2026-01-15\nreview.reviewed_by = "Dr Test, GP"\n'
                   "review.next_review = 2099-01-15\n")
    assert load_leaflet(write_leaflet(tmp_path / "leaflets", toml)).review == DEMO_REVIEW


def test_no_review_table_is_no_review(tmp_path):
    assert load_leaflet(write_leaflet(tmp_path / "leaflets")).review is None


REVIEW = KNEE + "\n[review]\n"  # the header is line 8


@pytest.mark.parametrize(("review", "line", "message"), [
    ('reviewed_on = 2026-01-15\nreviewed_by = "Dr Test"\nnext_review = 2026-01-15\n', 11,
     "'review.next_review' (2026-01-15) must come after 'review.reviewed_on' (2026-01-15)"),
    ('reviewed_on = 2026-01-15\nreviewed_by = "Dr Test"\nnext_review = 2025-06-01\n', 11,
     "'review.next_review' (2025-06-01) must come after 'review.reviewed_on' (2026-01-15)"),
    ('reviewed_on = 2026-01-15\nnext_review = 2029-01-15\n', 8,
     "missing field 'review.reviewed_by': add reviewed_by = ... (a string in quotes)"),
    ('reviewed_on = 2026-01-15\nreviewed_by = " "\nnext_review = 2029-01-15\n', 10,
     "'review.reviewed_by' is empty; write the reviewer's name and role, e.g. \"Dr A. Example, GP\""),
    ('reviewed_on = 2026-01-15T09:30:00\nreviewed_by = "Dr Test"\nnext_review = 2029-01-15\n', 9,
     "'review.reviewed_on' must be a date like 2026-11-01 (no quotes), not a date with a time "
     "(2026-01-15T09:30:00)"),
    ('reviewed_on = 2026-01-15\nreviewed_by = "Dr Test"\nnext_review = 2029-01-15\nsigned = true\n', 12,
     "unknown field 'review.signed'; expected one of: next_review, reviewed_by, reviewed_on"),
])
def test_bad_review_is_reported_at_its_line(tmp_path, review, line, message):
    folder = write_leaflet(tmp_path / "leaflets", REVIEW + review)
    err = leaflet_error(folder)
    assert (err.path, err.line, err.message) == (folder / "leaflet.toml", line, message)


def test_review_is_a_frozen_value():
    assert Review(datetime.date(2026, 1, 15), "Dr Test, GP", datetime.date(2099, 1, 15)) == DEMO_REVIEW
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEMO_REVIEW.reviewed_by = "Someone else"  # type: ignore[misc]


# --- overdue and draft reasons ------------------------------------------------------------


@pytest.fixture
def demo_leaflet(demo) -> Leaflet:
    return load_leaflet(demo)


def test_overdue_only_after_the_next_review_date(demo_leaflet):
    due = DEMO_REVIEW.next_review
    assert demo_leaflet.overdue(due - datetime.timedelta(days=1)) is False
    assert demo_leaflet.overdue(due) is False
    assert demo_leaflet.overdue(due + datetime.timedelta(days=1)) is True
    assert dataclasses.replace(demo_leaflet, review=None).overdue(datetime.date(2200, 1, 1)) is False


def test_draft_reasons(demo_leaflet):
    assert demo_leaflet.draft_reasons(datetime.date(2026, 6, 1)) == ()
    assert demo_leaflet.draft_reasons(datetime.date(2099, 1, 15)) == ()
    assert demo_leaflet.draft_reasons(datetime.date(2099, 1, 16)) == (
        "clinical review overdue since 2099-01-15 (leaflets/demo/leaflet.toml)",)
    assert dataclasses.replace(demo_leaflet, review=None).draft_reasons(datetime.date(2026, 6, 1)) == (
        "content not yet clinically reviewed (leaflets/demo/leaflet.toml has no [review] table)",)


# --- parse_section ----------------------------------------------------------------------


def test_title_from_a_heading_is_blanked_out_of_the_body(tmp_path):
    path = write(tmp_path / "risks.md", "# Risks\n\nMost people feel fine.\n\n## Rare risks\n\nA stroke.\n")
    section = parse_section(path, "risks")
    assert (section.id, section.path, section.title, section.title_line, section.style) == (
        "risks", path, "Risks", 1, "plain")
    assert section.body == "\n\nMost people feel fine.\n\n## Rare risks\n\nA stroke.\n"
    assert [(b.kind, b.text, b.line) for b in section.blocks] == [
        ("paragraph", "Most people feel fine.", 3),
        ("heading", "Rare risks", 5),
        ("paragraph", "A stroke.", 7),
    ]


def test_title_from_front_matter_is_on_its_line(tmp_path):
    path = write(tmp_path / "ask.md", '+++\nstyle = "checklist"\ntitle = "Things to ask"\n+++\n\n- Why?\n')
    section = parse_section(path, "ask")
    assert (section.title, section.title_line, section.style) == ("Things to ask", 3, "checklist")
    assert section.body == "\n\n\n\n\n- Why?\n"  # front matter blanked: lines keep their numbers
    assert [(b.text, b.line) for b in section.blocks] == [("Why?", 6)]


def test_heading_below_front_matter_keeps_its_file_line(tmp_path):
    path = write(tmp_path / "warn.md", '+++\nstyle = "warning"\n+++\n\n\n# Get help\n\nCall 999.\n')
    section = parse_section(path, "warn")
    assert (section.title, section.title_line, section.style) == ("Get help", 6, "warning")
    assert section.body.count("\n") == 8 and section.body.splitlines()[5] == ""
    assert [(b.text, b.line) for b in section.blocks] == [("Call 999.", 8)]


def test_setext_heading_is_a_title_too(tmp_path):
    path = write(tmp_path / "what.md", "What it is\n==========\n\nA treatment.\n")
    section = parse_section(path, "what")
    assert (section.title, section.title_line) == ("What it is", 1)
    assert section.body == "\n\n\nA treatment.\n"
    assert [(b.text, b.line) for b in section.blocks] == [("A treatment.", 4)]


def test_a_level_two_heading_is_text_not_a_title(tmp_path):
    err = section_error(tmp_path, "\n## Not a title\n\nText.\n")
    assert err.line == 2 and err.message.startswith("the section has no title")


def test_text_given_is_parsed_instead_of_the_file(tmp_path):
    path = tmp_path / "never-written.md"
    section = parse_section(path, "given", text="# Given\n\nFrom memory.\n")
    assert (section.path, section.title) == (path, "Given")
    assert [b.text for b in section.blocks] == ["From memory."]


def test_byte_order_mark_and_windows_line_ends_are_read(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b'\xef\xbb\xbf+++\r\nstyle = "note"\r\n+++\r\n\r\n# Note\r\n\r\nRead this.\r\n')
    section = parse_section(path, "bom")
    assert (section.title, section.title_line, section.style) == ("Note", 5, "note")
    assert [(b.text, b.line) for b in section.blocks] == [("Read this.", 7)]


@pytest.mark.parametrize("style", STYLES)
def test_every_style_is_accepted(tmp_path, style):
    path = write(tmp_path / "s.md", f'+++\nstyle = "{style}"\n+++\n# Title\n\nText.\n')
    assert parse_section(path, "s").style == style


@pytest.mark.parametrize(("text", "line", "message"), [
    ('+++\nstyle = "note"\n\n# Title\n\nText.\n', 1,
     "front matter opened with '+++' is never closed; add a line '+++' after the settings"),
    ('+++\ntitle = "Risks"\nstyle = "shout"\n+++\n\nText.\n', 3,
     "unknown style 'shout'; use one of: plain, note, warning, checklist, sources"),
    ('+++\nstyle = "note"\ntitel = "Risks"\n+++\n\nText.\n', 3,
     "unknown field 'titel'; expected one of: style, title"),
    ('+++\nstyle = 3\n+++\n# Risks\n\nText.\n', 2, "'style' must be a string in quotes, not int 3"),
    ('+++\ntitle = ""\n+++\n\nText.\n', 2, "'title' is empty; write the text or remove the line"),
    ('+++\nstyle = "note"\ntitle = Risks\n+++\n\nText.\n', 3, None),  # a TOML syntax error
    ('+++\ntitle = "Risks"\n+++\n\n# Risks\n\nText.\n', 5,
     "the title is given twice (front matter 'title' and a '# Heading'); remove one"),
    ("\n#\n\nText.\n", 2, "the '#' heading is empty; write the section's title after '# '"),
    ('+++\nstyle = "note"\n+++\n#   \n\nText.\n', 4,
     "the '#' heading is empty; write the section's title after '# '"),
    ("Just text, no title.\n", 1,
     "the section has no title; start it with a '# Title' line or set title = \"...\" in its front matter"),
    ('+++\nstyle = "note"\n+++\n\n\nJust text.\n', 6,
     "the section has no title; start it with a '# Title' line or set title = \"...\" in its front matter"),
    ("", 1,
     "the section has no title; start it with a '# Title' line or set title = \"...\" in its front matter"),
    ("# Risks\n", 1,
     "the section has no text below its title; write it or remove the section from 'sections'"),
    ("# Risks\n\n\n", 1,
     "the section has no text below its title; write it or remove the section from 'sections'"),
    ('+++\nstyle = "note"\ntitle = "Risks"\n+++\n\n', 3,
     "the section has no text below its title; write it or remove the section from 'sections'"),
])
def test_bad_section_is_reported_at_its_line(tmp_path, text, line, message):
    err = section_error(tmp_path, text)
    assert err.line == line, str(err)
    if message is None:
        assert err.message.startswith("TOML syntax error: "), err.message
    else:
        assert err.message == message
    assert str(err) == f"{tmp_path / 'section.md'}:{line}: {err.message}"


def test_section_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes("# Caf\u00e9\n\nText.\n".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        parse_section(path, "latin")
    assert (caught.value.path, caught.value.line, caught.value.message) == (
        path, None, "not UTF-8 text; save the file as UTF-8")


def test_line_separator_in_a_heading_stays_in_the_title(tmp_path):
    path = write(tmp_path / "what.md", "# What it is\u2028and is not\n\nA treatment.\n")
    section = parse_section(path, "what")
    assert section.title == "What it is\u2028and is not"
    assert [(b.text, b.line) for b in section.blocks] == [("A treatment.", 3)]


def test_line_separator_in_front_matter_keeps_body_lines(tmp_path):
    path = write(tmp_path / "note.md", '+++\ntitle = "Before\u2028after"\n+++\n\nBody text.\n')
    assert [(b.text, b.line) for b in parse_section(path, "note").blocks] == [("Body text.", 5)]


# --- ids and versions ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "valid"), [
    ("what-it-is", True), ("msk-001", True), ("a", True), ("2024", True), ("x-1-y", True),
    ("", False), ("What-it-is", False), ("what_it_is", False), ("what it is", False),
    ("-what", False), ("what-", False), ("what--is", False), ("../intro", False), ("intro.md", False),
    ("caf\u00e9", False), ("intro\n", False),
])
def test_valid_id(value, valid):
    assert valid_id(value) is valid


@pytest.mark.parametrize(("value", "valid"), [
    ("0.0.0", True), ("1.0.0", True), ("10.20.30", True), ("2.1.0-rc.1", True), ("1.0.0-alpha", True),
    ("1.0.0-alpha.beta.1", True), ("1.0.0-0.3.7", True), ("1.0.0-x.7.z.92", True), ("1.0.0-0a", True),
    ("1.0.0-x-y-z.--", True), ("1.0.0+20130313144700", True), ("1.0.0-beta+exp.sha.5114f85", True),
    ("1.0.0+21AF26D3----117B344092BD", True), ("1.0.0+001", True),
    ("1.0", False), ("1", False), ("1.0.0.0", False), ("01.0.0", False), ("1.02.0", False),
    ("1.0.00", False), ("v1.0.0", False), (" 1.0.0", False), ("1.0.0 ", False), ("1.0.0\n", False),
    ("1.0.0-", False), ("1.0.0+", False), ("1.0.0-01", False), ("1.0.0-alpha..1", False),
    ("1.0.0-alpha_beta", False), ("1.0.0+build+2", False), ("-1.0.0", False), ("1.0.0-rc.1+", False),
    ("", False),
])
def test_valid_semver(value, valid):
    assert valid_semver(value) is valid


@pytest.mark.parametrize("value", ["1\u0660.0.0", "1\uff10.0.0", "1.0.0-rc.1\u0661"])
def test_valid_semver_refuses_digits_that_are_not_ascii(value):
    assert valid_semver(value) is False


# --- leaflet_ids ------------------------------------------------------------------------


def test_leaflet_ids_are_the_folders_with_a_leaflet_toml_sorted(tmp_path):
    leaflets_dir = tmp_path / "leaflets"
    for name in ("knee", "back-pain", "_shared"):
        write(leaflets_dir / name / "leaflet.toml", "")
    write(leaflets_dir / "notes" / "ideas.md", "# Ideas\n")
    write(leaflets_dir / "leaflet.toml", "")
    assert leaflet_ids(leaflets_dir) == ["back-pain", "knee"]


def test_leaflet_ids_of_a_missing_folder_are_none(tmp_path):
    assert leaflet_ids(tmp_path / "leaflets") == []
    write(tmp_path / "file", "")
    assert leaflet_ids(tmp_path / "file") == []


# --- content_fingerprint ----------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new), encoding="utf-8")


def fingerprint(folder: Path) -> str:
    return content_fingerprint(load_leaflet(folder))


REFORMATTED = """\
# The same leaflet, written another way: comments, order and quotes are not content.
sections = [
  "intro",          # first
  "warning-signs",
  "checklist",
]
code = 'TST-001'
summary = "A short leaflet for tests"
title = "Demo leaflet"   # the title
version = "2.1.0"
review.reviewed_on = 2026-01-15
review.reviewed_by = "Dr Test, GP"
review.next_review = 2099-01-15
"""


def test_fingerprint_is_a_sha256_that_does_not_depend_on_where_the_library_is(make_library, demo):
    first = fingerprint(demo)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first), first
    assert fingerprint(demo) == first
    assert fingerprint(make_library("minimal", name="elsewhere") / "leaflets" / "demo") == first


@pytest.mark.parametrize("change", [
    pytest.param(lambda d: edit(d / "leaflet.toml", '"2.1.0"', '"2.2.0"'), id="version"),
    pytest.param(lambda d: edit(d / "leaflet.toml", "2099-01-15", "2098-06-30"), id="next-review"),
    pytest.param(lambda d: edit(d / "leaflet.toml", "Dr Test, GP", "Dr Other"), id="reviewer"),
    pytest.param(lambda d: edit(d / "leaflet.toml", "[review]", "[review]\n# signed off"), id="comment"),
    pytest.param(lambda d: write(d / "leaflet.toml", (d / "leaflet.toml").read_text().split("[review]")[0]),
                 id="review-removed"),
    pytest.param(lambda d: write(d / "leaflet.toml", REFORMATTED), id="layout"),
    pytest.param(lambda d: write(d.parent.parent / "locales" / "es" / "LC_MESSAGES" / "demo.po", ""),
                 id="translation"),
])
def test_fingerprint_ignores_what_records_the_content(demo, change):
    before = fingerprint(demo)
    change(demo)
    assert fingerprint(demo) == before


@pytest.mark.parametrize("change", [
    pytest.param(lambda d: edit(d / "leaflet.toml", '"Demo leaflet"', '"Demo leaflets"'), id="title"),
    pytest.param(lambda d: edit(d / "leaflet.toml", "TST-001", "TST-002"), id="code"),
    pytest.param(lambda d: edit(d / "leaflet.toml", '"warning-signs", "checklist"',
                                '"checklist", "warning-signs"'), id="section-order"),
    pytest.param(lambda d: edit(d / "leaflet.toml", 'code = "TST-001"\n',
                                'code = "TST-001"\nkeywords = ["demo"]\n'), id="keywords"),
    pytest.param(lambda d: edit(d / "intro.md", "Second point.", "Second point!"), id="section-text"),
    pytest.param(lambda d: edit(d / "intro.md", "Second point.\n", "Second point.\n\n"),
                 id="section-blank-line"),
    pytest.param(lambda d: edit(d / "warning-signs.md", '"warning"', '"note"'), id="section-style"),
])
def test_fingerprint_changes_with_the_content(demo, change):
    before = fingerprint(demo)
    change(demo)
    assert fingerprint(demo) != before


def test_fingerprint_counts_a_shared_section_and_names_it_by_its_path(demo):
    leaflets_dir = demo.parent
    shared = write(leaflets_dir / "_shared" / "contact.md", "# Contact\n\nCall us.\n")
    edit(demo / "leaflet.toml", '"checklist"]', '"checklist", "contact"]')
    with_shared = fingerprint(demo)
    assert load_leaflet(demo).sections[-1].path == shared

    edit(shared, "Call us.", "Call us today.")
    edited = fingerprint(demo)
    assert edited != with_shared

    # The same bytes in the leaflet's own folder: another file, so other content.
    shutil.copy(shared, demo / "contact.md")
    assert load_leaflet(demo).sections[-1].path == demo / "contact.md"
    assert fingerprint(demo) != edited
