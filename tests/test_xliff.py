"""The agency round trip: export XLIFF 1.2, edit it as a CAT tool does, import, build.

The XLIFF files are read and edited with translate-toolkit (the library CAT
tool pipelines such as Okapi and Pootle use), validated against an XLIFF 1.2
schema, and the PDF built from the imported catalog is opened with pypdf.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx, xliff

from tests.helpers import REPO, assert_one_error_line, fill_catalog, pdf_files, pdf_text
from tests.test_i18n import PAGES_PO, PO, REVIEWED, flat, spanish

SCHEMA = REPO / "tests" / "schemas" / "xliff-1.2-subset.xsd"
XLF = "demo.es.xlf"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
BOLD = "This is a demo leaflet. It has **bold** text and a [link](https://example.org)."


@pytest.fixture
def library(make_library, leaflets) -> Path:
    """The minimal library, translated into Spanish and reviewed, its catalogs committed."""
    root = make_library("minimal")
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    fill_catalog(root / PO, spanish, review=REVIEWED)
    fill_catalog(root / PAGES_PO, spanish, review=REVIEWED)
    return root


def export(leaflets, root: Path, *args: str) -> Path:
    out = root.parent / "to-agency"
    run = leaflets("--root", root, "i18n", "export", "--locale", "es", "-o", out, *args)
    assert run.exit_code == 0, run.stderr
    return out


def units(path: Path) -> dict[str, xliff.xliffunit]:
    store = xliff.xlifffile.parsefile(str(path))
    return {unit.source: unit for unit in store.units}


def test_exported_xliff_is_valid_xliff_1_2_with_what_a_translator_needs(library, leaflets):
    out = export(leaflets, library)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    for name in (XLF, "templates.es.xlf"):
        document = etree.parse(str(out / name))
        assert schema.validate(document), schema.error_log
    root = etree.parse(str(out / XLF)).getroot()
    file = root.find("x:file", NS)
    assert (file.get("original"), file.get("source-language"), file.get("target-language")) == (
        "locales/es/LC_MESSAGES/demo.po", "en", "es")
    found = units(out / XLF)
    bold = found[BOLD]  # the toolkit reads the codes' text back into the source
    assert bold.xmlelement.get("resname") == "intro"
    assert bold.getid().endswith(bold.xmlelement.get("id"))
    codes = [ph.text for ph in bold.xmlelement.find("x:source", NS).findall("x:ph", NS)]
    assert codes == ["**", "**", "[", "](https://example.org)"]
    target_codes = {ph.get("id") for ph in bold.xmlelement.find("x:target", NS).findall("x:ph", NS)}
    assert target_codes == {ph.get("id") for ph in bold.xmlelement.find("x:source", NS)}
    assert "Keep each link target" in bold.getnotes("developer")
    assert bold.getcontextgroups("po-reference") == [
        [("sourcefile", "leaflets/demo/intro.md"), ("linenumber", "3")]]
    assert bold.xmlelement.find("x:target", NS).get("state") == "translated"


def test_fuzzy_and_empty_messages_carry_their_state(library, leaflets):
    from patient_leaflets.i18n.pofile import read_catalog, write_catalog

    catalog = read_catalog(library / PO)
    catalog.get("First point.", "intro").flags.add("fuzzy")
    catalog.get("Second point.", "intro").string = ""
    catalog.get("Warning signs", "warning-signs").user_comments = ["Checked with Dr Ruiz"]
    write_catalog(library / PO, catalog)
    found = units(export(leaflets, library) / XLF)
    state = {source: unit.xmlelement.find("x:target", NS).get("state") for source, unit in found.items()}
    assert state["First point."] == "needs-review-translation"
    assert state["Second point."] == "new"
    assert state["Introduction"] == "translated"
    assert "Checked with Dr Ruiz" in found["Warning signs"].getnotes("translator")


def test_a_round_trip_with_no_edits_leaves_every_catalog_byte_identical(library, leaflets):
    catalogs = sorted((library / "locales").rglob("*.po"))
    before = {path: path.read_bytes() for path in catalogs}
    out = export(leaflets, library)
    run = leaflets("--root", library, "i18n", "import", *sorted(out.glob("*.xlf")))
    assert run.exit_code == 0, run.stderr
    assert "0 updated" in run.stdout and "0 refused" in run.stdout
    assert {path: path.read_bytes() for path in catalogs} == before


def cat_tool_edit(path: Path) -> None:
    """Translate as a CAT tool would: three new targets and one unit sent back for review."""
    store = xliff.xlifffile.parsefile(str(path))
    by_source = {unit.source: unit for unit in store.units}
    by_source["Introduction"].target = "Presentación"
    by_source["Call for help if you feel unwell."].target = "Llame si se siente mal."
    # A target with codes: the words between the tags change, the tags stay.
    target = by_source[BOLD].xmlelement.find("x:target", NS)
    target.text = "Este folleto de ejemplo tiene texto en "
    target[0].tail = "letra gruesa"
    target[1].tail = " y un "
    target[2].tail = "vínculo"
    target.set("state", "translated")
    by_source["What happens next?"].xmlelement.find("x:target", NS).set(
        "state", "needs-review-translation")
    path.write_bytes(bytes(store))


def test_a_cat_tool_s_edits_are_imported_and_printed(library, leaflets):
    out = export(leaflets, library)
    cat_tool_edit(out / XLF)
    run = leaflets("--root", library, "i18n", "import", out / XLF)
    assert run.exit_code == 0, run.stderr
    assert "4 updated" in run.stdout and "0 refused" in run.stdout
    from patient_leaflets.i18n.pofile import read_catalog

    catalog = read_catalog(library / PO)
    assert catalog.get(BOLD, "intro").string == (
        "Este folleto de ejemplo tiene texto en **letra gruesa** y un [vínculo](https://example.org).")
    assert catalog.get("What happens next?", "checklist").fuzzy
    build = leaflets("--root", library, "build", "--locale", "es")
    assert build.exit_code == 0, build.stderr
    text = flat(" ".join(pdf_text(pdf_files(library / "dist")[0])))
    for printed in ("Presentación", "Llame si se siente mal.", "letra gruesa", "vínculo"):
        assert printed in text
    # The unit sent back for review is fuzzy: its English prints, and the leaflet is a draft.
    assert "What happens next?" in text and "¿Qué pasa después?" not in text
    assert "DRAFT" in text.upper()
    # The safety checks find nothing wrong in what the agency sent.
    check = json.loads(leaflets("--root", library, "check", "--format", "json").stdout)
    assert {f["code"] for f in check["findings"] if f["code"].startswith("translation-")} == {
        "translation-incomplete"}


def test_a_fuzzy_unit_says_what_the_english_said_before(library, leaflets):
    section = library / "leaflets" / "demo" / "warning-signs.md"
    section.write_text(section.read_text().replace("if you feel unwell", "if you feel worse"))
    assert leaflets("--root", library, "i18n", "update").exit_code == 0
    unit = units(export(leaflets, library) / XLF)["Call for help if you feel worse."]
    assert unit.xmlelement.find("x:target", NS).get("state") == "needs-review-translation"
    assert "previous source text: Call for help if you feel unwell." in unit.getnotes()


def test_a_unit_whose_source_changed_is_refused_unit_by_unit(library, leaflets):
    out = export(leaflets, library)
    cat_tool_edit(out / XLF)
    section = library / "leaflets" / "demo" / "warning-signs.md"
    section.write_text(section.read_text().replace("if you feel unwell", "if you feel worse"))
    assert leaflets("--root", library, "i18n", "update").exit_code == 0
    run = leaflets("--root", library, "i18n", "import", out / XLF)
    assert run.exit_code == 1
    refused = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(refused) == 1, run.stderr
    assert "warning-signs/" in refused[0] and "export again" in refused[0]
    assert f"{XLF}:" in refused[0]  # the XLIFF file and the unit's line in it
    assert "3 updated" in run.stdout and "1 refused" in run.stdout
    from patient_leaflets.i18n.pofile import read_catalog

    catalog = read_catalog(library / PO)
    assert catalog.get("Introduction", "intro").string == "Presentación"
    changed = catalog.get("Call for help if you feel worse.", "warning-signs")
    assert changed.fuzzy and changed.string == "Pida ayuda si se encuentra mal."


@pytest.mark.parametrize("damage, fragment", [
    (lambda data: data[:-40], "not well-formed XML"),
    (lambda data: data.replace(b"locales/es/LC_MESSAGES/demo.po", b"../../etc/passwd.po"),
     "names no catalog of this library"),
    (lambda data: data.replace(b'target-language="es"', b'target-language="fr"'),
     "is not the catalog's locale"),
])
def test_a_broken_xliff_file_is_one_error_and_changes_nothing(library, leaflets, damage, fragment):
    out = export(leaflets, library)
    cat_tool_edit(out / XLF)
    (out / XLF).write_bytes(damage((out / XLF).read_bytes()))
    before = (library / PO).read_bytes()
    run = leaflets("--root", library, "i18n", "import", out / XLF)
    assert_one_error_line(run, XLF, fragment)
    assert run.exit_code == 2
    assert (library / PO).read_bytes() == before


def test_an_import_that_would_break_the_catalog_is_refused(library, leaflets):
    out = export(leaflets, library)
    store = xliff.xlifffile.parsefile(str(out / "templates.es.xlf"))
    unit = next(unit for unit in store.units if "%(page)s" in unit.source)
    target = unit.xmlelement.find("x:target", NS)
    for ph in list(target):
        target.remove(ph)
    target.text = "Página %(pagina)s"  # a placeholder the source lacks: msgfmt --check refuses it
    (out / "templates.es.xlf").write_bytes(bytes(store))
    before = (library / PAGES_PO).read_bytes()
    run = leaflets("--root", library, "i18n", "import", out / "templates.es.xlf")
    assert_one_error_line(run, "templates.es.xlf", "would break templates.po")
    assert (library / PAGES_PO).read_bytes() == before


def test_tmx_holds_every_translated_unit_of_a_locale(library, leaflets):
    out = export(leaflets, library, "--format", "tmx")
    memory = tmx.tmxfile.parsefile(str(out / "es.tmx"))
    pairs = {unit.source: unit.target for unit in memory.units}
    assert pairs["Introduction"] == "Introducción"
    assert pairs[BOLD].startswith("Este es un folleto")
    assert pairs["Page %(page)s of %(pages)s"] == "Página %(page)s de %(pages)s"
    assert all(target for target in pairs.values())


def test_exporting_twice_gives_the_same_bytes(library, leaflets):
    first = (export(leaflets, library) / XLF).read_bytes()
    assert (export(leaflets, library) / XLF).read_bytes() == first


def test_export_without_catalogs_says_how_to_start_one(make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "i18n", "export", "-o", root.parent / "out")
    assert_one_error_line(run, "no catalogs to export", "leaflets i18n init LOCALE")
    run = leaflets("--root", root, "i18n", "export", "--locale", "fr", "-o", root.parent / "out")
    assert_one_error_line(run, "fr", "leaflets i18n init fr")
    assert not (root.parent / "out").exists()


def test_an_export_with_a_catalog_missing_writes_nothing(library, leaflets):
    shutil.copytree(library / "leaflets" / "demo", library / "leaflets" / "second")
    run = leaflets("--root", library, "i18n", "export", "--locale", "es", "-o", library.parent / "out")
    assert_one_error_line(run, "second.po", "no es catalog to export")
    assert not (library.parent / "out").exists()


def test_a_tmx_memory_holds_every_leaflet(library, leaflets):
    run = leaflets("--root", library, "i18n", "export", "--format", "tmx", "demo", "-o",
                   library.parent / "out")
    assert_one_error_line(run, "name no leaflet")
