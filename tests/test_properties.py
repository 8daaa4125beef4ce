"""Whatever an author, a translator or a brand file says, a build ends cleanly.

Property-based (Hypothesis): generated Markdown sections, TOML fields and PO
translations go into a real library, and the real CLI builds it. Every build
must end with exit 0 and a whole document, or exit 2 and one error line with
nothing written: never a traceback, an internal error or a partial file.
Examples are derandomized, so CI sees the same ones every run, and bounded,
so the module stays within about two minutes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patient_leaflets.cli import cli
from tests.helpers import scenario_library

pytestmark = pytest.mark.slow

def bounded(examples: int) -> settings:
    """The same examples every run (derandomized, no database), at most ``examples`` of them."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters that matter to the parsers and the page: Markdown syntax, TOML and PO quoting,
# controls, invisible and bidi characters, line separators, other scripts, astral symbols.
SYNTAX = "#*_`[]()!<>|-+=.:\\\"'{}~%$&/\n\t \r"
ODD = "\x00\x07\x1b\x7f\x85\u00ad\u200b\u200d\u200e\u202e\u2066\u2069\u2028\u2029\ufeff\ufffd"
SCRIPTS = "aZé9ßЖжعربي中文ệ😀\U0001d400"
WORDS = st.sampled_from(SYNTAX + SCRIPTS + "abcdefghij ") | st.characters(categories=["L", "N", "P", "Zs"])
HOSTILE = st.sampled_from(SYNTAX + ODD + SCRIPTS) | st.characters()


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Text an author might write (two draws in three), or anything at all."""
    plain = st.text(alphabet=WORDS, min_size=1, max_size=max_size)
    return st.one_of(plain, plain, st.text(alphabet=HOSTILE, max_size=max_size))


TEXT = texts(300)
LINE = texts(80)


@contextmanager
def library() -> Iterator[Path]:
    """A fresh copy of the minimal library (with the shipped templates and brands)."""
    folder = Path(tempfile.mkdtemp(prefix="leaflets-property-"))
    try:
        yield scenario_library(folder / "library", "minimal")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def build(root: Path, *args: str) -> None:
    """Build, and hold the build to its promise: a whole document, or one line and nothing."""
    result = CliRunner().invoke(cli, ["--root", str(root), "build", "--jobs", "1", *args],
                                catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception), result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr, result.stderr
    if os.environ.get("PROPERTY_STATS"):  # where the examples end: PROPERTY_STATS=FILE
        with open(os.environ["PROPERTY_STATS"], "a", encoding="utf-8") as stats:
            stats.write(f"{result.exit_code} {result.stderr.strip()[:150]!r}\n")
    out = root / "dist"
    written = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
    assert not [p for p in written if p.name.endswith(".tmp")], written  # nothing half-written
    documents = [p for p in written if p.suffix in (".pdf", ".html")]
    if result.exit_code == 0:
        assert documents, result.stdout
        for document in documents:
            data = document.read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") \
                if document.suffix == ".pdf" else data.rstrip().endswith(b"</html>")
    else:
        assert result.exit_code == 2, (result.exit_code, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) >= 1 and all(line.startswith("error: ") for line in lines), lines
        assert documents == [], documents


@bounded(80)
@given(body=TEXT, title=LINE)
def test_any_markdown_section_builds_or_is_refused_in_one_line(body, title):
    with library() as root:
        (root / "leaflets/demo/intro.md").write_text(f"# {title}\n\n{body}", encoding="utf-8",
                                                     newline="")
        build(root, "--format", "html")


@bounded(25)
@given(body=TEXT)
def test_any_markdown_section_prints_or_is_refused_in_one_line(body):
    with library() as root:
        (root / "leaflets/demo/intro.md").write_text(f"# Intro\n\n{body}", encoding="utf-8",
                                                     newline="")
        build(root)  # a PDF: WeasyPrint's layout too


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's, for what json.dumps writes)."""
    return json.dumps(text, ensure_ascii=False)


@bounded(60)
@given(fields=st.fixed_dictionaries({
    "title": LINE, "summary": LINE, "code": LINE, "reviewed_by": LINE,
}), raw=st.booleans(), tail=LINE)
def test_any_leaflet_toml_fields_build_or_are_refused_in_one_line(fields, raw, tail):
    with library() as root:
        quote = (lambda value: f'"{value}"') if raw else toml_string  # raw: often broken TOML
        text = (f"title = {quote(fields['title'])}\nsummary = {quote(fields['summary'])}\n"
                f"version = \"2.1.0\"\ncode = {quote(fields['code'])}\n"
                "sections = [\"intro\", \"warning-signs\", \"checklist\"]\n\n[review]\n"
                f"reviewed_on = 2026-01-15\nreviewed_by = {quote(fields['reviewed_by'])}\n"
                f"next_review = 2099-01-15\n# {tail}\n")
        (root / "leaflets/demo/leaflet.toml").write_text(text, encoding="utf-8", newline="")
        build(root, "--format", "html")


def po_string(text: str) -> str:
    """``text`` as a PO string: backslash, quote and newline escaped as gettext writes them."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@bounded(30)
@given(translations=st.lists(LINE, min_size=1, max_size=6), escaped=st.booleans())
def test_any_translation_builds_or_is_refused_in_one_line(translations, escaped):
    from patient_leaflets.i18n.pofile import read_catalog

    with library() as root:
        settings_file = root / "leaflets.toml"
        settings_file.write_text(settings_file.read_text(encoding="utf-8").replace(
            'locales = ["en"]', 'locales = ["en", "es"]'), encoding="utf-8")
        runner = CliRunner()
        assert runner.invoke(cli, ["--root", str(root), "i18n", "init", "es"]).exit_code == 0
        for domain in ("demo", "templates"):
            path = root / f"locales/es/LC_MESSAGES/{domain}.po"
            ids = [message.id for message in read_catalog(path) if message.id]
            text = path.read_text(encoding="utf-8")
            for number, (msgid, translation) in enumerate(zip(ids, translations * len(ids))):
                quoted = po_string(translation) if escaped else f'"{translation}"'
                old = f'msgid {po_string(msgid)}\nmsgstr ""'
                if number % 2 == 0 and old in text:
                    text = text.replace(old, f"msgid {po_string(msgid)}\nmsgstr {quoted}", 1)
            path.write_text(text, encoding="utf-8", newline="")
        build(root, "--locale", "es")
