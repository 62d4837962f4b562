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


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_the_layers_below_it(layer):
    modules = sorted((ROOT / layer).rglob("*.py"))
    assert modules
    wrong = {f"{m.relative_to(ROOT)} imports {name}" for m in modules for name in _imports(m) & FORBIDDEN[layer]}
    assert not wrong, sorted(wrong)


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "late.py"
    bad.write_text("def f():\n    from api.rest import router\n    import graph.store\n", encoding="utf-8")
    assert _imports(bad) == {"api", "graph"}
