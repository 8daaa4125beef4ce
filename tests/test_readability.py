"""The shipped text stays plain: the grade the README quotes is measured here."""

import re

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
