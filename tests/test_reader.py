"""The library's one reader: regular files inside the library, of bounded size, or an error."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from patient_leaflets import reader
from patient_leaflets.errors import ContentError


@pytest.fixture
def library(tmp_path) -> Path:
    root = tmp_path / "library"
    (root / "leaflets/demo").mkdir(parents=True)
    (root / "leaflets.toml").write_text('source_locale = "en"\n', encoding="utf-8")
    return root


def refused(path: Path, kind: str = "section") -> ContentError:
    with pytest.raises(ContentError) as caught:
        reader.read_bytes(path, kind, ContentError)
    assert caught.value.path == Path(os.path.abspath(path))
    return caught.value


def test_a_file_inside_the_library_is_read(library):
    path = library / "leaflets/demo/intro.md"
    path.write_bytes(b"\xef\xbb\xbf# Intro\n")
    assert reader.read_text(path, "section", ContentError) == "# Intro\n"
    assert reader.digest(path, ContentError) == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../outside.md", "../../../library/../outside.md"])
def test_a_link_that_leads_out_of_the_library_is_refused(library, target):
    (library.parent / "outside.md").write_text("# Secret\n", encoding="utf-8")
    link = library / "leaflets/demo/intro.md"
    link.symlink_to(target)
    assert "leads outside the library" in refused(link).message
    with pytest.raises(ContentError):
        reader.digest(link, ContentError)


def test_a_link_inside_the_library_is_followed(library):
    (library / "leaflets/demo/real.md").write_text("# Real\n", encoding="utf-8")
    (library / "leaflets/demo/intro.md").symlink_to("real.md")
    assert reader.read_text(library / "leaflets/demo/intro.md", "section", ContentError) == "# Real\n"


def test_a_linked_folder_that_leads_out_is_refused(library):
    outside = library.parent / "elsewhere"
    outside.mkdir()
    (outside / "intro.md").write_text("# Elsewhere\n", encoding="utf-8")
    (library / "leaflets/linked").symlink_to(outside)
    assert "leads outside the library" in refused(library / "leaflets/linked/intro.md").message


def test_a_fifo_is_refused_at_once_not_waited_on(library):
    fifo = library / "leaflets/demo/intro.md"
    os.mkfifo(fifo)
    result: list[str] = []
    thread = threading.Thread(target=lambda: result.append(refused(fifo).message), daemon=True)
    thread.start()
    thread.join(timeout=5)
    assert result == ["is not a regular file (a pipe, a device or a socket); put a plain file here"]


def test_a_device_is_refused(tmp_path):
    assert refused(Path("/dev/zero")).message.startswith("is not a regular file")


def test_a_file_larger_than_its_kind_is_refused_without_reading_it(library):
    path = library / "leaflets/demo/intro.md"
    with path.open("wb") as file:
        file.truncate(reader.LIMITS["section"] + 1)  # sparse: no megabytes written
    assert refused(path).message.startswith("is larger than 1 MiB")
    assert reader.read_bytes(path, "catalog", ContentError)[:1] == b"\x00"  # a catalog may be


def test_a_big_file_is_hashed_in_chunks(library):
    path = library / "leaflets/demo/video.mp4"
    with path.open("wb") as file:
        file.truncate(3 * reader.CHUNK + 5)
    expected = hashlib.sha256(b"\x00" * (3 * reader.CHUNK + 5)).hexdigest()
    assert reader.digest(path, ContentError) == expected


def test_a_folder_a_missing_file_and_bad_text_say_what_they_are(library):
    assert refused(library / "leaflets/demo").message == "is a folder, not a file"
    assert refused(library / "leaflets/demo/none.md").message == "file not found"
    path = library / "leaflets/demo/latin1.md"
    path.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(ContentError) as caught:
        reader.read_text(path, "section", ContentError)
    assert caught.value.message == "not UTF-8 text; save the file as UTF-8"


def test_outside_any_library_a_link_may_not_leave_its_folder(tmp_path):
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder/intro.md").symlink_to("../secret.txt")
    assert "leads outside the library" in refused(tmp_path / "folder/intro.md").message


# -- Through the real command line -------------------------------------------------------


def test_build_refuses_a_section_that_links_out_of_the_library(make_library, leaflets, tmp_path):
    from tests.helpers import assert_one_error_line, pdf_files

    root = make_library("minimal")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nThe password is swordfish.\n", encoding="utf-8")
    intro = root / "leaflets/demo/intro.md"
    intro.unlink()
    intro.symlink_to(secret)
    line = assert_one_error_line(leaflets("--root", root, "build"), "intro.md: leads outside the library")
    assert "swordfish" not in line
    assert pdf_files(root / "dist") == []


@pytest.mark.parametrize("where", ["leaflets/demo/leaflet.toml", "leaflets.toml",
                                   "brands/default/brand.toml", "leaflets/demo/checklist.md"])
def test_every_kind_of_file_is_read_through_the_reader(make_library, leaflets, where):
    from tests.helpers import assert_one_error_line, pdf_files

    root = make_library("minimal")
    path = root / where
    path.unlink()
    os.mkfifo(path)  # would hang a plain open() for ever
    assert_one_error_line(leaflets("--root", root, "build"), f"{path.name}: is not a regular file")
    assert pdf_files(root / "dist") == []


def test_a_pipe_in_place_of_a_catalog_is_refused_not_waited_on(make_library, leaflets):
    from tests.helpers import assert_one_error_line, pdf_files

    root = make_library("minimal")
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('locales = ["en"]',
                                                                    'locales = ["en", "es"]'))
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    catalog = root / "locales/es/LC_MESSAGES/demo.po"
    catalog.unlink()
    os.mkfifo(catalog)
    assert_one_error_line(leaflets("--root", root, "build"), "demo.po: is not a regular file")
    assert pdf_files(root / "dist") == []
