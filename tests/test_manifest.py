"""The manifest: its records as JSON, reading and writing it, shards and merging them.

The functions of ``build/manifest.py`` are called directly on manifests
written by the tests; the whole build that writes them is tested in
``test_matrix.py``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from patient_leaflets._version import __version__
from patient_leaflets.build import manifest
from patient_leaflets.build.jobs import Job
from patient_leaflets.build.manifest import Manifest, Record
from patient_leaflets.errors import OutputError, UsageError
from patient_leaflets.variants import Variant

A4 = Job("demo", "2.1.0", "en", "default", "a4")
LETTER_LARGE = Job("demo", "2.1.0", "es", "harbourside", "letter", Variant(large_print=True))
HTML = Job("demo", "2.1.0", "en", "default", "a4", medium="html")


def record(job: Job = A4, **changes) -> Record:
    """A record of ``job`` as a build writes it; ``changes`` replace its fields."""
    made = Record(
        path=job.path, leaflet=job.leaflet, version=job.version, locale=job.locale, brand=job.brand,
        paper=job.paper if job.medium == "pdf" else None, variant=job.variant.name, format=job.medium,
        pages=None if job.medium == "html" else 2, bytes=12345, sha256="ab" * 32,
        fingerprint="sha256:" + "cd" * 32, reviewed_on="2026-01-15", reviewed_by="Dr Müller, GP",
        next_review="2099-01-15", draft=False, draft_reasons=(), translation=None,
    )
    return dataclasses.replace(made, **changes)


def records(*items: Record) -> dict[str, Record]:
    return {item.path: item for item in items}


def write_shard(folder: Path, index: int, count: int, *items: Record, stale: tuple[str, ...] = ()) -> Path:
    """Write the manifest of shard ``index``/``count`` in ``folder``; return its path."""
    path = folder / manifest.manifest_name((index, count))
    manifest.write(path, Manifest(records(*items), list(stale), (index, count)))
    return path


def jobs() -> list[Job]:
    """A plan of 96 jobs, every kind of path a build makes."""
    return [Job(leaflet, "1.0.0", locale, brand, paper, Variant.named(variant))
            for leaflet in ("demo", "spinal-manipulation")
            for locale in ("en", "es", "zh_Hans")
            for brand in ("default", "harbourside")
            for paper in ("a4", "letter")
            for variant in Variant.NAMES]


def shards_of_jobs(count: int) -> str:
    """The shard of each job of ``jobs()`` among ``count``, one digit a job."""
    return "".join(str(next(i for i in range(1, count + 1) if manifest.in_shard(job, (i, count))))
                   for job in jobs())


# --- records ---------------------------------------------------------------


@pytest.mark.parametrize("item", [
    record(),
    record(LETTER_LARGE, draft=True, draft_reasons=("translation not reviewed", "overdue"),
           translation={"complete": False, "review": "", "revised": "2026-11-20"}),
    record(HTML, reviewed_on=None, reviewed_by=None, next_review=None),
], ids=["pdf", "translated-draft", "html-unreviewed"])
def test_record_round_trips_through_json(item):
    assert Record.from_json(dataclasses.asdict(item)) == item
    # Through real JSON too, where the tuple of draft reasons comes back as a list.
    assert Record.from_json(json.loads(json.dumps(dataclasses.asdict(item)))) == item


def test_record_from_json_ignores_keys_it_does_not_know():
    data = {**dataclasses.asdict(record()), "added_by_a_later_version": 1}
    assert Record.from_json(data) == record()


@pytest.mark.parametrize("job", [A4, LETTER_LARGE, HTML], ids=["a4", "letter-large", "html"])
def test_record_job_makes_the_recorded_path(job):
    assert record(job).job.path == job.path
    assert record(job).job.variant == job.variant
    assert record(job).job.medium == job.medium


# --- to_json ---------------------------------------------------------------


def test_to_json_sorts_outputs_and_stale_and_says_format_generator_and_shard():
    items = [record(LETTER_LARGE), record(HTML), record(A4)]
    data = json.loads(Manifest(records(*items), ["default/fr/z.pdf", "default/de/a.pdf"], (2, 4)).to_json())
    assert data["format"] == manifest.FORMAT == 1
    assert data["generator"] == f"patient-leaflets {__version__}"
    assert data["shard"] == "2/4"
    assert [output["path"] for output in data["outputs"]] == sorted(item.path for item in items)
    assert data["outputs"][0] == json.loads(json.dumps(dataclasses.asdict(record(A4))))
    assert data["stale"] == ["default/de/a.pdf", "default/fr/z.pdf"]
    assert json.loads(Manifest().to_json())["shard"] is None


def test_to_json_is_the_same_bytes_whatever_the_order_of_records():
    items = [record(LETTER_LARGE), record(HTML), record(A4)]
    first = Manifest(records(*items), ["b.pdf", "a.pdf"]).to_json()
    second = Manifest(records(*reversed(items)), ["a.pdf", "b.pdf"]).to_json()
    assert first == second
    assert first.endswith(b"\n")
    assert "Dr Müller".encode() in first  # UTF-8 as written, not \u escapes


@pytest.mark.parametrize("case", ["records", "none", "one, with a translation", "only stale"])
def test_to_json_is_json_dumps_of_the_whole_though_written_a_record_at_a_time(case):
    translated = record(LETTER_LARGE, draft=True, draft_reasons=("translation", "review"),
                        translation={"complete": False, "review": "draft", "revised": None})
    manifests = {
        "records": Manifest(records(record(A4), translated, record(HTML)), ["x.pdf"], (1, 3)),
        "none": Manifest(),
        "one, with a translation": Manifest(records(translated)),
        "only stale": Manifest({}, ["b.pdf", "a.pdf"]),
    }
    written = manifests[case]
    whole = {"format": 1, "generator": f"patient-leaflets {__version__}",
             "shard": f"{written.shard[0]}/{written.shard[1]}" if written.shard else None,
             "outputs": [item.to_json() for _, item in sorted(written.records.items())],
             "stale": sorted(written.stale)}
    expected = (json.dumps(whole, indent=2, ensure_ascii=False) + "\n").encode()
    assert written.to_json() == expected
    assert len(list(written.json_chunks())) == len(written.records) + 4


def test_a_manifest_that_fails_while_written_leaves_the_old_one_whole(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    old = Manifest(records(record(A4)))
    manifest.write(path, old)
    before = path.read_bytes()

    def broken(self):  # the disk, or the process, gives out half way through
        yield b'{"format": 1,'
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Manifest, "json_chunks", broken)
    with pytest.raises(OutputError, match="space"):
        manifest.write(path, Manifest(records(record(A4), record(HTML))))
    assert path.read_bytes() == before
    assert [item.name for item in tmp_path.iterdir()] == ["manifest.json"]  # no temporary file left


# --- the journal -----------------------------------------------------------


def test_the_journal_gives_each_output_its_last_whole_line(tmp_path):
    """Lines are split where they were written: a reviewer's name may hold a line or
    paragraph separator (U+2028, U+0085), which JSON leaves as it is."""
    journal = tmp_path / "manifest.journal"
    first = record(A4, reviewed_by="Dr A\u2028B\x85C\rD")
    manifest.append_to_journal(journal, first)
    manifest.append_to_journal(journal, record(HTML))
    later = dataclasses.replace(first, pages=3)
    manifest.append_to_journal(journal, later)
    with journal.open("ab") as file:
        file.write(b'{"path": "default/en/cut.pdf", "lea')  # killed while writing
    assert manifest.read_journal(journal) == records(later, record(HTML))
    assert manifest.read_journal(tmp_path / "none.journal") == {}


# --- read and write --------------------------------------------------------


def test_read_of_a_missing_file_is_an_empty_manifest(tmp_path):
    empty = manifest.read(tmp_path / "dist" / "manifest.json")
    assert (empty.records, empty.stale, empty.shard) == ({}, [], None)


def test_write_then_read_gives_the_same_manifest(tmp_path):
    path = tmp_path / "dist" / "manifest.shard-2-of-4.json"
    written = Manifest(records(record(A4), record(LETTER_LARGE), record(HTML)), ["default/en/old.pdf"],
                       (2, 4))
    manifest.write(path, written)
    assert manifest.read(path) == written
    assert path.read_bytes() == written.to_json()


def test_records_read_with_one_translation_state_share_it_and_a_wrong_one_is_refused(tmp_path):
    state = {"complete": True, "review": "reviewed", "revised": "2026-11-02"}
    path = tmp_path / "manifest.json"
    manifest.write(path, Manifest(records(record(A4, translation=dict(state)),
                                          record(HTML, translation=dict(state)))))
    first, second = manifest.read(path).records.values()
    assert first.translation == second.translation == state
    assert first.translation is second.translation  # thousands of records, one dict
    data = json.loads(path.read_text(encoding="utf-8"))
    for wrong in (5, ["not", "a", "string"], None):
        data["outputs"][0]["translation"]["review"] = wrong
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(OutputError, match="its translation is not a translation's record"):
            manifest.read(path)


@pytest.mark.parametrize("content", [
    b'{"format": 1, "outputs": [',  # cut short
    b"",
    b"\xff\xfe not UTF-8",
    b"[]",
    b'{"format": 2, "outputs": [], "stale": []}',
    b'{"outputs": [], "stale": []}',
    b'{"format": 1, "stale": []}',
    b'{"format": 1, "outputs": [{"leaflet": "demo"}], "stale": []}',
    b'{"format": 1, "outputs": [], "stale": [], "shard": 2}',
    b'{"format": 1, "outputs": [], "stale": [], "shard": "two/four"}',
], ids=["truncated", "empty", "not-utf8", "a-list", "format-2", "no-format", "no-outputs",
        "record-without-path", "shard-a-number", "shard-not-numbers"])
def test_read_of_a_broken_or_foreign_file_names_it_and_says_to_delete_it(tmp_path, content):
    path = tmp_path / "manifest.json"
    path.write_bytes(content)
    with pytest.raises(OutputError) as caught:
        manifest.read(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: not a manifest this version can read")
    assert "delete it" in str(caught.value)


def test_write_replaces_the_old_file_whole_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "manifest.json"
    manifest.write(path, Manifest(records(record(A4), record(LETTER_LARGE), record(HTML)), ["x.pdf"] * 50))
    smaller = Manifest(records(record(HTML)))
    manifest.write(path, smaller)
    assert path.read_bytes() == smaller.to_json()
    assert [child.name for child in tmp_path.iterdir()] == ["manifest.json"]


def test_write_that_fails_keeps_the_old_manifest(tmp_path, monkeypatch):
    path = tmp_path / "manifest.json"
    old = Manifest(records(record(A4)))
    manifest.write(path, old)

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError) as caught:
        manifest.write(path, Manifest(records(record(HTML))))
    monkeypatch.undo()
    assert caught.value.path == path
    assert "No space left on device" in str(caught.value)
    assert manifest.read(path) == old
    assert [child.name for child in tmp_path.iterdir()] == ["manifest.json"]


# --- shard names -----------------------------------------------------------


def test_manifest_name_and_parse_shard_name_are_inverses():
    assert manifest.manifest_name(None) == "manifest.json"
    assert manifest.manifest_name((2, 4)) == "manifest.shard-2-of-4.json"
    assert manifest.parse_shard_name("manifest.shard-2-of-4.json") == (2, 4)
    assert manifest.parse_shard_name(manifest.manifest_name((11, 12))) == (11, 12)
    assert manifest.parse_shard_name("manifest.json") is None


@pytest.mark.parametrize("name", ["manifest.shard-2-of-4.json.tmp", ".manifest.shard-2-of-4.json.x1.tmp",
                                  "manifest.shard-x-of-4.json", "manifest.shard-2-4.json",
                                  "old-manifest.shard-2-of-4.json"])
def test_parse_shard_name_refuses_other_files(name):
    assert manifest.parse_shard_name(name) is None


@pytest.mark.parametrize(("text", "shard"), [("2/4", (2, 4)), ("1/1", (1, 1)), ("4/4", (4, 4)),
                                             (" 3/12 ", (3, 12))])
def test_parse_shard(text, shard):
    assert manifest.parse_shard(text) == shard


@pytest.mark.parametrize("text", ["0/4", "5/4", "x", "", "2", "2/", "/4", "2/4/8", "-1/4", "0/0", "2 / 4",
                                  "1.5/4"])
def test_parse_shard_refuses_what_is_not_a_shard(text):
    with pytest.raises(UsageError) as caught:
        manifest.parse_shard(text)
    message = str(caught.value)
    assert message.startswith("--shard must be I/N with 1 <= I <= N, like 2/4")
    assert repr(text) in message


# --- in_shard --------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7])
def test_every_job_is_in_exactly_one_shard(count):
    plan = jobs()
    assert len({job.path for job in plan}) == len(plan) == 96
    for job in plan:
        assert sum(manifest.in_shard(job, (index, count)) for index in range(1, count + 1)) == 1, job
    # And the work is spread: no shard is left empty.
    for index in range(1, count + 1):
        assert any(manifest.in_shard(job, (index, count)) for job in plan), (index, count)


def test_no_shard_means_every_job():
    assert all(manifest.in_shard(job, None) for job in jobs())


def test_in_shard_is_stable_and_independent_of_the_order_of_jobs():
    plan = jobs()
    first = {job.path: [manifest.in_shard(job, (index, 4)) for index in range(1, 5)] for job in plan}
    shuffled = plan[:]
    random.Random(7).shuffle(shuffled)
    again = {job.path: [manifest.in_shard(job, (index, 4)) for index in range(1, 5)] for job in shuffled}
    assert again == first


def test_in_shard_depends_only_on_the_output_path():
    # HTML has no paper: the A4 and Letter jobs make the same file, so they must fall in one shard.
    a4 = Job("demo", "2.1.0", "en", "default", "a4", medium="html")
    letter = Job("demo", "2.1.0", "en", "default", "letter", medium="html")
    assert a4.path == letter.path
    for count in (2, 3, 5):
        assert [manifest.in_shard(a4, (i, count)) for i in range(1, count + 1)] == \
               [manifest.in_shard(letter, (i, count)) for i in range(1, count + 1)]


def test_in_shard_gives_the_same_answer_under_another_hash_seed():
    """Shards run on different machines: the slice must not depend on Python's hash()."""
    script = "from tests.test_manifest import shards_of_jobs; print(shards_of_jobs(3))"
    here = shards_of_jobs(3)
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                                cwd=Path(__file__).resolve().parent.parent, check=True)
        assert result.stdout.strip() == here


