"""``leaflets check`` through the real CLI, on fixture libraries: one finding per scenario.

Dates are given with ``--today`` (or SOURCE_DATE_EPOCH), so nothing depends
on the clock. Most tests read ``--format json``; a few read the text a person
sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import REPO, assert_one_error_line, fill_catalog

TODAY = "2026-11-21"


@pytest.fixture
def check(leaflets):
    """Run ``leaflets check --format json`` on ``root``; return (exit code, report)."""

    def run(root: Path, *args: str, today: str | None = TODAY) -> tuple[int, dict]:
        dated = ("--today", today) if today else ()
        result = leaflets("--root", root, "check", "--format", "json", *dated, *args)
        assert "Traceback" not in result.stderr
        return result.exit_code, json.loads(result.stdout)

    return run


def released(leaflets, root: Path, leaflet: str = "demo") -> Path:
    """Record the leaflet's current version, as a clinic does once its text is final."""
    run = leaflets("--root", root, "release", leaflet, "--summary", "First release",
                   "--today", "2026-11-01")
    assert run.exit_code == 0, run.stderr
    return root


def found(report: dict, code: str) -> list[dict]:
    return [finding for finding in report["findings"] if finding["code"] == code]


def codes(report: dict) -> set[str]:
    return {finding["code"] for finding in report["findings"]}


# --- The shipped sample --------------------------------------------------------


def test_sample_passes_check_apart_from_its_draft_state(repo_library, check):
    code, report = check(repo_library)
    assert code == 0, report["findings"]
    severities = {(f["severity"], f["code"]) for f in report["findings"]}
    # Its only warnings are what makes it a draft: no clinical review, unreviewed translations.
    assert {c for s, c in severities if s != "info"} == {"review-draft", "translation-unreviewed"}
    assert {c for s, c in severities if s == "info"} == {"readability-no-target",
                                                         "readability-unmeasured"}
    [draft] = found(report, "review-draft")
    assert draft["path"] == "leaflets/spinal-manipulation/leaflet.toml" and draft["locale"] is None
    unmeasured = {f["locale"] for f in found(report, "readability-unmeasured")}
    assert unmeasured == {"zh_Hans", "vi"}
    assert {entry["locale"] for entry in report["leaflets"]} == {
        "en", "es", "fr", "ar", "zh_Hans", "ru", "vi"}
    for entry in report["leaflets"]:
        assert entry["version"]["state"] == "released" and entry["review"]["state"] == "draft"


def test_readme_quotes_the_sample_figures(repo_library, check):
    """The README's readability table is what check measures, language by language."""
    _, report = check(repo_library)
    readme = (REPO / "README.md").read_text()
    for entry in report["leaflets"]:
        figures = entry["readability"]
        score = "-" if figures["score"] is None else f"{figures['score']:.1f}"
        words = "-" if figures["words"] is None else f"{figures['words']:,}"
        longest = "-" if figures["longest_sentence"] is None else str(figures["longest_sentence"])
        row = f"| {entry['locale']} | {figures['formula'] or 'none'} | {score} |"
        assert row in readme, row
        assert f"{row} {words} | {longest} |" in readme, (row, words, longest)


def test_sample_english_reads_at_grade_6_or_lower(repo_library, check):
    _, report = check(repo_library)
    [english] = [e for e in report["leaflets"] if e["locale"] == "en"]
    figures = english["readability"]
    assert figures["formula"] == "flesch-kincaid" and figures["target"] == {"max": 8}
    # The library's target is grade 8; the content brief holds the sample to grade 6.
    assert 3 < figures["score"] <= 6 and figures["meets_target"] is True
    assert figures["longest_sentence"] <= 25
    assert all(section["meets_target"] for section in figures["sections"])
    assert "sources" not in {section["section"] for section in figures["sections"]}


# --- Review ----------------------------------------------------------------------


