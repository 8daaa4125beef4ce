"""What a leaflet says about itself: its review state, its translation's, its disclaimer.

The tool composes these words; a catalog translates them, never replaces
them. So a *state message*, a string of the page templates that says what
state the document is in (the draft banner and notices, "Reviewed %(date)s",
"Next review %(date)s", "Translation review: %(review)s", "Version", "Page
%(page)s of %(pages)s", the template's own disclaimer ...), may be translated
only into text that prints as what it says, carries the facts the tool fills
in and no others:

- it has a visible letter (once format, space and control characters are set
  aside), so that a notice never prints as an empty box;
- it holds no invisible character: no format character (Unicode Cf: zero-width
  spaces, bidirectional controls, soft hyphens), except a zero-width joiner or
  non-joiner between two letters, which Persian or Hindi spell words with; no
  private-use or unassigned character; no letter that prints as nothing (the
  Hangul fillers); no run of more than two spaces, and no more than three
  times its source's length (plus some room): text that long pushes the state
  out of the footer;
- its placeholders are exactly its source's, as for every template string
  (``i18n.load`` checks them first): the tool fills them with the facts;
- it holds no number the source lacks (any Unicode number: ASCII, Arabic-Indic,
  fullwidth, superscript, Roman-numeral characters), so that "Revisado el 1 de
  noviembre de 2026" cannot stand for "Draft: not yet clinically reviewed";
- in a locale written in another script, no word in Latin, Greek or Cyrillic
  letters that the source lacks (compared after NFKC, which folds fullwidth
  and mathematical letters into plain ones): there a name ("Dr Smith") or an
  English claim ("approved") stands out. The shipped non-Latin catalogs (ar,
  ru, zh_Hans) have no such word in a state message; their labels do ("E-mail"
  in Russian), which is why labels are exempt.

Every template string is a state message except the ``LABELS`` below, so a
string added to the template is protected until someone decides it is a mere
label: forgetting fails closed, with a clear refusal, never silently. (A mark
in the template was the alternative; Jinja's extractor gives a comment to one
call only, never to the second call on a line, so a mark could not reach
"Next review %(date)s", and a forgotten mark would leave a claim unguarded.)

Limits, said plainly: the rules judge the form of a translation, not its
meaning. A Latin-script translation can still say "Revisado" (reviewed) for
"Draft", or name a person in a Latin-script locale, or write a year in words
("dos mil veintiséis"); Chinese numerals (二〇二六) are letters to Unicode. What
stops those is the translation review the tool records (X-Translation-Review:
an unreviewed translation is itself a draft, in the metadata and on every page)
and the metadata and manifest, which no catalog writes.

A brand's own disclaimer is checked for a visible letter only: a clinic may
well write a phone number or a year in it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .errors import ContentError
from .fields import BIDI, BLANK, JOINERS, between_letters
from .i18n.placeholders import without_placeholders

if TYPE_CHECKING:
    from pathlib import Path

    from .tomlfile import TomlTable

# The template strings that name a thing and claim nothing about the document.
LABELS = frozenset({"Contact us", "Phone", "Email", "Website", "Logo of %(clinic)s",
                    "Scan to read this leaflet online"})
# The scripts with letter case, in which names are written and stand out elsewhere.
_CASED_SCRIPTS = {"Latn": "LATIN", "Grek": "GREEK", "Cyrl": "CYRILLIC"}
# A translation may be this many times as long as its source, plus the room below.
_GROWTH, _ROOM = 3, 40
_MOST_SPACES = 2
_UNNAMED = {"Co": "(private use)", "Cn": "(unassigned)", "Cs": "(surrogate)"}


def has_visible_letter(text: str) -> bool:
    """Whether ``text`` holds a letter that prints (format, space and control aside)."""
    return any(unicodedata.category(char).startswith("L") and char not in BLANK
               for char in text)


def check_state_messages(path: Path, locale: str,
                         messages: Iterable[tuple[str, str, int]]) -> None:
    """Refuse a translated state message of the page templates' catalog at ``path``.

    ``messages`` are (msgid, msgstr, line of the msgstr) of what the build prints.
    """
    script = _script(locale)
    for source, text, line in messages:
        if source in LABELS:
            continue
        problem = state_problem(source, text, script)
        if problem:
            shown = source if len(source) <= 40 else source[:37] + "..."
            raise ContentError(path, f"the translation of {shown!r}, a message that says what "
                                     f"state the leaflet is in, {problem}", line)


def state_problem(source: str, text: str, script: str | None) -> str | None:
    """Return what is wrong with ``text`` as the translation of the state message ``source``.

    ``script`` is the ISO 15924 code of the locale's script ("Latn", "Cyrl", "Arab" ...).
    """
    if problem := invisible_problem(text):
        return problem
    if not has_visible_letter(text):
        return ("has no visible letter, so the notice would print as an empty box; translate "
                "it, or leave the msgstr empty to print the source text")
    bare, bare_source = without_placeholders(text), without_placeholders(source)
    numbers = _runs(bare, "N")
    # By value: an Arabic translation may write the source's 111 as ١١١.
    if Counter(map(unicodedata.numeric, "".join(numbers))) - \
            Counter(map(unicodedata.numeric, "".join(_runs(bare_source, "N")))):
        return (f"holds numbers the source lacks ({', '.join(numbers)}); dates, versions and "
                "page numbers come from the tool through the placeholders, so remove them")
    if word := _foreign_word(bare, bare_source, script):
        return (f"holds {word!r}, a word in another script that the source lacks (a name or "
                "a claim the source does not make); translate it, or keep the source's own word")
    if len(text) > _GROWTH * len(source) + _ROOM:
        return (f"is {len(text)} characters long, far longer than its source ({len(source)}), "
                "and would push the leaflet's state out of its place; shorten it")
    return None


def visible_disclaimers(config: TomlTable, texts: dict[str, str]) -> dict[str, str]:
    """Return a brand's disclaimers by locale (``""``: the one text), refusing a blank one."""
    for locale, text in texts.items():
        if has_visible_letter(text):
            continue
        table, key = (config, "disclaimer") if not locale else \
            (config.table("disclaimer", required=True), locale)
        name, fix = ("'disclaimer'", "remove it to print the template's own") if not locale else \
            (f"'disclaimer.{locale}'", "remove the line")
        raise table.fail(key, f"{name} has no visible letter, so it would print as an empty "
                              "box where the patient expects the clinic's disclaimer; write the "
                              f"text, or {fix}")
    return texts


