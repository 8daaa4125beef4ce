"""What the front desk's tests share: the sample library, reviewed and released as it stands."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from patient_leaflets.cli import cli

LEAFLET = "spinal-manipulation"


def leaflets(root: Path, *args: object) -> None:
    """Run the real command line on ``root``; fail the test if it fails."""
    result = CliRunner().invoke(cli, ["--root", str(root), *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def review_sample(root: Path, reviewed_on: str = "2026-11-01") -> None:
    """Record a clinical review of the sample leaflet (next review three years on)."""
    leaflets(root, "review", LEAFLET, "--by", "Dr A. Example, GP", "--on", reviewed_on)


def released_library(folder: Path) -> tuple[Path, str]:
    """A copy of the repository's library in ``folder``, its sample reviewed and released;
    return its root and the released version."""
    from tests.helpers import copy_repo_library

    root = copy_repo_library(folder / "library")
    review_sample(root)
    return root, release_sample(root)


def release_sample(root: Path) -> str:
    """Release the sample leaflet's text if it changed since its last release; return its version.

    The sample's text changes with the project; the front desk's tests need
    it released, whatever it says.
    """
    from patient_leaflets.content import content_fingerprint
    from patient_leaflets.control import read_releases
    from patient_leaflets.library import open_library

    leaflet = open_library(root).leaflet(LEAFLET)
    if not any(release.version == leaflet.version
               and release.fingerprint == content_fingerprint(leaflet)
               for release in read_releases(leaflet)):
        leaflets(root, "release", LEAFLET, "--bump", "patch", "--summary", "The text these tests use")
    return open_library(root).leaflet(LEAFLET).version
