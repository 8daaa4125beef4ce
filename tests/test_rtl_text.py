"""Right-to-left text extracts in logical order (issue 13; render/rtl.py).

Two extractors nobody here wrote read the PDFs the real CLI builds: pypdf and
poppler's ``pdftotext -raw`` (content-stream order, the order a screen reader
walks). Every Arabic word of the sample's catalog must come out of each, whole
and in logical order; those of a figure's alternative text are looked for in
the structure tree's ``/Alt``, where a screen reader finds them. Words are
compared after NFKC (an extractor may hand back a presentation form) and, for
the count, without harakat; vocalised words are then checked with their marks.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageFilter
from pypdf import PdfReader

from patient_leaflets.cli import cli
from patient_leaflets.render import pdf as render_pdf
from patient_leaflets.render import rtl
from tests.helpers import REPO, copy_repo_library, pdf_files, structure

CATALOG = REPO / "locales/ar/LC_MESSAGES/spinal-manipulation.po"
LETTERS = re.compile("[\u0621-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u064b-\u065f\u0670\u0640]+")
MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel


def words(text: str, marks: bool = False) -> set[str]:
    """The Arabic-script words of ``text`` (letters only: punctuation is not a word's)."""
    text = unicodedata.normalize("NFKC", text)
    found = set(LETTERS.findall(text))
    return found if marks else {MARKS.sub("", word) for word in found} - {""}


def catalog_words(catalog: Path, marks: bool = False) -> set[str]:
    with catalog.open("rb") as handle:
        messages = [message.string for message in read_po(handle) if message.id and message.string]
    return set().union(*(words(str(message), marks) for message in messages))


def extractions(pdf: Path) -> dict[str, str]:
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    raw = re.sub("[\u202a-\u202e]", "", raw)  # the embeddings poppler wraps each run in
    return {"pdftotext -raw": raw,
            "pypdf": "\n".join(page.extract_text() for page in PdfReader(pdf).pages)}


def alternative_texts(pdf: Path) -> str:
    """Every /Alt of the structure tree."""
    reached, _, _ = structure(PdfReader(pdf))
    return "\n".join(str(element["/Alt"]) for element in reached if "/Alt" in element)


def missing(expected: set[str], pdf: Path, marks: bool = False) -> dict[str, list[str]]:
    """For each extractor, the expected words it does not give (nor the /Alt holds)."""
    alt = words(alternative_texts(pdf), marks)
    return {name: sorted(expected - words(text, marks) - alt)
            for name, text in extractions(pdf).items()}


@pytest.fixture(scope="module")
def arabic_pdfs(sample_build) -> list[Path]:
    root, _ = sample_build
    pdfs = [path for path in pdf_files(root / "dist") if path.parent.name == "ar"]
    assert len(pdfs) == 4  # two brands, two papers
    return pdfs


def test_every_arabic_word_of_the_catalog_extracts_whole_in_logical_order(arabic_pdfs):
    expected = catalog_words(CATALOG)
    assert len(expected) > 500
    for pdf in arabic_pdfs:
        for extractor, lost in missing(expected, pdf).items():
            # The issue asks for 99%; the sample gives every word.
            assert len(lost) <= len(expected) // 100, (pdf.name, extractor, len(lost), lost[:20])
            assert lost == [], (pdf.name, extractor, lost)


def test_vocalised_words_keep_their_harakat_on_the_right_letters(arabic_pdfs):
    vocalised = {word for word in catalog_words(CATALOG, marks=True) if MARKS.search(word)}
    assert len(vocalised) > 40  # shadda, tanwin, damma, kasra: the sample uses them
    lost = missing(vocalised, arabic_pdfs[0], marks=True)
    assert lost["pypdf"] == []
    # poppler's reordering takes a mark that starts a word in drawing order (the mark of
    # the word's last letter) for left-to-right and writes it before the word: "ّشد" for
    # "شدّ" (or before the quotation mark that opens it). Only that, only for such words.
    text = unicodedata.normalize("NFKC", extractions(arabic_pdfs[0])["pdftotext -raw"])
    for word in lost["pdftotext -raw"]:
        assert MARKS.fullmatch(word[-1]), word
        assert re.search(re.escape(word[-1]) + r"[^\w\s]?" + re.escape(word[:-1]), text), word


def test_lam_alef_comes_out_as_lam_then_alef(arabic_pdfs):
    catalog = catalog_words(CATALOG)
    reversed_ligature = {"عالج", "العالج", "ال"} - catalog  # what pdftotext gave before
    for extractor, text in extractions(arabic_pdfs[0]).items():
        found = words(text)
        assert {"علاج", "العلاج", "لا", "للمرضى"} <= found, extractor
        assert not found & reversed_ligature, (extractor, found & reversed_ligature)


@pytest.fixture(scope="module")
def arabic_large_print(tmp_path_factory) -> Path:
    root = copy_repo_library(tmp_path_factory.mktemp("large") / "library")
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--locale", "ar", "--brand",
                                      "harbourside", "--paper", "a4", "--large-print"])
    assert result.exit_code == 0, result.output
    [pdf] = pdf_files(root / "dist")
    return pdf


def test_large_print_extracts_in_logical_order_too(arabic_large_print):
    assert missing(catalog_words(CATALOG), arabic_large_print) == {
        "pdftotext -raw": [], "pypdf": []}


