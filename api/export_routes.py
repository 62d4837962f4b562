"""GET /api/export: the graph for Gephi, yEd, Cytoscape or D3, streamed.

The server includes `router` and keeps its store on `app.state.store`
(or overrides `get_store`).

Every export is capped (ExportLimits: most nodes and edges; 413 beyond
them) and only a few run at once (503 with Retry-After when all are busy),
so no request can make the server build and stream a file of any size or
tie up its threads. `configure_exports(app, ...)` sets both; unset, they
come from PARTYGRAPH_EXPORT_MAX_NODES, PARTYGRAPH_EXPORT_MAX_EDGES and
PARTYGRAPH_EXPORTS_AT_ONCE, or the defaults below.
"""
from __future__ import annotations

import os
import threading
from typing import AsyncIterator, Iterator, List, Optional

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask
from starlette.concurrency import iterate_in_threadpool

from partygraph.graph.export import (FORMATS, MEDIA_TYPES, SERVER_LIMITS, SUFFIXES, ExportError, ExportFilter,
                          ExportLimits, ExportTooLarge, PictureUnavailable, check_format, iter_export)
from partygraph.graph.store import GraphStore

router = APIRouter(tags=["export"])

EXPORTS_AT_ONCE = 2     # two shared cores: more at once only makes each slower
RETRY_AFTER = 5         # seconds; an export of the capped size takes a few

NARROWING = ("narrow it with kind (posts, mergers or citations), area (a unit and what lies "
             "inside it, e.g. area=xã Hạ Hòa), as_of=YYYY-MM-DD or min_sources=N, or write the "
             "whole graph to a file with the command line, which has no cap: "
             "partygraph export --store STORE --format FORMAT --out FILE")

DESCRIPTION = f"""
The graph of people, bodies, administrative units and documents, as a file
for a drawing tool: `gexf` (Gephi), `graphml` (yEd), `cytoscape`
(Cytoscape.js JSON), `nodelink` (D3 JSON), or `png`/`svg`, a picture of at
most a few dozen nodes. Files are streamed as they are written.

**Narrowing** (all combine): `kind` keeps only posts, mergers or citations
(repeat it or separate with commas); `area` keeps a unit and what lies
inside it; `as_of` keeps facts reported on or before a date; `min_sources`
keeps edges reported by at least N articles.

**Limits.** One export holds at most a configured number of nodes and of
edges (by default {SERVER_LIMITS.max_nodes:,} and {SERVER_LIMITS.max_edges:,}; the server's
operator sets `PARTYGRAPH_EXPORT_MAX_NODES` / `PARTYGRAPH_EXPORT_MAX_EDGES`).
A larger export is refused with **413**, whose message gives the numbers it
would hold, by node kind and edge relation, so you can see which filter
helps. Pictures are not capped (they draw a small part whatever matches).
For the whole graph of a large store, run `partygraph export` where the
store is: it writes a file and has no cap.

At most {EXPORTS_AT_ONCE} exports run at once (`PARTYGRAPH_EXPORTS_AT_ONCE`); when all
are busy the answer is **503** with `Retry-After`.

**Errors**: 400 for a bad format, kind, date, area or count (the message
says which); 501 for `png`/`svg` on a server without matplotlib (the `viz`
extra: `pip install 'partygraph[viz]'`).
"""


def get_store(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise HTTPException(status_code=503, detail="no store is open")
    return store


# ------------------------------------------------------------ limits
_setup = threading.Lock()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} wants a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} wants a whole number of at least 1, not {value}")
    return value


class _Slot:
    """One running export's place, given back once however the stream ends."""

    def __init__(self, slots: threading.BoundedSemaphore):
        self._slots, self._lock, self._held = slots, threading.Lock(), True

    def release(self) -> None:
        with self._lock:
            if self._held:
                self._held = False
                self._slots.release()


