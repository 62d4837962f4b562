"""What every quad store of partygraph offers: the embedded Oxigraph store
(graph/store.py, LocalStore) and a SPARQL 1.1 server (graph/remote.py,
RemoteStore) implement each operation below, so callers call them
directly, whichever store they were given (graph/stores.py opens one).

Every article lives in its own named graph; loading replaces that graph,
so loading twice changes nothing. Queries see the union of all graphs as
their default graph.

A derived graph (an index computed from the data, e.g. graph/listings.py)
is declared here by the module that owns it; the stores know such graphs
only as `DerivedGraph`s, never which index one is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Union

import pyoxigraph as ox

from partygraph.ontology import ENTITIES_GRAPH

from .errors import StoreError

Term = Union[ox.NamedNode, ox.Literal, ox.BlankNode]
Result = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]
Dataset = tuple[list[str], list[str]]   # (default graphs, named graphs)


@dataclass(frozen=True)
class DerivedGraph:
    """A named graph computed from the data, not part of it: trusted only
    while its `marker` quad (in `graph`) is present. Stores leave it out
    of `graphs`, `quad_count` and `quads`, and remove the marker before
    every write, so that a write can never leave a stale view that its
    readers would believe; its owner rebuilds it with `write_derived`."""
    graph: str
    marker: ox.Quad


_DERIVED: dict[str, DerivedGraph] = {}


def declare_derived(view: DerivedGraph) -> DerivedGraph:
    """Declare `view` derived from the data of every store of this process
    (its module does so when imported: graph/stores.py imports them all).
    Process-wide rather than per store, so that a store opened anywhere,
    however it was opened, keeps the view out of its counts and drops it
    when written."""
    if view.marker.graph_name != ox.NamedNode(view.graph):
        raise ValueError(f"the marker of {view.graph} must lie in that graph")
    _DERIVED[view.graph] = view
    return view


def derived_graphs() -> tuple[DerivedGraph, ...]:
    """The derived graphs declared so far."""
    return tuple(_DERIVED.values())


def check_graphs(graph: str, quads: Iterable[ox.Quad]) -> None:
    """An article load may write its own graph and the shared entities graph, nothing else."""
    allowed = {graph, ENTITIES_GRAPH}
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode) or q.graph_name.value not in allowed:
            raise StoreError(f"quad outside graph {graph}: {q}")


def check_derived(view: DerivedGraph, quads: Iterable[ox.Quad]) -> None:
    """A derived graph's rebuild writes its own graph only, and only a
    declared one (whose later writes would otherwise not drop it)."""
    if _DERIVED.get(view.graph) != view:
        raise StoreError(f"{view.graph} is not declared derived (store_protocol.declare_derived)")
    g = ox.NamedNode(view.graph)
    if any(q.graph_name != g for q in quads):
        raise StoreError(f"derived quads outside {view.graph}")


class GraphStore(Protocol):
    """A quad store; tests/graph/test_store_protocol.py checks that both
    implementations have every method here, with the same signature."""
    location: str

    # -- reads
    def query(self, sparql: str, substitutions: dict[str, Term] | None = None,
              dataset: Dataset | None = None, base_iri: str | None = None) -> Result:
        """Run SPARQL over the union of the graphs (or over `dataset`, as the
        SPARQL Protocol's default-graph-uri / named-graph-uri); variables of
        `substitutions` bound to their terms; `base_iri` resolves relative IRIs."""
        ...

    def has_graph(self, graph: str) -> bool:
        """Whether the store holds the named graph `graph`."""
        ...

    def graphs(self) -> list[str]:
        """The named graphs of the data (not the derived ones), sorted."""
        ...

    def quad_count(self) -> int:
        """The quads of the data (those of derived graphs not counted)."""
        ...

    def quads(self) -> Iterable[ox.Quad]:
        """Every quad of the data, not those of derived graphs."""
        ...

    # -- writes: each removes the derived graphs' markers first
    def replace_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """Replace one article's graph with the `quads` in it; those in the
        entities graph are added to it."""
        ...

    def write_articles(self, graphs: list[str], nquads: bytes) -> None:
        """Replace several article graphs at once with the quads of `nquads`
        (N-Quads, in those graphs and the entities graph); after a failure
        each article is whole or absent."""
        ...

    def change_graph(self, graph: str, remove: list[ox.Quad], add: list[ox.Quad]) -> bool:
        """Remove some quads of one article's graph and add others (there or
        in the entities graph) without rewriting the graph; False, with
        nothing done, when this store cannot (the caller replaces the graph)."""
        ...

    def remove_graph(self, graph: str) -> None:
        """Remove one named graph (nothing when absent)."""
        ...

    def write_derived(self, view: DerivedGraph, quads: list[ox.Quad]) -> None:
        """Replace a derived graph with `quads` (its marker among them, written
        last: readers never take a part of it for the whole)."""
        ...

    def flush(self) -> None:
        """Make the writes so far durable and let go of their buffers."""
        ...

    def close(self) -> None:
        ...
