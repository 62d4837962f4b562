"""The same articles into SPARQL servers, timed beside the embedded store of
bench/run.py: `--store oxigraph` and `--store virtuoso` start one here
(bench/servers.py, free ports, a fresh database folder), `--store URL`
writes into the server there (an empty one: the bench adds its articles).
Each is loaded as `partygraph load --store URL` loads (graph.load_workflow
.load_and_resolve through graph.remote.RemoteStore: the articles, then
people resolved and the listing index rebuilt, timed by its steps),
checked against the embedded store (same graphs, same quads), and asked
every competency question and REST lookup the embedded store was asked."""
from __future__ import annotations

import os
import statistics
import sys
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from partygraph.graph import lookups, sparql_query
from partygraph.graph.load_workflow import load_and_resolve
from partygraph.graph.remote import RemoteStore
from partygraph.graph.store import LocalStore
from servers import oxigraph_server, virtuoso_server
from timing import pct, times_of
from timing import term as nt_term


@dataclass
class StoreRun:
    name: str
    url: str = ""
    articles: int = 0
    load_s: float = 0.0          # extraction + writes over HTTP (the workflow's load step, wall)
    resolve_s: float = 0.0       # people resolved + listing index rebuilt
    quads: int = 0
    same: bool = False           # the embedded store's graphs and quad count
    disk_bytes: int | None = None
    competency: dict[str, float] = field(default_factory=dict)   # label -> p50 ms
    lookups: dict[str, float] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)      # label -> why the server refused it
    error: str = ""

    @property
    def per_s(self) -> float:
        return self.articles / (self.load_s + self.resolve_s) if self.load_s else 0.0


@contextmanager
def _server(target: str, folder: Path) -> Iterator[tuple[str, str]]:
    """(name, URL) of the server to write to; one started here is stopped after."""
    if target == "oxigraph":
        with oxigraph_server(folder) as s:
            yield "Oxigraph server", s.url
    elif target == "virtuoso":
        with virtuoso_server(folder, memory_gb=4) as s:
            # its login, as a user gives it: in the environment
            saved = {k: os.environ.get(k) for k in ("PARTYGRAPH_STORE_USER", "PARTYGRAPH_STORE_PASSWORD")}
            os.environ.update(PARTYGRAPH_STORE_USER=s.user, PARTYGRAPH_STORE_PASSWORD=s.password)
            try:
                yield "Virtuoso", s.url
            finally:
                for k, v in saved.items():
                    os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    else:
        yield target, target


def _p50(fn: Callable[[], object], repeat: int, budget_s: float, failures: dict, label: str) -> float:
    """p50 ms of fn() timed as the embedded store's questions are
    (timing.times_of: a warm-up, then up to `repeat` runs in the budget);
    NaN, and the reason in `failures`, when the server refuses it."""
    try:
        return pct(times_of(fn, repeat, budget_s), .5)
    except Exception as e:  # noqa: BLE001 -- a refused question is a figure, not a crash
        failures[label] = f"{type(e).__name__}: {' '.join(str(e).split())[:160]}"
        return float("nan")


def store_phase(target: str, files: list[Path], runs: list[tuple[str, str, dict]],
                cases: list[tuple[str, str, dict]], repeat: int, workers: int, work: Path,
                timeout: float, local_dir: Path) -> StoreRun:
    folder = Path(work) / f"server-{target if target in ('oxigraph', 'virtuoso') else 'url'}-{os.getpid()}"
    run = StoreRun(target)
    with ExitStack() as stack:
        try:
            run.name, run.url = stack.enter_context(_server(target, folder))
            store = RemoteStore(run.url, timeout=timeout)
            stack.callback(store.close)
            done = load_and_resolve(files, store, workers=workers)
            run.load_s = done.seconds["load"]
            run.resolve_s = done.seconds.get("resolve", 0.0) + done.seconds.get("listings", 0.0)
            run.articles, run.quads = len(done.report.loaded), store.quad_count()
            local = LocalStore(local_dir, read_only=True)
            run.same = store.graphs() == local.graphs() and run.quads == local.quad_count()
            local.close()
            for label, text, bindings in runs:
                subs = {k: nt_term(v) for k, v in bindings.items()} or None
                print(f"  {run.name}: {label}", flush=True, file=sys.stderr)
                run.competency[label] = _p50(lambda: sparql_query.rows(store.query(text, substitutions=subs)),
                                             repeat, timeout / 2, run.failures, label)
            for label, fn, kwargs in cases:
                run.lookups[label] = _p50(lambda: getattr(lookups, fn)(store, **kwargs), repeat, timeout / 2,
                                          run.failures, label)
        except Exception as e:  # noqa: BLE001 -- a server that fails is a figure, not a crash
            run.error = f"{type(e).__name__}: {str(e)[:300]}"
    if folder.exists():
        run.disk_bytes = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return run


def _median(values) -> float:
    values = [v for v in values if v is not None and v == v]   # NaN: refused
    return statistics.median(values) if values else float("nan")


def report(runs: list[StoreRun], embedded: StoreRun) -> None:
    """One table: the embedded store beside each server; then each
    question's and lookup's p50 side by side."""
    every = [embedded, *runs]
    print()
    print(f"stores side by side ({embedded.articles:,} articles; articles/s = extraction + load + resolution "
          f"+ listing index; p50 over the questions' and lookups' own p50s):")
    print(f"  {'store':<18} {'art/s':>7} {'load s':>8} {'resolve s':>10} {'quads':>11} {'same':>5} "
          f"{'question p50 ms':>16} {'REST p50 ms':>12} {'disk':>9}")
    for r in every:
        if r.error:
            print(f"  {r.name:<18} failed: {r.error}")
            continue
        disk = f"{r.disk_bytes / 2**20:,.0f} MiB" if r.disk_bytes else "-"
        q, rest = _median(r.competency.values()), _median(r.lookups.values())
        print(f"  {r.name:<18} {r.per_s:>7.1f} {r.load_s:>8.1f} {r.resolve_s:>10.1f} {r.quads:>11,} "
              f"{'yes' if r.same else 'NO':>5} {(f'{q:.1f}' if q == q else '-'):>16} "
              f"{(f'{rest:.1f}' if rest == rest else '-'):>12} {disk:>9}")
    ok = [r for r in every if not r.error and r.competency]
    for title, attr in (("competency question", "competency"), ("REST lookup", "lookups")):
        print()
        print(f"  {title + ' p50 ms':<44}" + "".join(f"{r.name:>18}" for r in ok))
        for label in getattr(embedded, attr):
            print(f"  {label[:44]:<44}" + "".join(f"{getattr(r, attr).get(label, float('nan')):>18.1f}" for r in ok))
    for r in ok:
        for label, why in r.failures.items():
            print(f"  {r.name} refused {label}: {why}")
