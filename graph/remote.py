"""The GraphStore protocol over HTTP: a SPARQL 1.1 server as the store.

Reads go through the SPARQL 1.1 Protocol (queries as URL-encoded POSTs,
the form every server takes); writes one named graph per article through
the Graph Store HTTP Protocol where the server has it, SPARQL Update
otherwise (graph/remote_writes.py), so reloading changes nothing. Results
are parsed back into pyoxigraph objects: callers see the same types as
with the embedded store. Which endpoints a server has, and the login, come
from graph/endpoints.py (a profile per server family).
"""
from __future__ import annotations

import httpx
import pyoxigraph as ox

from typing import Iterable

from partygraph.ontology import ENTITIES_GRAPH

from .endpoints import credentials, endpoints_for, refine
from .errors import QueryError, StoreError
from .remote_writes import writes_for
from .rq import read_rq
from .store_protocol import Dataset, DerivedGraph, Result, Term, check_derived, check_graphs, derived_graphs
from .sparql_query import bind_values, query_form

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
# Graph results asked for as graphs: Virtuoso answers a CONSTRUCT asked with
# the line above as a table of ?s ?p ?o.
_ACCEPT_GRAPH = "application/n-triples"


def _query(name: str) -> str:
    return read_rq("remote_queries", name)


def _triples_result(data: bytes) -> ox.QueryTriples:
    """N-Triples from a CONSTRUCT/DESCRIBE as a pyoxigraph QueryTriples,
    the type the embedded store returns."""
    tmp = ox.Store()
    tmp.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
               for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return tmp.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _solutions(data: bytes) -> Result:
    """SPARQL JSON results; Virtuoso answers ASK as one row of `__ASK_RETVAL`
    (an integer), read back here as the boolean it is."""
    result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QuerySolutions) and [v.value for v in result.variables] == ["__ASK_RETVAL"]:
        values = [row["__ASK_RETVAL"] for row in result]
        answer = bool(values) and values[0] is not None and values[0].value not in ("0", "false")
        return ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if answer else b"false"),
                                      format=ox.QueryResultsFormat.JSON)
    return result


def _triples(quads) -> list[ox.Triple]:
    """The quads' triples (the graph is named by the request that writes them)."""
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def _first_answer_problem(endpoint: str, response: httpx.Response) -> str | None:
    """What the answer to the first request says is wrong with the endpoint, if anything."""
    code = response.status_code
    if code == 200:
        return None
    return (f"{endpoint} refused the login (HTTP {code}): set PARTYGRAPH_STORE_USER and "
            "PARTYGRAPH_STORE_PASSWORD (or PARTYGRAPH_STORE_TOKEN)" if code in (401, 403) else
            f"{endpoint} is not a SPARQL endpoint (HTTP {code}: {response.text[:200]})")


