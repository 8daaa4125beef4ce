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
7. the template before and after issue 17 on the 14 A4 documents, one warm
   process, variants interleaved per document: the old template (balanced
   columns) on WeasyPrint's own column layout, the new rule alone
   (column-fill: auto), and what ships (that rule, columns laid out in one
   pass); slowest vs median; on today's sample and on the sample the issue
   timed (1.0.0, read from git); and what each layout rule costs (the shipped
   template without it);
8. warm headless Chromium (Selenium, chromedriver, CDP Page.printToPDF)
   printing our own HTML of the same 14 leaflets, vs our per-document time;
   (wall time, and the CPU time of all its processes);
9. one on-demand document from a warm process, as the front desk makes it
   after its warm-up at start, each document in 3 fresh processes;
10. a generated library (20 and 200 leaflets x 7 languages x 2 brands x 2
   papers: 560 and 5,600 jobs): dry run, check, i18n status, list, an HTML
   build and its no-op rebuild, manifest size, peak memory (the largest of
   the process and its workers, and the main process's own);
and a profile of where a warm document's time goes.

Each measure runs in fresh processes of its own, so that no cache of one
flatters another.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
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


def child_template(rounds: int) -> dict:
    """Per-document time of the template before and after issue 17, interleaved per document.

    Two sets of documents: today's sample, and the sample the issue measured (1.0.0, from
    git), each under the template before (``BEFORE``, WeasyPrint's own column layout) and
    after (what ships).
    """
    folder = Path(tempfile.mkdtemp())
    before = _library_copy(folder / "before", css=BEFORE)
    balanced = _library_copy(folder / "balanced", css=BALANCED)
    variants = {"before: balanced columns, flex stamp and QR row, WeasyPrint's layout":
                (before, False),
                "column-fill: auto, WeasyPrint's layout": (REPO, False),
                "after: column-fill: auto, one-pass columns": (REPO, True),
                "balanced columns, one-pass columns (bisection)": (balanced, True)}
    issue = _issue_sample(folder / "issue")
    if issue is not None:
        variants[f"{ISSUE_DOCUMENTS}, before"] = (_library_copy(folder / "issue-before", issue,
                                                                css=BEFORE), False)
        variants[f"{ISSUE_DOCUMENTS}, after"] = (issue, True)
    timings = _interleaved(variants, rounds, folder / "out")
    shutil.rmtree(folder)
    return {"documents": len(next(iter(timings.values()))[0]), "timings": timings}


BALANCED = "main { column-fill: balance; }"  # the template's one rule before issue 17
ISSUE_DOCUMENTS = "the issue's 14 documents (sample 1.0.0)"
ISSUE_SAMPLE_COMMIT = "4bf86a9"  # the library as issue 17 measured it


def _issue_sample(root: Path) -> Path | None:
    """The library with the sample as issue 17 timed it (sections and their catalogs from git).

    Today's templates, brands and page-template catalogs; None without the commit (a shallow
    clone, say).
    """
    _library_copy(root)
    for name in ("leaflets", "locales"):
        shutil.rmtree(root / name)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ISSUE_SAMPLE_COMMIT,
                              "leaflets", "locales"], capture_output=True)
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(root), "--exclude=*/templates.po",
                    "--exclude=*/templates.pot"], input=archive.stdout, check=True)
    for catalog in (REPO / "locales").glob("**/templates.po*"):
        target = root / catalog.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(catalog, target)
    return root


def _interleaved(variants: dict[str, tuple[Path, bool]], rounds: int, out: Path,
                 clock: Callable[[], float] = time.perf_counter) -> dict[str, list[dict[str, float]]]:
    """Time each A4 document of each variant (a library, and whether our columns lay it out).

    Every document is made by each variant in turn before the next document, the order
    rotated each time, so that a machine slowing down for a minute falls on all of them.
    Returns, per variant, a dict of document -> seconds (of ``clock``) for each round.
    """
    from patient_leaflets.build.maker import Maker
    from patient_leaflets.build.plan import plan
    from patient_leaflets.library import open_library
    from patient_leaflets.render import columns

    makers = {}
    for name, (root, _) in variants.items():
        library = open_library(root)
        maker = Maker(library, datetime.date.today())
        makers[name] = (maker, list(plan(library, maker, papers=("a4",))))

    def one(name: str, number: int) -> tuple[str, float]:
        maker, jobs = makers[name]
        (columns.install if variants[name][1] else columns.uninstall)()
        job = jobs[number]
        started = clock()
        outcome = maker.make(job, out / str(list(variants).index(name)))
        assert outcome.failure is None, outcome.failure
        return f"{job.locale} {job.brand}", clock() - started

    names = list(variants)
    count = min(len(jobs) for _, jobs in makers.values())
    for name in names:
        for number in range(count):
            one(name, number)  # warm
    timings: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    turn = 0
    for _ in range(rounds):
        runs: dict[str, dict[str, float]] = {name: {} for name in names}
        for number in range(count):
            turn += 1
            for name in names[turn % len(names):] + names[:turn % len(names)]:
                document, seconds = one(name, number)
                runs[name][document] = seconds
        for name in names:
            timings[name].append(runs[name])
    columns.install()
    return timings


