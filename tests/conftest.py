"""Shared fixtures: fixture libraries, the real CLI, and opened PDFs.

A fixture library is built in a temporary folder from layers: the
repository's own templates/ and brands/ (so tests render what ships), then
each named scenario under tests/data/ copied on top, file by file. The plain
helpers are in ``tests/helpers.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from patient_leaflets.cli import cli
from tests.helpers import DATA, REPO, Run, copy_repo_library


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
