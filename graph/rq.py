"""SPARQL kept in `.rq` files next to the code that runs them: one reader
for every folder of them (queries/, lookups/, export/, resolution/,
remote_queries/)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

GRAPH_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def read_rq(folder: str, name: str, what: str = "query") -> str:
    """The text of graph/<folder>/<name>.rq. A name that is not a file of
    that folder (or would step out of it) is a KeyError saying so."""
    directory = GRAPH_DIR / folder
    path = directory / f"{name}.rq"
    if path.parent != directory or not path.is_file():
        raise KeyError(f"no {what} named {name!r}")
    return path.read_text(encoding="utf-8")


def with_values(sparql: str, var: str, terms: Iterable[Any]) -> str:
    """The query with `VALUES ?var { ... }` opening its WHERE group: the
    terms are written in their N-Triples form (escaped by pyoxigraph), never
    as raw text, so a query restricted to a few entities starts from them."""
    at = sparql.index("WHERE {") + len("WHERE {")
    block = " ".join(str(t) for t in terms)
    return f"{sparql[:at]}\n  VALUES ?{var} {{ {block} }}\n{sparql[at:]}"
