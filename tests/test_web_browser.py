"""The front desk in a real browser: Debian's Chromium through Selenium, on ``leaflets serve``.

One library, two servers started by the real command line (one with
``--allow-drafts``), one headless Chromium, one CUPS scheduler for the
print button. axe-core 4.9 (shipped inside selenium-axe-python) checks each page: every
rule, WCAG 2.2 A and AA and best practice.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cups import QUEUE, free_port
from tests.desk import LEAFLET, released_library

pytestmark = pytest.mark.slow
TODAY = datetime.date(2026, 12, 1)
CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
WAIT = 120  # seconds: a build on demand on a busy two-core machine


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    root, _ = released_library(tmp_path_factory.mktemp("browser"))
    return root


class Desk:
    """A ``leaflets serve`` process and its address."""

    def __init__(self, root: Path, cups_server: str, *extra: str):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        leaflets = Path(sys.executable).with_name("leaflets")
        self.process = subprocess.Popen(
            [str(leaflets), "--root", str(root), "serve", "--port", str(port), "--today",
             TODAY.isoformat(), *extra],
            env={**os.environ, "CUPS_SERVER": cups_server}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.startswith(f"front desk at {self.url}/"), line

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def desk(library, cups):
    server = Desk(library, cups.server)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def drafts_desk(library, cups):
    server = Desk(library, cups.server, "--allow-drafts")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--lang=en-GB", "--no-first-run"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow",
                                                        "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def by_css(browser, selector):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, selector)


def wait_for(condition, timeout: float = WAIT, what: str = "the page"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def axe_violations(browser) -> list[dict]:
    from selenium_axe_python import Axe

    axe = Axe(browser)
    axe.inject()
    return axe.run()["violations"]  # every rule axe has, best practice included


def spanish_word(root: Path) -> str:
    """Return the longest word of the sample's Spanish title, as the build prints it."""
    from patient_leaflets.library import open_library
    from patient_leaflets.web.catalogue import Catalogue

    entries = Catalogue().entries(open_library(root), TODAY)
    (spanish,) = [entry for entry in entries if entry.language.locale == "es"]
    english = {word.casefold() for entry in entries if entry.language.locale == "en"
               for word in entry.title.split()}
    words = [word for word in spanish.title.split() if word.casefold() not in english]
    return max(words, key=len)


def make_copy(browser, desk, query: str) -> None:
    """Open the leaflet page for ``query``; make its PDF on demand if needed; wait until shown."""
    browser.get(f"{desk.url}/leaflets/{LEAFLET}?{query}")
    make = [b for b in by_css(browser, "form button") if b.text == "Make the PDF"]
    if make:
        make[0].click()
        wait_for(lambda: by_css(browser, "ul.pages img"), what="the PDF to be made")


def test_search_in_spanish_finds_the_sample_and_names_languages_in_their_own_script(
        browser, desk, library):
    from selenium.webdriver.common.keys import Keys

    browser.get(desk.url + "/")
    names = browser.find_element("css selector", ".leaflets .facts:last-child").text
    assert "Español" in names and "العربية" in names and "中文" in names
    word = spanish_word(library)
    box = browser.find_element("id", "q")
    box.send_keys(word, Keys.ENTER)
    wait_for(lambda: "q=" in browser.current_url, what="the search")
    (heading,) = by_css(browser, ".leaflets h2")
    assert heading.get_attribute("lang") == "es"
    assert word in heading.text
    assert by_css(browser, ".leaflets h2 a")[0].get_attribute("href").endswith(
        f"/leaflets/{LEAFLET}?locale=es")


