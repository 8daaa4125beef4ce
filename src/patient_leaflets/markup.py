"""Section bodies: CommonMark in, translation units and safe HTML out.

A section body is parsed once per use with markdown-it-py (CommonMark plus
tables, raw HTML off, so content can never inject markup). Each block that
carries text (a heading, a paragraph, a list item, a table cell) is one unit
of translation; its inline marks stay inside it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_BLOCK_KINDS = {"heading_open": "heading", "th_open": "table cell", "td_open": "table cell",
                "list_item_open": "list item", "paragraph_open": "paragraph"}


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


def parse(body: str) -> tuple[list[Token], dict[str, Any]]:
    """Return the block tokens of ``body`` and the parse environment."""
    env: dict[str, Any] = {}
    return _md.parse(body, env), env


def blocks(body: str, first_line: int) -> tuple[Block, ...]:
    """Return the translation units of ``body``, whose first line is ``first_line``."""
    tokens, _ = parse(body)
    found = []
    for token, kind, _ in _inline_tokens(tokens):
        if token.content.strip():
            found.append(Block(kind, token.content, first_line + (token.map[0] if token.map else 0)))
    return tuple(found)


def first_heading(body: str) -> tuple[str, int, int] | None:
    """Return (text, start, end) of a level-1 heading that opens ``body``, else None.

    ``start`` and ``end`` are 0-based line numbers, end exclusive.
    """
    tokens, _ = parse(body)
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


def to_html(body: str, translate: Callable[[str], str], folder: Path, rtl: bool = False) -> str:
    """Render ``body`` to HTML, each unit passed through ``translate``.

    Headings inside a body sit below the section title (h3 and lower); a
    relative image path is resolved against ``folder`` (the sandboxed URL
    fetcher decides later whether it may be read). In a right-to-left
    document (``rtl``), the block of a unit written only in a left-to-right
    script (a reference, untranslated text) gets ``dir="ltr"``, so its
    punctuation stays at its end on every line it wraps to.
    """
    tokens, env = parse(body)
    for token, _, block in _inline_tokens(tokens):
        translated = translate(token.content)
        if translated != token.content:
            token.children = _md.parseInline(translated, env)[0].children
        if rtl and left_to_right_only(translated):
            block.attrSet("dir", "ltr")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, max(3, int(token.tag[1]) + 1))}"
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("src", _image_url(str(child.attrGet("src") or ""), folder))
    return str(_md.renderer.render(tokens, _md.options, env))


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
