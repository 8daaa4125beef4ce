"""Printing on the clinic's printers: CUPS, through its own command-line client.

``lp`` sends a job and ``lpstat`` lists the queues; they read the CUPS server
the way every CUPS program does (``CUPS_SERVER``, ``~/.cups/client.conf``,
``/etc/cups/client.conf``), so the tool follows the machine's set-up. A
print is only of a current, released document (a draft only when the caller
allows it), and every print goes into the print log.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .build.current import Document, ensure_current, job_of
from .build.run import NO_PROGRESS, BuildProgress
from .content import content_fingerprint
from .errors import LeafletError, QualityGateError, UsageError
from .library import Library
from .printlog import Entry, now, record

TIMEOUT_SECONDS = 30  # a CUPS server that does not answer in this time is not going to
MAX_COPIES = 500


class PrintError(LeafletError):
    """A print could not be sent: no CUPS client, no such printer, a refused job."""


@dataclass(frozen=True)
class PrintRequest:
    """What to print, where, and how."""

    document: Document
    printer: str | None = None  # None: CUPS' default destination
    copies: int = 1
    duplex: bool = False
    allow_drafts: bool = False


@dataclass(frozen=True)
class Printed:
    """What was sent: the log entry, and the job CUPS gave it."""

    entry: Entry
    job: str  # CUPS' job id, as lp reports it: "front-desk-12"
    path: Path  # the PDF sent


def _client(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PrintError(f"the CUPS client '{name}' is not installed; install the Debian "
                         "packages cups-client and cups-bsd (or your system's CUPS client)")
    return found


def _run(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(arguments, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                              check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise PrintError(f"CUPS did not answer in {TIMEOUT_SECONDS} s; check that the CUPS "
                         "server is running (systemctl status cups)") from None


def _cups_message(result: subprocess.CompletedProcess[str]) -> str:
    text = " ".join((result.stderr or result.stdout).split())
    for prefix in ("lp: ", "lpstat: "):
        text = text.removeprefix(prefix)
    return text.rstrip(".") or f"exit status {result.returncode}"


def printers() -> list[str]:
    """Return the names of the print queues CUPS reports, sorted; none when CUPS is unreachable."""
    if shutil.which("lpstat") is None:
        return []
    result = _run(["lpstat", "-e"])
    if result.returncode != 0:
        return []
    return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})


def print_document(library: Library, request: PrintRequest, today: datetime.date,
                   out: Path | None = None, progress: BuildProgress = NO_PROGRESS) -> Printed:
    """Send the current PDF of ``request.document`` to CUPS and log the print."""
    if not 1 <= request.copies <= MAX_COPIES:
        raise UsageError(f"--copies must be between 1 and {MAX_COPIES}, not {request.copies}")
    lp = _client("lp")
    if request.printer is not None:
        known = printers()
        if request.printer not in known:
            choices = ", ".join(known) if known else "none (is CUPS running? see 'lpstat -e')"
            raise PrintError(f"no printer {request.printer!r} in CUPS; printers: {choices}")
    current = ensure_current(library, request.document, today, out, progress)
    reasons = current.record.draft_reasons
    if reasons and not request.allow_drafts:
        raise QualityGateError([f"{job_of(library, request.document).name} is a draft, not for "
                                f"patients: {reason}" for reason in reasons])
    arguments = [lp, "-n", str(request.copies), "-t",
                 f"{request.document.leaflet} {current.record.version}",
                 "-o", f"sides={'two-sided-long-edge' if request.duplex else 'one-sided'}",
                 "-o", f"media={request.document.paper.capitalize()}"]
    if request.printer is not None:
        arguments += ["-d", request.printer]
    result = _run([*arguments, "--", str(current.path)])
    if result.returncode != 0:
        raise PrintError(f"CUPS refused the print: {_cups_message(result)}; check the printer "
                         "with 'lpstat -p'")
    # "request id is front-desk-12 (1 file(s))"
    words = result.stdout.split()
    job = words[3] if len(words) > 3 and words[:3] == ["request", "id", "is"] else "?"
    printer = request.printer or job.rpartition("-")[0] or "default"
    entry = Entry(printed_at=now(), leaflet=request.document.leaflet,
                  version=current.record.version,
                  fingerprint=content_fingerprint(library.leaflet(request.document.leaflet)),
                  sha256=current.record.sha256, locale=request.document.locale,
                  brand=request.document.brand, paper=request.document.paper,
                  variant=current.record.variant, copies=request.copies, duplex=request.duplex,
                  printer=printer, draft=bool(reasons))
    record(current.out_dir, entry)
    return Printed(entry, job, current.path)
