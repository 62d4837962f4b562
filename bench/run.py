"""partygraph at scale: extraction, loading, store size, memory, and query
latency against rdflib and raw pyoxigraph. Prints figures; asserts nothing.

    python bench/run.py --articles 1000 [--store-dir DIR] [--repeat R] [--workers W]
        [--cluster local|tcp://HOST:PORT] [--store oxigraph|virtuoso|URL ...]

Steps: generate N articles (bench/generate.py; reused when the work
folder already holds them); time extraction alone on a sample
(loaders.extract.extract_many, W processes) and the CPU of each load stage
per article (one process); load all N articles as `partygraph load
--workers W` does (graph.ingest.load_articles, then person resolution)
into an embedded Oxigraph store; then time every competency question
(graph/queries/*.rq) and every REST lookup (graph/lookups.py, called
in-process) R times. Side by side: the same competency questions on
rdflib's in-memory Dataset holding the same quads, and the raw pyoxigraph
query beneath each lookup (recorded by a store proxy, re-run directly on
pyoxigraph.Store). Goals (issue 9) are printed beside what was reached.
With --cluster (bench/cluster.py) the articles are loaded again with
their extraction on a Dask cluster; with --store (bench/stores.py) into
each SPARQL server named, timed side by side with the embedded store.
Last (bench/served.py): the real `partygraph serve` over the same store,
timed over HTTP -- REST lookups idle and while new articles are loaded
through it, every competency question through /sparql, and the write
path's cost per article. The bench closes its writer before anything
reads the store: no reader ever opens it beside a live writer.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import pyoxigraph as ox  # noqa: E402

from generate import generate  # noqa: E402
from cluster import cluster_phase  # noqa: E402
from cluster import report as cluster_report  # noqa: E402
from served import report as served_report  # noqa: E402
from served import served_phase  # noqa: E402
from stores import StoreRun, store_phase  # noqa: E402
from stores import report as stores_report  # noqa: E402
from timing import pct  # noqa: E402
from timing import term as nt_term  # noqa: E402
from partygraph.graph import queries  # noqa: E402
from partygraph.graph.ingest import LoadReport, ensure_vocabulary, load_articles  # noqa: E402
from partygraph.graph.inputs import expand_paths, read_all  # noqa: E402
from partygraph.graph.indexes import name_tokens  # noqa: E402
from partygraph.graph.sparql_query import declared  # noqa: E402
from partygraph.graph.listings import rebuild_listings  # noqa: E402
from partygraph.graph.register import register_quads  # noqa: E402
from partygraph.graph.resolve import default_mentions, resolve_store  # noqa: E402
from partygraph.graph.store import LocalStore  # noqa: E402
from partygraph.graph.validate import validate_article  # noqa: E402
from partygraph.loaders.article import read_article  # noqa: E402
from partygraph.loaders.extract import EXTRACTOR_VERSION, extract, extract_many  # noqa: E402
from partygraph.loaders.identity import article_iri  # noqa: E402
from partygraph.loaders.mapping import facts_to_quads  # noqa: E402

GIB = 1024 ** 3


# ------------------------------------------------------------------ helpers
def peak_rss() -> tuple[int, int]:
    """Peak resident set size of this process and of its (waited-for) children, bytes."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return me, kids


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def human(n: float, unit: str = "B") -> str:
    for prefix in ("", "Ki", "Mi", "Gi", "Ti"):
        if abs(n) < 1024 or prefix == "Ti":
            return f"{n:.1f} {prefix}{unit}" if prefix else f"{n:.0f} {unit}"
        n /= 1024
    return f"{n}"


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


@dataclass
class Row:
    what: str
    p50: float
    p95: float
    n: int
    other: float | None = None      # p50 of the comparison (rdflib, or raw pyoxigraph)
    rows: int | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.other / self.p50 if self.other and self.p50 and self.n else None


