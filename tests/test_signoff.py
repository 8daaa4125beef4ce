"""``leaflets i18n review``: a translation's sign-off, by the rules of a clinical review."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import assert_one_error_line, fill_catalog, pdf_files
from tests.test_i18n import PAGES_PO, PO, spanish

BY = "A. Reviewer, medical translator"
RECORD = f"reviewed 2026-11-30 by {BY}"


@pytest.fixture
def library(make_library, leaflets) -> Path:
    """The minimal library with complete Spanish catalogs that no one has reviewed."""
    root = make_library("minimal")
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    fill_catalog(root / PO, spanish)
    fill_catalog(root / PAGES_PO, spanish)
    return root


def review(leaflets, root: Path, *args: str):
    return leaflets("--root", root, "i18n", "review", "es", *args, "--today", "2026-12-01")


def header(path: Path) -> str:
    from patient_leaflets.i18n.pofile import read_catalog

    return read_catalog(path).extra_headers["X-Translation-Review"]


def test_a_review_is_recorded_printed_and_releases(library, leaflets):
    run = review(leaflets, library, "--by", BY, "--on", "2026-11-30")
    assert run.exit_code == 0, run.stderr
    for path in (PO, PAGES_PO):
        assert header(library / path) == RECORD
    status = leaflets("--root", library, "i18n", "status", "--locale", "es")
    assert RECORD in status.stdout  # who and when
    build = leaflets("--root", library, "build", "--locale", "es", "--release")
    assert build.exit_code == 0, build.stderr
    metadata = PdfReader(pdf_files(library / "dist")[0]).metadata
    assert metadata["/TranslationReview"] == RECORD
    again = review(leaflets, library, "--by", BY, "--on", "2026-11-30")
    assert again.exit_code == 0 and "recorded already" in again.stdout


def test_a_named_leaflet_is_reviewed_alone(library, leaflets):
    before = (library / PAGES_PO).read_bytes()
    assert review(leaflets, library, "demo", "--by", BY).exit_code == 0
    assert header(library / PO) == f"reviewed 2026-12-01 by {BY}"  # --on defaults to today
    assert (library / PAGES_PO).read_bytes() == before


@pytest.mark.parametrize("args, fragment", [
    (["--by", BY, "--on", "2026-12-02"], "is after today"),
    (["--by", "  "], "--by is empty"),
    (["--by", "\u200b\u200b"], "--by"),
    (["nope", "--by", BY], "nope"),
])
def test_a_review_that_cannot_be_true_is_refused(library, leaflets, args, fragment):
    before = (library / PO).read_bytes()
    run = review(leaflets, library, *args)
    assert_one_error_line(run, fragment)
    assert run.exit_code == 2
    assert (library / PO).read_bytes() == before


def test_an_incomplete_or_unsafe_translation_cannot_be_signed_off(library, leaflets):
    fill_catalog(library / PO, {"First point.": ""})
    fill_catalog(library / PAGES_PO, {"Contact us": "Contacto las 24 horas"})
    before = {path: (library / path).read_bytes() for path in (PO, PAGES_PO)}
    run = review(leaflets, library, "--by", BY)
    assert run.exit_code == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert any("demo.po: 1 untranslated of 11 messages" in line for line in errors), errors
    assert any("templates.po:" in line and "24 is not in the source" in line for line in errors)
    assert {path: (library / path).read_bytes() for path in (PO, PAGES_PO)} == before
