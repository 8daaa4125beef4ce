"""Making one job: whatever fails becomes that job's typed Failure, never a traceback.

The same in this process (``--jobs 1``) and in a worker: an error in the
inputs keeps its exit code and its place; a bug is one line naming the job,
exit 1, with its traceback kept for ``-v``.
"""

from __future__ import annotations

import datetime

import pytest

from patient_leaflets.build.jobs import Job
from patient_leaflets.build.maker import Failure, Maker, named
from patient_leaflets.library import open_library

TODAY = datetime.date(2026, 12, 1)
JOB = Job("demo", "2.1.0", "en", "default", "a4")


@pytest.fixture
def maker(make_library):
    return Maker(open_library(make_library("minimal")), TODAY)


def test_a_job_is_made_into_the_output_folder(maker, tmp_path):
    outcome = maker.make(JOB, tmp_path / "out")
    assert outcome.failure is None and not outcome.failed
    data = (tmp_path / "out" / JOB.path).read_bytes()
    assert data.startswith(b"%PDF-") and outcome.bytes == len(data)
    assert outcome.pages == 1 and outcome.draft_reasons == ()  # reviewed, source language
    assert outcome.translation is None  # the source language


def test_an_error_in_the_inputs_is_a_failure_with_its_exit_code(maker, tmp_path):
    outcome = maker.make(Job("demo", "9.9.9", "en", "default", "a4"), tmp_path / "out")
    assert outcome.failure is not None
    assert outcome.failure.exit_code == 2 and outcome.failure.details is None
    assert outcome.failure.message.startswith("demo (en, default, a4): the leaflet is now version")
    assert not (tmp_path / "out").exists()  # nothing written, not even half


def test_a_bug_is_a_one_line_failure_with_its_traceback_kept(maker, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the renderer")

    monkeypatch.setattr("patient_leaflets.render.html.render_documents", broken)
    outcome = maker.make(JOB, tmp_path)
    assert outcome.failure == Failure(
        "demo (en, default, a4): internal error: ZeroDivisionError: a bug in the renderer", 1,
        outcome.failure.details)
    assert "Traceback" in outcome.failure.details and "def broken" not in outcome.failure.message
    assert "raise ZeroDivisionError" in outcome.failure.details


def test_the_cli_reports_a_bug_in_one_line_and_its_traceback_with_v(make_library, leaflets,
                                                                    monkeypatch):
    root = make_library("minimal")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug in the renderer")

    monkeypatch.setattr("patient_leaflets.render.html.render_documents", broken)
    run = leaflets("--root", root, "build", "--jobs", "1")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        "error: demo (en, default, a4): internal error: ZeroDivisionError: a bug in the renderer"]
    assert "Traceback" not in run.stdout + run.stderr
    verbose = leaflets("--root", root, "-v", "build", "--jobs", "1")
    assert verbose.exit_code == 1 and "Traceback" in verbose.stderr
    assert "0 built, 0 unchanged, 0 drafts, 1 failed" in verbose.stdout


def test_a_message_names_its_job_once():
    assert named(JOB, "no such font") == "demo (en, default, a4): no such font"
    assert named(JOB, "demo (en, default, a4): refused") == "demo (en, default, a4): refused"


def test_a_maker_keeps_only_its_recent_leaflets_and_makes_each_document_right(make_library,
                                                                             tmp_path):
    import shutil

    from patient_leaflets.build.maker import RECENT_LEAFLETS
    from patient_leaflets.build.plan import plan

    root = make_library("minimal")
    count = RECENT_LEAFLETS + 4
    for number in range(1, count):
        copy = root / "leaflets" / f"demo-{number:02d}"
        shutil.copytree(root / "leaflets" / "demo", copy)
        toml = copy / "leaflet.toml"
        toml.write_text(toml.read_text(encoding="utf-8")
                        .replace('"Demo leaflet"', f'"Demo leaflet {number}"')
                        .replace('"TST-001"', f'"TST-{number + 1:03d}"'), encoding="utf-8")
    library = open_library(root)
    maker = Maker(library, TODAY)
    jobs = plan(library, maker, medium="html")
    assert len({job.leaflet for job in jobs}) == count
    for job in jobs:
        outcome = maker.make(job, tmp_path / "out")
        assert outcome.failure is None, outcome.failure
        title = maker.leaflet(job.leaflet).title
        assert f"<title>{title}" in (tmp_path / "out" / job.path).read_text(encoding="utf-8")
        assert len(maker._leaflets) <= RECENT_LEAFLETS
    # The first leaflet, no longer kept, is read again as it is now.
    shutil.rmtree(root / "leaflets" / "demo-01")
    assert maker.make(jobs[1], tmp_path / "again").failure is not None
