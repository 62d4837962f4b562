"""The competency questions: one `.rq` file each in graph/queries/, run
with parameters bound as RDF terms (never spliced into the query text)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .rq import read_rq
from .store import GraphStore, Term

QUERY_DIR = Path(__file__).resolve().parent / "queries"


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def query_text(name: str) -> str:
    return read_rq("queries", name, "competency question")


def query_title(name: str) -> str:
    """The question a query answers: its first comment line."""
    first = query_text(name).lstrip().splitlines()[0]
    return first.lstrip("# ").strip()


def to_python(term: Any) -> Any:
    """An RDF term as a plain value: IRIs and strings as str, numbers and
    booleans as such."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value.rsplit("#", 1)[-1]
        if dt in ("integer", "int", "long", "nonNegativeInteger"):
            return int(term.value)
        if dt in ("decimal", "double", "float"):
            return float(term.value)
        if dt == "boolean":
            return term.value in ("true", "1")   # both are xsd:boolean's true (Virtuoso writes "1")
        return term.value
    return term.value


def rows(result: ox.QuerySolutions) -> list[dict[str, Any]]:
    names = [v.value for v in result.variables]
    return [{n: to_python(sol[n]) for n in names} for sol in result]


def run(store: GraphStore, name: str, **bindings: Term) -> list[dict[str, Any]]:
    """Run competency question `name` with variables bound to terms."""
    return rows(store.query(query_text(name), substitutions=bindings or None))
