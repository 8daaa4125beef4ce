"""Lay out the leaflet's two columns with fewer passes than WeasyPrint 70 makes.

WeasyPrint 70 lays out a multi-column box by trial: every page's columns
once at full height to learn whether the content fits, then once again for
real; on the page where the content ends, it balances the columns by laying
them out again and again, one pixel taller each time until the last column
is not the tallest. On our leaflets that is two thirds of the layout time,
and a box kept whole (``break-inside: avoid``) on the last page can cost a
hundred and more layouts of that page (issue 17).

Here, for the one kind of multi-column box the leaflet template makes (a
column count, no ``column-span``, no fixed height, no footnotes), the
columns are laid out once at full height and kept when the content goes on
to the next page or is not to be balanced; on the last page the balanced
height is found by bisection between the mean and the tallest column, each
try a real layout as WeasyPrint's own. Any other multi-column box goes to
WeasyPrint's own layout. Installed by ``install()`` (see ``replaced``); the
version is pinned, and ``tests/test_columns.py`` compares the result with
WeasyPrint's.
"""

from __future__ import annotations

from typing import Any

from weasyprint.layout import block as _block
from weasyprint.layout import column as _column
from weasyprint.layout.percent import percentage

from .replaced import Replacement


def install() -> None:
    """Let WeasyPrint's block layout call ``columns_layout`` below."""
    _REPLACED.install()


def uninstall() -> None:
    """Give WeasyPrint back its own column layout (for comparing the two)."""
    _REPLACED.uninstall()


def _ours(context: Any, box: Any) -> bool:
    """Tell whether ``box`` is a multi-column box of the kind laid out here."""
    style = box.style
    return (isinstance(style["column_count"], int) and style["column_width"] == "auto"
            and style["height"] == "auto" and style["min_height"] == "auto"
            and style["position"] != "relative" and bool(box.children)
            and context.current_footnote_area.height == "auto"
            and not context.current_page_footnotes and not context.footnotes
            and all(child.style["column_span"] != "all" for child in box.children))


def columns_layout(context: Any, box: Any, bottom_space: float, skip_stack: Any,
                   containing_block: Any, page_is_empty: bool, absolute_boxes: list[Any],
                   fixed_boxes: list[Any], adjoining_margins: list[float],
                   first_letter_style: Any, first_line_style: Any) -> Any:
    """Lay out the multi-column ``box`` (WeasyPrint's signature and result)."""
    if not _ours(context, box):
        return _REPLACED.stock(context, box, bottom_space, skip_stack, containing_block,
                               page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins,
                               first_letter_style, first_line_style)
    context.in_column = True
    box = box.copy_with_children(box.children)
    box.position_y += _block.collapse_margin(adjoining_margins)
    _block.block_level_width(box, containing_block)
    style = box.style
    count = style["column_count"]
    gap = (style["font_size"] if style["column_gap"] == "normal"
           else percentage(style["column_gap"], style, box.width))
    width = max(0, box.width - (count - 1) * gap) / count
    first = next(iter(skip_stack)) if skip_stack else 0
    children = [child.copy() for child in box.children[first:]]
    resume_from = {0: skip_stack[first]} if skip_stack else None
    top = box.content_box_y()
    full_height = context.page_bottom - top - bottom_space
    shapes = len(context.excluded_shapes)

    def lay_out(height: float, final: bool) -> tuple[list[Any], Any, Any]:
        """Lay the columns out at ``height``; a try leaves nothing behind in ``context``."""
        del context.excluded_shapes[shapes:]
        columns: list[Any] = []
        resume_at, next_page = resume_from, {"break": "any", "page": None}
        for number in range(count):
            column = _column._create_column_box(box, containing_block, children, width, top)
            if style["direction"] == "rtl":
                column.position_x += box.width - (number + 1) * width - number * gap
            else:
                column.position_x += number * (width + gap)
            laid, resume_at, next_page, _, _, _ = _block.block_box_layout(
                context, column, context.page_bottom - top - height, resume_at,
                containing_block, page_is_empty if final else False,
                absolute_boxes if final else [], fixed_boxes if final else [],
                None if final else [], first_letter_style, first_line_style,
                discard=False, max_lines=None)
            if laid is None:  # nothing fits: as WeasyPrint, no columns on this page at all
                if not final:
                    _block.remove_placeholders(context, columns, [], [])
                return [], {0: None}, next_page
            columns.append(laid)
            if resume_at is None:
                break
        if not final:
            _block.remove_placeholders(context, columns, [], [])
        return columns, resume_at, next_page

    columns, resume_at, next_page = lay_out(full_height, final=True)
    if columns and resume_at is None and style["column_fill"] == "balance":
        used = [_used_height(column, top) for column in columns]
        low, high = sum(used) / count, max(used)
        if high - low > 1:
            _block.remove_placeholders(context, columns, absolute_boxes, fixed_boxes)
            while high - low > 1:
                middle = (low + high) / 2
                if lay_out(middle, final=False)[1] is None:
                    high = middle
                else:
                    low = middle
            columns, resume_at, next_page = lay_out(high, final=True)
    context.in_column = False
    if not columns:
        return None, (0, None), {"break": "any", "page": None}, [], False
    tallest = max(column.margin_height() for column in columns)
    for column in columns:
        column.height = tallest
    box.children = columns
    box.height = min(full_height, tallest)
    if resume_at is not None:
        (skip,) = resume_at.keys()
        resume_at = {first + skip: resume_at[skip]}
    return box, resume_at, next_page, [], False


def _used_height(column: Any, top: float) -> float:
    """Return how much of a laid-out column its in-flow content fills, less the last margin."""
    flowing = [child for child in column.children if child.is_in_normal_flow()]
    if not flowing:
        return 0.0
    last = flowing[-1]
    return float(last.position_y + last.margin_height() - last.margin_bottom - top)


_REPLACED = Replacement(_block, "columns_layout", columns_layout)