@dataclass
class Figures:
    n: int
    workers: int
    sample: int = 0                  # articles of the extraction-only run and the stage profile
    extract_s: float = 0.0           # extraction alone of `sample` articles, `workers` processes
    stage_ms: dict = field(default_factory=dict)   # CPU ms per article of each load stage, 1 process
    load_s: float = 0.0              # graph.ingest.load_articles of all n articles (wall)
    write_s: float = 0.0             # of which in the store's write transactions
    main_cpu_s: float = 0.0          # CPU of the writer process during the load
    workers_cpu_s: float = 0.0       # CPU of the worker processes during the load
    loaded: int = 0
    skipped: int = 0
    resolve_s: float = 0.0
    listings_s: float = 0.0          # graph.listings.rebuild_listings after resolution (as `partygraph load`)
    listed: dict = field(default_factory=dict)
    quads: int = 0
    quads_stored: int = 0            # quad_count() at the end: resolution and the index included
    facts: int = 0
    store_bytes: int = 0
    rss_after_load: tuple[int, int] = (0, 0)
    rss_end: tuple[int, int] = (0, 0)
    rdflib_load_s: float | None = None
    rdflib_quads: int | None = None
    competency: list[Row] = field(default_factory=list)
    lookups: list[Row] = field(default_factory=list)


# ----------------------------------------------------------------- phases
def corpus(n: int, workdir: Path, seed: int) -> list[Path]:
    folder = workdir / f"corpus-{n}-seed{seed}"
    done = folder / "DONE"
    if not done.exists():
        t = time.perf_counter()
        generate(n, folder, seed)
        done.write_text(str(n))
        print(f"generated {n} articles in {time.perf_counter() - t:.1f}s into {folder}", file=sys.stderr)
    return expand_paths([folder])


def extract_phase(files: list[Path], facts_path: Path, workers: int, fig: Figures) -> None:
    """Extraction alone (read + extract_many with `workers` processes) of
    the first `fig.sample` articles, facts streamed to a JSONL file (the
    lookups' sample values come from it)."""
    report = LoadReport()
    t = time.perf_counter()
    with facts_path.open("w", encoding="utf-8") as out:
        for facts in extract_many(read_all(files[:fig.sample], report), n_process=workers):
            out.write(json.dumps(facts, ensure_ascii=False) + "\n")
            fig.facts += sum(len(v) for k, v in facts.items() if isinstance(v, list) and k != "non_officials")
    fig.extract_s = time.perf_counter() - t
    if report.skipped:
        print(f"skipped {len(report.skipped)} articles: {report.skipped[:3]}", file=sys.stderr)


def stage_phase(files: list[Path], fig: Figures, count: int = 200) -> None:
    """CPU ms per article of each stage `partygraph load` runs, in this one
    process, on `count` articles (warmed up on a few first): where an
    article's time goes."""
    stages = ("read", "extract", "map", "register", "mentions", "name index", "validate", "serialize")
    total = dict.fromkeys(stages, 0.0)
    done = 0
    for i, f in enumerate(files[:count + 5]):
        clock = time.process_time
        t0 = clock()
        article = read_article(f)
        t1 = clock()
        facts = extract(article)
        t2 = clock()
        quads = facts_to_quads(article, facts, EXTRACTOR_VERSION)
        t3 = clock()
        quads += register_quads(quads)
        t4 = clock()
        quads += default_mentions(article_iri(article).value, quads)
        t5 = clock()
        quads += name_tokens(quads)
        t6 = clock()
        validate_article(quads)
        t7 = clock()
        ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        t8 = clock()
        if i < 5:
            continue   # warm-up: caches and lazily built vocabularies
        for name, a, b in zip(stages, (t0, t1, t2, t3, t4, t5, t6, t7), (t1, t2, t3, t4, t5, t6, t7, t8)):
            total[name] += b - a
        done += 1
    fig.stage_ms = {k: v / max(done, 1) * 1000 for k, v in total.items()}


