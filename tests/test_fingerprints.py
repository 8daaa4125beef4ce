"""Fingerprints: a digest of every input that decides an output's bytes, and nothing else.

Each test changes one input of a fixture library and compares the
fingerprint of one job before and after, computed by ``Fingerprints``
directly (no document is rendered).
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from patient_leaflets.build.fingerprints import Fingerprints
from patient_leaflets.build.jobs import Job
from patient_leaflets.library import Library, open_library
from patient_leaflets.variants import Variant

TODAY = datetime.date(2026, 6, 1)
DEMO = Job("demo", "2.1.0", "en", "default", "a4")
DEMO_ES = Job("demo", "2.1.0", "es", "default", "a4")
SPINAL = Job("spinal-manipulation", "1.0.0", "en", "default", "a4")
SPINAL_ES = Job("spinal-manipulation", "1.0.0", "es", "default", "a4")
# A change that keeps each kind of file valid.
COMMENTS = {".css": "\n/* changed */\n", ".svg": "\n<!-- changed -->\n"}


def fingerprint(root: Path, job: Job = DEMO, today: datetime.date = TODAY, family: str | None = None) -> str:
    """The fingerprint of ``job`` as a new build of the library at ``root`` computes it."""
    library = open_library(root)
    return of(Fingerprints(library, today), library, job, family)


def of(fingerprints: Fingerprints, library: Library, job: Job, family: str | None = None) -> str:
    leaflet = library.outline(job.leaflet)
    return fingerprints.of(job, leaflet, family or library.brand(job.brand).font_family)


def append(path: Path, text: str = "\nOne more line.\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


@pytest.fixture
def library(make_library) -> Path:
    """The minimal library, with a second leaflet ('other') and Spanish catalogs for both."""
    root = make_library("minimal")
    shutil.copytree(root / "leaflets/demo", root / "leaflets/other")
    for domain in ("demo", "other", "templates"):
        append(root / f"locales/es/LC_MESSAGES/{domain}.po", f'msgid ""\nmsgstr ""\n# {domain}\n')
    return root


def test_same_inputs_give_the_same_fingerprint(library):
    first = fingerprint(library)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first)
    assert fingerprint(library) == first
    assert fingerprint(library, DEMO_ES) == fingerprint(library, DEMO_ES)


def test_different_leaflets_and_locales_have_different_fingerprints(library):
    other = Job("other", "2.1.0", "en", "default", "a4")
    assert len({fingerprint(library, job) for job in (DEMO, DEMO_ES, other)}) == 3


@pytest.mark.parametrize("changed", [
    "leaflets/demo/intro.md",
    "leaflets/demo/leaflet.toml",
    "leaflets/demo/picture.png",  # a file the sections may show, new in the folder
    "templates/leaflet.css",
    "templates/leaflet.html.j2",
    "brands/default/brand.toml",
    "brands/default/logo.svg",
])
def test_a_changed_input_file_changes_the_fingerprint(library, changed):
    before = fingerprint(library)
    append(library / changed, COMMENTS.get(Path(changed).suffix, "\n# changed\n"))
    assert fingerprint(library) != before


@pytest.mark.parametrize("changed", [
    "leaflets/other/intro.md",
    "leaflets/other/leaflet.toml",
    "brands/harbourside/brand.toml",
    "locales/es/LC_MESSAGES/demo.po",  # a translation, when the job is in the source language
    "locales/es/LC_MESSAGES/templates.po",
    "dist/default/en/demo-2.1.0-a4.pdf",  # the output itself is no input
])
def test_files_that_do_not_make_the_output_leave_the_fingerprint(library, changed):
    before = fingerprint(library)
    append(library / changed, "\n# changed\n")
    assert fingerprint(library) == before


@pytest.mark.parametrize("domain", ["demo", "templates"])
def test_the_catalogs_of_a_translated_locale_count(library, domain):
    before = fingerprint(library, DEMO_ES)
    append(library / f"locales/es/LC_MESSAGES/{domain}.po", '\nmsgid "Warning signs"\nmsgstr "Señales"\n')
    assert fingerprint(library, DEMO_ES) != before


def test_another_leaflets_catalog_or_another_locale_does_not_count(library):
    before = fingerprint(library, DEMO_ES)
    append(library / "locales/es/LC_MESSAGES/other.po", '\nmsgid "x"\nmsgstr "y"\n')
    append(library / "locales/fr/LC_MESSAGES/demo.po", '\nmsgid "x"\nmsgstr "y"\n')
    append(library / "locales/fr/LC_MESSAGES/templates.po", '\nmsgid "x"\nmsgstr "y"\n')
    assert fingerprint(library, DEMO_ES) == before


def test_the_sample_librarys_catalogs(repo_library):
    """The same on the shipped library, with real catalogs in several languages."""
    english, spanish, french = (fingerprint(repo_library, Job("spinal-manipulation", "1.0.0", locale,
                                                              "default", "a4"))
                                for locale in ("en", "es", "fr"))
    append(repo_library / "locales/es/LC_MESSAGES/spinal-manipulation.po")
    assert fingerprint(repo_library, SPINAL_ES) != spanish
    assert fingerprint(repo_library, SPINAL) == english
    assert fingerprint(repo_library, Job("spinal-manipulation", "1.0.0", "fr", "default", "a4")) == french


@pytest.mark.parametrize("other", [
    Job("demo", "2.1.0", "en", "default", "letter"),
    Job("demo", "2.1.0", "en", "default", "a4", Variant(large_print=True)),
    Job("demo", "2.1.0", "en", "default", "a4", Variant(print_ready=True)),
    Job("demo", "2.1.0", "en", "default", "a4", medium="html"),
    Job("demo", "2.1.0", "en", "harbourside", "a4"),
], ids=["paper", "large", "print-ready", "html", "brand"])
def test_what_the_job_asks_for_changes_the_fingerprint(library, other):
    assert fingerprint(library, other) != fingerprint(library, DEMO)


def test_the_brands_font_counts_for_a_pdf(library):
    assert fingerprint(library, family="DejaVu Sans") != fingerprint(library, family="Noto Sans")


def test_overdue_or_not_counts_the_date_itself_does_not(library):
    # The minimal leaflet's next review is 2099-01-15: overdue from the day after.
    before = fingerprint(library, today=datetime.date(2026, 6, 1))
    assert fingerprint(library, today=datetime.date(2099, 1, 15)) == before
    overdue = fingerprint(library, today=datetime.date(2099, 1, 16))
    assert overdue != before
    assert fingerprint(library, today=datetime.date(2150, 1, 1)) == overdue


def test_files_are_read_once_per_fingerprints_object(library):
    opened = open_library(library)
    fingerprints = Fingerprints(opened, TODAY)
    letter = Job("demo", "2.1.0", "en", "default", "letter")
    letter_before = fingerprint(library, letter)
    first = of(fingerprints, opened, DEMO)
    append(library / "leaflets/demo/intro.md")
    append(library / "templates/leaflet.css", "\n/* changed */\n")
    # The same build does not read the files again, for this job or another sharing them.
    assert of(fingerprints, opened, DEMO) == first
    assert of(fingerprints, opened, letter) == letter_before
    # A new build reads them again.
    assert of(Fingerprints(opened, TODAY), opened, DEMO) != first
    assert fingerprint(library, letter) != letter_before


def test_a_shared_section_counts_only_for_a_leaflet_that_lists_it(library):
    shared = library / "leaflets/_shared/when-to-call.md"
    append(shared, "# When to call\n\nCall us on the number below.\n")
    toml = library / "leaflets/other/leaflet.toml"
    toml.write_text(toml.read_text().replace('"checklist"]', '"checklist", "when-to-call"]'))
    other = Job("other", "2.1.0", "en", "default", "a4")
    assert [section.id for section in open_library(library).leaflet("other").sections][-1] == "when-to-call"
    demo_before, other_before = fingerprint(library, DEMO), fingerprint(library, other)
    append(shared)
    assert fingerprint(library, other) != other_before
    assert fingerprint(library, DEMO) == demo_before


def test_a_leaflets_own_section_hides_the_shared_one_of_the_same_name(library):
    before = fingerprint(library)
    append(library / "leaflets/_shared/intro.md", "# Shared introduction\n")  # demo has its own intro.md
    assert fingerprint(library) == before


def test_what_else_the_shared_folder_holds_counts_for_every_leaflet(library):
    # An image in leaflets/_shared/ may be shown by any section.
    before = fingerprint(library)
    (library / "leaflets/_shared").mkdir()
    (library / "leaflets/_shared/diagram.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    assert fingerprint(library) != before
