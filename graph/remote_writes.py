"""Writes to a SPARQL 1.1 server, one named graph at a time: through the
Graph Store HTTP Protocol where the server has it (PUT replaces a graph in
one request, POST merges into it, DELETE drops it), through SPARQL Update
otherwise (DROP SILENT GRAPH and INSERT DATA / DELETE DATA, the operations
of one change in one request)."""
from __future__ import annotations

from typing import Callable, Protocol

import httpx
import pyoxigraph as ox

from partygraph.ontology import ENTITIES_GRAPH

from .errors import StoreError

Send = Callable[..., httpx.Response]
Check = Callable[[httpx.Response, str], None]
_NTRIPLES = {"Content-Type": "application/n-triples"}
# Triples in one INSERT DATA: servers cap the text of one update (Virtuoso
# compiles it to one SQL statement); an article's graph is ~700.
UPDATE_CHUNK = 5000


class GraphWrites(Protocol):
    can_remove: bool   # single triples, in `change`
    def replace(self, graph: str, triples: list[ox.Triple], first_drop: list[str],
                entities: list[ox.Triple]) -> None: ...
    def add(self, graph: str, triples: list[ox.Triple]) -> None: ...
    def change(self, graph: str, remove: list[ox.Triple], add: list[ox.Triple]) -> bool: ...
    def drop(self, graph: str) -> None: ...


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


class GraphStoreWrites:
    """The SPARQL 1.1 Graph Store HTTP Protocol at `url`; a change that
    removes single triples goes to SPARQL Update when the server has it
    too (resolution rewrites a few mention triples of an article: one
    small request instead of reading and PUTting its whole graph)."""

    def __init__(self, url: str, send: Send, check: Check, update: "UpdateWrites | None" = None):
        self.url, self._send, self._check, self._update = url, send, check, update
        self.can_remove = update is not None

    def replace(self, graph: str, triples: list[ox.Triple], first_drop: list[str],
                entities: list[ox.Triple]) -> None:
        """Three requests, each one transaction on the server: a failure
        before the PUT leaves the previous version of the graph in place."""
        for other in first_drop:
            self.drop(other)
        if entities:
            self.add(ENTITIES_GRAPH, entities)
        r = self._send("PUT", self.url, params={"graph": graph}, content=_ntriples(triples), headers=_NTRIPLES)
        self._check(r, f"writing graph {graph}")

    def add(self, graph: str, triples: list[ox.Triple]) -> None:
        r = self._send("POST", self.url, params={"graph": graph}, content=_ntriples(triples), headers=_NTRIPLES)
        self._check(r, f"adding to graph {graph}")

    def change(self, graph: str, remove: list[ox.Triple], add: list[ox.Triple]) -> bool:
        """The protocol removes whole graphs, not triples: a change that
        removes goes to SPARQL Update, or is refused (False: nothing done,
        the caller replaces the graph)."""
        if remove:
            return self._update.change(graph, remove, add) if self._update else False
        if add:
            self.add(graph, add)
        return True

    def drop(self, graph: str) -> None:
        r = self._send("DELETE", self.url, params={"graph": graph})
        if r.status_code != 404:   # absent already: nothing to do
            self._check(r, f"removing graph {graph}")


def _data(keyword: str, graph: str, triples: list[ox.Triple]) -> str:
    # N-Triples terms are SPARQL terms: IRIs, escaped literals, blank nodes.
    return f"{keyword} DATA {{ GRAPH <{graph}> {{\n{_ntriples(triples).decode()}}} }}"


class UpdateWrites:
    """SPARQL 1.1 Update at `url` (sent as `update=` URL-encoded POSTs)."""
    can_remove = True

    def __init__(self, url: str, send: Send, check: Check):
        self.url, self._send, self._check = url, send, check

    def _update(self, operations: list[str], what: str) -> None:
        r = self._send("POST", self.url, data={"update": " ;\n".join(operations)})
        self._check(r, what)

    def _inserts(self, graph: str, triples: list[ox.Triple]) -> list[str]:
        return [_data("INSERT", graph, triples[i:i + UPDATE_CHUNK])
                for i in range(0, len(triples), UPDATE_CHUNK)]

    def replace(self, graph: str, triples: list[ox.Triple], first_drop: list[str],
                entities: list[ox.Triple]) -> None:
        """Drop and refill in one request while the graph fits in one
        INSERT DATA (an article always does); a larger graph is refilled
        by further requests."""
        inserts = self._inserts(graph, triples)
        shared = self._inserts(ENTITIES_GRAPH, entities)
        drops = [f"DROP SILENT GRAPH <{g}>" for g in first_drop]
        self._update(drops + shared + [f"DROP SILENT GRAPH <{graph}>"] + inserts[:1], f"writing graph {graph}")
        for op in inserts[1:]:
            self._update([op], f"writing graph {graph}")

    def add(self, graph: str, triples: list[ox.Triple]) -> None:
        for op in self._inserts(graph, triples):
            self._update([op], f"adding to graph {graph}")

    def change(self, graph: str, remove: list[ox.Triple], add: list[ox.Triple]) -> bool:
        if len(remove) + len(add) > UPDATE_CHUNK:
            return False   # one request or none: the caller replaces the graph
        ops = ([_data("DELETE", graph, remove)] if remove else []) + ([_data("INSERT", graph, add)] if add else [])
        if ops:
            self._update(ops, f"changing graph {graph}")
        return True

    def drop(self, graph: str) -> None:
        self._update([f"DROP SILENT GRAPH <{graph}>"], f"removing graph {graph}")


class NoWrites:
    """A query endpoint alone: every write is refused with what to give."""
    can_remove = False

    def __init__(self, location: str):
        self._why = (f"the SPARQL server at {location} was given no update or Graph Store endpoint: "
                     f"pass --update-url or --graph-store-url, or --server with its family")

    def _refuse(self, *args, **kwargs):
        raise StoreError(self._why)

    replace = add = change = drop = _refuse


def writes_for(update: str | None, graph_store: str | None, location: str, send: Send,
               check: Check) -> GraphWrites:
    by_update = UpdateWrites(update, send, check) if update else None
    if graph_store:
        return GraphStoreWrites(graph_store, send, check, by_update)
    if by_update:
        return by_update
    return NoWrites(location)