RULES = {  # what each layout rule of the shipped template costs: the template without it
    "shipped": "",
    "one column instead of two": "main { columns: 1; }",
    "no hyphenation (hyphens: manual)": "main p, main li { hyphens: manual; }",
    "no box kept whole (break-inside: auto)": "* { break-inside: auto !important; }",
    "no heading kept with its text (break-after: auto)": "h1, h2, h3, h4 { break-after: auto; }",
    "no footer stamp": ".stamp { display: none; }",
    "footer stamp as a flex box (before)":
        ".stamp { display: flex; justify-content: space-between; gap: 4mm; }"
        " .stamp-id, .stamp-page { float: none; margin: 0; min-height: auto; }"
        " .stamp-review { display: block; order: 1; } .stamp-page { order: 2; }",
    "footer review state as an inline-block (before)":
        ".stamp-review { display: inline-block; } .stamp-id, .stamp-page { min-height: auto; }",
    "no page total (page N, not N of M)": ".page-count::after { content: none; }",
    "QR code not beside its caption (no flex box)": ".qr { display: block; }",
    "QR flex box sized by its content (before)":
        ".qr > * { min-width: auto; min-height: auto; } .qr figcaption { flex: 0 1 auto; }",
    "no checklist boxes (absolutely placed)": ".section--checklist li::before { display: none; }",
}


# The template as issue 17 timed it: balanced columns, the footer stamp and the QR row as
# flex boxes WeasyPrint sizes by their content.
BEFORE = " ".join([BALANCED, RULES["footer stamp as a flex box (before)"],
                   RULES["QR flex box sized by its content (before)"]])


def child_rules(rounds: int) -> dict:
    """What each layout rule costs: the shipped template vs the same without the rule."""
    folder = Path(tempfile.mkdtemp())
    variants = {name: (_library_copy(folder / str(number), css=css) if css else REPO, True)
                for number, (name, css) in enumerate(RULES.items())}
    # CPU time: a few percent between rules drown in this machine's swings of wall time.
    timings = _interleaved(variants, rounds, folder / "out", time.process_time)
    shutil.rmtree(folder)
    return {"timings": timings, "clock": "cpu"}


