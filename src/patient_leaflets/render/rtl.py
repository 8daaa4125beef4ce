"""Right-to-left lines drawn so that their text extracts in logical order.

WeasyPrint 70 writes a right-to-left line as Pango shapes it: glyphs in the
order they are drawn, left to right, each glyph mapped (``/ToUnicode``) to
the characters of its cluster. Extractors turn such a line back into
logical order by reversing its right-to-left runs, and two things then go
wrong (issue 13; measured on the Arabic sample: poppler lost 163 of 587
words, pypdf none of the printed ones):

- **a glyph standing for several characters** (a lam-alef ligature, a letter
  and its harakat merged into one cluster) is one unit to pypdf but several
  characters to poppler, which reverses them as well: "لا" comes out "ال";
- **a mark drawn raised** (a fatha, a shadda: WeasyPrint lifts it with text
  rise) leaves the baseline, and poppler starts a new word at it: the word
  falls apart into pieces reversed one by one.

``/ActualText`` does not help: poppler honours it and reverses it too.

So a right-to-left cluster that is not one glyph on the baseline for one
character is drawn in two layers, as a scanned page with a text layer is:
its glyphs as filled outlines (the same shapes, where Pango put them), and
its characters as invisible text (render mode 3) on the baseline, one font
glyph per character, laid out across the cluster's width in visual order.
Every glyph a text extractor sees is then one character on the baseline,
whichever way it orders a run. The outlines sit in the same marked content
as the text, so the structure tree is unchanged.

Lines without right-to-left characters, and lines WeasyPrint ellipsizes or
draws with bitmap or colour fonts, are left to WeasyPrint. Installed by
``install()`` (see ``replaced``); the version is pinned, and ``tests/test_rtl_text.py``
checks what this promises in real PDFs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pydyf
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from weasyprint.draw import text as _text
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

from .replaced import Replacement

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LEAST_SHARE = 0.12  # of the font size: carriers closer than 0.1 are duplicates to poppler
_MARK_WIDTH = 250  # thousandths of the size: the width a carrier of a mark is given


def install() -> None:
    """Draw right-to-left lines here, every other line as WeasyPrint does."""
    _REPLACED.install()


def uninstall() -> None:
    """Leave every line to WeasyPrint again (tests compare the two)."""
    _REPLACED.uninstall()


def _draw_first_line(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str,
                     matrix: Any) -> list[Any]:
    # SVG text comes one letter at a time with text_overflow "none" (HTML's is "clip" or
    # "ellipsis"), in a render mode of its own (stroked, invisible): WeasyPrint's.
    if (text_overflow not in ("ellipsis", "none") and block_ellipsis == "none"
            and textbox.style["font_size"] >= 1e-6 and textbox.text.strip()
            and _RTL.search(textbox.text)):
        pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        line = _Line(stream, textbox, matrix)
        if line.drawable():
            line.draw()
            return []  # no emoji: colour fonts are left to WeasyPrint
    emojis: list[Any] = _REPLACED.stock(stream, textbox, text_overflow, block_ellipsis, matrix)
    return emojis


_REPLACED = Replacement(_text, "draw_first_line", _draw_first_line)


@dataclass
class _Glyph:
    id: int
    x: float  # the origin, in text space, after the glyph's own offset
    rise: float  # how far WeasyPrint lifts it (text rise, text space)


class _Line:
    """One line of a text box, written to a content stream."""

    def __init__(self, stream: Any, textbox: Any, matrix: Any):
        self.stream = stream
        self.textbox = textbox
        self.matrix = matrix
        self.line = textbox.pango_layout.get_first_line()[0]
        self.text = textbox.pango_layout.text.encode()
        self.pen = 0.0  # text space: where the next glyph's advance starts
        self.shapes: list[tuple[Any, float, _Glyph]] = []  # (font, size, glyph), drawn after
        self.string = ""  # the TJ operand being built

    def runs(self) -> list[Any]:
        runs, run = [], self.line.runs[0]
        while run != ffi.NULL:
            runs.append(run.data)
            run = run.next
        return runs

    def drawable(self) -> bool:
        """Whether every font of the line is one this module draws (no bitmaps, no colour)."""
        for item in self.runs():
            font, _ = self.stream.add_font(item.item.analysis.font)
            if font.bitmap or font.png or font.svg or font.colr:
                return False
        return True

    def draw(self) -> None:
        self.stream.set_text_matrix(*self.matrix.values)
        current = None
        for item in self.runs():
            pango_font = item.item.analysis.font
            font, size = self.stream.add_font(pango_font)
            if pango.pango_version() < 14802:
                size = self.textbox.style["font_size"]
            if pango_font != current:
                current = pango_font
                self._flush()
                self.stream.set_font_size(font.hash, size)
            if item.item.analysis.level % 2:
                self._right_to_left(item, font, size, pango_font)
            else:
                for index in range(item.glyphs.num_glyphs):
                    self._glyph(item, index, font, size, pango_font, self._cluster(item, index))
        self._flush()
        if self.shapes:
            self.stream.end_text()
            self._outlines()
            self.stream.begin_text()

    # --- glyphs as WeasyPrint writes them -----------------------------------------

    def _cluster(self, item: Any, index: int) -> str:
        """The characters of the cluster glyph ``index`` starts (as WeasyPrint maps it)."""
        glyphs, clusters = item.glyphs, item.glyphs.log_clusters
        start = clusters[index]
        if item.item.analysis.level % 2:
            end = item.item.length if index == 0 else clusters[index - 1]
        else:
            end = item.item.length if index == glyphs.num_glyphs - 1 else clusters[index + 1]
        offset = item.item.offset
        text: str = self.text[offset + start:offset + end].decode()
        return text

    def _width(self, font: Any, size: float, pango_font: Any, glyph: int) -> int:
        """The glyph's advance in the PDF font (thousandths of the font size)."""
        if glyph not in font.widths:
            pango.pango_font_get_glyph_extents(
                pango_font, glyph, self.stream.ink_rect, self.stream.logical_rect)
            font.widths[glyph] = round(self.stream.logical_rect.width * 1000 * FROM_UNITS / size)
        width: int = font.widths[glyph]
        return width

    def _glyph(self, item: Any, index: int, font: Any, size: float, pango_font: Any,
               text: str) -> None:
        """Write glyph ``index`` of ``item``, mapped to ``text`` unless its glyph has a mapping."""
        info = item.glyphs.glyphs[index]
        width = info.geometry.width * 1000 * FROM_UNITS / size  # Pango's advance
        if info.glyph == pango.PANGO_GLYPH_EMPTY:
            self._move(width, size)
            return
        glyph = info.glyph
        if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:  # refused before rendering (render/glyphs.py)
            glyph = font.get_unused_glyph_id(glyph - pango.PANGO_GLYPH_UNKNOWN_FLAG)
        font.to_unicode.setdefault(glyph, text)
        offset = info.geometry.x_offset / size  # as WeasyPrint: thousandths of the size
        rise = info.geometry.y_offset / 1000
        advance = self._width(font, size, pango_font, glyph)
        self._move(offset, size)
        if rise:
            self._flush()
            self.stream.set_text_rise(-rise)
            self.string = f"<{glyph:04x}>"
            self._flush()
            self.stream.set_text_rise(0)
        else:
            self.string += f"<{glyph:04x}>"
        self.pen += advance * size / 1000
        self._move(-int(advance + offset - width), size)  # whole thousandths, as WeasyPrint

    def _place(self, item: Any, index: int, size: float) -> _Glyph | None:
        """Where glyph ``index`` of ``item`` is drawn from the pen; the pen moves past it."""
        info = item.glyphs.glyphs[index]
        placed = None
        if info.glyph != pango.PANGO_GLYPH_EMPTY:
            placed = _Glyph(info.glyph, self.pen + info.geometry.x_offset / 1000,
                            -info.geometry.y_offset / 1000)
        self.pen += info.geometry.width * FROM_UNITS
        return placed

    def _move(self, thousandths: float, size: float) -> None:
        """Move the pen right (a TJ number moves it left by thousandths of the size)."""
        if thousandths:
            self.string += f" {-thousandths:g} "
            self.pen += thousandths * size / 1000

    def _flush(self) -> None:
        if self.string.strip():
            self.stream.show_text(self.string)
        self.string = ""

    # --- right-to-left runs ---------------------------------------------------------

    def _right_to_left(self, item: Any, font: Any, size: float, pango_font: Any) -> None:
        units = [self._unit(item, font, group) for group in _groups(item)]
        for unit in _widened(units, size):
            group, carriers = unit.group, unit.carriers
            if carriers is not None and any(font.widths.get(glyph) == 0 for glyph, _ in carriers):
                carriers = None  # a mark drawn visibly since (a unit before, as it is)
            if carriers is None:
                for start, stop in group:
                    for i in range(start, stop):
                        self._glyph(item, i, font, size, pango_font,
                                    self._cluster(item, start) if i == start else "")
                continue
            start_x = self.pen
            for i in range(group[0][0], group[-1][1]):
                placed = self._place(item, i, size)
                if placed is not None:
                    self.shapes.append((font, size, placed))
            self._invisible(carriers, font, size, pango_font, start_x)

    def _unit(self, item: Any, font: Any, group: list[tuple[int, int]]) -> _Unit:
        first, end = group[0][0], group[-1][1]
        glyphs = item.glyphs.glyphs
        if end - first == 1:  # most letters: one glyph, perhaps for one character
            info, text = glyphs[first], self._cluster(item, first)
            plain = (len(text) == 1 and not info.geometry.y_offset
                     and font.to_unicode.get(info.glyph, text) == text
                     and not info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG)
            return _Unit(group, text, info.geometry.width * FROM_UNITS,
                         None if plain else _carriers(font, text), font)
        text = "".join(self._cluster(item, start) for start, _ in reversed(group))
        width = sum(glyphs[i].geometry.width for i in range(first, end)) * FROM_UNITS
        return _Unit(group, text, width, _carriers(font, text), font)

    def _invisible(self, carriers: list[tuple[int, str]], font: Any, size: float,
                   pango_font: Any, start: float) -> None:
        """Write ``carriers`` (glyph, character) as invisible text from ``start`` to the pen.

        Each carrier is scaled (Tz) to an equal share of the width, so that an
        extractor sees characters side by side, none overlapping the next:
        poppler takes a character that starts within a tenth of the font size
        of the one before for a duplicate and starts a new word.
        """
        share = (self.pen - start) / len(carriers)
        self._flush()
        self.stream.set_text_rendering(3)
        for glyph, character in reversed(carriers):  # visual order: the last letter leftmost
            font.to_unicode.setdefault(glyph, character)
            if glyph not in font.widths and not self._width(font, size, pango_font, glyph):
                font.widths[glyph] = _MARK_WIDTH  # a mark: drawn only here, invisible
            advance = font.widths[glyph] * size / 1000
            self.stream.stream.append(f"{100 * share / advance:g} Tz".encode())
            self.stream.show_text(f"<{glyph:04x}>")
        self.stream.stream.append(b"100 Tz")
        self.stream.set_text_rendering(0)

    # --- outlines ---------------------------------------------------------------------

    def _outlines(self) -> None:
        """Fill the outlines of the glyphs drawn over carriers, after the line's text.

        Each outline is a form XObject of the document, made on first use.
        """
        forms = self.stream._resources["XObject"]
        for font, size, glyph in self.shapes:
            name = f"g{font.hash}-{glyph.id}"
            if name not in forms:
                forms[name] = _outline(font, glyph.id)
            scale = size / font.upem
            a, b, c, d, e, f = self.matrix.values
            x, y = glyph.x, glyph.rise
            place = (a * scale, b * scale, c * scale, d * scale,
                     x * a + y * c + e, x * b + y * d + f)
            self.stream.stream.append(
                ("q " + " ".join(f"{value:.6g}" for value in place) + f" cm /{name} Do Q").encode())


