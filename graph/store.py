"""The quad store behind partygraph: an embedded Oxigraph store on disk
(the default), in memory (tests), or -- see graph/remote.py -- a SPARQL 1.1
server reached over HTTP.

Every article lives in its own named graph; loading replaces that graph,
so loading twice changes nothing. Queries see the union of all graphs as
their default graph.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Protocol, Union

import pyoxigraph as ox

from partygraph.ontology import ENTITIES_GRAPH, PG

from .errors import QueryError, StoreBusy, StoreError
from .owner import StoreLock

# In the store's folder while write_articles bulk-loads: the graphs being written.
JOURNAL = "partygraph-writing"

# The derived listing index (graph/listings.py): the ranked order of every
# person, unit and document, read one bucket at a time by the unfiltered
# REST listings. It is trusted only while its marker quad is present, so
# every write below removes the marker first: a write can never leave a
# stale index that lookups would believe (they fall back to sorting).
LISTINGS_GRAPH = "https://w3id.org/partygraph/graph/listings"
LISTINGS_MARKER = ox.Quad(ox.NamedNode(LISTINGS_GRAPH),
                          ox.NamedNode(PG + "listingsComplete"),
                          ox.Literal(True), ox.NamedNode(LISTINGS_GRAPH))

Term = Union[ox.NamedNode, ox.Literal, ox.BlankNode]
Result = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]


class GraphStore(Protocol):
    location: str

    def replace_graph(self, graph: str, quads: list[ox.Quad]) -> None: ...
    def remove_graph(self, graph: str) -> None: ...
    def query(self, sparql: str, substitutions: dict[str, Term] | None = None) -> Result: ...
    def quad_count(self) -> int: ...
    def graphs(self) -> list[str]: ...
    def write_listings(self, quads: list[ox.Quad]) -> None: ...
    def close(self) -> None: ...


def check_graphs(graph: str, quads: list[ox.Quad]) -> None:
    """An article load may write its own graph and the shared entities graph, nothing else."""
    allowed = {graph, ENTITIES_GRAPH}
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value not in allowed:
            raise StoreError(f"quad outside graph {graph}: {q}")


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
        self._invalidate_listings()
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
        self._invalidate_listings()
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
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def remove_graph(self, graph: str) -> None:
        g = ox.NamedNode(graph)
        self._invalidate_listings()
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
            self._invalidate_listings()
            self._store.update(" ;\n".join(parts))
        return True

    def _invalidate_listings(self) -> None:
        """Remove the listing index's marker (one quad, its own transaction,
        committed before the write that follows): from now on lookups sort
        as they did without an index, until `write_listings` rebuilds it."""
        self._store.remove(LISTINGS_MARKER)

    def write_listings(self, quads: list[ox.Quad]) -> None:
        """Replace the listing index with `quads` (all in LISTINGS_GRAPH, the
        marker among them). The entries go in with the bulk loader (not
        atomic, but the old graph -- marker included -- is removed first and
        the marker is added alone, last): a reader or a crash in between
        finds no marker, never a half-written index it would trust."""
        g = ox.NamedNode(LISTINGS_GRAPH)
        if any(q.graph_name != g for q in quads):
            raise StoreError(f"listing index quads outside {LISTINGS_GRAPH}")
        self._invalidate_listings()
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)
        self._store.bulk_extend(q for q in quads if q != LISTINGS_MARKER)
        if LISTINGS_MARKER in quads:
            self._store.add(LISTINGS_MARKER)

    def query(self, sparql: str, substitutions: dict[str, Term] | None = None,
              dataset: tuple[list[str], list[str]] | None = None, base_iri: str | None = None) -> Result:
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

    def quad_count(self) -> int:
        """Quads of the data: the listing index is derived, not counted."""
        listings = sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(LISTINGS_GRAPH)))
        return len(self._store) - listings

    def graphs(self) -> list[str]:
        """The named graphs of the data (articles, entities, vocabulary), not the derived listing index."""
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and g.value != LISTINGS_GRAPH)

    def quads(self) -> Iterable[ox.Quad]:
        """Every quad of the data, not those of the derived listing index."""
        listings = ox.NamedNode(LISTINGS_GRAPH)
        return (q for q in self._store.quads_for_pattern(None, None, None, None) if q.graph_name != listings)

    def flush(self) -> None:
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


__all__ = ["GraphStore", "LocalStore", "QueryError", "StoreBusy", "StoreError", "open_store"]


def open_store(location: str | Path | None, read_only: bool = False,
               remote: dict[str, str | None] | None = None) -> GraphStore:
    """A directory (created if missing) or, for `http(s)://` locations, a
    remote SPARQL 1.1 server; `remote` gives its profile and endpoints
    (server=, update_url=, graph_store_url=: graph/remote.RemoteStore)."""
    loc = str(location) if location is not None else None
    if loc and loc.startswith(("http://", "https://")):
        from .remote import RemoteStore
        return RemoteStore(loc, **(remote or {}))
    return LocalStore(loc, read_only=read_only)
