"""Benchmarks of a whole-library build, measured in one run on this machine.

    .venv/bin/python benchmarks/bench.py [--rounds 3] [--memory-documents 200]

Every figure is a ratio against a baseline measured in the same run (or a
wall time with its target), written to benchmarks/RESULTS.md with the
machine's core count:

1. warm per-document cost: our Maker in a warm worker vs WeasyPrint alone
   rendering the very same HTML in a warm process (target <= 1.10);
2. the full matrix with --jobs 2 vs --jobs 1 (target >= 1.8 on 2 cores);
3. a second build with nothing changed: wall time (target < 0.5 s) and
   speed-up over the first build (target >= 20);
4. a worker's peak memory after 200 documents vs after 10 (target <= 1.3);
5. the full matrix vs headless Chromium printing the same HTML, one process
   per file (only when Chromium is installed);
6. `leaflets --help` wall time (target < 150 ms);
and a profile of where a warm document's time goes.

Each measure runs in fresh processes of its own, so that no cache of one
flatters another.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LEAFLETS = str(Path(PYTHON).parent / "leaflets")
RESULTS = REPO / "benchmarks" / "RESULTS.md"


# --- measures that run inside a child process (python bench.py --child NAME) ----------


def child_warm(rounds: int) -> dict:
    """Per-document time: our Maker vs WeasyPrint alone on the same HTML, both warm."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from patient_leaflets.build.maker import Maker
    from patient_leaflets.build.plan import plan
    from patient_leaflets.library import open_library
    from patient_leaflets.render.html import render_documents

    library = open_library(REPO)
    maker = Maker(library, datetime.date.today())
    jobs = plan(library, maker)
    out = Path(tempfile.mkdtemp())
    pages = []
    for job in jobs:  # the same HTML the Maker renders, for the baseline
        printed = maker.printed(job)
        document = render_documents(library, [printed], maker.brand(job.brand), locale=job.locale,
                                    paper=job.paper, variant=job.variant)
        pages.append((document.html, document.base_url))
    fonts, cache = FontConfiguration(), {}

    def ours() -> float:
        started = time.perf_counter()
        for job in jobs:
            outcome = maker.make(job, out)
            assert outcome.failure is None, outcome.failure
        return time.perf_counter() - started

    def alone() -> float:
        started = time.perf_counter()
        for html, base in pages:
            HTML(string=html, base_url=base).write_pdf(font_config=fonts, cache=cache,
                                                       pdf_variant="pdf/ua-1")
        return time.perf_counter() - started

    ours(), alone()  # warm both: fonts loaded, templates compiled, catalogs read
    timings = {"ours": [], "alone": []}
    for _ in range(rounds):  # alternate, so that machine noise falls on both
        timings["ours"].append(ours())
        timings["alone"].append(alone())
    shutil.rmtree(out)
    return {"documents": len(jobs), **timings}


def child_memory(documents: int) -> dict:
    """A worker's peak memory (ru_maxrss) after 10 documents and after ``documents``."""
    import resource

    from patient_leaflets.build.maker import Maker
    from patient_leaflets.build.plan import plan
    from patient_leaflets.library import open_library

    library = open_library(REPO)
    maker = Maker(library, datetime.date.today())
    # Round-robin over languages, brands alternating by round: the first 10 documents
    # load every font the matrix uses (the CJK font alone is tens of MiB), so that
    # growth after them is what a leak would show, not a first use.
    by_locale: dict[str, list] = {}
    for job in sorted(plan(library, maker), key=lambda job: (job.paper, job.brand)):
        by_locale.setdefault(job.locale, []).append(job)
    jobs = [job for round_ in zip(*by_locale.values()) for job in round_]
    out = Path(tempfile.mkdtemp())
    peaks = {}
    for number in range(1, documents + 1):
        outcome = maker.make(jobs[(number - 1) % len(jobs)], out)
        assert outcome.failure is None, outcome.failure
        if number in (10, documents):
            peaks[number] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    shutil.rmtree(out)
    return {"after_10_kib": peaks[10], f"after_{documents}_kib": peaks[documents],
            "documents": documents}


