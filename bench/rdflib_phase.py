"""The comparison of bench/run.py: the same quads in rdflib's in-memory
Dataset (union default graph), asked the same competency questions. A
question rdflib cannot answer (it raises) is reported as such beside the
others; one it cannot finish in time is stopped."""
from __future__ import annotations

import sys
import time
from typing import Any, Callable

import pyoxigraph as ox

from figures import Figures
from partygraph.graph.store import LocalStore
from timing import pct
from timing import term as nt_term


def timed(fn: Callable[[], Any], repeat: int, budget_s: float = 120.0) -> list[float]:
    """Wall times in ms of `repeat` runs (fewer when the budget runs out);
    one untimed warm-up run first when the first run is cheap."""
    times: list[float] = []
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    if first * repeat > budget_s:  # too slow to repeat fully: keep the first run
        times.append(first * 1000)
    for _ in range(repeat - len(times)):
        if sum(times) / 1000 > budget_s:
            break
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def _in_child(fn: Callable[[], Any], timeout: float) -> tuple[str, Any] | None:
    """("ok", fn()) or ("error", why it raised), from a forked child (which
    shares the loaded rdflib graph) through a pipe; None when it takes
    longer than `timeout` -- rdflib cannot be interrupted in-process."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:
        try:
            answer = ("ok", fn())
        except Exception as e:  # noqa: BLE001 -- a question rdflib cannot answer is a figure, not a crash
            answer = ("error", f"{type(e).__name__}: {' '.join(str(e).split())[:120]}")
        child.send(answer)

    proc = ctx.Process(target=target, daemon=True)
    proc.start()
    child.close()   # the child's end is the child's alone: a child that dies ends the pipe here
    try:
        result = parent.recv() if parent.poll(timeout) else None
    except EOFError:
        proc.join()
        result = ("error", f"its process ended with code {proc.exitcode}")
    proc.kill()
    proc.join()
    parent.close()
    return result


def rdflib_phase(store: LocalStore, runs: list[tuple[str, str, dict]], repeat: int, fig: Figures,
                 max_quads: int, timeout: float = 120.0) -> None:
    """The same quads in rdflib's in-memory Dataset (union default graph),
    the same competency questions on it."""
    import rdflib
    from rdflib.term import BNode, Literal, URIRef

    if fig.quads > max_quads:
        print(f"rdflib skipped: {fig.quads:,} quads > --rdflib-max-quads {max_quads:,}", file=sys.stderr)
        return

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    graphs: dict[str, Any] = {}
    batch = []
    for q in store.quads():
        g = q.graph_name.value
        if g not in graphs:
            graphs[g] = ds.graph(URIRef(g))
        batch.append((term(q.subject), term(q.predicate), term(q.object), graphs[g]))
        if len(batch) >= 50_000:
            ds.addN(batch)
            batch.clear()
    ds.addN(batch)
    fig.rdflib_load_s = time.perf_counter() - t
    fig.rdflib_quads = sum(1 for _ in ds.quads((None, None, None, None)))
    by_label = {r.what: r for r in fig.competency}
    for label, text, bindings in runs:
        init = {k: term(nt_term(v)) for k, v in bindings.items()}

        def go() -> None:
            list(ds.query(text, initBindings=init or None))
        answer = _in_child(lambda: timed(go, max(1, min(repeat, 5)), budget_s=timeout / 2), timeout)
        row = by_label[label]
        if answer is None:  # rdflib did not finish: its time is at least the timeout
            row.other = timeout * 1000
            row.note = f"rdflib > {timeout:.0f} s (stopped)"
            continue
        status, times = answer
        if status == "error":
            row.note = f"error: rdflib {times}"
            print(f"  rdflib cannot answer {label}: {times}", file=sys.stderr)
            continue
        row.other = pct(times, .5)
        if len(times) < min(repeat, 5):
            row.note = f"rdflib {len(times)} run(s)"