class RemoteStore:
    """A SPARQL 1.1 server reached with httpx; see the module docstring.
    `server` names its profile (graph/endpoints.py; read from its `Server:`
    header when not given); `update_url` and `graph_store_url` override
    the profile's endpoints."""

    def __init__(self, url: str, server: str | None = None, update_url: str | None = None,
                 graph_store_url: str | None = None, timeout: float = 60.0):
        self.endpoints = endpoints_for(url, server, update_url, graph_store_url)
        self.location = url
        self._client = httpx.Client(timeout=timeout, auth=credentials())
        # One request now, so an unreachable server (or a refused login) is
        # reported when the store is opened, not halfway through a load.
        response = self._send("POST", self.endpoints.query, data={"query": _query("ping")},
                              headers={"Accept": "application/sparql-results+json"})
        problem = _first_answer_problem(self.endpoints.query, response)
        if problem:
            raise StoreError(problem)
        if server is None:
            self.endpoints = refine(self.endpoints, url, response, update_url, graph_store_url)
        # Oxigraph answers the union of all graphs as the default graph when
        # asked per request; other servers (Virtuoso) do so by default.
        self._params = {self.endpoints.union_param: ""} if self.endpoints.union_param else {}
        self._writes = writes_for(self.endpoints.update, self.endpoints.graph_store, url,
                                  self._send, self._check)

    # -- HTTP
    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        if self._client is None:
            raise StoreError(f"the store at {self.location} is closed")
        try:
            return self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise StoreError(f"the SPARQL server at {self.location} did not answer in time") from None
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach the SPARQL server at {self.location}: {e}") from None

    def _check(self, response: httpx.Response, what: str) -> None:
        if response.status_code >= 300:
            raise StoreError(f"{what} failed at {self.location}: HTTP {response.status_code} "
                             f"{response.text[:300]}")

    # -- writes (graph/remote_writes.py)
    def replace_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """The article's graph replaced whole, the entity descriptions it
        refers to merged into the shared entities graph, the derived graphs
        dropped (see _invalidate_derived) -- in one request where the
        server takes SPARQL Update alone."""
        check_graphs(graph, quads)
        own = _triples(q for q in quads if q.graph_name.value == graph)
        shared = _triples(q for q in quads if q.graph_name.value != graph)
        self._writes.replace(graph, own, [v.graph for v in derived_graphs()], shared)

    def write_articles(self, graphs: list[str], nquads: bytes) -> None:
        """Several articles: the derived graphs dropped and the entity quads
        of all of them merged once, then each article's graph replaced by
        one request (a PUT, or a drop and insert), so an article is whole
        or absent whenever a later request fails; a graph with no quads
        in `nquads` is removed."""
        by_graph: dict[str, list[ox.Quad]] = {g: [] for g in graphs}
        shared: list[ox.Quad] = []
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            name = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
            if name == ENTITIES_GRAPH:
                shared.append(q)
            elif name in by_graph:
                by_graph[name].append(q)
            else:
                raise StoreError(f"quad outside the graphs written: {q}")
        self._invalidate_derived()
        if shared:
            self._writes.add(ENTITIES_GRAPH, _triples(shared))
        for graph, quads in by_graph.items():
            if quads:
                self._writes.replace(graph, _triples(quads), [], [])
            else:
                self._writes.drop(graph)

    def change_graph(self, graph: str, remove: list[ox.Quad], add: list[ox.Quad]) -> bool:
        """Quads removed and added where the server can do so in one
        request (SPARQL Update); over the Graph Store Protocol only adds
        are: False, nothing done, when asked to remove (the caller then
        replaces the graph)."""
        check_graphs(graph, add)
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in add:
            by_graph.setdefault(q.graph_name.value, []).append(q)
        own = _triples(by_graph.pop(graph, []))
        if remove and (not self._writes.can_remove or any(q.graph_name.value != graph for q in remove)):
            return False
        self._invalidate_derived()
        for g, quads in by_graph.items():
            self._writes.add(g, _triples(quads))
        return self._writes.change(graph, _triples(remove), own)

    def remove_graph(self, graph: str) -> None:
        self._invalidate_derived()
        self._writes.drop(graph)

    def _invalidate_derived(self) -> None:
        """Drop the derived graphs (the listing index) before a write: the
        Graph Store Protocol has no single-quad delete, so a whole graph
        goes, marker included (one cheap request each). Its readers then
        find no valid view until it is rebuilt."""
        for view in derived_graphs():
            self._writes.drop(view.graph)

    def write_derived(self, view: DerivedGraph, quads: list[ox.Quad]) -> None:
        """Replace a derived graph; its marker is written last, so readers
        never take a part of it for the whole. (Other derived graphs stay:
        the data has not changed.)"""
        check_derived(view, quads)
        marker = [q for q in quads if q == view.marker]
        self._writes.replace(view.graph, _triples(q for q in quads if q != view.marker), [], [])
        if marker:
            self._writes.add(view.graph, _triples(marker))

    def flush(self) -> None:
        """Nothing to do: no write is buffered here, each is a request the
        server has committed when it answers (its own durability is its
        configuration's)."""

    # -- reads: SPARQL 1.1 Protocol
    def query(self, sparql: str, substitutions: dict[str, Term] | None = None,
              dataset: Dataset | None = None, base_iri: str | None = None) -> Result:
        """`dataset` goes as the protocol's default-graph-uri / named-graph-uri
        (instead of the union of the graphs), `base_iri` as a BASE opening
        the query (one of the query's own comes later, and wins)."""
        text = bind_values(sparql, substitutions) if substitutions else sparql
        if base_iri is not None:
            text = f"BASE {ox.NamedNode(base_iri)}\n{text}"   # NamedNode: a valid IRI, never query syntax
        params: dict[str, str | list[str]] = dict(self._params)
        if dataset is not None:
            params = {"default-graph-uri": list(dataset[0]), "named-graph-uri": list(dataset[1])}
        # URL-encoded POST: every SPARQL 1.1 server takes it (Virtuoso 7 never
        # answers a query sent as an application/sparql-query body).
        r = self._send("POST", self.endpoints.query, params=params, data={"query": text},
                       headers={"Accept": _ACCEPT_GRAPH if query_form(text) in ("CONSTRUCT", "DESCRIBE")
                                else _ACCEPT})
        if r.status_code == 400:
            raise QueryError(f"SPARQL error from {self.location}: {r.text.strip()[:500]}")
        self._check(r, "query")
        kind = r.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            return _triples_result(r.content)
        if kind == "application/sparql-results+json":
            return _solutions(r.content)
        raise StoreError(f"unexpected answer from {self.location}: content type {kind!r}")

    def has_graph(self, graph: str) -> bool:
        """Whether the server holds a quad in `graph` (an empty graph is no graph here)."""
        return bool(self.query(_query("has_graph"), {"g": ox.NamedNode(graph)}))

    def quad_count(self) -> int:
        """Quads of the data: derived graphs (the listing index) are not counted."""
        row = next(iter(self.query(_query("quad_count"))))
        derived = sum(int(next(iter(self.query(_query("graph_quad_count"), {"g": ox.NamedNode(v.graph)})))["n"].value)
                      for v in derived_graphs())
        return int(row["n"].value) - derived

    def graphs(self) -> list[str]:
        """The named graphs of the data, not the derived ones."""
        derived = {v.graph for v in derived_graphs()}
        return sorted(s["g"].value for s in self.query(_query("named_graphs"))
                      if isinstance(s["g"], ox.NamedNode) and s["g"].value not in derived)

    def quads(self) -> Iterable[ox.Quad]:
        """Every quad of the data, not those of the derived graphs: one
        query, its answer read whole."""
        derived = {v.graph for v in derived_graphs()}
        return [ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in self.query(_query("quads"))
                if s["g"].value not in derived]

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
