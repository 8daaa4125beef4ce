"""Translation safety checks, through the real ``leaflets check`` and ``i18n status --check``.

Each check is broken by a catalog a translator could write, in Spanish,
Arabic (its own digits and question mark) and Simplified Chinese (full-width
punctuation, no spaces); a faithful translation in each raises nothing, and
neither do the catalogs the repository ships.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patient_leaflets.i18n.pofile import read_catalog, write_catalog
from tests.helpers import fill_catalog

TAKE = "Take **2 tablets** every 4 to 6 hours, and no more than 8 in 24 hours."
CALL = "Call {emergency} or 0800 123 4567 if you feel worse."
READ = "Read more on [our website](https://example.org/meds) or write to help@example.org."
ASK = "Is this medicine right for me?"
CITED = "Smith J. Paracetamol for acute pain in adults. BMJ 2019;364:l689."
FAITHFUL = {
    "es": {
        "Pain tablets": "Comprimidos para el dolor",
        "How to take them safely": "Cómo tomarlos con seguridad",
        "Taking the tablets": "Cómo tomar los comprimidos",
        TAKE: "Tome **2 comprimidos** cada 4 a 6 horas, y no más de 8 en 24 horas.",
        CALL: "Llame al {emergency} o al 0800 123 4567 si se encuentra peor.",
        READ: "Más información en [nuestra web](https://example.org/meds) o escriba a "
              "help@example.org.",
        "Questions to ask": "Preguntas que hacer",
        ASK: "¿Es este medicamento adecuado para mí?",
        "Sources": "Fuentes",
        CITED: CITED,  # a citation stays in its language
    },
    "ar": {
        "Pain tablets": "أقراص مسكنة للألم",
        "How to take them safely": "كيف تتناولها بأمان",
        "Taking the tablets": "تناول الأقراص",
        TAKE: "تناول **٢ قرص** كل ٤ إلى ٦ ساعات، ولا تتجاوز ٨ أقراص في ٢٤ ساعة.",
        CALL: "اتصل بالرقم {emergency} أو ٠٨٠٠ ١٢٣ ٤٥٦٧ إذا ساءت حالتك.",
        READ: "اقرأ المزيد على [موقعنا](https://example.org/meds) أو راسلنا على help@example.org.",
        "Questions to ask": "أسئلة تطرحها",
        ASK: "هل هذا الدواء مناسب لي؟",
        "Sources": "المصادر",
        CITED: CITED,
    },
    "zh_Hans": {
        "Pain tablets": "止痛药片",
        "How to take them safely": "如何安全服用",
        "Taking the tablets": "服用药片",
        TAKE: "每 4 到 6 小时服用 **2 片**，24 小时内不超过 8 片。",
        CALL: "如果感觉更糟，请拨打 {emergency} 或 0800 123 4567。",
        READ: "更多信息请见[我们的网站](https://example.org/meds)，或发邮件至 help@example.org。",
        "Questions to ask": "要问的问题",
        ASK: "这种药适合我吗？",
        "Sources": "来源",
        CITED: CITED,
    },
}
# One slip of each kind, per language: (check, message, how the faithful translation is changed).
SLIPS = {
    "numbers": (TAKE, {"es": ("4 a 6", "12 a 6"), "ar": ("٤ إلى", "١٢ إلى"),
                       "zh_Hans": ("4 到 6", "12 到 6")}),
    "placeholders": (CALL, {"es": ("{emergency}", "112"), "ar": ("{emergency}", "٩٩٩"),
                            "zh_Hans": ("{emergency}", "120")}),
    "markup": (TAKE, {"es": ("**2 comprimidos**", "2 comprimidos"),
                      "ar": ("**٢ قرص**", "٢ قرص"), "zh_Hans": ("**2 片**", "2 片")}),
    "urls": (READ, dict.fromkeys(("es", "ar", "zh_Hans"),
                                 ("https://example.org/meds", "https://example.org/medicinas"))),
    "emails": (READ, dict.fromkeys(("es", "ar", "zh_Hans"), ("help@", "ayuda@"))),
    "phones": (CALL, {"es": ("0800 123 4567", "0800 123 4576"),
                      "ar": ("٠٨٠٠ ١٢٣ ٤٥٦٧", "٠٨٠٠ ١٢٣ ٤٥٧٦"),
                      "zh_Hans": ("0800 123 4567", "0800 123 4576")}),
    "punctuation": (ASK, {"es": ("mí?", "mí"), "ar": ("لي؟", "لي"), "zh_Hans": ("我吗？", "我吗")}),
}
LOCALES = ("es", "ar", "zh_Hans")


@pytest.fixture
def library(make_library, leaflets) -> Path:
    root = make_library("translation-safety")
    for locale in LOCALES:
        run = leaflets("--root", root, "i18n", "init", locale)
        assert run.exit_code == 0, run.stderr
    return root


def catalog(root: Path, locale: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / "meds.po"


def translate(root: Path, locale: str, changed: dict[str, str] | None = None) -> None:
    fill_catalog(catalog(root, locale), {**FAITHFUL[locale], **(changed or {})})


def findings(leaflets, root: Path) -> tuple[int, list[dict]]:
    run = leaflets("--root", root, "check", "--format", "json")
    assert "Traceback" not in run.stderr
    return run.exit_code, [finding for finding in json.loads(run.stdout)["findings"]
                           if finding["code"].startswith("translation-")
                           and finding["code"] not in ("translation-incomplete",
                                                       "translation-unreviewed",
                                                       "translation-missing")]


def msgstr_line(path: Path, msgid: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(number for number, line in enumerate(lines, 1) if '"' + msgid[:20] in line)
    return next(number for number, line in enumerate(lines, 1)
                if number > start and line.startswith("msgstr"))


@pytest.mark.parametrize("locale", LOCALES)
def test_a_faithful_translation_raises_nothing(library, leaflets, locale):
    translate(library, locale)
    assert findings(leaflets, library)[1] == []


@pytest.mark.parametrize("check", sorted(SLIPS))
@pytest.mark.parametrize("locale", LOCALES)
def test_each_slip_is_found_at_its_line(library, leaflets, locale, check):
    msgid, changes = SLIPS[check]
    old, new = changes[locale]
    faithful = FAITHFUL[locale][msgid]
    assert old in faithful
    translate(library, locale, {msgid: faithful.replace(old, new)})
    code, found = findings(leaflets, library)
    # Loading refuses a catalog that alters a brand placeholder before any check reads it.
    codes = {f"translation-{check}"} | ({"translation-invalid"} if check == "placeholders" else set())
    mine = [f for f in found if f["code"] in codes]
    assert len(mine) == 1, found
    finding = mine[0]
    assert finding["path"] == f"locales/{locale}/LC_MESSAGES/meds.po"
    assert finding["line"] == msgstr_line(catalog(library, locale), msgid)
    assert finding["locale"] == locale
    if finding["code"] == "translation-invalid":
        assert "{emergency}" in finding["message"]
    else:
        assert f"leaflets-accept-{check}" in finding["message"]
    # Errors fail the check; a lost full stop is for a person to judge.
    assert finding["severity"] == ("warning" if check == "punctuation" else "error")
    assert code == (0 if check == "punctuation" else 1)


def test_the_issue_s_changed_range_is_an_error_with_what_changed(library, leaflets):
    translate(library, "es", {TAKE: FAITHFUL["es"][TAKE].replace("24 horas", "12 a 48 horas")})
    run = leaflets("--root", library, "check")
    assert run.exit_code == 1
    assert "the source's 24 is missing and 12, 48 is not in the source" in run.stdout


@pytest.mark.parametrize("locale", LOCALES)
def test_white_space_for_a_translation_is_an_error(library, leaflets, locale):
    translate(library, locale, {ASK: "  "})
    code, found = findings(leaflets, library)
    assert [f["code"] for f in found] == ["translation-blank"]
    assert code == 1


def test_a_copy_of_the_source_is_a_warning_except_where_a_copy_is_expected(library, leaflets):
    translate(library, "es", {ASK: ASK, "Sources": "Sources"})
    code, found = findings(leaflets, library)
    # The citation (a sources section) and the one-word title are copies a translator may keep.
    assert [(f["code"], f["severity"]) for f in found] == [("translation-unchanged", "warning")]
    assert code == 0


def test_a_reviewer_accepts_a_flagged_message_with_a_flag(library, leaflets):
    path = catalog(library, "es")
    translate(library, "es", {TAKE: FAITHFUL["es"][TAKE].replace("4 a 6", "cuatro a seis")})
    assert [f["code"] for f in findings(leaflets, library)[1]] == ["translation-numbers"]
    po = read_catalog(path)
    po.get(TAKE, "dosing").flags.add("leaflets-accept-numbers")
    write_catalog(path, po)
    assert "#, leaflets-accept-numbers" in path.read_text(encoding="utf-8")
    assert findings(leaflets, library) == (0, [])
    # The flag accepts that check only: a lost bold mark is still an error.
    po = read_catalog(path)
    po.get(TAKE, "dosing").string = po.get(TAKE, "dosing").string.replace("**", "")
    write_catalog(path, po)
    assert [f["code"] for f in findings(leaflets, library)[1]] == ["translation-markup"]


def test_a_fuzzy_message_is_not_checked_it_is_not_printed(library, leaflets):
    path = catalog(library, "es")
    translate(library, "es", {TAKE: "Tome 12 comprimidos."})
    po = read_catalog(path)
    po.get(TAKE, "dosing").flags.add("fuzzy")
    write_catalog(path, po)
    assert findings(leaflets, library)[1] == []


def test_status_check_fails_on_a_slip_in_any_catalog(library, leaflets):
    for locale in LOCALES:
        translate(library, locale)
    pages = library / "locales" / "es" / "LC_MESSAGES" / "templates.po"
    fill_catalog(pages, lambda msgid: msgid.replace("%(page)s", "%(page)s 2"))
    run = leaflets("--root", library, "i18n", "status", "--check")
    assert run.exit_code == 1
    assert "locales/es/LC_MESSAGES/templates.po:" in run.stderr
    assert "translation-numbers" not in run.stderr  # said in words, not codes
    assert "2 is not in the source" in run.stderr


def test_the_shipped_catalogs_raise_no_false_alarm(repo_library, leaflets):
    found = findings(leaflets, repo_library)[1]
    assert [f for f in found if f["code"] != "translation-behind"] == []
    run = leaflets("--root", repo_library, "i18n", "status", "--check")
    assert "is missing" not in run.stderr and "is not in the source" not in run.stderr
    assert "warning:" not in run.stdout + run.stderr, run.stdout + run.stderr


def write_glossary(root: Path, locale: str, text: str) -> Path:
    path = root / "locales" / locale / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_translation_without_the_glossary_s_term_is_a_warning(library, leaflets):
    write_glossary(library, "es", "source,target,note\ntablets,comprimidos,not pastillas\n")
    write_glossary(library, "zh_Hans", "source,target\ntablets,片\n")
    translate(library, "es", {TAKE: FAITHFUL["es"][TAKE].replace("comprimidos", "pastillas")})
    translate(library, "zh_Hans")
    code, found = findings(leaflets, library)
    assert [(f["code"], f["severity"], f["locale"], f["line"]) for f in found] == [
        ("translation-glossary", "warning", "es", msgstr_line(catalog(library, "es"), TAKE))]
    assert "'comprimidos' for 'tablets'" in found[0]["message"]
    assert code == 0


def test_a_broken_glossary_is_an_error_at_its_line(library, leaflets):
    write_glossary(library, "es", "source,target\ntablets,comprimidos\nTablets,pastillas\n")
    translate(library, "es")
    code, found = findings(leaflets, library)
    assert [(f["code"], f["path"], f["line"]) for f in found] == [
        ("translation-invalid", "locales/es/glossary.csv", 3)]
    assert "listed twice" in found[0]["message"]
    assert code == 1


def test_the_shipped_glossaries_are_read(repo_library):
    from patient_leaflets.i18n.glossary import read_glossary

    for locale in ("es", "fr"):
        terms = {term.source: term.target for term in read_glossary(repo_library, locale)}
        assert "spinal manipulation" in terms