def _outline(font: Any, glyph: int) -> pydyf.Stream:
    """A glyph's outline as a form XObject, in font units."""
    operators, box = _font(font).outline(glyph)
    return pydyf.Stream([operators], pydyf.Dictionary({
        "Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array(box),
    }), compress=True)


@dataclass
class _Program:
    """A font file as fontTools reads it, with the outlines drawn from it so far."""

    ttfont: TTFont
    cmap: dict[int, str]
    glyphs: Any
    outlines: dict[int, tuple[bytes, tuple[float, ...]]] = field(default_factory=dict)

    def outline(self, glyph: int) -> tuple[bytes, tuple[float, ...]]:
        """A glyph's outline as PDF path operators (filled), and its bounding box."""
        if glyph not in self.outlines:
            pen = _PathPen(self.glyphs)
            self.glyphs[self.ttfont.getGlyphName(glyph)].draw(pen)
            if pen.operators:
                pen.operators.append("f")
            self.outlines[glyph] = ("\n".join(pen.operators).encode(), pen.box or (0, 0, 0, 0))
        return self.outlines[glyph]


@dataclass
class _Unit:
    """Glyphs drawn together: as they are (no carriers), or as outlines over carriers."""

    group: list[tuple[int, int]]
    text: str  # logical order
    width: float  # text space
    carriers: list[tuple[int, str]] | None
    font: Any

    @property
    def carriers_possible(self) -> bool:
        """Whether carriers could stand for this unit: not across a word's gap."""
        return not any(character.isspace() for character in self.text)

    def merged(self, right: _Unit) -> _Unit:
        """This unit and the one drawn to its right (the text before it), as one."""
        text = right.text + self.text
        return _Unit(self.group + right.group, text, self.width + right.width,
                     _carriers(self.font, text), self.font)


