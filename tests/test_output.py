"""What the command line prints about a user's files is safe to print: one line, no escapes."""

from __future__ import annotations

import logging
import warnings

import pytest

from patient_leaflets.cli.output import MAX_MESSAGE, one_line


@pytest.mark.parametrize("char", ["\x1b", "\r", "\x07", "\x00", "\x7f", "\x85", "\u200b", "\u202e",
                                  "\u2066", "\u2028", "\u2029", "\ufeff"])
def test_control_format_and_separator_characters_are_shown_as_escapes(char):
    shown = one_line(f"brand.toml:3: 'name' is {char}x")
    assert char not in shown
    assert f"{ord(char):02x}" in shown and shown.startswith("brand.toml:3: 'name' is \\")


def test_a_long_message_is_cut_with_its_place_kept():
    shown = one_line("leaflets/demo/intro.md:4: refused to load data:" + "A" * 30_000_000)
    assert len(shown) <= MAX_MESSAGE and shown.endswith(" ... (cut)")
    assert len(one_line("x" * MAX_MESSAGE)) == MAX_MESSAGE  # a long enough message is kept whole
    assert shown.startswith("leaflets/demo/intro.md:4: refused to load data:")


def test_plain_text_in_any_script_is_kept():
    text = "leaflets/demo/intro.md:2: «Qué es» · 什么是 · ما هو · Что это"
    assert one_line(text) == text


def test_third_party_warnings_reach_the_terminal_as_one_line_each(make_library, leaflets, monkeypatch):
    from patient_leaflets import library

    real = library.open_library

    def noisy(root):
        logging.getLogger("fontTools.ttLib").warning("bad table\nsecond line \x1b[2J")
        warnings.warn("something deprecated", DeprecationWarning, stacklevel=1)
        return real(root)

    monkeypatch.setattr(library, "open_library", noisy)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        run = leaflets("--root", make_library("minimal"), "list")
    assert run.exit_code == 0
    lines = run.stderr.splitlines()
    assert "warning: fontTools.ttLib: bad table\\x0asecond line \\x1b[2J" in lines
    assert "warning: DeprecationWarning: something deprecated" in lines
    assert all(line.startswith("warning: ") for line in lines), lines