def configure_exports(app: FastAPI, limits: ExportLimits | None = None, at_once: int | None = None) -> None:
    """Set the app's export limits and how many exports may run at once
    (None: from the environment, else the defaults). Call before serving."""
    if at_once is not None and at_once < 1:
        raise ValueError(f"at_once must be at least 1, not {at_once}")
    with _setup:
        app.state.export_limits = limits or ExportLimits.from_env(default=SERVER_LIMITS)
        app.state.export_slots = threading.BoundedSemaphore(
            at_once or _env_int("PARTYGRAPH_EXPORTS_AT_ONCE", EXPORTS_AT_ONCE))


def _settings(app: FastAPI) -> tuple[ExportLimits, threading.BoundedSemaphore]:
    if getattr(app.state, "export_slots", None) is None:
        with _setup:
            if getattr(app.state, "export_slots", None) is None:
                if getattr(app.state, "export_limits", None) is None:
                    app.state.export_limits = ExportLimits.from_env(default=SERVER_LIMITS)
                app.state.export_slots = threading.BoundedSemaphore(
                    _env_int("PARTYGRAPH_EXPORTS_AT_ONCE", EXPORTS_AT_ONCE))
    return app.state.export_limits, app.state.export_slots


async def _streamed(chunks: Iterator[bytes], slot: _Slot) -> AsyncIterator[bytes]:
    try:
        async for chunk in iterate_in_threadpool(chunks):
            yield chunk
    finally:   # sent whole, failed, or the client went away
        slot.release()


# ------------------------------------------------------------- route
@router.get("/api/export", summary="Export the graph (GEXF, GraphML, Cytoscape.js, D3 node-link, PNG, SVG)",
            description=DESCRIPTION, responses={
                400: {"description": "A bad format, kind, date, area or count"},
                413: {"description": "More nodes or edges than one export may hold; the message "
                                     "gives the numbers and how to narrow the export"},
                501: {"description": "png/svg on a server without matplotlib (the viz extra)"},
                503: {"description": "All export slots are busy (see Retry-After)"}})
def export_graph(
    request: Request,
    format: str = Query(..., description="One of: " + ", ".join(FORMATS)),
    kind: Optional[List[str]] = Query(None, description="posts, mergers, citations (repeat or comma-separate)"),
    area: Optional[str] = Query(None, max_length=300, description="A unit ('xã Hạ Hòa') and what lies inside it"),
    as_of: Optional[str] = Query(None, max_length=40, description="Only facts reported on or before YYYY-MM-DD"),
    min_sources: int = Query(1, description="Only edges reported by at least N articles"),
    store: GraphStore = Depends(get_store),
) -> StreamingResponse:
    # A plain `def`: FastAPI runs it in its thread pool; the body streams from there too.
    try:
        fmt = check_format(format)
        kinds = [k for item in (kind or []) for k in item.split(",")]
        filters = ExportFilter.of(kinds, area, as_of, min_sources)
    except PictureUnavailable as e:
        raise HTTPException(status_code=501, detail=str(e)) from None
    except ExportError as e:
        raise HTTPException(status_code=400, detail=str(e)) from None
    limits, slots = _settings(request.app)
    if not slots.acquire(blocking=False):
        raise HTTPException(status_code=503, headers={"Retry-After": str(RETRY_AFTER)},
                            detail=f"the server is making as many exports as it makes at once; "
                                   f"try again in {RETRY_AFTER} seconds")
    slot = _Slot(slots)
    try:
        chunks = iter_export(store, fmt, filters, limits)
    except ExportTooLarge as e:
        slot.release()
        raise HTTPException(status_code=413, detail=f"{e}: {NARROWING}") from None
    except PictureUnavailable as e:
        slot.release()
        raise HTTPException(status_code=501, detail=str(e)) from None
    except ExportError as e:
        slot.release()
        raise HTTPException(status_code=400, detail=str(e)) from None
    except BaseException:
        slot.release()
        raise
    return StreamingResponse(_streamed(chunks, slot), media_type=MEDIA_TYPES[fmt],
                             background=BackgroundTask(slot.release), headers={
                                 "Content-Disposition": f'attachment; filename="partygraph{SUFFIXES[fmt]}"'})
