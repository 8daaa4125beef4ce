"""The translator's workflow, end to end: extract, init, translate, update, status, build.

Catalogs are real PO files written by the CLI and filled as a PO editor would;
the PDFs are opened with pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from patient_leaflets.i18n.pofile import read_catalog
from tests.helpers import REPO, assert_one_error_line, fill_catalog, pdf_files, pdf_text

SPANISH = {
    "Demo leaflet": "Folleto de prueba",
    "A short leaflet for tests": "Un folleto corto para pruebas",
    "Introduction": "Introducción",
    "This is a demo leaflet. It has **bold** text and a [link](https://example.org).":
        "Este es un folleto de prueba. Tiene texto en **negrita** y un [enlace](https://example.org).",
    "First point.": "Primer punto.",
    "Second point.": "Segundo punto.",
    "Warning signs": "Señales de alarma",
    "Call for help if you feel unwell.": "Pida ayuda si se encuentra mal.",
    "Things to ask": "Preguntas que hacer",
    "Is this right for me?": "¿Es adecuado para mí?",
    "What happens next?": "¿Qué pasa después?",
    "Page %(page)s of %(pages)s": "Página %(page)s de %(pages)s",
    "Contact us": "Contacto",
    "Reviewed %(date)s": "Revisado el %(date)s",
    "Next review %(date)s": "Próxima revisión: %(date)s",
    "Translation revised %(date)s": "Traducción revisada el %(date)s",
}
PO = "locales/es/LC_MESSAGES/demo.po"
PAGES_PO = "locales/es/LC_MESSAGES/templates.po"
REVIEWED = "reviewed 2026-11-20 by A. Reviewer, medical translator"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def spanish(msgid: str) -> str:
    """Every message translated: the real Spanish above, else a marked copy."""
    return SPANISH.get(msgid, f"[es] {msgid}")


@pytest.fixture
def library(make_library, leaflets) -> Path:
    """The minimal library with Spanish catalogs created by 'leaflets i18n init'."""
    root = make_library("minimal")
    run = leaflets("--root", root, "i18n", "init", "es")
    assert run.exit_code == 0, run.stderr
    return root


@pytest.fixture
def translated(library) -> Path:
    """The minimal library with complete, reviewed Spanish catalogs."""
    fill_catalog(library / PO, spanish, review=REVIEWED)
    fill_catalog(library / PAGES_PO, spanish, review=REVIEWED)
    return library


def build_es(leaflets, root: Path, *args: str):
    return leaflets("--root", root, "build", "--locale", "es", *args)


def catalog_messages(path: Path) -> dict[tuple[str | None, str], object]:
    with path.open("rb") as file:
        return {(m.context, m.id): m for m in read_po(file) if m.id}


# --- extraction ------------------------------------------------------------------


def test_extract_writes_one_template_per_leaflet_with_locations_context_and_comments(
        make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "i18n", "extract")
    assert run.exit_code == 0, run.stderr
    assert "wrote locales/templates/demo.pot" in run.stdout.replace(str(root) + "/", "")
    messages = catalog_messages(root / "locales/templates/demo.pot")
    assert list(messages) == [
        ("leaflet.toml", "Demo leaflet"), ("leaflet.toml", "A short leaflet for tests"),
        ("intro", "Introduction"),
        ("intro", "This is a demo leaflet. It has **bold** text and a [link](https://example.org)."),
        ("intro", "First point."), ("intro", "Second point."),
        ("warning-signs", "Warning signs"), ("warning-signs", "Call for help if you feel unwell."),
        ("checklist", "Things to ask"), ("checklist", "Is this right for me?"),
        ("checklist", "What happens next?"),
    ]
    paragraph = messages["intro", "This is a demo leaflet. It has **bold** text and a "
                                  "[link](https://example.org)."]
    assert paragraph.locations == [("leaflets/demo/intro.md", 3)]
    assert any("link target" in comment for comment in paragraph.auto_comments)
    assert messages["intro", "First point."].locations == [("leaflets/demo/intro.md", 5)]
    assert messages["intro", "Introduction"].auto_comments[0].startswith("Heading")
    warning = messages["warning-signs", "Call for help if you feel unwell."]
    assert warning.auto_comments[0].startswith("Warning box")
    assert messages["checklist", "Is this right for me?"].auto_comments[0].startswith("Checklist item")
    assert messages["checklist", "Things to ask"].locations == [("leaflets/demo/checklist.md", 3)]

    pages = catalog_messages(root / "locales/templates/templates.pot")
    page_of = pages[None, "Page %(page)s of %(pages)s"]
    assert page_of.locations[0][0] == "templates/leaflet.html.j2"
    assert "python-format" in page_of.flags
    assert any("Page 2 of 4" in comment for comment in page_of.auto_comments)
    assert (None, "Contact us") in pages and (None, "Phone") in pages


def test_extract_again_leaves_unchanged_templates_alone(make_library, leaflets):
    root = make_library("minimal")
    assert leaflets("--root", root, "i18n", "extract").exit_code == 0
    pot = root / "locales/templates/demo.pot"
    before = pot.read_bytes()
    run = leaflets("--root", root, "i18n", "extract")
    assert "unchanged" in run.stdout and "wrote" not in run.stdout
    assert pot.read_bytes() == before


def test_pybabel_extract_with_the_documented_mapping_finds_the_same_messages(tmp_path):
    # The extractor is registered as a Babel entry point; locales/babel.cfg maps files to it.
    pybabel = Path(shutil.which("pybabel", path=str(Path(__import__("sys").executable).parent)))
    out = tmp_path / "sample.pot"
    folders = [name for name in ("leaflets/spinal-manipulation", "leaflets/_shared")
               if (REPO / name).is_dir()]  # the sample uses no shared section now
    subprocess.run([pybabel, "-q", "extract", "-F", "locales/babel.cfg", "-o", out, *folders],
                   cwd=REPO, check=True)
    ours = catalog_messages(REPO / "locales/templates/spinal-manipulation.pot")
    assert set(catalog_messages(out)) == set(ours)


def test_shipped_templates_are_current(leaflets):
    # CI's guard: the committed .pot files and catalogs match the sources.
    run = leaflets("--root", REPO, "i18n", "status", "--check")
    assert run.exit_code == 0, run.stdout + run.stderr


# --- catalogs --------------------------------------------------------------------


def test_init_creates_catalogs_that_say_they_are_not_reviewed(library):
    catalog = read_catalog(library / PO)
    assert str(catalog.locale) == "es"
    assert catalog.extra_headers["X-Translation-Review"] == "not reviewed"
    assert all(not message.string for message in catalog if message.id)
    assert len([m for m in catalog if m.id]) == 11


def test_init_never_overwrites_a_catalog(library, leaflets):
    fill_catalog(library / PO, spanish)
    before = (library / PO).read_bytes()
    run = leaflets("--root", library, "i18n", "init", "es")
    assert run.exit_code == 0
    assert "kept" in run.stdout
    assert (library / PO).read_bytes() == before


@pytest.mark.parametrize("args", [["i18n", "init", "xx"], ["build", "--locale", "klingon"],
                                  ["i18n", "status", "--locale", "e s"]])
def test_an_unknown_locale_is_one_clear_error(library, leaflets, args):
    assert_one_error_line(leaflets("--root", library, *args), "unknown locale", "zh_Hans")


def test_the_source_language_needs_no_catalog(library, leaflets):
    assert_one_error_line(leaflets("--root", library, "i18n", "init", "en"),
                          "source language")


@pytest.mark.parametrize("broken, message", [
    ('msgstr "Primer punto.', "broken string"),  # the closing quote is missing
    ('msgtsr "Primer punto."', "not a valid PO file"),  # a misspelt keyword
])
def test_a_broken_catalog_is_reported_at_its_line(library, leaflets, broken, message):
    path = library / PO
    lines = path.read_text(encoding="utf-8").splitlines()
    number = lines.index('msgid "First point."') + 2  # its msgstr, 1-based
    lines[number - 1] = broken
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = build_es(leaflets, library)
    assert_one_error_line(run, f"demo.po:{number}: ", message)
    assert pdf_files(library / "dist") == []


def test_a_catalog_saved_with_a_byte_order_mark_is_read(translated, leaflets):
    path = translated / PO
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert build_es(leaflets, translated, "--release").exit_code == 0


def test_a_translated_placeholder_that_does_not_match_is_an_error(translated, leaflets):
    fill_catalog(translated / PAGES_PO, {"Page %(page)s of %(pages)s": "Página %(pagina)s de %(pages)s"})
    run = build_es(leaflets, translated)
    assert_one_error_line(run, "templates.po:", "placeholder")


def test_a_bare_percent_sign_in_a_page_string_is_an_error(translated, leaflets):
    fill_catalog(translated / PAGES_PO, {"Draft": "Borrador al 100%"})
    fill_catalog(translated / PO, {}, review="not reviewed")  # a draft, so "Draft" is printed
    run = build_es(leaflets, translated)
    assert_one_error_line(run, "templates.po:", "'Draft'", "write %% for a percent sign")


def test_a_control_character_in_a_translation_is_an_error(translated, leaflets):
    fill_catalog(translated / PO, {"First point.": "Primer\u2028punto."})
    run = build_es(leaflets, translated)
    assert_one_error_line(run, f"{PO}:", "U+2028", "remove it")
    assert pdf_files(translated / "dist") == []


@pytest.mark.parametrize("args, fragment", [
    (["i18n", "init", "zh_hans"], "write the locale as 'zh_Hans', not 'zh_hans'"),
    (["build", "--locale", "ES"], "write the locale as 'es', not 'ES'"),
])
def test_a_locale_spelt_another_way_is_corrected(library, leaflets, args, fragment):
    assert_one_error_line(leaflets("--root", library, *args), fragment)


def test_a_catalog_folder_that_is_not_a_locale_is_named(library, leaflets):
    (library / "locales/pt-BR/LC_MESSAGES").mkdir(parents=True)
    run = leaflets("--root", library, "i18n", "status")
    assert_one_error_line(run, "locales/pt-BR: ", "'pt_BR'", "rename or remove the folder")


def test_update_refuses_a_read_only_catalog(translated, leaflets):
    intro = translated / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text().replace("Second point.", "Second point, changed."))
    (translated / PO).chmod(0o444)
    before = (translated / PO).read_bytes()
    run = leaflets("--root", translated, "i18n", "update")
    assert_one_error_line(run, "demo.po: ", "read-only")
    assert (translated / PO).read_bytes() == before


# --- building a locale -----------------------------------------------------------


def test_a_complete_reviewed_translation_builds_in_spanish(translated, leaflets):
    run = build_es(leaflets, translated, "--release")
    assert run.exit_code == 0, run.stderr
    [pdf] = pdf_files(translated / "dist")
    assert pdf == translated / "dist/default/es/demo-2.1.0-a4.pdf"
    text = flat(" ".join(pdf_text(pdf)))
    for phrase in ("Folleto de prueba", "Introducción", "Este es un folleto de prueba",
                   "Señales de alarma", "¿Es adecuado para mí?", "Página 1 de 1", "Contacto",
                   # Babel's Spanish dates, from the review record and the PO header
                   "Revisado el 15 de enero de 2026", "Próxima revisión: 15 de enero de 2099",
                   "Traducción revisada el 20 de noviembre de 2026", REVIEWED):
        assert phrase in text, phrase
    for english in ("Demo leaflet", "Introduction", "Call for help", "Page 1 of", "Draft"):
        assert english not in text, english
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "es"
    info = reader.metadata
    assert info["/Title"] == "Folleto de prueba"
    assert info["/Draft"] == "false"
    assert info["/TranslationComplete"] == "true"
    assert info["/TranslationRevised"] == "2026-11-20"
    assert info["/TranslationReview"] == REVIEWED


def test_an_unreviewed_translation_is_a_draft_and_says_so_on_the_last_page(library, leaflets):
    fill_catalog(library / PO, spanish)
    fill_catalog(library / PAGES_PO, spanish)
    run = build_es(leaflets, library, "--release")
    assert run.exit_code == 1
    assert "es translation not reviewed" in run.stderr and PO in run.stderr
    assert build_es(leaflets, library).exit_code == 0
    [pdf] = pdf_files(library / "dist")
    pages = pdf_text(pdf)
    assert "[es] This translation has not been checked by a qualified reviewer yet." in flat(pages[-1])
    assert PdfReader(pdf).metadata["/TranslationReview"] == "not reviewed"


@pytest.mark.parametrize("leaflet_review, pages_review", [
    ("unreviewed", REVIEWED),  # only "reviewed YYYY-MM-DD by NAME" counts
    (REVIEWED, "not reviewed"),  # the page strings are part of the translation too
])
def test_only_a_dated_named_review_of_both_catalogs_releases(library, leaflets, leaflet_review,
                                                             pages_review):
    fill_catalog(library / PO, spanish, review=leaflet_review)
    fill_catalog(library / PAGES_PO, spanish, review=pages_review)
    run = build_es(leaflets, library, "--release")
    assert run.exit_code == 1
    assert "es translation not reviewed" in run.stderr
    assert "'reviewed YYYY-MM-DD by NAME'" in run.stderr


def test_untranslated_text_falls_back_to_english_and_makes_a_draft(library, leaflets):
    fill_catalog(library / PO, {k: v for k, v in SPANISH.items() if k != "First point."},
                 review=REVIEWED)
    fill_catalog(library / PAGES_PO, spanish, review=REVIEWED)
    run = build_es(leaflets, library, "--release")
    assert run.exit_code == 1
    assert f"es translation incomplete: 1 untranslated of 11 messages in {PO}" in run.stderr
    assert build_es(leaflets, library).exit_code == 0
    [pdf] = pdf_files(library / "dist")
    text = flat(" ".join(pdf_text(pdf)))
    assert "First point." in text and "Segundo punto." in text
    assert "[es] Parts of this leaflet are not translated yet; they are printed in inglés." in text
    info = PdfReader(pdf).metadata
    assert info["/Draft"] == "true" and info["/TranslationComplete"] == "false"
    assert "1 untranslated" in info["/DraftReasons"]


def test_a_locale_without_catalogs_builds_a_draft_in_the_source_language(make_library, leaflets):
    root = make_library("minimal")
    run = leaflets("--root", root, "build", "--locale", "fr", "--release")
    assert run.exit_code == 1
    assert "fr has no catalog locales/fr/LC_MESSAGES/demo.po" in run.stderr
    assert "leaflets i18n init fr" in run.stderr


# --- update: changed text becomes fuzzy, removed text obsolete, nothing lost --------


def test_update_marks_changed_text_fuzzy_and_keeps_the_old_translation(translated, leaflets):
    intro = translated / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text().replace("Second point.", "Second point, changed."))
    run = leaflets("--root", translated, "i18n", "update")
    assert run.exit_code == 0, run.stderr
    assert "demo.po: 0 new, 1 fuzzy, 0 obsolete" in run.stdout
    catalog = read_catalog(translated / PO)
    fuzzy = [m for m in catalog if m.id and m.fuzzy]
    assert [(m.id, m.string) for m in fuzzy] == [("Second point, changed.", "Segundo punto.")]
    # The previous source text is shown to the translator, as msgmerge does.
    assert ('#, fuzzy\n#| msgid "Second point."\nmsgctxt "intro"\nmsgid "Second point, changed."'
            in (translated / PO).read_text())
    assert all(m.string for m in catalog if m.id)
    # A second update keeps the previous text (Babel alone turns it into a comment).
    text = (translated / PO).read_text()
    assert leaflets("--root", translated, "i18n", "update").exit_code == 0
    assert (translated / PO).read_text() == text and "# |" not in text

    release = build_es(leaflets, translated, "--release")
    assert release.exit_code == 1
    assert "es translation incomplete: 1 fuzzy of 11 messages" in release.stderr
    assert build_es(leaflets, translated).exit_code == 0
    [pdf] = pdf_files(translated / "dist")
    text = flat(" ".join(pdf_text(pdf)))
    assert "Second point, changed." in text and "Segundo punto." not in text  # fuzzy: not printed
    assert PdfReader(pdf).metadata["/Draft"] == "true"

    # The translator resolves it; the previous text goes with the fuzzy flag.
    fill_catalog(translated / PO, {"Second point, changed.": "Segundo punto, cambiado."})
    assert "#|" not in (translated / PO).read_text()
    assert build_es(leaflets, translated, "--release").exit_code == 0


def test_update_keeps_removed_text_as_obsolete_and_revives_it(translated, leaflets):
    intro = translated / "leaflets/demo/intro.md"
    original = intro.read_text()
    intro.write_text(original.replace("- First point.\n", ""))
    run = leaflets("--root", translated, "i18n", "update")
    assert "1 obsolete" in run.stdout, run.stdout
    catalog = read_catalog(translated / PO)
    assert [m.string for m in catalog.obsolete.values()] == ["Primer punto."]
    assert '#~ msgid "First point."' in (translated / PO).read_text()
    assert build_es(leaflets, translated, "--release").exit_code == 0

    intro.write_text(original)
    leaflets("--root", translated, "i18n", "update")
    catalog = read_catalog(translated / PO)
    revived = catalog.get("First point.", "intro")
    assert revived.string == "Primer punto."
    assert revived.fuzzy  # obsolete entries keep no flags: the translator confirms it
    assert not catalog.obsolete
    assert catalog.extra_headers["X-Translation-Review"] == REVIEWED  # the header survives


def test_updated_catalogs_pass_msgfmt_when_long_text_changes(translated, leaflets):
    # The previous text of a long paragraph spans several #| lines; gettext must read them.
    intro = translated / "leaflets/demo/intro.md"
    long_text = "This is a demo leaflet. It has **bold** text and a [link](https://example.org)."
    intro.write_text(intro.read_text().replace(long_text, long_text + " And a second sentence "
                                               "that makes the paragraph longer than a PO line."))
    for _ in range(2):  # and again: the #| lines survive a second update unchanged
        assert leaflets("--root", translated, "i18n", "update").exit_code == 0
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", translated / PO],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    text = (translated / PO).read_text()
    assert '#| msgid ""\n#| "This is a demo leaflet.' in text
    catalog = read_catalog(translated / PO)
    [fuzzy] = [m for m in catalog if m.fuzzy and m.id]
    assert fuzzy.previous_id == [long_text]


# --- status ----------------------------------------------------------------------


def test_status_counts_each_catalog(library, leaflets):
    fill_catalog(library / PO, dict(list(SPANISH.items())[:7]))
    catalog = read_catalog(library / PO)
    catalog.get("Introduction", "intro").flags.add("fuzzy")
    from patient_leaflets.i18n.pofile import write_catalog
    write_catalog(library / PO, catalog)
    run = leaflets("--root", library, "i18n", "status")
    assert run.exit_code == 0, run.stderr
    rows = {tuple(line.split()[:6]) for line in run.stdout.splitlines()}
    assert ("demo", "es", "6", "1", "4", "54%") in rows
    assert next(r for r in rows if r[0] == "templates")[:4] == ("templates", "es", "0", "0")
    demo = next(line for line in run.stdout.splitlines() if line.startswith("demo"))
    assert "2026-11-20" in demo and "Test Translator" in demo and "not reviewed" in demo


def test_status_check_fails_when_the_sources_changed(translated, leaflets):
    assert leaflets("--root", translated, "i18n", "status", "--check").exit_code == 0
    intro = translated / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text().replace("First point.", "First point, changed."))
    run = leaflets("--root", translated, "i18n", "status", "--check")
    assert run.exit_code == 1
    assert "demo.pot: out of date; run 'leaflets i18n extract'" in run.stderr
    assert "demo.po: behind its template; run 'leaflets i18n update'" in run.stderr
    assert leaflets("--root", translated, "i18n", "update").exit_code == 0
    assert leaflets("--root", translated, "i18n", "status", "--check").exit_code == 0


# --- no tofu ---------------------------------------------------------------------


def test_a_character_no_font_has_stops_the_build(translated, leaflets):
    # U+2A6D6, a CJK Extension B ideograph: no font the set-up installs has it.
    fill_catalog(translated / PO, {"First point.": "Primer punto \U0002A6D6."})
    run = build_es(leaflets, translated)
    line = assert_one_error_line(run, "U+2A6D6", "no installed font has a glyph", "install")
    assert f"{PO}:" in line
    assert pdf_files(translated / "dist") == []


# --- the shipped catalogs --------------------------------------------------------

SHIPPED = sorted(path.relative_to(REPO) for path in (REPO / "locales").glob("*/LC_MESSAGES/*.po"))


def test_six_locales_are_shipped():
    assert {path.parts[1] for path in SHIPPED} == {"es", "fr", "ar", "zh_Hans", "ru", "vi"}
    assert len(SHIPPED) == 12


@pytest.mark.parametrize("path", SHIPPED, ids=str)
def test_shipped_catalogs_pass_msgfmt_and_babel_checks(path):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", REPO / path],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    catalog = read_catalog(REPO / path)
    assert list(catalog.check()) == []
    assert catalog.extra_headers["X-Translation-Review"] == "not reviewed"
    assert all(message.string for message in catalog if message.id)


# --- the shipped locales, end to end (the whole sample library built once) ------

LOCALES = ["es", "fr", "ar", "zh_Hans", "ru", "vi"]


def sample_pdf(sample_build, locale: str, paper: str = "a4") -> Path:
    root, _ = sample_build
    return root / "dist/default" / locale / f"spinal-manipulation-2.0.0-{paper}.pdf"


def shipped(locale: str, msgid: str, context: str | None = None) -> str:
    catalog = read_catalog(REPO / f"locales/{locale}/LC_MESSAGES/"
                                  f"{'templates' if context is None else 'spinal-manipulation'}.po")
    return catalog.get(msgid, context).string


@pytest.mark.parametrize("locale", LOCALES)
def test_each_shipped_locale_builds_translated_localized_and_marked_unreviewed(sample_build, locale):
    from babel.dates import format_date

    pdf = sample_pdf(sample_build, locale)
    reader = PdfReader(pdf)
    pages = [flat(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    title = shipped(locale, "Spinal manipulation", "leaflet.toml")
    assert title != "Spinal manipulation" and flat(title) in pages[0]
    for section, heading in (("risks", "What are the risks?"),
                             ("when-to-get-help", "When to get help urgently")):
        assert flat(shipped(locale, heading, section)) in text
    assert "What are the risks?" not in text and "Contact us" not in text
    assert reader.trailer["/Root"]["/Lang"] == locale.replace("_", "-")
    assert reader.metadata["/Title"] == title
    # The translation's revision date, written the locale's way, in every footer.
    revised = format_date(read_catalog(REPO / f"locales/{locale}/LC_MESSAGES/"
                                              "spinal-manipulation.po").revision_date.date(),
                          "long", locale=locale)
    # (In right-to-left text pypdf joins the runs of a line, such as digits, in visual order.)
    parts = revised.split() if locale == "ar" else [revised]
    assert all(flat(part) in page for page in pages for part in parts), revised
    assert reader.metadata["/TranslationReview"] == "not reviewed"
    assert flat(shipped(locale, "This translation has not been checked by a qualified reviewer "
                                "yet.")) in pages[-1]
    # Nothing is missing from the catalogs: no "not translated yet" note.
    assert shipped(locale, "Parts of this leaflet are not translated yet; they are printed in "
                           "%(language)s.").split("%")[0].strip() not in text
    # No sentence ends twice: a date written with a full stop ("1 декабря 2026 г.") ends it.
    assert not re.search(r"\w\.\.(?!\.)", text), re.findall(r".{30}\w\.\.", text)


def first_heading_x(pdf: Path, heading: str) -> float:
    """Where the text run holding ``heading`` starts on page 1, in points from the left."""
    page = PdfReader(pdf).pages[0]
    found = []

    def visit(text, cm, tm, font, size):
        if heading in text:
            found.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    assert found, heading
    return found[0]


def test_arabic_reads_in_logical_order_and_lays_out_right_to_left(sample_build):
    pdf = sample_pdf(sample_build, "ar")
    text = flat(PdfReader(pdf).pages[0].extract_text())
    first = flat(shipped("ar", "What is spinal manipulation?", "what-it-is"))
    assert first in text  # logical order: the words come out as they are written
    # A two-sentence line stays in order only when its spaces and full stops come
    # from the Arabic font too (one run of glyphs, not three).
    two_sentences = shipped("ar", "Your practitioner will ask about your health and examine you. Tell "
                                  "them about your health conditions and all the medicines you take.",
                            "before-treatment")
    assert flat(two_sentences) in text
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    # The first section opens the right-hand column in Arabic, the left-hand one in English.
    assert first_heading_x(pdf, first.split()[0]) > width / 2
    assert first_heading_x(sample_pdf(sample_build, "en"), "What is spinal manipulation?") < width / 2


def test_chinese_is_drawn_with_a_cjk_font(sample_build):
    reader = PdfReader(sample_pdf(sample_build, "zh_Hans"))
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
    # The glyph check passed (the build succeeded); the text extracts as Chinese.
    assert flat(shipped("zh_Hans", "What is spinal manipulation?", "what-it-is")) in \
        flat(reader.pages[0].extract_text())
