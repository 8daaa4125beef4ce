"""Brands: what a clinic can change, checked when loaded, and printed as it says.

Bad brands are built through the real command line on the ``minimal``
library with one extra brand folder written by the test: each must exit 2
with one line naming ``brand.toml``, its line and the field, and write nothing.
The shipped second brand is built and its PDF opened: name, contacts, a PNG
logo image, the QR code decoded back to the brand's url.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import zxingcpp
from pypdf import PdfReader

from tests.helpers import REPO, assert_one_error_line, fill_catalog, pdf_files, pdf_text

GOOD_BRAND = '''\
name = "Test Clinic"
logo = "logo.svg"
font_family = "Noto Sans"
{extra}
[colors]
primary = "{primary}"
accent = "{accent}"
text = "{text}"
'''
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def write_brand(root: Path, *, extra: str = "", primary: str = "#1f4e79", accent: str = "#e8f0f8",
                text: str = "#1a1a1a", logo: tuple[str, bytes] = ("logo.svg", SVG.encode()),
                name: str = "custom") -> Path:
    """Write brands/<name>/ into the library at ``root``; return its brand.toml."""
    folder = root / "brands" / name
    folder.mkdir(parents=True)
    (folder / logo[0]).write_bytes(logo[1])
    toml = GOOD_BRAND.format(extra=extra, primary=primary, accent=accent, text=text)
    if logo[0] != "logo.svg":
        toml = toml.replace('logo = "logo.svg"', f'logo = "{logo[0]}"')
    (folder / "brand.toml").write_text(toml, encoding="utf-8")
    return folder / "brand.toml"


@pytest.fixture
def brand_fails(make_library, leaflets):
    """Build ``minimal`` with a custom brand; assert one error line at ``brand.toml:line``."""

    def check(line: int, *fragments: str, args: tuple = (), **brand) -> str:
        root = make_library("minimal")
        write_brand(root, **brand)
        run = leaflets("--root", root, "build", "--brand", "custom", *args)
        where = f"{Path('brands/custom/brand.toml')}:{line}: "
        message = assert_one_error_line(run, where, *fragments)
        assert pdf_files(root) == [], "a PDF was written despite the error"
        return message

    return check


def test_a_good_custom_brand_builds(make_library, leaflets):
    root = make_library("minimal")
    write_brand(root)
    run = leaflets("--root", root, "build", "--brand", "custom")
    assert run.exit_code == 0, run.stderr
    assert "Test Clinic" in pdf_text(root / "dist/custom/en/demo-2.1.0-a4.pdf")[0]


# --- the logo ---------------------------------------------------------------------


def test_logo_that_is_not_xml(brand_fails):
    brand_fails(2, "'logo' 'logo.svg' is not a readable SVG image", "XML error at line 1",
                "export it again", logo=("logo.svg", b"<svg <<< not xml"))


def test_logo_svg_whose_root_is_not_svg(brand_fails):
    brand_fails(2, "not a readable SVG image", "its root element is <html>, not <svg>",
                logo=("logo.svg", b"<html><body>logo</body></html>"))


def test_logo_png_that_is_not_an_image(brand_fails):
    brand_fails(2, "'logo' 'logo.png' is not a readable PNG image",
                logo=("logo.png", b"\x89PNG\r\n\x1a\nthis is not the rest of a PNG"))


def test_logo_png_that_is_really_a_jpeg(brand_fails, tmp_path):
    from PIL import Image

    jpeg = tmp_path / "logo.jpg"
    Image.new("RGB", (4, 4), "white").save(jpeg, "JPEG")
    brand_fails(2, "not a readable PNG image", "it is a JPEG file",
                logo=("logo.png", jpeg.read_bytes()))


def png(width: int, height: int, pixels: bytes) -> bytes:
    """A PNG file with chunks whose checksums are right, whatever ``pixels`` holds."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_logo_png_whose_pixels_cannot_be_read(brand_fails):
    # Chunks and checksums are right (Pillow's verify() passes); the pixel data is not zlib.
    brand_fails(2, "'logo' 'logo.png' is not a readable PNG image",
                logo=("logo.png", png(4, 4, b"these are not compressed pixels")))


