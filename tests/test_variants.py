"""Print variants and other outputs: paper, large print, print-shop PDFs, HTML, print packs.

Each is built through the real command line and the output opened: page
boxes and character sizes from the PDF, the HTML parsed as a browser would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from tinyhtml5.parser import HTMLParser

from tests.helpers import assert_one_error_line, pdf_files, pdf_text

MM = 72 / 25.4
A4 = (595, 842)
LETTER = (612, 792)
SAMPLE = "spinal-manipulation"
STAMP = re.compile(r"Page (\d+) of (\d+)")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def box(page, name: str) -> tuple[float, float, float, float]:
    return tuple(round(float(value), 2) for value in getattr(page, name))


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """The sample in English, standard and every variant, both papers, through the CLI."""
    from click.testing import CliRunner

    from patient_leaflets.cli import cli
    from tests.helpers import copy_repo_library

    root = copy_repo_library(tmp_path_factory.mktemp("variants") / "library")
    base = ["--root", str(root), "build", SAMPLE, "--locale", "en", "--brand", "default"]
    for extra in ([], ["--large-print"], ["--print-ready"], ["--large-print", "--print-ready"],
                  ["--format", "html"], ["--format", "html", "--large-print"]):
        result = CliRunner().invoke(cli, base + extra)
        assert result.exit_code == 0, (extra, result.output)
    return root / "dist" / "default" / "en"


# --- paper and the stamp ------------------------------------------------------------


@pytest.mark.parametrize(("suffix"), ["", "-large", "-print-ready", "-large-print-ready"])
@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_every_variant_has_its_paper_size_and_a_stamp_on_every_page(variants, suffix, paper, size):
    reader = PdfReader(variants / f"{SAMPLE}-2.0.0-{paper}{suffix}.pdf")
    for number, page in enumerate(reader.pages, start=1):
        trim = page.trimbox
        assert (round(float(trim.width)), round(float(trim.height))) == size
        text = flat(page.extract_text())
        assert "MSK-001 · Version 2.0.0" in text, number
        assert "Draft: not yet clinically reviewed" in text, number
        assert f"Page {number} of {len(reader.pages)}" in text, number


# --- large print --------------------------------------------------------------------


def body_sizes(path: Path) -> list[float]:
    """The size of every character above the bottom margin, where the footer stamp runs."""
    margin = (32 if "-large" in path.name else 19) * MM  # leaflet.css, large-print.css
    with pdfplumber.open(path) as pdf:
        return [round(char["size"], 1) for page in pdf.pages for char in page.chars
                if char["top"] < page.height - margin and char["text"].strip()]


def test_large_print_has_16_point_text_and_more_pages(variants):
    standard = variants / f"{SAMPLE}-2.0.0-a4.pdf"
    large = variants / f"{SAMPLE}-2.0.0-a4-large.pdf"
    sizes = body_sizes(large)
    assert len(sizes) > 5000
    assert min(sizes) >= 16, sorted(set(sizes))[:5]
    assert min(body_sizes(standard)) < 12  # the standard leaflet's sources are smaller
    assert len(PdfReader(large).pages) > len(PdfReader(standard).pages) + 2


def test_large_print_has_no_italics_and_one_column(variants):
    with pdfplumber.open(variants / f"{SAMPLE}-2.0.0-a4-large.pdf") as pdf:
        fonts = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert not [font for font in fonts if "Italic" in font], fonts
    # Two columns would start lines near the middle of the page; one column never does.
    line_starts = body_line_starts(variants / f"{SAMPLE}-2.0.0-a4-large.pdf", 1)
    assert max(line_starts) < A4[0] / 3, line_starts


def test_large_print_in_every_script_keeps_text_at_16_points(make_library, leaflets):
    root = make_library("minimal")
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\nSome *emphasis* here.\n\n#### A fourth level\n\n"
                     "Text.\n\n###### A sixth level\n\nMore text.\n")
    for locale in ("en", "ar", "zh_Hans"):
        run = leaflets("--root", root, "build", "--locale", locale, "--large-print", "--force")
        assert run.exit_code == 0, run.stderr
        sizes = body_sizes(root / f"dist/default/{locale}/demo-2.1.0-a4-large.pdf")
        assert min(sizes) >= 16, (locale, sorted(set(sizes)))
    assert leaflets("--root", root, "build", "--force").exit_code == 0
    with pdfplumber.open(root / "dist/default/en/demo-2.1.0-a4.pdf") as pdf:
        standard = {char["fontname"] for page in pdf.pages for char in page.chars}
    with pdfplumber.open(root / "dist/default/en/demo-2.1.0-a4-large.pdf") as pdf:
        large = {char["fontname"] for page in pdf.pages for char in page.chars}
    assert [font for font in standard if "Italic" in font], "the fixture has emphasis"
    assert not [font for font in large if "Italic" in font], large


def body_line_starts(path: Path, page_index: int) -> list[float]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_index]
        lines = page.extract_text_lines()
    return sorted({round(line["x0"]) for line in lines if line["top"] < page.height - 100})


def test_standard_print_has_two_columns(variants):
    starts = body_line_starts(variants / f"{SAMPLE}-2.0.0-a4.pdf", 1)
    assert max(starts) > A4[0] / 2 - 10


# --- print ready --------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_print_ready_has_a_3_mm_bleed_around_the_trim_box(variants, paper):
    for page in PdfReader(variants / f"{SAMPLE}-2.0.0-{paper}-print-ready.pdf").pages:
        trim, bleed = box(page, "trimbox"), box(page, "bleedbox")
        assert [round(t - b, 2) for t, b in zip(trim[:2], bleed[:2])] == [round(3 * MM, 2)] * 2
        assert [round(b - t, 2) for t, b in zip(trim[2:], bleed[2:])] == [round(3 * MM, 2)] * 2
        assert box(page, "mediabox") == bleed


def test_print_ready_draws_crop_marks_in_the_bleed_corners(variants):
    import pypdfium2

    scale = 4
    page = pypdfium2.PdfDocument(variants / f"{SAMPLE}-2.0.0-a4-print-ready.pdf")[0]
    image = page.render(scale=scale).to_pil().convert("L")  # the whole media box, bleed and all
    width, height = image.size
    bleed = int(3 * MM * scale)

    def dark_pixels(area) -> int:
        return sum(image.crop(area).histogram()[:128])

    corners = [(0, 0, bleed, bleed), (width - bleed, 0, width, bleed),
               (0, height - bleed, bleed, height), (width - bleed, height - bleed, width, height)]
    assert all(dark_pixels(corner) > 10 for corner in corners), "a crop mark at each corner"
    middles = [(width // 2 - 50, 0, width // 2 + 50, bleed), (0, height // 2 - 50, bleed, height // 2 + 50)]
    assert [dark_pixels(middle) for middle in middles] == [0, 0], "nothing else in the bleed"


def test_standard_pdf_has_no_bleed(variants):
    page = PdfReader(variants / f"{SAMPLE}-2.0.0-a4.pdf").pages[0]
    assert box(page, "bleedbox") == box(page, "trimbox") == box(page, "mediabox")


def test_variant_is_named_in_the_metadata(variants):
    names = {suffix: PdfReader(variants / f"{SAMPLE}-2.0.0-a4{suffix}.pdf").metadata["/LeafletVariant"]
             for suffix in ("", "-large", "-print-ready", "-large-print-ready")}
    assert names == {"": "standard", "-large": "large", "-print-ready": "print-ready",
                     "-large-print-ready": "large-print-ready"}


# --- HTML -----------------------------------------------------------------------------


def parse_html(data: bytes):
    parser = HTMLParser()
    document = parser.parse(data)
    return document, parser.errors


def test_the_html_parser_reports_errors_it_is_trusted_to_find():
    _, errors = parse_html(b"<!DOCTYPE html><html><body><p>open</div></body></html>")
    assert errors


@pytest.mark.parametrize("name", [f"{SAMPLE}-2.0.0.html", f"{SAMPLE}-2.0.0-large.html"])
def test_html_is_valid_and_loads_nothing_from_elsewhere(variants, name):
    data = (variants / name).read_bytes()
    document, errors = parse_html(data)
    assert errors == []
    namespace = "{http://www.w3.org/1999/xhtml}"
    elements = list(document.iter())
    assert not [e for e in elements if e.tag in (namespace + "link", namespace + "script",
                                                 namespace + "iframe", namespace + "object")]
    sources = [e.get("src") for e in elements if e.get("src") is not None]
    assert sources and all(src.startswith("data:") for src in sources), sources
    styles = "".join(e.text or "" for e in elements if e.tag == namespace + "style")
    assert "@page" in styles and "url(" not in styles and "@import" not in styles
    assert document.get("lang") == "en"


def test_html_carries_the_content_and_the_stamp(variants):
    page = (variants / f"{SAMPLE}-2.0.0.html").read_text()
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    text = flat(re.sub(r"<[^>]+>", " ", page).replace("\u2066", "").replace("\u2069", ""))
    for phrase in ("Spinal manipulation", "What is spinal manipulation?", "Sources",
                   "MSK-001 · Version 2.0.0", "Draft: not yet clinically reviewed",
                   "Riverside Health Clinic", "+1 555 0100"):
        assert phrase in text, phrase
    assert "Page " not in text  # a screen has no pages


def test_html_of_a_brand_with_a_url_has_the_qr_code_inline(repo_library, leaflets):
    run = leaflets("--root", repo_library, "build", "--format", "html", "--brand", "harbourside",
                   "--locale", "es")
    assert run.exit_code == 0, run.stderr
    page = repo_library / f"dist/harbourside/es/{SAMPLE}-2.0.0.html"
    data = page.read_text()
    assert '<html lang="es" dir="ltr">' in data
    assert '<svg viewBox="0 0 ' in data and 'class="qr-code"' in data
    assert "lang=es" in data and "Escanee el código" in data
    assert parse_html(page.read_bytes())[1] == []
    assert pdf_files(repo_library / "dist") == []


def test_html_embeds_a_content_image(make_library, leaflets):
    root = make_library("minimal")
    shutil.copy(root / "brands/harbourside/logo.png", root / "leaflets/demo/spine.png")
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\n![A drawing of a spine](spine.png)\n")
    run = leaflets("--root", root, "build", "--format", "html")
    assert run.exit_code == 0, run.stderr
    data = (root / "dist/default/en/demo-2.1.0.html").read_text()
    assert 'src="data:image/png;base64,iVBOR' in data and 'alt="A drawing of a spine"' in data


def test_html_refuses_an_image_from_outside_the_library(make_library, leaflets, tmp_path):
    root = make_library("minimal")
    (tmp_path / "outside.png").write_bytes((root / "brands/harbourside/logo.png").read_bytes())
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\n![x](../../../outside.png)\n")
    run = leaflets("--root", root, "build", "--format", "html")
    assert_one_error_line(run, "demo (en, default, html)", "refused to load", "outside.png")
    assert not list((root / "dist").rglob("*.html")) if (root / "dist").exists() else True


@pytest.mark.parametrize("css", ["a { background: URL(https://t.example/a.png) }",
                                 "a { background: u\\72l(https://t.example/a.png) }",
                                 '@IMPORT "https://t.example/a.css";',
                                 'a { background: image-set("https://t.example/a.png" 1x) }'])
def test_html_refuses_a_stylesheet_that_loads_something(make_library, leaflets, css):
    root = make_library("minimal")
    (root / "templates/screen.css").write_text((root / "templates/screen.css").read_text() + css)
    run = leaflets("--root", root, "build", "--format", "html")
    assert_one_error_line(run, "screen.css:", "an HTML leaflet must not load anything")
    assert not list(root.rglob("*.html"))


def test_html_forbids_the_browser_to_load_anything(variants):
    data = (variants / f"{SAMPLE}-2.0.0.html").read_text()
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'img-src data:; style-src \'unsafe-inline\'">') in data


def test_html_refuses_a_control_character(make_library, leaflets):
    root = make_library("minimal")
    intro = root / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\nA vertical tab:\x0b here.\n")
    run = leaflets("--root", root, "build", "--format", "html")
    assert_one_error_line(run, "leaflets/demo/intro.md:8:", "U+000B", "remove it")


def test_html_cannot_be_print_ready(make_library, leaflets):
    run = leaflets("--root", make_library("minimal"), "build", "--format", "html", "--print-ready")
    assert_one_error_line(run, "--print-ready is for PDFs", "drop it with --format html")


# --- print packs ------------------------------------------------------------------------


def add_leaflet(root: Path, leaflet_id: str, title: str, paragraphs: int) -> None:
    """Add a leaflet like the minimal one's demo, ``paragraphs`` long."""
    folder = root / "leaflets" / leaflet_id
    shutil.copytree(root / "leaflets/demo", folder)
    config = folder / "leaflet.toml"
    config.write_text(config.read_text().replace('"Demo leaflet"', f'"{title}"')
                      .replace('"TST-001"', f'"TST-{leaflet_id.upper()}"'))
    text = ("This paragraph is here to make the leaflet longer, so that it runs over "
            "several pages and the pack has to start the next leaflet on a right-hand page. ")
    (folder / "intro.md").write_text("# Introduction\n\n" + "\n\n".join([text * 3] * paragraphs) + "\n")


