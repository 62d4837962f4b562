"""The embedded quad store: a pyoxigraph.Store on disk (the default) or in
memory (tests), implementing the GraphStore protocol
(graph/store_protocol.py); graph/remote.py implements it over HTTP and
graph/stores.py opens either.

The protocol's names are importable from here too, as callers have
always imported them.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .errors import QueryError, StoreBusy, StoreError
from .owner import StoreLock
from .store_protocol import (Dataset, DerivedGraph, GraphStore, Result, Term, check_derived, check_graphs,
                             derived_graphs)

# In the store's folder while write_articles bulk-loads: the graphs being written.
JOURNAL = "partygraph-writing"


class LocalStore:
    """pyoxigraph.Store on disk (or in memory when `path` is None)."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.location = str(path) if path else ":memory:"
        self.lock: StoreLock | None = None
        try:
            if path is None:
                self._store = ox.Store()
            else:
                if not read_only:
                    Path(path).mkdir(parents=True, exist_ok=True)
                # graph/owner.py: never beside a live writer, whoever opens it
                self.lock = StoreLock.acquire(path, exclusive=not read_only)
                self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except StoreBusy:
            raise
        except (OSError, RuntimeError) as e:   # RuntimeError: RocksDB on a half-created or foreign directory
            if self.lock is not None:
                self.lock.release()
            raise StoreError(f"cannot open the store at {path}: {e}") from None
        self.read_only = read_only
        if path is not None and not read_only:
            self._recover()

    def replace_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """Replace one article's graph (quads in the shared entities graph are
        added beside it). `remove_graph` and `extend` are each atomic, so a
        crash between them leaves the article absent (reloading completes
        it), never half-written."""
        g = ox.NamedNode(graph)
        check_graphs(graph, quads)
        self._invalidate_derived()
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)
        self._store.extend(quads)

    def write_articles(self, graphs: list[str], nquads: bytes) -> None:
        """Replace several article graphs at once: each that exists is removed
        (each removal atomic), then the quads of all of them -- N-Quads, in
        those graphs and the entities graph, as graph.ingest.prepare checks
        -- are written by Oxigraph's bulk loader, 3x faster than a
        transaction (which reads back every quad it adds) but not atomic.
        So the graphs being written are first named in a journal file in
        the store's folder, removed once the load is durable: a writer that
        dies in between leaves the journal, and the next open for writing
        removes those graphs -- every article whole or absent."""
        self._invalidate_derived()
        for graph in graphs:
            g = ox.NamedNode(graph)
            if self._store.contains_named_graph(g):
                self._store.remove_graph(g)
        if not nquads:
            return
        if self.location == ":memory:":   # nothing survives a crash: no journal needed
            self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
            return
        journal = Path(self.location) / JOURNAL
        with open(journal, "w", encoding="utf-8") as f:
            f.write("\n".join(graphs) + "\n")
            f.flush()
            os.fsync(f.fileno())
        self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)   # durable when it returns (ingested files)
        journal.unlink()

    def _recover(self) -> None:
        """Remove the graphs an interrupted `write_articles` was writing
        (they may be half-written); reloading the articles restores them."""
        journal = Path(self.location) / JOURNAL
        if not journal.exists():
            return
        for graph in journal.read_text(encoding="utf-8").split():
            self.remove_graph(graph)
        self._store.flush()
        journal.unlink()

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph is in the store (removing a graph removes its name too)."""
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def remove_graph(self, graph: str) -> None:
        g = ox.NamedNode(graph)
        self._invalidate_derived()
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)

    def change_graph(self, graph: str, remove: list[ox.Quad], add: list[ox.Quad]) -> bool:
        """Remove some quads of one article's graph and add others (there or
        in the entities graph) in one transaction (one SPARQL update): a
        small change does not rewrite the whole graph. False, with nothing
        done, when a blank node makes it impossible (use `replace_graph`)."""
        check_graphs(graph, remove)
        check_graphs(graph, add)
        if any(isinstance(t, ox.BlankNode) for q in remove + add for t in (q.subject, q.object)):
            return False

        def data(quads: list[ox.Quad]) -> str:
            by_graph: dict[str, list[str]] = {}
            for q in quads:
                by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
            return " ".join(f"GRAPH {g} {{ {' '.join(ts)} }}" for g, ts in by_graph.items())

        parts = []
        if remove:
            parts.append(f"DELETE DATA {{ {data(remove)} }}")
        if add:
            parts.append(f"INSERT DATA {{ {data(add)} }}")
        if parts:
            self._invalidate_derived()
            self._store.update(" ;\n".join(parts))
        return True

    def _invalidate_derived(self) -> None:
        """Remove each derived graph's marker (one quad each, its own
        transaction, committed before the write that follows): from now on
        its readers find no valid view (lookups sort as without the listing
        index) until `write_derived` rebuilds it."""
        for view in derived_graphs():
            self._store.remove(view.marker)

    def write_derived(self, view: DerivedGraph, quads: list[ox.Quad]) -> None:
        """Replace a derived graph with `quads`. They go in with the bulk
        loader (not atomic, but the old graph -- marker included -- is
        removed first and the marker is added alone, last): a reader or a
        crash in between finds no marker, never a half-written view it
        would trust. (Other derived graphs stay: the data has not changed.)"""
        check_derived(view, quads)
        g = ox.NamedNode(view.graph)
        self._store.remove(view.marker)
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)
        self._store.bulk_extend(q for q in quads if q != view.marker)
        if view.marker in quads:
            self._store.add(view.marker)

    def query(self, sparql: str, substitutions: dict[str, Term] | None = None,
              dataset: Dataset | None = None, base_iri: str | None = None) -> Result:
        """`dataset` (default graphs, named graphs) replaces the union default
        graph and any FROM of the query, as the SPARQL Protocol's
        default-graph-uri / named-graph-uri do; `base_iri` resolves relative
        IRIs (an endpoint's own URL)."""
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        graphs = {}
        if dataset is not None:
            graphs = {"default_graph": [ox.NamedNode(g) for g in dataset[0]],
                      "named_graphs": [ox.NamedNode(g) for g in dataset[1]]}
        try:
            return self._store.query(sparql, use_default_graph_as_union=dataset is None,
                                     substitutions=subs or None, base_iri=base_iri, **graphs)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from None
        except RuntimeError as e:   # a bound variable the SELECT does not name
            if substitutions and "projection" in str(e):
                raise QueryError(f"cannot bind it: {e} (only variables the SELECT names can be bound)") from None
            raise

    def _derived_quads(self) -> int:
        return sum(1 for view in derived_graphs()
                   for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(view.graph)))

    def quad_count(self) -> int:
        """Quads of the data: derived graphs (the listing index) are not counted."""
        return len(self._store) - self._derived_quads()

    def graphs(self) -> list[str]:
        """The named graphs of the data (articles, entities, vocabulary), not the derived ones."""
        derived = {view.graph for view in derived_graphs()}
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value not in derived)

    def quads(self) -> Iterable[ox.Quad]:
        """Every quad of the data, not those of the derived graphs."""
        derived = {ox.NamedNode(view.graph) for view in derived_graphs()}
        return (q for q in self._store.quads_for_pattern(None, None, None, None) if q.graph_name not in derived)

    def flush(self) -> None:
        """RocksDB's write buffers written out (they otherwise grow with every
        write); a read-only store has none."""
        if not self.read_only:
            self._store.flush()

    def backup(self, target: str | Path) -> None:
        """A consistent copy of the store as it is now, in `target` (which must
        not exist): hard links to RocksDB's immutable files where it can, so
        cheap. Nobody writes a backup: readers may open it beside the
        writer of the original (api/server.py's snapshots)."""
        self._store.flush()
        self._store.backup(str(target))

    def close(self) -> None:
        if self._store is not None:
            if not self.read_only and self.location != ":memory:":
                self._store.flush()
            self._store = None  # RocksDB closes when the last reference goes
        if self.lock is not None:
            # pyoxigraph closes RocksDB when its Store is collected: make sure
            # that happened before another process may take the store
            import gc

            gc.collect()
            self.lock.release()
            self.lock = None


__all__ = ["DerivedGraph", "GraphStore", "JOURNAL", "LocalStore", "QueryError", "Result", "StoreBusy",
           "StoreError", "Term", "check_graphs"]
