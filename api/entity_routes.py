"""/id/..., /article/..., /vocab/...: every IRI of the graph dereferenceable
on this server.

A browser gets a page (HTML, every label escaped: api/entity_pages.py), an
RDF client the entity's statements as Turtle (`Accept: text/turtle`). A
person's page lists each post with first and last report, former posts
marked, and its source sentences with the fact's words highlighted; a
unit's, the register's word, its lineage and its officials as of a day; a
body's, its holders over time; a document's, its citations and the
articles that mention it; every other node what it says and what points at
it, linked to their own pages."""
from __future__ import annotations

import datetime as dt
from html import escape

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from partygraph.graph import entity, lookups
from partygraph.graph.store import GraphStore
from partygraph.ontology import PG

from . import entity_pages as pages
from .entity_svg import draw
from .sparql import negotiate

TURTLE = "text/turtle"
_LIMIT = anyio.CapacityLimiter(4)
# (IRI path prefix, property, heading, what an arrow means): drawn on the page
_GRAPHS = (("id/unit/", "mergedFrom", "Lineage: formed from (left) and formed (right)", "formed from"),
           ("id/doc/", "cites", "Citations: what it cites (left) and what cites it (right)", "cites"))


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(pages.page(title, body), status_code=status,
                        headers={"Content-Security-Policy": "default-src 'self'; script-src 'none'", "Vary": "Accept"})


def make_router(store: GraphStore) -> APIRouter:
    router = APIRouter()

    async def call(fn, *args):
        return await anyio.to_thread.run_sync(fn, store, *args, limiter=_LIMIT)

    async def dereference(path: str, request: Request) -> Response:
        iri = pages.BASE + path
        try:
            found = await call(entity.exists, iri)
        except ValueError:
            found = False
        if not found:
            return _page("not found", f"<h1>Not in the graph</h1><p>{escape(iri)}</p>", status=404)
        if negotiate(request.headers.get("accept"), ("text/html", TURTLE)) == TURTLE:
            body = await call(entity.turtle, iri)
            return Response(body, media_type=TURTLE + "; charset=utf-8", headers={"Vary": "Accept"})
        try:
            as_of = dt.date.fromisoformat(request.query_params.get("as_of") or dt.date.today().isoformat())
        except ValueError:
            return _page("bad date", "<h1>as_of must be a day, YYYY-MM-DD</h1>", status=400)
        d = await call(entity.describe, iri)
        title = d["name"]
        if path.startswith("id/person/"):
            person = await call(lookups.official, iri)
            if person:
                return _page(title, pages.person(person, d["same_name"]))
        extra = ""
        for prefix, prop, heading, verb in _GRAPHS:
            if path.startswith(prefix):
                edges = await call(entity.neighbourhood, iri, PG + prop)
                if edges:
                    extra += f'<h2>{heading}</h2><div class="graph">{draw(iri, edges, pages.local, verb)}</div>'
        if path.startswith("id/unit/"):
            extra += pages.unit(await call(entity.unit_view, iri, as_of), as_of)
        elif path.startswith("id/org/"):
            extra += pages.body(await call(entity.holders, iri))
        elif path.startswith("id/doc/"):
            extra += pages.document(await call(entity.mentions, iri), title)
        return _page(title, pages.generic(d, extra))

    for prefix in pages.LOCAL:
        router.add_api_route("/" + prefix + "{path:path}", _bound(dereference, prefix), methods=["GET"],
                             include_in_schema=False)
    return router


def _bound(handler, prefix: str):
    async def route(path: str, request: Request) -> Response:
        return await handler(prefix + path, request)
    return route
