"""Section bodies: CommonMark in, translation units and safe HTML out.

A section body is parsed with markdown-it-py (CommonMark plus tables, raw HTML off,
so content can never inject markup). Each block that carries text (a heading, a
paragraph, a list item, a table cell) is one unit of translation; its inline marks stay
inside it. ``unprintable`` finds what would not print as written: text the parser drops,
and syntax it refuses and so prints as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.autolink import AUTOLINK_RE, autolink
from markdown_it.rules_inline.image import image
from markdown_it.rules_inline.link import link
from markdown_it.token import Token

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                "store_labels": True}).enable("table")

_BLOCK_KINDS = {"heading_open": "heading", "th_open": "table cell", "td_open": "table cell",
                "list_item_open": "list item", "paragraph_open": "paragraph"}

# The widest table A4's two columns hold (measured in both brands: 4 cells of 7-letter words,
# 7 of 5, 3 of 9; Letter and large print hold as many or more). The renderer refuses wider.
MAX_TABLE_COLUMNS = 4

_LINK_SCHEMES = "a web address (https://...), an e-mail address (mailto:...) or a phone number (tel:...)"
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_WORD = re.compile(r"[^\W_]+")
_CONTAINERS = ("blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open")
_REFUSED = "patient_leaflets.refused"  # env key: syntax an inline rule refused, as (src, pos, why)
Parsed = tuple[list[Token], dict[str, Any]]  # what parse() returns; ``parsed`` args: only read


@dataclass(frozen=True)
class Block:
    """One unit of translation: the Markdown source of a block and where it stands."""

    kind: str  # "heading" | "paragraph" | "list item" | "table cell"
    text: str
    line: int  # 1-based line in the section file


# Where markdown-it breaks lines (and so counts them): not at U+2028 or U+0085, as
# str.splitlines() does. A forced line break pasted from a layout program stays in its line.
_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


def lines(text: str) -> list[str]:
    """Return the lines of ``text`` with their ends, broken where markdown-it breaks them."""
    found = _LINE_END.split(text)
    return found[:-1] if found and not found[-1] else found


def parse(body: str) -> Parsed:
    """Return the block tokens of ``body`` and the parse environment."""
    env: dict[str, Any] = {_REFUSED: []}
    return _md.parse(body, env), env


def blocks(body: str, first_line: int, parsed: Parsed | None = None) -> tuple[Block, ...]:
    """Return the translation units of ``body``, whose first line is ``first_line``."""
    tokens, _ = parsed or parse(body)
    found = []
    for token, kind, _ in _inline_tokens(tokens):
        if token.content.strip():
            found.append(Block(kind, token.content, first_line + (token.map[0] if token.map else 0)))
    return tuple(found)


def first_heading(body: str, parsed: Parsed | None = None) -> tuple[str, int, int] | None:
    """Return (text, start, end) of a level-1 heading that opens ``body``, else None.

    ``start`` and ``end`` are 0-based line numbers, end exclusive.
    """
    tokens, _ = parsed or parse(body)
    if len(tokens) >= 2 and tokens[0].type == "heading_open" and tokens[0].tag == "h1" \
            and tokens[0].map:
        start, end = tokens[0].map
        return tokens[1].content, start, end
    return None


def plain_inline(text: str) -> str:
    """Return the words of inline Markdown ``text``, marks and link targets dropped."""
    [inline] = _md.parseInline(text)
    words: dict[str, Callable[[Token], str]] = {
        "text": lambda child: child.content, "code_inline": lambda child: child.content,
        "softbreak": lambda child: " ", "hardbreak": lambda child: " "}
    return "".join(words[child.type](child) for child in inline.children or ()
                   if child.type in words)


def to_html(body: str, translate: Callable[[str], str], folder: Path, rtl: bool = False,
            rewrite: Callable[[list[Token], dict[str, Any]], None] = lambda *_: None,
            source_lang: str | None = None) -> str:
    """Render ``body`` to HTML, each unit passed through ``translate``, the tokens through ``rewrite``.

    Headings inside a body sit below the section title (h3 and lower); a relative image path is
    resolved against ``folder`` (the sandboxed URL fetcher decides later whether it may be read).
    In a right-to-left document (``rtl``), the block of a unit in a left-to-right script only (a
    reference, untranslated text) gets ``dir="ltr"``: its punctuation stays at its end when it wraps.
    With ``source_lang``, a unit printed as its source (a reference, untranslated text) gets its lang.
    """
    tokens, env = parse(body)
    for token, _, block in _inline_tokens(tokens):
        translated = translate(token.content)
        if translated != token.content:
            token.children = _md.parseInline(translated, env)[0].children
        elif source_lang and any(char.isalpha() for char in translated):
            block.attrSet("lang", source_lang)
        if rtl and left_to_right_only(translated):
            block.attrSet("dir", "ltr")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, max(3, int(token.tag[1]) + 1))}"
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("src", _image_url(str(child.attrGet("src") or ""), folder))
    rewrite(tokens, env)
    return str(_md.renderer.render(tokens, _md.options, env))


@dataclass(frozen=True)
class Problem:
    """Something in a section body that would not print as written, and what to do."""

    line: int  # 1-based line in the body (the file's line: front matter and title are blanked)
    message: str


def unprintable(body: str, parsed: Parsed | None = None) -> Problem | None:
    """Return the first thing in ``body`` that would be lost or printed as typed, if any.

    Lost: text the parser drops (nesting past its limit, a table cell past the
    header's count, or anything else: every word of the source must reach a
    block that prints), a link definition no link uses, a link without text,
    a link's or image's title. Printed as typed: an image, link or table whose
    syntax the parser refuses (a space in the address, a ``javascript:`` one,
    a reference that is not defined, rows of unequal cells), footnotes. Also
    refused: a table with more columns than a page holds, a relative link (it
    would point at the computer that printed the leaflet).
    """
    tokens, env = parsed or parse(body)
    body_lines = lines(body)
    found = [*_too_deep(tokens), *_untaken_tables(tokens), *_too_wide(tokens),
             *_refusals(tokens, env)]
    used: set[str] = set()
    for token in tokens:
        if token.type == "inline" and token.map:
            found.extend(_link_problems(token, used))
    for label, reference in env.get("references", {}).items():
        line = reference["map"][0] + 1
        if label.startswith("^"):
            found.append(Problem(line, _FOOTNOTE))
        elif label not in used:
            found.append(Problem(line, "no link uses this link definition, so nothing of it "
                                       "would print; link text to it with [text][label], or "
                                       "remove it"))
    for duplicate in env.get("duplicate_refs", ()):
        found.append(Problem(duplicate["map"][0] + 1, "this link definition repeats the label of "
                                                      "an earlier one and would be ignored; "
                                                      "rename or remove one"))
    dropped = _dropped_line(tokens, env, body_lines)
    if dropped is not None:
        found.append(Problem(dropped + 1, _drop_message(tokens, dropped)))
    return min(found, key=lambda problem: problem.line) if found else None


def translation_problem(source: str, text: str) -> str | None:
    """Why ``text``, translating the unit ``source``, prints as typed where ``source`` does not."""
    def found(unit: str) -> list[str]:
        env: dict[str, Any] = {_REFUSED: []}
        token = _md.parseInline(unit, env)[0]
        return [why for *_, why in env[_REFUSED]] + [p.message for p in _link_problems(token, set())]
    return next((why for why in found(text) if why not in found(source)), None)


def images(body: str, folder: Path) -> list[tuple[str, int]]:
    """Return the URL each image of ``body`` is loaded from, with its 1-based line."""
    tokens, _ = parse(body) if "![" in body else ([], {})  # every image starts with "!["
    return [(_image_url(str(child.attrGet("src") or ""), folder), line)
            for token in tokens if token.type == "inline" and token.map
            for child, line in _placed(token) if child.type == "image"]


def table_lines(body: str) -> tuple[int, ...]:
    """Return the 1-based line where each table of ``body`` starts, in order."""
    tokens = parse(body)[0] if "|" in body else []  # a table's delimiter row holds a "|"
    return tuple(token.map[0] + 1 for token in tokens if token.type == "table_open" and token.map)


_FOOTNOTE = ("footnotes ([^1]) are not supported: they would print as typed or not at all; "
             "write the note in the text, or list it in a section of style 'sources'")


def _too_deep(tokens: list[Token]) -> Iterator[Problem]:
    # markdown-it stops reading below maxNesting levels (a quote counts one, a list two)
    # and silently drops the rest of the section.
    limit = int(_md.options["maxNesting"])
    for token in tokens:
        if token.type in _CONTAINERS and token.level >= limit - 1 and token.map:
            yield Problem(token.map[0] + 1, f"lists and quotes are nested too deep here: "
                                            f"markdown-it reads {limit} levels (a quote counts "
                                            "one, a list two) and drops everything below; "
                                            "nest them less")
            return


def _untaken_tables(tokens: list[Token]) -> Iterator[Problem]:
    """Yield each table markdown-it did not take: it prints as typed, pipes and dashes and all."""
    for index, token in enumerate(tokens):
        if token.type == "inline" and token.map and tokens[index - 1].type == "paragraph_open":
            for number, text in enumerate(token.content.split("\n")[1:]):
                if "|" in text and "-" in text and not text.strip(" \t|:-"):
                    yield Problem(token.map[0] + number + 1, "this table's header row has not "
                                                             "as many cells as the '---' row "
                                                             "below it, so the table would "
                                                             "print as typed; make them equal")


def _too_wide(tokens: list[Token]) -> Iterator[Problem]:
    for index, token in enumerate(tokens):
        if token.type == "table_open" and token.map:
            columns = 0
            for cell in tokens[index:]:
                if cell.type == "thead_close":
                    break
                columns += cell.type == "th_open"
            if columns > MAX_TABLE_COLUMNS:
                yield Problem(token.map[0] + 1, f"this table has {columns} columns, wider than "
                                                f"a page can hold (at most {MAX_TABLE_COLUMNS} "
                                                "fit a column of an A4 leaflet); split it into "
                                                "narrower tables, or write it as a list")


def _refusals(tokens: list[Token], env: dict[str, Any]) -> Iterator[Problem]:
    """Yield the syntax the inline rules refused (it prints as typed), at its line."""
    inlines = [token for token in tokens if token.type == "inline" and token.map]
    for src, pos, why in env.get(_REFUSED, ()):
        # An image's text is parsed apart from its block: find the block that holds it.
        owner = next((t for t in inlines if t.content is src), None) \
            or next((t for t in inlines if src in t.content), None)
        if owner is not None and owner.map:
            offset = pos if owner.content is src else owner.content.index(src) + pos
            yield Problem(owner.map[0] + 1 + owner.content[:offset].count("\n"), why)


def _link_problems(token: Token, used: set[str]) -> Iterator[Problem]:
    """Yield the links of the inline ``token`` that would not print; note the labels it uses."""
    used.update(child.meta["label"] for child, _ in _placed(token, nested=True)
                if "label" in child.meta)
    placed = list(_placed(token))  # an image's text prints as no link: only the top level
    for index, (child, line) in enumerate(placed):
        if child.attrGet("title"):
            yield Problem(line, f"the {'image' if child.type == 'image' else 'link'}'s title "
                                f"({child.attrGet('title')!r}) would print nowhere; put its "
                                "words in the text, or remove it")
        if child.type != "link_open" or child.info == "auto":
            continue
        href = str(child.attrGet("href") or "")
        if not (_SCHEME.match(href) or href.startswith("#")):
            yield Problem(line, f"the link to {unquote(href)!r} is not a whole address, so it "
                                f"would point at a file of the computer that printed it; write "
                                f"{_LINK_SCHEMES}")
        inside = [t for t, _ in placed[index + 1:]]
        inside = inside[:next(i for i, t in enumerate(inside) if t.type == "link_close")]
        if not "".join(t.content for t in inside).strip() and \
                not any(t.type == "image" for t in inside):
            yield Problem(line, "the link has no text, so nothing of it would print; write its "
                                "text between [ and ]")


def _placed(token: Token, nested: bool = False) -> Iterator[tuple[Token, int]]:
    """Yield each child of the inline ``token`` (and an image's own, if ``nested``), with its line."""
    first = token.map[0] + 1 if token.map else 1

    def walk(children: list[Token], line: int | None) -> Iterator[tuple[Token, int]]:
        for child in children:
            here = line or first + token.content[:child.meta.get("offset", 0)].count("\n")
            yield child, here
            if nested and child.children:  # an image's text: no offsets of its own
                yield from walk(child.children, here)

    return walk(token.children or [], None)


def _dropped_line(tokens: list[Token], env: dict[str, Any], body_lines: list[str]) -> int | None:
    """Return the first (0-based) line with a word that reaches no printed block, if any.

    Each block keeps its source text (``content``, lines in file order), so the
    words of a line must all be in what its blocks keep: nothing else is printed.
    """
    kept: defaultdict[int, Counter[str]] = defaultdict(Counter)

    def keep(line: int, text: str) -> None:
        kept[line].update(word.casefold() for word in _WORD.findall(text))

    for token in tokens:
        if not token.map:
            continue
        if token.type in ("inline", "code_block", "fence"):
            start = token.map[0] + (token.type == "fence")
            for offset, text in enumerate(token.content.split("\n")):
                keep(start + offset, text)
        if token.type in ("fence", "list_item_open"):
            keep(token.map[0], token.info)  # a code block's language, an ordered item's number
    for reference in (*env.get("references", {}).values(), *env.get("duplicate_refs", ())):
        for line in range(*reference["map"]):
            keep(line, body_lines[line])
    for number, text in enumerate(body_lines):
        if Counter(word.casefold() for word in _WORD.findall(text)) - kept[number]:
            return number
    return None


def _drop_message(tokens: list[Token], line: int) -> str:
    if any(token.type == "tr_open" and token.map and token.map[0] == line for token in tokens):
        return ("this table row has more cells than the table's header row; the extra cells "
                "would not print: add header cells, or merge cells")
    return ("the text of this line would not print: markdown-it drops it when it reads the "
            "section; change the Markdown around it (and tell the patient-leaflets maintainers)")


def _watched(rule: Callable[[StateInline, bool], bool], kind: str) -> Callable[[StateInline, bool], bool]:
    """Return ``rule``, noting where it refused what looks like its syntax (printed as typed).

    The link or image it makes records where it starts (``meta["offset"]``), for its line.
    """
    def watched(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        if rule(state, silent):
            if not silent:
                made = next((t for t in state.tokens[count:] if t.type in ("link_open", "image")), None)
                if made is not None:
                    made.meta["offset"] = start
            return True
        refused = state.env.get(_REFUSED)
        if not silent and refused is not None:
            why = _why_refused(state, start, kind)
            # "![x](javascript:...)" fails as an image, then its "[x](...)" as a link: once is enough
            if why and not (refused and refused[-1][0] is state.src and refused[-1][1] == start - 1):
                refused.append((state.src, start, why))
        return False
    return watched


def _why_refused(state: StateInline, start: int, kind: str) -> str | None:
    """Return why the syntax at ``start`` prints as typed, if it looks like a link or image."""
    src, end = state.src, state.posMax
    if kind == "autolink":
        close = src.find(">", start, end)
        inside = src[start + 1:close]
        if close > 0 and "<" not in inside and AUTOLINK_RE.search(inside):
            return (f"the address <{inside}> is refused and would print as typed; a link must be "
                    f"{_LINK_SCHEMES}")
        return None
    what, opening = ("image", start + 1) if kind == "image" else ("link", start)
    if not src.startswith("![" if kind == "image" else "[", start):
        return None
    label_end = state.md.helpers.parseLinkLabel(state, opening, False)
    if label_end < 0:
        return None  # no closing "]": a lone bracket
    label = src[opening + 1:label_end]
    after = label_end + 1
    if what == "link" and label.startswith("^"):
        return _FOOTNOTE
    if after < end and src[after] == "(":
        return _why_address(state, after + 1, what)
    if after < end and src[after] == "[":
        name_end = state.md.helpers.parseLinkLabel(state, after, False)
        name = src[after + 1:name_end] if name_end > after + 1 else label
        target = "file.png" if what == "image" else "https://..."
        return (f"the {what} [{label}][{name}] has no definition, so it would print as typed; add "
                f"a line '[{name}]: {target}' to the section, or write ({target}) after [{label}]")
    if what == "image":
        return (f"'![{label}]' names no image file, so it would print as typed; write "
                f"![{label}](file.png), or '\\!' for a '!' before '['")
    return None  # [words in brackets] are text


def _why_address(state: StateInline, pos: int, what: str) -> str:
    src, end = state.src, state.posMax
    while pos < end and src[pos] in " \t\n":
        pos += 1
    destination = state.md.helpers.parseLinkDestination(src, pos, end)
    if destination.ok and not state.md.validateLink(state.md.normalizeLink(destination.str)):
        scheme = destination.str.split(":", 1)[0].lower()
        rule = ("an image must be a file in the library, written as a path like 'x-ray.png'"
                if what == "image" else f"a link must be {_LINK_SCHEMES}")
        return f"the {what}'s address ({scheme}:) is refused, so it would print as typed; {rule}"
    if destination.ok:
        pos = destination.pos
        while pos < end and src[pos] in " \t\n":
            pos += 1
        title = state.md.helpers.parseLinkTitle(src, pos, end)
        if title.ok and pos > destination.pos:
            pos = title.pos
        while pos < end and src[pos] in " \t\n":
            pos += 1
        if pos < end and src[pos] == ")":
            return (f"the {what}'s text holds a link, so it would print as typed; take the link "
                    "out of it")
    return (f"the {what}'s address cannot be read (a space, a line break or an unmatched "
            f"bracket in it), so it would print as typed; write %20 for a space, or put the "
            f"address between < and >")


for _name, _rule in (("link", link), ("image", image), ("autolink", autolink)):
    _md.inline.ruler.at(_name, _watched(_rule, _name))


def left_to_right_only(text: str) -> bool:
    """Whether ``text`` has left-to-right letters and no right-to-left ones."""
    classes = {unicodedata.bidirectional(char) for char in text}
    return "L" in classes and not classes & {"R", "AL"}


def _inline_tokens(tokens: list[Token]) -> Iterator[tuple[Token, str, Token]]:
    """Yield each inline token, the kind of block that holds it, and that block's open token."""
    opened: list[tuple[str, Token]] = []
    for token in tokens:
        if token.type in _BLOCK_KINDS:
            opened.append((_BLOCK_KINDS[token.type], token))
        elif token.type.replace("_close", "_open") in _BLOCK_KINDS:
            opened.pop()
        elif token.type == "inline":
            # A paragraph inside a list item or table cell is that item or cell.
            kind = next((k for k, _ in opened if k in ("list item", "table cell")), opened[-1][0])
            # The innermost block that is printed (a tight list hides its paragraphs).
            block = next(t for _, t in reversed(opened) if not t.hidden)
            yield token, kind, block


def _image_url(src: str, folder: Path) -> str:
    if ":" in src.split("/", 1)[0]:
        return src  # has a scheme: left for the URL fetcher to refuse
    # markdown-it has percent-encoded the path already; as_uri() encodes it again.
    return (folder / unquote(src)).resolve().as_uri()