def test_logo_png_claiming_an_enormous_size(brand_fails):
    import zlib

    brand_fails(2, "it claims to be far too large to be a logo",
                logo=("logo.png", png(20000, 20000, zlib.compress(b"\0" * 100))))


def test_a_readable_png_passes(make_library, leaflets):
    import zlib

    root = make_library("minimal")
    write_brand(root, logo=("logo.png", png(2, 2, zlib.compress(b"\0\x00\xff\0\xff\x00"))))
    assert leaflets("--root", root, "build", "--brand", "custom").exit_code == 0


@pytest.mark.parametrize("reference", [
    '<image href="https://tracker.example/pixel.png" width="1" height="1"/>',
    '<image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="other.png" width="1" height="1"/>',
    '<rect width="1" height="1" style="fill: URL(https://tracker.example/p)"/>',
    '<style>rect { fill: url( "https://tracker.example/p" ) }</style>',
])
def test_logo_svg_that_loads_something_from_outside(brand_fails, reference):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{reference}</svg>'
    brand_fails(2, "not a readable SVG image", "a logo must hold everything it shows",
                logo=("logo.svg", svg.encode()))


def test_logo_svg_with_its_own_gradient_passes(make_library, leaflets):
    root = make_library("minimal")
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient '
           'id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>'
           '<rect width="10" height="10" fill="url(#g)"/></svg>')
    write_brand(root, logo=("logo.svg", svg.encode()))
    assert leaflets("--root", root, "build", "--brand", "custom").exit_code == 0


def test_logo_of_another_type(brand_fails):
    brand_fails(2, "'logo' must be an SVG or PNG file, not 'logo.gif'", logo=("logo.gif", b"GIF89a"))


# --- the font ---------------------------------------------------------------------


def test_font_family_not_installed(brand_fails, make_library, leaflets):
    root = make_library("minimal")
    toml = write_brand(root)
    toml.write_text(toml.read_text().replace("Noto Sans", "Nonexistent Grotesk Pro"))
    run = leaflets("--root", root, "build", "--brand", "custom")
    assert_one_error_line(run, f"{Path('brands/custom/brand.toml')}:3: ",
                          "no installed font has the family 'Nonexistent Grotesk Pro'",
                          "fc-list : family")
    assert pdf_files(root) == []


# --- colours ----------------------------------------------------------------------


@pytest.mark.parametrize(("field", "line", "colours", "fragments"), [
    ("text", 8, {"text": "#999999"},
     ["'colors.text' #999999 (body text) on the white page has a contrast of 2.8:1",
      "below the 4.5:1 of WCAG AA"]),
    ("primary", 6, {"primary": "#7fb3e0"},
     ["'colors.primary' #7fb3e0 (headings) on the white page has a contrast of 2.2:1"]),
    ("text on accent", 8, {"accent": "#505050"},
     ["'colors.text' #1a1a1a (body text) on the accent tint #505050 has a contrast of"]),
])
def test_colours_below_wcag_aa_contrast(brand_fails, field, line, colours, fragments):
    brand_fails(line, *fragments, "choose a darker colour", **colours)


def test_colour_that_is_not_hex(brand_fails):
    brand_fails(6, "'colors.primary' must be a hex colour like \"#1f4e79\"", "not 'teal'",
                primary="teal")


def test_print_ready_refuses_a_tint_that_vanishes_in_greyscale(make_library, leaflets):
    root = make_library("minimal")
    write_brand(root, accent="#fcfcfc")
    assert leaflets("--root", root, "build", "--brand", "custom").exit_code == 0
    for pdf in pdf_files(root):
        pdf.unlink()
    run = leaflets("--root", root, "build", "--brand", "custom", "--print-ready")
    assert_one_error_line(run, f"{Path('brands/custom/brand.toml')}:7: ",
                          "'colors.accent' #fcfcfc prints almost as white paper in greyscale",
                          "1.03:1", "--print-ready", "choose a darker tint")
    assert pdf_files(root) == []


# --- url and disclaimer -------------------------------------------------------------


