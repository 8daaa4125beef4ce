"""A warm writer parses each stylesheet once, and still prints what the files say now.

``render/stylesheets.py`` keeps the parse of a linked stylesheet for the
next document of the same PDF writer (the front desk's warm one, a build
worker). A reader must get the bytes WeasyPrint's own parse gives; an
edited, broken or swapped sheet must reach the very next document, as it
did when every document parsed its sheets afresh.
"""

from __future__ import annotations

import datetime
import os

import pytest

from patient_leaflets.build.current import Document, ensure_current
from patient_leaflets.build.maker import Maker
from patient_leaflets.build.plan import plan
from patient_leaflets.library import open_library
from patient_leaflets.render import stylesheets
from patient_leaflets.variants import Variant
from tests.helpers import pdf_text

TODAY = datetime.date(2026, 12, 1)
SUMMARY = "A short leaflet for tests"  # the minimal leaflet's summary, on its first page


@pytest.fixture
def parses(monkeypatch):
    """Count WeasyPrint's own parses of each linked stylesheet, by file name."""
    counted: dict[str, int] = {}
    stock = stylesheets._REPLACED.stock

    def counting(*args, **kwargs):
        if kwargs.get("url"):
            name = kwargs["url"].rsplit("/", 1)[-1]
            counted[name] = counted.get(name, 0) + 1
        return stock(*args, **kwargs)

    monkeypatch.setattr(stylesheets._REPLACED, "stock", counting)
    return counted


def made(maker, job, out):
    outcome = maker.make(job, out)
    assert outcome.failure is None, outcome.failure
    return (out / job.path).read_bytes()


def add_to_sheet(root, css):
    """Append ``css`` to the leaflet.css of the library at ``root``."""
    with (root / "templates" / "leaflet.css").open("a", encoding="utf-8") as sheet:
        sheet.write(f"\n{css}\n")


def minimal(root, papers=("a4",)):
    """A warm maker of the library at ``root`` and its jobs on ``papers``."""
    library = open_library(root)
    maker = Maker(library, TODAY)
    return maker, plan(library, maker, papers=papers)


def test_the_sample_prints_the_same_bytes_from_kept_parses_as_from_weasyprints_own(
        repo_library, tmp_path, parses):
    library = open_library(repo_library)
    maker = Maker(library, TODAY)
    jobs = [job for job in plan(library, maker, papers=("a4",))
            if (job.locale, job.brand) in {("en", "default"), ("ar", "harbourside")}]
    jobs += plan(library, maker, papers=("letter",), locales=("zh_Hans",),
                 variants=(Variant(large_print=True),))
    assert len(jobs) == 4
    ours = {job.path: made(maker, job, tmp_path / "ours") for job in jobs}
    # Four documents, each sheet parsed once (large-print.css by the one that links it).
    assert parses == {"leaflet.css": 1, "paged.css": 1, "large-print.css": 1}
    stylesheets.uninstall()
    try:
        theirs = {job.path: made(maker, job, tmp_path / "theirs") for job in jobs}
    finally:
        stylesheets.install()
    assert ours == theirs


def test_an_edited_stylesheet_reaches_the_next_document_of_a_warm_writer(make_library,
                                                                         tmp_path):
    root = make_library("minimal")
    maker, (job,) = minimal(root)
    made(maker, job, tmp_path / "before")
    assert SUMMARY in pdf_text(tmp_path / "before" / job.path)[0]
    add_to_sheet(root, ".summary { display: none; }")
    made(maker, job, tmp_path / "after")
    assert SUMMARY not in pdf_text(tmp_path / "after" / job.path)[0]


def test_a_sheet_that_imports_another_is_parsed_afresh_so_the_import_is_read_again(
        make_library, tmp_path):
    root = make_library("minimal")
    templates = root / "templates"
    (templates / "extra.css").write_text("/* nothing yet */\n", encoding="utf-8")
    sheet = templates / "leaflet.css"
    sheet.write_text('@import "extra.css";\n' + sheet.read_text(encoding="utf-8"),
                     encoding="utf-8")
    maker, (job,) = minimal(root)
    made(maker, job, tmp_path / "before")
    assert SUMMARY in pdf_text(tmp_path / "before" / job.path)[0]
    (templates / "extra.css").write_text(".summary { display: none; }\n", encoding="utf-8")
    made(maker, job, tmp_path / "after")
    assert SUMMARY not in pdf_text(tmp_path / "after" / job.path)[0]


@pytest.mark.parametrize("rule", ["h1 { colour: red; }", ".stamp { margin: 2mm 2mm 2mm 2mm 2mm; }",
                                  "@page { size: A4 sideways; }"])
