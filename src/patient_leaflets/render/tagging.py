"""What WeasyPrint's PDF/UA tagging leaves out, added where it builds the tags.

WeasyPrint 70 tags a document's structure from its boxes, with two gaps
that independent checkers find (issue 13):

- **The running footer is cut off.** The boxes of a page's margins (our
  footer stamp: code, version, review state, "Page N of M") get structure
  elements whose parent is the document, but the document does not list
  them: no screen reader reaches them. Here they are listed, after the
  page's own content, so that the stamp is read where it is printed.
- **No part in another language is marked.** Only the document's ``/Lang``
  is written. Here every element whose HTML element has a ``lang`` of its
  own (an English citation in an Arabic leaflet) gets ``/Lang``.

Both are mended by one small wrapper around WeasyPrint's tree builder,
installed by ``install()`` (see ``replaced``; the version is pinned;
``tests/test_accessibility.py`` checks what it promises in the PDFs).
Right-to-left text in logical order is render/rtl.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as _tags

from .replaced import Replacement


def install() -> None:
    """Put ``build_box_tree`` below in the place of WeasyPrint's tree builder."""
    _REPLACED.install()


def build_box_tree(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
    """WeasyPrint's structure elements of ``box``, margin boxes listed, parts' /Lang set."""
    if isinstance(box, boxes.MarginBox):
        for child in box.children:
            yield from build_box_tree(child, parent, *args)
        return
    lang = box.element.get("lang") if box.element is not None else None
    for element in _REPLACED.stock(box, parent, *args):
        if lang and box.element_tag not in ("html", "body") and "Lang" not in element:
            element["Lang"] = pydyf.String(lang)
        yield element


_REPLACED = Replacement(_tags, "_build_box_tree", build_box_tree)
