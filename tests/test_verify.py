"""``leaflets verify``: is a copy current, superseded, a draft, overdue, or not one of ours?"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomlkit
from pypdf import PdfWriter

from tests.desk import LEAFLET, release_sample, review_sample
from tests.helpers import assert_one_error_line

TODAY = "2026-12-01"


@dataclass
class Copies:
    root: Path
    version: str
    pdf: Path  # the current English copy
    draft: Path  # the same version, built before its clinical review


@pytest.fixture
def library(repo_library, leaflets, tmp_path) -> Copies:
    """The sample's English copy built as a draft (no review yet), then reviewed and built again."""
    root = repo_library
    build = ("--root", root, "build", LEAFLET, "--locale", "en", "--brand", "default",
             "--paper", "a4", "--today", TODAY)
    toml = root / "leaflets" / LEAFLET / "leaflet.toml"
    config = tomlkit.parse(toml.read_text(encoding="utf-8"))
    config.pop("review", None)  # the sample may come reviewed: the draft copy has no review
    toml.write_text(tomlkit.dumps(config), encoding="utf-8")
    version = release_sample(root)
    pdf = root / f"dist/default/en/{LEAFLET}-{version}-a4.pdf"
    assert leaflets(*build).exit_code == 0
    shutil.copy(pdf, tmp_path / "draft.pdf")
    review_sample(root)
    assert leaflets(*build).exit_code == 0
    return Copies(root, version, pdf, tmp_path / "draft.pdf")


def test_a_current_released_copy_exits_0(library, leaflets):
    done = leaflets("--root", library.root, "verify", library.pdf, "--today", TODAY)
    assert done.exit_code == 0, done.stderr
    (line,) = done.stdout.strip().split("\n")
    assert f"current: spinal-manipulation {library.version}" in line
    assert "next review 2029-11-01" in line


def test_a_copy_printed_as_a_draft_says_so(library, leaflets):
    done = leaflets("--root", library.root, "verify", library.draft, "--today", TODAY)
    assert done.exit_code == 1
    (line,) = done.stdout.strip().split("\n")
    assert f"draft: spinal-manipulation {library.version} is a draft, not for patients" in line
    assert f"current version {library.version}" in line


def test_a_copy_past_its_review_date_is_overdue(library, leaflets):
    done = leaflets("--root", library.root, "verify", library.pdf, "--today", "2030-01-01")
    assert done.exit_code == 1
    assert done.stdout.count("\n") == 1
    assert "overdue:" in done.stdout and "was due 2029-11-01" in done.stdout


def test_a_copy_superseded_by_a_release_names_the_current_version(library, leaflets):
    from patient_leaflets.control import bump

    section = library.root / "leaflets" / LEAFLET / "risks.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nA sentence added in review.\n",
                       encoding="utf-8")
    changed = leaflets("--root", library.root, "verify", library.pdf, "--today", TODAY)
    assert changed.exit_code == 1
    assert f"superseded: {LEAFLET} {library.version}: the text changed after" in changed.stdout
    released = leaflets("--root", library.root, "release", LEAFLET, "--bump", "patch",
                        "--summary", "A sentence added to the risks", "--today", TODAY)
    assert released.exit_code == 0, released.stderr
    done = leaflets("--root", library.root, "verify", library.pdf, "--today", TODAY)
    assert done.exit_code == 1
    new = bump(library.version, "patch")
    assert f"superseded: {LEAFLET} {library.version}; the current version is {new}, released " \
           f"{TODAY}" in done.stdout


def test_a_pdf_from_elsewhere_and_a_file_that_is_no_pdf_exit_2(library, leaflets, tmp_path):
    other = tmp_path / "other.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Somebody else's leaflet"})
    with other.open("wb") as file:
        writer.write(file)
    assert_one_error_line(leaflets("--root", library.root, "verify", other), str(other),
                          "not a leaflet made by patient-leaflets")
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF at all")
    assert_one_error_line(leaflets("--root", library.root, "verify", text), "not a PDF")
    foreign = tmp_path / "foreign.pdf"
    writer.add_metadata({"/LeafletId": "knee-replacement", "/LeafletVersion": "2.0.0"})
    with foreign.open("wb") as file:
        writer.write(file)
    assert_one_error_line(leaflets("--root", library.root, "verify", foreign),
                          "leaflet 'knee-replacement' is not in the library")


def test_several_files_one_line_each_and_the_worst_exit_code(library, leaflets, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(library.pdf.read_bytes()[:2000])
    done = leaflets("--root", library.root, "verify", library.pdf, library.draft, damaged,
                    "--today", TODAY)
    assert done.exit_code == 2
    assert [line.split(": ")[1] for line in done.stdout.strip().split("\n")] == ["current", "draft"]
    assert done.stderr.count("\n") == 1 and str(damaged) in done.stderr
