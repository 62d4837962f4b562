"""The GraphStore protocol over HTTP: a SPARQL 1.1 server as the store.

Reads go through the SPARQL 1.1 Protocol (queries as URL-encoded POSTs,
the form every server takes), writes through the SPARQL 1.1 Graph Store
HTTP Protocol, one named graph per article (PUT replaces it, so
reloading changes nothing). Results are parsed back into pyoxigraph objects,
so callers see the same types as with the embedded store.

`RemoteStore("http://host:port")` assumes the Oxigraph server layout
(`/query`, `/update`, `/store`); any other URL is taken as the query
endpoint, with the Graph Store endpoint passed as `store_url` (Fuseki
`/ds/data`, Virtuoso `/sparql-graph-crud`).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from ontology import ENTITIES_GRAPH

from .rq import read_rq
from .store import LISTINGS_GRAPH, QueryError, Result, StoreError, Term, check_graphs


_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _query(name: str) -> str:
    return read_rq("remote_queries", name)


# Before the WHERE group only IRIs, strings and comments can hide a brace.
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING = re.compile(r'"""(?:[^\\]|\\.)*?"""' r"|'''(?:[^\\]|\\.)*?'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'", re.S)
_CONSTRUCT_TEMPLATE = re.compile(r"\bCONSTRUCT\s*$", re.I)


def _where_brace(sparql: str) -> int:
    """Offset of the opening brace of the query's WHERE group (skipping a
    CONSTRUCT template), found outside IRIs, strings and comments."""
    i, n, top = 0, len(sparql), []
    depth = 0
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "<" and (m := _IRI.match(sparql, i)):
            i = m.end()
            continue
        if c in "\"'" and (m := _STRING.match(sparql, i)):
            i = m.end()
            continue
        if c == "{":
            if depth == 0:
                top.append(i)
                is_template = len(top) == 1 and _CONSTRUCT_TEMPLATE.search(_code(sparql[:i]))
                if not is_template:
                    return i
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _code(text: str) -> str:
    """Text without comments, enough to see which keyword precedes a brace."""
    return re.sub(r"#[^\n]*", " ", _IRI.sub(" ", text)).rstrip()


def bind_values(sparql: str, substitutions: dict[str, Term]) -> str:
    """The query with a VALUES block opening its WHERE group, binding each
    variable to its term -- what pyoxigraph's `substitutions` do locally:
    the group's FILTERs and OPTIONALs see the variable bound. The terms are
    serialised by pyoxigraph (IRIs validated, literals escaped), so user
    input can never become query syntax."""
    names, terms = [], []
    for name, term in substitutions.items():
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise QueryError(f"?{name} can only be bound to an IRI or a literal, not {term!r}")
        names.append(f"?{name}")
        terms.append(str(term))
    at = _where_brace(sparql) + 1
    return f"{sparql[:at]}\n  VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n{sparql[at:]}"


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


class RemoteStore:
    """A SPARQL 1.1 server reached with httpx; see the module docstring."""

    def __init__(self, url: str, store_url: str | None = None, timeout: float = 60.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"not an http(s) SPARQL endpoint URL: {url}")
        base = url.rstrip("/")
        if parts.path in ("", "/"):
            self.query_url, self.store_url = f"{base}/query", store_url or f"{base}/store"
        else:
            self.query_url, self.store_url = base, store_url or base.rsplit("/", 1)[0] + "/store"
        self.location = url
        self._client = httpx.Client(timeout=timeout)
        self._params: dict[str, str] = {}
        # One request now, so an unreachable server is reported when the
        # store is opened, not halfway through a load.
        response = self._send("POST", self.query_url, data={"query": _query("ping")},
                              headers={"Accept": "application/sparql-results+json"})
        if response.status_code != 200:
            raise StoreError(f"{self.query_url} is not a SPARQL endpoint "
                             f"(HTTP {response.status_code}: {response.text[:200]})")
        # Oxigraph answers the union of all graphs as the default graph when
        # asked per request; other servers (Virtuoso) do so by default.
        if response.headers.get("server", "").startswith("Oxigraph"):
            self._params["union-default-graph"] = ""

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

    # -- writes: SPARQL 1.1 Graph Store HTTP Protocol
    def replace_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """PUT the article's graph (replacing it whole), after POSTing the
        entity descriptions it refers to into the shared entities graph.
        Each request is one transaction on the server; a failure before the
        PUT leaves the previous version of the article in place."""
        check_graphs(graph, quads)
        self._invalidate_listings()
        own = [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name.value == graph]
        shared = [ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.graph_name.value != graph]
        headers = {"Content-Type": "application/n-triples"}
        if shared:
            body = ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES)
            r = self._send("POST", self.store_url, params={"graph": ENTITIES_GRAPH}, content=body, headers=headers)
            self._check(r, f"adding entities of {graph}")
        body = ox.serialize(own, format=ox.RdfFormat.N_TRIPLES) or b""
        r = self._send("PUT", self.store_url, params={"graph": graph}, content=body, headers=headers)
        self._check(r, f"writing graph {graph}")

    def change_graph(self, graph: str, remove: list[ox.Quad], add: list[ox.Quad]) -> bool:
        """Add quads (POSTed per graph: the Graph Store Protocol merges them);
        removing needs a whole-graph write here: False, nothing done, when
        asked to (the caller replaces the graph instead)."""
        check_graphs(graph, add)
        if remove:
            return False
        self._invalidate_listings()
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in add:
            by_graph.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
        for g, triples in by_graph.items():
            r = self._send("POST", self.store_url, params={"graph": g},
                           content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                           headers={"Content-Type": "application/n-triples"})
            self._check(r, f"adding to graph {g}")
        return True

    def remove_graph(self, graph: str) -> None:
        self._invalidate_listings()
        self._delete_graph(graph)

    def _delete_graph(self, graph: str) -> None:
        r = self._send("DELETE", self.store_url, params={"graph": graph})
        if r.status_code != 404:  # absent already: nothing to do
            self._check(r, f"removing graph {graph}")

    def _invalidate_listings(self) -> None:
        """Drop the listing index (graph/listings.py) before any write: the
        Graph Store Protocol has no single-quad delete, so its whole graph
        goes, marker included (a 404 once it is gone: one cheap request).
        Lookups then sort as without an index until it is rebuilt."""
        self._delete_graph(LISTINGS_GRAPH)

    def write_listings(self, quads: list[ox.Quad]) -> None:
        """Replace the listing index: one PUT, one transaction on the server,
        so readers see the old index, none, or the whole new one."""
        if any(q.graph_name.value != LISTINGS_GRAPH for q in quads):
            raise StoreError(f"listing index quads outside {LISTINGS_GRAPH}")
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                            format=ox.RdfFormat.N_TRIPLES) or b""
        r = self._send("PUT", self.store_url, params={"graph": LISTINGS_GRAPH}, content=body,
                       headers={"Content-Type": "application/n-triples"})
        self._check(r, "writing the listing index")

    # -- reads: SPARQL 1.1 Protocol
    def query(self, sparql: str, substitutions: dict[str, Term] | None = None) -> Result:
        text = bind_values(sparql, substitutions) if substitutions else sparql
        # URL-encoded POST: every SPARQL 1.1 server takes it (Virtuoso 7 never
        # answers a query sent as an application/sparql-query body).
        r = self._send("POST", self.query_url, params=self._params, data={"query": text},
                       headers={"Accept": _ACCEPT})
        if r.status_code == 400:
            raise QueryError(f"SPARQL error from {self.location}: {r.text.strip()[:500]}")
        self._check(r, "query")
        kind = r.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/n-triples":
            return _triples_result(r.content)
        if kind == "application/sparql-results+json":
            return _solutions(r.content)
        raise StoreError(f"unexpected answer from {self.location}: content type {kind!r}")

    def quad_count(self) -> int:
        """Quads of the data: the derived listing index is not counted."""
        row = next(iter(self.query(_query("quad_count"))))
        listings = next(iter(self.query(read_rq("listings", "quad_count"),
                                        {"index": ox.NamedNode(LISTINGS_GRAPH)})))
        return int(row["n"].value) - int(listings["n"].value)

    def graphs(self) -> list[str]:
        """The named graphs of the data, not the derived listing index."""
        return sorted(s["g"].value for s in self.query(_query("named_graphs"))
                      if isinstance(s["g"], ox.NamedNode) and s["g"].value != LISTINGS_GRAPH)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
