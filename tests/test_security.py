"""The renderer reads nothing outside the library and fetches nothing from the network.

Every test points a content, brand or template file at something outside the
library and asserts the build refuses it (exit 2, one line naming it, no PDF)
or, where CommonMark itself never turns it into a fetch, that nothing of the
target reaches the PDF.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import assert_one_error_line, pdf_files, pdf_text

SECRET = "TOP-SECRET-OUTSIDE-THE-LIBRARY"


@pytest.fixture
def secret_file(tmp_path) -> Path:
    """A file beside (outside) the library that must never reach a PDF."""
    path = tmp_path / "secret.txt"
    path.write_text(f"{SECRET}\n")
    return path


@pytest.fixture
def listener():
    """A TCP port on loopback that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.setblocking(False)
    yield server.getsockname()[1]

    try:
        connection, _ = server.accept()
    except BlockingIOError:
        connection = None
    server.close()
    assert connection is None, "the build opened a network connection"


def add_section(root: Path, body: str) -> None:
    """Append a section with ``body`` to the demo leaflet."""
    (root / "leaflets/demo/extra.md").write_text(f"# Extra\n\n{body}\n")
    config = root / "leaflets/demo/leaflet.toml"
    config.write_text(config.read_text().replace('"checklist"]', '"checklist", "extra"]'))


def images_in(pdf: Path) -> int:
    return sum(len(page.images) for page in PdfReader(pdf).pages)


def built_without_secret(root: Path) -> Path:
    [pdf] = pdf_files(root / "dist")
    assert SECRET not in " ".join(pdf_text(pdf))
    assert SECRET.encode() not in pdf.read_bytes()
    return pdf