def _widened(units: list[_Unit], size: float) -> list[_Unit]:
    """Units whose carriers would stand closer than poppler tells characters apart
    (a tenth of the font size: a lam with a shadda and a fatha) take in a neighbour."""
    least = _LEAST_SHARE * size
    done: list[_Unit] = []
    pending = list(units)
    while pending:
        unit = pending.pop(0)
        while unit.carriers is not None and unit.width / len(unit.carriers) < least:
            if pending and pending[0].carriers_possible:
                unit = unit.merged(pending.pop(0))
            elif done and done[-1].carriers_possible:
                unit = done.pop().merged(unit)
            else:
                break
        done.append(unit)
    return done


def _groups(item: Any) -> list[list[tuple[int, int]]]:
    """The glyph clusters of a right-to-left run (start, end), in the order drawn, grouped:
    a cluster that does not advance (a mark Pango keeps apart) goes with the next one,
    the letter it sits on (drawn to its right)."""
    glyphs, clusters, count = item.glyphs.glyphs, item.glyphs.log_clusters, item.glyphs.num_glyphs
    groups: list[list[tuple[int, int]]] = []
    pending: list[tuple[int, int]] = []
    index = 0
    while index < count:
        end = index + 1
        while end < count and clusters[end] == clusters[index]:
            end += 1
        pending.append((index, end))
        if any(glyphs[i].geometry.width for i in range(index, end)):
            groups.append(pending)
            pending = []
        index = end
    if pending:
        groups.append(pending)
    return groups


