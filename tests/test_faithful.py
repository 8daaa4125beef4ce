"""Nothing is printed unfaithfully without an error: no text lost, no markup printed as typed.

Each case appends a section to the minimal library's leaflet and runs the
real CLI: Markdown that the parser would drop (nesting past its limit, a
table cell past the header) or print as typed (an image or link it refuses,
a missing reference, a footnote), and a table too wide for the page, fail
the build with one line naming the section file and line, and no output is
written. The HTML output refuses exactly what the PDF output refuses.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import assert_one_error_line, pdf_files, pdf_text

SECTION = "leaflets/demo/extra.md"


def add_section(root: Path, body: str) -> None:
    """Append a section with ``body`` (from line 3 of its file) to the demo leaflet."""
    (root / SECTION).write_text(f"# Extra\n\n{body}\n")
    config = root / "leaflets/demo/leaflet.toml"
    config.write_text(config.read_text().replace('"checklist"]', '"checklist", "extra"]'))


def outputs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "dist").rglob("*") if p.suffix in (".pdf", ".html"))


def png(size: tuple[int, int] = (4, 4), kind: str = "PNG") -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, "#1f4e79").save(data, kind)
    return data.getvalue()


DEEP_LISTS = "".join("  " * level + f"- level {level}\n" for level in range(10))

# (body, the line it fails at, what the message says)
AT_PARSE_TIME = {
    "image address with a space": ("![An X-ray](x ray.png)", 3, "write %20 for a space"),
    "image address over two lines": ("See ![An X-ray](x\nray.png)", 3, "would print as typed"),
    "image on the second line of a paragraph": ("Look at this\npicture ![An X-ray](x ray.png)",
                                                4, "would print as typed"),
    "image with a javascript: address": ("![x](javascript:alert(1))", 3, "(javascript:) is refused"),
    "image with a file: address": ("![x](file:///etc/passwd)", 3, "(file:) is refused"),
    "image with an SVG data: address": ("![x](data:image/svg+xml;base64,PHN2Zy8+)", 3,
                                        "(data:) is refused"),
    "image with an unclosed title": ('![x](x-ray.png "An X-ray)', 3, "would print as typed"),
    "image reference without definition": ("![An X-ray][xray]", 3, "has no definition"),
    "image without an address": ("Note ![sic] here", 3, "names no image file"),
    "link with a javascript: address": ("[Click](javascript:alert(1))", 3, "(javascript:) is refused"),
    "link address with a space": ("[NHS](https://www.nhs.uk/a page)", 3, "write %20 for a space"),
    "link reference without definition": ("See [the NHS][nhs].", 3, "has no definition"),
    "link inside a link": ("[See [NHS](https://www.nhs.uk) now](https://nice.org.uk)", 3,
                           "holds a link"),
    "link to a file of the build machine": ("[The other page](other.md)", 3,
                                            "not a whole address"),
    "link without a scheme": ("[NHS](www.nhs.uk)", 3, "write a web address (https://...)"),
    "link with a title": ('[NICE](https://www.nice.org.uk "The guideline")', 3,
                          "title ('The guideline') would print nowhere"),
    "image with a title": ('![An X-ray](x-ray.png "Taken in 2024")', 3, "would print nowhere"),
    "link without text": ("Call [](tel:+15550142) today", 3, "the link has no text"),
    "refused autolink": ("<javascript:alert(1)>", 3, "<javascript:alert(1)> is refused"),
    "footnote": ("Rest helps[^1].\n\n[^1]: A note.", 3, "footnotes ([^1]) are not supported"),
    "footnote definition": ("Rest helps.\n\n[^1]: https://nice.org.uk", 5,
                            "footnotes ([^1]) are not supported"),
    "unused link definition": ("Rest helps.\n\n[nice]: https://nice.org.uk", 5,
                               "no link uses this link definition"),
    "repeated link definition": ("See [NICE][nice].\n\n[nice]: https://nice.org.uk\n"
                                 "[nice]: https://nhs.uk", 6, "repeats the label"),
    "quotes nested past the parser's limit": ("> " * 20 + "Deep text", 3, "nested too deep"),
    "lists nested past the parser's limit": (DEEP_LISTS, 12, "nested too deep"),
    "table row with more cells than its header": ("| Day | Dose |\n|---|---|\n| Mon | 1 | 2 |",
                                                   5, "more cells than the table's header row"),
    "table whose header and delimiter rows differ": ("| Day | Dose | Time |\n|---|---|\n"
                                                     "| Mon | 1 | 8:00 |", 3,
                                                     "would print as typed"),
    "table with too many columns": ("| A | B | C | D | E |\n|---|---|---|---|---|\n"
                                    "| 1 | 2 | 3 | 4 | 5 |", 3, "this table has 5 columns"),
}


@pytest.mark.parametrize(("body", "line", "says"), AT_PARSE_TIME.values(), ids=AT_PARSE_TIME.keys())
@pytest.mark.parametrize("output", ["pdf", "html"])
def test_markdown_that_would_not_print_as_written_is_refused(make_library, leaflets, body, line,
                                                              says, output):
    root = make_library("minimal")
    add_section(root, body)
    run = leaflets("--root", root, "build", "--format", output)
    assert_one_error_line(run, f"{SECTION}:{line}: ", says)
    assert outputs(root) == []


def test_a_refusal_is_reported_by_check_too(make_library, leaflets):
    root = make_library("minimal")
    add_section(root, "![An X-ray](x ray.png)")
    run = leaflets("--root", root, "check")
    assert run.exit_code == 1
    assert f"error: {SECTION}:3: the image's address cannot be read" in run.stdout


# Images the sandbox or WeasyPrint refuse: (file to add, body, what the message says)
REFUSED_IMAGES = {
    "over http": (None, "![x](http://127.0.0.1:9/pixel.png)", "only files inside"),
    "as a PNG data: URL": (None, f"![x](data:image/png;base64,{base64.b64encode(png()).decode()})",
                           "only files inside"),
    "missing": (None, "![x](missing.png)", "no such file"),
    "not an image": (("notes.png", b"not an image at all"), "![x](notes.png)",
                     "not an image WeasyPrint can read"),
    "a TIFF no browser shows": (("x-ray.tiff", png(kind="TIFF")), "![x](x-ray.tiff)",
                                "in no browser"),
    "an SVG that loads a file": (("pic.svg", b'<svg xmlns="http://www.w3.org/2000/svg" '
                                  b'xmlns:xlink="http://www.w3.org/1999/xlink" width="4" '
                                  b'height="4"><image xlink:href="dot.png" width="4" '
                                  b'height="4"/></svg>'), "![x](pic.svg)", "refers to 'dot.png'"),
}


@pytest.mark.parametrize(("extra", "body", "says"), REFUSED_IMAGES.values(),
                         ids=REFUSED_IMAGES.keys())
@pytest.mark.parametrize("output", ["pdf", "html"])
def test_an_image_that_cannot_print_is_refused_alike_in_pdf_and_html(make_library, leaflets, extra,
                                                                     body, says, output):
    root = make_library("minimal")
    (root / "leaflets/demo/dot.png").write_bytes(png())
    if extra:
        (root / "leaflets/demo" / extra[0]).write_bytes(extra[1])
    add_section(root, f"Some text.\n\n{body}")
    run = leaflets("--root", root, "build", "--format", output)
    assert_one_error_line(run, "demo (en, default, a4)" if output == "pdf" else "demo (en, default",
                          f"{SECTION}:5: ", says)
    assert outputs(root) == []


FAITHFUL = """\
Brackets in prose stay text: [sic], [a] [b], and a lone [ or ].
An escaped \\![bang] and \\[x](y) print as typed, on purpose.
Code keeps its syntax: `![x](javascript:y)`. Raw <b>HTML</b> prints as text.
Entities: caf&eacute; &amp; tea. Mail <desk@clinic.example> or <https://nhs.uk>,
call [the desk](tel:+15550142), read [NICE][nice] or [the top](#demo--intro).

![A dot, its file name with a space](<a dot.png>)
![A dot by reference][dot]

1. One
2. Two

> A quote
> - in a list

| Day | Morning | Evening | Night |
|-----|---------|---------|-------|
| Mon | 1       | 1       | 2     |

```text
![x](a b) stays code
```

[nice]: https://www.nice.org.uk
[dot]: <a dot.png>
"""


@pytest.mark.parametrize("output", ["pdf", "html"])
def test_markdown_that_prints_as_written_builds(make_library, leaflets, output):
    root = make_library("minimal")
    (root / "leaflets/demo/a dot.png").write_bytes(png())
    add_section(root, FAITHFUL)
    run = leaflets("--root", root, "build", "--format", output)
    assert run.exit_code == 0, run.stderr
    [built] = outputs(root)
    if output == "pdf":
        text = " ".join(pdf_text(built))
        assert "[sic]" in text and "![x](javascript:y)" in text and "<b>HTML</b>" in text
        assert "Evening" in text and "stays code" in text


@pytest.mark.parametrize("output", ["pdf", "html"])
def test_a_table_laid_out_wider_than_its_column_is_refused(make_library, leaflets, output):
    # Within the column count, but its words cannot wrap: measured where it is laid out.
    root = make_library("minimal")
    words = "Physiotherapist"
    add_section(root, "Text.\n\n| " + " | ".join([words] * 4) + " |\n|---|---|---|---|\n"
                      "| " + " | ".join([words] * 4) + " |")
    run = leaflets("--root", root, "build", "--format", output)
    if output == "html":  # a browser scrolls a wide table; only paper has a fixed width
        assert run.exit_code == 0, run.stderr
        return
    assert_one_error_line(run, f"{SECTION}:5: ", "mm wider than its column in demo (en, default, a4)")
    assert pdf_files(root / "dist") == []


@pytest.mark.parametrize("output", ["pdf", "html"])
def test_an_svg_logo_holding_a_raster_prints_alike_in_pdf_and_html(make_library, leaflets, output):
    # The brand check allows data: inside an SVG logo; the PDF renderer refused it.
    root = make_library("minimal")
    data = base64.b64encode(png()).decode()
    (root / "brands/default/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="40" height="10"><image xlink:href="data:image/png;base64,{data}" width="10" '
        'height="10"/></svg>')
    run = leaflets("--root", root, "build", "--format", output)
    assert run.exit_code == 0, run.stderr
    assert len(outputs(root)) == 1
