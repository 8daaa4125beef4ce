"""Inline codes: the parts of a message a CAT tool must carry over untouched.

A message is Markdown with placeholders: ``Take **2 tablets** and read
[more](https://example.org) or call {emergency}.`` A translator rewords the
words; the marks (``**``, ``*``, backticks, a link's brackets and address),
the brand placeholders ({emergency}) and the page's %(name)s placeholders
must come back as they were. In XLIFF each becomes an inline ``<ph>``
element holding the code as its text, which Trados, memoQ and Phrase show as
a tag the translator places but cannot edit.

``split`` cuts a message into text and codes; joining the pieces gives the
message back, character for character.
"""

from __future__ import annotations

import re

# A brand placeholder, {emergency}: a name between braces (a translation keeps each).
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_-]*\}")
# The codes, longest alternatives first. A code span is one code, its content
# included: it is literal text (a command, a code) that is not translated.
_CODE = re.compile(
    r"`+[^`]*`+"  # a code span
    r"|\\[!-/:-@\[-`{-~]"  # a backslash escape
    r"|!?\["  # a link's or image's opening bracket
    r"|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?\)"  # ](address "title")
    r"|<(?:https?|mailto):[^>\s]*>"  # an autolink
    r"|\*+|(?<!\w)_+|_+(?!\w)"  # emphasis marks (an underscore inside a word is a letter)
    rf"|{PLACEHOLDER.pattern}"  # a brand placeholder
    r"|%\([A-Za-z_]\w*\)[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%%"  # the page's %(name)s
)


def split(text: str) -> list[tuple[bool, str]]:
    """Return ``text`` as (is a code, piece) pairs, in order; the pieces join to ``text``."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in _CODE.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position:match.start()]))
        pieces.append((True, match.group()))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces
