"""Bad input is reported as one line that names the file, says what is wrong and how to fix it.

Every scenario here runs the real command line on a small fixture library: the
``minimal`` library with one overlay from ``tests/data/err-<name>/`` that holds
only the file it breaks. Each must exit 2 with exactly one ``error: `` line on
standard error, no traceback, and no PDF written anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import assert_one_error_line, pdf_files


def at(path: str, line: int | None = None) -> str:
    """The location an error line should carry: ``demo/leaflet.toml:4: ``."""
    where = str(Path(path))
    return f"{where}:{line}: " if line else f"{where}: "


@pytest.fixture
def build_fails(make_library, leaflets):
    """Build ``minimal`` + ``scenario``; assert one error line with ``fragments`` and no PDF."""

    def check(scenario: str | None, *fragments: str, args: tuple = (), command: str = "build") -> str:
        root = make_library("minimal", *([scenario] if scenario else []))
        run = leaflets("--root", root, command, *args)
        line = assert_one_error_line(run, *fragments)
        assert pdf_files(root) == [], "a PDF was written despite the error"
        return line

    return check


# --- leaflet.toml -----------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "list"])
def test_toml_syntax_error_names_the_line(build_fails, command):
    build_fails("err-toml-syntax", at("demo/leaflet.toml", 4), "TOML syntax error",
                "check quotes", command=command)


def test_toml_syntax_error_at_the_end_of_the_file(build_fails):
    line = build_fails("err-toml-unclosed-list", "demo/leaflet.toml", "TOML syntax error")
    # tomllib says "(at end of document)" here, not "(at line N, ...)"; we still
    # give a line: the file ends inside the list opened on line 5 (its last line).
    assert "(at end of document)" not in line and at("demo/leaflet.toml", 5) in line, line


def test_missing_required_field(build_fails):
    build_fails("err-missing-version", at("demo/leaflet.toml"),
                "missing field 'version'", "add version = ", "a string in quotes")


def test_version_written_as_a_number(build_fails):
    build_fails("err-version-number", at("demo/leaflet.toml", 3),
                "'version' must be a string in quotes", "not int 2")


def test_sections_written_as_a_string(build_fails):
    build_fails("err-sections-string", at("demo/leaflet.toml", 5),
                "'sections' must be a list like", "not the string 'intro'")


def test_unknown_key_names_it_and_the_expected_ones(build_fails):
    build_fails("err-unknown-key", at("demo/leaflet.toml", 1), "unknown field 'titel'",
                "expected one of: ", "summary", "title", "version")


def test_version_that_is_not_semantic(build_fails):
    build_fails("err-bad-version", at("demo/leaflet.toml", 3),
                "must be a semantic version like 1.0.0", "'1.0'")


# --- [review] -----------------------------------------------------------------


def test_review_date_that_does_not_exist(build_fails):
    line = build_fails("err-impossible-date", at("demo/leaflet.toml", 8), "date")
    # Not the generic "check quotes" hint: quoting the date would only trade
    # this error for another. Say the date is not a real one, with an example.
    assert "a date like 2026-11-01" in line, (
        "an impossible date should be explained as such, with an example of a valid date: " + line)


def test_review_date_written_as_a_string(build_fails):
    build_fails("err-date-as-string", at("demo/leaflet.toml", 8),
                "'review.reviewed_on' must be a date like 2026-11-01 (no quotes)",
                "not the string 'yesterday'")


def test_next_review_before_reviewed_on(build_fails):
    build_fails("err-review-order", at("demo/leaflet.toml", 10),
                "'review.next_review' (2025-01-15) must come after 'review.reviewed_on' (2026-01-15)")


# --- sections -------------------------------------------------------------------


def test_listed_section_without_a_file(build_fails):
    build_fails("err-missing-section", at("demo/leaflet.toml", 5), "'side-effects' is listed",
                str(Path("demo/side-effects.md")), str(Path("_shared/side-effects.md")),
                "create one or remove it from 'sections'")


def test_section_listed_twice(build_fails):
    build_fails("err-duplicate-section", at("demo/leaflet.toml", 5),
                "'intro' is listed twice in 'sections'", "remove one")


def test_section_with_a_title_and_no_text(build_fails):
    build_fails("err-empty-section", at("demo/intro.md", 1),
                "no text below its title", "write it or remove the section")


def test_front_matter_never_closed(build_fails):
    build_fails("err-unclosed-front-matter", at("demo/warning-signs.md", 1),
                "front matter opened with '+++' is never closed", "add a line '+++'")


def test_unknown_style_lists_the_styles(build_fails):
    build_fails("err-unknown-style", at("demo/warning-signs.md", 2), "unknown style 'shout'",
                "plain, note, warning, checklist, sources")


def test_section_without_a_title(build_fails):
    build_fails("err-no-title", at("demo/intro.md", 1), "the section has no title",
                "'# Title'", 'title = "..."')


# --- brands ---------------------------------------------------------------------


def test_brand_logo_file_missing(build_fails):
    build_fails("err-missing-logo", at("brands/broken/brand.toml", 3),
                "logo file 'logo.svg' not found", "add the file or correct the name",
                args=("--brand", "broken"))


def test_brand_colour_that_is_not_hex(build_fails):
    build_fails("err-bad-colour", at("brands/default/brand.toml", 6),
                "'colors.primary' must be a hex colour like \"#1f4e79\"", "not 'blue'")


# --- the command asks for something that is not there ------------------------------


def test_unknown_brand_lists_the_brands(build_fails):
    build_fails(None, "unknown brand 'nosuch'", "the library has: default",
                args=("--brand", "nosuch"))


def test_unknown_leaflet_lists_the_leaflets(build_fails):
    build_fails(None, "unknown leaflet 'nosuch'", "the library has: demo",
                args=("nosuch",))


@pytest.mark.parametrize("command", ["build", "list"])
def test_root_without_leaflets_toml(tmp_path, leaflets, command):
    empty = tmp_path / "empty"
    empty.mkdir()
    run = leaflets("--root", empty, command)
    line = assert_one_error_line(run, at("empty/leaflets.toml"))
    # Not just "file not found": say that --root must name a library.
    assert "--root" in line, "the error should say how to fix it (point --root at a library): " + line
    assert pdf_files(tmp_path) == []


@pytest.mark.parametrize("command", ["build", "list"])
def test_no_library_above_the_current_folder(tmp_path, leaflets, monkeypatch, command):
    start = tmp_path.resolve()
    assert not any((folder / "leaflets.toml").is_file() for folder in (start, *start.parents)), \
        "this test needs a temporary folder with no leaflets.toml above it"
    monkeypatch.delenv("LEAFLETS_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    run = leaflets(command)
    assert_one_error_line(run, f"no leaflets.toml found in {start} or any folder above it",
                          "pass --root DIR")
    assert pdf_files(tmp_path) == []


# --- the output folder --------------------------------------------------------------


def test_out_folder_not_writable(make_library, leaflets, tmp_path):
    root = make_library("minimal")
    out = tmp_path / "read-only"
    out.mkdir()
    out.chmod(0o555)
    try:
        if os.access(out, os.W_OK):
            # Permissions do not stop this user (root): make the folder impossible instead.
            (tmp_path / "afile").write_text("not a folder\n")
            out = tmp_path / "afile" / "out"
        run = leaflets("--root", root, "build", "--out", out)
        assert_one_error_line(run, f"{out}: ", "output folder", "--out DIR")
    finally:
        (tmp_path / "read-only").chmod(0o755)
    assert pdf_files(tmp_path) == []


def test_out_folder_below_a_file(make_library, leaflets, tmp_path):
    root = make_library("minimal")
    (tmp_path / "afile").write_text("not a folder\n")
    out = tmp_path / "afile" / "out"
    run = leaflets("--root", root, "build", "--out", out)
    assert_one_error_line(run, f"{out}: ", "cannot create the output folder", "--out DIR")
    assert pdf_files(tmp_path) == []


def test_out_is_an_existing_file(make_library, leaflets, tmp_path):
    root = make_library("minimal")
    out = tmp_path / "afile"
    out.write_text("not a folder\n")
    run = leaflets("--root", root, "build", "--out", out)
    # Our own check answers, in one line, not Click's multi-line usage block.
    assert_one_error_line(run, f"{out}: ", "is a file", "--out DIR")
    assert out.read_text() == "not a folder\n"
    assert pdf_files(tmp_path) == []


# --- the quality gate ------------------------------------------------------------------


def test_release_refuses_the_unreviewed_shipped_library(repo_library, leaflets):
    run = leaflets("--root", repo_library, "build", "--release")
    assert run.exit_code == 1, (run.exit_code, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), run.stderr
    assert len(lines) == len(set(lines)), "a reason is repeated (once per paper?): " + run.stderr
    reasons = [line for line in lines
               if "spinal-manipulation (en)" in line and "spinal-manipulation/leaflet.toml" in line]
    assert len(reasons) == 1, run.stderr
    assert "is a draft" in reasons[0] and "clinically reviewed" in reasons[0], reasons[0]
    assert "built" not in run.stdout
    assert pdf_files(repo_library) == []


@pytest.mark.parametrize("args, fragment", [
    (["build", "--paper", "b5"], "'b5' is not one of 'a4', 'letter'"),
    (["build", "--no-such-option"], "No such option '--no-such-option'"),
    (["no-such-command"], "No such command 'no-such-command'"),
])
def test_click_usage_errors_are_one_line_too(make_library, leaflets, args, fragment):
    root = make_library("minimal")
    line = assert_one_error_line(leaflets("--root", root, *args), fragment)
    assert line.endswith("--help')") and "'leaflets" in line, line
    assert pdf_files(root / "dist") == []


def test_title_given_twice(make_library, leaflets):
    root = make_library("minimal")
    (root / "leaflets/demo/checklist.md").write_text(
        '+++\nstyle = "checklist"\ntitle = "Things to ask"\n+++\n\n# Also a heading\n\n- One?\n')
    assert_one_error_line(leaflets("--root", root, "build"), "demo/checklist.md:6:",
                          "title is given twice", "remove one")
    assert pdf_files(root / "dist") == []


def test_empty_heading_title(make_library, leaflets):
    root = make_library("minimal")
    (root / "leaflets/demo/intro.md").write_text("#\n\nSome text.\n")
    assert_one_error_line(leaflets("--root", root, "build"), "demo/intro.md:1:", "heading is empty")
    assert pdf_files(root / "dist") == []


@pytest.mark.parametrize("locale, fragments", [
    ("xx", ["unknown locale 'xx'", "Babel locale name"]),
    ("en-US", ["write the locale as 'en_US', not 'en-US'"]),
])
def test_unknown_source_locale(make_library, leaflets, locale, fragments):
    root = make_library("minimal")
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text().replace('source_locale = "en"', f'source_locale = "{locale}"'))
    assert_one_error_line(leaflets("--root", root, "build"), "leaflets.toml:2:", *fragments)
    assert pdf_files(root / "dist") == []


def test_output_file_path_taken_by_a_folder(make_library, leaflets):
    root = make_library("minimal")
    blocker = root / "dist/default/en/demo-2.1.0-a4.pdf"
    blocker.mkdir(parents=True)
    assert_one_error_line(leaflets("--root", root, "build"), "demo-2.1.0-a4.pdf:",
                          "cannot write the file", "--out DIR")
    assert blocker.is_dir()
    assert sorted(p.name for p in blocker.parent.iterdir()) == ["demo-2.1.0-a4.pdf"]  # no temp left


def test_unreadable_section_file(make_library, leaflets):
    import os

    if os.geteuid() == 0:
        # root reads any file; a folder where the file should be fails for every user
        root = make_library("minimal")
        (root / "leaflets/demo/intro.md").unlink()
        (root / "leaflets/demo/intro.md").mkdir()
    else:
        root = make_library("minimal")
        (root / "leaflets/demo/intro.md").chmod(0)
    line = assert_one_error_line(leaflets("--root", root, "build"), "demo/intro.md")
    assert "cannot read" in line or "is a folder, not a file" in line
    assert pdf_files(root / "dist") == []
