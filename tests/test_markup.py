"""Section bodies: translation units with their lines, safe HTML, translated rendering."""


from patient_leaflets import markup
from patient_leaflets.content import parse_section

BODY = """\
+++
style = "checklist"
+++

# Questions to ask

Ask **these** questions
at your first visit.

- What is your [training](https://example.org)?
- Which technique will you use?

## Costs

| Item | Price |
| ---- | ----- |
| Visit | Ask |
"""


def test_blocks_are_translation_units_with_file_lines(tmp_path):
    path = tmp_path / "questions.md"
    path.write_text(BODY)
    section = parse_section(path, "questions")
    assert section.title == "Questions to ask" and section.title_line == 5
    assert section.style == "checklist"
    assert [(b.kind, b.text, b.line) for b in section.blocks] == [
        ("paragraph", "Ask **these** questions\nat your first visit.", 7),
        ("list item", "What is your [training](https://example.org)?", 10),
        ("list item", "Which technique will you use?", 11),
        ("heading", "Costs", 13),
        ("table cell", "Item", 15),
        ("table cell", "Price", 15),
        ("table cell", "Visit", 17),
        ("table cell", "Ask", 17),
    ]


def test_html_translates_each_unit_and_keeps_inline_marks(tmp_path):
    path = tmp_path / "questions.md"
    path.write_text(BODY)
    section = parse_section(path, "questions")
    spanish = {"Which technique will you use?": "¿Qué técnica usará?",
               "What is your [training](https://example.org)?": "¿Cuál es su [formación](https://example.org)?"}
    html = markup.to_html(section.body, lambda text: spanish.get(text, text), tmp_path)
    assert "<li>¿Qué técnica usará?</li>" in html
    assert '<a href="https://example.org">formación</a>' in html
    assert "<strong>these</strong>" in html
    assert "<h3>Costs</h3>" in html  # below the section's own h2
    assert "Questions to ask" not in html  # the title is printed by the template


def test_translations_cannot_inject_html(tmp_path):
    html = markup.to_html("Hello.\n", lambda text: '<img src="x"> <script>1</script>', tmp_path)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;script&gt;" in html


def test_relative_images_resolve_from_the_section_folder(tmp_path):
    html = markup.to_html("![A spine](spine.png)\n", lambda text: text, tmp_path)
    assert f'src="{(tmp_path / "spine.png").as_uri()}"' in html
    assert 'alt="A spine"' in html


def test_plain_inline_drops_marks_and_link_targets():
    assert markup.plain_inline("Ask **your** [doctor](https://x.org)\nsoon.") == "Ask your doctor soon."


def test_left_to_right_text_keeps_its_direction_on_a_right_to_left_page(tmp_path):
    # A reference left in English on an Arabic page: its full stops must stay at its end.
    body = "- Paige NM et al. JAMA 2017.\n- مرحبا بكم (JAMA).\n"
    html = markup.to_html(body, lambda text: text, tmp_path, rtl=True)
    assert '<li dir="ltr">Paige NM et al. JAMA 2017.</li>' in html
    assert "<li>مرحبا بكم (JAMA).</li>" in html
    assert "dir=" not in markup.to_html(body, lambda text: text, tmp_path)
