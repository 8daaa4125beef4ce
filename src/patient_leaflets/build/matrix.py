"""Build a whole matrix: fast, incremental and accountable.

The plan (``build.plan``) is compared with the manifest of the last build:
a job whose output exists with the same input fingerprint is unchanged and
skipped. The rest are made in worker processes (spawned; each imports
WeasyPrint once and keeps one ``Maker``, so one font configuration and one
image cache, for all its jobs). A failing job does not stop the others.
After every run, even an interrupted or failed one, the manifest is written
atomically with what the output folder now holds; outputs no current job
makes are listed as stale, and deleted only when asked (``prune``).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import LeafletError
from ..files import ensure_writable
from ..library import Library
from . import manifest as manifests
from .fingerprints import Fingerprints
from .jobs import Job
from .maker import COMMITTING, Failure, Maker, Outcome
from .manifest import Manifest, Record

OnDone = Callable[[Outcome, int, int], None]  # an outcome, how many are done, of how many
PARENT_POLL_SECONDS = 0.5  # how often a worker checks that the build it works for is alive
IN_FLIGHT = 3  # jobs sent ahead per worker, so that it never waits for its next
GRACE_SECONDS = 10.0  # for a worker to end once it has no work left, before it is killed


@dataclass(frozen=True)
class Step:
    """A job of this run, its fingerprint, and whether it must be made."""

    job: Job
    fingerprint: str
    build: bool


@dataclass
class Prepared:
    """What a run will do, decided before anything is made (``--dry-run`` prints it)."""

    steps: list[Step]
    previous: Manifest
    carried: dict[str, Record]  # records of current outputs outside this run's plan
    stale: list[str]
    manifest_path: Path


@dataclass
class Summary:
    """What a run made, left alone, failed at and found stale, and where its manifest is."""

    manifest_path: Path
    built: list[Outcome] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def drafts(self) -> int:
        return (sum(1 for outcome in self.built if outcome.draft_reasons)
                + sum(1 for record in self.unchanged if record.draft))

    @property
    def exit_code(self) -> int:
        return max((outcome.failure.exit_code for outcome in self.failed if outcome.failure),
                   default=0)


def prepare(library: Library, maker: Maker, jobs: list[Job], out_dir: Path, *,
            force: bool = False, shard: tuple[int, int] | None = None) -> Prepared:
    """Decide what to make: fingerprint every job of the plan and compare with the manifest.

    ``jobs`` is the whole plan; with ``shard`` only its slice is made, but
    stale outputs are judged against the whole plan.
    """
    manifest_path = out_dir / manifests.manifest_name(shard)
    previous = manifests.read(manifest_path)
    # What a build that was killed (no manifest written) had finished: not made again.
    previous.records.update(manifests.read_journal(manifests.journal_path(manifest_path)))
    fingerprints = Fingerprints(library, maker.today)
    steps = []
    for job in jobs:
        if not manifests.in_shard(job, shard):
            continue
        fingerprint = fingerprints.of(job, maker.outline(job.leaflet), maker.brand(job.brand).font_family)
        record = previous.records.get(job.path)
        unchanged = (not force and record is not None and record.fingerprint == fingerprint
                     and _size(out_dir / job.path) == record.bytes)
        steps.append(Step(job, fingerprint, build=not unchanged))
    # A leaflet with a document to make has its sections read and checked now: a bad one
    # stops the build before anything is made. An unchanged document's sections passed
    # when it was made (the fingerprint holds their bytes and this tool's version).
    for leaflet_id in dict.fromkeys(step.job.leaflet for step in steps if step.build):
        maker.leaflet(leaflet_id)
    planned = {job.path for job in jobs}
    known = library.leaflet_ids()  # listed once, and each leaflet's locales once, not a record
    locales_of = functools.cache(library.locales_of)
    carried = {path: record for path, record in previous.records.items()
               if path not in planned
               and _current(library, maker, record, out_dir, known, locales_of)}
    # Judged against the whole plan: other shards' outputs may share this folder.
    stale = [path for path in manifests.outputs_on_disk(out_dir)
             if path not in planned and path not in carried]
    return Prepared(steps, previous, carried, stale, manifest_path)


def run(library: Library, maker: Maker, prepared: Prepared, out_dir: Path, *, workers: int = 1,
        prune: bool = False, on_done: OnDone = lambda *_: None) -> Summary:
    """Make the jobs ``prepared`` says to make; write the manifest, whatever happens.

    The caller holds the output folder's lock (``build.run.exclusive``).
    """
    started = time.perf_counter()
    ensure_writable(out_dir)
    _remove_unfinished(out_dir)
    summary = Summary(stale=list(prepared.stale), manifest_path=prepared.manifest_path)
    records = dict(prepared.carried)
    for step in prepared.steps:
        if not step.build:
            summary.unchanged.append(prepared.previous.records[step.job.path])
            records[step.job.path] = prepared.previous.records[step.job.path]
    to_make = _longest_first([step for step in prepared.steps if step.build], prepared.previous)
    journal = manifests.journal_path(prepared.manifest_path)
    journal.unlink(missing_ok=True)  # what it held is in ``records`` now: prepare() read it
    failed: set[str] = set()
    try:
        for outcome in _make_all(library, maker, to_make, out_dir, workers, journal, on_done):
            if outcome.failed:
                summary.failed.append(outcome)
                failed.add(outcome.job.path)
                records.pop(outcome.job.path, None)  # its old file, if any, is no longer current
                continue
            summary.built.append(outcome)
    finally:
        # Every file finished in this run, told or not before an interrupt, is in the journal.
        journaled = manifests.read_journal(journal)
        for outcome in list(summary.failed):
            if outcome.failure and outcome.failure.lost and outcome.job.path in journaled:
                # Made by a worker that lived on after another died and broke the pool.
                summary.failed.remove(outcome)
                failed.discard(outcome.job.path)
                summary.built.append(_made(journaled[outcome.job.path], outcome.job))
        records.update((path, record) for path, record in journaled.items() if path not in failed)
        if prune:
            summary.pruned = _prune(out_dir, summary.stale)
            summary.stale = [path for path in summary.stale if path not in summary.pruned]
        shard = manifests.parse_shard_name(prepared.manifest_path.name)
        manifest = Manifest(records, summary.stale, shard)
        if manifest != prepared.previous or not prepared.manifest_path.is_file():
            manifests.write(prepared.manifest_path, manifest)  # else it says this already
        journal.unlink(missing_ok=True)
        summary.seconds = time.perf_counter() - started
    return summary


def _longest_first(steps: list[Step], previous: Manifest) -> list[Step]:
    """Order ``steps`` so that no worker is left with a long document while the others idle
    at the end (pages last time as the measure), keeping each leaflet's documents together
    (a worker keeps the leaflets it made last loaded): the leaflets by their longest
    document, then each leaflet's documents longest first."""
    def pages(step: Step) -> int:
        return getattr(previous.records.get(step.job.path), "pages", None) or 0

    longest: dict[str, int] = {}
    for step in steps:
        longest[step.job.leaflet] = max(longest.get(step.job.leaflet, 0), pages(step))
    order = {leaflet: number for number, leaflet in enumerate(longest)}
    return sorted(steps, key=lambda step: (-longest[step.job.leaflet], order[step.job.leaflet],
                                           -pages(step)))


