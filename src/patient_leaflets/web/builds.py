"""Documents the front desk is building on demand, and how far each has got.

A missing or stale document is made by the build engine of ``leaflets
build`` (``ensure_current``), in a thread of its own so that the page can
show progress; a second request for the same document joins the first.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass
from pathlib import Path

from ..build.current import Document, ensure_current
from ..build.maker import Outcome
from ..errors import LeafletError
from ..library import open_library


@dataclass(frozen=True)
class Status:
    """Where a build on demand stands; ``state`` is queued, waiting, building, done or failed."""

    state: str
    message: str
    done: int = 0
    total: int = 1

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class _Progress:
    """Hear the build engine (``BuildProgress``) and post what it says on the board."""

    def __init__(self, board: Board, key: Document):
        self.board, self.key = board, key

    def waiting(self, out_dir: Path) -> None:
        self.board.post(self.key, Status("waiting", "Waiting for another build to finish"))

    def started(self, count: int, out_dir: Path) -> None:
        self.board.post(self.key, Status("building", "Making the PDF", 0, max(count, 1)))

    def job_done(self, outcome: Outcome, done: int, total: int) -> None:
        self.board.post(self.key, Status("building", "Making the PDF", done, total))


class Board:
    """The builds on demand of one front desk."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status: dict[Document, Status] = {}

    def post(self, key: Document, status: Status) -> None:
        with self._lock:
            self._status[key] = status

    def status(self, key: Document) -> Status | None:
        with self._lock:
            return self._status.get(key)

    def start(self, root: Path, document: Document, today: datetime.date, out: Path | None) -> Status:
        """Build ``document`` in the background unless it is being built already."""
        with self._lock:
            running = self._status.get(document)
            if running is not None and not running.finished:
                return running
            status = self._status[document] = Status("queued", "Queued")
        thread = threading.Thread(target=self._build, args=(root, document, today, out),
                                  name=f"build {document.leaflet}", daemon=True)
        thread.start()
        return status

    def _build(self, root: Path, document: Document, today: datetime.date, out: Path | None) -> None:
        try:
            library = open_library(root)
            current = ensure_current(library, document, today, out, _Progress(self, document))
        except LeafletError as exc:
            self.post(document, Status("failed", str(exc).split("\n")[0]))
            return
        except Exception as exc:  # a bug: said on the page, not lost in a thread
            self.post(document, Status("failed", f"internal error: {type(exc).__name__}: {exc}"))
            return
        self.post(document, Status("done", f"Ready: {current.record.pages or 0} pages", 1, 1))