@pytest.mark.parametrize(("url", "fragment"), [
    ("ftp://clinic.example/x", "'url' must be a web address"),
    ("clinic.example/leaflets", "'url' must be a web address"),
    ("https://[::1/x", "'url' must be a web address"),
    ("https://clinic.example/{leaflet}/{language}", "not {language}"),
    ("https://clinic.example/{leaflet!r}", "not {leaflet!r}"),
    ("https://clinic.example/{leaflet:>5000}", "not {leaflet:>5000}"),
    ("https://clinic.example/{leaflet", "a brace that is not part of a placeholder"),
    ("https://clinic.example/" + "x" * 200, "too dense to scan from paper"),
])
def test_url_that_cannot_become_a_qr_code(brand_fails, url, fragment):
    brand_fails(4, fragment, extra=f'url = "{url}"')


def test_disclaimer_that_is_neither_text_nor_table(brand_fails):
    brand_fails(4, "'disclaimer' must be a text in quotes, or a table of texts by locale",
                extra="disclaimer = 5")


def test_disclaimer_keyed_by_something_that_is_not_a_locale(brand_fails):
    brand_fails(5, "'disclaimer.english' is not a locale Babel knows",
                extra='[disclaimer]\nenglish = "Ask us."\n')


def test_brand_disclaimer_replaces_the_general_one(make_library, leaflets):
    root = make_library("minimal")
    write_brand(root, extra='disclaimer = "Ask Test Clinic before you act on this."')
    run = leaflets("--root", root, "build", "--brand", "custom")
    assert run.exit_code == 0, run.stderr
    text = " ".join(pdf_text(root / "dist/custom/en/demo-2.1.0-a4.pdf"))
    assert "Ask Test Clinic before you act on this." in text
    assert "does not replace advice" not in text


def test_untranslated_brand_disclaimer_makes_a_translated_build_a_draft(make_library, leaflets):
    root = make_library("minimal")
    toml = write_brand(root, extra='[disclaimer]\nen = "Ask Test Clinic first."\n')
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    for po in (root / "locales/es/LC_MESSAGES").glob("*.po"):
        fill_catalog(po, lambda message: f"ES {message}", review="reviewed 2026-11-20 by T. Reviewer")
    release = ("--root", root, "build", "--brand", "custom", "--locale", "es", "--release")
    run = leaflets(*release)
    assert run.exit_code == 1, run.stderr
    assert run.stderr.splitlines()[:-1] == [
        "error: demo (es) is a draft: the disclaimer of brand 'custom' has no es text "
        "(add es = \"...\" under [disclaimer] in brands/custom/brand.toml)"]
    assert pdf_files(root) == []

    toml.write_text(toml.read_text().replace('en = "Ask', 'es = "Pregunte primero."\nen = "Ask'))
    run = leaflets(*release)
    assert run.exit_code == 0, run.stderr
    text = " ".join(pdf_text(root / "dist/custom/es/demo-2.1.0-a4.pdf"))
    assert "Pregunte primero." in text and "Ask Test Clinic" not in text


def test_disclaimer_without_the_source_language_makes_even_the_source_build_a_draft(
        make_library, leaflets):
    root = make_library("minimal")
    write_brand(root, extra='[disclaimer]\nes = "Pregunte primero."\n')
    run = leaflets("--root", root, "build", "--brand", "custom", "--release")
    assert run.exit_code == 1
    assert "the disclaimer of brand 'custom' has no en text" in run.stderr
    run = leaflets("--root", root, "build", "--brand", "custom")
    assert run.exit_code == 0
    page = (root / "dist/custom/en/demo-2.1.0-a4.pdf")
    assert "Pregunte primero." in " ".join(pdf_text(page))


# --- the shipped second brand ---------------------------------------------------------


@pytest.fixture(scope="module")
def harbourside(tmp_path_factory):
    """The sample leaflet built under the second brand, in English and Spanish, A4."""
    from click.testing import CliRunner

    from patient_leaflets.cli import cli
    from tests.helpers import copy_repo_library

    root = copy_repo_library(tmp_path_factory.mktemp("harbourside") / "library")
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--brand", "harbourside",
                                      "--locale", "en", "--locale", "es", "--paper", "a4"])
    assert result.exit_code == 0, result.output
    return root / "dist" / "harbourside"