@pytest.mark.parametrize("relative", ["../../../secret.txt", "../../../secret.svg"])
def test_content_image_climbing_out_of_the_library_is_refused(make_library, leaflets, tmp_path, relative):
    (tmp_path / "secret.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{SECRET}</text></svg>')
    (tmp_path / "secret.txt").write_text(SECRET)
    root = make_library("minimal")
    add_section(root, f"![diagram]({relative})")
    run = leaflets("--root", root, "build")
    assert_one_error_line(run, "demo (en, default, a4)", "refused to load", "outside the library")
    assert pdf_files(root / "dist") == []


def test_content_image_at_absolute_path_is_refused(make_library, leaflets, secret_file):
    root = make_library("minimal")
    add_section(root, f"![x]({secret_file})")
    assert_one_error_line(leaflets("--root", root, "build"), "refused to load", str(secret_file))
    assert pdf_files(root / "dist") == []


def test_content_image_over_http_is_refused_without_connecting(make_library, leaflets, listener):
    root = make_library("minimal")
    add_section(root, f"![tracker](http://127.0.0.1:{listener}/pixel.png)\n\n"
                      "![tracker](http://127.0.0.1:9/pixel.png)")
    run = leaflets("--root", root, "build")
    assert_one_error_line(run, "refused to load", "http://127.0.0.1:", "only files inside")
    assert pdf_files(root / "dist") == []


def test_content_file_url_is_never_fetched(make_library, leaflets, secret_file):
    # CommonMark refuses file: link targets; the text would print as typed, so it is refused
    # (nothing fetched, nothing printed).
    root = make_library("minimal")
    add_section(root, f"![x]({secret_file.as_uri()}) and [a link]({secret_file.as_uri()})")
    assert_one_error_line(leaflets("--root", root, "build"), "leaflets/demo/extra.md:3: ",
                          "(file:) is refused")
    assert pdf_files(root / "dist") == []


def test_raw_html_in_content_is_printed_as_text(make_library, leaflets, secret_file):
    root = make_library("minimal")
    add_section(root, f'<script>alert("x")</script>\n\n<img src="{secret_file.as_uri()}">\n\n'
                      '<p style="color:red">styled</p> <b>bold</b>')
    assert leaflets("--root", root, "build").exit_code == 0
    pdf = built_without_secret(root)
    text = " ".join(pdf_text(pdf))
    assert '<script>alert("x")</script>' in text
    assert "<img src=" in text and 'style="color:red"' in text
    assert images_in(pdf) == 0  # the default logo is vector (SVG), no raster image


def test_template_css_url_outside_the_library_is_refused(make_library, leaflets, secret_file):
    root = make_library("minimal")
    css = root / "templates/leaflet.css"
    css.write_text(css.read_text() + f'\nbody {{ background: url("{secret_file.as_uri()}"); }}\n')
    assert_one_error_line(leaflets("--root", root, "build"), "refused to load", "outside the library")
    assert pdf_files(root / "dist") == []


def test_template_css_import_of_etc_passwd_is_refused(make_library, leaflets):
    root = make_library("minimal")
    css = root / "templates/leaflet.css"
    css.write_text('@import url("file:///etc/passwd");\n' + css.read_text())
    assert_one_error_line(leaflets("--root", root, "build"), "refused to load", "/etc/passwd")
    assert pdf_files(root / "dist") == []


def test_svg_image_pulling_an_outside_image_is_refused(make_library, leaflets, tmp_path):
    # A brand's SVG logo with a link is refused when the brand loads (test_brands.py);
    # an SVG in the content is only ever read through the sandbox.
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    root = make_library("minimal")
    (root / "leaflets/demo/pic.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="../../../../outside.png" width="10" '
        'height="10"/></svg>')
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\n![A picture](pic.svg)\n")
    assert_one_error_line(leaflets("--root", root, "build"), "refused to load", "outside.png")
    assert pdf_files(root / "dist") == []


def test_brand_logo_path_outside_its_folder_is_refused(make_library, leaflets):
    root = make_library("minimal")
    brand = root / "brands/default/brand.toml"
    brand.write_text(brand.read_text().replace('logo = "logo.svg"', 'logo = "../../../../etc/passwd"'))
    assert_one_error_line(leaflets("--root", root, "build"), "brand.toml:", "'logo' must be a file inside")
    assert pdf_files(root / "dist") == []


def test_brand_logo_symlink_out_of_the_library_is_refused(make_library, leaflets, tmp_path):
    (tmp_path / "elsewhere.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    root = make_library("minimal")
    logo = root / "brands/default/logo.svg"
    logo.unlink()
    logo.symlink_to(tmp_path / "elsewhere.svg")
    assert_one_error_line(leaflets("--root", root, "build"), "brand.toml:", "'logo' must be a file inside")
    assert pdf_files(root / "dist") == []


def test_fetcher_refuses_data_urls_and_redirect_schemes(tmp_path):
    from patient_leaflets.render.sandbox import FetchRefused, SandboxFetcher

    inside = tmp_path / "templates"
    inside.mkdir()
    (inside / "ok.css").write_text("p {}")
    fetcher = SandboxFetcher((inside,))
    assert fetcher.fetch((inside / "ok.css").as_uri()).read() == b"p {}"
    for url in ("data:text/css,p{}", "https://example.org/x.css", "ftp://example.org/x",
                "file://remote-host/etc/passwd", (inside / "missing.css").as_uri(),
                (inside / ".." / "ok.css").as_uri()):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_fetcher_refuses_oversized_files(tmp_path):
    from patient_leaflets.render.sandbox import FetchRefused, SandboxFetcher

    big = tmp_path / "big.png"
    big.write_bytes(b"\0" * 2048)
    with pytest.raises(FetchRefused, match="larger than"):
        SandboxFetcher((tmp_path,), max_bytes=1024).fetch(big.as_uri())


def test_fetcher_reads_through_the_library_reader(tmp_path):
    # What WeasyPrint asks for is read as every library file is: a regular file, within the
    # limit of its kind (a stylesheet 2 MiB, an image 20 MiB), never a pipe that blocks.
    from patient_leaflets.render.sandbox import FetchRefused, SandboxFetcher

    fetcher = SandboxFetcher((tmp_path,))
    os.mkfifo(tmp_path / "pipe.png")
    with pytest.raises(FetchRefused, match="is not a regular file"):
        fetcher.fetch((tmp_path / "pipe.png").as_uri())
    (tmp_path / "huge.css").write_bytes(b"p {}" + b" " * (2 * 2**20))
    with pytest.raises(FetchRefused, match="is larger than 2 MiB"):
        fetcher.fetch((tmp_path / "huge.css").as_uri())
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(FetchRefused, match="is a folder"):
        fetcher.fetch((tmp_path / "folder.png").as_uri())