def test_overdue_review_is_an_error_at_its_line(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    code, report = check(root, today="2099-01-16")
    assert code == 1
    [overdue] = found(report, "review-overdue")
    assert overdue["severity"] == "error"
    assert (overdue["path"], overdue["line"]) == ("leaflets/demo/leaflet.toml", 10)
    assert "overdue since 2099-01-15" in overdue["message"]
    assert "leaflets review demo --by" in overdue["message"]
    assert report["leaflets"][0]["review"] == {
        "state": "overdue", "reviewed_on": "2026-01-15", "reviewed_by": "Dr Test, GP",
        "next_review": "2099-01-15"}
    # As a person sees it: one line with the place, and the gate's line on stderr.
    text = leaflets("--root", root, "check", "--today", "2099-01-16")
    assert text.exit_code == 1
    assert ("error: leaflets/demo/leaflet.toml:10: clinical review overdue since 2099-01-15"
            in text.stdout)
    assert text.stderr.strip() == "error: check failed: 1 error (see the report)"


def test_review_due_next_month_is_a_warning(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    code, report = check(root, today="2098-12-20")
    assert code == 0
    [due] = found(report, "review-due")
    assert due["severity"] == "warning" and due["line"] == 10
    assert "due on 2099-01-15, in 26 days" in due["message"]
    assert codes(report) == {"review-due"}
    # Ninety days ahead is the default horizon; the day before it, nothing.
    _, report = check(root, today="2098-10-16")
    assert codes(report) == set()


def test_review_horizon_is_configurable(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    (root / "leaflets.toml").write_text((root / "leaflets.toml").read_text()
                                        + "\n[check]\nreview_warning_days = 365\n")
    _, report = check(root, today="2098-03-01")
    assert codes(report) == {"review-due"}


def test_check_honours_source_date_epoch(make_library, leaflets, check, monkeypatch):
    root = released(leaflets, make_library("minimal", "check-ok"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4073500800")  # 2099-01-31
    code, report = check(root, today=None)
    assert code == 1 and codes(report) == {"review-overdue"}


def test_unreviewed_leaflet_is_a_draft_warning(make_library, check):
    root = make_library("minimal", "check-ok")
    config = root / "leaflets" / "demo" / "leaflet.toml"
    config.write_text(config.read_text().split("[review]")[0])
    code, report = check(root)
    assert code == 0
    [draft] = found(report, "review-draft")
    assert draft["severity"] == "warning" and "not yet clinically reviewed" in draft["message"]


# --- Versions ----------------------------------------------------------------------


def test_unreleased_version_is_a_warning(make_library, check):
    code, report = check(make_library("minimal", "check-ok"))
    assert code == 0
    [unreleased] = found(report, "version-unreleased")
    assert unreleased["path"] == "leaflets/demo/versions.toml"
    assert "version 2.1.0 not released yet (no record in versions.toml)" in unreleased["message"]
    assert report["leaflets"][0]["version"]["state"] == "unreleased"


def test_changed_section_without_a_new_version_is_an_error(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    code, report = check(root)
    assert code == 0 and codes(report) == set()
    assert report["leaflets"][0]["version"]["state"] == "released"
    assert report["leaflets"][0]["version"]["released_on"] == "2026-11-01"

    signs = root / "leaflets" / "demo" / "warning-signs.md"
    signs.write_text(signs.read_text().replace("unwell", "very unwell"))
    code, report = check(root)
    assert code == 1
    [changed] = found(report, "version-not-bumped")
    assert (changed["path"], changed["line"]) == ("leaflets/demo/leaflet.toml", 3)
    assert "changed since version 2.1.0 was released on 2026-11-01" in changed["message"]
    assert "leaflets release demo --bump patch --summary" in changed["message"]

    # Doing what it says clears it.
    bumped = leaflets("--root", root, "release", "demo", "--bump", "patch", "--summary",
                      "Say very unwell", "--today", TODAY)
    assert bumped.exit_code == 0, bumped.stderr
    code, report = check(root)
    assert code == 0 and codes(report) == set()
    assert report["leaflets"][0]["version"]["number"] == "2.1.1"


def test_review_stamp_and_comments_do_not_change_the_content(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    assert leaflets("--root", root, "review", "demo", "--by", "Dr New", "--today",
                    TODAY).exit_code == 0
    config = root / "leaflets" / "demo" / "leaflet.toml"
    config.write_text("# A comment is not content.\n" + config.read_text())
    code, report = check(root)
    assert code == 0 and codes(report) == set()


def test_renamed_shared_section_changes_the_content(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    demo, shared = root / "leaflets" / "demo", root / "leaflets" / "_shared"
    shared.mkdir()
    (demo / "checklist.md").rename(shared / "checklist.md")  # same bytes, shared now
    code, report = check(root)
    assert code == 1 and codes(report) == {"version-not-bumped"}


# --- Readability ---------------------------------------------------------------------


def test_long_sentence_is_listed_with_its_file_and_line(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok", "check-long-sentence"))
    code, report = check(root)
    assert code == 0
    [long] = found(report, "long-sentence")
    assert long["severity"] == "warning" and long["locale"] == "en"
    assert (long["path"], long["line"]) == ("leaflets/demo/intro.md", 5)
    assert long["message"].startswith("a sentence of 29 words (limit 25): \"When you come to")
    assert report["leaflets"][0]["readability"]["longest_sentence"] == 29


def test_hard_text_fails_the_grade_target(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok", "check-hard-text"))
    code, report = check(root)
    assert code == 1
    [hard] = found(report, "readability")
    assert hard["severity"] == "error" and hard["path"] == "leaflets/demo"
    assert "too hard to read: Flesch-Kincaid grade level" in hard["message"]
    assert "target <= 8" in hard["message"]
    figures = report["leaflets"][0]["readability"]
    assert figures["score"] > 8 and figures["meets_target"] is False
    [section] = found(report, "readability-section")
    assert (section["severity"], section["path"], section["line"]) == (
        "warning", "leaflets/demo/intro.md", 1)
    intro = next(s for s in figures["sections"] if s["section"] == "intro")
    assert intro["meets_target"] is False and intro["score"] > 15


def test_readability_target_comes_from_settings(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    (root / "leaflets.toml").write_text((root / "leaflets.toml").read_text() + (
        "\n[readability]\nen = { formula = \"flesch-kincaid\", max = 1 }\n"))
    code, report = check(root)
    assert code == 1 and "readability" in codes(report)
    assert report["leaflets"][0]["readability"]["target"] == {"max": 1}


@pytest.mark.parametrize("settings, fragments", [
    ('[readability]\nen = { formula = "flesch-kincade", max = 8 }\n',
     ("leaflets.toml:8: ", "unknown formula 'flesch-kincade'", "for 'en' use: flesch-kincaid")),
    ('[readability]\nen = { formula = "fernandez-huerta", min = 60 }\n',
     ("leaflets.toml:8: ", "'fernandez-huerta' is made for 'es', not 'en'")),
    ('[readability]\nes = { formula = "fernandez-huerta", max = 60 }\n',
     ("leaflets.toml:8: ", "scores easier text higher: its target is 'min', not 'max'")),
    ('[readability]\nzh_Hans = { formula = "flesch-kincaid" }\n',
     ("textstat has no formula for this language",)),
    ('[readability.en]\nformula = "flesch-kincaid"\nmax = "8"\n',
     ("leaflets.toml:9: ", "'readability.en.max' must be a number")),
    ('[check]\nlong_sentences = 20\n',
     ("leaflets.toml:8: ", "unknown field 'check.long_sentences'", "long_sentence_words")),
    ('[check]\nsection_words = 0\n', ("leaflets.toml:8: ", "must be 1 or more")),
    ('review_interval_years = "3"\n', ("leaflets.toml:7: ", "must be a whole number")),
])
def test_bad_check_settings_are_one_error_line(make_library, leaflets, settings, fragments):
    root = make_library("minimal")
    (root / "leaflets.toml").write_text((root / "leaflets.toml").read_text() + settings)
    assert_one_error_line(leaflets("--root", root, "check"), *fragments)


# --- Structure -------------------------------------------------------------------------


def test_missing_sources_is_an_error(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal"))
    code, report = check(root)
    assert code == 1
    [sources] = found(report, "structure-sources")
    assert sources["severity"] == "error"
    assert (sources["path"], sources["line"]) == ("leaflets/demo/leaflet.toml", 5)
    assert codes(report) == {"structure-sources"}


def test_missing_checklist_and_when_to_get_help_are_warnings(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-bare"))
    code, report = check(root)
    assert code == 0
    assert codes(report) == {"structure-checklist", "structure-when-to-get-help"}
    assert {f["line"] for f in report["findings"]} == {3}


def test_structure_limits_come_from_settings(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    (root / "leaflets.toml").write_text((root / "leaflets.toml").read_text() + (
        "\n[check]\nsection_words = 10\nparagraphs_per_heading = 1\nlong_sentence_words = 6\n"))
    code, report = check(root)
    assert code == 0
    [length] = found(report, "structure-section-length")
    assert (length["path"], length["line"]) == ("leaflets/demo/intro.md", 1)
    assert "section 'intro' has 16 words (limit 10)" in length["message"]
    [headings] = found(report, "structure-headings")
    # The paragraph, then the list (its two items are one list): the list is one too many.
    assert (headings["path"], headings["line"]) == ("leaflets/demo/intro.md", 5)
    assert {(f["path"], f["line"]) for f in found(report, "long-sentence")} == {
        ("leaflets/demo/intro.md", 3), ("leaflets/demo/warning-signs.md", 7)}


def test_purpose_must_open_the_leaflet(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    intro = root / "leaflets" / "demo" / "intro.md"
    intro.write_text("# Introduction\n\n- A list first.\n- Then the rest.\n")
    _, report = check(root, "demo")
    [purpose] = found(report, "structure-purpose")
    assert (purpose["path"], purpose["line"]) == ("leaflets/demo/intro.md", 1)


# --- Translations ------------------------------------------------------------------------


def test_translations_incomplete_unreviewed_then_graded(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    code, report = check(root)
    assert code == 0  # they build as drafts already: warnings
    assert codes(report) == {"translation-incomplete", "translation-unreviewed"}
    incomplete = {f["path"]: f for f in found(report, "translation-incomplete")}
    assert "es translation incomplete: 13 untranslated of 13 messages" in \
        incomplete["locales/es/LC_MESSAGES/demo.po"]["message"]
    assert all(f["locale"] == "es" for f in report["findings"])
    [spanish] = [e for e in report["leaflets"] if e["locale"] == "es"]
    assert spanish["readability"]["score"] is None  # nothing translated to grade yet
    assert spanish["translation"] == {
        "catalog": "locales/es/LC_MESSAGES/demo.po", "exists": True, "messages": 13,
        "untranslated": 13, "fuzzy": 0, "review": "not reviewed", "reviewed": False}

    long = ("Llame para pedir ayuda si se encuentra mal, y no espere a que pase, porque "
            "cuanto antes le vea un médico o una enfermera de la clínica, antes podrá "
            "recibir la ayuda que necesita.")
    reviewed = "reviewed 2026-11-20 by A. Reviewer, medical translator"
    for domain in ("demo", "templates"):
        fill_catalog(root / "locales" / "es" / "LC_MESSAGES" / f"{domain}.po",
                     lambda msgid: long if msgid == "Call for help if you feel unwell."
                     else f"Texto {msgid}", review=reviewed)
    code, report = check(root)
    assert code == 0
    assert codes(report) == {"long-sentence"}
    [sentence] = found(report, "long-sentence")
    po = (root / "locales" / "es" / "LC_MESSAGES" / "demo.po").read_text().splitlines()
    line = po.index('msgid "Call for help if you feel unwell."') + 2  # its msgstr: the translation
    assert po[line - 1].startswith("msgstr ")
    assert (sentence["path"], sentence["line"], sentence["locale"]) == (
        "locales/es/LC_MESSAGES/demo.po", line, "es")
    [spanish] = [e for e in report["leaflets"] if e["locale"] == "es"]
    assert spanish["readability"]["formula"] == "fernandez-huerta"
    assert spanish["readability"]["target"] == {"min": 60}
    assert spanish["translation"]["reviewed"] is True


def test_locale_without_a_catalog_is_a_warning(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok"))
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text().replace('locales = ["en"]', 'locales = ["en", "vi"]'))
    code, report = check(root)
    assert code == 0
    missing = found(report, "translation-missing")
    assert {f["path"] for f in missing} == {"locales/vi/LC_MESSAGES/demo.po",
                                            "locales/vi/LC_MESSAGES/templates.po"}
    assert "run 'leaflets i18n init vi'" in missing[0]["message"]


# --- Broken inputs become findings, not crashes ---------------------------------------------


def test_broken_brand_is_an_error_finding(make_library, check):
    root = make_library("minimal", "check-ok", "err-missing-logo")
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text().replace('brands = ["default"]',
                                                     'brands = ["default", "broken", "gone"]'))
    code, report = check(root)
    assert code == 1
    broken, gone = found(report, "brand")
    assert broken["leaflet"] is None and broken["severity"] == "error"
    assert (broken["path"], broken["line"]) == ("brands/broken/brand.toml", 3)
    assert "logo file 'logo.svg' not found" in broken["message"]
    assert gone["path"] == "leaflets.toml" and "unknown brand 'gone'" in gone["message"]


def test_broken_leaflet_is_an_error_finding(make_library, check):
    code, report = check(make_library("minimal", "err-toml-syntax"))
    assert code == 1
    [broken] = found(report, "content")
    assert (broken["path"], broken["line"]) == ("leaflets/demo/leaflet.toml", 4)
    assert "TOML syntax error" in broken["message"]
    assert report["leaflets"] == []


def test_unknown_leaflet_is_bad_usage(make_library, leaflets):
    assert_one_error_line(leaflets("--root", make_library("minimal"), "check", "nope"),
                          "unknown leaflet 'nope'")


# --- Output ------------------------------------------------------------------------------------


def test_json_keys_are_stable(make_library, leaflets, check):
    root = released(leaflets, make_library("minimal", "check-ok", "check-long-sentence"))
    _, report = check(root)
    assert set(report) == {"leaflets", "findings"}
    [entry] = report["leaflets"]
    assert set(entry) == {"leaflet", "locale", "version", "review", "readability", "translation"}
    assert set(entry["version"]) == {"number", "state", "released_on", "fingerprint"}
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", entry["version"]["fingerprint"])
    assert set(entry["review"]) == {"state", "reviewed_on", "reviewed_by", "next_review"}
    assert set(entry["readability"]) == {"formula", "scale", "score", "target", "meets_target",
                                         "words", "sentences", "longest_sentence", "sections"}
    assert set(entry["readability"]["sections"][0]) == {"section", "path", "words", "score",
                                                        "meets_target"}
    assert entry["translation"] is None
    assert set(report["findings"][0]) == {"leaflet", "locale", "severity", "code", "message",
                                          "path", "line"}


def test_text_output_is_a_table_and_one_line_per_finding(make_library, leaflets):
    root = released(leaflets, make_library("minimal", "check-ok", "check-long-sentence"))
    run = leaflets("--root", root, "check", "--today", TODAY)
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["LEAFLET", "LOCALE", "VERSION", "REVIEW", "WORDS", "LONGEST",
                                "READABILITY", "TRANSLATION"]
    assert lines[1].split()[:6] == ["demo", "en", "2.1.0", "next", "2099-01-15", "66"]
    assert "flesch-kincaid" in lines[1] and "(<= 8)" in lines[1]
    assert any(line.startswith("warning: leaflets/demo/intro.md:5: a sentence of 29 words")
               and line.endswith("[long-sentence]") for line in lines)
    assert lines[-1] == "checked 1 leaflet in 1 language: 0 errors, 1 warning, 0 notes"
    verbose = leaflets("--root", root, "-v", "check", "--today", TODAY)
    assert "demo (en), by section:" in verbose.stdout
    quiet = leaflets("--root", root, "-q", "check", "--today", TODAY)
    assert quiet.stdout == ""
