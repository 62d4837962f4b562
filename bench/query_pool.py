"""The server's query pool (api/query_pool.py) beside pebble's ProcessPool
with per-task timeouts, on the same store: small queries one after another,
a runaway query stopped at its time limit and the next answer after it, and
the memory the parent holds while a large answer comes through. Prints
figures. pebble is not a dependency of partygraph: `pip install pebble`.

    python bench/query_pool.py STORE_DIR [--small 200]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

SMALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/partygraph/ontology#Person> }"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
LARGE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"

_store = None


def _open(location: str) -> None:
    global _store
    import pyoxigraph as ox
    _store = ox.Store.read_only(location)


def _answer(sparql: str) -> bytes:
    """A pebble task: the whole answer as SPARQL JSON bytes (a task's result
    comes back to the parent in one piece)."""
    import pyoxigraph as ox
    result = _store.query(sparql, use_default_graph_as_union=True)
    return result.serialize(format=ox.QueryResultsFormat.JSON)


def _ours(location: str, small: int) -> dict:
    from partygraph.api.query_pool import QueryPool, QueryTimeout
    pool = QueryPool(location, size=2, timeout=60.0, memory_mib=2048)
    pool.start()
    pool.run(SMALL, JSON).body
    t = time.perf_counter()
    for _ in range(small):
        pool.run(SMALL, JSON).body
    per_small = (time.perf_counter() - t) / small
    t = time.perf_counter()
    try:
        pool.run(RUNAWAY, JSON, timeout=2.0).body
    except QueryTimeout:
        pass
    stopped = time.perf_counter() - t
    t = time.perf_counter()
    pool.run(SMALL, JSON).body
    after = time.perf_counter() - t
    tracemalloc.start()
    size = sum(len(piece) for piece in pool.run(LARGE, JSON).chunks)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    pool.close()
    return {"small": per_small, "stopped": stopped, "after": after, "large_bytes": size, "peak": peak}


def _pebble(location: str, small: int) -> dict:
    from concurrent.futures import TimeoutError as FutureTimeout
    from pebble import ProcessPool
    with ProcessPool(max_workers=2, initializer=_open, initargs=(location,)) as pool:
        pool.schedule(_answer, args=(SMALL,), timeout=60).result()
        t = time.perf_counter()
        for _ in range(small):
            pool.schedule(_answer, args=(SMALL,), timeout=60).result()
        per_small = (time.perf_counter() - t) / small
        t = time.perf_counter()
        try:
            pool.schedule(_answer, args=(RUNAWAY,), timeout=2.0).result()
        except FutureTimeout:
            pass
        stopped = time.perf_counter() - t
        t = time.perf_counter()
        pool.schedule(_answer, args=(SMALL,), timeout=60).result()
        after = time.perf_counter() - t
        tracemalloc.start()
        size = len(pool.schedule(_answer, args=(LARGE,), timeout=120).result())
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {"small": per_small, "stopped": stopped, "after": after, "large_bytes": size, "peak": peak}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--small", type=int, default=200)
    args = ap.parse_args()
    try:
        import pebble  # noqa: F401
    except ImportError:
        sys.exit("pebble is not installed: pip install pebble")
    print("| pool | small query, ms each | runaway stopped after, s (limit 2 s) | next answer after it, ms "
          "| large answer, MiB | parent peak while it comes, MiB |\n|---|---:|---:|---:|---:|---:|")
    for name, run in (("api/query_pool.py (streamed)", _ours), ("pebble ProcessPool (one result)", _pebble)):
        f = run(str(args.store), args.small)
        print(f"| {name} | {f['small'] * 1000:.1f} | {f['stopped']:.2f} | {f['after'] * 1000:.0f} "
              f"| {f['large_bytes'] / 2**20:.0f} | {f['peak']:.0f} |")
    print(json.dumps({"store": str(args.store)}))


if __name__ == "__main__":
    main()