# --- outputs_on_disk -------------------------------------------------------


def test_outputs_on_disk_are_brand_locale_file_pdf_or_html(tmp_path):
    out = tmp_path / "dist"
    kept = ["default/en/demo-2.1.0-a4.pdf", "default/en/demo-2.1.0.html",
            "harbourside/zh_Hans/demo-2.1.0-letter.pdf"]
    ignored = ["manifest.json", "top.pdf", "default/shallow.pdf", "default/en/sub/deep.pdf",
               "default/en/notes.txt", "default/en/demo-2.1.0-a4.pdf.tmp", "default/en/demo.htm",
               "packs/default/en/pack/x.pdf"]
    for name in kept + ignored:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"%PDF-1.7\n")
    (out / "default/en/a-folder.pdf").mkdir()
    assert manifest.outputs_on_disk(out) == sorted(kept)


def test_outputs_on_disk_of_a_missing_folder(tmp_path):
    assert manifest.outputs_on_disk(tmp_path / "dist") == []


# --- merge -----------------------------------------------------------------


def test_merge_refuses_no_paths():
    with pytest.raises(UsageError, match=r"no shard manifests to merge.*--shard I/N"):
        manifest.merge([])


def test_merge_refuses_a_missing_file(tmp_path):
    first = write_shard(tmp_path, 1, 2, record(A4))
    missing = tmp_path / "manifest.shard-2-of-2.json"
    with pytest.raises(OutputError) as caught:
        manifest.merge([first, missing])
    assert caught.value.path == missing
    assert str(caught.value) == f"{missing}: no such manifest"


