"""Refuse a character that would print as a box: every one needs a font that draws it."""

from __future__ import annotations

from pathlib import Path

from .. import fonts, reader
from ..brands import Brand
from ..errors import LocatedError, RenderError
from .document import Printed


def check_glyphs(what: str, printed: list[Printed], brand: Brand, text: str,
                 families: tuple[str, ...]) -> None:
    """Refuse to print a character no installed font can draw (it would come out as a box)."""
    controls = fonts.control_characters(text)
    missing = fonts.missing_glyphs(text, families) if families else []
    if controls:
        char = controls[0]
        message = (f"the text of {what} holds the control character {fonts.describe(char)}, "
                   "which cannot be printed; remove it")
    elif missing:
        char = missing[0]
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        message = (f"no installed font has a glyph for {fonts.describe(char)}{more}, needed by "
                   f"{what}; install {fonts.install_hint(char)}, or change the text")
    else:
        return
    for path in _sources(printed, brand):
        line = _line_with(path, char)
        if line:
            raise LocatedError(path, message, line)
    raise RenderError(message)

def _sources(printed: list[Printed], brand: Brand) -> list[Path]:
    """Return the files the text of a document comes from, the most specific first."""
    paths = []
    for item in printed:
        if item.translation:
            paths += [item.translation.path, item.translation.templates_path]
        paths += [item.leaflet.config_path, *(section.path for section in item.leaflet.sections)]
    return [*paths, brand.folder / "brand.toml"]

def _line_with(path: Path, char: str) -> int | None:
    kind = {".po": "catalog", ".md": "section"}.get(path.suffix, "settings")
    try:
        # Not splitlines(): it breaks at U+2028 too, the very character looked for.
        lines = reader.read_text(path, kind, LocatedError).split("\n")
    except LocatedError:
        return None  # read when the build began; the error names the document instead
    return next((number for number, line in enumerate(lines, start=1) if char in line), None)

