"""The layers import downwards only: ontology <- loaders <- graph <- api.
Data flows loaders -> graph -> api and never back; graph/ knows nothing
of HTTP. Every import statement of every module is read (function-level
imports too), so a late import cannot hide a cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# what each layer may not import
FORBIDDEN = {
    "ontology": {"loaders", "graph", "api"},
    "loaders": {"graph", "api"},
    "graph": {"api"},
}
LAYERS = ("ontology", "loaders", "graph", "api")


def _layer_of(module: str) -> str | None:
    """The layer a dotted module name lies in: partygraph.<layer>...; a bare
    `graph`/`api`/... (the names before the one namespace) counts too."""
    parts = module.split(".")
    if parts[0] == "partygraph" and len(parts) > 1:
        return parts[1]
    return parts[0] if parts[0] in LAYERS else None


def _imports(path: Path, package: str = "") -> set[str]:
    """The layers `path` imports; relative imports are resolved against
    `package` (its dotted package, e.g. partygraph.graph.export)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            names = [base] + [f"{base}.{a.name}" for a in node.names] if not node.module else [base]
        found |= {layer for name in names if (layer := _layer_of(name))}
    return found


def _package(module: Path) -> str:
    return ".".join(("partygraph",) + module.relative_to(ROOT).parent.parts)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_the_layers_below_it(layer):
    modules = sorted((ROOT / layer).rglob("*.py"))
    assert modules
    wrong = {f"{m.relative_to(ROOT)} imports {name}" for m in modules for name in _imports(m, _package(m)) & FORBIDDEN[layer]}
    assert not wrong, sorted(wrong)


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "late.py"
    bad.write_text("def f():\n    from partygraph.api.rest import router\n    import graph.store\n", encoding="utf-8")
    assert _imports(bad) == {"api", "graph"}


def test_the_check_resolves_relative_imports(tmp_path):
    bad = tmp_path / "up.py"
    bad.write_text("from ..api import rest\nfrom .store import GraphStore\nfrom ...x import y\n", encoding="utf-8")
    assert _imports(bad, "partygraph.graph") == {"api", "graph"}


def test_no_module_imports_the_bare_layer_names():
    """Installed, the layers are partygraph.<layer>: a bare `import graph`
    would work only from the source folder."""
    bare = set()
    for layer in LAYERS:
        for m in sorted((ROOT / layer).rglob("*.py")):
            tree = ast.parse(m.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
                bare |= {f"{m.relative_to(ROOT)}: {x}" for x in mods if x.split(".")[0] in LAYERS}
    assert not bare, sorted(bare)
