"""The same library gives byte-identical PDFs wherever it sits, raster images and all.

WeasyPrint names a raster image inside the PDF after its URL, which holds the
library's folder: the renderer names it after its place in the library
instead. Each case builds two copies, at paths of different lengths, with
the real CLI and compares the files' digests.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.helpers import copy_repo_library, pdf_files


def digests(root: Path) -> dict[str, str]:
    return {pdf.relative_to(root / "dist").as_posix(): hashlib.sha256(pdf.read_bytes()).hexdigest()
            for pdf in pdf_files(root / "dist")}


def raster_images(pdf: Path) -> int:
    """The raster images the first page draws (the masthead's logo, a content image)."""
    return len(PdfReader(pdf).pages[0].images)


@pytest.mark.parametrize(("brand", "rasters"), [("harbourside", 1), ("default", 0)],
                         ids=["PNG logo", "SVG logo"])
def test_the_sample_library_prints_the_same_bytes_at_another_path(tmp_path, leaflets, brand,
                                                                  rasters):
    here = copy_repo_library(tmp_path / "a")
    there = copy_repo_library(tmp_path / "a-much-longer-folder-name" / "and" / "deeper")
    for root in (here, there):
        run = leaflets("--root", root, "build", "--brand", brand, "--paper", "a4", "--locale", "en")
        assert run.exit_code == 0, run.stderr
    built = digests(here)
    assert len(built) == 1
    assert built == digests(there)
    [pdf] = pdf_files(here / "dist")
    assert raster_images(pdf) == rasters  # the logo is still drawn, under its new name


def test_a_content_image_prints_the_same_bytes_at_another_path(make_library, leaflets):
    roots = [make_library("minimal", name="library"),
             make_library("minimal", name="library-copied-somewhere-else")]
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "#1f4e79").save(picture, "PNG")
    for root in roots:
        (root / "leaflets/demo/dot.png").write_bytes(picture.getvalue())
        intro = root / "leaflets/demo/intro.md"
        intro.write_text(intro.read_text() + "\n![A blue dot](dot.png)\n")
        run = leaflets("--root", root, "build")
        assert run.exit_code == 0, run.stderr
    assert digests(roots[0]) == digests(roots[1])
    [pdf] = pdf_files(roots[0] / "dist")
    assert raster_images(pdf) == 1


def test_each_pdf_object_is_written_once_and_the_file_is_the_same(make_library, leaflets,
                                                                   monkeypatch):
    """pydyf asks for every object's bytes twice (the file, then the MD5 in its /ID): the
    writer makes them once, and the file is byte for byte what pydyf alone writes."""
    from patient_leaflets.render import pdf as pdf_module

    root = make_library("minimal")
    files = {}
    for sealed in (True, False):
        if not sealed:
            monkeypatch.setattr(pdf_module, "_seal", lambda pdf: None)
        run = leaflets("--root", root, "build", "--force")
        assert run.exit_code == 0, run.stderr
        files[sealed] = {path.name: path.read_bytes() for path in pdf_files(root / "dist")}
    assert files[True] and files[True] == files[False]
    for data in files[True].values():
        identifier = PdfReader(io.BytesIO(data)).trailer["/ID"]
        assert len(identifier) == 2 and len(identifier[1]) == 32  # the MD5 of the objects


def test_sealing_makes_each_stream_once(make_library, leaflets, monkeypatch):
    """Each content stream, font file and image is serialised and compressed once; only the
    object stream pydyf makes while writing (a join of bytes already made) is made twice."""
    import pydyf

    made: list[tuple[int, object]] = []
    data = pydyf.Stream.data

    def counted(stream):
        made.append((id(stream), stream.extra.get("Type")))
        return data.fget(stream)

    monkeypatch.setattr(pydyf.Stream, "data", property(counted))
    root = make_library("minimal")
    run = leaflets("--root", root, "build", "--force")
    assert run.exit_code == 0, run.stderr
    ours = [key for key, kind in made if kind != "/ObjStm"]
    assert len(ours) > 3 and len(ours) == len(set(ours))
