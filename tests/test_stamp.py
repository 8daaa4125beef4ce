"""Where the footer stamp's parts stand on the page, as a reader finds them.

The stamp is laid out with floats (issue 17: a flex box in the page margin cost a
document 3-7% of its time). The look must stay the one a reader knows: the code and
version at the start of the line, the page number at its end, the review state
centred between them; mirrored in a right-to-left language; in large print the review
state on the full width below the first line. A review state too long for one line wraps
at its dots, its lines still between the code and the page number.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

MM = 72 / 25.4


def _footer_words(path: Path, margin: float) -> list[list[dict]]:
    """The words of each page's footer (below ``margin`` mm from the bottom), with fonts."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["fontname"], use_text_flow=False)
            pages.append([word for word in words if word["top"] >= page.height - margin * MM])
    return pages


def _span(words: list[dict]) -> tuple[float, float]:
    return min(word["x0"] for word in words), max(word["x1"] for word in words)


def _parts(words: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split a footer into the review state (bold: the leaflet is a draft) and the rest."""
    review = [word for word in words if "Bold" in word["fontname"]]
    return review, [word for word in words if word not in review]


def _ends(plain: list[dict]) -> tuple[list[dict], list[dict]]:
    """Split the first line's plain words into the cluster on the left and the one on the right."""
    ordered = sorted(plain, key=lambda word: word["x0"])
    gaps = [(ordered[i + 1]["x0"] - ordered[i]["x1"], i) for i in range(len(ordered) - 1)]
    _, at = max(gaps)
    return ordered[:at + 1], ordered[at + 1:]


@pytest.mark.parametrize(("brand", "locale", "code_side"), [
    ("default", "en", "left"), ("harbourside", "fr", "left"), ("harbourside", "ar", "right"),
    ("default", "zh_Hans", "left"),
])
def test_the_stamp_has_code_and_page_at_the_ends_and_the_review_state_between(
        sample_build, brand, locale, code_side):
    root, _ = sample_build
    (path,) = (root / "dist" / brand / locale).glob("*-a4.pdf")
    for number, words in enumerate(_footer_words(path, margin=19), start=1):
        review, plain = _parts(words)
        assert review and plain, (number, words)
        left, right = _ends(plain)
        code, page = (left, right) if code_side == "left" else (right, left)
        assert "MSK" in "".join(word["text"] for word in code), (number, code)
        assert any(str(number) in word["text"] for word in page), (number, page)
        # One line: code and page number side by side (their boxes overlap in height;
        # Arabic and Latin glyphs have boxes of their own heights).
        assert (max(word["top"] for word in left + right)
                < min(word["bottom"] for word in left + right)), number
        # The review state between them, each of its lines centred in the space between.
        review_left, review_right = _span(review)
        assert _span(left)[1] + 4 * MM - 1 <= review_left, (number, review)
        assert review_right <= _span(right)[0] - 4 * MM + 1, (number, review)
        middle = (_span(left)[1] + _span(right)[0]) / 2
        for line in {round(word["top"]) for word in review}:
            x0, x1 = _span([word for word in review if round(word["top"]) == line])
            assert abs((x0 + x1) / 2 - middle) < 1 * MM, (number, line, x0, x1, middle)


@pytest.mark.parametrize(("locale", "code_side"), [("en", "left"), ("ar", "right")])
def test_large_print_puts_the_review_state_on_the_full_width_below(repo_library, leaflets,
                                                                   locale, code_side):
    run = leaflets("--root", repo_library, "build", "--large-print", "--locale", locale,
                   "--brand", "harbourside", "--paper", "a4")
    assert run.exit_code == 0, run.stderr
    (path,) = (repo_library / "dist" / "harbourside" / locale).glob("*-a4-large.pdf")
    with pdfplumber.open(path) as pdf:
        width = pdf.pages[0].width
    for number, words in enumerate(_footer_words(path, margin=32), start=1):
        review, plain = _parts(words)
        left, right = _ends(plain)
        code = left if code_side == "left" else right
        assert "MSK" in "".join(word["text"] for word in code), (number, code)
        first_line = max(word["bottom"] for word in plain)
        assert min(word["top"] for word in review) >= first_line - 0.5, (number, review)
        # Aligned with the start of the line, as the code is.
        if code_side == "left":
            assert abs(_span(review)[0] - _span(left)[0]) < 1, number
        else:
            assert abs(_span(review)[1] - _span(right)[1]) < 1, number
        assert _span(right)[1] <= width, number


REVIEWED = ('\n[review]\nreviewed_on = 2026-01-15\nreviewed_by = "Dr Test, GP"\n'
            'next_review = 2027-01-15\n')


@pytest.mark.parametrize("locale", ["ru", "fr"])
def test_a_review_state_too_long_for_a_line_wraps_at_its_dots_between_code_and_page(
        repo_library, leaflets, locale):
    # "Draft translation · Reviewed <date> · Next review <date>": too long for one line
    # between the code and the page number in these languages.
    config = repo_library / "leaflets" / "spinal-manipulation" / "leaflet.toml"
    config.write_text(config.read_text(encoding="utf-8") + REVIEWED, encoding="utf-8")
    run = leaflets("--root", repo_library, "build", "--locale", locale, "--brand",
                   "harbourside", "--paper", "a4", "--today", "2026-12-01")
    assert run.exit_code == 0, run.stderr
    (path,) = (repo_library / "dist" / "harbourside" / locale).glob("*-a4.pdf")
    for number, words in enumerate(_footer_words(path, margin=19), start=1):
        review, plain = _parts(words)
        left, right = _ends(plain)
        lines = sorted({round(word["top"]) for word in review})
        assert len(lines) == 3, (number, review)  # the review state in two, the translation's
        first = sorted((word for word in review if round(word["top"]) == lines[0]),
                       key=lambda word: word["x0"])
        assert first[-1]["text"].endswith("·"), (number, first)  # broken at a dot, not a date
        middle = (_span(left)[1] + _span(right)[0]) / 2
        for line in lines:
            x0, x1 = _span([word for word in review if round(word["top"]) == line])
            assert _span(left)[1] + 4 * MM - 1 <= x0 and x1 <= _span(right)[0] - 4 * MM + 1
            assert abs((x0 + x1) / 2 - middle) < 1 * MM, (number, line, x0, x1, middle)