def invisible_problem(text: str) -> str | None:
    """Return what in ``text`` prints as nothing, or out of order ("holds ..."); None if nothing."""
    spaces = 0
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        spaces = spaces + 1 if category == "Zs" or char in "\t\n" else 0
        named = f"U+{ord(char):04X} {unicodedata.name(char, _UNNAMED.get(category, 'unnamed'))}"
        if spaces > _MOST_SPACES:
            run = len(text[index:]) - len(text[index:].lstrip()) + spaces - 1
            return (f"holds {run} spaces in a row, which push the notice out of its place; "
                    "write one")
        if char in BIDI:
            return (f"holds the bidirectional control {named}, which prints the words around it "
                    "in another order than they are written; delete it (each page sets its "
                    "own direction)")
        if char in JOINERS and between_letters(text, index):
            continue
        if (category in ("Cf", "Co", "Cn", "Cs", "Cc", "Zl", "Zp") and char not in "\t\n") \
                or char in BLANK:
            return f"holds the invisible character {named}, which prints as nothing; delete it"
    return None


def _foreign_word(text: str, source: str, script: str | None) -> str | None:
    """Return the first word of ``text`` in a cased script other than the locale's that
    ``source`` lacks."""
    own = _CASED_SCRIPTS.get(script or "")
    known = {word.casefold() for word in _runs(unicodedata.normalize("NFKC", source), "LM")}
    for word in _runs(unicodedata.normalize("NFKC", text), "LM"):
        scripts = {_letter_script(char) for char in word} - {None}
        if scripts - {own} and word.casefold() not in known:
            return word
    return None


def _runs(text: str, categories: str) -> list[str]:
    """Return the runs of ``text``'s characters whose Unicode category starts with one of
    ``categories``: the words ("LM") or the numbers ("N") as written."""
    runs, current = [], ""
    for char in text:
        if unicodedata.category(char)[0] in categories:
            current += char
        elif current:
            runs.append(current)
            current = ""
    return [*runs, current] if current else runs


def _letter_script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((script for script in _CASED_SCRIPTS.values() if name.startswith(script)), None)


def _script(locale: str) -> str | None:
    """Return the script ``locale`` is written in, as Babel's likely subtags say ("Latn")."""
    from babel import Locale
    from babel.core import get_global

    parsed = Locale.parse(locale)
    if parsed.script:
        return str(parsed.script)
    likely = get_global("likely_subtags").get(parsed.language, "")
    parts = str(likely).split("_")
    return parts[1] if len(parts) > 2 else None