def test_merge_refuses_a_manifest_that_is_not_a_shards(tmp_path):
    whole = tmp_path / "manifest.json"
    manifest.write(whole, Manifest(records(record(HTML))))
    first = write_shard(tmp_path, 1, 2, record(A4))
    with pytest.raises(OutputError) as caught:
        manifest.merge([first, whole])
    assert caught.value.path == whole
    assert "not a shard's manifest" in str(caught.value)


def test_merge_refuses_a_broken_shard_manifest(tmp_path):
    broken = tmp_path / "manifest.shard-2-of-2.json"
    broken.write_text("{")
    with pytest.raises(OutputError) as caught:
        manifest.merge([write_shard(tmp_path, 1, 2, record(A4)), broken])
    assert caught.value.path == broken
    assert "delete it" in str(caught.value)


def test_merge_refuses_a_doubled_shard(tmp_path):
    first = write_shard(tmp_path, 1, 2, record(A4))
    (tmp_path / "copy").mkdir()
    again = write_shard(tmp_path / "copy", 1, 2, record(A4))
    second = write_shard(tmp_path, 2, 2, record(HTML))
    with pytest.raises(OutputError) as caught:
        manifest.merge([first, second, again])
    assert caught.value.path == again
    assert f"shard 1/2 is also in {first}" in str(caught.value)
    assert "merge each shard once" in str(caught.value)


