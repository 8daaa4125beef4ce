"""Translation safety: what a translator's slip must not change, checked per language.

A translation may reword everything except what a patient acts on: the
numbers ("24 to 48 hours"), the brand's placeholders ({emergency}), the
Markdown marks and links, the URLs, e-mail addresses and phone numbers. Those
are errors. A translation left identical to a sentence of the source, or one
that loses the source's final punctuation, or lacks a glossary's approved term,
is a warning for a person to judge.

translate-toolkit's pofilter checks do the work where they fit, configured
for the target language (its punctuation, Arabic's question mark, Chinese
full stops): ``unchanged``, its finders of URLs and e-mail addresses, and
its language punctuation tables. Our own checks are those pofilter lacks or gets
wrong for medical text: numbers in any script's digits with each language's
grouping ("1 000", "1.000"), counted as whole numbers (pofilter counts
substrings, so 24 -> 124 passes), Markdown read as CommonMark reads it, and
phone numbers.

A reviewer who has checked a flagged message accepts it with a flag on the
entry, one per check: ``#, leaflets-accept-numbers``. A flag is one token, so
msgmerge, msgcat and PO editors keep it as written.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from babel.messages.catalog import Message

from .. import reader
from ..content import Leaflet
from ..errors import ContentError
from ..layout import TEMPLATES_DOMAIN
from ..library import Library
from .glossary import read_glossary
from .inline import PLACEHOLDER
from .pofile import PoCatalog, read_catalog

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from translate.filters.checks import StandardChecker

ERROR, WARNING = "error", "warning"
ACCEPT_PREFIX = "leaflets-accept-"
# Each check, whether a slip in it is an error, and what to do about it.
CHECKS = {
    "numbers": (ERROR, "keep every number of the source (digits of your script are fine)"),
    "placeholders": (ERROR, "keep each {name} of the source as written: the brand fills it in"),
    "markup": (ERROR, "keep the source's Markdown marks (**bold**, *emphasis*, `code`) and its "
                      "links' addresses"),
    "urls": (ERROR, "keep the source's web addresses as written"),
    "emails": (ERROR, "keep the source's e-mail addresses as written"),
    "phones": (ERROR, "keep the source's phone numbers"),
    "blank": (ERROR, "translate it, or empty the msgstr to leave it untranslated"),
    "unchanged": (WARNING, "translate it"),
    "punctuation": (WARNING, "end it as the source ends (in your language's punctuation)"),
    "glossary": (WARNING, "use the approved term"),
}
# A number: digits of any script, with decimal marks or thousands groups inside it.
_NUMBER = re.compile(r"\d+(?:[.,]\d+|[ \u00a0\u202f\u066c'’]\d{3}(?!\d))*")
_PHONE = re.compile(r"(?<![\w.])\+?\(?\d[\d \u00a0().\-]{5,}\d(?![\w])")
_END_SPACE = " \t\n\u00a0\u202f\u2009"
# Closing quotes and brackets stand after a sentence's end mark in many languages.
_CLOSERS = "\"'”’»)]」』）›"
_SENTENCE_ENDS = ".!?:;…。！？：；؟؛۔।"
# Babel's locale names where translate-toolkit's language table names them otherwise.
_TOOLKIT_LANGUAGE = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}


class Issue(NamedTuple):
    """A slip in one message: in the order ``checks`` records a finding."""

    severity: str  # "error" | "warning"
    code: str  # "translation-numbers", ...
    message: str
    path: Path
    line: int | None
    locale: str


def accepted(message: Message) -> set[str]:
    """Return the checks a reviewer accepted on ``message`` (its leaflets-accept-* flags)."""
    return {flag.removeprefix(ACCEPT_PREFIX) for flag in message.flags
            if flag.startswith(ACCEPT_PREFIX)}


def leaflet_issues(library: Library, leaflet: Leaflet, locale: str) -> list[Issue]:
    """Return the slips in ``leaflet``'s catalog for ``locale`` (none when it has none)."""
    path = library.catalog_path(locale, leaflet.id)
    if not reader.present(path):
        return []
    try:
        glossary = [(term.source, term.target) for term in read_glossary(library.root, locale)]
        catalog = read_catalog(path)
    except ContentError as exc:
        return [Issue(ERROR, "translation-invalid", exc.message, exc.path, exc.line, locale)]
    cited = [section.id for section in leaflet.sections if section.style == "sources"]
    return catalog_issues(path, catalog, locale, cited, glossary)


