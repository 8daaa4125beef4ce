"""The shipped text stays plain: the grade the README quotes is measured here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from patient_leaflets import readability
from patient_leaflets.library import open_library
from tests.helpers import REPO


def sample_text() -> str:
    return readability.plain_text(open_library(REPO).leaflet("spinal-manipulation"))


def test_sample_reads_at_grade_8_or_lower():
    grade = readability.flesch_kincaid_grade(sample_text())
    assert 3 < grade <= 8.0, grade


def test_sample_has_no_sentence_over_25_words():
    sentences = re.split(r"(?<=[.!?:])\s+", sample_text())
    long = [s for s in sentences if len(s.split()) > 25]
    assert long == []


def test_plain_text_leaves_out_sources_and_markup():
    text = sample_text()
    assert "Spinal manipulation is a treatment for your spine" in text
    assert "BMJ 2019" not in text  # citations are not graded prose
    assert "**" not in text and "](" not in text


def test_hard_text_grades_higher_than_plain_text():
    plain = "You lie on a table. It does not hurt. You may feel a push."
    hard = ("Spinal manipulative therapy constitutes a heterogeneous collection of interventions "
            "characterised by mechanically administered, high-velocity, low-amplitude thrusts.")
    assert readability.flesch_kincaid_grade(hard) > readability.flesch_kincaid_grade(plain) + 8


def leaflets_check(home: Path, root: Path) -> subprocess.CompletedProcess[str]:
    """Run the real ``leaflets check --format json`` in a fresh process with ``home`` as HOME."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("XDG_CACHE_HOME", "NLTK_DATA", "XDG_DATA_HOME")}
    env["HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "patient_leaflets", "--root", str(root), "check",
                           "--format", "json", "--today", "2026-12-01"],
                          capture_output=True, text=True, env=env, timeout=300)


def english_score(result: subprocess.CompletedProcess[str]) -> float:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), (result.returncode, result.stderr)
    report = json.loads(result.stdout)
    [english] = [item for item in report["leaflets"] if item["locale"] == "en"]
    return english["readability"]["score"]


def test_check_writes_nothing_at_run_time_and_ignores_the_users_nltk_data(tmp_path, repo_library):
    # A HOME that cannot be made (its parent is a file: even root cannot create it) ...
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    score = english_score(leaflets_check(blocker / "home", repo_library))
    # ... an empty one, which must stay empty ...
    home = tmp_path / "home"
    home.mkdir()
    assert english_score(leaflets_check(home, repo_library)) == score
    assert list(home.rglob("*")) == []
    # ... and one holding another pronouncing dictionary, where every word has nine syllables.
    corpus = tmp_path / "decoy" / "nltk_data" / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", sample_text())}
    (corpus / "cmudict").write_text("".join(f"{word} 1 {' '.join(['AH0'] * 9)}\n" for word in sorted(words)))
    assert english_score(leaflets_check(tmp_path / "decoy", repo_library)) == score
    assert 3 < score <= 8.0
