"""Figures: SVG drawings in sections, with alternative text and labels in each language."""

from __future__ import annotations

import pytest

from patient_leaflets import figures
from patient_leaflets.errors import ContentError
from patient_leaflets.i18n.pofile import read_catalog
from tests.helpers import assert_one_error_line, figure_alts, pdf_text

SAMPLE = "spinal-manipulation"
VERSION = "2.0.0"
LABELS = {"Bone": "Hueso", "Joint fluid": "Líquido articular", "Gas bubble": "Burbuja de gas",
          "At rest": "En reposo", "Quick stretch": "Estiramiento rápido"}


def test_the_figure_labels_are_messages_of_the_leaflet_catalog(repo_library):
    pot = read_catalog(repo_library / "locales" / "templates" / f"{SAMPLE}.pot")
    found = {message.id: message for message in pot if message.id in LABELS}
    assert set(found) == set(LABELS)
    for message in found.values():
        assert message.context == "the-popping-sound"
        assert message.locations[0][0] == f"leaflets/{SAMPLE}/joint-pop.svg"


def test_the_spanish_pdf_prints_the_translated_labels_and_alt_text(repo_library, leaflets, tmp_path):
    run = leaflets("--root", repo_library, "build", SAMPLE, "--locale", "es", "--locale", "en",
                   "--brand", "default", "--paper", "a4", "--out", tmp_path)
    assert run.exit_code == 0, run.stderr
    spanish = tmp_path / "default" / "es" / f"{SAMPLE}-{VERSION}-a4.pdf"
    text = " ".join(" ".join(pdf_text(spanish)).split())
    for english, translated in LABELS.items():
        assert translated in text
        assert f" {english} " not in text
    assert any(alt.startswith("Dibujo de una articulación.") for alt in figure_alts(spanish))
    english = figure_alts(tmp_path / "default" / "en" / f"{SAMPLE}-{VERSION}-a4.pdf")
    assert any(alt.startswith("Drawing of a joint.") for alt in english)


def test_an_image_without_alternative_text_is_an_error_at_its_line(repo_library, leaflets, tmp_path):
    section = repo_library / "leaflets" / SAMPLE / "the-popping-sound.md"
    lines = section.read_text(encoding="utf-8").split("\n")
    number = next(index for index, line in enumerate(lines) if "joint-pop.svg" in line)
    lines[number] = "![](joint-pop.svg)"
    section.write_text("\n".join(lines), encoding="utf-8")
    run = leaflets("--root", repo_library, "build", SAMPLE, "--locale", "en", "--out", tmp_path)
    assert_one_error_line(run, f"the-popping-sound.md:{number + 1}:", "no alternative text")
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_caption_after_the_image_prints_under_it(repo_library, leaflets, tmp_path):
    section = repo_library / "leaflets" / SAMPLE / "the-popping-sound.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("(joint-pop.svg)\n", "(joint-pop.svg)\nThe joint, before and after.\n"),
                       encoding="utf-8")
    run = leaflets("--root", repo_library, "build", SAMPLE, "--locale", "en", "--format", "html",
                   "--out", tmp_path)
    assert run.exit_code == 0, run.stderr
    page = next(tmp_path.rglob("*.html")).read_text(encoding="utf-8")
    figure = page[page.index('<figure class="figure">'):page.index("</figure>")]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure
    assert "<title>Drawing of a joint." in figure
    assert "<figcaption>The joint, before and after.</figcaption>" in figure


@pytest.mark.parametrize("inside, problem", [
    ('<script>alert(1)</script>', "<script> element"),
    ('<style>p { color: red }</style>', "<style> element"),
    ('<rect width="1" height="1" onclick="x()"/>', "event attribute (onclick=)"),
    ('<image href="https://example.org/x.png"/>', "refers to"),
])
def test_a_figure_that_would_run_style_or_load_anything_is_refused(tmp_path, inside, problem):
    (tmp_path / "leaflets.toml").write_text("", encoding="utf-8")
    svg = tmp_path / "f.svg"
    svg.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{inside}'
                   '<text x="1" y="5">Label</text></svg>', encoding="utf-8")
    with pytest.raises(ContentError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        figures.inline_svg(svg, "A drawing", lambda text: text)


def test_labels_are_escaped_and_placed_over_the_drawing(tmp_path):
    (tmp_path / "leaflets.toml").write_text("", encoding="utf-8")
    svg = tmp_path / "f.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
                   '<text x="100" y="50" text-anchor="middle">Bone</text></svg>', encoding="utf-8")
    assert figures.labels(svg) == [("Bone", 1)]
    markup = figures.inline_svg(svg, 'Bones & "fluid"', lambda text: "<b>Os</b> & co")
    assert "&lt;b&gt;Os&lt;/b&gt; &amp; co" in markup and "<b>" not in markup
    assert 'left: 50.00%; top: 50.00%' in markup and "figure-label--middle" in markup
    assert "<title>Bones &amp; \"fluid\"</title>" in markup
