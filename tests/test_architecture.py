"""The package's shape: folders in the order data flows through them, and imports only down that order.

    vocabulary (domain, labels, formatting) → content → model → analysis → site → pipeline
    → workflow → cli → mkdocs_plugin

A module may import from its own layer and from layers before it, never from a later one. Only
the adapter knows MkDocs. Modules stay small enough to read in one sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "ska"
LAYERS = [
    ("vocabulary", ("ska.domain", "ska.labels", "ska.formatting")),
    ("content", ("ska.content",)),
    ("model", ("ska.model",)),
    ("analysis", ("ska.analysis",)),
    ("site", ("ska.site",)),
    ("pipeline", ("ska.pipeline",)),
    ("workflow", ("ska.workflow",)),
    ("cli", ("ska.cli",)),
    ("adapter", ("ska.mkdocs_plugin",)),
]
MAX_LINES = 450  # "none much over 400 lines"
GENERATOR = ("mkdocs", "material", "properdocs")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(name: str) -> int | None:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return index
    return None


def imports_of(path: Path) -> list[str]:
    """Every module ``path`` imports, as an absolute dotted name (relative imports resolved)."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # "from . import x" names modules; "from .x import y" names things in x
            found += [f"{module}.{alias.name}" for alias in node.names] if not node.module else [module]
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer():
    assert MODULES
    assert [module_name(p) for p in MODULES if layer_of(module_name(p)) is None] == ["ska"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_only_go_down_the_flow(path):
    here = layer_of(module_name(path))
    if here is None:
        return
    upward = []
    for name in imports_of(path):
        there = layer_of(name)
        if there is not None and there > here:
            upward.append(f"{name} ({LAYERS[there][0]})")
    assert not upward, f"{module_name(path)} ({LAYERS[here][0]}) imports from later layers: {upward}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_only_the_adapter_knows_the_generator(path):
    if module_name(path).startswith("ska.mkdocs_plugin"):
        return
    named = [n for n in imports_of(path) if n.split(".")[0] in GENERATOR]
    assert not named, f"{module_name(path)} imports {named}: the core must stay generator-neutral"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_modules_are_small(path):
    lines = len(path.read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module_name(path)} has {lines} lines; split it by what it holds"


def test_each_module_says_its_job():
    missing = [module_name(p) for p in MODULES if not ast.get_docstring(ast.parse(p.read_text("utf-8")))]
    assert not missing


def test_the_checker_sees_an_upward_import(tmp_path):
    """The layer test is not blind: a content module importing the site is an upward import."""
    module = PACKAGE / "content" / "validate.py"
    assert layer_of("ska.site.views") > layer_of(module_name(module))
    assert "ska.site.views" in [n for n in imports_of(PACKAGE / "pipeline.py")]