@pytest.fixture
def pack_library(make_library):
    root = make_library("minimal")
    add_leaflet(root, "two", "Second leaflet", paragraphs=10)  # 2 pages
    add_leaflet(root, "three", "Third leaflet", paragraphs=18)  # 3 pages
    return root


def pages_of(leaflets, root: Path, leaflet_id: str) -> int:
    run = leaflets("--root", root, "build", leaflet_id, "--out", root / "single")
    assert run.exit_code == 0, run.stderr
    return len(PdfReader(next((root / "single").rglob(f"{leaflet_id}-*.pdf"))).pages)


@pytest.mark.parametrize("locale", ["en", "ar"])  # a right-to-left book starts on a left page
def test_pack_starts_each_leaflet_on_an_odd_page_with_its_own_numbering(pack_library, leaflets,
                                                                        locale):
    root = pack_library
    order = [("three", "Third leaflet"), ("demo", "Demo leaflet"), ("two", "Second leaflet")]
    counts = {leaflet_id: pages_of(leaflets, root, leaflet_id) for leaflet_id, _ in order}
    assert counts == {"three": 3, "demo": 1, "two": 2}, "the fixture lengths changed"
    run = leaflets("--root", root, "-v", "pack", *(i for i, _ in order), "--locale", locale,
                   "-o", root / "pack.pdf")
    assert run.exit_code == 0, run.stderr
    pages = pdf_text(root / "pack.pdf")
    # three: 1-3, blank 4, demo: 5, blank 6, two: 7-8.
    assert len(pages) == 8
    assert "page 1: three" in run.stdout and "page 5: demo" in run.stdout and "page 7: two" in run.stdout
    starts = {1: "Third leaflet", 5: "Demo leaflet", 7: "Second leaflet"}
    with pdfplumber.open(root / "pack.pdf") as pdf:  # lines in order from the top of the page
        tops = {number: [line.strip() for line in pdf.pages[number - 1].extract_text().splitlines()]
                for number in starts}
    for number, title in starts.items():
        assert number % 2 == 1
        assert tops[number][0] == "Riverside Health Clinic", tops[number][:5]
        # The title comes next, after the draft banner where there is one.
        assert title in tops[number][1:8], tops[number][:8]
    for blank in (4, 6):
        assert pages[blank - 1].strip() == "", f"page {blank} should be blank, stamp and all"
    if locale == "ar":
        return  # no Arabic catalogs here: the stamps are checked in English
    stamps = [(STAMP.search(text).groups() if STAMP.search(text) else None) for text in pages]
    assert stamps == [("1", "3"), ("2", "3"), ("3", "3"), None, ("1", "1"), None, ("1", "2"), ("2", "2")]
    codes = [re.search(r"TST-\w+", text).group(0) if text.strip() else None for text in pages]
    assert codes == ["TST-THREE"] * 3 + [None, "TST-001", None] + ["TST-TWO"] * 2


