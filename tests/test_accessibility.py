"""PDF/UA-1, checked rule by rule over the structure of the PDFs the real CLI builds.

No PDF/UA validator installs from the registries this project reaches (veraPDF
and PAC come from elsewhere), so the machine-checkable conditions of the
Matterhorn Protocol that our documents can break are written here, over the
objects themselves (pypdf), each test named by its checkpoint. The structure
tree is also read by poppler's ``pdfinfo -struct-text``, a reader nobody here
wrote.

Checked: 06-001/06-002 (the PDF/UA identifier in the metadata), 06-003 (a
title), 07-001 (the title shown), 11-006 (the document's language), 13-004
(every figure has alternative text: the QR code says where it leads), 10-001
and PDF/UA-1 7.21.7/7.21.8 (every character code shown, visible or invisible,
maps to Unicode; none shows .notdef), 01-005 (nothing painted outside marked
content: real content tagged, the rest an Artifact), 28-011
and 28-012 (links tagged and described), 31-001 (fonts embedded), and one
structure tree with nothing unreachable (PDF/UA-1 7.1: all real content tagged,
so a screen reader reaches the footer stamp: code, version, review state, page).

Right-to-left text in logical order is tests/test_rtl_text.py's. Not checked
(see the README's accessibility section): the checkpoints that need a human
(reading order, meaningful alt text). /Lang on the parts in another language
(the English sources of a translation) is checked.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from tests.helpers import copy_repo_library, pdf_files, structure


@pytest.fixture(scope="module")
def sample_pdfs(sample_build) -> list[Path]:
    root, _ = sample_build
    pdfs = pdf_files(root / "dist")
    assert len(pdfs) >= 28
    return pdfs


@pytest.fixture(scope="module")
def variant_pdfs(tmp_path_factory) -> list[Path]:
    """Large print, print-ready and a pack of the sample, in three scripts."""
    from click.testing import CliRunner

    from patient_leaflets.cli import cli

    root = copy_repo_library(tmp_path_factory.mktemp("variants") / "library")
    locales = [arg for locale in ("en", "ar", "zh_Hans") for arg in ("--locale", locale)]
    for args in (["--large-print"], ["--print-ready"], ["--large-print", "--print-ready"]):
        result = CliRunner().invoke(cli, ["--root", str(root), "build", "--brand", "harbourside",
                                          "--paper", "a4", "-j", "2", *locales, *args])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["--root", str(root), "pack", "spinal-manipulation",
                                      "--locale", "ar", "-o", str(root / "dist/pack.pdf")])
    assert result.exit_code == 0, result.output
    return pdf_files(root / "dist")


def _each(pdfs: list[Path]):
    for path in pdfs:
        yield path, PdfReader(path)


def check_pdf(path: Path, reader: PdfReader) -> list[str]:
    """Return the broken checkpoints of one PDF, each with its id."""
    broken = []
    root = reader.trailer["/Root"]
    metadata = root["/Metadata"].get_object().get_data()
    if not re.search(rb"pdfuaid:part(>|=\")1", metadata):
        broken.append("06-002: no PDF/UA identifier (pdfuaid:part 1) in the XMP metadata")
    if b"<dc:title>" not in metadata:
        broken.append("06-003: no dc:title in the metadata")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        broken.append("07-001: ViewerPreferences /DisplayDocTitle is not true")
    if not str(root.get("/Lang", "")).strip():
        broken.append("11-006: the document has no /Lang")
    reached, numbers, mapped = structure(reader)
    orphans = [number for number in mapped if number not in numbers]
    if orphans:
        broken.append(f"7.1: {len(orphans)} structure elements the content maps to are "
                      "unreachable from the structure tree root")
    for element in reached:
        if element.get("/S") == "/Figure" and not str(element.get("/Alt", "")).strip() \
                and not str(element.get("/ActualText", "")).strip():
            broken.append("13-004: a Figure has no alternative text")
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {int(key): value for key, value in zip(list(nums)[::2], list(nums)[1::2])}
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                broken.append(f"28-012: a link on page {number} has no /Contents")
            parent = parents.get(int(annotation.get("/StructParent", -1)))
            if parent is None or parent.get_object().get("/S") != "/Link":
                broken.append(f"28-011: a link on page {number} is not in a Link element")
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and not any(
                        key in descriptor.get_object() for key in
                        ("/FontFile", "/FontFile2", "/FontFile3")):
                    broken.append(f"31-001: a font on page {number} is not embedded")
        broken.extend(f"page {number}: {problem}" for problem in unmapped_codes(page))
        broken.extend(f"01-005: page {number}: {problem}" for problem in unmarked_content(page))
    return broken


_PAINTING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s",
             b"Do", b"sh", b"BI"}


def unmarked_content(page) -> list[str]:
    """01-005: nothing is painted outside marked content (tagged, or an Artifact)."""
    depth, found = 0, []
    for _, operator in ContentStream(page.get_contents(), None).operations:
        if operator in (b"BDC", b"BMC"):
            depth += 1
        elif operator == b"EMC":
            depth -= 1
        elif operator in _PAINTING and depth <= 0:
            found.append(f"{operator.decode()} outside marked content")
    return sorted(set(found))


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """A font's ToUnicode CMap (bfchar and bfrange entries) as a dict."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1") if "/ToUnicode" in font else ""
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, text in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(text, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def unmapped_codes(page) -> list[str]:
    """10-001 (PDF/UA-1 7.21.7): every character code shown, visible or not, maps to
    Unicode (not to nothing, U+0000, U+FEFF or U+FFFE); 7.21.8: none shows .notdef
    (code 0 of our Identity-encoded fonts). Form XObjects are followed."""
    problems: list[str] = []
    seen: set[int] = set()

    def walk(content, resources) -> None:
        fonts = resources.get("/Font", {})
        maps: dict[str, dict[int, str]] = {}
        current = None
        for operands, operator in ContentStream(content, None).operations:
            if operator == b"Tf":
                current = str(operands[0])
                if current not in maps:
                    maps[current] = _to_unicode(fonts[current].get_object())
            elif operator in (b"TJ", b"Tj", b"'", b'"'):
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                for item in strings:
                    if isinstance(item, (int, float)) or current is None:
                        continue
                    data = item.original_bytes
                    for index in range(0, len(data) - 1, 2):
                        code = int.from_bytes(data[index:index + 2], "big")
                        text = maps[current].get(code, "")
                        if code == 0:
                            problems.append(f"7.21.8: {current} shows .notdef")
                        elif text in ("", "\x00", "\ufeff", "\ufffe"):
                            problems.append(f"10-001: code {code:04x} of {current} maps to "
                                            f"no Unicode ({text!r})")
            elif operator == b"Do":
                form = resources["/XObject"][str(operands[0])].get_object()
                if form.get("/Subtype") == "/Form" and id(form) not in seen:
                    seen.add(id(form))
                    walk(form, form.get("/Resources", resources))

    walk(page.get_contents(), page["/Resources"])
    return sorted(set(problems))


def test_every_sample_pdf_meets_the_checkable_pdf_ua_conditions(sample_pdfs):
    broken = {str(path.name): found for path, reader in _each(sample_pdfs)
              if (found := check_pdf(path, reader))}
    assert broken == {}


@pytest.mark.slow
def test_large_print_print_ready_and_packs_meet_them_too(variant_pdfs):
    assert len(variant_pdfs) == 10  # 3 variants x 3 locales, and a pack
    broken = {str(path.name): found for path, reader in _each(variant_pdfs)
              if (found := check_pdf(path, reader))}
    assert broken == {}


def test_nothing_in_the_structure_tree_is_unreachable(sample_pdfs):
    # WeasyPrint gives the running footer's elements the document as parent but does not
    # list them: the footer was content no screen reader reached.
    for path, reader in _each(sample_pdfs[:4]):
        reached, numbers, mapped = structure(reader)
        assert mapped and set(mapped) <= numbers, path.name
        assert len(reached) > 50


def test_a_screen_reader_reaches_the_footer_stamp_of_every_page(sample_pdfs):
    english = next(path for path in sample_pdfs if "/default/en/" in path.as_posix()
                   and path.name.endswith("-a4.pdf"))
    pages = len(PdfReader(english).pages)
    text = subprocess.run(["pdfinfo", "-struct-text", str(english)], capture_output=True,
                          text=True, check=True).stdout
    words = "".join(re.findall(r'^\s*"(.*)"$', text, re.MULTILINE))  # the strings, in tree order
    for page in range(1, pages + 1):
        assert re.search(rf"Page {page} of {pages}", words), (page, pages)
    assert words.count("MSK-001 · Version") >= pages


def test_the_qr_code_says_where_it_leads(sample_pdfs):
    for path, reader in _each(sample_pdfs):
        if "/harbourside/" not in path.as_posix():
            continue
        reached, _, _ = structure(reader)
        alts = [str(element.get("/Alt")) for element in reached if element.get("/S") == "/Figure"]
        locale = path.parent.name.replace("_", "-")
        url = f"https://harbourside-physio.example/leaflets/spinal-manipulation?lang={locale}"
        assert any(alt.endswith(f": {url}") for alt in alts), (path.name, alts)


def test_parts_in_the_source_language_carry_their_lang(sample_pdfs):
    # The sources stay in English in every translation (11-006 for each part: /Lang where it
    # differs from the document's); the English leaflet itself needs none.
    for locale, expected in (("ar", True), ("zh_Hans", True), ("es", True), ("en", False)):
        path = next(path for path in sample_pdfs if f"/harbourside/{locale}/" in path.as_posix()
                    and path.name.endswith("-a4.pdf"))
        reached, _, _ = structure(PdfReader(path))
        english = [element for element in reached if element.get("/Lang") == "en"]
        assert bool(english) is expected, (locale, len(english))
        if expected:
            assert {element["/S"] for element in english} >= {"/LI"}, locale


# --- a second right-to-left script, with a figure and a table ------------------------------

def test_a_persian_leaflet_with_a_figure_and_a_table_meets_the_checkpoints(persian):
    [pdf] = sorted(persian.glob("*.pdf"))
    reader = PdfReader(pdf)
    assert check_pdf(pdf, reader) == []
    assert str(reader.trailer["/Root"]["/Lang"]) == "fa"
    reached, _, _ = structure(reader)
    kinds = {str(element.get("/S")) for element in reached}
    assert {"/Figure", "/Table", "/TH", "/TD"} <= kinds, kinds
    alts = [str(element.get("/Alt")) for element in reached if element.get("/S") == "/Figure"]
    assert "یک مفصل مربعی" in alts, alts
    # Extracted in logical order: pypdf reverses right-to-left runs drawn in visual order.
    text = " ".join(page.extract_text() for page in reader.pages)
    for words in ("بروشور نمونه", "اگر حالتان خوب نیست کمک بخواهید", "استراحت کنید"):
        assert words in text, words


def test_the_character_mapping_check_finds_a_code_with_no_unicode(sample_pdfs, tmp_path):
    """10-001 can fail: drop one mapping the first page uses from a font's ToUnicode."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    source = next(path for path in sample_pdfs if path.parent.name == "ar")
    writer = PdfWriter(clone_from=source)
    page = writer.pages[0]
    assert unmapped_codes(page) == []
    font = next(font.get_object() for font in page["/Resources"]["/Font"].values()
                if "Arabic" in str(font.get_object()["/BaseFont"]))
    cmap = font["/ToUnicode"].get_object().get_data()
    first = re.search(rb"beginbfchar\s*(<[0-9a-f]+> <[0-9a-f]+>)", cmap).group(1)
    replaced = StreamObject()
    replaced.set_data(cmap.replace(first + b"\n", b""))
    font[NameObject("/ToUnicode")] = writer._add_object(replaced)
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    problems = unmapped_codes(PdfReader(broken).pages[0])
    code = first[1:5].decode()
    assert any(problem.startswith(f"10-001: code {code}") for problem in problems), problems


def test_the_marked_content_check_finds_paint_outside_it(sample_pdfs, tmp_path):
    """01-005 can fail: a line drawn after the page's last marked content."""
    from pypdf import PdfWriter
    from pypdf.generic import ContentStream as Content
    from pypdf.generic import NumberObject

    writer = PdfWriter(clone_from=sample_pdfs[0])
    page = writer.pages[0]
    assert unmarked_content(page) == []
    content = Content(page.get_contents(), writer)
    content.operations.append(([], b"q"))
    content.operations.append(([NumberObject(0), NumberObject(0)], b"m"))
    content.operations.append(([NumberObject(10), NumberObject(10)], b"l"))
    content.operations.append(([], b"S"))
    content.operations.append(([], b"Q"))
    page.replace_contents(content)
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    assert unmarked_content(PdfReader(broken).pages[0]) == ["S outside marked content"]
