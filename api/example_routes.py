"""/api/examples/{name}/answer: a competency question with its declared
parameters bound (`?asOf=2025-09-01&unit=pgid:unit/...`), answered as SPARQL
JSON by the same sandboxed, time-limited query workers as /sparql.

The values are checked against the question's `# @param` header
(graph/sparql_query.py) and bound as RDF terms before evaluation -- the
query's text is never edited, so a FILTER deep inside it sees the value.
The answer is paged (`limit`, default 100, and `offset`): its JSON carries
`page: {offset, limit, total}`, so the query page never waits for a
10,000-row answer to arrive."""
from __future__ import annotations

import anyio
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from partygraph.graph.queries import query_names, query_text
from partygraph.graph.sparql_query import ParamError, bindings

from .query_pool import QueryFailed, QueryPool, QueryTimeout
from .sparql import MAX_PAGE

MEDIA = "application/sparql-results+json"


def make_router(pool: QueryPool, waiting: int) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["lookups"])
    limiter = anyio.CapacityLimiter(waiting)

    @router.get("/examples/{name}/answer", summary="A competency question's answer, its parameters bound "
                "(SPARQL JSON results)", responses={200: {"content": {MEDIA: {}}}})
    async def answer(name: str, request: Request, limit: int = Query(100, ge=1, le=MAX_PAGE),
                     offset: int = Query(0, ge=0)) -> StreamingResponse:
        if name not in query_names():
            raise HTTPException(404, f"no example named {name!r}")
        text = query_text(name)
        given = [f"{k}={v}" for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
        try:
            bound = {k: str(v) for k, v in bindings(text, given).items()}
        except ParamError as e:
            raise HTTPException(400, str(e)) from None
        if limiter.borrowed_tokens >= limiter.total_tokens:
            raise HTTPException(503, "too many queries are running or waiting; try again shortly")
        try:
            result = await anyio.to_thread.run_sync(pool.run, text, MEDIA, None, None, None, bound,
                                                    (offset, limit), limiter=limiter)
        except QueryTimeout as e:
            raise HTTPException(503, f"query stopped: {e}") from None
        except QueryFailed as e:
            raise HTTPException(400 if e.syntax else 500, str(e).replace(pool.store_location, "the store")) from None
        return StreamingResponse(_stream(result.chunks), media_type=MEDIA)

    return router


async def _stream(chunks):
    from starlette.concurrency import iterate_in_threadpool

    async for chunk in iterate_in_threadpool(chunks):
        yield chunk
