"""SPARQL kept in `.rq` files next to the code that runs them: one reader
for every folder of them (queries/, lookups/, export/, resolution/,
remote_queries/). graph/sparql_query.py's `Query.load` parses what it reads."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