def _make_all(library: Library, maker: Maker, steps: list[Step], out_dir: Path, workers: int,
              journal: Path, on_done: OnDone) -> Iterator[Outcome]:
    """Yield the outcome of every step's job, made in this process or in ``workers`` processes.

    Each finished file is recorded in ``journal`` by the process that wrote it.
    """
    total = len(steps)
    if workers <= 1 or total <= 1:
        for done, step in enumerate(steps, start=1):
            outcome = _make_recorded(maker, step, out_dir, journal)
            on_done(outcome, done, total)
            yield outcome
        return
    context = multiprocessing.get_context("spawn")
    count = min(workers, total)
    waiting = iter(steps)
    reaper: threading.Timer | None = None
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_start_worker,
                                 initargs=(library.root, maker.today, os.getpid())) as pool:
            # A few jobs in flight per worker, the next sent as one ends: a future (and its
            # lock) for each of thousands of jobs at once held megabytes (issue 17).
            running: dict[Future[Outcome], Job] = {}
            done = 0
            try:
                while done < total:
                    for step in itertools.islice(waiting, IN_FLIGHT * count - len(running)):
                        running[_submitted(pool, step, out_dir, journal)] = step.job
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        done += 1
                        outcome = _received(future, running.pop(future))
                        on_done(outcome, done, total)
                        yield outcome
                # Every job answered (a pool a dead worker broke answers the rest at once):
                # no worker has work left.
                reaper = _reaper(pool)
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        if reaper is not None:
            reaper.cancel()


def _reaper(pool: ProcessPoolExecutor) -> threading.Timer:
    """Kill the workers of ``pool`` still alive after a grace period (from now), once no
    worker has work left and the pool waits for each to end.

    Told to by the end of the queue, or by the pool's SIGTERM once a worker died (see
    ``_obey_terminate``), one that misses it (stopped; its SIGTERM merged into another's
    still pending) would keep the build waiting for ever.
    """
    processes = list((pool._processes or {}).values())

    def kill() -> None:
        for process in processes:
            if process.is_alive():
                process.kill()

    timer = threading.Timer(GRACE_SECONDS, kill)
    timer.daemon = True
    timer.start()
    return timer


def _submitted(pool: ProcessPoolExecutor, step: Step, out_dir: Path,
               journal: Path) -> Future[Outcome]:
    """Send ``step`` to a worker; once a worker has died, its future holds that failure."""
    try:
        return pool.submit(_work, step, out_dir, journal)
    except BrokenProcessPool as exc:
        failed: Future[Outcome] = Future()
        failed.set_exception(exc)
        return failed


