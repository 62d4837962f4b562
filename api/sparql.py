"""The /sparql endpoint (W3C SPARQL 1.1 Protocol), read-only.

Three ways in: GET ?query=, POST form-encoded, POST application/sparql-query.
Before anything runs, the guard (api/sparql_guard.py) refuses updates,
SERVICE, remote FROM graphs and queries too deep to evaluate; what makes an
outbound connection impossible is the worker's sandbox (api/sandbox.py).
The answer format is negotiated from Accept with q-values; anything else is
406, never a mislabelled 200. Queries run in worker processes
(api/query_pool.py) with a time and a memory limit: past either, 503.
Answers are streamed as the worker sends them.

Limits live in `SparqlLimits` so they can be tuned (and hardened) in one place.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import AsyncIterator, Callable, Iterator
from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response, StreamingResponse

from partygraph.graph.csv_cells import neutralise_chunks

from .query_pool import QueryFailed, QueryPool, QueryTimeout, QueryTooLarge
from .sparql_guard import ProtocolError, check_query


@dataclass(frozen=True)
class SparqlLimits:
    timeout: float = 30.0           # seconds a query may run
    max_body_bytes: int = 1_000_000  # POST bodies and GET query strings
    workers: int = 2                # worker processes (queries at once)
    waiting: int = 16               # requests that may wait for a worker; more get 503 at once
    guards: int = 4                 # queries checked at once (the check runs in a thread)
    memory_mib: int = 1024          # memory one query may use in its worker


SOLUTION_TYPES = ("application/sparql-results+json", "application/sparql-results+xml",
                  "text/csv", "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/ld+json")


# ------------------------------------------------------------ negotiation
def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """`Accept` as (media range, q) pairs; ranges with a malformed q are dropped."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        try:
            for f in fields[1:]:
                name, _, value = f.partition("=")
                if name.strip().lower() == "q":
                    q = float(value.strip())
                    if not 0.0 <= q <= 1.0:
                        raise ValueError(q)
        except ValueError:
            continue
        out.append((media, q))
    return out