def child_single(documents: int) -> dict:
    """One missing document made on demand by a warm process, as the front desk makes it:
    warmed up as the desk warms itself at start (``warm_up``: the library's first leaflet in
    each language and brand, in memory), then each document of another leaflet asked for
    once, nothing of it made or rendered before (a library of two: the sample and a copy)."""
    from patient_leaflets.build.current import Document, ensure_current, warm_up
    from patient_leaflets.library import open_library

    folder = Path(tempfile.mkdtemp())
    library = open_library(_generated_library(folder / "library", 2))
    asked = library.leaflet_ids()[1]
    today = datetime.date.today()
    locales = sorted(library.locales_of(asked))
    out = folder / "out"
    started = time.perf_counter()
    warmed = warm_up(library, today)
    warming = time.perf_counter() - started
    times = []
    for number in range(documents):
        document = Document(asked, locales[number % len(locales)],
                            ("default", "harbourside")[number // len(locales) % 2], "a4")
        started = time.perf_counter()
        current = ensure_current(library, document, today, out)
        times.append(time.perf_counter() - started)
        assert current.built
    shutil.rmtree(folder)
    return {"times": times, "warm_up": [warmed, warming]}


def _library_copy(root: Path, source: Path = REPO, css: str = "") -> Path:
    """Copy a library (not its outputs) to ``root``, with ``css`` added to its leaflet.css."""
    for name in ("templates", "brands", "leaflets", "locales"):
        shutil.copytree(source / name, root / name)
    shutil.copy(source / "leaflets.toml", root / "leaflets.toml")
    if css:
        with (root / "templates" / "leaflet.css").open("a", encoding="utf-8") as sheet:
            sheet.write(f"\n{css}\n")
    return root


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


def measure_single(rounds: int) -> dict:
    """The on-demand documents, each round a fresh front desk process: per document, the median."""
    runs = [child("single", 14) for _ in range(rounds)]
    return {"times": [statistics.median(times) for times in zip(*(run["times"] for run in runs))],
            "warm_up": runs[-1]["warm_up"], "rounds": len(runs)}


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


def measure_chromium_warm(rounds: int) -> dict | None:
    """Warm headless Chromium printing our HTML of the 14 A4 leaflets (CDP Page.printToPDF)."""
    browser = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                    if shutil.which(name)), None)
    if browser is None or shutil.which("chromedriver") is None:
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([LEAFLETS, "-q", "build", "--format", "html", "--out", folder], check=True)
        pages = sorted(Path(folder).rglob("*.html"))
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
        try:
            def print_all() -> dict[str, float]:
                times = {}
                for page in pages:
                    started = time.perf_counter()
                    driver.get(page.as_uri())
                    driver.execute_cdp_cmd("Page.printToPDF", {
                        "paperWidth": 210 / 25.4, "paperHeight": 297 / 25.4,
                        "printBackground": True, "preferCSSPageSize": True})
                    times[page.relative_to(folder).as_posix()] = time.perf_counter() - started
                return times
            print_all()  # warm
            browser_pid = driver.service.process.pid  # chromedriver: the browser is its child
            cpu = _tree_cpu(browser_pid)
            rounds_ = [print_all() for _ in range(rounds)]
            cpu = _tree_cpu(browser_pid) - cpu
        finally:
            driver.quit()
    return {"files": len(pages), "timings": rounds_, "cpu": cpu / rounds / len(pages)}


