"""Document control through the real CLI: review stamping, releases, new leaflets.

Every command that edits ``leaflet.toml`` must keep the rest of the file byte
for byte: the tests compare whole files, comments and odd spacing included.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from tests.helpers import assert_one_error_line, pdf_files, pdf_text

TODAY = "2026-11-21"


def config_of(root):
    return root / "leaflets" / "demo" / "leaflet.toml"


# --- leaflets review -----------------------------------------------------------


def test_review_appends_a_table_and_keeps_every_other_byte(make_library, leaflets):
    root = make_library("minimal", "review-comments")
    before = config_of(root).read_bytes()
    assert not before.endswith(b"\n")  # the fixture ends without a newline on purpose
    run = leaflets("--root", root, "review", "demo", "--by", 'Dr A. "Al" Example, GP',
                   "--on", "2026-11-01", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert "next review 2029-11-01" in run.stdout
    after = config_of(root).read_bytes()
    assert after == before + (b'\n\n[review]\nreviewed_on = 2026-11-01\n'
                              b'reviewed_by = "Dr A. \\"Al\\" Example, GP"\n'
                              b'next_review = 2029-11-01\n')
    # The leaflet is no longer a draft.
    listed = leaflets("--root", root, "list")
    assert "next 2029-11-01" in listed.stdout


def test_review_replaces_the_values_of_an_existing_table_only(make_library, leaflets):
    root = make_library("minimal", "review-replace")
    before = config_of(root).read_text()
    run = leaflets("--root", root, "review", "demo", "--by", "Dr New, GP lead", "--on",
                   "2026-11-20", "--next", "2028-05-01", "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    expected = (before.replace("reviewed_on   = 2023-01-15", "reviewed_on   = 2026-11-20")
                .replace('reviewed_by = "Dr Old, GP"', 'reviewed_by = "Dr New, GP lead"')
                .replace("next_review = 2026-01-15", "next_review = 2028-05-01"))
    assert expected != before
    assert config_of(root).read_text() == expected


def test_review_defaults_to_today_and_the_interval_in_settings(make_library, leaflets):
    root = make_library("minimal", "review-comments")
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text() + "review_interval_years = 2\n")
    run = leaflets("--root", root, "review", "demo", "--by", "Dr Test", "--today", "2028-02-29")
    assert run.exit_code == 0, run.stderr
    review = tomllib.loads(config_of(root).read_text())["review"]
    # 29 February two years on does not exist: the day before.
    assert str(review["reviewed_on"]) == "2028-02-29" and str(review["next_review"]) == "2030-02-28"


def test_review_honours_source_date_epoch(make_library, leaflets, monkeypatch):
    root = make_library("minimal", "review-comments")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01 00:00 UTC
    assert leaflets("--root", root, "review", "demo", "--by", "Dr Test").exit_code == 0
    review = tomllib.loads(config_of(root).read_text())["review"]
    assert str(review["reviewed_on"]) == "2027-01-01" and str(review["next_review"]) == "2030-01-01"


@pytest.mark.parametrize("args, fragments", [
    (("--on", "2026-11-01", "--next", "2026-10-01"),
     ("the next review (2026-10-01) must come after the review date (2026-11-01)",)),
    (("--on", "2026-11-01", "--next", "2026-11-01"), ("must come after",)),
    (("--on", "2026-12-01"), ("the review date 2026-12-01 is after today (2026-11-21)",)),
    (("--on", "2026-02-30"), ("'2026-02-30' is not a date; write it as YYYY-MM-DD",)),
])
def test_review_refuses_impossible_dates(make_library, leaflets, args, fragments):
    root = make_library("minimal", "review-comments")
    before = config_of(root).read_bytes()
    run = leaflets("--root", root, "review", "demo", "--by", "Dr Test", "--today", TODAY, *args)
    assert_one_error_line(run, *fragments)
    assert config_of(root).read_bytes() == before


def test_review_refuses_an_empty_name_and_an_unknown_leaflet(make_library, leaflets):
    root = make_library("minimal")
    assert_one_error_line(leaflets("--root", root, "review", "demo", "--by", "  "),
                          "--by is empty", "Dr A. Example, GP")
    assert_one_error_line(leaflets("--root", root, "review", "nope", "--by", "Dr Test"),
                          "unknown leaflet 'nope'")


# --- leaflets release ----------------------------------------------------------


def test_release_records_bumps_and_refuses_an_unchanged_content(make_library, leaflets):
    root = make_library("minimal", "review-comments")
    versions = root / "leaflets" / "demo" / "versions.toml"
    first = leaflets("--root", root, "release", "demo", "--summary", "First release",
                     "--today", "2026-11-01")
    assert first.exit_code == 0, first.stderr
    assert "released demo 2.1.0" in first.stdout
    records = tomllib.loads(versions.read_text())["release"]
    assert [(r["version"], str(r["date"]), r["summary"]) for r in records] == [
        ("2.1.0", "2026-11-01", "First release")]
    assert records[0]["fingerprint"].startswith("sha256:") and len(records[0]["fingerprint"]) == 71

    # Nothing changed: refused, nothing written.
    before = versions.read_bytes()
    again = leaflets("--root", root, "release", "demo", "--bump", "patch", "--summary", "Again",
                     "--today", TODAY)
    assert_one_error_line(again, "nothing to release", "same as version 2.1.0",
                          "released on 2026-11-01")
    assert versions.read_bytes() == before

    # A changed section: bumped, leaflet.toml keeps every other byte.
    intro = root / "leaflets" / "demo" / "intro.md"
    intro.write_text(intro.read_text() + "\nA new paragraph.\n")
    config_before = config_of(root).read_bytes()
    bumped = leaflets("--root", root, "release", "demo", "--bump", "patch", "--summary",
                      "Add a paragraph", "--today", TODAY)
    assert bumped.exit_code == 0, bumped.stderr
    assert "released demo 2.1.1 (was 2.1.0)" in bumped.stdout
    assert "still a draft" in bumped.stdout  # the fixture has no [review]
    assert config_of(root).read_bytes() == config_before.replace(b'version="2.1.0"',
                                                                 b'version="2.1.1"')
    records = tomllib.loads(versions.read_text())["release"]
    assert [r["version"] for r in records] == ["2.1.0", "2.1.1"]
    assert records[0]["fingerprint"] != records[1]["fingerprint"]
    assert versions.read_bytes().startswith(before)  # appended, the history untouched


@pytest.mark.parametrize("part, version", [("major", "3.0.0"), ("minor", "2.2.0"),
                                           ("patch", "2.1.1")])
def test_release_bumps_the_named_part(make_library, leaflets, part, version):
    root = make_library("minimal")
    run = leaflets("--root", root, "release", "demo", "--bump", part, "--summary", "Change",
                   "--today", TODAY)
    assert run.exit_code == 0, run.stderr
    assert tomllib.loads(config_of(root).read_text())["version"] == version


def test_release_without_bump_refuses_a_version_released_already(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "release", "demo", "--summary", "First").exit_code == 0
    intro = root / "leaflets" / "demo" / "intro.md"
    intro.write_text(intro.read_text() + "\nMore.\n")
    assert_one_error_line(leaflets("--root", root, "release", "demo", "--summary", "Second"),
                          "version 2.1.0 of demo is released already",
                          "give --bump patch, minor or major")


def test_release_refuses_a_broken_versions_file(make_library, leaflets):
    root = make_library("minimal")
    versions = root / "leaflets" / "demo" / "versions.toml"
    versions.write_text('[[release]]\nversion = "2.1.0"\ndate = 2026-11-01\n'
                        'fingerprint = "md5:abc"\nsummary = "First"\n')
    assert_one_error_line(leaflets("--root", root, "release", "demo", "--bump", "patch",
                                   "--summary", "x"),
                          "versions.toml:1: ", "'fingerprint' must be \"sha256:\"")


# --- leaflets new --------------------------------------------------------------


def test_new_then_build_then_check(make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "new", "knee-replacement", "--title", "Knee replacement")
    assert run.exit_code == 0, run.stderr
    folder = root / "leaflets" / "knee-replacement"
    assert sorted(p.name for p in folder.iterdir()) == [
        "introduction.md", "leaflet.toml", "sources.md", "what-you-can-do.md"]
    assert (root / "leaflets" / "_shared" / "when-to-get-help.md").is_file()
    assert (root / "leaflets" / "_shared" / "questions-to-ask.md").is_file()
    config = tomllib.loads((folder / "leaflet.toml").read_text())
    assert config["title"] == "Knee replacement" and config["version"] == "0.1.0"
    assert "review" not in config

    built = leaflets("--root", root, "build", "knee-replacement")
    assert built.exit_code == 0, built.stderr
    [pdf] = pdf_files(root / "dist")
    assert pdf.name == "knee-replacement-0.1.0-a4.pdf"
    text = "\n".join(pdf_text(pdf))
    assert "Knee replacement" in text and "Replace this:" in text
    assert "Draft" in text

    checked = leaflets("--root", root, "check", "knee-replacement", "--format", "json",
                       "--today", TODAY)
    assert checked.exit_code == 0, checked.stderr  # a draft with placeholders: warnings only
    import json

    findings = json.loads(checked.stdout)["findings"]
    codes = {finding["code"] for finding in findings}
    assert codes == {"review-draft", "version-unreleased", "placeholder"}, findings
    placeholders = {(f["path"], f["line"]) for f in findings if f["code"] == "placeholder"}
    assert ("leaflets/knee-replacement/introduction.md", 3) in placeholders
    assert ("leaflets/knee-replacement/sources.md", 7) in placeholders
    assert all(f["severity"] == "warning" for f in findings if f["code"] == "placeholder")


def test_placeholder_text_fails_check_once_the_leaflet_is_reviewed(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "new", "knee", "--title", "Knee").exit_code == 0
    assert leaflets("--root", root, "review", "knee", "--by", "Dr Test", "--today",
                    TODAY).exit_code == 0
    run = leaflets("--root", root, "check", "knee", "--today", TODAY)
    assert run.exit_code == 1
    assert ("error: leaflets/knee/introduction.md:3: placeholder text from 'leaflets new'"
            in run.stdout)


def test_new_keeps_shared_sections_the_library_has(make_library, leaflets):
    root = make_library("minimal")
    shared = root / "leaflets" / "_shared" / "when-to-get-help.md"
    shared.parent.mkdir(parents=True)
    shared.write_text("+++\nstyle = \"warning\"\n+++\n\n# Get help\n\nOur own words.\n")
    before = shared.read_bytes()
    run = leaflets("--root", root, "new", "knee", "--title", "Knee")
    assert run.exit_code == 0, run.stderr
    assert any(line.startswith("kept ") and line.endswith(
        "_shared/when-to-get-help.md (exists; shared with other leaflets)")
        for line in run.stdout.splitlines()), run.stdout
    assert shared.read_bytes() == before


@pytest.mark.parametrize("leaflet_id, fragments", [
    ("demo", ("leaflet 'demo' exists already",)),
    ("Knee Replacement", ("'Knee Replacement' cannot be a leaflet id",
                          "lower-case letters, digits and hyphens", "e.g. 'knee-replacement'")),
    ("_shared", ("'_shared' cannot be a leaflet id",)),
    ("templates", ("the id 'templates' is taken by the page templates' catalog",)),
])
def test_new_refuses_bad_or_taken_ids(make_library, leaflets, leaflet_id, fragments):
    root = make_library("minimal")
    before = sorted(p.relative_to(root) for p in (root / "leaflets").rglob("*"))
    run = leaflets("--root", root, "new", leaflet_id, "--title", "Knee replacement")
    assert_one_error_line(run, *fragments)
    assert sorted(p.relative_to(root) for p in (root / "leaflets").rglob("*")) == before


def test_help_does_not_import_textstat_or_tomlkit():
    code = ("import sys\n"
            "from patient_leaflets.cli import main\n"
            "sys.argv = ['leaflets', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('textstat', 'tomlkit', 'weasyprint') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("[]")