def test_pack_of_a_leaflet_with_a_section_called_end(pack_library, leaflets):
    folder = pack_library / "leaflets/two"
    (folder / "intro.md").rename(folder / "end.md")
    config = folder / "leaflet.toml"
    config.write_text(config.read_text().replace('"intro"', '"end"'))
    run = leaflets("--root", pack_library, "pack", "two", "demo", "-o", pack_library / "p.pdf")
    assert run.exit_code == 0, run.stderr


def test_pack_to_a_folder_that_cannot_be_written(pack_library, leaflets, tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    run = leaflets("--root", pack_library, "pack", "demo", "-o", tmp_path / "taken/p.pdf")
    assert_one_error_line(run, "the output folder is a file", "choose another file with -o FILE")


def test_pack_is_one_document_with_its_metadata_and_language(pack_library, leaflets):
    root = pack_library
    run = leaflets("--root", root, "pack", "demo", "two", "--paper", "letter", "-o", root / "p.pdf")
    assert run.exit_code == 0, run.stderr
    reader = PdfReader(root / "p.pdf")
    assert reader.metadata["/PackLeaflets"] == "demo 2.1.0, two 2.1.0"
    assert reader.metadata["/Title"] == "Demo leaflet · Second leaflet"
    assert reader.metadata["/Draft"] == "false"
    assert reader.metadata["/LeafletVariant"] == "standard"
    assert reader.metadata["/PackReviews"] == (
        "demo 2.1.0: reviewed 2026-01-15 by Dr Test, GP, next review 2099-01-15; "
        "two 2.1.0: reviewed 2026-01-15 by Dr Test, GP, next review 2099-01-15")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in reader.pages} == {LETTER}
    # One document: each font is embedded once, not once per leaflet.
    names = [font.get_object()["/BaseFont"] for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()]
    assert len(set(names)) == len({name.split("+")[-1] for name in names})