def _tree_cpu(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` and its descendants: those running, and
    those they reaped (a browser's renderer and GPU processes, its zygote's children)."""
    parent, used = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parent[int(entry.name)] = int(fields[1])
                used[int(entry.name)] = sum(int(value) for value in fields[11:15])  # u, s, cu, cs
    total, todo = 0, [pid]
    while todo:
        process = todo.pop()
        total += used.get(process, 0)
        todo += [child for child, its in parent.items() if its == process]
    return total / os.sysconf("SC_CLK_TCK")


def _generated_library(folder: Path, leaflets: int) -> Path:
    """The shipped library with the sample leaflet copied ``leaflets`` times, catalogs and all.

    Each copy is a leaflet of its own that ``leaflets check`` passes as it passes
    the sample: its own code, and its versions.toml records the release of the
    copy's content (the fingerprint names the leaflet's folder and holds its
    code, so the sample's would say the copy changed since its release).
    """
    from patient_leaflets.content import content_fingerprint, load_leaflet

    root = _library_copy(folder)
    sample = root / "leaflets" / "spinal-manipulation"
    released = content_fingerprint(load_leaflet(sample))
    catalogs = sorted(root.glob("locales/*/LC_MESSAGES/spinal-manipulation.po"))
    template = root / "locales" / "templates" / "spinal-manipulation.pot"
    for number in range(1, leaflets):
        name = f"spinal-manipulation-{number:03d}"
        copy = root / "leaflets" / name
        shutil.copytree(sample, copy)
        toml = copy / "leaflet.toml"
        text = toml.read_text(encoding="utf-8")
        toml.write_text(text.replace('code = "MSK-001"', f'code = "MSK-{number + 1:03d}"'),
                        encoding="utf-8")
        versions = copy / "versions.toml"
        text = versions.read_text(encoding="utf-8")
        assert released in text, "the sample leaflet is not at its released content"
        versions.write_text(text.replace(released, content_fingerprint(load_leaflet(copy))),
                            encoding="utf-8")
        for catalog in catalogs:
            shutil.copy(catalog, catalog.with_name(f"{name}.po"))
        if template.exists():
            shutil.copy(template, template.with_name(f"{name}.pot"))
    return root


def _run_measured(command: list[str]) -> tuple[float, int, int, int]:
    """Run ``command``: its wall time, its exit code, its peak memory (KiB: the largest of it
    and its workers) and the peak of its own process alone (KiB, VmHWM read while it runs)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    own = [0]
    done = threading.Event()

    def watch() -> None:  # a high-water mark: a read any time after the peak holds it
        while not done.wait(0.05):
            with contextlib.suppress(OSError, ValueError, IndexError):
                status = Path(f"/proc/{process.pid}/status").read_text()
                own[0] = max(own[0], int(status.split("VmHWM:")[1].split()[0]))

    watcher = threading.Thread(target=watch)
    watcher.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    watcher.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, process.returncode, usage.ru_maxrss, own[0]


def measure_scale(sizes: tuple[int, ...]) -> dict:
    """The commands that grow with the library, at each size (leaflets), in fresh processes.

    The HTML build makes as many documents as the PDF matrix has jobs: a screen has no
    paper, so the library builds the standard and the large-print variant for it
    (leaflets x 7 languages x 2 brands x 2 variants), every file made for real; its
    no-op rebuild plans, fingerprints and checks all of them against the manifest.
    """
    results = {}
    for leaflets in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = _generated_library(Path(folder) / "library", leaflets)
            out = Path(folder) / "out"
            base = [LEAFLETS, "-q", "--root", str(root)]
            figures: dict[str, object] = {"leaflets": leaflets}
            for name, command in (
                    ("dry run", [*base, "build", "--dry-run", "--out", str(out)]),
                    ("list", [*base, "list"]),
                    ("check", [*base, "check"]),
                    ("i18n status", [*base, "i18n", "status"])):
                figures[name] = _run_measured(command)
            settings = root / "leaflets.toml"
            text = settings.read_text(encoding="utf-8")
            assert 'variants = ["standard"]' in text
            settings.write_text(text.replace('variants = ["standard"]',
                                             'variants = ["standard", "large"]'), encoding="utf-8")
            html = [*base, "build", "--format", "html", "--out", str(out)]
            figures["html build"] = _run_measured(html)
            figures["html no-op rebuild"] = _run_measured(html)
            manifest = out / "manifest.json"
            figures["manifest"] = [len(json.loads(manifest.read_text())["outputs"])
                                   if manifest.exists() else 0,
                                   manifest.stat().st_size if manifest.exists() else 0]
            results[str(leaflets)] = figures
    return results


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
    jobs = {int(count): times for count, times in jobs.items()}  # str keys once read back
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
    lines_17 = _report_issue_17(results)
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
        *_remeasured(results),
        *lines_17,
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
        json.dumps(results, indent=1),
        "```",
        "",
    ]
    return "\n".join(lines)


def _remeasured(results: dict) -> list[str]:
    """Say which measures a later partial run (``--only``) measured again, when, at what load."""
    dated = results.get("measured", {})
    if not dated:
        return []
    return ["Measured again later, alone (`--only`): " + "; ".join(
        f"{name} on {when['date']} (load average {when['load']})"
        for name, when in dated.items()) + ".", ""]


def _load_of(results: dict, name: str) -> str:
    """The load average when measure ``name`` began: its own if a partial run measured it."""
    return str(results.get("measured", {}).get(name, {}).get("load", results["load"]))


def _per_document(rounds: list[dict[str, float]]) -> dict[str, float]:
    """Each document's median time over the rounds."""
    return {name: statistics.median(run[name] for run in rounds) for name in rounds[0]}


