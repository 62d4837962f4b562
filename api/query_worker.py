"""The query worker process: `python -m partygraph.api.query_worker FD MEMORY_MIB`.

One worker runs one query at a time for the pool (api/query_pool.py), in a
fresh interpreter that

- gives up the network for good before anything else (api/sandbox.py): a
  query, however it hides SERVICE or LOAD from the endpoint's guard, can
  never make it connect anywhere; a worker that cannot runs no query;
- caps its own memory (RLIMIT_DATA): a query that would build more (a
  string doubled thirty times, a huge sort) makes the allocation fail and
  the worker end, and the pool answers 503 and starts another;
- evaluates queries in a thread with a deep stack, so that the nesting the
  endpoint's guard lets through cannot overflow it;
- reads a snapshot of the store that nobody writes (api/server.py publishes
  a new one after each write), opened read-only and reopened on the pool's
  word: it never opens files a live writer may remove;
- streams each answer back in pieces: the first piece (up to FIRST_PIECE
  bytes) only once the answer is known to start well, so a failing query
  still gets its own status, and no answer is ever held whole in either
  process.

Messages to the parent: ("ready"|"unsafe", detail) once; per ("open", PATH)
("opened", None) or ("error", message); then per query (SPARQL, media
type, dataset, base IRI, bound variables, page: None or (offset, limit))
("start", (kind, media type)), ("chunk", bytes)*, ("end", None), or
("syntax"|"error", message) before any start, or ("abort", message) after.
"""
from __future__ import annotations

import json
import resource
import sys
import threading
from multiprocessing.connection import Connection

FIRST_PIECE = 1 << 20      # bytes held before the answer starts (its status still open)
PIECE = 1 << 16            # then sent in pieces of this size
STACK = 256 << 20          # the query thread's stack: parser and evaluator recurse


class _Stream:
    """A binary file the serializer writes into; pieces go to the parent."""

    def __init__(self, conn: Connection, kind: str, media_type: str):
        self.conn, self.kind, self.media_type = conn, kind, media_type
        self.buf = bytearray()
        self.started = False

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= (PIECE if self.started else FIRST_PIECE):
            self._send()
        return len(data)

    def flush(self) -> None:
        pass

    def _send(self) -> None:
        if not self.started:
            self.conn.send(("start", (self.kind, self.media_type)))
            self.started = True
        if self.buf:
            self.conn.send(("chunk", bytes(self.buf)))
            self.buf.clear()

    def close(self) -> None:
        self._send()
        self.conn.send(("end", None))


def _answer(conn: Connection, result, media_type: str) -> _Stream:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
        out = _Stream(conn, "graph", fmt.media_type)
    else:
        kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        fmt = ox.QueryResultsFormat.from_media_type(media_type) or ox.QueryResultsFormat.JSON
        out = _Stream(conn, kind, fmt.media_type)
    result.serialize(out, format=fmt)
    return out


def _json_term(term) -> dict:
    """A term as SPARQL 1.1 JSON results write it."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _paged(conn: Connection, result, offset: int, limit: int) -> _Stream:
    """One page of a SELECT's solutions as SPARQL JSON, with a `page`
    member ({offset, limit, total}): only the page is held, the rest of the
    solutions are counted as they stream past."""
    names = [v.value for v in result.variables]
    rows, total = [], 0
    for solution in result:
        if offset <= total < offset + limit:
            rows.append({n: _json_term(solution[n]) for n in names if solution[n] is not None})
        total += 1
    out = _Stream(conn, "solutions", "application/sparql-results+json")
    out.write(json.dumps({"head": {"vars": names}, "results": {"bindings": rows},
                          "page": {"offset": offset, "limit": limit, "total": total}},
                         ensure_ascii=False).encode("utf-8"))
    return out


def _term(text: str):
    import pyoxigraph as ox

    return next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode("utf-8"),
                              format=ox.RdfFormat.N_TRIPLES))).object


def _serve(conn: Connection) -> None:
    import pyoxigraph as ox

    from partygraph.graph.store import QueryError, StoreError
    from partygraph.graph.stores import open_store

    store = None
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        if msg[0] == "open":
            if store is not None:
                store.close()   # RocksDB closed (it collects) before the next snapshot opens
                store = None
            try:
                store = open_store(msg[1], read_only=True)
                conn.send(("opened", None))
            except StoreError as e:
                conn.send(("error", str(e)))
            continue
        sparql, media_type, dataset, base_iri, bound, page = msg
        out = None
        try:
            if store is None:
                raise RuntimeError("no store is open")
            # bound: variable -> N-Triples term (the parent checked it against the query's parameters)
            subs = {name: _term(text) for name, text in bound.items()} if bound else None
            result = store.query(sparql, substitutions=subs, dataset=dataset, base_iri=base_iri)
            if page is not None and isinstance(result, ox.QuerySolutions):
                out = _paged(conn, result, *page)
            else:
                out = _answer(conn, result, media_type)
            out.close()
        except (QueryError, MemoryError, Exception) as e:  # noqa: BLE001 -- any failure is the query's
            if out is not None and out.started:
                conn.send(("abort", f"{type(e).__name__}: {e}"))
            elif isinstance(e, QueryError):
                conn.send(("syntax", str(e)))
            elif isinstance(e, MemoryError):
                conn.send(("memory", "the query needed more memory than the limit"))
            else:
                conn.send(("error", f"{type(e).__name__}: {e}"))


def _child(conn: Connection, memory_mib: int) -> None:
    from partygraph.api.sandbox import SandboxUnavailable, deny_network

    try:
        deny_network()  # first: before the store (or anything) starts a thread
    except SandboxUnavailable as e:
        conn.send(("unsafe", str(e)))
        return
    if memory_mib > 0:
        cap = (memory_mib << 20) + STACK   # the query thread's stack is counted as data too
        resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
    threading.stack_size(STACK)
    t = threading.Thread(target=_serve, args=(conn,), name="query")
    t.start()
    t.join()


if __name__ == "__main__":
    _child(Connection(int(sys.argv[1])), int(sys.argv[2]) if len(sys.argv) > 2 else 0)
