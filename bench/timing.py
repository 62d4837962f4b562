"""Time one query or one REST lookup in a child process, so that a query
that runs for minutes can be stopped (neither pyoxigraph nor rdflib can be
interrupted in-process). bench/run.py starts it; reads a JSON job on stdin,
prints a JSON answer:

    {"store": DIR, "query": SPARQL, "bindings": {"var": "<iri>"}, "repeat": R}
    {"store": DIR, "query": SPARQL, "sample_var": "var"}  -> {"sample": "<iri>"}
    {"store": DIR, "lookup": "officials", "kwargs": {"name": "..."}, "repeat": R}
        -> {"times": [ms...], "rows": n, "raw_times": [ms...]}   (raw: lookups only)
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402


def term(text: str) -> ox.NamedNode | ox.Literal:
    """An N-Triples term back from its serialisation."""
    return next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES))).object


def pct(times: list[float], q: float) -> float:
    """The q-quantile of `times` (nearest rank); 0 for none."""
    if not times:
        return 0.0
    s = sorted(times)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def times_of(fn, repeat: int, budget_s: float) -> list[float]:
    """Wall ms of up to `repeat` runs within `budget_s`, after a warm-up run
    (caches, lazily built indexes) -- which is kept as the one sample when
    it alone is too slow to repeat: a slow question is timed, not lost."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    if first / 1000 * 2 > budget_s:
        return [first]
    out: list[float] = []
    while len(out) < repeat and sum(out) / 1000 < budget_s:
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    from partygraph.graph.store import LocalStore

    job = json.load(sys.stdin)
    store = LocalStore(job["store"], read_only=True)
    raw = store._store
    repeat, budget = job.get("repeat", 0), job.get("budget", 30.0)
    answer: dict = {}
    if "sample_var" in job:
        # A value a user could bind: the middle of the first 200 bound ones.
        values = []
        for sol in raw.query(job["query"], use_default_graph_as_union=True):
            if sol[job["sample_var"]] is not None:
                values.append(str(sol[job["sample_var"]]))
            if len(values) >= 200:
                break
        answer["sample"] = values[len(values) // 2] if values else None
    elif "query" in job:
        subs = {ox.Variable(k): term(v) for k, v in job.get("bindings", {}).items()} or None
        rows = [0]

        def go() -> None:
            rows[0] = sum(1 for _ in raw.query(job["query"], use_default_graph_as_union=True, substitutions=subs))
        answer["times"] = times_of(go, repeat, budget)
        answer["rows"] = rows[0]
    else:
        from partygraph.graph import lookups

        calls: list = []

        class Recording:
            location = job["store"]

            def query(self, sparql, substitutions=None):
                calls.append((sparql, {ox.Variable(k): v for k, v in (substitutions or {}).items()} or None))
                return store.query(sparql, substitutions)

        fn = getattr(lookups, job["lookup"])
        fn(Recording(), **job["kwargs"])
        answer["times"] = times_of(lambda: fn(store, **job["kwargs"]), repeat, budget)
        rows = [0]

        def go_raw() -> None:
            rows[0] = sum(sum(1 for _ in raw.query(s, use_default_graph_as_union=True, substitutions=b))
                          for s, b in calls)
        answer["raw_times"] = times_of(go_raw, repeat, budget)
        answer["rows"] = rows[0]
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