def child_profile(documents: int) -> dict:
    """Where a warm document's time goes, by package, from cProfile's own times."""
    import cProfile
    import pstats

    from patient_leaflets.build.maker import Maker
    from patient_leaflets.build.plan import plan
    from patient_leaflets.library import open_library

    library = open_library(REPO)
    maker = Maker(library, datetime.date.today())
    jobs = plan(library, maker)
    out = Path(tempfile.mkdtemp())
    for job in jobs:
        outcome = maker.make(job, out)  # warm
        assert outcome.failure is None, outcome.failure
    profile = cProfile.Profile()
    profile.enable()
    for job in jobs[:documents]:
        maker.make(job, out)
    profile.disable()
    stats = pstats.Stats(profile)
    groups: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        groups[_group(filename)] = groups.get(_group(filename), 0.0) + own
    total = sum(groups.values())
    shutil.rmtree(out)
    return {"documents": min(documents, len(jobs)), "total": total,
            "groups": dict(sorted(groups.items(), key=lambda item: -item[1]))}


def _group(filename: str) -> str:
    """Name the part of the stack a profiled function belongs to."""
    parts = Path(filename).parts
    if "weasyprint" in parts:
        sub = parts[parts.index("weasyprint") + 1] if len(parts) > parts.index("weasyprint") + 1 else ""
        sub = sub.removesuffix(".py")
        return {"layout": "WeasyPrint: layout", "text": "WeasyPrint: text shaping (Pango)",
                "pdf": "WeasyPrint: PDF writing and font subsetting", "css": "WeasyPrint: CSS",
                "draw": "WeasyPrint: drawing", "formatting_structure": "WeasyPrint: box tree",
                "svg": "WeasyPrint: SVG"}.get(sub, "WeasyPrint: other")
    for name, label in (("fontTools", "fontTools (subsetting, our glyph check)"),
                        ("pydyf", "pydyf (PDF objects)"), ("patient_leaflets", "patient-leaflets"),
                        ("jinja2", "Jinja2"), ("babel", "Babel"), ("markdown_it", "markdown-it"),
                        ("tinycss2", "tinycss2"), ("cssselect2", "cssselect2"),
                        ("tinyhtml5", "tinyhtml5 (HTML parsing)"), ("PIL", "Pillow"),
                        ("zlib", "zlib")):
        if name in parts:
            return label
    if filename.startswith("<") or filename == "~":
        return "built-in (zlib, hashing, I/O, C calls)"
    return "Python standard library"


# --- measures that run commands ----------------------------------------------------------


def wall(command: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=REPO, env=env)
    return time.perf_counter() - started


def child(name: str, *args) -> dict:
    output = subprocess.run([PYTHON, __file__, "--child", name, *map(str, args)], check=True,
                            capture_output=True, text=True, cwd=REPO).stdout
    return json.loads(output.splitlines()[-1])


def measure_jobs(rounds: int) -> dict:
    """The full matrix with --jobs 1 and --jobs 2, cold processes, alternating."""
    timings = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            for jobs in (1, 2):
                timings[jobs].append(wall([LEAFLETS, "-q", "build", "--force", "--jobs", str(jobs),
                                           "--out", folder]))
    return timings


def measure_unchanged(runs: int) -> dict:
    """A first build into an empty folder, then builds with nothing changed."""
    with tempfile.TemporaryDirectory() as folder:
        first = wall([LEAFLETS, "-q", "build", "--out", folder])
        again = [wall([LEAFLETS, "-q", "build", "--out", folder]) for _ in range(runs)]
    return {"first": first, "again": again}


def measure_chromium() -> dict | None:
    """The full matrix as HTML printed by headless Chromium, one process per file."""
    browser = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                    if shutil.which(name)), None)
    if browser is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([LEAFLETS, "-q", "build", "--format", "html", "--out", folder], check=True)
        pages = sorted(Path(folder).rglob("*.html"))
        started = time.perf_counter()
        for page in pages:
            subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox",
                            f"--print-to-pdf={page.with_suffix('.pdf')}", page.as_uri()],
                           check=True, capture_output=True)
        chromium = time.perf_counter() - started
        ours = wall([LEAFLETS, "-q", "build", "--force", "--out", folder])
    return {"chromium": chromium, "ours": ours, "files": len(pages)}


def measure_help(runs: int) -> list[float]:
    wall([LEAFLETS, "--help"])  # the page cache, not us
    return [wall([LEAFLETS, "--help"]) for _ in range(runs)]


