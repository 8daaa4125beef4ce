"""How hard a leaflet is to read: plain text out of its sections, graded by textstat.

Each language is graded with a formula made for it (``FORMULAS``), against a
target: a school grade to stay under, or a reading-ease score to stay above.
Languages with no formula in textstat (Chinese, Vietnamese...) are not graded;
the check says so, so that a native speaker reads them instead.

textstat counts English syllables with the CMU pronouncing dictionary, which
it asks NLTK to download on first use. We never download or write at run
time: set-up installs the dictionary into the environment (``pronouncing``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import markup
from .content import Leaflet, Section
from .i18n.translation import Translation

# Citations are not prose a patient reads; they would distort the grade.
UNGRADED_STYLES = ("sources",)
_TERMINAL = (".", "!", "?", ":", ";", "。", "！", "？", "؟")
# A sentence ends at one of these, followed by a space or the end of the block.
_SENTENCE_END = re.compile(r"(?<=[.!?:;…])\s+|(?<=[。！？؟])\s*")
# Languages where a space does not end a word, so words cannot be counted by
# spaces: none between words (Chinese, Japanese, Thai...), or one after every
# syllable (Vietnamese).
UNSPACED_LANGUAGES = ("zh", "ja", "th", "lo", "km", "my", "bo", "vi")


@dataclass(frozen=True)
class Formula:
    """A readability formula made for one language, as textstat computes it."""

    name: str  # how leaflets.toml names it: "flesch-kincaid"
    title: str
    language: str  # the language it was made for (a Babel language code)
    scale: str  # "grade": lower is easier, target is a max; "ease": higher is easier, a min
    method: str  # textstat's function
    args: tuple[int, ...] = ()

    @property
    def limit(self) -> str:
        """The key of this formula's target in leaflets.toml: ``max`` or ``min``."""
        return "max" if self.scale == "grade" else "min"

    def score(self, text: str) -> float:
        """Return the score of ``text``, which is in this formula's language."""
        if self.language == "en":
            from .pronouncing import use_installed

            use_installed()
        import textstat

        textstat.set_lang(self.language)
        return float(getattr(textstat, self.method)(text, *self.args))


FORMULAS = {formula.name: formula for formula in (
    Formula("flesch-kincaid", "Flesch-Kincaid grade level", "en", "grade", "flesch_kincaid_grade"),
    Formula("fernandez-huerta", "Fernández Huerta readability", "es", "ease", "fernandez_huerta"),
    Formula("szigriszt-pazos", "Szigriszt-Pazos perspicuity (INFLESZ scale)", "es", "ease",
            "szigriszt_pazos"),
    # textstat's Flesch reading ease with French constants is Kandel and Moles's formula.
    Formula("kandel-moles", "Kandel-Moles reading ease", "fr", "ease", "flesch_reading_ease"),
    Formula("gulpease", "Gulpease index", "it", "ease", "gulpease_index"),
    Formula("wiener-sachtextformel", "Wiener Sachtextformel (first)", "de", "grade",
            "wiener_sachtextformel", (1,)),
    Formula("flesch-douma", "Flesch-Douma reading ease", "nl", "ease", "flesch_reading_ease"),
    # ... and with Russian constants, Oborneva's.
    Formula("oborneva", "Oborneva reading ease", "ru", "ease", "flesch_reading_ease"),
    Formula("osman", "OSMAN Arabic readability", "ar", "ease", "osman"),
)}


@dataclass(frozen=True)
class Target:
    """The formula a language is graded with, and the score it must reach (if any)."""

    language: str  # a language ("es") or a locale ("pt_BR"), as leaflets.toml names it
    formula: str
    limit: float | None = None  # a max for a grade, a min for an ease score; None: report only

    def met_by(self, score: float) -> bool:
        if self.limit is None:
            return True
        return score <= self.limit if FORMULAS[self.formula].scale == "grade" else score >= self.limit

    def describe(self) -> str:
        """Return the target as a reader sees it: ``<= 8``, ``>= 60`` or ``none``."""
        if self.limit is None:
            return "none"
        return f"{'<=' if FORMULAS[self.formula].scale == 'grade' else '>='} {self.limit:g}"


# Targets with published scales behind them; see the README for the sources. A
# formula with no published band for patient text is reported with no target.
DEFAULT_TARGETS = {target.language: target for target in (
    Target("en", "flesch-kincaid", 8),  # health-literacy guidance: grade 8 or lower
    Target("es", "fernandez-huerta", 60),  # 60-70 "normal (para adulto)"
    Target("it", "gulpease", 60),  # under 60: hard for readers with lower-secondary schooling
    Target("fr", "kandel-moles"),
    Target("de", "wiener-sachtextformel"),
    Target("nl", "flesch-douma"),
    Target("ru", "oborneva"),
    Target("ar", "osman"),
)}


def target_for(locale: str, configured: tuple[Target, ...] = ()) -> Target | None:
    """Return the target for ``locale``: configured for it, for its language, or the default."""
    language = locale.split("_")[0]
    for name in (locale, language):
        found = next((target for target in configured if target.language == name), None)
        if found is not None:
            return found
    return DEFAULT_TARGETS.get(language)


@dataclass(frozen=True)
class Passage:
    """The plain text of a title or block, ended as a sentence, and where it is written."""

    text: str
    path: Path
    line: int | None


def section_passages(section: Section, translation: Translation | None = None) -> list[Passage]:
    """Return the readable text of ``section``: its title, then each block.

    With ``translation``, return the translated text, found at its line in the
    catalog; a block with no translation is left out, since its source text
    would be graded by another language's formula.
    """
    passages = []
    line: int | None
    for text, line in ((section.title, section.title_line),
                       *((block.text, block.line) for block in section.blocks)):
        path = section.path
        if translation is not None:
            key = (text, section.id)
            if key not in translation.messages:
                continue
            text, path, line = translation.messages[key], translation.path, translation.lines.get(key)
        plain = markup.plain_inline(text).strip()
        # A heading or list item is a sentence for a reader; end it as one.
        passages.append(Passage(plain if plain.endswith(_TERMINAL) else f"{plain}.", path, line))
    return passages


def plain_text(leaflet: Leaflet) -> str:
    """Return the readable text of ``leaflet``: one sentence-ended line per block."""
    return "\n".join(passage.text for section in leaflet.sections
                     if section.style not in UNGRADED_STYLES
                     for passage in section_passages(section))


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences, as a reader would pause."""
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence.strip()]


def word_count(text: str) -> int:
    """Return the number of words in ``text`` (a word has a letter or a digit)."""
    return sum(1 for word in text.split() if any(char.isalnum() for char in word))


def flesch_kincaid_grade(text: str) -> float:
    """Return the Flesch-Kincaid grade of English ``text``."""
    return FORMULAS["flesch-kincaid"].score(text)
