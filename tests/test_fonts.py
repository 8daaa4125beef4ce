"""No tofu: the font stack of a page, the glyph check against installed fonts, control characters.

These run against the real Fontconfig of the machine, which has Debian's
fonts-noto-core, fonts-noto-cjk and fonts-dejavu-core (as the build image
does): the check is only as good as its agreement with what Pango will find.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from patient_leaflets import fonts

MADE_UP = "Patient Leaflets Imaginary Sans"
PRIVATE_USE = "\ue000"  # no font installed here has it (fc-list ':charset=e000' is empty)
UNASSIGNED = "\u0378"  # no character at all: between Greek letters, never assigned


def no_installed_font_has(char: str) -> bool:
    listed = subprocess.run(["fc-list", f":charset={ord(char):x}", "file"], capture_output=True,
                            text=True, check=True).stdout
    return listed.strip() == ""


# --- font_families ---------------------------------------------------------


def test_a_latin_page_tries_the_brands_font_then_the_fallbacks():
    assert fonts.font_families("Brand Sans", "en") == ("Brand Sans", *fonts.FONT_FALLBACKS)
    assert fonts.font_families("Brand Sans", "es_MX") == ("Brand Sans", *fonts.FONT_FALLBACKS)


def test_a_family_is_tried_once():
    assert fonts.font_families("Noto Sans", "en") == ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC",
                                                      "DejaVu Sans")
    assert fonts.font_families("Noto Sans CJK SC", "zh_Hans").count("Noto Sans CJK SC") == 1


@pytest.mark.parametrize(("locale", "first"), [
    ("zh_Hans", "Noto Sans CJK SC"), ("zh", "Noto Sans CJK SC"), ("zh_Hant", "Noto Sans CJK TC"),
    ("zh_Hant_TW", "Noto Sans CJK TC"), ("ja", "Noto Sans CJK JP"), ("ko", "Noto Sans CJK KR"),
    ("ar", "Noto Sans Arabic"), ("fa", "Noto Sans Arabic"),
])
def test_a_script_with_its_own_font_puts_it_before_the_brands(locale, first):
    families = fonts.font_families("Brand Sans", locale)
    assert families[:2] == (first, "Brand Sans")
    assert set(fonts.FONT_FALLBACKS) <= set(families)


def test_every_family_the_module_names_is_installed_by_that_name():
    # A misspelt family would be silently replaced by Fontconfig's substitute.
    for family in {*fonts.FONT_FALLBACKS, *fonts.SCRIPT_FIRST.values()}:
        assert fonts.family_installed(family), family


# --- family_files and family_installed -------------------------------------


def test_an_installed_family_and_a_made_up_one():
    assert fonts.family_installed("Noto Sans")
    assert fonts.family_installed("DejaVu Sans")
    assert not fonts.family_installed(MADE_UP)
    assert fonts.family_files(MADE_UP) == ()


def test_family_files_are_that_familys_font_files():
    files = fonts.family_files("Noto Sans")
    names = {Path(path).name for path, _index in files}
    assert "NotoSans-Regular.ttf" in names and "NotoSans-Bold.ttf" in names
    assert all(name.startswith("NotoSans-") for name in names), names  # not Noto Sans Arabic, CJK...
    for path, index in files:
        assert Path(path).is_file() and index == 0


def test_family_files_of_a_collection_give_the_fonts_index():
    files = fonts.family_files("Noto Sans CJK SC")
    assert files and all(Path(path).suffix == ".ttc" for path, _index in files)
    for path, index in files:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            assert "Noto Sans CJK SC" in {name.toUnicode() for name in font["name"].names
                                          if name.nameID in (1, 16)}


@pytest.mark.parametrize("family", ["Noto Sans:style=Bold", "Noto Sans,DejaVu Sans", "Noto Sans-12"])
def test_a_family_name_is_not_read_as_a_fontconfig_pattern(family):
    assert not fonts.family_installed(family)


# --- missing_glyphs --------------------------------------------------------


def test_latin_text_has_every_glyph_in_noto_sans():
    text = "Café, naïve façade — “Straße” 25 °C, ½ dose; ¿Qué? Ça va! ŁÓDŹ œuvre €5 · 1–2"
    assert fonts.missing_glyphs(text, ["Noto Sans"]) == []


def test_a_character_no_installed_font_draws_is_reported_once_sorted():
    assert no_installed_font_has(PRIVATE_USE) and no_installed_font_has(UNASSIGNED)
    text = f"Take one{PRIVATE_USE} tablet{UNASSIGNED} a day{PRIVATE_USE}."
    assert fonts.missing_glyphs(text, ["Noto Sans"]) == [UNASSIGNED, PRIVATE_USE]
    chinese = fonts.font_families("Noto Sans", "zh_Hans")
    assert fonts.missing_glyphs(text, chinese) == [UNASSIGNED, PRIVATE_USE]


def test_fontconfigs_fallbacks_are_checked_after_the_stack():
    # Noto Sans has no Chinese, but Pango falls back on a font that has: so does the check.
    regular = next(path for path, _ in fonts.family_files("Noto Sans") if path.endswith("-Regular.ttf"))
    with TTFont(regular, lazy=True) as font:
        assert ord("药") not in font.getBestCmap()
    assert fonts.missing_glyphs("每日服药一次", ["Noto Sans"]) == []
    assert fonts.missing_glyphs("تناول قرصًا واحدًا", ["Noto Sans"]) == []


def test_characters_that_are_never_drawn_are_not_checked():
    # With no family at all nothing has a glyph: only what is drawn is reported.
    invisible = " \u00a0\u200b\u200d\u2060\ufe0f\U000e0100\n\t\x07"
    assert fonts.missing_glyphs(invisible, []) == []
    assert fonts.missing_glyphs(f"a{invisible}b", []) == ["a", "b"]


# --- control_characters ----------------------------------------------------


def test_control_characters_are_found_once_sorted():
    text = "Dose:\x07 one\x00 tablet\x1b[0m\x7f\x85, twice\u2028a day\u2029\x07"
    assert fonts.control_characters(text) == ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]


def test_newlines_tabs_and_format_characters_are_not_control_characters():
    assert fonts.control_characters("One tablet\n\ttwice a day.\n\u200b\u00ad\u200d\u00a0 ") == []


# --- describe and install_hint ---------------------------------------------


@pytest.mark.parametrize(("char", "described"), [
    ("x", "'x' (U+0078 LATIN SMALL LETTER X)"),
    ("é", "'é' (U+00E9 LATIN SMALL LETTER E WITH ACUTE)"),
    ("药", "'药' (U+836F CJK UNIFIED IDEOGRAPH-836F)"),
    ("\U0001f48a", "'\U0001f48a' (U+1F48A PILL)"),
    (PRIVATE_USE, "'\\ue000' (U+E000 unnamed character)"),  # not printable: shown escaped
    ("\x07", "'\\x07' (U+0007 unnamed character)"),
])
def test_describe_names_the_code_point_and_the_character(char, described):
    assert fonts.describe(char) == described


@pytest.mark.parametrize(("char", "package"), [
    ("药", "Debian's fonts-noto-cjk"),
    ("한", "Debian's fonts-noto-cjk"),
    ("あ", "Debian's fonts-noto-cjk"),
    ("\u3400", "fonts-hanazono"),
    ("\U00020000", "fonts-hanazono"),
    ("\U0001f48a", "fonts-noto-color-emoji"),
    ("☂", "fonts-noto-color-emoji"),
    ("\u16a0", "Debian's fonts-noto-core, or fonts-noto-extra"),
    (UNASSIGNED, "Debian's fonts-noto-core, or fonts-noto-extra"),
])
def test_install_hint_names_the_debian_package(char, package):
    assert package in fonts.install_hint(char)
