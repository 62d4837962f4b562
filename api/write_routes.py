"""Loading through the server: /write/articles and /write/finish.

`partygraph load ARTICLES --store http://HOST:PORT` reads and extracts the
articles where they are (api/load_client.py) and sends the prepared quads
here in batches; the server, owner of the store, writes them
(api/live_store.py). Every request needs the server's write token
(`Authorization: Bearer TOKEN`); the public /sparql stays read-only.

A batch is JSON: {"articles": [{"name", "source", "nquads", "entities",
"quads", "id", "text_sha", "url", "title", "publisher"}]}, N-Quads as text, each article's quads in its own graph and the
entities graph only (checked here). The answer lists what was loaded and
what was skipped, with the reason, as a local load reports it.
"""
from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from partygraph.graph.ingest import Prepared
from partygraph.graph.store import StoreError

from .live_store import LiveStore

T = TypeVar("T")

MAX_BATCH_BYTES = 256 << 20   # one request; the client sends far less (api/load_client.py)


class WriteRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def _authorise(request: Request, token: str | None) -> None:
    if not token:
        raise WriteRefused(403, "this server takes no writes (it was started without a write token)")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not value:
        raise WriteRefused(401, "a write needs the server's token: Authorization: Bearer TOKEN")
    if not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise WriteRefused(403, "wrong write token")


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BATCH_BYTES:
        raise WriteRefused(413, f"a batch is limited to {MAX_BATCH_BYTES >> 20} MiB: send fewer articles at once")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BATCH_BYTES:
            raise WriteRefused(413, f"a batch is limited to {MAX_BATCH_BYTES >> 20} MiB")
    return bytes(body)


def _batch(body: bytes) -> list[Prepared]:
    try:
        data = json.loads(body)
        items = data["articles"]
        if not isinstance(items, list):
            raise TypeError("'articles' is not a list")
        return [Prepared(name=str(a["name"]), source=str(a.get("source") or a["name"]),
                         nquads=str(a.get("nquads", "")).encode("utf-8"),
                         entities=str(a.get("entities", "")).encode("utf-8"), quads=int(a.get("quads", 0)),
                         id=_ident(a["id"]), text_sha=_sha(a["text_sha"]), url=_text(a.get("url")),
                         title=_text(a.get("title")), publisher=_text(a.get("publisher")))
                for a in items]
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise WriteRefused(400, f"not a batch of articles ({type(e).__name__}: {e})") from None


_IDENT = re.compile(r"[ut]-[0-9a-f]{24}\Z")
_SHA = re.compile(r"[0-9a-f]{64}\Z")


def _ident(value) -> str:
    if not isinstance(value, str) or not _IDENT.match(value):
        raise ValueError(f"not an article id: {value!r}")
    return value


def _sha(value) -> str:
    if not isinstance(value, str) or not _SHA.match(value):
        raise ValueError(f"not a SHA-256: {value!r}")
    return value


def _text(value) -> str | None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _refused(e: WriteRefused) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if e.status == 401 else None
    return JSONResponse({"error": e.message}, status_code=e.status, headers=headers)


def make_router(live: LiveStore, token: str | None) -> APIRouter:
    router = APIRouter()
    # one write at a time reaches the store anyway (LiveStore's lock);
    # more would only hold threads the lookups need
    writers = anyio.CapacityLimiter(1)

    async def written(request: Request, work: Callable[..., T], answer: Callable[[T], dict],
                      batch: bool = False) -> JSONResponse:
        """work() -- work(the request's batch), with `batch` -- in the writer
        thread once the token is checked; its answer(), or why it was refused
        (503: the store is going away)."""
        try:
            _authorise(request, token)
            args = (_batch(await _body(request)),) if batch else ()
        except WriteRefused as e:
            return _refused(e)
        try:
            done = await anyio.to_thread.run_sync(work, *args, limiter=writers)
        except StoreError as e:
            return _refused(WriteRefused(503, str(e)))
        return JSONResponse(answer(done))

    @router.post("/write/articles", summary="Write prepared articles (needs the write token)",
                 include_in_schema=False)
    async def write_articles(request: Request) -> JSONResponse:
        return await written(request, live.write, lambda report: {
            "loaded": report.loaded, "skipped": [list(s) for s in report.skipped],
            "kept_once": [list(k) for k in report.kept_once], "quads": report.quads}, batch=True)

    @router.post("/write/finish", summary="Resolve, index and publish a load (needs the write token)",
                 include_in_schema=False)
    async def finish(request: Request, resolve: bool = True) -> JSONResponse:
        return await written(request, partial(live.finish, resolve), lambda done: {
            "graphs": done.graphs, "people": done.people, "mentions": done.mentions})

    return router