def test_merge_refuses_shards_of_builds_split_differently(tmp_path):
    with pytest.raises(UsageError) as caught:
        manifest.merge([write_shard(tmp_path, 1, 2, record(A4)), write_shard(tmp_path, 2, 3, record(HTML))])
    assert "split differently ([2, 3] shards)" in str(caught.value)


def test_merge_of_old_and_new_shards_in_one_folder_says_they_were_split_differently(tmp_path):
    # The folder a CI job merges in still holds the shards of a build split in two when the
    # next build is split in three; shard_manifests() hands merge() all five.
    for count in (2, 3):
        for index in range(1, count + 1):
            write_shard(tmp_path, index, count, record(Job("demo", "2.1.0", f"l{index}", "default", "a4")))
    with pytest.raises(UsageError, match=r"split differently \(\[2, 3\] shards\)"):
        manifest.merge(manifest.shard_manifests(tmp_path))


def test_merge_refuses_a_missing_shard(tmp_path):
    paths = [write_shard(tmp_path, 1, 4, record(A4)), write_shard(tmp_path, 3, 4, record(HTML))]
    with pytest.raises(UsageError) as caught:
        manifest.merge(paths)
    assert str(caught.value).startswith("shard 2/4, 4/4 missing; build it with --shard")


def test_merge_refuses_two_shards_that_record_one_path_differently(tmp_path):
    first = write_shard(tmp_path, 1, 2, record(A4))
    second = write_shard(tmp_path, 2, 2, record(A4, sha256="ef" * 32))
    with pytest.raises(OutputError) as caught:
        manifest.merge([first, second])
    assert caught.value.path == second
    assert f"{A4.path} is recorded differently by another shard" in str(caught.value)


