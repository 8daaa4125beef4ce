"""One build, as the command line and the front desk ask for it: ``run_build``.

It plans the matrix, decides what changed, refuses drafts when asked, makes
the rest (in worker processes when there are several jobs) and writes the
manifest. The caller hears of progress through ``BuildProgress`` and gets
back a ``BuildResult``: typed values, never text to search.
"""

from __future__ import annotations

import datetime
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import OutputError, UsageError
from ..files import ensure_writable
from ..library import Library
from ..variants import Variant
from .drafts import refuse_drafts
from .maker import Maker, Outcome
from .manifest import parse_shard
from .matrix import Prepared, Summary, prepare, run
from .plan import plan


@dataclass(frozen=True)
class BuildRequest:
    """What to build; an empty tuple or None takes the library's default."""

    today: datetime.date
    leaflet_ids: tuple[str, ...] = ()
    locales: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    papers: tuple[str, ...] = ()
    large_print: bool = False
    print_ready: bool = False
    medium: str = "pdf"  # or "html"
    out: Path | None = None  # the output folder; None: 'output' in leaflets.toml
    workers: int | None = None  # None: one per core
    force: bool = False  # make everything again, changed or not
    shard: str | None = None  # "I/N": make only that slice of the plan
    dry_run: bool = False  # decide, make nothing
    prune: bool = False  # delete stale outputs
    release: bool = False  # refuse drafts (exit 1)


class BuildProgress(Protocol):
    """Who hears how a build goes: how many documents to make and where, then each as it ends."""

    def waiting(self, out_dir: Path) -> None: ...

    def started(self, count: int, out_dir: Path) -> None: ...

    def job_done(self, outcome: Outcome, done: int, total: int) -> None: ...


class NoProgress:
    """Hear nothing."""

    def waiting(self, out_dir: Path) -> None:
        pass

    def started(self, count: int, out_dir: Path) -> None:
        pass

    def job_done(self, outcome: Outcome, done: int, total: int) -> None:
        pass


NO_PROGRESS = NoProgress()


@dataclass(frozen=True)
class BuildResult:
    """What a build decided and, unless it was a dry run, what it made."""

    out_dir: Path
    prepared: Prepared
    summary: Summary | None  # None: a dry run

    @property
    def exit_code(self) -> int:
        return self.summary.exit_code if self.summary else 0


def run_build(library: Library, request: BuildRequest,
              progress: BuildProgress = NO_PROGRESS, *,
              maker: Maker | None = None) -> BuildResult:
    """Build what ``request`` asks for in ``library``; raise a ``LeafletError`` for bad input.

    A job that fails does not stop the others: its ``Failure`` is in the
    summary. Under ``release``, a plan with a draft in it makes nothing
    (``QualityGateError``, exit 1). ``maker``: the one to plan and make with
    (what it loaded is kept; its writer warm), for ``request.today``.
    """
    if request.medium == "html" and request.print_ready:
        raise UsageError("--print-ready is for PDFs a print shop prints; drop it with --format html")
    wanted = request.large_print or request.print_ready
    variants = (Variant(request.large_print, request.print_ready),) if wanted else ()
    shard = parse_shard(request.shard) if request.shard else None
    out_dir = request.out.resolve() if request.out else library.output_dir
    if maker is None or maker.library is not library or maker.today != request.today:
        maker = Maker(library, request.today)
    jobs = plan(library, maker, request.leaflet_ids, request.brands, request.papers,
                request.locales, variants, request.medium)
    if request.dry_run:
        prepared = prepare(library, maker, jobs, out_dir, force=request.force, shard=shard)
        return BuildResult(out_dir, prepared, None)
    with exclusive(out_dir, progress):
        prepared = prepare(library, maker, jobs, out_dir, force=request.force, shard=shard)
        if request.release:
            refuse_drafts((f"{step.job.leaflet} ({step.job.locale})",
                           maker.printed(step.job).draft_reasons) for step in prepared.steps)
        progress.started(sum(1 for step in prepared.steps if step.build), out_dir)
        summary = run(library, maker, prepared, out_dir,
                      workers=request.workers or os.cpu_count() or 1, prune=request.prune,
                      on_done=progress.job_done)
    return BuildResult(out_dir, prepared, summary)


LOCK_FILE = ".leaflets-build.lock"


@contextmanager
def exclusive(out_dir: Path, progress: BuildProgress) -> Iterator[None]:
    """Hold the output folder for one build: a second build into it waits for the first.

    Two builds at once would each write a manifest listing only its own files.
    The lock is the kernel's (flock), so it is let go when the process ends, however.
    """
    ensure_writable(out_dir)
    path = out_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(path, f"cannot create the build lock ({exc.strerror}); fix the "
                                "folder's permissions or choose another with --out DIR") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress.waiting(out_dir)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # and with it the lock
