"""The library: its settings read from ``leaflets.toml``, and what it holds.

``open_library`` is called on ``leaflets.toml`` files written into ``tmp_path``
(a bad setting is a ``ConfigError`` at its line) and on the ``minimal`` and
sample libraries; the ``Library`` methods on those. Asking for something the
library does not have is a ``UsageError`` that lists what it has.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from patient_leaflets.errors import ConfigError, UsageError
from patient_leaflets.library import CheckSettings, Library, Settings, find_root, open_library
from patient_leaflets.readability import Target
from patient_leaflets.variants import Variant
from tests.helpers import assert_one_error_line

SETTINGS_KEYS = ("brands, check, locales, output, papers, readability, review_interval_years, "
                 "source_locale, variants")


def library_at(tmp_path: Path, text: str) -> Path:
    """Write ``text`` as the leaflets.toml of a new library; return its root."""
    root = tmp_path / "library"
    root.mkdir(exist_ok=True)
    (root / "leaflets.toml").write_text(text, encoding="utf-8")
    return root


def settings_of(tmp_path: Path, text: str) -> Settings:
    return open_library(library_at(tmp_path, text)).settings


def settings_error(tmp_path: Path, text: str) -> ConfigError:
    root = library_at(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        open_library(root)
    assert caught.value.path == root.resolve() / "leaflets.toml"
    return caught.value


def add_catalog(root: Path, locale: str, domain: str | None = None) -> None:
    """Make locales/<locale>/LC_MESSAGES/, with <domain>.po in it when given."""
    folder = root / "locales" / locale / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    if domain:
        (folder / f"{domain}.po").write_text("", encoding="utf-8")


@pytest.fixture
def minimal(make_library) -> Library:
    return open_library(make_library("minimal"))


@pytest.fixture
def translated(make_library) -> Library:
    """The minimal library without a ``locales`` setting, with catalogs in es (demo) and fr (pages)."""
    root = make_library("minimal")
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('locales = ["en"]\n', ""),
                        encoding="utf-8")
    add_catalog(root, "es", "demo")
    add_catalog(root, "es", "templates")
    add_catalog(root, "fr", "templates")
    (root / "locales" / "templates").mkdir()  # the POT folder holds no catalogs
    return open_library(root)


# --- open_library: settings --------------------------------------------------------------


def test_settings_of_the_minimal_library(minimal, tmp_path):
    assert minimal.root == (tmp_path / "library").resolve()
    assert minimal.settings == Settings(source_locale="en", locales=("en",), brands=("default",),
                                        papers=("a4",), output=Path("dist"))
    assert minimal.settings.variants == (Variant(),)
    assert minimal.output_dir == minimal.root / "dist"


def test_an_empty_settings_file_means_the_defaults(tmp_path):
    settings = settings_of(tmp_path, "# nothing set\n")
    assert settings == Settings()
    assert (settings.source_locale, settings.locales, settings.brands, settings.papers,
            settings.variants, settings.output, settings.review_interval_years, settings.readability) == (
        "en", (), ("default",), ("a4", "letter"), (Variant(),), Path("dist"), 3, ())
    assert settings.check == CheckSettings(review_warning_days=90, long_sentence_words=25,
                                           section_words=250, paragraphs_per_heading=6)


def test_settings_of_the_sample_library(repo_library):
    library = open_library(repo_library)
    assert library.settings == Settings(
        source_locale="en", locales=(), brands=("default", "harbourside"), papers=("a4", "letter"),
        variants=(Variant(),), output=Path("dist"), review_interval_years=3, check=CheckSettings(),
        readability=(Target("en", "flesch-kincaid", 8.0), Target("es", "fernandez-huerta", 60.0)))


def test_every_setting_written(tmp_path):
    settings = settings_of(tmp_path, """\
source_locale = "es"
locales = ["es", "en_GB", "zh_Hans"]
brands = ["harbourside"]
papers = ["letter"]
variants = ["large", "standard", "large", "large-print-ready", "print-ready"]
output = "build/pdf"
review_interval_years = 2

[check]
review_warning_days = 30
long_sentence_words = 20
section_words = 300
paragraphs_per_heading = 4

[readability]
es = { formula = "szigriszt-pazos", min = 55 }
en_GB = { formula = "flesch-kincaid" }

