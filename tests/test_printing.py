"""``leaflets print`` and ``prints`` against a real CUPS scheduler (``tests/cups.py``)."""

from __future__ import annotations

import json

import pytest

from tests.cups import QUEUE
from tests.desk import LEAFLET, released_library
from tests.helpers import assert_one_error_line

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """The sample library with its content reviewed: the English copy is current and released."""
    return released_library(tmp_path_factory.mktemp("print"))


@pytest.fixture
def on_cups(cups, monkeypatch):
    monkeypatch.setenv("CUPS_SERVER", cups.server)
    return cups


def test_a_print_reaches_the_queue_with_its_copies_duplex_and_the_pdfs_bytes(released, on_cups,
                                                                              leaflets):
    released, version = released
    done = leaflets("--root", released, "print", LEAFLET, "--printer", QUEUE, "--copies", 3,
                    "--duplex", "--today", "2026-12-01")
    assert done.exit_code == 0, (done.stdout, done.stderr)
    job = done.stdout.split("(job ")[1].split(")")[0]
    data, copies, options = on_cups.job(job)
    pdf = released / "dist" / "default" / "en" / f"{LEAFLET}-{version}-a4.pdf"
    assert data == pdf.read_bytes()
    assert copies == 3
    assert options["sides"] == "two-sided-long-edge"
    assert options["media"] == "A4"

    logged = leaflets("--root", released, "prints", "--format", "json")
    entry = json.loads(logged.stdout)[-1]
    assert (entry["leaflet"], entry["version"], entry["copies"], entry["duplex"], entry["printer"],
            entry["locale"], entry["variant"], entry["draft"]) == \
        (LEAFLET, version, 3, True, QUEUE, "en", "standard", False)
    import hashlib

    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["fingerprint"].startswith("sha256:")


def test_one_sided_by_default(released, on_cups, leaflets):
    released, _ = released
    done = leaflets("--root", released, "print", LEAFLET, "--printer", QUEUE, "--paper", "letter",
                    "--today", "2026-12-01")
    assert done.exit_code == 0, done.stderr
    _, copies, options = on_cups.job(done.stdout.split("(job ")[1].split(")")[0])
    assert (copies, options["sides"], options["media"]) == (1, "one-sided", "Letter")


def test_a_missing_printer_is_one_clear_error_line(released, on_cups, leaflets):
    released, _ = released
    failed = leaflets("--root", released, "print", LEAFLET, "--printer", "no-such-printer")
    assert_one_error_line(failed, "no printer 'no-such-printer'", QUEUE)


def test_a_draft_is_refused_unless_allowed(released, on_cups, leaflets):
    released, _ = released
    # In 2040 the review of 2026 is overdue: the copy is a draft.
    refused = leaflets("--root", released, "print", LEAFLET, "--printer", QUEUE,
                       "--today", "2040-01-01")
    assert refused.exit_code == 1
    assert "draft, not for patients: clinical review overdue" in refused.stderr
    assert "Traceback" not in refused.stderr
    allowed = leaflets("--root", released, "print", LEAFLET, "--printer", QUEUE,
                       "--allow-drafts", "--today", "2040-01-01")
    assert allowed.exit_code == 0, allowed.stderr
    assert "[draft]" in allowed.stdout


def test_prints_lists_the_log_as_csv_since_a_date(released, on_cups, leaflets):
    released, version = released
    done = leaflets("--root", released, "print", LEAFLET, "--printer", QUEUE, "--today", "2026-12-01")
    assert done.exit_code == 0, done.stderr
    table = leaflets("--root", released, "prints", "--format", "csv", "--since", "2000-01-01")
    header, *rows = table.stdout.strip().split("\n")
    assert header.startswith("printed_at,leaflet,version,fingerprint,sha256,locale")
    assert rows and all(f",{LEAFLET},{version}," in row for row in rows)
    assert leaflets("--root", released, "prints", "--since", "2999-01-01").stdout.strip() == \
        "no prints logged since 2999-01-01"
