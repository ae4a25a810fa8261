"""The package's layers: each module imports only from its own layer or lower ones, only
exodus.app imports Streamlit, and no two modules import each other, even indirectly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "exodus"
#: Lowest first. "ops" (servers, the upload checker) sits beside the app: the app may use it.
ORDER = ["i18n", "config", "data", "derive", "charts", "view", "export", "ops", "app"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every exodus module a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] in ("exodus", "streamlit")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")[0]
            if root == "streamlit":
                found.add(node.module)
            elif root == "exodus":
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                              or (PACKAGE.parent / candidate.replace(".", "/")).is_dir() else node.module)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {m for m in imports_of(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_module_is_in_a_layer():
    loose = [n for n in MODULES if n != "exodus" and layer(n) not in ORDER]
    assert not loose, f"modules outside the layers {ORDER}: {loose}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name):
    mine = layer(name)
    if mine is None:
        return
    upward = [m for m in GRAPH[name] if layer(m) and ORDER.index(layer(m)) > ORDER.index(mine)]
    assert not upward, f"{name} (layer {mine}) imports from a higher layer: {sorted(upward)}"


def test_only_the_app_imports_streamlit():
    users = sorted(n for n, p in MODULES.items() if any(m.split(".")[0] == "streamlit" for m in imports_of(p)))
    assert users and all(layer(n) == "app" for n in users), users


def test_no_import_cycle():
    seen, on_path, cycles = set(), [], []

    def visit(node):
        if node in on_path:
            cycles.append(on_path[on_path.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        on_path.append(node)
        for nxt in sorted(GRAPH[node]):
            visit(nxt)
        on_path.pop()

    for name in sorted(GRAPH):
        visit(name)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_graph_holds_edges_known_to_exist():
    """The graph built above is not empty and contains the edges we know exist."""
    assert "exodus.data.schema" in GRAPH["exodus.derive.filters"]
    assert any(layer(m) == "view" for m in GRAPH["exodus.export.cli"])
