"""The leaflet's columns laid out in one pass give the pages WeasyPrint's own layout gives.

``render/columns.py`` replaces WeasyPrint's trial-and-error column layout for
the template's kind of multi-column box. What a reader gets must not change:
the sample's PDFs are compared byte for byte with those of WeasyPrint's own
layout, and a balanced multi-column box (a library's own template may ask
for one) still ends with columns of even height.
"""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from patient_leaflets.build.maker import Maker
from patient_leaflets.build.plan import plan
from patient_leaflets.library import open_library
from patient_leaflets.render import columns

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def stock_columns():
    """Run the test's code with WeasyPrint's own column layout, then put ours back."""
    columns.uninstall()
    yield
    columns.install()


def make(maker, jobs, out):
    for job in jobs:
        outcome = maker.make(job, out)
        assert outcome.failure is None, outcome.failure
    return {job.path: (out / job.path).read_bytes() for job in jobs}


def test_the_sample_prints_the_same_bytes_as_weasyprints_own_column_layout(repo_library,
                                                                             tmp_path):
    maker = Maker(open_library(repo_library), TODAY)
    wanted = {("en", "default", "a4"), ("ar", "default", "letter"),
              ("zh_Hans", "harbourside", "a4")}
    jobs = [job for job in plan(open_library(repo_library), maker)
            if (job.locale, job.brand, job.paper) in wanted]
    assert len(jobs) == 3
    ours = make(maker, jobs, tmp_path / "ours")
    columns.uninstall()
    try:
        theirs = make(maker, jobs, tmp_path / "theirs")
    finally:
        columns.install()
    assert ours == theirs
    assert all(len(PdfReader(io.BytesIO(data)).pages) >= 2 for data in ours.values())


BALANCED = """<!DOCTYPE html><html lang="en"><head><style>
@page { size: A5; margin: 10mm; }
body { font-family: "DejaVu Sans"; font-size: 11pt; line-height: 1.4; margin: 0; }
main { columns: 2; column-gap: 6mm; }
p { margin: 0 0 2mm; }
.box { break-inside: avoid; border: 1pt solid; padding: 2mm; }
</style></head><body><main>
%s
<div class="box"><p>A box kept whole: %s</p></div>
</main></body></html>"""


def balanced_document():
    sentence = "the columns of the last page end at about the same height"
    words = sentence.split(" ")
    paragraphs = "\n".join(f"<p>Paragraph {n}: {' '.join(words[: 4 + n % 8])}.</p>"
                           for n in range(70))
    return BALANCED % (paragraphs, " ".join(words * 3))


def last_page_columns(document):
    """The heights of the columns the last page's content fills, in px."""
    found = []

    def walk(box):
        if getattr(box, "is_column", False):
            flowing = [child for child in box.children if child.is_in_normal_flow()]
            if flowing:
                found.append(flowing[-1].position_y + flowing[-1].margin_height()
                             - box.content_box_y())
            return
        for child in getattr(box, "children", ()):
            walk(child)

    walk(document.pages[-1]._page_box)
    return found


def test_a_balanced_box_ends_in_the_columns_weasyprints_own_balancing_makes(stock_columns):
    theirs = HTML(string=balanced_document()).render()
    columns.install()
    try:
        ours = HTML(string=balanced_document()).render()
    finally:
        columns.uninstall()
    assert len(ours.pages) == len(theirs.pages) == 3
    line = 11 * 1.4 * 96 / 72
    heights, their_heights = last_page_columns(ours), last_page_columns(theirs)
    assert len(heights) == len(their_heights) == 2  # balanced: both columns hold text
    assert all(abs(a - b) <= line for a, b in zip(heights, their_heights)), (heights,
                                                                            their_heights)
    text = [[page.extract_text() for page in PdfReader(io.BytesIO(document.write_pdf())).pages]
            for document in (ours, theirs)]
    assert text[0][:2] == text[1][:2]