def load_phase(files: list[Path], store: LocalStore, fig: Figures) -> None:
    """What `partygraph load --workers W` does, timed: graph.ingest.load_articles
    on every article (extraction and the per-article steps in W worker
    processes, batched write transactions here), then person resolution."""
    writes = store.write_articles

    def timed_write(graphs: list[str], nquads: bytes) -> None:
        t = time.perf_counter()
        try:
            writes(graphs, nquads)
        finally:
            fig.write_s += time.perf_counter() - t
    store.write_articles = timed_write   # an instance attribute: only this store is timed
    me0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = 0

    def progress(name: str) -> None:   # a long run says how far it is
        nonlocal done
        done += 1
        if done % 5000 == 0:
            el = time.perf_counter() - t
            print(f"  {done:,} articles loaded in {el:,.0f} s ({done / el:,.1f} articles/s), "
                  f"peak RSS {human(peak_rss()[0])}", file=sys.stderr, flush=True)
    report = load_articles(files, store, workers=fig.workers, on_article=progress)
    fig.load_s = time.perf_counter() - t
    me1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    fig.main_cpu_s = (me1.ru_utime + me1.ru_stime) - (me0.ru_utime + me0.ru_stime)
    fig.workers_cpu_s = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    del store.write_articles
    fig.loaded, fig.skipped, fig.quads = len(report.loaded), len(report.skipped), report.quads
    if report.skipped:
        print(f"skipped {len(report.skipped)} articles: {report.skipped[:3]}", file=sys.stderr)
    t = time.perf_counter()
    store.flush()
    fig.write_s += time.perf_counter() - t
    fig.load_s += time.perf_counter() - t
    t = time.perf_counter()
    resolve_store(store)
    store.flush()  # the timing children read the store from disk
    fig.resolve_s = time.perf_counter() - t
    # The listing index, as `partygraph load` rebuilds it last: the REST
    # lookups timed later read their unfiltered first pages from it.
    t = time.perf_counter()
    fig.listed = rebuild_listings(store)
    store.flush()
    fig.listings_s = time.perf_counter() - t
    fig.quads_stored = store.quad_count()
    print(f"  loaded {fig.loaded:,} articles, {fig.quads:,} quads in {fig.load_s:,.1f} s "
          f"({fig.loaded / fig.load_s:,.1f} articles/s; writes {fig.write_s:,.1f} s), resolution "
          f"{fig.resolve_s:,.1f} s, listing index {fig.listings_s:,.1f} s: extraction + load "
          f"{fig.n / (fig.load_s + fig.resolve_s + fig.listings_s):,.1f} articles/s; "
          f"peak RSS {human(peak_rss()[0])}", file=sys.stderr, flush=True)


