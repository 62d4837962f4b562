"""The store a server owns and keeps writing while it answers.

`partygraph serve` is the one owner of its store directory (graph/owner.py):
it holds the store open for writing, its REST lookups, exports and page
read that open store (each query sees a consistent state, and every write
as soon as it is made), and loads come to it over HTTP (api/write_routes.py)
and are written here, one batch at a time, as `partygraph load` writes
them locally (graph/ingest.py), then resolved and indexed as after a local
load.

SPARQL from the public endpoint runs in the sandboxed worker processes of
api/query_pool.py, which are killed at their time limit and so cannot hold
the store itself: they read snapshots (graph/snapshots.py). A new snapshot
is published when a load finishes, and during a long load at most every
PUBLISH_EVERY seconds, between two batches (never one half-written).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from partygraph.graph.ingest import EntityLines, LoadReport, Prepared, ensure_vocabulary, write_prepared
from partygraph.graph.load_workflow import after_load
from partygraph.graph.snapshots import Snapshots
from partygraph.graph.store import LocalStore, StoreError, check_graphs
from partygraph.loaders.identity import article_iri

from .query_pool import QueryPool

PUBLISH_EVERY = 2.0   # seconds between snapshots while a load goes on


@dataclass
class Finished:
    graphs: int
    people: int | None = None
    mentions: int | None = None


class LiveStore:
    """One server's store: written under one lock, read by everyone."""

    def __init__(self, location: str, pool_size: int, query_timeout: float, memory_mib: int):
        self.store = LocalStore(location)   # StoreBusy when another process owns it
        try:
            self.snapshots = Snapshots(self.store)
            first = self.snapshots.take()
        except BaseException:
            self.store.close()
            raise
        self.pool = QueryPool(first, size=pool_size, timeout=query_timeout, memory_mib=memory_mib,
                              retire=self.snapshots.remove, store_location=location)
        self._write = threading.Lock()
        self._published = time.monotonic()
        self._graphs: set[str] | None = None
        self._dirty = False   # written since the last resolution
        self._closed = False
        self.token_file: Path | None = None   # the write token left for the store's user, removed on close
        self._entities = EntityLines()   # entity quads already written (the entities graph only grows)

    # -- reads
    def graphs(self) -> set[str]:
        """The data's named graphs, cached until the next write."""
        graphs = self._graphs
        if graphs is None:
            graphs = self._graphs = set(self.store.graphs())
        return graphs

    # -- writes
    def write(self, batch: list[Prepared]) -> LoadReport:
        """Write prepared articles as a local load does; each is checked
        first to hold quads of its own graph and the entities graph only."""
        report = LoadReport()
        accepted = []
        for prepared in batch:
            try:
                _check(prepared)
            except (StoreError, SyntaxError, ValueError) as e:
                report.skipped.append((prepared.shown_as, f"refused by the server: {e}"))
                continue
            accepted.append(prepared)
        with self._write:
            self._open()
            write_prepared(self.store, accepted, report, written=self._entities)
            # kept current here, not re-read later on the event loop (/health)
            loaded = set(report.loaded)
            self._graphs = self.graphs() | {article_iri(p.id).value for p in accepted if p.shown_as in loaded}
            self._dirty = self._dirty or bool(report.loaded)
            if time.monotonic() - self._published >= PUBLISH_EVERY:
                self._publish()
        return report

    def finish(self, resolve: bool = True) -> Finished:
        """After a load: resolve people across articles, rebuild the listing
        index, and let SPARQL see it all."""
        with self._write:
            self._open()
            done = Finished(graphs=0)
            ensure_vocabulary(self.store)   # as every local load does
            # then the steps after a local load's writes (graph/load_workflow.py)
            resolution = after_load(self.store, resolve=resolve and self._dirty).resolution
            if resolution is not None:
                done.people, done.mentions = resolution.people, resolution.mentions
                self._dirty = False
            self._graphs = set(self.store.graphs())
            self._publish()
            done.graphs = len(self._graphs)
            return done

    def _open(self) -> None:
        if self._closed:
            raise StoreError("the server is shutting down: load again once it is back")

    def _publish(self) -> None:
        self.pool.publish(self.snapshots.take())
        self._published = time.monotonic()

    def close(self) -> None:
        """Stop the query workers, drop the snapshots, give up the store (once)."""
        if self._closed:
            return
        self._closed = True
        self.pool.close()
        with self._write:   # a write in progress ends first
            self.snapshots.close()
            if self.token_file is not None:
                self.token_file.unlink(missing_ok=True)
            self.store.close()


def _check(prepared: Prepared) -> None:
    """The article's quads parse and lie in its own graph or the entities graph."""
    graph = article_iri(prepared.id).value
    check_graphs(graph, list(ox.parse(prepared.nquads + prepared.entities, format=ox.RdfFormat.N_QUADS)))