def test_merge_joins_the_shards_into_the_whole_builds_manifest(tmp_path):
    other = "default/en/other-1.0.0-a4.pdf"
    first = write_shard(tmp_path, 1, 2, record(A4), record(HTML),
                        stale=("default/en/demo-2.0.0-a4.pdf", LETTER_LARGE.path))
    # The same record in two shards (a carried output, say) is no conflict.
    second = write_shard(tmp_path, 2, 2, record(LETTER_LARGE), record(HTML), stale=(other, A4.path))
    merged = manifest.merge([second, first])
    assert merged.records == records(record(A4), record(HTML), record(LETTER_LARGE))
    # What one shard calls stale is dropped when another shard made it.
    assert merged.stale == sorted(["default/en/demo-2.0.0-a4.pdf", other])
    assert merged.shard is None
    assert manifest.merge([first, second]).to_json() == merged.to_json()


def test_merge_of_a_single_shard_build(tmp_path):
    only = write_shard(tmp_path, 1, 1, record(A4), stale=("default/en/old.pdf",))
    assert manifest.merge([only]) == Manifest(records(record(A4)), ["default/en/old.pdf"], None)


# --- shard_manifests -------------------------------------------------------


def test_shard_manifests_are_in_shard_order_and_only_shards(tmp_path):
    for index in (10, 2, 12, 1):
        write_shard(tmp_path, index, 12, record(A4))
    manifest.write(tmp_path / "manifest.json", Manifest())
    for name in ("manifest.shard-x-of-12.json", ".manifest.shard-3-of-12.json.a1b2.tmp",
                 "manifest.shard-3-of-12.json.bak"):
        (tmp_path / name).write_text("{}")
    assert [path.name for path in manifest.shard_manifests(tmp_path)] == [
        "manifest.shard-1-of-12.json", "manifest.shard-2-of-12.json",
        "manifest.shard-10-of-12.json", "manifest.shard-12-of-12.json"]


