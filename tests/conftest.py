"""Shared fixtures: fixture libraries, the real CLI, and opened PDFs.

A fixture library is built in a temporary folder from layers: the
repository's own templates/ and brands/ (so tests render what ships), then
each named scenario under tests/data/ copied on top, file by file. The plain
helpers are in ``tests/helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from patient_leaflets.cli import cli
from tests.helpers import Run, copy_repo_library, scenario_library


@pytest.fixture
def make_library(tmp_path):
    """Return a factory: ``make_library("minimal", "bad-version")`` -> library root."""

    def make(*scenarios: str, name: str = "library") -> Path:
        return scenario_library(tmp_path / name, *scenarios)

    return make


@pytest.fixture
def repo_library(tmp_path) -> Path:
    """A copy of the repository's own library (the shipped sample), outputs kept apart."""
    return copy_repo_library(tmp_path / "repo-library")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The repository's own library built once, every locale and paper, through the real CLI."""
    root = copy_repo_library(tmp_path_factory.mktemp("sample") / "library")
    result = CliRunner().invoke(cli, ["--root", str(root), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root, result


@pytest.fixture
def leaflets():
    """Run the real ``leaflets`` command line: ``leaflets("--root", root, "build")``."""

    def run(*args) -> Run:
        result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


# --- a second right-to-left script (Persian), with a figure and a table ---------------------

PERSIAN = {
    "Demo leaflet": "بروشور نمونه",
    "A short leaflet for tests": "بروشوری کوتاه برای آزمون",
    "Introduction": "مقدمه",
    "Warning signs": "نشانه‌های هشدار",
    "Call for help if you feel unwell.": "اگر حالتان خوب نیست کمک بخواهید.",
    "Things to ask": "پرسش‌ها",
    "Is this right for me?": "آیا این برای من مناسب است؟",
    "What happens next?": "بعد چه می‌شود؟",
    "First point.": "نکته‌ی اول.",
    "Second point.": "نکته‌ی دوم.",
    "When": "کی",
    "What to do": "چه باید کرد",
    "Today": "امروز",
    "Rest": "استراحت کنید",
    "![A square joint](square.svg)": "![یک مفصل مربعی](square.svg)",
}
FIGURE = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="40mm" height="20mm">'
          '<rect x="1" y="1" width="38" height="18" fill="#ddd" stroke="#333"/></svg>\n')
TABLE_SECTION = """# Figure and table

![A square joint](square.svg)

| When | What to do |
| --- | --- |
| Today | Rest |
"""


@pytest.fixture(scope="module")
def persian(tmp_path_factory) -> Path:
    """The minimal library with a figure and a table, translated into Persian (fa), built as
    PDF and HTML through the real CLI."""
    from tests.helpers import fill_catalog

    root = scenario_library(tmp_path_factory.mktemp("persian") / "library", "minimal")
    demo = root / "leaflets/demo"
    (demo / "square.svg").write_text(FIGURE, encoding="utf-8")
    (demo / "figure.md").write_text(TABLE_SECTION, encoding="utf-8")
    config = demo / "leaflet.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        '"checklist"]', '"checklist", "figure"]'), encoding="utf-8")

    def run(*args: str) -> None:
        result = CliRunner().invoke(cli, ["--root", str(root), *args])
        assert result.exit_code == 0, result.output

    run("i18n", "init", "fa")
    fill_catalog(root / "locales/fa/LC_MESSAGES/demo.po",
                 lambda message: PERSIAN.get(message, f"ترجمه: {message}"))
    fill_catalog(root / "locales/fa/LC_MESSAGES/templates.po", lambda message: None)
    run("build", "--locale", "fa", "--today", "2026-12-01")
    run("build", "--locale", "fa", "--today", "2026-12-01", "--format", "html")
    return root / "dist/default/fa"


@pytest.fixture(scope="module")
def cups():
    """A real CUPS scheduler in a temporary configuration, with a file-backed queue."""
    from tests.cups import running_cups

    with running_cups() as server:
        yield server