def samples(facts_path: Path) -> dict[str, list[str]]:
    """What a user would look up: the most frequent and a median-frequency
    person, area, merged unit and document of the extracted facts."""
    counts: dict[str, Counter] = {k: Counter() for k in ("person", "area", "unit", "document")}
    with facts_path.open(encoding="utf-8") as f:
        for line in f:
            facts = json.loads(line)
            for h in facts.get("holds_post") or []:
                counts["person"][h["person"]] += 1
                if h.get("area"):
                    counts["area"][h["area"]] += 1
            for m in facts.get("merged_from") or []:
                counts["unit"][m["unit"]] += 1
            for d in facts.get("directives") or []:
                counts["document"][d["id"]] += 1
    out = {}
    for k, c in counts.items():
        ranked = [name for name, _ in c.most_common()]
        out[k] = [ranked[0], ranked[len(ranked) // 2]] if ranked else []
    return out


def _bind_vars(name: str) -> list[str]:
    """Variables a competency question declares it can be bound ('# @param ?unit iri ...')."""
    return [p.name for p in declared(queries.query_text(name))]


def _child(job: dict, timeout: float) -> dict | None:
    """bench/timing.py on one job; None when it is stopped after `timeout` s."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, str(ROOT / "bench" / "timing.py")], input=json.dumps(job),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"timing failed for {str(job)[:200]}: {done.stderr[-800:]}", file=sys.stderr)
        return {"times": [], "rows": 0, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


def competency_phase(store_dir: Path, repeat: int, fig: Figures,
                     timeout: float) -> list[tuple[str, str, dict]]:
    """Every competency question as written, and bound to a sample value when
    its title says it can be; returns the (label, sparql, bindings) run.
    Each is timed in a child process on a read-only handle of the store."""
    runs = []
    for name in queries.query_names():
        text = queries.query_text(name)
        runs.append((name, text, {}))
        for var in _bind_vars(name):
            sample = _child({"store": str(store_dir), "query": text, "sample_var": var}, timeout)
            value = (sample or {}).get("sample")
            if value:
                runs.append((f"{name} ?{var}=1", text, {var: value}))
    for label, text, bindings in runs:
        print(f"  {label}", file=sys.stderr)
        job = {"store": str(store_dir), "query": text, "repeat": repeat, "budget": timeout / 2,
               "bindings": bindings}
        answer = _child(job, timeout)
        if answer is None:
            fig.competency.append(Row(label, timeout * 1000, timeout * 1000, 0, note=f"stopped after {timeout:.0f} s"))
        elif not answer["times"]:
            fig.competency.append(Row(label, 0, 0, 0, note=f"failed: {answer.get('error')}"))
        else:
            t = answer["times"]
            fig.competency.append(Row(label, pct(t, .5), pct(t, .95), len(t), rows=answer["rows"]))
    return runs


def _in_child(fn: Callable[[], Any], timeout: float) -> Any:
    """fn() in a forked child (which shares the loaded rdflib graph), its
    result back through a pipe; None when it takes longer than `timeout`
    -- rdflib cannot be interrupted in-process."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:
        child.send(fn())

    proc = ctx.Process(target=target, daemon=True)
    proc.start()
    result = parent.recv() if parent.poll(timeout) else None
    proc.kill()
    proc.join()
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
        times = _in_child(lambda: timed(go, max(1, min(repeat, 5)), budget_s=timeout / 2), timeout)
        if times is None:  # rdflib did not finish: its time is at least the timeout
            by_label[label].other = timeout * 1000
            by_label[label].note = f"rdflib > {timeout:.0f} s (stopped)"
            continue
        by_label[label].other = pct(times, .5)
        if len(times) < min(repeat, 5):
            by_label[label].note = f"rdflib {len(times)} run(s)"


def lookup_cases(picks: dict[str, list[str]]) -> list[tuple[str, str, dict]]:
    """(label, graph.lookups function = REST route, arguments) of each REST lookup timed."""
    cases: list[tuple[str, str, dict]] = []
    for fn, arg, kind in (("officials", "name", "person"), ("posts", "area", "area"),
                          ("units", "name", "unit"), ("documents", "id", "document")):
        for which, value in zip(("top", "median"), picks.get(kind) or []):
            cases.append((f"{fn}({arg}={which}: {value[:22]})", fn, {arg: value}))
        cases.append((f"{fn}() first page", fn, {"limit": 20}))
    return cases


def lookup_phase(store_dir: Path, picks: dict[str, list[str]], repeat: int, fig: Figures,
                 timeout: float) -> None:
    """Each REST lookup in-process (in a child process, on a read-only
    handle), and the raw pyoxigraph queries it sends, recorded and re-run."""
    for label, fn, kwargs in lookup_cases(picks):
        print(f"  {label}", file=sys.stderr)
        answer = _child({"store": str(store_dir), "lookup": fn, "kwargs": kwargs, "repeat": repeat,
                         "budget": timeout / 3}, timeout)
        if answer is None:
            fig.lookups.append(Row(label, timeout * 1000, timeout * 1000, 0, note=f"stopped after {timeout:.0f} s"))
        elif not answer["times"]:
            fig.lookups.append(Row(label, 0, 0, 0, note=f"failed: {answer.get('error')}"))
        else:
            t, r = answer["times"], answer["raw_times"]
            fig.lookups.append(Row(label, pct(t, .5), pct(t, .95), len(t), other=pct(r, .5),
                                   rows=answer["rows"], note=f"raw p95 {pct(r, .95):.1f}"))


# ------------------------------------------------------------------ report
def report(fig: Figures, store_dir: Path) -> None:
    n = fig.n
    rss_load = max(fig.rss_after_load)
    total = fig.load_s + fig.resolve_s + fig.listings_s
    print()
    print(f"partygraph benchmark: {n:,} articles, {fig.workers} worker(s), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}, store {store_dir}")
    print("=" * 100)
    print(f"{'stage':<24}{'seconds':>10}{'articles/s':>13}   notes")
    print("-" * 100)
    rows = [("extraction alone", fig.extract_s, fig.sample,
             f"first {fig.sample:,} articles, {fig.workers} process(es), {fig.facts:,} facts"),
            ("load (partygraph load)", fig.load_s, n,
             f"graph.ingest.load_articles: {fig.loaded:,} loaded, {fig.skipped} skipped; CPU "
             f"{fig.main_cpu_s / max(n, 1) * 1000:.1f} ms/article writer, "
             f"{fig.workers_cpu_s / max(n, 1) * 1000:.1f} ms/article workers"),
            ("  of which writes", fig.write_s, n,
             f"{fig.quads / fig.write_s:,.0f} quads/s in write transactions" if fig.write_s else ""),
            ("person resolution", fig.resolve_s, n, "graph.resolve.resolve_store, once after the load"),
            ("listing index", fig.listings_s, n,
             "graph.listings.rebuild_listings, once after resolution: "
             + ", ".join(f"{v:,} {k}" for k, v in fig.listed.items()))]
    for name, t, count, note in rows:
        print(f"{name:<24}{t:>10.1f}{(count / t if t else float('inf')):>13,.1f}   {note}")
    print(f"{'extraction + load':<24}{total:>10.1f}{n / total:>13,.1f}   goal >= 100 articles/s: "
          + ("met" if n / total >= 100 else "MISSED"))
    if fig.stage_ms:
        print()
        print("CPU per article, one process: "
              + ", ".join(f"{k} {v:.1f} ms" for k, v in fig.stage_ms.items())
              + f"; sum {sum(fig.stage_ms.values()):.1f} ms")
    print()
    lines = [
        ("load quads/s", f"{fig.quads / fig.write_s:,.0f}" if fig.write_s else "-",
         f"{fig.quads:,} quads written ({fig.quads / max(n, 1):.0f} per article), batches of articles per transaction"),
        ("store size on disk", human(fig.store_bytes), f"{fig.store_bytes / max(fig.quads, 1):.0f} bytes per quad written"),
        ("peak RSS (load)", human(fig.rss_after_load[0]),
         f"extraction workers {human(fig.rss_after_load[1])}; goal < 4 GiB at 100k: "
         + ("met" if rss_load < 4 * GIB else "MISSED")),
        ("peak RSS (whole run)", human(fig.rss_end[0]), "includes rdflib" if fig.rdflib_load_s else ""),
    ]
    if fig.rdflib_load_s is not None:
        lines.append(("rdflib Dataset load", f"{fig.rdflib_quads / fig.rdflib_load_s:,.0f} quads/s",
                      f"{fig.rdflib_load_s:,.1f} s, {fig.rdflib_quads:,} quads"))
    for a, b, c in lines:
        print(f"{a:<24}{b:>23}   {c}")
    print()
    print(f"{'competency question':<40}{'rows':>8}{'p50 ms':>10}{'p95 ms':>10}{'rdflib p50':>12}{'ratio':>9}  goal >= 20x")
    print("-" * 100)
    for r in fig.competency:
        ratio = r.ratio
        verdict = "" if ratio is None else ("met" if ratio >= 20 else "MISSED")
        print(f"{r.what:<40}{r.rows or 0:>8,}{r.p50:>10.2f}{r.p95:>10.2f}"
              f"{(f'{r.other:.1f}' if r.other else '-'):>12}{(f'{ratio:.0f}x' if ratio else '-'):>9}  {verdict} {r.note}")
    report_lookups(fig)


def report_lookups(fig: Figures) -> None:
    print()
    print(f"{'REST lookup (in-process)':<46}{'rows':>7}{'p50 ms':>9}{'p95 ms':>9}{'raw ox p50':>11}{'ratio':>7}  goals: <= 2x raw, p95 < 50 ms")
    print("-" * 100)
    for r in fig.lookups:
        ratio = r.p50 / r.other if r.other else None
        verdict = ("met" if ratio is not None and ratio <= 2 else "MISSED") + "/" + ("met" if r.p95 < 50 else "MISSED")
        print(f"{r.what:<46}{r.rows or 0:>7,}{r.p50:>9.2f}{r.p95:>9.2f}{(r.other or 0):>11.2f}"
              f"{(f'{ratio:.2f}x' if ratio else '-'):>7}  {verdict} ({r.note})")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, required=True)
    ap.add_argument("--store-dir", type=Path, help="where the store goes (default: a temporary folder)")
    ap.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "partygraph-bench",
                    help="generated corpora and facts (reused between runs)")
    ap.add_argument("--repeat", "-r", type=int, default=5)
    ap.add_argument("--workers", "-w", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--extract-sample", type=int, default=2000,
                    help="time extraction alone on the first K articles (the load times all of them)")
    ap.add_argument("--served-articles", type=int, default=100,
                    help="new articles loaded through `partygraph serve` to time its write path "
                         "(0: time the served reads only)")
    ap.add_argument("--no-served", action="store_true", help="skip the served path (partygraph serve)")
    ap.add_argument("--store", action="append", default=[], metavar="oxigraph|virtuoso|URL",
                    help="also load the articles into this SPARQL server and time the same questions and "
                         "lookups there, side by side with the embedded store (repeat for more; oxigraph and "
                         "virtuoso start one here; a URL is written into as it is)")
    ap.add_argument("--remote", action="store_true", help="the same as --store oxigraph")
    ap.add_argument("--query-timeout", type=float, default=30.0,
                    help="seconds the timing of one query or lookup may take before it is stopped")
    ap.add_argument("--rdflib-timeout", type=float, default=30.0,
                    help="seconds one rdflib query may take before it is stopped (reported as a lower bound)")
    ap.add_argument("--rdflib-max-quads", type=int, default=3_000_000,
                    help="skip rdflib above this many quads (it needs ~1 KiB of RAM per quad)")
    ap.add_argument("--cluster", metavar="local|tcp://HOST:PORT",
                    help="also load the articles through a Dask cluster (`local`: a LocalCluster of --workers "
                         "processes) into a fresh store, timed beside the local load")
    ap.add_argument("--lookups-only", action="store_true",
                    help="time the REST lookups alone on the store --store-dir holds, loaded by an earlier run "
                         "with the same --articles, --seed and --work-dir")
    args = ap.parse_args()

    args.work_dir.mkdir(parents=True, exist_ok=True)
    if args.lookups_only:
        facts_path = args.work_dir / f"facts-{args.articles}-seed{args.seed}.jsonl"
        if not args.store_dir or not args.store_dir.is_dir() or not facts_path.exists():
            sys.exit("--lookups-only needs --store-dir of an earlier run's store and its facts in --work-dir")
        fig = Figures(n=args.articles, workers=args.workers, sample=0)
        print("timing REST lookups ...", file=sys.stderr)
        lookup_phase(args.store_dir, samples(facts_path), args.repeat, fig, args.query_timeout)
        print(f"partygraph REST lookups: {args.articles:,} articles, store {args.store_dir}, "
              f"load average {os.getloadavg()[0]:.1f}")
        report_lookups(fig)
        return
    files = corpus(args.articles, args.work_dir, args.seed)
    store_dir = args.store_dir or Path(tempfile.mkdtemp(prefix="store-", dir=args.work_dir))
    if store_dir.exists() and any(store_dir.iterdir()):
        sys.exit(f"{store_dir} is not empty: the benchmark loads into a fresh store")
    fig = Figures(n=len(files), workers=args.workers, sample=min(len(files), args.extract_sample))
    facts_path = args.work_dir / f"facts-{args.articles}-seed{args.seed}.jsonl"

    print(f"extracting {fig.sample:,} articles with {args.workers} worker(s) ...", file=sys.stderr)
    extract_phase(files, facts_path, args.workers, fig)
    print("CPU per article of each load stage ...", file=sys.stderr)
    stage_phase(files, fig)
    print(f"loading {len(files):,} articles into {store_dir} ...", file=sys.stderr)
    store = LocalStore(store_dir)
    ensure_vocabulary(store)
    load_phase(files, store, fig)
    # The writer lets go of the store before anything reads it: the timing
    # children open it read-only, never beside a live writer (graph/owner.py).
    store.close()
    fig.store_bytes = dir_size(store_dir)
    fig.rss_after_load = peak_rss()

    print("timing competency questions ...", file=sys.stderr)
    runs = competency_phase(store_dir, args.repeat, fig, args.query_timeout)
    print("timing REST lookups ...", file=sys.stderr)
    picks = samples(facts_path)
    lookup_phase(store_dir, picks, args.repeat, fig, args.query_timeout)
    cluster_run = None
    if args.cluster:
        print(f"loading the articles again through a Dask cluster ({args.cluster}) ...", file=sys.stderr)
        store = LocalStore(store_dir, read_only=True)
        cluster_run = cluster_phase(files, args.cluster, args.workers, args.work_dir, store, fig.quads)
        store.close()
    if args.remote and "oxigraph" not in args.store:
        args.store.append("oxigraph")
    store_runs = []
    for target in args.store:
        print(f"loading the articles into {target} and timing it ...", file=sys.stderr)
        store_runs.append(store_phase(target, files, runs, lookup_cases(picks), args.repeat, args.workers,
                                      args.work_dir, args.query_timeout, store_dir))
    print("loading rdflib and timing the same questions ...", file=sys.stderr)
    store = LocalStore(store_dir, read_only=True)
    rdflib_phase(store, runs, args.repeat, fig, args.rdflib_max_quads, args.rdflib_timeout)
    store.close()
    served = None
    if not args.no_served:
        print("serving the store (partygraph serve) and timing it over HTTP ...", file=sys.stderr)
        served = served_phase(store_dir, lookup_cases(picks), runs, args.repeat, args.query_timeout,
                              args.work_dir, args.served_articles, args.seed, args.workers)
    fig.rss_end = peak_rss()
    report(fig, store_dir)
    if cluster_run is not None:
        cluster_report(cluster_run, fig.load_s, fig.workers)
    if store_runs:
        embedded = StoreRun("embedded", str(store_dir), fig.loaded, fig.load_s, fig.resolve_s + fig.listings_s,
                            fig.quads_stored, True, fig.store_bytes,
                            {r.what: r.p50 for r in fig.competency if r.n},
                            {r.what: r.p50 for r in fig.lookups if r.n})
        if cluster_run is not None:
            # the same store, its extraction on the cluster: its row times the load (resolution
            # and the index are the embedded store's own work, counted as there); with the same
            # graphs and written quads as the local load, it resolves to the same quads
            store_runs.insert(0, StoreRun("embedded via Dask", "", cluster_run.articles, cluster_run.load_s,
                                          embedded.resolve_s, fig.quads_stored if cluster_run.same_as_local else 0,
                                          cluster_run.same_as_local))
        stores_report(store_runs, embedded)
    if served is not None:
        local = (fig.load_s + fig.resolve_s + fig.listings_s) / max(fig.n, 1) * 1000
        served_report(served, {r.what: (r.p50, r.p95) for r in fig.lookups}, local)


if __name__ == "__main__":
    main()
