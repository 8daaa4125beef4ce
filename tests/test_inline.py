"""Inline codes: what an XLIFF export protects, and that nothing is lost in the cutting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patient_leaflets.i18n.inline import split


@pytest.mark.parametrize("text, codes", [
    ("Take **2 tablets** now.", ["**", "**"]),
    ("Read [our site](https://example.org/a_(b)) first.", ["[", "](https://example.org/a_(b))"]),
    ("Call {emergency} or {urgent-care}.", ["{emergency}", "{urgent-care}"]),
    ("Page %(page)s of %(pages)s, 100%%", ["%(page)s", "%(pages)s", "%%"]),
    ("Run `leaflets build --locale es` then *wait*.", ["`leaflets build --locale es`", "*", "*"]),
    ("An ![x-ray](xray.png \"Knee\") and <https://nhs.uk>", ["![", '](xray.png "Knee")',
                                                            "<https://nhs.uk>"]),
    ("snake_case stays a word; 50% of people; \\*not bold\\*", ["\\*", "\\*"]),
])
def test_the_codes_of_a_message(text, codes):
    assert [piece for code, piece in split(text) if code] == codes


@given(st.text(alphabet=st.sampled_from("ab 1_*`[]()%{}<>!\\.:/sé字")))
def test_the_pieces_join_to_the_message(text):
    pieces = split(text)
    assert "".join(piece for _, piece in pieces) == text
    assert all(piece for _, piece in pieces)