def test_a_second_script_persian_extracts_in_logical_order(persian):
    [pdf] = sorted(persian.glob("*.pdf"))
    catalog = persian.parent.parent.parent / "locales/fa/LC_MESSAGES/demo.po"
    expected = catalog_words(catalog)
    assert len(expected) > 20
    lost = missing(expected, pdf)
    assert lost["pdftotext -raw"] == []
    # pypdf joins the cells of a table row without a space ("امروزاستراحت"), in either
    # direction: each word it misses is there, glued to the word of the next cell.
    tokens = words(extractions(pdf)["pypdf"])
    for word in lost["pypdf"]:
        assert any(word in token and token.replace(word, "", 1) in expected
                   for token in tokens - {word}), word
    for text in extractions(pdf).values():
        assert "نشانه\u200cهای" in text  # its zero-width non-joiner kept


# --- the same look ------------------------------------------------------------------------

def _page_images(pdf: Path) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.render(scale=100 / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


def _build(root: Path, out: Path, locale: str) -> Path:
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--locale", locale, "--brand",
                                      "default", "--paper", "a4", "--out", str(out),
                                      "--today", "2026-12-01"])
    assert result.exit_code == 0, result.output
    [pdf] = pdf_files(out)
    return pdf


@pytest.fixture(scope="module")
def with_and_without(tmp_path_factory):
    """Arabic and English A4, built with right-to-left lines drawn here and by WeasyPrint."""
    root = copy_repo_library(tmp_path_factory.mktemp("look") / "library")
    ours = {locale: _build(root, root / "ours" / locale, locale) for locale in ("ar", "en")}
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(render_pdf, "install_rtl", lambda: None)
    rtl.uninstall()
    try:
        stock = {locale: _build(root, root / "stock" / locale, locale) for locale in ("ar", "en")}
    finally:
        monkeypatch.undo()
        rtl.install()
    return ours, stock


def test_arabic_pages_look_as_weasyprint_draws_them(with_and_without):
    ours, stock = with_and_without
    mine, theirs = _page_images(ours["ar"]), _page_images(stock["ar"])
    assert len(mine) == len(theirs)
    for number, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
        # Outlines and font glyphs antialias a little differently: blur away the edges,
        # then no spot may differ by more than a faint grey (a glyph moved or missing would).
        difference = ImageChops.difference(a.filter(ImageFilter.BoxBlur(2)),
                                           b.filter(ImageFilter.BoxBlur(2)))
        _, darkest = difference.getextrema()
        assert darkest < 48, (number, darkest)


def test_text_without_right_to_left_script_is_left_to_weasyprint(with_and_without):
    ours, stock = with_and_without
    assert ours["en"].read_bytes() == stock["en"].read_bytes()
    assert ours["ar"].read_bytes() != stock["ar"].read_bytes()


# --- a third script, Hebrew with niqqud and cantillation; a joiner after a space ---------

HEBREW_LETTERS = re.compile("[\u05d0-\u05ea\u05f0-\u05f2\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]+")
HEBREW_MARKS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
VERSE = "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים אֵ֥ת הַשָּׁמַ֖יִם וְאֵ֥ת הָאָֽרֶץ"  # Genesis 1:1, pointed
HEBREW = {
    "Demo leaflet": "עָלוֹן לְדֻגְמָה",
    "Introduction": VERSE,
    "Warning signs": "סִימָנֵי אַזְהָרָה",
    "Call for help if you feel unwell.": "קִרְאוּ לְעֶזְרָה אִם אַתֶּם מַרְגִּישִׁים רַע.",
    "First point.": "و \u200dب و",  # a joiner after a space: the gap stays a gap
}


def hebrew_words(text: str) -> set[str]:
    return {HEBREW_MARKS.sub("", word) for word in
            HEBREW_LETTERS.findall(unicodedata.normalize("NFC", text))}


@pytest.fixture(scope="module")
def hebrew(tmp_path_factory) -> Path:
    from tests.helpers import fill_catalog, scenario_library

    root = scenario_library(tmp_path_factory.mktemp("hebrew") / "library", "minimal")
    assert CliRunner().invoke(cli, ["--root", str(root), "i18n", "init", "he"]).exit_code == 0
    fill_catalog(root / "locales/he/LC_MESSAGES/demo.po", lambda message: HEBREW.get(message))
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--locale", "he",
                                      "--paper", "a4", "--brand", "default"])
    assert result.exit_code == 0, result.output
    [pdf] = pdf_files(root / "dist")
    return pdf


def test_hebrew_with_niqqud_and_cantillation_extracts_whole(hebrew):
    expected = set().union(*(hebrew_words(text) for text in HEBREW.values()))
    assert len(expected) >= 12
    for extractor, text in extractions(hebrew).items():
        lost = sorted(expected - hebrew_words(text))
        assert lost == [], (extractor, lost)
    # The marks too, on their letters, as pypdf reads them (poppler moves a word's last mark).
    pypdf_text = unicodedata.normalize("NFC", extractions(hebrew)["pypdf"])
    for word in VERSE.split():
        assert unicodedata.normalize("NFC", word) in pypdf_text, word


def test_a_joiner_after_a_space_leaves_the_words_apart(hebrew):
    for extractor, text in extractions(hebrew).items():
        found = set(re.findall("[\u0600-\u06ff\u05d0-\u05ea]+", text))
        assert {"ب", "و"} <= found, (extractor, sorted(found)[:20])