def negotiate(header: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered type the client prefers most (the most specific matching
    range gives its q; ties go to our order), or None: 406."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for media in offered:
        typ = media.split("/")[0]
        q_for = None
        for specificity, pattern in ((2, media), (1, f"{typ}/*"), (0, "*/*")):
            qs = [q for r, q in ranges if r == pattern]
            if qs:
                q_for = max(qs)
                break
        if q_for is not None and q_for > best_q:
            best, best_q = media, q_for
    return best


# -------------------------------------------------------------- protocol
async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"request body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise ProtocolError(413, f"request body over {limit} bytes")
    return bytes(body)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request is not valid UTF-8") from None


Dataset = tuple[list[str], list[str]]   # protocol default-graph-uri, named-graph-uri
Page = tuple[int, int]                  # offset, limit
MAX_PAGE = 10_000


def _page(params: list[tuple[str, str]]) -> Page | None:
    """partygraph's paging extension: `limit` (1..MAX_PAGE) and `offset`
    ask for one page of a SELECT's solutions, with their total."""
    given = {k: v for k, v in params if k in ("limit", "offset")}
    if not given:
        return None
    try:
        limit, offset = int(given.get("limit", 100)), int(given.get("offset", 0))
    except ValueError:
        raise ProtocolError(400, "limit and offset must be whole numbers") from None
    if not (1 <= limit <= MAX_PAGE and offset >= 0):
        raise ProtocolError(400, f"limit must be 1 to {MAX_PAGE} and offset 0 or more")
    return offset, limit


async def read_request(request: Request, limits: SparqlLimits) -> tuple[str, Dataset | None, Page | None]:
    """The one query of a protocol request, the dataset its parameters
    give (None: the store's union of graphs, or the query's FROM) and the
    page it asks for (None: the whole answer), or ProtocolError."""
    params = list(request.query_params.multi_items())
    if len(request.url.query) > limits.max_body_bytes:
        raise ProtocolError(414, f"query string over {limits.max_body_bytes} bytes")
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await _read_body(request, limits.max_body_bytes)
        if ctype == "application/x-www-form-urlencoded":
            try:
                params += parse_qsl(_decode(body), keep_blank_values=True, strict_parsing=False)
            except ValueError:
                raise ProtocolError(400, "malformed form body") from None
        elif ctype == "application/sparql-query":
            if any(k == "query" for k, _ in params):
                raise ProtocolError(400, "a query in the body and in the URL: send exactly one")
            params.append(("query", _decode(body)))
        elif ctype == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
        else:
            raise ProtocolError(415, "POST needs Content-Type application/sparql-query or "
                                     "application/x-www-form-urlencoded")
    names = [k for k, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is refused")
    queries = [v for k, v in params if k == "query"]
    if len(queries) != 1:
        raise ProtocolError(400, f"expected exactly one query parameter, got {len(queries)}")
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    default = [v for k, v in params if k == "default-graph-uri"]
    named = [v for k, v in params if k == "named-graph-uri"]
    return queries[0], ((default, named) if default or named else None), _page(params)


def check_dataset(dataset: Dataset | None, known_graphs: Callable[[], set[str]]) -> None:
    """Protocol dataset graphs must be graphs of this store, as for FROM:
    nothing is ever fetched."""
    if dataset is None:
        return
    graphs = known_graphs()
    for param, iris in zip(("default-graph-uri", "named-graph-uri"), dataset):
        for iri in iris:
            if iri not in graphs:
                raise ProtocolError(403, f"{param} <{iri}> names no graph of this store; "
                                         "remote data is never fetched")


def _short(message: str, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[:limit] + "..."


async def _stream(chunks: Iterator[bytes], limiter: anyio.CapacityLimiter) -> AsyncIterator[bytes]:
    """An answer's pieces as the worker sends them, read in a thread of the
    SPARQL limiter; a client that goes away stops the reading (and the
    worker, which is mid-answer, is replaced)."""
    it = iter(chunks)
    try:
        while True:
            piece = await anyio.to_thread.run_sync(next, it, None, limiter=limiter)
            if piece is None:
                return
            yield piece
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()


def make_router(pool: QueryPool, limits: SparqlLimits, known_graphs: Callable[[], set[str]]) -> APIRouter:
    router = APIRouter()

    # Own thread limits: SPARQL requests waiting for a worker or checked by
    # the guard never take the threads the REST lookups run in, and /health
    # needs none.
    guard = anyio.CapacityLimiter(limits.guards)
    waiting = anyio.CapacityLimiter(limits.workers + limits.waiting)

    def _clean(message: str) -> str:
        # the store's path is nobody's business
        return _short(message.replace(pool.store_location, "the store"))

    async def sparql(request: Request) -> Response:
        try:
            text, dataset, page = await read_request(request, limits)
            checked = await anyio.to_thread.run_sync(check_query, text, known_graphs, limiter=guard)
            check_dataset(dataset, known_graphs)
            offered = SOLUTION_TYPES if checked.form == "solutions" else GRAPH_TYPES
            media = negotiate(request.headers.get("accept"), offered)
            if media is None:
                raise ProtocolError(406, f"no answer format the request accepts; available: {', '.join(offered)}")
            if page is not None and (checked.form != "solutions" or media != "application/sparql-results+json"):
                raise ProtocolError(400, "limit and offset page the SPARQL JSON results of a SELECT only")
            if waiting.borrowed_tokens >= waiting.total_tokens:
                raise ProtocolError(503, f"{waiting.total_tokens} queries are running or waiting; try again shortly")
            try:
                # Relative IRIs resolve against the endpoint's URL (the protocol's base).
                base = str(request.url.replace(query=""))
                answer = await anyio.to_thread.run_sync(pool.run, text, media, None, dataset, base, None, page,
                                                         limiter=waiting)
            except QueryTimeout as e:
                raise ProtocolError(503, f"query stopped: {e} (the limit is {limits.timeout:g} s)") from None
            except QueryTooLarge as e:
                raise ProtocolError(503, _clean(str(e))) from None
            except QueryFailed as e:
                if e.syntax:
                    raise ProtocolError(400, _clean(str(e))) from None
                raise ProtocolError(500, _clean(f"query failed: {e}")) from None
        except ProtocolError as e:
            headers = {"Retry-After": "5"} if e.status == 503 else None
            return PlainTextResponse(e.message + "\n", status_code=e.status, headers=headers)
        ctype = answer.media_type
        if ctype.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        chunks = answer.chunks
        bare = answer.media_type.split(";", 1)[0].strip()
        if bare in ("text/csv", "text/tab-separated-values"):
            # a cell a spreadsheet would run as a formula is quoted (OWASP CSV injection)
            chunks = neutralise_chunks(chunks, "," if bare == "text/csv" else "\t")
        return StreamingResponse(_stream(chunks, waiting), media_type=ctype, headers={"Vary": "Accept"})

    responses = {400: {"description": "malformed request or query"},
                 403: {"description": "update, SERVICE or a remote FROM: refused"},
                 406: {"description": "no acceptable result format"},
                 503: {"description": "the query reached its time or memory limit, or too many are waiting"}}
    # The protocol's inputs, declared so that clients and schema-driven
    # tests (tests/api/test_schemathesis.py) see them.
    query_text = {"type": "string", "description": "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)"}
    inputs = {
        "GET": {"parameters": [{"name": "query", "in": "query", "required": True, "schema": query_text}]},
        "POST": {"requestBody": {"required": True, "content": {
            "application/sparql-query": {"schema": query_text},
            "application/x-www-form-urlencoded": {"schema": {
                "type": "object", "properties": {"query": query_text}, "required": ["query"]}}}}},
    }
    for method in ("GET", "POST"):
        router.add_api_route("/sparql", sparql, methods=[method], operation_id=f"sparql_{method.lower()}",
                             summary="SPARQL 1.1 Protocol query endpoint (read-only)", responses=responses,
                             openapi_extra=inputs[method])
    return router
