"""Placeholders: a clinic's own emergency and urgent-advice numbers in section text.

Sections say ``{emergency}`` and ``{urgent}``; each brand's ``[contact]`` fills them in,
in every language, left-to-right isolated on a right-to-left page; a brand without the
number prints a safe general phrase; a catalog cannot drop or alter one, and a section
cannot name one that does not exist.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from patient_leaflets import placeholders
from patient_leaflets.cli import cli
from tests.helpers import assert_one_error_line, copy_repo_library, pdf_text

SAMPLE = "spinal-manipulation"
VERSION = "2.0.0"
# What the urgent-help section says, per language: its first words and the words after it.
URGENT = {"en": ("When to get help urgently", "Questions to ask"),
          "ar": ("متى تطلب المساعدة", "أسئلة تطرحها"),
          "zh_Hans": ("什么时候需要紧急求助", "可以问治疗师的问题")}
NUMBERS = {"default": ("911", "+1 555 0199"), "harbourside": ("999", "111")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_repo_library(tmp_path_factory.mktemp("numbers") / "library")
    args = ["--root", str(root), "build", SAMPLE, "--paper", "a4", "--today", "2026-12-01",
            "--out", str(root / "out"), "-j", "2"]
    for locale in URGENT:
        args += ["--locale", locale]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = CliRunner().invoke(cli, [*args, "--format", "html"], catch_exceptions=False)
    assert html.exit_code == 0, html.output
    return root / "out"


def urgent_section(path, locale: str) -> str:
    text = "\n".join(pdf_text(path))
    start, end = URGENT[locale]
    return text[text.index(start):text.index(end)]


@pytest.mark.parametrize("brand", sorted(NUMBERS))
@pytest.mark.parametrize("locale", sorted(URGENT))
def test_each_brand_prints_its_own_numbers_in_the_urgent_help_section(built, brand, locale):
    emergency, urgent = NUMBERS[brand]
    section = urgent_section(built / brand / locale / f"{SAMPLE}-{VERSION}-a4.pdf", locale)
    assert emergency in section and urgent in section, section
    other = NUMBERS["harbourside" if brand == "default" else "default"]
    assert other[0] not in section and other[1] not in section
    assert "{emergency}" not in section and "{urgent}" not in section
    if locale == "en":
        assert f"Call {emergency} now" in section
    # harbourside labels its urgent number in English only: other languages print the number.
    flat = " ".join(section.split())
    assert ("call NHS 111" in flat) == (brand == "harbourside" and locale == "en")
    assert "NHS" not in flat or locale == "en"


@pytest.mark.parametrize("label, problem", [
    ('[contact.urgent_label]\nen_gb = "NHS 111"\n', "'contact.urgent_label.en_gb' is not a locale"),
    ('[contact.emergency_label]\nen = "Ambulance"\n', "labels a number the brand does not give"),
])
def test_a_wrong_number_label_is_an_error_in_brand_toml(repo_library, leaflets, label, problem):
    brand = repo_library / "brands" / "default" / "brand.toml"
    text = re.sub(r"(?m)^emergency = .*\n", "", brand.read_text(encoding="utf-8"))
    brand.write_text(text + "\n" + label, encoding="utf-8")
    run = leaflets("--root", repo_library, "build", SAMPLE, "--brand", "default", "--locale", "en")
    assert_one_error_line(run, "brands/default/brand.toml:", problem)


def test_numbers_are_isolated_left_to_right_on_an_arabic_page(built):
    html = (built / "default" / "ar" / f"{SAMPLE}-{VERSION}.html").read_text(encoding="utf-8")
    # The template's |ltr island (in a PDF with the isolates its text shaper honours).
    for number in NUMBERS["default"]:
        assert re.search(f'<bdi dir="ltr">\u2066?{re.escape(number)}\u2069?</bdi>', html), number
    # Extracted from the PDF in logical order: the groups of the number as written.
    section = urgent_section(built / "default" / "ar" / f"{SAMPLE}-{VERSION}-a4.pdf", "ar")
    assert "+1 555 0199" in section


def test_a_brand_without_numbers_prints_a_safe_general_line(repo_library, leaflets, tmp_path):
    brand = repo_library / "brands" / "default" / "brand.toml"
    text = brand.read_text(encoding="utf-8")
    brand.write_text(re.sub(r"(?m)^(emergency|urgent) = .*\n", "", text), encoding="utf-8")
    run = leaflets("--root", repo_library, "build", SAMPLE, "--brand", "default", "--locale", "en",
                   "--paper", "a4", "--out", tmp_path / "out")
    assert run.exit_code == 0, run.stderr
    section = urgent_section(tmp_path / "out" / "default" / "en" / f"{SAMPLE}-{VERSION}-a4.pdf", "en")
    flat = " ".join(section.split())
    assert "Call your local emergency number now" in flat
    assert "call your doctor or a local health advice line" in flat
    assert "911" not in flat


@pytest.mark.parametrize("change, problem", [
    (lambda text: text.replace("{emergency}", "{emergencia}"), "{emergencia}, which the source lacks"),
    (lambda text: text.replace("({emergency})", "(112)"), "{emergency} of the source"),
    (lambda text: text.replace("{urgent}", "{urgent} {urgent}"), "{urgent} more often than the source"),
])
def test_a_catalog_that_alters_a_placeholder_is_refused_at_its_line(repo_library, leaflets, tmp_path,
                                                                    change, problem):
    catalog = repo_library / "locales" / "es" / "LC_MESSAGES" / f"{SAMPLE}.po"
    lines = catalog.read_text(encoding="utf-8").split("\n")
    # The first translation the change alters (a long msgstr is wrapped over lines).
    msgstr = changed = None
    for index, line in enumerate(lines):
        if line.startswith("msgstr"):
            msgstr = index
        elif not line.startswith('"'):
            msgstr = None
        if msgstr is not None and change(line) != line:
            changed = index
            break
    assert msgstr is not None and changed is not None
    lines[changed] = change(lines[changed])
    catalog.write_text("\n".join(lines), encoding="utf-8")
    run = leaflets("--root", repo_library, "build", SAMPLE, "--locale", "es", "--brand", "default",
                   "--paper", "a4", "--out", tmp_path / "out")
    assert_one_error_line(run, f"locales/es/LC_MESSAGES/{SAMPLE}.po:{msgstr + 1}:", problem)
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_an_unknown_placeholder_is_an_error_with_file_and_line(repo_library, leaflets, tmp_path):
    section = repo_library / "leaflets" / SAMPLE / "when-to-get-help.md"
    lines = section.read_text(encoding="utf-8").split("\n")
    number = next(index for index, line in enumerate(lines) if "{urgent}" in line)
    lines[number] = lines[number].replace("{urgent}", "{nurse}")
    section.write_text("\n".join(lines), encoding="utf-8")
    for command in (["check", SAMPLE], ["build", SAMPLE, "--out", tmp_path / "out"]):
        run = leaflets("--root", repo_library, *command)
        if command[0] == "build":
            assert_one_error_line(run, f"when-to-get-help.md:{number + 1}:", "unknown placeholder {nurse}",
                                  "{emergency}", "{urgent}")
        else:
            assert run.exit_code != 0
            assert f"when-to-get-help.md:{number + 1}" in run.stdout + run.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_mismatch_reads_placeholders_as_a_translator_writes_them():
    source = "**Call {emergency} now** if you need to; or call {urgent}."
    assert placeholders.mismatch("Llame a {urgent} o ahora al {emergency}.", source) is None
    assert "leaves out the placeholder {urgent}" in placeholders.mismatch("Llame al {emergency}.", source)
    assert "{Emergency}, which the source lacks" in placeholders.mismatch(
        "{Emergency} {emergency} {urgent}", source)
    assert placeholders.mismatch("Sans numéro.", "No number here.") is None
    assert placeholders.unknown("Call {emergency}, or {ambulance}.") == ("ambulance", 21)
    assert placeholders.unknown("Braces { alone } are text.") is None
