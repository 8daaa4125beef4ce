"""Shared fixtures: fixture libraries, the real CLI, and opened PDFs.

A fixture library is built in a temporary folder from layers: the
repository's own templates/ and brands/ (so tests render what ships), then
each named scenario under tests/data/ copied on top, file by file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from patient_leaflets.cli import cli

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
LIBRARY_FOLDERS = ("templates", "brands", "leaflets", "locales")


@pytest.fixture
def make_library(tmp_path):
    """Return a factory: ``make_library("minimal", "bad-version")`` -> library root."""

    def make(*scenarios: str, name: str = "library") -> Path:
        root = tmp_path / name
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "brands", root / "brands")
        for scenario in scenarios:
            shutil.copytree(DATA / scenario, root, dirs_exist_ok=True)
        return root

    return make


@pytest.fixture
def repo_library(tmp_path) -> Path:
    """A copy of the repository's own library (the shipped sample), outputs kept apart."""
    return copy_repo_library(tmp_path / "repo-library")


def copy_repo_library(root: Path) -> Path:
    """Copy the repository's library (not its outputs) to ``root``."""
    for name in LIBRARY_FOLDERS:
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "leaflets.toml", root / "leaflets.toml")
    return root


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The repository's own library built once, every locale and paper, through the real CLI."""
    root = copy_repo_library(tmp_path_factory.mktemp("sample") / "library")
    result = CliRunner().invoke(cli, ["--root", str(root), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root, result


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def leaflets():
    """Run the real ``leaflets`` command line: ``leaflets("--root", root, "build")``."""

    def run(*args) -> Run:
        result = CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def pdf_files(folder: Path) -> list[Path]:
    """Every PDF below ``folder``, sorted."""
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


def pdf_text(path: Path) -> list[str]:
    """The extracted text of each page of the PDF at ``path``."""
    return [page.extract_text() for page in PdfReader(path).pages]


def assert_one_error_line(run: Run, *fragments: str) -> str:
    """Assert ``run`` failed with exit 2 and one 'error: ...' line holding ``fragments``."""
    assert run.exit_code == 2, (run.exit_code, run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert line.startswith("error: "), line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    assert "Traceback" not in run.stderr
    return line


def fill_catalog(path: Path, translate, *, review: str | None = None,
                 revised: str | None = "2026-11-20 10:00+0000") -> None:
    """Translate every message of the PO file at ``path`` as a translator's editor would.

    ``translate`` is a dict from msgid to msgstr (messages not in it are left
    as they are) or a function of the msgid. ``review`` sets X-Translation-Review.
    """
    import datetime

    from patient_leaflets.catalogs import REVIEW_FIELD, read_catalog, write_catalog

    catalog = read_catalog(path)
    for message in catalog:
        if not message.id:
            continue
        text = translate.get(message.id) if isinstance(translate, dict) else translate(message.id)
        if text is not None:
            message.string = text
            message.flags.discard("fuzzy")
    if revised:
        catalog.revision_date = datetime.datetime.strptime(revised, "%Y-%m-%d %H:%M%z")
    catalog.last_translator = "Test Translator <translator@example.org>"
    if review is not None:
        catalog.extra_headers[REVIEW_FIELD] = review
    write_catalog(path, catalog)
