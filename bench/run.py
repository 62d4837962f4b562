"""partygraph at scale: extraction, loading, store size, memory, and query
latency against rdflib and raw pyoxigraph. Prints figures; asserts nothing.

    python bench/run.py --articles 1000 [--store-dir DIR] [--repeat R] [--workers W]
        [--cluster local|tcp://HOST:PORT] [--store oxigraph|virtuoso|URL ...]

Steps: generate N articles (bench/generate.py; reused when the work
folder already holds them); time extraction alone on a sample
(loaders.extract.extract_many, W processes) and the CPU of each load stage
per article (one process); load all N articles as `partygraph load
--workers W` does (graph.load_workflow.load_and_resolve: the articles,
person resolution, the listing index) into an embedded Oxigraph store,
timed by its steps; then time every competency question
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

The phases are modules of their own: bench/load_phases.py,
bench/question_phases.py, bench/rdflib_phase.py, and the tables
bench/tables.py prints.
"""
from __future__ import annotations
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from cluster import cluster_phase  # noqa: E402
from cluster import report as cluster_report  # noqa: E402
from figures import Figures, dir_size, peak_rss  # noqa: E402
from load_phases import corpus, extract_phase, load_phase, stage_phase  # noqa: E402
from question_phases import competency_phase, lookup_cases, lookup_phase, samples  # noqa: E402
from rdflib_phase import rdflib_phase  # noqa: E402
from served import report as served_report  # noqa: E402
from served import served_phase  # noqa: E402
from stores import StoreRun, store_phase  # noqa: E402
from stores import report as stores_report  # noqa: E402
from tables import report, report_lookups  # noqa: E402
from partygraph.graph.store import LocalStore  # noqa: E402


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
