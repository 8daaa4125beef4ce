"""On-demand documents (the front desk, ``leaflets print``): built by one warm writer per process.

The writer is kept from one document to the next, so that its fonts are
loaded once; what it must not keep is a library file that has changed since.
"""

from __future__ import annotations

import datetime
import io

from PIL import Image
from pypdf import PdfReader

from patient_leaflets.build.current import Document, ensure_current, warm_writer
from patient_leaflets.library import open_library

TODAY = datetime.date(2026, 12, 1)


def logo_colour(pdf) -> tuple[int, ...]:
    [image] = PdfReader(pdf).pages[0].images
    return image.image.convert("RGB").getpixel((0, 0))


def test_a_second_document_uses_the_same_writer_and_a_changed_logo(repo_library, tmp_path):
    library = open_library(repo_library)
    first = ensure_current(library, Document("spinal-manipulation", "en", "harbourside", "a4"),
                           TODAY, tmp_path / "out")
    assert first.built
    writer = warm_writer(library)
    logo = repo_library / "brands/harbourside/logo.png"
    with Image.open(logo) as old:
        size = old.size
    picture = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(picture, "PNG")
    logo.write_bytes(picture.getvalue())
    library = open_library(repo_library)
    second = ensure_current(library, Document("spinal-manipulation", "en", "harbourside",
                                              "letter"), TODAY, tmp_path / "out")
    assert second.built
    assert warm_writer(library) is writer
    assert logo_colour(second.path) == (200, 30, 40)
    assert logo_colour(first.path) != (200, 30, 40)