def _report_issue_17(results: dict) -> list[str]:
    """The rows of issue 17: the template before and after, Chromium, on demand, scale."""
    template, chromium = results["template"], results["chromium_warm"]
    per_variant = {name: _per_document(rounds) for name, rounds in template["timings"].items()}
    mean = {name: statistics.median(sum(run.values()) / len(run) for run in rounds)
            for name, rounds in template["timings"].items()}
    names = list(per_variant)
    before, after = names[0], names[2]
    lines = ["## Issue 17: the template before and after, side by side with Chromium", "",
             f"The {template['documents']} A4 documents (2 brands x 7 languages) of today's "
             "sample, and the same 14 of the sample as the issue timed them (1.0.0: longer, "
             "its contact box on a crowded last page), one warm process; every document made "
             "by each variant in turn, the order rotated; per document: the median over "
             f"{len(template['timings'][before])} rounds of the mean. Speed-up: against "
             f"\"before\" on the same documents. Load average when the run began: "
             f"{_load_of(results, 'template')}.", "",
             "| Variant | Per document | Speed-up over before | Median document | Slowest (which) | "
             "Slowest / median |", "|---|---|---|---|---|---|"]
    for name in names:
        times = per_variant[name]
        median, slowest = statistics.median(times.values()), max(times.values())
        baseline = f"{ISSUE_DOCUMENTS}, before" if name.startswith(ISSUE_DOCUMENTS) else before
        lines.append(f"| {name} | {mean[name] * 1000:.0f} ms | {mean[baseline] / mean[name]:.2f}x "
                     f"| {median * 1000:.0f} ms | {slowest * 1000:.0f} ms "
                     f"({max(times, key=times.__getitem__)}) | {slowest / median:.2f} |")
    lines.append("")
    if chromium:
        chrome = statistics.median(sum(run.values()) / len(run) for run in chromium["timings"])
        lines += ["| Measure | Figures | Ratio | Goal |", "|---|---|---|---|",
                  f"| Warm headless Chromium printing our HTML ({chromium['files']} files, CDP "
                  f"Page.printToPDF) vs leaflets after, per document | {chrome * 1000:.0f} ms vs "
                  f"{mean[after] * 1000:.0f} ms | {mean[after] / chrome:.1f} | <= 1.5 |",
                  f"| The same, leaflets before | {chrome * 1000:.0f} ms vs "
                  f"{mean[before] * 1000:.0f} ms | {mean[before] / chrome:.1f} | - |"]
        if chromium.get("cpu"):  # on 2 cores building in parallel, CPU time is what is shared
            lines.append(f"| The same in CPU time: Chromium's processes together vs leaflets "
                         f"after (one thread: its CPU time is at most its wall time) | "
                         f"{chromium['cpu'] * 1000:.0f} ms vs {mean[after] * 1000:.0f} ms | "
                         f"{mean[after] / chromium['cpu']:.1f} | - |")
    else:
        lines += ["Chromium or chromedriver is not installed: no Chromium rows."]
    single = results["single"]["times"]
    warmed = results["single"].get("warm_up")
    lines += [f"| One missing document on demand, warm process (front desk path: plan, build, "
              f"manifest), a leaflet the warm-up did not make, median of {len(single)}, each the "
              f"median of "
              f"{results['single'].get('rounds', 1)} fresh processes | "
              f"{statistics.median(single) * 1000:.0f} ms "
              f"(slowest {max(single) * 1000:.0f} ms) | - | < 1 s |"]
    if warmed:
        lines.append(f"| The front desk's warm-up at start, before those: {warmed[0]} documents in "
                     f"memory, in a thread of its own | {warmed[1]:.1f} s | - | - |")
    lines.append("")
    lines += _report_rules(results)
    scale = results["scale"]
    sizes = list(scale)
    jobs = {size: int(size) * 7 * 2 * 2 for size in sizes}
    measured = results.get("measured", {}).get("scale")
    when = (f" Measured {measured['date']}, load average {measured['load']} when it began."
            if measured else "")
    lines += ["### A generated library", "",
              f"The shipped library with its leaflet copied (catalogs too; each copy with its own "
              f"code and release record, so `check` passes it as it passes the sample): "
              f"{' and '.join(sizes)} leaflets x 7 languages x 2 brands x 2 papers; each command "
              "a fresh process: wall time, peak memory (ru_maxrss: the largest of the process "
              "and its build workers; the main process's own, VmHWM, where smaller). The "
              "HTML build makes as many real files as the PDF matrix has jobs (no paper on a "
              "screen: the standard and the large-print "
              "variant instead), and its no-op rebuild plans, fingerprints and checks every "
              "one of them. No PDF build at this scale: 5,600 PDFs take about 45 minutes on 2 "
              f"cores; the PDF no-op rebuild is measured on the 28 of the sample above.{when}",
              "", "| Command | " + " | ".join(f"{jobs[size]:,} jobs" for size in sizes)
              + " | Growth |", "|---|" + "---|" * len(sizes) + "---|"]
    for command in [key for key in scale[sizes[0]] if key not in ("leaflets", "manifest")]:
        cells = [scale[size].get(command) for size in sizes]
        growth = (f"{cells[-1][0] / cells[0][0]:.1f}x time for "
                  f"{jobs[sizes[-1]] / jobs[sizes[0]]:.0f}x jobs" if cells[0] and cells[-1]
                  else "-")
        lines.append(f"| `{command}` | " + " | ".join(
            "not measured (too long here)" if cell is None else
            f"{cell[0]:.1f} s, {cell[2] / 1024:.0f} MiB" + _own_process(cell)
            + (f" (exit {cell[1]})" if cell[1] else "")
            for cell in cells) + f" | {growth} |")
    lines.append("| manifest.json (the HTML build) | " + " | ".join(
        f"{scale[size]['manifest'][0]:,} records, {scale[size]['manifest'][1] / 1024:.0f} KiB"
        if scale[size]["manifest"][0] else "not measured (no build)" for size in sizes) + " | - |")
    return [*lines, ""]


