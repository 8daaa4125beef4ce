"""Figures: SVG images in sections, whose words are translated like the text around them.

A section shows a figure as a Markdown image, ``![what it shows](joint.svg)``:
the alternative text is required (it is what a screen reader says and what
the PDF's structure tree holds). An SVG figure is printed inside the page,
not linked: each of its ``<text>`` and ``<tspan>`` labels is a message of
the leaflet's catalog (context: the section's id), put in per language, and
the alternative text becomes its ``<title>``. Its file is read through the
library's reader and judged as a logo is (``brands.svg_problem``); nothing
that would run or style the page around it (scripts, ``<style>``,
``<foreignObject>``, ``on...`` attributes) is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from markdown_it.token import Token

from . import markup
from .errors import ContentError
from .reader import read_bytes

SVG = "http://www.w3.org/2000/svg"
_LABELS = ("text", "tspan")
_REFUSED = ("script", "style", "foreignObject")


def svg_file(url: str) -> Path | None:
    """Return the SVG file an image's ``url`` (as ``markup`` resolves it) names, if it does."""
    parts = urlsplit(url)
    if parts.scheme == "file" and parts.path.lower().endswith(".svg"):
        return Path(unquote(parts.path))
    return None


def svg_paths(body: str, folder: Path) -> list[tuple[Path, int]]:
    """Return each SVG figure the section ``body`` shows, with the line of its image."""
    return [(path, line) for url, line in markup.images(body, folder)
            if (path := svg_file(url)) is not None]


def alt_text(image: Token) -> str:
    """Return the alternative text of a Markdown image token, marks dropped."""
    return "".join(child.content for child in image.children or ()
                   if child.type in ("text", "code_inline")).strip()


def missing_alt(body: str, parsed: markup.Parsed | None = None) -> int | None:
    """Return the 1-based line of the first image of ``body`` without alternative text.

    ``parsed``: what ``markup.parse(body)`` returned, when the caller has it.
    """
    tokens, _ = parsed or markup.parse(body)
    for token in tokens:
        for child in token.children or ():
            if child.type == "image" and not alt_text(child):
                return (token.map[0] if token.map else 0) + 1 + \
                    token.content[:token.content.find("![")].count("\n")
    return None


def labels(path: Path) -> list[tuple[str, int]]:
    """Return the words of each label of the SVG figure at ``path``, with its line."""
    data = read_bytes(path, "image", ContentError)
    _parsed(path, data)  # refuses what cannot be printed, before expat reads it for lines
    from xml.parsers import expat

    found: list[tuple[str, int]] = []
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[tuple[bool, int, list[str]]] = []

    def start(name: str, _attrs: object) -> None:
        stack.append((_local(name) in _LABELS, parser.CurrentLineNumber, []))

    def end(_name: str) -> None:
        label, line, words = stack.pop()
        if label and "".join(words).strip():
            found.append((" ".join("".join(words).split()), line))

    def text(data: str) -> None:
        if stack:
            stack[-1][2].append(data)

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    return sorted(found, key=lambda item: item[1])


def inline_svg(path: Path, alt: str, translate: Callable[[str], str]) -> str:
    """Return the SVG figure at ``path`` as markup for the page: ``alt`` as its title and
    accessible name, each label passed through ``translate``.

    A label placed with x and y is printed as text of the page over the drawing, not by
    the SVG renderer: WeasyPrint draws SVG text one letter at a time, which breaks the
    joined letters of Arabic and the order of any right-to-left script. The page's own
    text engine shapes and orders every language.
    """
    from xml.sax.saxutils import escape

    root = _parsed(path, read_bytes(path, "image", ContentError))
    box = _box(root)
    if box is None:
        raise ContentError(path, "the figure has neither a viewBox (like viewBox=\"0 0 360 "
                                 "180\") nor a width and height in pixels; add a viewBox")
    placed = []
    parents = {child: parent for parent in root.iter() for child in parent}
    for parent in root.iter():
        for element in list(parent):
            if _local(element.tag) != "text" or not "".join(element.itertext()).strip():
                continue
            words = translate(" ".join("".join(element.itertext()).split()))
            try:
                x, y = float(element.get("x", "")), float(element.get("y", ""))
            except ValueError:  # no single place to print it at: the SVG renderer draws it
                element.text, element[:] = words, []
                continue
            anchor = _inherited(parents, element, "text-anchor")
            anchor = anchor if anchor in ("middle", "end") else "start"
            bold = _inherited(parents, element, "font-weight") in ("bold", "600", "700", "800", "900")
            parent.remove(element)
            placed.append(f'<span class="figure-label figure-label--{anchor}'
                          f'{" figure-label--bold" if bold else ""}" aria-hidden="true" '
                          f'style="left: {(x - box[0]) / box[2] * 100:.2f}%; '
                          f'top: {(y - box[1]) / box[3] * 100:.2f}%">{escape(words)}</span>')
    for old in [child for child in root if _local(child.tag) == "title"]:
        root.remove(old)
    title = ElementTree.Element(root.tag[:-len("svg")] + "title")  # in the root's namespace
    title.text = alt
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-label", alt)
    root.set("class", " ".join(filter(None, (root.get("class"), "figure-image"))))
    return f'<span class="figure-drawing">{_markup(root, top=True)}{"".join(placed)}</span>'


