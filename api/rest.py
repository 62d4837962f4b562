"""The /api/... routes: HTTP only. Parameters are validated here (FastAPI:
422 outside bounds) and handed to graph/lookups.py, which normalises them
and binds them into SPARQL as terms."""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Any, Optional

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from partygraph.graph import lookups
from partygraph.graph.queries import query_names, query_text, query_title
from partygraph.graph.sparql_query import declared
from partygraph.graph.labels import MAX_IRIS, labels as graph_labels
from partygraph.graph.search import search as search_graph
from partygraph.graph.store import GraphStore


REPORTS = Field(description="how many articles report this; `sources` gives the sentences of the newest of them, "
                            "as many articles as the `sources` parameter asks")


class Source(BaseModel):
    article: str = Field(description="the article's name: its file name, or the URL of a page, crawl record "
                                     "or feed item")
    article_iri: str
    url: Optional[str] = Field(None, description="where the article was published (its canonical URL), if known")
    title: Optional[str] = Field(None, description="the article's title")
    date: Optional[str] = Field(None, description="the article's date, YYYY-MM-DD")
    sentence: Optional[str] = None
    start: Optional[int] = Field(None, description="character offset of the sentence in the article")
    end: Optional[int] = None


class Post(BaseModel):
    role: str
    organization: str
    area: Optional[str]
    former: bool
    first_reported: Optional[str]
    last_reported: Optional[str]
    reports: int = REPORTS
    sources: list[Source]
    post_id: str
    organization_id: str
    area_id: Optional[str]


class Official(BaseModel):
    id: str
    name: str
    posts: list[Post]


NEXT = Field(None, description="the URL of the next page (same query, offset moved on); null on the last page")


# What every listing answers before its page of entries (first, as each listing's own fields follow).
class _Page(BaseModel):
    total: int
    next: Optional[str] = NEXT


class Officials(_Page):
    officials: list[Official]


class Person(BaseModel):
    id: str
    name: str


class Holding(Post):
    person: Person


class Posts(_Page):
    posts: list[Holding]


class UnitRef(BaseModel):
    id: str
    name: str
    type: Optional[str]
    reports: int = REPORTS
    sources: list[Source] = []


class Unit(BaseModel):
    id: str
    name: str
    type: Optional[str]
    merged_from: list[UnitRef]
    merged_into: list[UnitRef]
    reports: int = REPORTS
    sources: list[Source]


class Units(_Page):
    units: list[Unit]


class DocumentRef(BaseModel):
    id: str
    iri: str
    reports: int = REPORTS
    sources: list[Source]


class Document(BaseModel):
    id: str
    iri: str
    type: Optional[str]
    issuer: Optional[str]
    cites: list[DocumentRef]
    cited_by: list[DocumentRef]
    reports: int = REPORTS
    sources: list[Source]


class Documents(_Page):
    documents: list[Document]


class Found(BaseModel):
    iri: str
    label: str
    type: Optional[str] = Field(None, description="a document's type")


class SearchResults(BaseModel):
    people: list[Found]
    units: list[Found]
    bodies: list[Found]
    documents: list[Found]
    roles: list[Found] = Field(description="post titles of the vocabulary; list their holders with /api/posts?role=")


class LabelRequest(BaseModel):
    iris: list[str] = Field(max_length=MAX_IRIS, description=f"at most {MAX_IRIS} IRIs")


class Labels(BaseModel):
    labels: dict[str, str] = Field(description="IRI -> what a page calls it; IRIs the graph cannot name are left out")


class Parameter(BaseModel):
    name: str = Field(description="the variable, without its ?")
    kind: str = Field(description="iri, date (YYYY-MM-DD), integer or string")
    description: str


class Example(BaseModel):
    name: str
    title: str
    query: str
    params: list[Parameter] = Field(description="what /api/examples/{name}/answer can bind")


LIMIT = Query(100, ge=1, le=lookups.MAX_LIMIT, description=f"at most {lookups.MAX_LIMIT}")
OFFSET = Query(0, ge=0)
SOURCES = Query(lookups.SOURCES, ge=0, le=lookups.MAX_LIMIT,
                description="articles per entry whose sentences are listed, the newest (0: none; `reports` "
                            "counts them all)")
TEXT = dict(max_length=500)
# Lookups run in the server's process (they cannot be stopped midway like a
# SPARQL worker): at most LOOKUPS_AT_ONCE run, WAITING more may wait, the
# rest get 503 at once, so they never take every thread of the server.
LOOKUPS_AT_ONCE = 8
WAITING = 32


def _visible(value: str) -> bool:
    return any(unicodedata.category(c)[0] not in "CZ" for c in value)


