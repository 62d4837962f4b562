"""GET /api/export: the graph for Gephi, yEd, Cytoscape or D3, streamed.

The server includes `router` and keeps its store on `app.state.store`
(or overrides `get_store`)."""
from __future__ import annotations

from typing import List, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from graph.export import FORMATS, MEDIA_TYPES, SUFFIXES, ExportError, ExportFilter, check_format, iter_export
from graph.store import GraphStore

router = APIRouter(tags=["export"])


def get_store(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise HTTPException(status_code=503, detail="no store is open")
    return store


@router.get("/api/export", summary="Export the graph (GEXF, GraphML, Cytoscape.js, D3 node-link, PNG, SVG)")
def export_graph(
    format: str = Query(..., description="One of: " + ", ".join(FORMATS)),
    kind: Optional[List[str]] = Query(None, description="posts, mergers, citations (repeat or comma-separate)"),
    area: Optional[str] = Query(None, max_length=300, description="A unit ('xã Hạ Hòa') and what lies inside it"),
    as_of: Optional[str] = Query(None, max_length=40, description="Only facts reported on or before YYYY-MM-DD"),
    min_sources: int = Query(1, description="Only edges reported by at least N articles"),
    store: GraphStore = Depends(get_store),
) -> StreamingResponse:
    # A plain `def`: FastAPI runs it, and the streamed body, in its thread pool.
    try:
        fmt = check_format(format)
        kinds = [k for item in (kind or []) for k in item.split(",")]
        chunks = iter_export(store, fmt, ExportFilter.of(kinds, area, as_of, min_sources))
    except ExportError as e:
        raise HTTPException(status_code=400, detail=str(e)) from None
    return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="partygraph{SUFFIXES[fmt]}"'})