def _own_process(cell: list[float]) -> str:
    """The peak of a command's own process, when its build workers had a larger one."""
    if len(cell) < 4 or not cell[3] or cell[2] - cell[3] < 1024:
        return ""
    return f" (main process {cell[3] / 1024:.0f})"


def _report_rules(results: dict) -> list[str]:
    """What each layout rule costs: the shipped template vs the same without the rule."""
    if "rules" not in results:
        return []
    timings = results["rules"]["timings"]
    mean = {name: statistics.median(sum(run.values()) / len(run) for run in rounds)
            for name, rounds in timings.items()}
    shipped = mean["shipped"]
    clock = ("CPU time (the process's own: steady where wall time swings)"
             if results["rules"].get("clock") == "cpu" else "wall time")
    lines = ["### What each layout rule costs", "",
             "The shipped template against the same with one rule taken away or changed, on "
             "the 14 A4 documents of today's sample, interleaved per document as above "
             f"(load average {_load_of(results, 'rules')} when it began), in {clock}. Below 1: "
             "the rule costs that share of a document; differences under about 3% are noise.",
             "",
             "| Template | Per document | vs shipped |", "|---|---|---|"]
    for name, seconds in mean.items():
        lines.append(f"| {name} | {seconds * 1000:.0f} ms | {seconds / shipped:.2f} |")
    return [*lines, ""]


def _previous_results() -> dict:
    """Return the raw figures RESULTS.md holds (the profile read back from its table if need be)."""
    text = RESULTS.read_text(encoding="utf-8")
    raw = text[text.index("```json\n") + len("```json\n"):]
    results = json.loads(raw[:raw.index("\n```")])
    if "profile" not in results:  # written before the profile was kept in the raw figures
        section = text[text.index("## Where a warm document's time goes"):]
        documents = int(section.split("(", 1)[1].split(" ", 1)[0])
        rows = [line.strip("|").split("|") for line in section.splitlines()
                if line.startswith("| ") and line.rstrip().endswith("% |")]
        results["profile"] = {"documents": documents, "total": 100.0,
                              "groups": {name.strip(): float(share.strip(" %"))
                                         for name, share in rows}}
    return results


def _merged(previous: dict, partial: dict, measured: list[str]) -> dict:
    """Return ``previous`` with the measures of ``partial`` in place, each dated with its load."""
    merged = dict(previous)
    dated = dict(merged.get("measured", {}))
    for name in measured:
        if name in partial:
            merged[name] = partial[name]
            dated[name] = {"date": partial["date"], "load": partial["load"]}
    merged["measured"] = dated
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-documents", type=int, default=200)
    parser.add_argument("--scale", type=int, nargs="+", default=[20, 200],
                        help="sizes of the generated library, in leaflets")
    parser.add_argument("--only", nargs="+", help="run only these measures (names as printed)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        name, *args = options.child
        function = {"warm": child_warm, "memory": child_memory, "profile": child_profile,
                    "template": child_template, "single": child_single,
                    "rules": child_rules}[name]
        print(json.dumps(function(*map(int, args))))
        return
    from importlib.metadata import version

    steps = [
        ("template", lambda: child("template", options.rounds)),
        ("rules", lambda: child("rules", options.rounds)),
        ("chromium_warm", lambda: measure_chromium_warm(options.rounds)),
        ("single", lambda: measure_single(options.rounds)),
        ("scale", lambda: measure_scale(tuple(options.scale))),
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
        "load": " ".join(f"{value:.1f}" for value in os.getloadavg()),
    }
    for name, step in steps:
        if options.only and name not in options.only:
            continue
        started = time.perf_counter()
        print(f"measuring {name}...", file=sys.stderr, flush=True)
        results[name] = step()
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    if options.only:  # a partial run: its figures replace those of the same measures only
        print(json.dumps(results, indent=1))
        results = _merged(_previous_results(), results, options.only)
    RESULTS.write_text(report(results), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