def test_a_copy_is_made_on_demand_shows_its_pages_and_prints_on_cups(browser, desk, cups):
    browser.get(f"{desk.url}/leaflets/{LEAFLET}?locale=en&paper=a4&print=standard")
    make = [b for b in by_css(browser, "form button") if b.text == "Make the PDF"]
    if make:  # missing: made on demand, with its progress shown until the pages replace it
        make[0].click()
        wait_for(lambda: by_css(browser, ".building progress"), what="progress")
        assert by_css(browser, ".building [role=status]")[0].text.endswith("…")
        wait_for(lambda: by_css(browser, "ul.pages img"), what="the PDF to be made")
        assert not by_css(browser, ".building")
    images = by_css(browser, "ul.pages img")
    assert images and all(browser.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", image) for image in images)
    facts = browser.find_element("css selector", "dl.facts").text
    assert "Version" in facts and "Next review" in facts and "2029-11-01" in facts
    (button,) = [b for b in by_css(browser, "form.print button") if b.text == f"Print on {QUEUE}"]
    copies = browser.find_element("id", "copies")
    copies.clear()
    copies.send_keys("2")
    button.click()
    message = wait_for(lambda: by_css(browser, ".message.done"), what="the print to be sent")
    job = message[0].text.split("(job ")[1].rstrip(").")
    data, sent, _ = cups.job(job)
    assert sent == 2 and data.startswith(b"%PDF-")


def test_arabic_large_print_download_says_so_in_its_metadata(browser, drafts_desk, downloads):
    from selenium.webdriver.support.ui import Select

    browser.get(f"{drafts_desk.url}/leaflets/{LEAFLET}")
    Select(browser.find_element("id", "locale")).select_by_visible_text("العربية")
    browser.find_element("css selector", "input[name=print][value=large]").click()
    next(b for b in by_css(browser, "form.choose button") if b.text == "Show this copy").click()
    wait_for(lambda: "locale=ar" in browser.current_url, what="the Arabic page")
    assert "print=large" in browser.current_url
    make_copy(browser, drafts_desk, browser.current_url.split("?", 1)[1])
    actions = browser.find_element("css selector", ".actions").text
    assert "Draft: not for patients" in actions  # beside the buttons, as on the paper
    for old in downloads.glob("*"):
        old.unlink()
    next(link for link in by_css(browser, "a.button") if link.text == "Download the PDF").click()
    pdf = wait_for(lambda: list(downloads.glob("*.pdf")), timeout=30, what="the download")[0]
    wait_for(lambda: pdf.stat().st_size > 0 and not list(downloads.glob("*.crdownload")),
             timeout=30, what="the download to finish")
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert reader.metadata["/LeafletVariant"] == "large"
    assert pdf.name.endswith("-large.pdf")


def test_drafts_are_not_offered_without_allow_drafts(browser, desk, drafts_desk):
    query = "locale=ar&paper=a4&print=large"
    make_copy(browser, drafts_desk, query)  # made by the other desk: the same output folder
    browser.get(f"{desk.url}/leaflets/{LEAFLET}?{query}")
    page = browser.find_element("tag name", "main").text
    assert "Draft: not for patients." in page
    assert "Download the PDF" not in page and "Print on" not in page and "Open the PDF" not in page
    try:
        urllib.request.urlopen(f"{desk.url}/leaflets/{LEAFLET}/leaflet.pdf?{query}")
        raise AssertionError("a draft was served")
    except urllib.error.HTTPError as refused:
        assert refused.code == 403


def test_the_keyboard_alone_finds_and_opens_a_leaflet(browser, desk, library):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def focused():
        return browser.switch_to.active_element

    def tab_to(check, limit=40):
        for _ in range(limit):
            ActionChains(browser).send_keys(Keys.TAB).perform()
            if check(focused()):
                return focused()
        raise AssertionError("never reached by Tab")

    browser.get(desk.url + "/")
    skip = tab_to(lambda element: element.text == "Skip to the content", limit=1)
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", skip) != "none"
    box = tab_to(lambda element: element.get_attribute("id") == "q")
    box.send_keys(spanish_word(library))
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: "q=" in browser.current_url, what="the search")
    tab_to(lambda element: element.tag_name == "a" and "locale=es" in (element.get_attribute("href") or "")
           and element.find_elements("xpath", "ancestor::h2"))
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: f"/leaflets/{LEAFLET}?locale=es" in browser.current_url, what="the leaflet page")
    # The choice of copy is a form the keyboard can fill: the language list, then Show.
    tab_to(lambda element: element.get_attribute("id") == "locale")
    tab_to(lambda element: element.text == "Show this copy")
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_for(lambda: "print=standard" in browser.current_url, what="the chosen copy")


PAGES = ["/", "/?q=zzzz-nothing", f"/leaflets/{LEAFLET}?locale=en&paper=a4",
         f"/leaflets/{LEAFLET}?locale=ar&paper=a4&print=large", f"/leaflets/{LEAFLET}?locale=fr",
         "/verify", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(browser, desk, path):
    browser.get(desk.url + path)
    violations = axe_violations(browser)
    assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_axe_finds_no_violation_in_a_verdict(browser, desk, library):
    make_copy(browser, desk, "locale=en&paper=a4&print=standard")
    (copy,) = (library / "dist" / "default" / "en").glob(f"{LEAFLET}-*-a4.pdf")
    browser.get(desk.url + "/verify")
    browser.find_element("id", "copy").send_keys(str(copy))
    next(b for b in by_css(browser, "form button") if b.text == "Check").click()
    verdict = wait_for(lambda: by_css(browser, ".message"), what="the verdict")[0].text
    assert "current:" in verdict and "can be handed out" in verdict
    assert not axe_violations(browser)


@pytest.mark.parametrize("path", [*PAGES[:3], "/verify"])
def test_readable_at_200_percent_zoom_without_scrolling_sideways(browser, desk, path):
    size = browser.get_window_size()
    browser.set_window_size(640, 1000)  # 1280 pixels at 200%: 640 CSS pixels wide
    try:
        browser.get(desk.url + path)
        width = browser.execute_script("return [document.documentElement.scrollWidth, "
                                       "document.documentElement.clientWidth]")
        assert width[0] <= width[1], width
    finally:
        browser.set_window_size(size["width"], size["height"])


def test_nothing_is_fetched_from_elsewhere(browser, desk):
    browser.get(f"{desk.url}/leaflets/{LEAFLET}?locale=en&paper=a4")
    sources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)")
    assert sources and all(source.startswith(desk.url + "/") for source in sources), sources


def test_a_request_for_another_host_name_is_refused(desk):
    request = urllib.request.Request(desk.url + "/", headers={"Host": "rebound.example:80"})
    try:
        urllib.request.urlopen(request)
        raise AssertionError("answered a request for another host")
    except urllib.error.HTTPError as refused:
        assert refused.code == 400


if not (CHROMIUM.exists() and DRIVER.exists() and Path("/usr/sbin/cupsd").exists()):
    raise RuntimeError("the browser tests need Debian's chromium, chromium-driver and cups: "
                       "scripts/setup.sh installs them")