def test_a_bad_rule_fails_every_document_that_links_the_sheet_not_only_the_first(
        make_library, tmp_path, rule):
    root = make_library("minimal")
    add_to_sheet(root, rule)
    maker, (job,) = minimal(root)
    for attempt in range(2):
        outcome = maker.make(job, tmp_path / str(attempt))
        assert outcome.failure is not None, (rule, attempt)
        assert "WeasyPrint" in outcome.failure.message and "leaflet.css" in outcome.failure.message
        assert not (tmp_path / str(attempt) / job.path).exists()


@pytest.mark.parametrize("swap", ["symlink out", "fifo"])
def test_a_kept_sheet_swapped_for_a_link_out_or_a_non_file_is_refused_on_the_next_document(
        make_library, tmp_path, swap):
    root = make_library("minimal")
    maker, (job,) = minimal(root)
    made(maker, job, tmp_path / "before")
    sheet = root / "templates" / "paged.css"
    outside = tmp_path / "outside.css"
    outside.write_bytes(sheet.read_bytes())  # the same bytes: only where they are differs
    sheet.unlink()
    if swap == "symlink out":
        sheet.symlink_to(outside)
    else:
        os.mkfifo(sheet)
    outcome = maker.make(job, tmp_path / "after")
    assert outcome.failure is not None
    assert "paged.css" in outcome.failure.message
    assert not (tmp_path / "after" / job.path).exists()


def test_the_front_desk_prints_an_edited_sheet_in_the_next_document_on_demand(make_library,
                                                                             tmp_path):
    root = make_library("minimal")
    library = open_library(root)
    out = tmp_path / "out"
    first = ensure_current(library, Document("demo", "en", "default", "a4"), TODAY, out)
    assert SUMMARY in pdf_text(first.path)[0]
    add_to_sheet(root, ".summary { display: none; }")
    again = ensure_current(open_library(root), Document("demo", "en", "default", "letter"),
                           TODAY, out)
    assert again.built
    assert SUMMARY not in pdf_text(again.path)[0]


@pytest.mark.parametrize("extra", [
    # Into the document's own tables: parsed by WeasyPrint as before, never kept.
    '@counter-style arrow { system: cyclic; symbols: "\\2192"; suffix: " "; }\n'
    "ul { list-style: arrow; }",
    "@layer base, brand;\n@layer brand { h1 { color: #600060; } }\n"
    "@layer base { h1 { color: #006000; } }",
    # Kept: @page rules joining the document's, in source order with paged.css after it.
    "@page { margin: 20mm 25mm 30mm; }\n@page :first { margin-top: 40mm; }",
])
def test_what_a_sheet_defines_beyond_its_rules_prints_as_weasyprints_own_parse_prints_it(
        make_library, tmp_path, extra):
    root = make_library("minimal")
    add_to_sheet(root, extra)
    maker, jobs = minimal(root, papers=("a4", "letter"))
    assert len(jobs) == 2
    ours = [made(maker, job, tmp_path / "ours") for job in jobs * 2]
    stylesheets.uninstall()
    try:
        theirs = [made(maker, job, tmp_path / "theirs") for job in jobs * 2]
    finally:
        stylesheets.install()
    assert ours == theirs


def test_the_front_desk_draws_a_changed_logo_in_the_next_document_and_keeps_an_unchanged_one(
        repo_library, tmp_path):
    from pypdf import PdfReader

    def logo_images(path):
        images = [image.data for page in PdfReader(path).pages[:1] for image in page.images]
        assert images, path
        return images

    library = open_library(repo_library)
    out = tmp_path / "out"
    first = ensure_current(library, Document("spinal-manipulation", "en", "harbourside", "a4"),
                           TODAY, out)
    again = ensure_current(open_library(repo_library),
                           Document("spinal-manipulation", "fr", "harbourside", "a4"), TODAY, out)
    assert logo_images(again.path) == logo_images(first.path)
    from PIL import Image

    logo = repo_library / "brands" / "harbourside" / "logo.png"
    with Image.open(logo) as opened:
        Image.new("RGB", opened.size, (200, 30, 30)).save(logo)
    changed = ensure_current(open_library(repo_library),
                             Document("spinal-manipulation", "es", "harbourside", "a4"), TODAY, out)
    assert logo_images(changed.path) != logo_images(first.path)


def test_the_front_desk_refuses_a_kept_logo_swapped_for_a_link_out_with_the_same_bytes(
        repo_library, tmp_path):
    from patient_leaflets.errors import LeafletError

    library = open_library(repo_library)
    out = tmp_path / "out"
    ensure_current(library, Document("spinal-manipulation", "en", "harbourside", "a4"), TODAY, out)
    logo = repo_library / "brands" / "harbourside" / "logo.png"
    outside = tmp_path / "outside.png"
    outside.write_bytes(logo.read_bytes())
    logo.unlink()
    logo.symlink_to(outside)
    with pytest.raises(LeafletError, match=r"logo\.png"):
        ensure_current(open_library(repo_library),
                       Document("spinal-manipulation", "fr", "harbourside", "a4"), TODAY, out)
