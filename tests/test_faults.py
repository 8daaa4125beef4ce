"""Builds that survive faults: killed, interrupted, terminated, or run twice at once.

Each test runs the real ``leaflets build --jobs 2`` in its own process
group, does to it what a user, a service manager or the kernel would, and
then looks at what is left: processes, files, the manifest, and what the
next build makes. Fourteen documents (both brands, every language, A4).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import pdf_files

pytestmark = pytest.mark.slow

ARGS = ("build", "--jobs", "2", "--paper", "a4", "--today", "2026-12-01")
DOCUMENTS = 14  # 2 brands x 7 languages: stopped after 2, at most 2 running and 3 queued are done


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "patient_leaflets", "--root", str(root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def children(pid: int) -> set[int]:
    """Return the processes whose parent is ``pid``, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, seconds: float = 120.0, poll: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(poll)


def manifest(root: Path) -> dict[str, str]:
    data = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    return {item["path"]: item["sha256"] for item in data["outputs"]}


def on_disk(root: Path) -> dict[str, int]:
    """Every PDF below dist/ and its modification time."""
    return {path.relative_to(root / "dist").as_posix(): path.stat().st_mtime_ns
            for path in pdf_files(root / "dist")}


def rebuild(root: Path) -> tuple[str, dict[str, int]]:
    done = subprocess.run([sys.executable, "-m", "patient_leaflets", "--root", str(root), *ARGS],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout, on_disk(root)


def interrupted_build(root: Path, signum: int, group: bool) -> tuple[int, str, dict[str, int]]:
    """Stop a build with ``signum`` once two documents are done, sent to it or to its whole
    process group (as Ctrl-C and a service manager do); its exit code, stderr, files."""
    build = start(root, *ARGS)
    wait_for(lambda: len(pdf_files(root / "dist")) >= 2 or build.poll() is not None)
    assert build.poll() is None, "the build ended before it could be stopped"
    (os.killpg if group else os.kill)(build.pid, signum)
    _, stderr = build.communicate(timeout=120)
    return build.returncode, stderr, on_disk(root)


@pytest.mark.parametrize("group", [False, True], ids=["to-the-build", "to-its-group"])
@pytest.mark.parametrize(("signum", "code", "word"), [(signal.SIGINT, 130, "interrupted"),
                                                      (signal.SIGTERM, 143, "terminated")])
def test_a_stopped_build_records_every_finished_file_and_the_next_makes_only_the_rest(
        repo_library, signum, code, word, group):
    returncode, stderr, left = interrupted_build(repo_library, signum, group)
    assert returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == f"error: {word}; files already written are whole"
    assert "Traceback" not in stderr
    assert 2 <= len(left) < DOCUMENTS
    assert set(manifest(repo_library)) == set(left)  # every finished file, nothing else
    out, after = rebuild(repo_library)
    assert f"{DOCUMENTS - len(left)} built, {len(left)} unchanged" in out
    assert {path: after[path] for path in left} == left  # not one of them made again
    assert set(manifest(repo_library)) == set(after) and len(after) == DOCUMENTS


def test_killing_the_build_ends_its_workers_and_loses_no_finished_file(repo_library):
    build = start(repo_library, *ARGS)
    wait_for(lambda: len(children(build.pid)) >= 2)  # both workers are up
    wait_for(lambda: len(pdf_files(repo_library / "dist")) >= 2 or build.poll() is not None)
    workers = children(build.pid)
    assert build.poll() is None
    os.kill(build.pid, signal.SIGKILL)
    build.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "workers outlived the build by 10 s"
    left = on_disk(repo_library)
    assert not (repo_library / "dist" / "manifest.json").exists()  # killed: no manifest...
    out, after = rebuild(repo_library)  # ... but the journal knows what was finished
    assert f"{DOCUMENTS - len(left)} built, {len(left)} unchanged" in out
    assert {path: after[path] for path in left} == left
    assert not list((repo_library / "dist").glob("*.journal"))


def test_a_worker_killed_fails_only_the_documents_it_leaves_and_the_next_build_makes_them(
        repo_library):
    # What the kernel's out-of-memory killer does to one worker of a build.
    build = start(repo_library, *ARGS)
    wait_for(lambda: len(pool_workers(build.pid)) >= 2)
    wait_for(lambda: len(pdf_files(repo_library / "dist")) >= 2 or build.poll() is not None)
    assert build.poll() is None, "the build ended before a worker could be killed"
    os.kill(min(pool_workers(build.pid)), signal.SIGKILL)
    _, stderr = build.communicate(timeout=300)
    assert build.returncode == 1, stderr
    assert "Traceback" not in stderr
    died = [line for line in stderr.splitlines() if "a worker process died" in line]
    recorded = set(manifest(repo_library))
    assert died and len(died) + len(recorded) == DOCUMENTS, stderr  # each one made, or named
    # Every recorded file is there; one more may be, if the kill fell between its rename
    # and its journal line (not recorded: the next build makes it again).
    left = {path: mtime for path, mtime in on_disk(repo_library).items() if path in recorded}
    assert set(left) == recorded and len(on_disk(repo_library)) - len(left) <= 1
    out, after = rebuild(repo_library)
    assert f"{DOCUMENTS - len(left)} built, {len(left)} unchanged" in out
    assert {path: after[path] for path in left} == left


@pytest.mark.parametrize("other", ["working", "stopped"])
def test_a_worker_killed_while_it_waits_for_work_does_not_hang_the_build(repo_library, other):
    # A waiting worker holds the job queue's lock; killed there, it never lets go of it
    # and a living worker would wait on it for ever. The out-of-memory killer may pick an
    # idle worker: it holds as much memory as a busy one. Three documents for two
    # workers: the first to finish takes the third, the other waits for work.
    # "stopped": the other worker is stopped first (SIGSTOP), and so deaf to the pool's
    # SIGTERM: the build kills it once its grace is over.
    three = ("--brand", "default", "--locale", "en", "--locale", "es", "--locale", "fr")
    build = start(repo_library, "--verbose", *ARGS, *three)
    workers: set[int] = set()
    waiting: list[int] = []

    def found() -> bool:
        if pdf_files(repo_library / "dist"):  # past the workers' start, which reads a pipe too
            workers.update(pool_workers(build.pid))
            waiting.extend(pid for pid in workers if WAITING_IN_A_PIPE.search(kernel_wait(pid)))
        return bool(waiting) or build.poll() is not None

    wait_for(found, poll=0.01)
    assert waiting, "the build ended before a worker waited for work"
    if other == "stopped":
        for pid in workers - {waiting[0]}:
            os.kill(pid, signal.SIGSTOP)
    os.kill(waiting[0], signal.SIGKILL)
    try:
        stdout, stderr = build.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        raise AssertionError("the build hung after a waiting worker was killed") from None
    assert "Traceback" not in stderr
    lost = [line for line in stderr.splitlines() if "a worker process died" in line]
    assert build.returncode == (1 if lost else 0), stderr
    # Each made or named (a worker killed between its file's rename and its journal line
    # leaves a file the next build makes again).
    assert len(on_disk(repo_library)) + len(lost) >= 3, stderr
    # Progress says a document had no answer, not that it failed: its worker may have made it.
    assert len(re.findall(r"\] no answer \(a worker died\) for ", stdout)) >= len(lost), stdout
    assert not re.search(r"\] failed ", stdout), stdout
    assert set(manifest(repo_library)) <= set(on_disk(repo_library))
    assert len(workers) == 2 and not [pid for pid in workers if alive(pid)]
    _, after = rebuild(repo_library)
    assert len(after) == DOCUMENTS and set(manifest(repo_library)) == set(after)


def test_a_worker_ends_on_its_parents_sigterm_and_on_no_one_elses(repo_library):
    # A worker as the pool starts it, this test its parent.
    code = ("import datetime, pathlib, sys, time\n"
            "from patient_leaflets.build.matrix import _start_worker\n"
            "_start_worker(pathlib.Path(sys.argv[1]), datetime.date(2026, 12, 1), int(sys.argv[2]))\n"
            "print('ready', flush=True)\n"
            "time.sleep(120)\n")
    worker = subprocess.Popen([sys.executable, "-c", code, str(repo_library), str(os.getpid())],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
        # From another process, as a service manager's to the whole group: left to the parent.
        subprocess.run(["kill", "-TERM", str(worker.pid)], check=True)
        with pytest.raises(subprocess.TimeoutExpired):
            worker.wait(timeout=1)
        os.kill(worker.pid, signal.SIGTERM)  # from its parent: the pool, once a worker died
        assert worker.wait(timeout=10) == 1
    finally:
        worker.kill()
        worker.communicate()


# Where a process waits to read a pipe, as /proc/PID/wchan says it (kernels name it so).
WAITING_IN_A_PIPE = re.compile(r"pipe_read|pipe_wait")


def kernel_wait(pid: int) -> str:
    """Where in the kernel the main thread of ``pid`` waits ("pipe_read": in a pipe's read)."""
    try:
        return (Path("/proc") / str(pid) / "wchan").read_text()
    except OSError:
        return ""


def pool_workers(pid: int) -> set[int]:
    """The build's worker processes (not multiprocessing's resource tracker)."""
    found = set()
    for child in children(pid):
        try:
            command = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command:
            found.add(child)
    return found


def test_two_builds_into_one_folder_wait_for_each_other(repo_library):
    first = start(repo_library, *ARGS, "--force")
    wait_for(lambda: (repo_library / "dist" / ".leaflets-build.lock").exists())
    second = start(repo_library, *ARGS, "--force")
    said = ""
    for build in (first, second):
        stdout, stderr = build.communicate(timeout=600)
        assert build.returncode == 0, stderr
        said += stdout
    assert "waiting for another build into" in said
    assert set(manifest(repo_library)) == set(on_disk(repo_library))
    assert len(on_disk(repo_library)) == DOCUMENTS