def test_pack_in_large_print_and_another_language(pack_library, leaflets):
    root = pack_library
    run = leaflets("--root", root, "pack", "demo", "two", "--large-print", "--locale", "es",
                   "-o", root / "es.pdf")
    assert run.exit_code == 0, run.stderr
    assert "[draft]" in run.stdout  # no Spanish catalogs: printed in English, as a draft
    reader = PdfReader(root / "es.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert reader.metadata["/Draft"] == "true"
    first = flat(reader.pages[0].extract_text())  # no Spanish page strings either
    assert "Reviewed 15 de enero de 2026" in first and "Page 1 of" in first


def test_pack_release_refuses_drafts(pack_library, leaflets):
    root = pack_library
    config = root / "leaflets/two/leaflet.toml"
    config.write_text(config.read_text().split("[review]")[0])
    run = leaflets("--root", root, "pack", "demo", "two", "--release", "-o", root / "r.pdf")
    assert run.exit_code == 1
    assert "two (en) is a draft: content not yet clinically reviewed" in run.stderr
    assert not (root / "r.pdf").exists()


@pytest.mark.parametrize(("args", "fragments"), [
    (("demo", "demo"), ("leaflet 'demo' is named twice",)),
    (("demo", "nope"), ("unknown leaflet 'nope'",)),
    (("demo", "--locale", "xx_YY"), ("xx_YY",)),
])
def test_pack_bad_input(pack_library, leaflets, args, fragments):
    run = leaflets("--root", pack_library, "pack", *args, "-o", pack_library / "bad.pdf")
    assert_one_error_line(run, *fragments)
    assert not (pack_library / "bad.pdf").exists()


def test_pack_needs_an_output_file(pack_library, leaflets):
    assert_one_error_line(leaflets("--root", pack_library, "pack", "demo"), "-o", "--output")
