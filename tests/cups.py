"""A real CUPS scheduler for the print tests: its own configuration, on a loopback port.

``cupsd -f`` runs with a temporary ServerRoot, spool and logs, and one queue
whose device is a file (``FileDevice Yes``). CUPS writes nothing to a file
device without a filter in between (by design), so the queue's PPD names one
filter, a pass-through that also writes down the job's copies and options
beside the file: the file then holds the bytes CUPS would send to a printer.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

QUEUE = "front-desk"
CUPS_BIN = Path("/usr/lib/cups")

_FILTER = """#!/bin/sh
# A CUPS filter: job user title copies options [file]. Pass the document through
# unchanged; write the copies and options beside the device file.
out="${DEVICE_URI#file://}"
printf '%s\\n%s\\n' "$4" "$5" > "$(dirname "$out")/job-$1.args"
if [ -n "$6" ]; then exec cat "$6"; else exec cat; fi
"""

_PPD = """*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "CAPTURE.PPD"
*Manufacturer: "patient-leaflets tests"
*Product: "(Capture)"
*ModelName: "Capture"
*ShortNickName: "Capture"
*NickName: "Capture"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*cupsFilter2: "application/pdf application/vnd.cups-pdf 0 capture"
*OpenUI *PageSize/Media Size: PickOne
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
*PageSize Letter/Letter: "<</PageSize[612 792]>>setpagedevice"
*CloseUI: *PageSize
*DefaultImageableArea: A4
*ImageableArea A4: "0 0 595 842"
*ImageableArea Letter: "0 0 612 792"
*DefaultPaperDimension: A4
*PaperDimension A4: "595 842"
*PaperDimension Letter: "612 792"
*OpenUI *Duplex/2-Sided Printing: PickOne
*DefaultDuplex: None
*Duplex None/Off: ""
*Duplex DuplexNoTumble/Long Edge: ""
*Duplex DuplexTumble/Short Edge: ""
*CloseUI: *Duplex
"""


@dataclass
class Cups:
    """A running scheduler: where to reach it, and where its queue's jobs land."""

    server: str  # host:port, for CUPS_SERVER
    output: Path  # the queue's device file
    folder: Path

    def job(self, job_id: str, timeout: float = 20) -> tuple[bytes, int, dict[str, str]]:
        """Wait for job ``front-desk-N`` to be written; return its bytes, copies and options."""
        number = job_id.rpartition("-")[2]
        args = self.output.parent / f"job-{number}.args"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if args.is_file() and self._completed(job_id):
                copies, options = args.read_text().split("\n")[:2]
                pairs = dict(item.partition("=")[::2] for item in options.split())
                return self.output.read_bytes(), int(copies), pairs
            time.sleep(0.1)
        log = (self.folder / "log" / "error_log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"job {job_id} did not arrive; CUPS said:\n{log}")

    def _completed(self, job_id: str) -> bool:
        listed = subprocess.run(["lpstat", "-W", "completed", "-o", QUEUE], capture_output=True,
                                text=True, env={**os.environ, "CUPS_SERVER": self.server})
        return any(line.split()[:1] == [job_id] for line in listed.stdout.splitlines())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_cups() -> Iterator[Cups]:
    """Start ``cupsd`` with a queue printing to a file; stop it and remove its folder after."""
    # Not under pytest's tmp_path: CUPS runs filters as the user lp, which must reach them.
    folder = Path(tempfile.mkdtemp(prefix="leaflets-cups-"))
    folder.chmod(0o755)
    process = None
    try:
        for name in ("spool", "tmp", "cache", "state", "log", "out", "bin/filter"):
            (folder / name).mkdir(parents=True)
        (folder / "out").chmod(0o777)
        (folder / "tmp").chmod(0o777)
        (folder / "bin" / "daemon").symlink_to(CUPS_BIN / "daemon")  # cups-exec starts filters
        capture = folder / "bin" / "filter" / "capture"
        capture.write_text(_FILTER)
        capture.chmod(0o755)
        (folder / "capture.ppd").write_text(_PPD)
        port = free_port()
        (folder / "cupsd.conf").write_text(
            f"Listen 127.0.0.1:{port}\nLogLevel info\nWebInterface No\nBrowsing No\n"
            "DefaultAuthType None\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
        files = [f"ServerRoot {folder}", f"RequestRoot {folder}/spool", f"TempDir {folder}/tmp",
                 f"CacheDir {folder}/cache", f"StateDir {folder}/state",
                 f"ErrorLog {folder}/log/error_log", f"AccessLog {folder}/log/access_log",
                 f"PageLog {folder}/log/page_log", "FileDevice Yes", f"ServerBin {folder}/bin",
                 "DataDir /usr/share/cups"]
        (folder / "cups-files.conf").write_text("\n".join(files) + "\n")
        process = subprocess.Popen([shutil.which("cupsd") or "/usr/sbin/cupsd", "-f",
                                    "-c", str(folder / "cupsd.conf"),
                                    "-s", str(folder / "cups-files.conf")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        server = f"127.0.0.1:{port}"
        _wait_for_port(port, process)
        output = folder / "out" / f"{QUEUE}.prn"
        output.touch(mode=0o666)  # CUPS opens a file device, it does not create it
        output.chmod(0o666)
        env = {**os.environ, "CUPS_SERVER": server}
        subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", f"file://{output}",
                        "-P", str(folder / "capture.ppd")], check=True, env=env,
                       capture_output=True)
        yield Cups(server, output, folder)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"cupsd stopped at once (exit {process.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"cupsd did not listen on port {port} in {timeout} s")
