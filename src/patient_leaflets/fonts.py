"""No tofu: check that installed fonts have a glyph for every character we print.

Pango draws a character with the first font of the CSS font stack that has
it, then with the rest of what Fontconfig would substitute. A character no
font has comes out as an empty box, silently. So before rendering, the text
is checked against the same fonts: the stack's families as Fontconfig
resolves them, then Fontconfig's fallback list, read with fontTools.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .errors import RenderError

# Fallbacks after the brand's font, so every script we ship has glyphs.
FONT_FALLBACKS = ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", "DejaVu Sans")
# Languages whose own font must come before the brand's. In Chinese, Japanese and
# Korean, quotes and other punctuation shared with Latin must be full-width. In
# Arabic, spaces and punctuation from the same font keep a line one run of glyphs,
# so that its text is extracted (copied, read aloud) in reading order.
SCRIPT_FIRST = {"zh": "Noto Sans CJK SC", "zh_Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
                "ko": "Noto Sans CJK KR", "ar": "Noto Sans Arabic", "fa": "Noto Sans Arabic",
                "ur": "Noto Sans Arabic", "he": "Noto Sans Hebrew", "yi": "Noto Sans Hebrew"}

# Characters that are never drawn with a glyph of their own.
_INVISIBLE = {"Cf", "Zs"}
# Characters that select a glyph variant of the one before (ignored if the font has none).
_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF), (0x180B, 0x180F))
# Characters that do not belong in printed text at all.
_CONTROL = {"Cc", "Zl", "Zp"}


@lru_cache(maxsize=256)  # a plan asks once per job: thousands of times for a few answers
def font_families(brand_family: str, locale: str) -> tuple[str, ...]:
    """Return the font families a page in ``locale`` uses, in the order Pango tries them."""
    from babel import Locale

    parsed = Locale.parse(locale)
    first = SCRIPT_FIRST.get(f"{parsed.language}_{parsed.script}", SCRIPT_FIRST.get(parsed.language))
    return tuple(dict.fromkeys(name for name in (first, brand_family, *FONT_FALLBACKS) if name))


def missing_glyphs(text: str, families: Iterable[str]) -> list[str]:
    """Return the characters of ``text`` that no font of ``families`` or their fallbacks has."""
    families = tuple(families)
    needed = {char for char in set(text) if _drawn(char)}
    for font in _fonts(families):
        if not needed:
            break
        needed -= _cmap(*font)
    return sorted(needed)


def family_files(family: str) -> tuple[tuple[str, int], ...]:
    """Return (file, index) of every font Fontconfig has for ``family``."""
    return _family_files(family)


def family_installed(family: str) -> bool:
    """Return whether Fontconfig has a font of ``family`` (not merely a substitute)."""
    return bool(_family_files(family))


def install_hint(char: str) -> str:
    """Return which Debian font package most likely has ``char``."""
    name = unicodedata.name(char, "")
    code = ord(char)
    if "CJK" in name or "HANGUL" in name or "HIRAGANA" in name or "KATAKANA" in name:
        if code >= 0x20000 or 0x3400 <= code <= 0x4DBF:
            return "a font with rare CJK characters, e.g. Debian's fonts-hanazono"
        return "Debian's fonts-noto-cjk"
    if "EMOJI" in name or unicodedata.category(char) == "So":
        return "Debian's fonts-noto-color-emoji or fonts-symbola"
    return "Debian's fonts-noto-core, or fonts-noto-extra for rarer scripts"


def describe(char: str, escaped: bool = False) -> str:
    """Return ``'x' (U+0078 LATIN SMALL LETTER X)`` for ``char``.

    ``escaped`` writes any character outside ASCII as an escape: ``'\\u3164'``,
    for a character that looks like nothing (a printable blank is shown raw otherwise).
    """
    name = unicodedata.name(char, "unnamed character")
    return f"{ascii(char) if escaped else repr(char)} (U+{ord(char):04X} {name})"


def control_characters(text: str) -> list[str]:
    """Return the control characters of ``text`` (line and paragraph breaks aside)."""
    return sorted(char for char in set(text)  # each character once: a page holds thousands
                  if unicodedata.category(char) in _CONTROL and char not in "\n\t")


def _drawn(char: str) -> bool:
    code = ord(char)
    return (unicodedata.category(char) not in _INVISIBLE | _CONTROL
            and not any(low <= code <= high for low, high in _SELECTORS))


def _fonts(families: tuple[str, ...]) -> Iterator[tuple[str, int]]:
    """Yield (file, index) of the stack's fonts in order, then of Fontconfig's fallbacks."""
    seen = set()
    for family in families:
        for font in _family_files(family):
            if font not in seen:
                seen.add(font)
                yield font
    if families:
        for font in _fallback_files(families[0]):
            if font not in seen:
                seen.add(font)
                yield font


@lru_cache(maxsize=64)
def _family_files(family: str) -> tuple[tuple[str, int], ...]:
    return _fontconfig("fc-list", _pattern(family))


@lru_cache(maxsize=16)
def _fallback_files(family: str) -> tuple[tuple[str, int], ...]:
    return _fontconfig("fc-match", "-s", _pattern(family))


def _pattern(family: str) -> str:
    """Return a Fontconfig pattern naming ``family`` (its special characters escaped)."""
    return "".join("\\" + char if char in "\\-:,=" else char for char in family)


def _fontconfig(command: str, *args: str) -> tuple[tuple[str, int], ...]:
    if shutil.which(command) is None:
        raise RenderError(f"{command} not found: the glyph check needs Fontconfig's tools; "
                          "install Debian's fontconfig (scripts/build-sample does)")
    output = subprocess.run([command, "--format", "%{file}|%{index}\\n", *args],
                            capture_output=True, text=True, check=False).stdout
    fonts = []
    for line in sorted(output.splitlines()) if command == "fc-list" else output.splitlines():
        path, _, index = line.rpartition("|")
        if path and index.isdigit():
            fonts.append((path, int(index)))
    return tuple(fonts)


@lru_cache(maxsize=512)
def _cmap(path: str, index: int) -> frozenset[str]:
    """Return the characters the font at ``path`` (``index`` in a collection) has glyphs for."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        # Our own file object: fontTools leaves its own open when a file is no font it reads
        # (a Type 1 font that Ghostscript's fonts bring along).
        with open(path, "rb") as file, TTFont(file, fontNumber=index, lazy=True) as font:
            return frozenset(chr(code) for code in (font.getBestCmap() or {}))
    except (OSError, TTLibError, AssertionError, KeyError):
        return frozenset()  # not a font fontTools reads (e.g. a bitmap font): no glyphs counted
