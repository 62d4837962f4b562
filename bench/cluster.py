"""The load through a Dask cluster (`partygraph load --cluster`), timed
beside the local load of bench/run.py: the same articles into a fresh
store, extraction on the cluster's workers, one writer here. `local`
starts a distributed.LocalCluster of `workers` processes (one thread
each) on this machine; an address uses that cluster as it is.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from partygraph.graph.load_workflow import load_and_resolve
from partygraph.graph.store import LocalStore


@dataclass
class ClusterRun:
    where: str            # "LocalCluster, 2 worker processes" or the scheduler's address
    articles: int
    load_s: float         # the load step through the cluster (extraction + writes, flushed), wall
    quads: int
    same_as_local: bool   # the same graphs as the local load's store, and as many quads written


def cluster_phase(files: list[Path], cluster: str, workers: int, work: Path,
                  local_store: LocalStore, local_quads: int) -> ClusterRun:
    if cluster == "local":
        from distributed import LocalCluster

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as c:
            return _timed(files, c.scheduler_address, f"LocalCluster, {workers} worker processes", work,
                          local_store, local_quads)
    return _timed(files, cluster, cluster, work, local_store, local_quads)


def _timed(files: list[Path], address: str, where: str, work: Path, local_store: LocalStore,
           local_quads: int) -> ClusterRun:
    store = LocalStore(tempfile.mkdtemp(prefix="cluster-store-", dir=work))
    # the load step alone: resolution and the index are the local store's own work
    done = load_and_resolve(files, store, cluster=address, resolve=False, listings=False)
    report, load_s = done.report, done.seconds["load"]
    # The local store was resolved after its load (which rewrites articles
    # whose names split): compare its graphs and the quads its load wrote.
    same = store.graphs() == local_store.graphs() and report.quads == local_quads
    run = ClusterRun(where, len(report.loaded), load_s, report.quads, same)
    store.close()
    return run


def report(run: ClusterRun, local_load_s: float, local_workers: int) -> None:
    print()
    print(f"load through a Dask cluster ({run.where}): {run.articles:,} articles in {run.load_s:.1f} s, "
          f"{run.articles / run.load_s:,.1f} articles/s (--workers {local_workers}: "
          f"{run.articles / local_load_s:,.1f} articles/s); {run.quads:,} quads; "
          f"same graphs as the local load: {'yes' if run.same_as_local else 'NO'}")
