"""Our overhead over WeasyPrint: `leaflets build` of the sample vs WeasyPrint alone.

Both sides are cold processes doing the same work: the sample library's
default build (every leaflet, A4 and Letter). The baseline renders the very
HTML our build renders (written out first), with the same PDF options, in
one plain Python process that imports WeasyPrint and nothing of ours. Runs
alternate so that machine noise falls on both; the figure is the ratio of
medians, measured in one run on one machine.

    .venv/bin/python benchmarks/bench_build.py [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 1.10

BASELINE = """
import sys
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
fonts = FontConfiguration()
for html, base, out in zip(*[iter(sys.argv[1:])] * 3):
    HTML(filename=html, base_url=base).write_pdf(out, font_config=fonts, pdf_variant="pdf/ua-1")
"""


def write_html(out: Path) -> list[str]:
    """Write the HTML of every default job; return baseline arguments (html, base, pdf)."""
    sys.path.insert(0, str(REPO / "src"))
    from patient_leaflets import build
    from patient_leaflets.library import open_library
    from patient_leaflets.render import render_html

    library = open_library(REPO)
    today = datetime.date.today()
    args = []
    for number, job in enumerate(build.plan(library)):
        document = render_html(library, job.leaflet, job.brand, locale=job.locale, paper=job.paper,
                               draft_reasons=job.draft_reasons(today),
                               overdue=job.leaflet.overdue(today), translation=job.translation)
        html = out / f"job{number}.html"
        html.write_text(document.html, encoding="utf-8")
        args += [str(html), document.base_url, str(out / f"job{number}.pdf")]
    return args


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    leaflets = str(Path(sys.executable).with_name("leaflets"))
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        baseline_args = write_html(temp)
        ours_cmd = [leaflets, "--quiet", "build", "--out", str(temp / "ours")]
        base_cmd = [sys.executable, "-c", BASELINE, *baseline_args]
        timed(ours_cmd), timed(base_cmd)  # warm the disk cache and font cache for both
        ours, base = [], []
        for _ in range(runs):
            ours.append(timed(ours_cmd))
            base.append(timed(base_cmd))
    ours_median, base_median = statistics.median(ours), statistics.median(base)
    ratio = ours_median / base_median
    documents = len(baseline_args) // 3
    print(f"machine: {os.cpu_count()} cores; {runs} runs each, cold processes, "
          f"{documents} documents per run")
    print(f"leaflets build (sample)        median {ours_median:.3f} s  "
          f"(min {min(ours):.3f}, max {max(ours):.3f})")
    print(f"WeasyPrint alone, same HTML    median {base_median:.3f} s  "
          f"(min {min(base):.3f}, max {max(base):.3f})")
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"ratio ours / WeasyPrint: {ratio:.3f}  ({verdict} the {TARGET:.2f} target)")


if __name__ == "__main__":
    main()
