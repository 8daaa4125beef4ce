"""The shape of the package: no import cycle of any kind, and each heavy dependency in its room.

Read with ``ast`` from the source files, so every import counts: at the top
of a module, inside a function (the lazy ones that keep start-up fast) and
under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "src" / "patient_leaflets"
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Return every module ``name`` imports: ours by their full names, others by their top name."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # "from . import markup" imports the module patient_leaflets.markup
            found.update(f"{target}.{alias.name}" for alias in node.names
                         if f"{target}.{alias.name}" in MODULES)
    return {module for module in found if module != name}


GRAPH = {name: {m for m in imports_of(name) if m in MODULES} for name in MODULES}


def test_the_import_reader_sees_lazy_and_type_only_imports():
    # If the reader missed these, the tests below could not fail.
    assert "patient_leaflets.i18n.load" in imports_of("patient_leaflets.build.maker")  # in a method
    assert "patient_leaflets.render.pdf" in imports_of("patient_leaflets.build.maker")  # TYPE_CHECKING
    assert "patient_leaflets.markup" in imports_of("patient_leaflets.render.html")  # from .. import
    assert "weasyprint" in {m.split(".")[0] for m in imports_of("patient_leaflets.render.pdf")}


def test_no_import_cycle():
    cycles = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target):], name, target]))
            elif target not in state:
                visit(target, [*trail, name])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize(("library", "room"), [
    ("weasyprint", "patient_leaflets.render"),
    ("pydyf", "patient_leaflets.render"),
    ("click", "patient_leaflets.cli"),
    ("flask", "patient_leaflets.web"),
    ("werkzeug", "patient_leaflets.web"),
    ("waitress", "patient_leaflets.web"),
    ("pypdfium2", "patient_leaflets.web"),
])
def test_a_heavy_or_interface_library_is_imported_in_its_room_only(library, room):
    outside = sorted(name for name in MODULES
                     if not (name == room or name.startswith(room + "."))
                     and any(m == library or m.startswith(library + ".") for m in imports_of(name)))
    assert not outside, f"{library} is imported outside {room}: {outside}"


def test_no_module_is_longer_than_a_reader_can_hold():
    long = {name: lines for name, path in MODULES.items()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_the_public_api_is_what_the_package_says():
    import patient_leaflets

    for name in patient_leaflets.__all__:
        assert getattr(patient_leaflets, name) is not None, name
    assert patient_leaflets.run_build.__module__ == "patient_leaflets.build.run"
    with pytest.raises(AttributeError):
        patient_leaflets.no_such_thing  # noqa: B018
