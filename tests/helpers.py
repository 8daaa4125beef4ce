"""Helpers the tests share: the repository's paths, the real CLI's results, opened PDFs."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
LIBRARY_FOLDERS = ("templates", "brands", "leaflets", "locales")


def copy_repo_library(root: Path) -> Path:
    """Copy the repository's library (not its outputs) to ``root``."""
    for name in LIBRARY_FOLDERS:
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "leaflets.toml", root / "leaflets.toml")
    return root


def scenario_library(root: Path, *scenarios: str) -> Path:
    """Make a library at ``root``: the shipped templates and brands, then each scenario of
    tests/data (``"minimal"``, ``"bad-version"``...) copied over them in turn."""
    for name in ("templates", "brands"):
        shutil.copytree(REPO / name, root / name)
    for scenario in scenarios:
        shutil.copytree(DATA / scenario, root, dirs_exist_ok=True)
    return root


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def pdf_files(folder: Path) -> list[Path]:
    """Every PDF below ``folder``, sorted."""
    return sorted(folder.rglob("*.pdf")) if folder.exists() else []


def pdf_text(path: Path) -> list[str]:
    """The extracted text of each page of the PDF at ``path``."""
    return [page.extract_text() for page in PdfReader(path).pages]


def figure_alts(path: Path) -> list[str]:
    """The alternative text of every Figure of the structure tree of the PDF at ``path``."""
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return alts


def assert_one_error_line(run: Run, *fragments: str) -> str:
    """Assert ``run`` failed with exit 2 and one 'error: ...' line holding ``fragments``."""
    assert run.exit_code == 2, (run.exit_code, run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert line.startswith("error: "), line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    assert "Traceback" not in run.stderr
    return line


def fill_catalog(path: Path, translate, *, review: str | None = None,
                 revised: str | None = "2026-11-20 10:00+0000") -> None:
    """Translate every message of the PO file at ``path`` as a translator's editor would.

    ``translate`` is a dict from msgid to msgstr (messages not in it are left
    as they are) or a function of the msgid. ``review`` sets X-Translation-Review.
    """
    import datetime

    from patient_leaflets.i18n.pofile import read_catalog, write_catalog
    from patient_leaflets.i18n.translation import REVIEW_FIELD

    catalog = read_catalog(path)
    for message in catalog:
        if not message.id:
            continue
        text = translate.get(message.id) if isinstance(translate, dict) else translate(message.id)
        if text is not None:
            message.string = text
            message.flags.discard("fuzzy")
    if revised:
        catalog.revision_date = datetime.datetime.strptime(revised, "%Y-%m-%d %H:%M%z")
    catalog.last_translator = "Test Translator <translator@example.org>"
    if review is not None:
        catalog.extra_headers[REVIEW_FIELD] = review
    write_catalog(path, catalog)


def structure(reader: PdfReader) -> tuple[list[DictionaryObject], set[int], list[int]]:
    """Return the structure elements reachable from the root, their object numbers, and the
    object numbers of the elements the parent tree maps content to."""
    reached: list[DictionaryObject] = []
    numbers: set[int] = set()

    def walk(kid) -> None:
        if isinstance(kid, IndirectObject):
            if kid.idnum in numbers:
                return
            numbers.add(kid.idnum)
        element = kid.get_object()
        if not isinstance(element, DictionaryObject):
            return  # a marked-content id
        if element.get("/Type") in ("/MCR", "/OBJR"):
            return
        reached.append(element)
        kids = element.get("/K")
        if kids is None:
            return
        for child in (kids.get_object() if isinstance(kids.get_object(), ArrayObject)
                      else [element.raw_get("/K")]):
            walk(child)

    root = reader.trailer["/Root"]
    walk(root.raw_get("/StructTreeRoot"))
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    mapped = []
    for value in list(nums)[1::2]:
        items = value.get_object()
        for item in (items if isinstance(items, ArrayObject) else [value]):
            if isinstance(item, IndirectObject):
                mapped.append(item.idnum)
    return reached, numbers, mapped
