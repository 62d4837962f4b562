"""The HTTP server: one FastAPI app over one store.

- `/sparql`: the SPARQL 1.1 Protocol endpoint (api/sparql.py), read-only;
- `/api/...`: the REST lookups (api/rest.py over graph/lookups.py);
- `/`: the query page (api/static/: YASGUI pointed at /sparql, the
  competency questions as tabs, a search box over officials);
- `/health`.

The server owns its store (graph/owner.py): it holds it open for writing,
and loads come to it through `/write/...` (api/write_routes.py, with the
write token) -- see api/live_store.py for how REST and SPARQL see them at
once. While it runs, every other process uses the store through it.

Other routers (e.g. `/api/export`) join through `extra_routers`, or by
existing as a module in `OPTIONAL_ROUTERS` with a `router` attribute.
"""
from __future__ import annotations

import importlib
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Iterable

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .sparql import SparqlLimits, make_router

STATIC = Path(__file__).resolve().parent / "static"
# Routers of other features, included when their module is present.
OPTIONAL_ROUTERS = ("partygraph.api.export_routes",)


def _optional_routers() -> list[APIRouter]:
    found = []
    for name in OPTIONAL_ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:  # the module exists but is broken: say so
                raise
            continue
        found.append(module.router)
    return found


def create_app(store_location: str, query_timeout: float = 30.0, query_workers: int = 2,
               max_body_bytes: int = 1_000_000, query_memory_mib: int = 1024,
               allowed_hosts: Iterable[str] | None = None,
               extra_routers: Iterable[APIRouter] | None = None,
               write_token: str | None = None) -> FastAPI:
    """The app over the store at `store_location` (a directory `partygraph
    load` wrote), which it owns from now until its shutdown (StoreBusy if
    another process does). SPARQL queries stop after `query_timeout`
    seconds; writes need `write_token` (none: the server takes no writes)."""
    from partygraph.graph.store import StoreError

    from .live_store import LiveStore
    from .entity_routes import make_router as make_entity_router
    from .example_routes import make_router as make_example_router
    from .write_routes import make_router as make_write_router

    location = str(store_location)
    if not Path(location).is_dir():
        raise StoreError(f"no store at {location} (load articles first: partygraph load ARTICLES --store {location})")
    live = LiveStore(location, pool_size=query_workers, query_timeout=query_timeout, memory_mib=query_memory_mib)
    store, pool = live.store, live.pool
    limits = SparqlLimits(timeout=query_timeout, max_body_bytes=max_body_bytes, workers=query_workers,
                          memory_mib=query_memory_mib)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        pool.start()
        live.graphs()   # read now, so that /health never waits for the store
        yield
        live.close()

    # /docs and /redoc are served below from vendored assets, not FastAPI's CDN links
    app = FastAPI(title="partygraph", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who held which post where, when, and says who: a knowledge graph "
                              "of Vietnamese Party-building news, with its sources.")
    app.state.store = store
    app.state.live = live
    app.state.pool = pool
    app.state.limits = limits

    from .rest import make_router as make_rest_router

    app.include_router(make_router(pool, limits, live.graphs))
    app.include_router(make_rest_router(store))
    app.include_router(make_write_router(live, write_token))
    app.include_router(make_example_router(pool, limits.workers + limits.waiting))
    app.include_router(make_entity_router(store))
    for router in [*_optional_routers(), *(extra_routers or [])]:
        app.include_router(router)

    if allowed_hosts is not None:
        # a Host header check: a page on another site cannot reach this
        # server through a name that resolves to it (DNS rebinding)
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    # async and without I/O: it runs on the event loop, so busy threads and
    # queued queries never delay it
    @app.get("/health", summary="Liveness and what is served")
    async def health() -> JSONResponse:
        return JSONResponse({"status": "ok", "service": "partygraph", "store": location,
                             "graphs": len(live.graphs()), "query_timeout": query_timeout,
                             "writable": bool(write_token)})

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    # Nothing but this server: the pages' scripts are vendored, and the CSP
    # keeps them from fetching anything else (ReDoc's footer logo on a CDN).
    docs_policy = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                              "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
                                              "worker-src 'self' blob:; connect-src 'self'"}

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="partygraph API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png")
        page.headers.update(docs_policy)
        return page

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(openapi_url="/openapi.json", title="partygraph API",
                              redoc_js_url="/static/vendor/redoc/redoc.standalone.js",
                              redoc_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
                              with_google_fonts=False)
        page.headers.update(docs_policy)
        return page

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
