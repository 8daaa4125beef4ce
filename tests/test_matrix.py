"""Whole-library builds: the plan, parallel workers, incremental rebuilds, the manifest, shards.

Everything runs through the real command line on fixture libraries; the
manifest is read as JSON and the outputs' bytes and modification times
show what was made again and what was left alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import assert_one_error_line, fill_catalog, pdf_files

REVIEWED = "reviewed 2026-11-20 by T. Reviewer"


def manifest(out: Path, name: str = "manifest.json") -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


def built(stdout: str) -> list[str]:
    """The outputs a build says it made, relative to the output folder."""
    return sorted(re.sub(r".*/dist/", "", line.split()[1])
                  for line in stdout.splitlines() if line.startswith("built "))


@pytest.fixture
def spanish(make_library, leaflets):
    """The minimal library with a complete, reviewed Spanish translation of 'demo', A4 and Letter."""
    root = make_library("minimal")
    settings = root / "leaflets.toml"
    settings.write_text(settings.read_text().replace('locales = ["en"]\n', "")
                        .replace('papers = ["a4"]', 'papers = ["a4", "letter"]'))
    assert leaflets("--root", root, "i18n", "init", "es").exit_code == 0
    for po in (root / "locales/es/LC_MESSAGES").glob("*.po"):
        fill_catalog(po, lambda message: f"ES {message}", review=REVIEWED)
    return root


def test_plan_is_every_leaflet_locale_with_a_catalog_brand_paper_and_variant(repo_library, leaflets):
    run = leaflets("--root", repo_library, "build", "--dry-run")
    assert run.exit_code == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines()[1:-1]]
    assert {row[0] for row in rows} == {"build"}
    locales = {"en", "es", "fr", "ar", "zh_Hans", "ru", "vi"}
    expected = {f"{brand}/{locale}/spinal-manipulation-2.0.0-{paper}.pdf"
                for brand in ("default", "harbourside") for locale in locales
                for paper in ("a4", "letter")}
    assert {re.sub(r".*/dist/", "", row[1]) for row in rows} == expected
    assert run.stdout.splitlines()[-1] == "28 to build, 0 unchanged, 0 stale (dry run: nothing made)"
    assert not (repo_library / "dist").exists()


def test_options_narrow_the_plan_and_variants_come_from_settings(spanish, leaflets):
    settings = spanish / "leaflets.toml"
    settings.write_text(settings.read_text() + 'variants = ["standard", "large"]\n')
    run = leaflets("--root", spanish, "build", "--dry-run")
    assert run.stdout.splitlines()[-1].startswith("8 to build")  # 2 locales x 2 papers x 2 variants
    run = leaflets("--root", spanish, "build", "--dry-run", "--locale", "es", "--paper", "a4",
                   "--large-print")
    rows = [line.split()[1] for line in run.stdout.splitlines()[1:-1]]
    assert [re.sub(r".*/dist/", "", row) for row in rows] == ["default/es/demo-2.1.0-a4-large.pdf"]


def test_unknown_variant_in_settings(make_library, leaflets):
    root = make_library("minimal")
    (root / "leaflets.toml").write_text((root / "leaflets.toml").read_text() + 'variants = ["huge"]\n')
    assert_one_error_line(leaflets("--root", root, "build"), "leaflets.toml:7:",
                          "unknown variant 'huge'", "standard, large, print-ready")


def test_second_build_makes_nothing_and_force_makes_everything(spanish, leaflets):
    first = leaflets("--root", spanish, "build", "--jobs", "2")
    assert first.exit_code == 0, first.stderr
    assert len(built(first.stdout)) == 4
    assert "4 built, 0 unchanged, 0 drafts, 0 failed" in first.stdout
    times = {path: path.stat().st_mtime_ns for path in pdf_files(spanish / "dist")}
    again = leaflets("--root", spanish, "build")
    assert built(again.stdout) == []
    assert "0 built, 4 unchanged, 0 drafts, 0 failed" in again.stdout
    assert {path: path.stat().st_mtime_ns for path in pdf_files(spanish / "dist")} == times
    forced = leaflets("--root", spanish, "build", "--force", "--jobs", "1")
    assert len(built(forced.stdout)) == 4


def test_changing_one_spanish_catalog_rebuilds_only_the_spanish_jobs(spanish, leaflets):
    assert leaflets("--root", spanish, "build").exit_code == 0
    before = manifest(spanish / "dist")
    fill_catalog(spanish / "locales/es/LC_MESSAGES/demo.po",
                 {"Warning signs": "Señales de alarma"}, review=REVIEWED)
    run = leaflets("--root", spanish, "build")
    assert built(run.stdout) == ["default/es/demo-2.1.0-a4.pdf", "default/es/demo-2.1.0-letter.pdf"]
    after = manifest(spanish / "dist")
    changed = {record["path"] for record in after["outputs"]} - {
        (record["path"]) for record in after["outputs"] if record in before["outputs"]}
    assert changed == {"default/es/demo-2.1.0-a4.pdf", "default/es/demo-2.1.0-letter.pdf"}


@pytest.mark.parametrize(("change", "rebuilt"), [
    ("templates/leaflet.css", 4),  # every document uses the templates
    ("brands/default/brand.toml", 4),
    ("leaflets/demo/intro.md", 4),
    ("brands/harbourside/brand.toml", 0),  # not a brand this library builds
])
def test_what_a_change_rebuilds(spanish, leaflets, change, rebuilt):
    assert leaflets("--root", spanish, "build").exit_code == 0
    path = spanish / change
    path.write_text(path.read_text() + "\n")
    assert len(built(leaflets("--root", spanish, "build").stdout)) == rebuilt


def test_a_rebuild_reads_the_sections_of_what_it_makes_and_a_bad_one_still_stops_it(
        spanish, leaflets, monkeypatch):
    """Planning reads each leaflet.toml; a leaflet's sections are read and checked when one of
    its documents is to be made (an unchanged one passed when it was made), before any is."""
    from patient_leaflets import content

    assert leaflets("--root", spanish, "build").exit_code == 0
    read: list[Path] = []
    parse_section = content.parse_section
    monkeypatch.setattr(content, "parse_section",
                        lambda path, *args: read.append(path) or parse_section(path, *args))
    again = leaflets("--root", spanish, "build")
    assert "0 built, 4 unchanged" in again.stdout and read == []
    intro = spanish / "leaflets/demo/intro.md"
    intro.write_text(intro.read_text() + "\n![](joint.svg)\n")
    for command in (("build", "--dry-run"), ("build",)):
        run = leaflets("--root", spanish, *command)
        assert_one_error_line(run, "leaflets/demo/intro.md:8:", "no alternative text")
        assert intro in read
    assert built(run.stdout) == []


def test_a_deleted_or_altered_output_is_made_again(spanish, leaflets):
    assert leaflets("--root", spanish, "build").exit_code == 0
    (spanish / "dist/default/es/demo-2.1.0-a4.pdf").unlink()
    (spanish / "dist/default/en/demo-2.1.0-letter.pdf").write_bytes(b"%PDF-1.7 truncated")
    assert built(leaflets("--root", spanish, "build").stdout) == [
        "default/en/demo-2.1.0-letter.pdf", "default/es/demo-2.1.0-a4.pdf"]


def test_manifest_records_every_output(spanish, leaflets):
    import hashlib

    assert leaflets("--root", spanish, "build").exit_code == 0
    data = manifest(spanish / "dist")
    assert data["format"] == 1 and data["stale"] == [] and data["shard"] is None
    records = {record["path"]: record for record in data["outputs"]}
    assert sorted(records) == ["default/en/demo-2.1.0-a4.pdf", "default/en/demo-2.1.0-letter.pdf",
                               "default/es/demo-2.1.0-a4.pdf", "default/es/demo-2.1.0-letter.pdf"]
    record = records["default/es/demo-2.1.0-a4.pdf"]
    data_bytes = (spanish / "dist" / record["path"]).read_bytes()
    assert record == record | {
        "leaflet": "demo", "version": "2.1.0", "locale": "es", "brand": "default", "paper": "a4",
        "variant": "standard", "format": "pdf", "pages": 1, "bytes": len(data_bytes),
        "sha256": hashlib.sha256(data_bytes).hexdigest(), "reviewed_on": "2026-01-15",
        "reviewed_by": "Dr Test, GP", "next_review": "2099-01-15", "draft": False,
        "draft_reasons": [],
        "translation": {"complete": True, "review": REVIEWED, "revised": "2026-11-20"}}
    assert record["fingerprint"].startswith("sha256:")
    assert records["default/en/demo-2.1.0-a4.pdf"]["translation"] is None


def test_a_failing_job_does_not_stop_the_others(make_library, leaflets):
    root = make_library("minimal")
    other = root / "leaflets/other"
    other.mkdir()
    for name in ("leaflet.toml", "intro.md", "warning-signs.md", "checklist.md"):
        (other / name).write_text((root / "leaflets/demo" / name).read_text())
    (other / "intro.md").write_text("# Introduction\n\nA rare character: \U0002A6D6.\n")
    run = leaflets("--root", root, "build", "--jobs", "2")
    assert run.exit_code == 2
    assert built(run.stdout) == ["default/en/demo-2.1.0-a4.pdf"]
    assert "1 built, 0 unchanged, 0 drafts, 1 failed" in run.stdout
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ")
    assert "leaflets/other/intro.md:3:" in errors[0] and "U+2A6D6" in errors[0]
    assert "other (en, default, a4)" in errors[0]
    assert [record["path"] for record in manifest(root / "dist")["outputs"]] == [
        "default/en/demo-2.1.0-a4.pdf"]


def test_stale_outputs_are_listed_then_pruned_on_request(spanish, leaflets):
    assert leaflets("--root", spanish, "build").exit_code == 0
    config = spanish / "leaflets/demo/leaflet.toml"
    config.write_text(config.read_text().replace('version = "2.1.0"', 'version = "2.2.0"'))
    run = leaflets("--root", spanish, "build", "--paper", "a4")
    assert "4 stale outputs" in run.stdout
    stale = manifest(spanish / "dist")["stale"]
    assert stale == ["default/en/demo-2.1.0-a4.pdf", "default/en/demo-2.1.0-letter.pdf",
                     "default/es/demo-2.1.0-a4.pdf", "default/es/demo-2.1.0-letter.pdf"]
    assert all((spanish / "dist" / path).exists() for path in stale), "never deleted silently"
    run = leaflets("--root", spanish, "build", "--prune")
    assert run.stdout.count("deleted stale ") == 4
    assert manifest(spanish / "dist")["stale"] == []
    assert [p.name for p in pdf_files(spanish / "dist")] == [
        "demo-2.2.0-a4.pdf", "demo-2.2.0-letter.pdf", "demo-2.2.0-a4.pdf", "demo-2.2.0-letter.pdf"]


def test_a_build_removes_the_half_written_files_a_killed_build_left_and_nothing_else(
        spanish, leaflets, tmp_path):
    # A worker killed mid-write (the out-of-memory killer) leaves write_atomic's temporary.
    assert leaflets("--root", spanish, "build").exit_code == 0
    dist = spanish / "dist"
    left = [dist / "default/es/.demo-2.1.0-a4.pdf.k2x_9abc.tmp",
            dist / "default/en/.demo-2.1.0.html.0123abcd.tmp"]
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(b"someone's file")
    kept = [dist / "default/es/notes.tmp", dist / "default/es/.demo-2.1.0-a4.pdf.tmp",
            dist / "default/es/.demo-2.1.0-a4.pdf.k2x_9abc.tmp.bak",
            dist / "default/es/.notes.txt.abcdefgh.tmp",
            # Beside the manifest: 'manifest merge' and 'pack -o dist/x.pdf' write there unlocked.
            dist / ".manifest.json.zzzzzzzz.tmp", dist / ".monday.pdf.abcdefgh.tmp"]
    for path in left + kept:
        path.write_bytes(b"%PDF-1.7 half")
    link = dist / "default/es/.demo-2.1.0-letter.pdf.abcdefgh.tmp"
    link.symlink_to(outside)
    folder = dist / "default/es/.demo.pdf.abcdefgh.tmp"
    folder.mkdir()
    assert leaflets("--root", spanish, "build", "--dry-run").exit_code == 0
    assert all(path.exists() for path in left), "a dry run holds no lock: it removes nothing"
    run = leaflets("--root", spanish, "build")
    assert run.exit_code == 0 and "4 unchanged" in run.stdout
    assert not [path for path in left if path.exists()]
    assert all(path.exists() for path in kept) and link.is_symlink() and folder.is_dir()
    assert outside.read_bytes() == b"someone's file"


def test_narrower_builds_keep_the_other_current_outputs(spanish, leaflets):
    assert leaflets("--root", spanish, "build").exit_code == 0
    run = leaflets("--root", spanish, "build", "--locale", "es", "--force")
    assert len(built(run.stdout)) == 2 and "stale" not in run.stdout
    assert len(manifest(spanish / "dist")["outputs"]) == 4


def test_shards_split_the_plan_and_merge_back(spanish, leaflets):
    settings = spanish / "leaflets.toml"
    settings.write_text(settings.read_text() + 'variants = ["standard", "large"]\n')
    slices = []
    for index in (1, 2, 3):
        run = leaflets("--root", spanish, "build", "--shard", f"{index}/3", "--jobs", "1")
        assert run.exit_code == 0, run.stderr
        slices.append(set(built(run.stdout)))
        again = leaflets("--root", spanish, "build", "--shard", f"{index}/3", "--dry-run")
        assert {re.sub(r".*/dist/", "", line.split()[1]) for line in again.stdout.splitlines()[1:-1]
                if line.startswith("unchanged")} == slices[-1], "the same slice every time"
    assert sum(len(s) for s in slices) == len(set().union(*slices)) == 8
    assert all(slices), "each shard has work"
    shard_files = sorted(p.name for p in (spanish / "dist").glob("manifest.shard-*.json"))
    assert shard_files == [f"manifest.shard-{i}-of-3.json" for i in (1, 2, 3)]
    assert manifest(spanish / "dist", shard_files[0])["stale"] == []  # others' files are not stale
    run = leaflets("--root", spanish, "manifest", "merge")
    assert run.exit_code == 0, run.stderr
    merged = manifest(spanish / "dist")
    assert sorted(r["path"] for r in merged["outputs"]) == sorted(set().union(*slices))


def test_merge_refuses_a_missing_or_doubled_shard(spanish, leaflets):
    for index in (1, 3):
        assert leaflets("--root", spanish, "build", "--shard", f"{index}/3").exit_code == 0
    assert_one_error_line(leaflets("--root", spanish, "manifest", "merge"), "shard 2/3 missing")
    one = spanish / "dist/manifest.shard-1-of-3.json"
    run = leaflets("--root", spanish, "manifest", "merge", one, one)
    assert_one_error_line(run, "shard 1/3 is also in")
    assert not (spanish / "dist/manifest.json").exists()


@pytest.mark.parametrize("shard", ["0/2", "3/2", "1-2", "a/b"])
def test_bad_shard(make_library, leaflets, shard):
    assert_one_error_line(leaflets("--root", make_library("minimal"), "build", "--shard", shard),
                          "--shard must be I/N with 1 <= I <= N")


def test_unreadable_manifest_is_a_clear_error(spanish, leaflets):
    (spanish / "dist").mkdir()
    (spanish / "dist/manifest.json").write_text("{not json")
    assert_one_error_line(leaflets("--root", spanish, "build"), "manifest.json",
                          "not a manifest this version can read", "delete it")


def test_quiet_prints_nothing_and_verbose_prints_every_job(spanish, leaflets):
    quiet = leaflets("--root", spanish, "-q", "build")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = leaflets("--root", spanish, "-v", "build", "--force")
    assert len(built(verbose.stdout)) == 4 and "4 built, 0 unchanged" in verbose.stdout


def test_whole_matrix_is_byte_identical_in_parallel_and_one_by_one(sample_build, leaflets, tmp_path):
    root, _ = sample_build  # built with one worker per core
    run = leaflets("--root", root, "build", "--jobs", "1", "--force", "--out", tmp_path / "serial")
    assert run.exit_code == 0, run.stderr
    parallel = {p.relative_to(root / "dist"): p.read_bytes() for p in pdf_files(root / "dist")}
    serial = {p.relative_to(tmp_path / "serial"): p.read_bytes() for p in pdf_files(tmp_path / "serial")}
    assert len(parallel) == 28 and parallel.keys() == serial.keys()
    assert [name for name in parallel if parallel[name] != serial[name]] == []
    records = lambda out: {r["path"]: r["sha256"] for r in manifest(out)["outputs"]}  # noqa: E731
    assert records(root / "dist") == records(tmp_path / "serial")


def test_documents_are_made_longest_first_with_each_leaflets_documents_together():
    from types import SimpleNamespace

    from patient_leaflets.build.jobs import Job
    from patient_leaflets.build.matrix import Step, _longest_first

    pages = {("short", "en"): 2, ("short", "ar"): 6, ("long", "en"): 8, ("long", "ar"): 3,
             ("new", "en"): None, ("middle", "en"): 5, ("middle", "ar"): 4}
    steps = [Step(Job(leaflet, "1.0.0", locale, "default", "a4"), "", True)
             for leaflet, locale in pages]
    previous = SimpleNamespace(records={step.job.path: SimpleNamespace(pages=pages[
        step.job.leaflet, step.job.locale]) for step in steps})
    order = [(step.job.leaflet, step.job.locale) for step in _longest_first(steps, previous)]
    # The longest document of all first, each leaflet whole, one never made (no pages) last.
    assert order == [("long", "en"), ("long", "ar"), ("short", "ar"), ("short", "en"),
                     ("middle", "en"), ("middle", "ar"), ("new", "en")]