def report(add: Callable[[str, str, str, Path, int | None, str], None], library: Library,
           leaflet: Leaflet, locale: str) -> None:
    """Pass each slip in ``leaflet``'s ``locale`` catalog to ``add``, as ``check`` records it."""
    for issue in leaflet_issues(library, leaflet, locale):
        add(*issue)


def library_issues(library: Library, locales: Iterable[str]) -> list[Issue]:
    """Return the slips in every catalog of ``locales``: each leaflet's and the page templates'."""
    issues = []
    for locale in locales:
        for leaflet in library.each_leaflet():
            issues += leaflet_issues(library, leaflet, locale)
        path = library.catalog_path(locale, TEMPLATES_DOMAIN)
        if reader.present(path):
            issues += catalog_issues(path, read_catalog(path), locale)
    return issues


def catalog_issues(path: Path, catalog: PoCatalog, locale: str,
                   unchanged_ok: Iterable[str] = (),
                   glossary: Iterable[tuple[str, str]] = ()) -> list[Issue]:
    """Return the slips of every printed message of ``catalog`` (translated, not fuzzy).

    ``unchanged_ok`` are contexts where a copy of the source is expected (a
    section of sources: citations stay in their language, glossary or not).
    ``glossary`` holds (source term, approved translation) pairs.
    """
    keep = set(unchanged_ok)
    terms = tuple(glossary)
    issues = []
    for message in catalog:
        if not isinstance(message.id, str) or not message.id or message.fuzzy:
            continue
        if not isinstance(message.string, str) or not message.string:
            continue
        context = message.context or ""
        line = catalog.msgstr_lines.get((message.id, context), message.lineno or None)
        skip = accepted(message)
        for check, detail in _slips(locale, message.id, message.string, context in keep, terms):
            if check in skip:
                continue
            severity, advice = CHECKS[check]
            issues.append(Issue(severity, f"translation-{check}",
                                f"{locale}: {detail} in the translation of "
                                f"{_opening(message.id)!r}; {advice} (or, once a reviewer has "
                                f"checked it, add the flag '#, {ACCEPT_PREFIX}{check}')",
                                path, line, locale))
    return issues