def test_shard_manifests_of_a_folder_without_any(tmp_path):
    assert manifest.shard_manifests(tmp_path) == []
    assert manifest.shard_manifests(tmp_path / "missing") == []


@pytest.mark.parametrize("shard", ["1/0", "0/2", "3/2", "x/2", "1/2/3", "-1/2", "1/99999999999", "2/3"])
def test_a_shard_manifest_whose_shard_is_not_one_of_its_build_is_refused(tmp_path, shard):
    path = write_shard(tmp_path, 1, 2, record(A4))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["shard"] = shard  # "2/3": a valid shard, but not the one the file name says
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        manifest.merge([path])
    assert caught.value.path == path and "not a manifest this version can read" in caught.value.message


def test_outputs_on_disk_are_the_files_two_folders_down_never_through_a_linked_folder(tmp_path):
    folder = tmp_path / "default" / "en"
    (folder / "deeper").mkdir(parents=True)
    for name in ("a.pdf", "b.html", ".pdf", "c.PDF", "notes.txt", "deeper/d.pdf"):
        (folder / name).write_text("x")
    (folder / "folder.pdf").mkdir()
    (tmp_path / "top.pdf").write_text("x")
    (tmp_path / "default" / "one-down.pdf").write_text("x")
    (folder / "linked.pdf").symlink_to(folder / "a.pdf")  # a link to a file: a file there
    (folder / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (tmp_path / "default" / "es").symlink_to(folder)  # a linked folder is not entered
    (tmp_path / "elsewhere").symlink_to(tmp_path / "default")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")  # a link to itself: no file, no error
    assert manifest.outputs_on_disk(tmp_path) == ["default/en/a.pdf", "default/en/b.html",
                                                  "default/en/linked.pdf"]
    assert manifest.outputs_on_disk(tmp_path / "missing") == []


def test_a_record_whose_translation_is_no_translation_is_refused(tmp_path):
    path = tmp_path / "manifest.json"
    data = json.loads(Manifest(records(record(A4))).to_json())
    data["outputs"][0]["translation"] = {"path": "x", "sha256": "y", "fingerprint": "z"}
    path.write_text(json.dumps(data))
    with pytest.raises(OutputError, match="its translation is not"):
        manifest.read(path)