# --- the report ----------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(results: dict) -> str:
    warm, jobs, unchanged = results["warm"], results["jobs"], results["unchanged"]
    memory, chromium, help_, profile = (results["memory"], results["chromium"], results["help"],
                                        results["profile"])
    ours, alone = statistics.median(warm["ours"]), statistics.median(warm["alone"])
    warm_ratio = ours / alone
    serial, parallel = statistics.median(jobs[1]), statistics.median(jobs[2])
    speedup = serial / parallel
    again = statistics.median(unchanged["again"])
    after_many = memory[f"after_{memory['documents']}_kib"]
    memory_ratio = after_many / memory["after_10_kib"]
    help_ms = statistics.median(help_) * 1000
    rows = [
        ("Warm per-document cost vs WeasyPrint alone, same HTML",
         f"{ours / warm['documents'] * 1000:.0f} ms vs {alone / warm['documents'] * 1000:.0f} ms",
         f"{warm_ratio:.3f}", "<= 1.10", verdict(warm_ratio <= 1.10)),
        (f"Full matrix ({warm['documents']} PDFs), --jobs 2 vs --jobs 1",
         f"{parallel:.1f} s vs {serial:.1f} s", f"{speedup:.2f}x", ">= 1.8x on 2 cores",
         verdict(speedup >= 1.8)),
        ("Second build, nothing changed (wall)", f"{again * 1000:.0f} ms", "-", "< 0.5 s",
         verdict(again < 0.5)),
        ("First build vs second build", f"{unchanged['first']:.1f} s vs {again:.2f} s",
         f"{unchanged['first'] / again:.0f}x", ">= 20x", verdict(unchanged["first"] / again >= 20)),
        (f"Worker peak memory after {memory['documents']} documents vs after 10",
         f"{after_many / 1024:.0f} MiB vs {memory['after_10_kib'] / 1024:.0f} MiB",
         f"{memory_ratio:.2f}", "<= 1.3", verdict(memory_ratio <= 1.3)),
    ]
    if chromium:
        rows.append((f"Full matrix: headless Chromium ({chromium['files']} HTML files, one process "
                     "each) vs leaflets", f"{chromium['chromium']:.1f} s vs {chromium['ours']:.1f} s",
                     f"{chromium['chromium'] / chromium['ours']:.2f}", "report", "-"))
    else:
        rows.append(("Full matrix vs headless Chromium", "Chromium is not installed on this "
                     "machine: row skipped", "-", "report", "-"))
    rows.append(("`leaflets --help` (wall)", f"{help_ms:.0f} ms", "-", "< 150 ms",
                 verdict(help_ms < 150)))
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['date']} by `benchmarks/bench.py` on {results['machine']}, "
        f"{results['cores']} cores, Python {results['python']}, WeasyPrint {results['weasyprint']}. "
        f"Medians of {results['rounds']} alternating rounds; every ratio is against a baseline "
        "measured in the same run. Regenerate with `.venv/bin/python benchmarks/bench.py`.",
        "",
        "| Measure | Figures | Ratio | Target | |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in rows),
        "",
        f"## Where a warm document's time goes ({profile['documents']} documents, cProfile, own time)",
        "",
        "| Part | Share |",
        "|---|---|",
        *(f"| {name} | {seconds / profile['total'] * 100:.1f}% |"
          for name, seconds in profile["groups"].items() if seconds / profile["total"] >= 0.005),
        "",
        "Raw timings (seconds):",
        "",
        "```json",
        json.dumps({key: value for key, value in results.items() if key != "profile"}, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-documents", type=int, default=200)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        name, *args = options.child
        function = {"warm": child_warm, "memory": child_memory, "profile": child_profile}[name]
        print(json.dumps(function(*map(int, args))))
        return
    from importlib.metadata import version

    steps = [
        ("warm", lambda: child("warm", options.rounds)),
        ("jobs", lambda: measure_jobs(max(2, options.rounds - 1))),
        ("unchanged", lambda: measure_unchanged(5)),
        ("memory", lambda: child("memory", options.memory_documents)),
        ("chromium", measure_chromium),
        ("help", lambda: measure_help(9)),
        ("profile", lambda: child("profile", 14)),
    ]
    results = {
        "date": datetime.date.today().isoformat(), "cores": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}", "python": platform.python_version(),
        "weasyprint": version("weasyprint"), "rounds": options.rounds,
    }
    for name, step in steps:
        started = time.perf_counter()
        print(f"measuring {name}...", file=sys.stderr, flush=True)
        results[name] = step()
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    RESULTS.write_text(report(results), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