def message_slips(checker: StandardChecker, source: str, target: str, unchanged_ok: bool = False,
                  glossary: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """Return (check, what differs) for each check ``target`` fails against ``source``."""
    from translate.filters.checks import FilterFailure

    slips: list[tuple[str, str]] = []
    if not target.strip():
        return [("blank", "only white space")]
    for check, detail in (("numbers", _counted(_number_values, source, target)),
                          ("placeholders", _counted(PLACEHOLDER.findall, source, target)),
                          ("markup", _counted(_marks, source, target)),
                          ("urls", _counted(_addresses("geturls"), source, target)),
                          ("emails", _counted(_addresses("getemails"), source, target)),
                          ("phones", _phones(source, target)),
                          ("punctuation", _punctuation(checker, source, target))):
        if detail:
            slips.append((check, detail))
    if not unchanged_ok and len(source.split()) >= 3:
        try:
            checker.unchanged(source, target)
        except FilterFailure:
            slips.append(("unchanged", "the text is the source's, untranslated"))
    for term, approved in () if unchanged_ok else glossary:  # a citation keeps its words
        if _has_term(source, term) and approved.casefold() not in target.casefold():
            slips.append(("glossary", f"the glossary's {approved!r} for {term!r} is missing"))
    return slips


@functools.lru_cache(maxsize=1 << 15)
def _slips(locale: str, source: str, target: str, unchanged_ok: bool,
           glossary: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``message_slips``, once per text: a library's leaflets share many messages."""
    return tuple(message_slips(_checker(locale), source, target, unchanged_ok, glossary))


def _addresses(finder: str) -> Callable[[str], list[str]]:
    """Return pofilter's finder of URLs or e-mail addresses, each cut where a sentence goes on.

    pofilter takes the full stop after an address ("help@example.org.") and
    a link's closing bracket as part of it, and letters of any script after
    it: a Chinese sentence runs on with no space.
    """
    from translate.filters import decoration

    find = getattr(decoration, finder)

    def found(text: str) -> list[str]:
        cut = (re.match(r"[!-~]*", address) for address in find(text))
        return [match.group().rstrip(".,;:)") for match in cut if match]

    return found


@functools.lru_cache(maxsize=32)
def _checker(locale: str) -> StandardChecker:
    """Return pofilter's standard checker configured for ``locale``'s language."""
    from translate.filters.checks import CheckerConfig, StandardChecker

    language = _TOOLKIT_LANGUAGE.get(locale, locale)
    return StandardChecker(checkerconfig=CheckerConfig(targetlanguage=language),
                           limitfilters=["unchanged"])


def _number_values(text: str) -> list[str]:
    """Return each number of ``text`` as its ASCII digits, group and decimal marks dropped.

    "24", "٢٤" and "２４" are one number; so are 1,000, 1.000 and 1 000 (a
    language's grouping), and 2.5 and 2,5 (its decimal mark).
    """
    text = PLACEHOLDER.sub(" ", text)
    return ["".join(str(unicodedata.decimal(char, "")) for char in match.group())
            for match in _NUMBER.finditer(text)]


def _counted(find: Callable[[str], list[str]], source: str, target: str) -> str | None:
    """Say what ``find`` finds in ``source`` but not ``target``, and the other way; None when
    both hold the same, as often each (in any order: languages order words apart)."""
    wanted, found = Counter(find(source)), Counter(find(target))
    if wanted == found:
        return None
    lost = ", ".join(sorted((wanted - found).elements()))
    added = ", ".join(sorted((found - wanted).elements()))
    return " and ".join(part for part in (lost and f"the source's {lost} is missing",
                                          added and f"{added} is not in the source") if part)


def _marks(text: str) -> list[str]:
    """Return the inline Markdown marks of ``text`` as CommonMark reads them: "**", "link to X"."""
    tokens = _commonmark().parseInline(text)
    marks = []
    for token in tokens[0].children or [] if tokens else []:
        if token.type == "strong_open":
            marks.append("**bold**")
        elif token.type == "em_open":
            marks.append("*emphasis*")
        elif token.type == "code_inline":
            marks.append(f"`{token.content}`")
        elif token.type == "link_open":
            marks.append(f"the link to {token.attrGet('href')}")
        elif token.type == "image":
            marks.append(f"the image {token.attrGet('src')}")
    return marks


@functools.cache
def _commonmark() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _phones(source: str, target: str) -> str | None:
    def numbers(text: str) -> list[str]:
        return ["".join(str(unicodedata.decimal(char, "")) for char in match.group()
                        if unicodedata.decimal(char, None) is not None)
                for match in _PHONE.finditer(PLACEHOLDER.sub(" ", text))
                if sum(char.isdigit() for char in match.group()) >= 7]

    return _counted(numbers, source, _ascii_digits(target))


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(char)) if char.isdigit() and
                   unicodedata.decimal(char, None) is not None else char for char in text)


def _punctuation(checker: StandardChecker, source: str, target: str) -> str | None:
    """Say how ``target`` loses the sentence end of ``source`` ("." or its language's own)."""
    wanted = _last_mark(source)
    if not wanted:
        return None
    language = checker.config.lang
    found = _last_mark(target)
    if found in (wanted, _last_mark(language.punctranslate(source))):
        return None
    if found and unicodedata.normalize("NFKC", found) == unicodedata.normalize("NFKC", wanted):
        return None  # a full-width mark: "？" for "?"
    shown = f"ends with {found!r}" if found else "has no final punctuation"
    return f"the source ends with {wanted!r} but the translation {shown}"


def _last_mark(text: str) -> str:
    """Return the sentence-end mark ``text`` ends with ("" when none), past closing quotes."""
    text = text.rstrip(_END_SPACE).rstrip(_CLOSERS).rstrip(_END_SPACE)
    if text.endswith(("...", "…")):
        return "…"
    return text[-1] if text and text[-1] in _SENTENCE_ENDS else ""


def _has_term(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def _opening(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"
