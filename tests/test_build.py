"""End to end: the real CLI builds libraries; the PDFs it writes are opened and read."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from tests.helpers import assert_one_error_line, figure_alts, pdf_files, pdf_text

SAMPLE = "spinal-manipulation"
SAMPLE_SECTIONS = [
    "What is spinal manipulation?", "Why do people choose it?", "Before and during treatment",
    'Why does my back "pop"?', "Who can do it?", "How many sessions will I need?",
    "What are the risks?", "Who should not have it, or should ask first?",
    "When to get help urgently", "Questions to ask your practitioner", "Sources",
]
A4 = (595, 842)
LETTER = (612, 792)


def page_size(page) -> tuple[int, int]:
    box = page.mediabox
    return round(float(box.width)), round(float(box.height))


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, for phrase matching."""
    return re.sub(r"\s+", " ", text)


def test_sample_builds_a4_and_letter_at_documented_paths(sample_build):
    root, result = sample_build
    locales = ["ar", "en", "es", "fr", "ru", "vi", "zh_Hans"]
    assert pdf_files(root / "dist") == [root / "dist" / brand / locale / f"{SAMPLE}-2.0.0-{paper}.pdf"
                                        for brand in ("default", "harbourside")
                                        for locale in locales for paper in ("a4", "letter")]
    assert f"{SAMPLE}-2.0.0-a4.pdf" in result.stdout
    assert "[draft]" in result.stdout


def test_sample_page_sizes_and_count(sample_build):
    root, _ = sample_build
    a4 = PdfReader(root / "dist/default/en" / f"{SAMPLE}-2.0.0-a4.pdf")
    letter = PdfReader(root / "dist/default/en" / f"{SAMPLE}-2.0.0-letter.pdf")
    assert 2 <= len(a4.pages) <= 4
    assert {page_size(page) for page in a4.pages} == {A4}
    assert {page_size(page) for page in letter.pages} == {LETTER}


def test_sample_has_every_section_title_in_order(sample_build):
    root, _ = sample_build
    text = flat(" ".join(pdf_text(root / "dist/default/en" / f"{SAMPLE}-2.0.0-a4.pdf")))
    positions = [text.find(title) for title in SAMPLE_SECTIONS]
    assert -1 not in positions, [t for t, p in zip(SAMPLE_SECTIONS, positions) if p == -1]
    assert positions == sorted(positions)
    assert "Spinal manipulation" in text
    assert "does not replace advice from your healthcare professional" in text
    assert "Contact us" in text and "+1 555 0100" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_page_carries_the_draft_stamp(sample_build, paper):
    root, _ = sample_build
    pages = pdf_text(root / "dist/default/en" / f"{SAMPLE}-2.0.0-{paper}.pdf")
    for number, text in enumerate(pages, start=1):
        text = flat(text)
        assert "MSK-001" in text and "Version 2.0.0" in text, number
        assert "Draft: not yet clinically reviewed" in text, number
        assert f"Page {number} of {len(pages)}" in text, number


def test_sample_metadata_language_and_structure(sample_build):
    root, _ = sample_build
    reader = PdfReader(root / "dist/default/en" / f"{SAMPLE}-2.0.0-a4.pdf")
    info = reader.metadata
    assert info["/Title"] == "Spinal manipulation"
    assert info["/Author"] == "Riverside Health Clinic"
    assert info["/Subject"] == "What to expect when you have treatment for back or neck pain"
    assert "MSK-001" in info["/Keywords"]
    assert info["/LeafletVersion"] == "2.0.0"
    assert info["/LeafletCode"] == "MSK-001"
    assert info["/Draft"] == "true"
    assert "not yet clinically reviewed" in info["/DraftReasons"]
    # A draft has no review date to stand for its creation date, and never the clock's.
    assert "/CreationDate" not in info and "/ReviewedOn" not in info
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in catalog
    assert b"pdfuaid:part=\"1\"" in catalog["/Metadata"].get_object().get_data()