def test_second_brand_prints_its_name_contacts_and_disclaimer(harbourside):
    pages = pdf_text(harbourside / "en/spinal-manipulation-2.0.0-a4.pdf")
    assert "Harbourside Physiotherapy" in pages[0]
    last = re.sub(r"\s+", " ", pages[-1])
    for line in ("Pier 4, Harbour Road", "Port Example", "+44 1632 960142",
                 "desk@harbourside-physio.example", "harbourside-physio.example",
                 "does not replace, the advice your Harbourside physiotherapist gives you"):
        assert line in last, line
    spanish = re.sub(r"\s+", " ", pdf_text(harbourside / "es/spinal-manipulation-2.0.0-a4.pdf")[-1])
    assert "no sustituye, los consejos que le da su fisio" in spanish  # hyphenated after


def test_second_brand_logo_is_an_image_and_its_font_is_embedded(harbourside):
    reader = PdfReader(harbourside / "en/spinal-manipulation-2.0.0-a4.pdf")
    first = reader.pages[0]
    images = [name for name, obj in first["/Resources"]["/XObject"].items()
              if obj.get_object()["/Subtype"] == "/Image"]
    assert images, "the PNG logo should be an image XObject on page 1"
    fonts = {font.get_object()["/BaseFont"] for font in first["/Resources"]["/Font"].values()}
    assert any("NotoSerif" in name.replace("-", "") for name in fonts), fonts
    assert reader.metadata["/Author"] == "Harbourside Physiotherapy"


@pytest.mark.parametrize("locale", ["en", "es"])
def test_qr_code_decodes_to_the_brand_url_of_the_leaflet(harbourside, locale):
    with pdfplumber.open(harbourside / locale / "spinal-manipulation-2.0.0-a4.pdf") as pdf:
        image = pdf.pages[-1].to_image(resolution=150).original
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [
        f"https://harbourside-physio.example/leaflets/spinal-manipulation?lang={locale}"]


def test_default_brand_has_no_qr_code(sample_build):
    root, _ = sample_build
    with pdfplumber.open(root / "dist/default/en/spinal-manipulation-2.0.0-a4.pdf") as pdf:
        image = pdf.pages[-1].to_image(resolution=150).original
    assert zxingcpp.read_barcodes(image) == []


def test_shipped_brands_differ_visibly():
    from patient_leaflets.brands import load_brand

    default, second = (load_brand(REPO / "brands" / name) for name in ("default", "harbourside"))
    assert default.colors != second.colors
    assert default.font_family != second.font_family
    assert (default.logo.suffix, second.logo.suffix) == (".svg", ".png")
    assert default.url is None and second.url


def _logo_brand(make_library, name: str, data: bytes):
    root = make_library("minimal")
    folder = root / "brands/default"
    config = folder / "brand.toml"
    config.write_text(re.sub(r'logo = "[^"]*"', f'logo = "{name}"', config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    (folder / name).write_bytes(data)
    return root


def _png(width: int, height: int) -> bytes:
    """A valid PNG of ``width`` x ``height`` that compresses to almost nothing."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(b"".join(b"\x00" + b"\x00" * width for _ in range(min(height, 64))), 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("logo.png", _png(5_000, 5_000), "is 5000 x 5000 pixels; a logo needs at most 16 million"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g/>" * 10_001 + b"</svg>",
     "it has 10002 elements; a logo needs at most 10000"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "x.css";</style></svg>',
     "@import a stylesheet"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
                 b'<image x:href="data:image/png;base64,'
                 + __import__("base64").b64encode(_png(6_000, 6_000)) + b'"/></svg>',
     "it embeds an image that cannot be used (it is 6000 x 6000 pixels"),
])
def test_a_logo_too_big_to_decode_is_refused_before_decoding(make_library, leaflets, name, data,
                                                             fragment):
    root = _logo_brand(make_library, name, data)
    line = assert_one_error_line(leaflets("--root", root, "build"), "brand.toml:", fragment)
    assert "'logo'" in line
    assert pdf_files(root / "dist") == []


def test_a_logo_that_is_a_pipe_is_refused_not_waited_on(make_library, leaflets):
    import os

    root = _logo_brand(make_library, "logo.svg", b"")
    (root / "brands/default/logo.svg").unlink()
    os.mkfifo(root / "brands/default/logo.svg")
    assert_one_error_line(leaflets("--root", root, "build"), "brand.toml:", "is not a regular file")