def _received(future: Future[Outcome], job: Job) -> Outcome:
    """The outcome of a finished ``future``, made of what this process holds where it can.

    A worker's outcome arrives with its own copies of the job and of the draft reasons
    and translation state many documents share: the job of the plan and one copy of
    each are kept instead, as a manifest read keeps them (5,600 outcomes held 12 MiB).
    """
    try:
        outcome = future.result()
    except BrokenProcessPool:
        return Outcome(job, failure=Failure(
            f"{job.name}: a worker process died (out of memory?); build again, "
            "with fewer --jobs", exit_code=1, lost=True))
    translation = outcome.translation
    return replace(outcome, job=job, draft_reasons=manifests.interned(outcome.draft_reasons),
                   translation=manifests.one_copy(translation) if translation else None)


_WORKER: Maker | None = None


def _start_worker(root: Path, today: datetime.date, parent: int) -> None:
    """Set up a worker process: its library, the one Maker it keeps, and its watch on ``parent``."""
    import signal

    from ..library import open_library

    global _WORKER
    # Ctrl-C and a service manager's SIGTERM reach the whole process group: let the
    # parent alone decide to stop, and wait for the jobs under way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM is taken by a thread that asks who sent it (every thread made from here
    # on blocks it): only the parent's ends this worker.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    threading.Thread(target=_watch_parent, args=(parent,), name="watch-parent", daemon=True).start()
    threading.Thread(target=_obey_terminate, args=(parent,), name="obey-terminate",
                     daemon=True).start()
    _WORKER = Maker(open_library(root), today)


def _watch_parent(parent: int) -> None:
    """End this worker soon after its parent is gone (killed with -9, say), never mid-write."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    with COMMITTING:
        os._exit(1)


def _obey_terminate(parent: int) -> None:
    """End this worker when its parent sends SIGTERM, never mid-write; ignore anyone else's.

    The pool sends it when a worker has died: the dead one may have held the job
    queue's lock, which a living worker would then wait for for ever, and the build
    with it. A service manager's SIGTERM to the process group comes from elsewhere.
    """
    import signal

    while signal.sigwaitinfo({signal.SIGTERM}).si_pid != parent:
        pass
    with COMMITTING:
        os._exit(1)


def _work(step: Step, out_dir: Path, journal: Path) -> Outcome:
    assert _WORKER is not None, "the pool's initializer sets up the worker"
    return _make_recorded(_WORKER, step, out_dir, journal)


def _make_recorded(maker: Maker, step: Step, out_dir: Path, journal: Path) -> Outcome:
    """Make one step's job; once its file is written, record it in the journal at once."""
    def record(outcome: Outcome) -> None:
        manifests.append_to_journal(journal, _record(maker, outcome, step.fingerprint))

    return maker.make(step.job, out_dir, record)  # every failure comes back as the Failure


def _made(record: Record, job: Job) -> Outcome:
    """The outcome of ``job``, made as its journal ``record`` says."""
    return Outcome(job, record.pages, record.bytes, record.sha256, record.draft_reasons,
                   record.translation)


def _record(maker: Maker, outcome: Outcome, fingerprint: str) -> Record:
    job = outcome.job
    review = maker.leaflet(job.leaflet).review
    return Record(
        path=job.path, leaflet=job.leaflet, version=job.version, locale=job.locale,
        brand=job.brand, paper=job.paper if job.medium == "pdf" else None,
        variant=job.variant.name, format=job.medium, pages=outcome.pages, bytes=outcome.bytes,
        sha256=outcome.sha256, fingerprint=fingerprint,
        reviewed_on=review.reviewed_on.isoformat() if review else None,
        reviewed_by=review.reviewed_by if review else None,
        next_review=review.next_review.isoformat() if review else None,
        draft=bool(outcome.draft_reasons), draft_reasons=outcome.draft_reasons,
        translation=outcome.translation,
    )


def _current(library: Library, maker: Maker, record: Record, out_dir: Path,
             known: list[str], locales_of: Callable[[str], list[str]]) -> bool:
    """Whether a recorded output outside the plan is still a current document.

    It is when its file is there and its leaflet (one of ``known``), at that
    version, its brand and its language all still exist. When in doubt (a
    leaflet that no longer loads), it is kept: stale files may be deleted.
    """
    if _size(out_dir / record.path) != record.bytes:
        return False
    if record.leaflet not in known or not (library.brands_dir / record.brand).is_dir():
        return False
    try:
        if maker.outline(record.leaflet, known).version != record.version:
            return False
    except LeafletError:
        return True
    return record.locale in locales_of(record.leaflet)


def _remove_unfinished(out_dir: Path) -> None:
    """Remove the half-written files of a build that was killed (its workers with it)."""
    for path in manifests.unfinished_on_disk(out_dir):
        try:
            (out_dir / path).unlink()
        except OSError:
            continue  # hidden, and never listed as an output: harmless where it stays


def _prune(out_dir: Path, stale: list[str]) -> list[str]:
    pruned = []
    for path in stale:
        try:
            (out_dir / path).unlink()
            pruned.append(path)
        except FileNotFoundError:
            pruned.append(path)
        except OSError:
            continue  # reported as still stale
    return pruned


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None
