"""On-demand documents (the front desk, ``leaflets print``): built by one warm writer per process.

The writer is kept from one document to the next, so that its fonts are
loaded once; what it must not keep is a library file that has changed since.
"""

from __future__ import annotations

import datetime
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from patient_leaflets.build.current import Document, ensure_current, warm_up, warm_writer
from patient_leaflets.errors import LeafletError
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


def printing_only(root, *locales):
    """The sample library printing only ``locales``, under its first brand."""
    settings = root / "leaflets.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('# locales = ["en", "es"]', f"locales = {list(locales)!r}".replace("'", '"'))
    text = text.replace('brands = ["default", "harbourside"]', 'brands = ["default"]')
    settings.write_text(text, encoding="utf-8")
    return open_library(root)


def files_under(folder):
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def test_warming_up_makes_each_language_in_memory_and_writes_nothing(repo_library, tmp_path):
    library = printing_only(repo_library, "en", "ar")
    before = files_under(repo_library)
    assert warm_up(library, TODAY) == 2  # the first leaflet, in English and Arabic
    assert files_under(repo_library) == before  # no output folder, no manifest, no journal
    writer = warm_writer(library)
    made = ensure_current(library, Document("spinal-manipulation", "ar", "default", "a4"), TODAY,
                          tmp_path / "out")
    assert made.built  # warming up made no file that counts as current
    assert warm_writer(library) is writer  # the request used the writer warmed up
    assert PdfReader(made.path).trailer["/Root"]["/Lang"] == "ar"


def test_warming_up_passes_over_a_document_that_fails(repo_library):
    library = printing_only(repo_library, "en", "ar")
    catalog = repo_library / "locales/ar/LC_MESSAGES/spinal-manipulation.po"
    catalog.write_text('msgid ""\nmsgstr "\n', encoding="utf-8")  # cut short: not a catalog
    assert warm_up(library, TODAY) == 1  # English; the Arabic request will say what is wrong
    with pytest.raises(LeafletError, match=r"ar/LC_MESSAGES/spinal-manipulation\.po"):  # named
        ensure_current(library, Document("spinal-manipulation", "ar", "default", "a4"), TODAY,
                       repo_library / "out")


def test_a_request_goes_before_the_rest_of_the_warm_up(repo_library, tmp_path, monkeypatch):
    import threading

    from patient_leaflets.build.maker import Maker

    library = printing_only(repo_library, "en", "es", "fr")
    started: list[str] = []
    first = threading.Event()
    rendered = Maker.rendered

    def logged(self, job):
        started.append(threading.current_thread().name)
        first.set()
        return rendered(self, job)

    monkeypatch.setattr(Maker, "rendered", logged)
    warming = threading.Thread(target=warm_up, args=(library, TODAY), name="warm up")
    warming.start()
    assert first.wait(60)
    ensure_current(library, Document("spinal-manipulation", "fr", "default", "a4"), TODAY,
                   tmp_path / "out")
    warming.join(120)
    # The request waited for the document being warmed up, not for the two after it.
    assert started == ["warm up", threading.current_thread().name, "warm up", "warm up"]
