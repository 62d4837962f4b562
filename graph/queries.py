"""The competency questions: one `.rq` file each in graph/queries/, run
with parameters bound as RDF terms (never spliced into the query text)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .sparql_query import Query
from .store_protocol import GraphStore, Term

QUERY_DIR = Path(__file__).resolve().parent / "queries"


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def question(name: str) -> Query:
    return Query.load("queries", name, "competency question")


def query_text(name: str) -> str:
    return question(name).text


def query_title(name: str) -> str:
    """The question a query answers: its first comment line."""
    first = query_text(name).lstrip().splitlines()[0]
    return first.lstrip("# ").strip()


def run(store: GraphStore, name: str, **bindings: Term) -> list[dict[str, Any]]:
    """Run competency question `name` with variables bound to terms."""
    return question(name).rows(store, bindings)