def test_logo_figure_has_alternative_text(sample_build):
    root, _ = sample_build
    alts = figure_alts(root / "dist/default/en" / f"{SAMPLE}-2.0.0-a4.pdf")
    assert "Logo of Riverside Health Clinic" in alts


def test_two_builds_are_byte_identical(repo_library, leaflets, tmp_path):
    for out in ("one", "two"):
        run = leaflets("--root", repo_library, "build", "--locale", "en", "--locale", "ar",
                       "--out", tmp_path / out)
        assert run.exit_code == 0, run.stderr
    one = pdf_files(tmp_path / "one")
    two = pdf_files(tmp_path / "two")
    assert len(one) == len(two) == 8  # 2 brands x 2 locales x 2 papers
    for first, second in zip(one, two):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_reviewed_leaflet_stamps_review_dates(make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "build", "--release")
    assert run.exit_code == 0, run.stderr
    [pdf] = pdf_files(root / "dist")
    assert pdf == root / "dist/default/en/demo-2.1.0-a4.pdf"
    for text in pdf_text(pdf):
        text = flat(text)
        assert "TST-001" in text and "Version 2.1.0" in text
        assert "Reviewed January 15, 2026" in text and "Next review January 15, 2099" in text
        assert "Draft" not in text
    info = PdfReader(pdf).metadata
    assert info["/Draft"] == "false"
    assert info["/ReviewedOn"] == "2026-01-15" and info["/NextReview"] == "2099-01-15"
    assert info["/ReviewedBy"] == "Dr Test, GP"
    assert info["/CreationDate"].startswith("D:20260115")


def test_overdue_review_builds_as_draft_and_release_refuses(make_library, leaflets):
    root = make_library("minimal")
    config = root / "leaflets/demo/leaflet.toml"
    config.write_text(config.read_text().replace("2099-01-15", "2026-02-01"))
    run = leaflets("--root", root, "build", "--release")
    assert run.exit_code == 1
    assert "clinical review overdue since 2026-02-01" in run.stderr
    assert pdf_files(root / "dist") == []
    assert leaflets("--root", root, "build").exit_code == 0
    [pdf] = pdf_files(root / "dist")
    assert PdfReader(pdf).metadata["/Draft"] == "true"
    text = flat(" ".join(pdf_text(pdf)))
    assert "Draft: clinical review overdue since February 1, 2026" in text
    assert "past its date for clinical review" in text
    assert "not yet clinically reviewed" not in text  # it was reviewed, once


def test_build_selects_leaflets_papers_and_output(repo_library, make_library, leaflets, tmp_path):
    root = make_library("minimal")
    run = leaflets("--root", root, "build", "demo", "--paper", "letter", "--out", tmp_path / "print")
    assert run.exit_code == 0, run.stderr
    [pdf] = pdf_files(tmp_path / "print")
    assert pdf.name == "demo-2.1.0-letter.pdf"
    assert {page_size(page) for page in PdfReader(pdf).pages} == {LETTER}
    assert pdf_files(root / "dist") == []


def test_section_styles_reach_the_page(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "build").exit_code == 0
    [pdf] = pdf_files(root / "dist")
    text = flat(" ".join(pdf_text(pdf)))
    # The checklist's title comes from front matter; its items are printed.
    assert "Things to ask" in text and "Is this right for me?" in text
    assert "Warning signs" in text and "bold" in text and "**" not in text


def test_any_weasyprint_warning_fails_the_build(make_library, leaflets):
    root = make_library("minimal")
    css = root / "templates/leaflet.css"
    css.write_text(css.read_text() + "\nh1 { colour: red; }\n")
    run = leaflets("--root", root, "build")
    assert_one_error_line(run, "demo (en, default, a4)", "WeasyPrint", "colour")
    assert pdf_files(root / "dist") == []


def test_failed_rebuild_keeps_the_previous_file_whole(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "build").exit_code == 0
    [pdf] = pdf_files(root / "dist")
    before = pdf.read_bytes()
    css = root / "templates/leaflet.css"
    css.write_text(css.read_text() + "\nh1 { colour: red; }\n")
    assert leaflets("--root", root, "build").exit_code == 2
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in pdf.parent.iterdir()) == [pdf.name]  # no temp file left