def _font(font: Any) -> _Program:
    """The font program of a WeasyPrint font (kept on it, and by its file for later documents:
    a warm worker sees the same fonts in every one)."""
    program: _Program | None = getattr(font, "_leaflets_program", None)
    if program is None:
        program = font._leaflets_program = _program(
            font.file_content, font.index, tuple(sorted(font.variations.items())))
    return program


@functools.lru_cache(maxsize=32)
def _program(content: bytes, index: int, variations: tuple[tuple[str, float], ...]) -> _Program:
    ttfont = TTFont(BytesIO(content), fontNumber=index, lazy=True)
    return _Program(ttfont, ttfont.getBestCmap() or {},
                    ttfont.getGlyphSet(location=dict(variations) or None))


def _carriers(font: Any, text: str) -> list[tuple[int, str]] | None:
    """One glyph of the font for each character of ``text``, in logical order (or None)."""
    if any(character.isspace() for character in text):
        return None  # a space carried would close the gap poppler splits words at
    program = _font(font)
    carriers = []
    for character in text:
        name = program.cmap.get(ord(character))
        if name is None:
            return None
        glyph = program.ttfont.getGlyphID(name)
        if font.to_unicode.get(glyph, character) != character or font.widths.get(glyph) == 0:
            return None  # mapped to other text, or drawn visibly with no width
        carriers.append((glyph, character))
    return carriers or None


class _PathPen(BasePen):  # type: ignore[misc]
    """Collects a glyph's outline as PDF path operators, in whole font units."""

    def __init__(self, glyphs: Any):
        super().__init__(glyphs)
        self.operators: list[str] = []
        self.box: tuple[float, float, float, float] | None = None

    def _point(self, *points: tuple[float, float]) -> str:
        for x, y in points:
            x0, y0, x1, y1 = self.box or (x, y, x, y)
            self.box = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
        return " ".join(f"{round(x)} {round(y)}" for x, y in points)  # 1/upem: finer than ink

    def _moveTo(self, point: tuple[float, float]) -> None:
        self.operators.append(f"{self._point(point)} m")

    def _lineTo(self, point: tuple[float, float]) -> None:
        self.operators.append(f"{self._point(point)} l")

    def _curveToOne(self, one: tuple[float, float], two: tuple[float, float],
                    three: tuple[float, float]) -> None:
        self.operators.append(f"{self._point(one, two, three)} c")

    def _closePath(self) -> None:
        self.operators.append("h")