[readability.fr]
formula = "kandel-moles"
min = 62.5
""")
    assert settings == Settings(
        source_locale="es", locales=("es", "en_GB", "zh_Hans"), brands=("harbourside",),
        papers=("letter",),
        variants=(Variant(large_print=True), Variant(), Variant(large_print=True, print_ready=True),
                  Variant(print_ready=True)),
        output=Path("build/pdf"), review_interval_years=2,
        check=CheckSettings(review_warning_days=30, long_sentence_words=20, section_words=300,
                            paragraphs_per_heading=4),
        readability=(Target("es", "szigriszt-pazos", 55.0), Target("en_GB", "flesch-kincaid", None),
                     Target("fr", "kandel-moles", 62.5)))


def test_a_limit_written_as_a_whole_number_is_a_float(tmp_path):
    [target] = settings_of(tmp_path, '[readability]\nen = { formula = "flesch-kincaid", max = 8 }\n'
                           ).readability
    assert target.limit == 8.0 and isinstance(target.limit, float)


def test_the_root_is_resolved(tmp_path, monkeypatch):
    root = library_at(tmp_path, "")
    monkeypatch.chdir(tmp_path)
    library = open_library(Path("library") / ".." / "library")
    assert library.root == root.resolve() and library.root.is_absolute()


def test_a_folder_without_settings_is_not_a_library(tmp_path):
    with pytest.raises(ConfigError) as caught:
        open_library(tmp_path)
    err = caught.value
    assert (err.path, err.line) == (tmp_path.resolve() / "leaflets.toml", None)
    assert err.message == "not found; --root must name a library folder (one holding leaflets.toml)"


@pytest.mark.parametrize(("text", "line", "message"), [
    ('source_locale = "en"\npaper = ["a4"]\n', 2, f"unknown field 'paper'; expected one of: {SETTINGS_KEYS}"),
    ('papers = ["a4", "a5"]\n', 1, "unknown paper 'a5'; use one of: a4, letter"),
    ('papers = "a4"\n', 1, "'papers' must be a list like [\"a\", \"b\"], not the string 'a4'"),
    ('brands = ["default", 2]\n', 1, "'brands' must list strings in quotes, not int 2"),
    ('source_locale = "en-GB"\n', 1, "write the locale as 'en_GB', not 'en-GB' (Babel's spelling)"),
    ('source_locale = "en"\nlocales = [\n  "en",\n  "zh-Hans",\n]\n', 4,
     "write the locale as 'zh_Hans', not 'zh-Hans' (Babel's spelling)"),
    ('locales = ["en", "xx"]\n', 1, "unknown locale 'xx'; use a Babel locale name such as 'en', 'es', 'fr', "
                                    "'ar', 'zh_Hans', 'ru', 'vi', 'pt_BR'"),
    ('variants = [\n  "standard",\n  "huge",\n]\n', 3,
     "unknown variant 'huge'; use some of: standard, large, print-ready, large-print-ready"),
    ("variants = []\n", 1, "'variants' is empty; list at least \"standard\""),
    ('output = 3\n', 1, "'output' must be a string in quotes, not int 3"),
    ("review_interval_years = 0\n", 1, "'review_interval_years' must be 1 or more, not 0"),
    ("review_interval_years = -2\n", 1, "'review_interval_years' must be 1 or more, not -2"),
    ('review_interval_years = "3"\n', 1,
     "'review_interval_years' must be a whole number, not the string '3'"),
    ("review_interval_years = true\n", 1, "'review_interval_years' must be a whole number, not true"),
    ('papers = ["a4"\n', 1, None),  # a TOML syntax error
])
def test_bad_setting_is_reported_at_its_line(tmp_path, text, line, message):
    err = settings_error(tmp_path, text)
    assert err.line == line, str(err)
    if message is None:
        assert err.message.startswith("TOML syntax error: "), err.message
    else:
        assert err.message == message
    assert str(err) == f"{err.path}:{line}: {err.message}"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("[check]\nsection_words = 0\n", 2, "'check.section_words' must be 1 or more, not 0"),
    ("[check]\nlong_sentences = 20\n", 2, "unknown field 'check.long_sentences'; expected one of: "
     "long_sentence_words, paragraphs_per_heading, review_warning_days, section_words"),
    ("[check]\nreview_warning_days = true\n", 2,
     "'check.review_warning_days' must be a whole number, not true"),
    ('[check]\n\nparagraphs_per_heading = "6"\n', 3,
     "'check.paragraphs_per_heading' must be a whole number, not the string '6'"),
    ("check = 3\n", 1, "'check' must be a table, not int 3"),
])
def test_bad_check_setting_is_reported_at_its_line(tmp_path, text, line, message):
    err = settings_error(tmp_path, text)
    assert (err.line, err.message) == (line, message)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("[readability]\nen = { max = 8 }\n", 2,
     "missing field 'readability.en.formula': add formula = ... (a string in quotes)"),
    ('[readability]\nen = { formula = "flesch" }\n', 2,
     "unknown formula 'flesch'; for 'en' use: flesch-kincaid"),
    ('[readability]\nes = { formula = "flesch-kincaid", max = 8 }\n', 2,
     "'flesch-kincaid' is made for 'en', not 'es'; for 'es' use: fernandez-huerta, szigriszt-pazos"),
    ('[readability]\nzh_Hans = { formula = "flesch-kincaid" }\n', 2,
     "'flesch-kincaid' is made for 'en', not 'zh_Hans'; for 'zh_Hans' use: none, textstat has no "
     "formula for this language; remove the entry"),
    ('[readability]\nvi = { formula = "readable" }\n', 2,
     "unknown formula 'readable'; for 'vi' use: none, textstat has no formula for this language; "
     "remove the entry"),
    ('[readability]\nen = { formula = "flesch-kincaid", min = 60 }\n', 2,
     "'flesch-kincaid' scores easier text lower: its target is 'max', not 'min'"),
    ('[readability]\n\n[readability.es]\nformula = "fernandez-huerta"\nmax = 60\n', 5,
     "'fernandez-huerta' scores easier text higher: its target is 'min', not 'max'"),
    ('[readability]\nen = { formula = "flesch-kincaid", max = "8" }\n', 2,
     "'readability.en.max' must be a number, not '8'"),
    ('[readability]\nen = { formula = "flesch-kincaid", max = true }\n', 2,
     "'readability.en.max' must be a number, not True"),
    ('[readability]\nen = { formula = "flesch-kincaid", maximum = 8 }\n', 2,
     "unknown field 'readability.en.maximum'; expected one of: formula, max, min"),
    ('[readability]\nen = { formula = 8 }\n', 2,
     "'readability.en.formula' must be a string in quotes, not int 8"),
    ('[readability]\nen = "flesch-kincaid"\n', 2,
     "'readability.en' must be a table, not the string 'flesch-kincaid'"),
    ('# targets\n[readability]\nEN = { formula = "flesch-kincaid" }\n', 3,
     "write the locale as 'en', not 'EN' (Babel's spelling)"),
])
def test_bad_readability_target_is_reported_at_its_line(tmp_path, text, line, message):
    err = settings_error(tmp_path, text)
    assert (err.line, err.message) == (line, message)


@pytest.mark.parametrize("key", ["papers", "brands"])
def test_an_empty_papers_or_brands_list_is_refused(tmp_path, key):
    err = settings_error(tmp_path, f'source_locale = "en"\n{key} = []\n')
    assert err.line == 2 and f"'{key}' is empty" in err.message, str(err)


# --- find_root ----------------------------------------------------------------------------


def test_find_root_walks_up_to_the_settings_file(minimal):
    root = minimal.root
    assert find_root(root) == root
    assert find_root(root / "leaflets" / "demo") == root
    assert find_root(root / "leaflets" / "demo" / "intro.md") == root


def test_find_root_takes_the_nearest_library(minimal):
    inner = minimal.root / "leaflets" / "demo"
    (inner / "leaflets.toml").write_text("", encoding="utf-8")
    assert find_root(inner) == inner
    assert find_root(minimal.root / "leaflets") == minimal.root


def test_find_root_resolves_a_relative_start(minimal, monkeypatch):
    monkeypatch.chdir(minimal.root / "leaflets")
    assert find_root(Path("demo")) == minimal.root


def test_find_root_outside_a_library_says_what_to_do(tmp_path):
    start = tmp_path / "not-a-library" / "deeper"
    start.mkdir(parents=True)
    if any((folder / "leaflets.toml").is_file() for folder in start.resolve().parents):
        pytest.skip("a folder above the temporary folder holds a leaflets.toml")
    with pytest.raises(UsageError) as caught:
        find_root(start)
    assert str(caught.value) == (f"no leaflets.toml found in {start.resolve()} or any folder above it; "
                                 "run the command inside a library or pass --root DIR")


# --- leaflets and brands ---------------------------------------------------------------------


def test_folders_of_the_library(minimal):
    root = minimal.root
    assert (minimal.leaflets_dir, minimal.brands_dir, minimal.templates_dir) == (
        root / "leaflets", root / "brands", root / "templates")
    assert minimal.readable_dirs == (root / "templates", root / "brands", root / "leaflets")


def test_leaflet_loads_it(minimal):
    assert minimal.leaflet_ids() == ["demo"]
    leaflet = minimal.leaflet("demo")
    assert (leaflet.id, leaflet.folder, leaflet.version) == (
        "demo", minimal.root / "leaflets" / "demo", "2.1.0")
    assert [leaflet.id for leaflet in minimal.leaflets()] == ["demo"]
    assert [leaflet.id for leaflet in minimal.leaflets(("demo", "demo"))] == ["demo", "demo"]


def test_unknown_leaflet_lists_those_there_are(minimal):
    with pytest.raises(UsageError) as caught:
        minimal.leaflet("knee")
    assert str(caught.value) == "unknown leaflet 'knee'; the library has: demo (see 'leaflets list')"
    with pytest.raises(UsageError):
        minimal.leaflets(("demo", "knee"))


def test_unknown_leaflet_in_an_empty_library(tmp_path):
    library = open_library(library_at(tmp_path, ""))
    assert library.leaflet_ids() == [] and library.leaflets() == []
    with pytest.raises(UsageError) as caught:
        library.leaflet("demo")
    assert str(caught.value) == "unknown leaflet 'demo'; the library has: (none) (see 'leaflets list')"


def test_shared_is_not_a_leaflet(minimal):
    shared = minimal.leaflets_dir / "_shared"
    shared.mkdir()
    (shared / "leaflet.toml").write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="unknown leaflet '_shared'"):
        minimal.leaflet("_shared")


def test_brand_loads_it(minimal):
    brand = minimal.brand("default")
    assert (brand.id, brand.folder, brand.name) == (
        "default", minimal.root / "brands" / "default", "Riverside Health Clinic")


def test_unknown_brand_lists_those_there_are(minimal):
    with pytest.raises(UsageError) as caught:
        minimal.brand("riverside")
    assert str(caught.value) == (f"unknown brand 'riverside'; the library has: default, harbourside "
                                 f"(folders in {minimal.root / 'brands'} with a brand.toml)")


# --- locales ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "es", "zh_Hans", "pt_BR", "en_GB"])
def test_check_locale_accepts_babel_names(minimal, locale):
    assert minimal.check_locale(locale) is None


@pytest.mark.parametrize(("locale", "message"), [
    ("es-ES", "write the locale as 'es_ES', not 'es-ES' (Babel's spelling)"),
    ("zh_hans", "write the locale as 'zh_Hans', not 'zh_hans' (Babel's spelling)"),
    ("xx", "unknown locale 'xx'; use a Babel locale name such as 'en', 'es', 'fr', 'ar', 'zh_Hans', "
           "'ru', 'vi', 'pt_BR'"),
])
def test_check_locale_refuses_other_spellings(minimal, locale, message):
    with pytest.raises(UsageError) as caught:
        minimal.check_locale(locale)
    assert str(caught.value) == message
    with pytest.raises(UsageError) as caught:
        minimal.check_target_locale(locale)
    assert str(caught.value) == message


def test_check_target_locale(minimal):
    assert minimal.check_target_locale("es") == "es"
    with pytest.raises(UsageError) as caught:
        minimal.check_target_locale("en")
    assert str(caught.value) == ("'en' is the library's source language (source_locale in leaflets.toml); "
                                 "it needs no catalog")


def test_catalog_and_template_paths(minimal):
    root = minimal.root
    assert minimal.catalog_path("es", "demo") == root / "locales" / "es" / "LC_MESSAGES" / "demo.po"
    assert minimal.catalog_path("zh_Hans", "templates") == (
        root / "locales" / "zh_Hans" / "LC_MESSAGES" / "templates.po")
    assert minimal.template_path("demo") == root / "locales" / "templates" / "demo.pot"


def test_relative_names_a_path_from_the_library_with_slashes(minimal, tmp_path, monkeypatch):
    root = minimal.root
    assert minimal.relative(root / "leaflets" / "demo" / "intro.md") == "leaflets/demo/intro.md"
    assert minimal.relative(root) == "."
    outside = tmp_path / "elsewhere" / "x.pdf"
    assert minimal.relative(outside) == outside.as_posix()
    monkeypatch.chdir(root / "leaflets")
    assert minimal.relative(Path("demo") / "intro.md") == "leaflets/demo/intro.md"


def test_locales_without_catalogs(minimal):
    assert minimal.catalog_locales() == []
    assert minimal.translated_locales("demo") == []
    assert minimal.locales_of("demo") == ["en"]
    assert minimal.locales_for("demo") == ("en",)
    assert minimal.locales_to_check("demo") == ["en"]


def test_catalog_locales_are_the_folders_with_lc_messages(translated):
    assert translated.catalog_locales() == ["es", "fr"]


def test_translated_locales_have_the_leaflets_catalog(translated):
    assert translated.translated_locales("demo") == ["es"]
    assert translated.translated_locales("knee") == []
    assert translated.locales_of("demo") == ["en", "es"]
    assert translated.locales_of("knee") == ["en"]


def test_locales_for_are_every_locale_the_leaflet_has_without_a_setting(translated):
    assert translated.settings.locales == ()
    assert translated.locales_for("demo") == ("en", "es")


def test_locales_for_are_the_setting_when_there_is_one(translated):
    library = Library(translated.root, Settings(locales=("en", "fr")))
    assert library.locales_for("demo") == ("en", "fr")


def test_locales_to_check_are_the_source_the_wanted_and_the_translated(translated):
    assert translated.locales_to_check("demo") == ["en", "es"]
    wanted = Library(translated.root, Settings(locales=("fr", "en", "es", "fr")))
    assert wanted.locales_to_check("demo") == ["en", "fr", "es"]
    assert wanted.locales_to_check("knee") == ["en", "fr", "es"]
    spanish = Library(translated.root, Settings(source_locale="es", locales=("en",)))
    with pytest.raises(ConfigError):  # es is now the source language: its catalogs are refused
        spanish.locales_to_check("demo")


@pytest.mark.parametrize(("folder", "message"), [
    ("es-ES", "write the locale as 'es_ES', not 'es-ES' (Babel's spelling); rename or remove the folder"),
    ("klingon", "unknown locale 'klingon'; use a Babel locale name such as 'en', 'es', 'fr', 'ar', "
                "'zh_Hans', 'ru', 'vi', 'pt_BR'; rename or remove the folder"),
    ("en", "catalogs for the source language are never used; rename or remove the folder"),
])
def test_a_bad_catalog_folder_is_refused(translated, folder, message):
    add_catalog(translated.root, folder, "demo")
    for call in (translated.catalog_locales, lambda: translated.translated_locales("demo"),
                 lambda: translated.locales_to_check("demo")):
        with pytest.raises(ConfigError) as caught:
            call()
        err = caught.value
        assert (err.path, err.line, err.message) == (translated.root / "locales" / folder, None, message)
        assert str(err) == f"{translated.root / 'locales' / folder}: {message}"


def test_locales_of_the_sample_library(repo_library):
    library = open_library(repo_library)
    translated = ["ar", "es", "fr", "ru", "vi", "zh_Hans"]
    assert library.catalog_locales() == translated
    assert library.translated_locales("spinal-manipulation") == translated
    assert library.locales_for("spinal-manipulation") == ("en", *translated)
    assert library.locales_to_check("spinal-manipulation") == ["en", *translated]


def test_a_leaflet_of_the_sample_library_loads(repo_library):
    leaflet = open_library(repo_library).leaflet("spinal-manipulation")
    assert (leaflet.title, leaflet.code, len(leaflet.sections), leaflet.review) == (
        "Spinal manipulation", "MSK-001", 11, None)
    assert leaflet.draft_reasons(datetime.date(2026, 1, 1)) != ()


@pytest.mark.parametrize("command", ["list", "check"])
def test_a_misnamed_catalog_folder_is_reported_before_any_leaflet_is_read(make_library, leaflets,
                                                                          command):
    root = make_library("minimal")
    (root / "locales/zh_hans/LC_MESSAGES").mkdir(parents=True)
    (root / "leaflets/demo/leaflet.toml").write_text("title = \n", encoding="utf-8")  # broken too
    run = leaflets("--root", root, command)
    assert_one_error_line(run, "locales/zh_hans: write the locale as 'zh_Hans'")


@pytest.mark.parametrize("years", [11, 100000, 10**30])
def test_a_review_interval_past_ten_years_is_refused(tmp_path, years):
    err = settings_error(tmp_path, f'source_locale = "en"\nreview_interval_years = {years}\n')
    assert err.line == 2 and "at most 10 years ahead" in err.message