def test_list_shows_leaflets_and_review_state(repo_library, make_library, leaflets):
    run = leaflets("--root", repo_library, "list")
    assert run.exit_code == 0
    assert re.search(r"spinal-manipulation\s+2\.0\.0\s+MSK-001\s+draft\s+en,ar,es,fr,ru,vi,zh_Hans"
                     r"\s+11\s+Spinal manipulation", run.stdout)
    run = leaflets("--root", make_library("minimal"), "list")
    assert re.search(r"demo\s+2\.1\.0\s+TST-001\s+next 2099-01-15\s+en\s+3\s+Demo leaflet", run.stdout)


def test_list_reads_each_leaflet_toml_not_the_sections_text(make_library, leaflets):
    """A section that would not print is for 'check' (and 'build') to report: 'list' still lists."""
    root = make_library("minimal")
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\n![](joint.svg)\n")
    run = leaflets("--root", root, "list")
    assert run.exit_code == 0, run.stderr
    assert re.search(r"demo\s+2\.1\.0\s+TST-001\s+next 2099-01-15\s+en\s+3\s+Demo leaflet", run.stdout)
    checked = leaflets("--root", root, "check")
    assert checked.exit_code == 1 and "leaflets/demo/intro.md:8: the image has no alternative" \
        in checked.stdout


def test_root_is_found_from_a_subfolder(make_library, leaflets, monkeypatch):
    root = make_library("minimal")
    monkeypatch.chdir(root / "leaflets" / "demo")
    run = leaflets("list")
    assert run.exit_code == 0 and "demo" in run.stdout


def test_help_teaches_with_examples_and_version(leaflets):
    run = leaflets("--help")
    assert run.exit_code == 0
    assert "Examples:" in run.stdout and "leaflets build spinal-manipulation" in run.stdout
    assert "build" in run.stdout and "list" in run.stdout
    assert "Examples:" in leaflets("build", "--help").stdout
    assert re.fullmatch(r"leaflets, version \S+\n", leaflets("--version").stdout)


def test_help_does_not_import_weasyprint():
    code = ("import sys\n"
            "from patient_leaflets.cli import main\n"
            "sys.argv = ['leaflets', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('WEASYPRINT' if 'weasyprint' in sys.modules else 'CLEAN')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("CLEAN")


def test_module_entry_point_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "patient_leaflets", "--version"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("leaflets, version")


def test_same_library_in_two_folders_gives_identical_bytes(make_library, leaflets, tmp_path):
    first = make_library("minimal", name="here")
    second = make_library("minimal", name="elsewhere")
    for root in (first, second):
        assert leaflets("--root", root, "build").exit_code == 0
    [one], [two] = pdf_files(first / "dist"), pdf_files(second / "dist")
    assert one.read_bytes() == two.read_bytes()


def test_image_with_a_space_in_its_name_is_printed(make_library, leaflets):
    root = make_library("minimal")
    (root / "leaflets/demo/my spine.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="20" height="20"/></svg>')
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\n![A spine](<my spine.svg>)\n")
    run = leaflets("--root", root, "build")
    assert run.exit_code == 0, run.stderr


def test_files_with_a_byte_order_mark_are_read(make_library, leaflets):
    root = make_library("minimal")
    for path in (root / "leaflets/demo/leaflet.toml", root / "leaflets/demo/intro.md"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert leaflets("--root", root, "build").exit_code == 0
    [pdf] = pdf_files(root / "dist")
    assert "Introduction" in " ".join(pdf_text(pdf))


def test_inline_marks_in_a_heading_title_are_not_printed(make_library, leaflets):
    root = make_library("minimal")
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text().replace("# Introduction", "# The **first** part"))
    assert leaflets("--root", root, "build").exit_code == 0
    text = flat(" ".join(pdf_text(pdf_files(root / "dist")[0])))
    assert "The first part" in text and "**" not in text