def _box(root: ElementTree.Element) -> list[float] | None:
    """Return the drawing's (x, y, width, height): its viewBox, else its size in pixels."""
    try:
        box = [float(number) for number in (root.get("viewBox") or "").replace(",", " ").split()]
        if not box:
            box = [0, 0, float(root.get("width", "").removesuffix("px")),
                   float(root.get("height", "").removesuffix("px"))]
    except ValueError:
        return None
    return box if len(box) == 4 and box[2] > 0 and box[3] > 0 else None


def _inherited(parents: dict[ElementTree.Element, ElementTree.Element], element: ElementTree.Element,
               name: str) -> str | None:
    """Return the presentation attribute ``name`` of ``element`` or of the nearest group
    around it that sets it (``parents`` maps each element to the one it is in)."""
    node: ElementTree.Element | None = element
    while node is not None:
        if node.get(name):
            return node.get(name)
        node = parents.get(node)
    return None


def _markup(element: ElementTree.Element, top: bool = False) -> str:
    """Return ``element`` as SVG markup in the page: SVG names unprefixed, text escaped."""
    from xml.sax.saxutils import escape, quoteattr

    name = _local(element.tag)
    attributes = "".join(f" {_attribute(key)}={quoteattr(value)}" for key, value in element.items())
    if top:
        attributes = f' xmlns="{SVG}"' + attributes
    inside = escape(element.text or "") + "".join(
        _markup(child) + escape(child.tail or "") for child in element)
    return f"<{name}{attributes}>{inside}</{name}>"


def _attribute(key: str) -> str:
    namespace, _, name = key[1:].partition("}") if key.startswith("{") else ("", "", key)
    return {"http://www.w3.org/1999/xlink": f"xlink:{name}",
            "http://www.w3.org/XML/1998/namespace": f"xml:{name}"}.get(namespace, name)


def _parsed(path: Path, data: bytes) -> ElementTree.Element:
    from defusedxml.ElementTree import fromstring

    from .brands import svg_problem

    problem = svg_problem(data)
    if problem:
        raise ContentError(path, f"cannot print this SVG figure: {problem}")
    root: ElementTree.Element = fromstring(data)
    for element in root.iter():
        name = _local(element.tag)
        if name in _REFUSED:
            raise ContentError(path, f"the figure holds a <{name}> element, which a leaflet "
                                     "does not print; use presentation attributes (fill=, "
                                     "font-size=) and remove it")
        handler = next((name for name in element.attrib if name.lower().startswith("on")), None)
        if handler:
            raise ContentError(path, f"the figure has an event attribute ({handler}=), which "
                                     "a leaflet does not run; remove it")
    return root


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def raw_token(html: str) -> Token:
    """Return an inline token that prints ``html`` as it is (HTML made here, never by content)."""
    token = Token("html_inline", "", 0)
    token.content = html
    return token


def as_figure(opening: Token, inline: Token, closing: Token) -> None:
    """Make a paragraph that opens with an image a <figure>; the words after it its caption."""
    children = inline.children or []
    if opening.hidden or not children or not (
            children[0].type == "image" or (children[0].type == "html_inline" and
                                            children[0].content.startswith('<span class="figure-drawing">'))):
        return
    opening.tag = closing.tag = "figure"
    opening.attrJoin("class", "figure")
    rest = children[1:]
    while rest and (rest[0].type in ("softbreak", "hardbreak") or not rest[0].content.strip()):
        rest = rest[1:]
    if rest:
        inline.children = [children[0], raw_token("<figcaption>"), *rest,
                           raw_token("</figcaption>")]