async def checked_parameters(request: Request) -> None:
    """One value per parameter, and text parameters with something to look
    for: a repeated parameter or a name of invisible characters only is a
    client error, not a request for everything."""
    seen: set[str] = set()
    for name, value in request.query_params.multi_items():
        if name in seen:
            raise HTTPException(400, f"parameter {name!r} given more than once")
        seen.add(name)
        if name in ("name", "area", "role", "organization", "id", "q") and value and not _visible(value):
            raise HTTPException(422, f"parameter {name!r} has no visible characters")


def make_router(store: GraphStore) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["lookups"], dependencies=[Depends(checked_parameters)])
    limiter = anyio.CapacityLimiter(LOOKUPS_AT_ONCE)

    async def run(fn, **kwargs) -> Any:
        if limiter.statistics().tasks_waiting >= WAITING:
            raise HTTPException(503, "too many lookups are running; try again shortly",
                                headers={"Retry-After": "2"})
        return await anyio.to_thread.run_sync(partial(fn, store, **kwargs), limiter=limiter)

    async def paged(request: Request, fn, limit: int, offset: int, **kwargs) -> Any:
        """A listing's page with the link to the next one (None on the last)."""
        answer = await run(fn, limit=limit, offset=offset, **kwargs)
        more = offset + limit < answer["total"]
        answer["next"] = str(request.url.include_query_params(offset=offset + limit, limit=limit)) if more else None
        return answer

    def by_name(path: str, model: type[BaseModel], fn: Callable[..., Any], summary: str, example: str) -> None:
        """A listing filtered by `name`, its route named after its lookup."""
        @router.get(path, response_model=model, summary=summary, name=fn.__name__)
        async def listing(request: Request, name: Optional[str] = Query(None, **TEXT, examples=[example]),
                          limit: int = LIMIT, offset: int = OFFSET, sources: int = SOURCES) -> Any:
            return await paged(request, fn, limit, offset, name=name, sources=sources)

    by_name("/officials", Officials, lookups.officials,
            "People by name (diacritics, case and tone placement ignored), with every post and its sources",
            "cao thi toan thang")

    @router.get("/posts", response_model=Posts,
                summary="Who held which post, filtered by area ('xã Hạ Hòa' or 'Hạ Hòa'), role, body and date")
    async def posts(request: Request, area: Optional[str] = Query(None, **TEXT, examples=["huyện Lộc Hà"]),
                    role: Optional[str] = Query(None, **TEXT, examples=["Bí thư"]),
                    organization: Optional[str] = Query(None, **TEXT, examples=["Huyện ủy Lộc Hà"]),
                    as_of: Optional[dt.date] = Query(None, description="only what was reported by this day (YYYY-MM-DD)"),
                    limit: int = LIMIT, offset: int = OFFSET, sources: int = SOURCES) -> Any:
        return await paged(request, lookups.posts, limit, offset, area=area, role=role,
                           organization=organization, as_of=as_of, sources=sources)

    by_name("/units", Units, lookups.units,
            "Administrative units by name, with what they were merged from and into", "Hạ Hòa")

    @router.get("/documents", response_model=Documents,
                summary="Documents by symbol (any case) or name, with what they cite and what cites them")
    async def documents(request: Request, id: Optional[str] = Query(None, **TEXT, examples=["18-NQ/TW"]),
                        limit: int = LIMIT, offset: int = OFFSET, sources: int = SOURCES) -> Any:
        return await paged(request, lookups.documents, limit, offset, id=id, sources=sources)

    @router.get("/search", response_model=SearchResults,
                summary="One box over people, units, bodies, documents and post titles: diacritics optional, "
                        "names in part, document numbers without their suffix")
    async def search(q: str = Query(..., **TEXT, examples=["hoang nga", "Kết luận 137", "bi thu"])) -> Any:
        return await run(search_graph, text=q)

    @router.post("/labels", response_model=Labels,
                 summary="What the graph calls each IRI (a label, a title, or what an unlabelled node joins): "
                         "the query page shows these in its tables and graphs instead of raw IRIs")
    async def labels(body: LabelRequest) -> Any:
        try:
            return {"labels": await run(graph_labels, iris=body.iris)}
        except ValueError as e:
            raise HTTPException(422, str(e)) from None

    @router.get("/examples", response_model=list[Example],
                summary="The competency questions as SPARQL (the query page's tabs)")
    def examples() -> Any:
        return [{"name": n, "title": query_title(n), "query": query_text(n),
                 "params": [vars(p) for p in declared(query_text(n))]} for n in query_names()]

    return router
