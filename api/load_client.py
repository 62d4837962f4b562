"""`partygraph load` into a running partygraph server (api/write_routes.py).

The articles are read, extracted and checked here, in `--workers`
processes, exactly as for a local load (graph/ingest.py); the server, which
owns the store, writes each batch and, at the end, resolves people, rebuilds
the listing index and lets SPARQL see the new articles.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

import httpx

from partygraph.graph.ingest import BATCH_SIZE, LoadReport, Prepared, prepared_batches
from partygraph.graph.owner import TOKEN_FILE, owner_of, read_token

TOKEN_ENV = "PARTYGRAPH_TOKEN"


class ServerLoadError(RuntimeError):
    """The load through the server could not go on; the message says why and what to do."""


@dataclass(frozen=True)
class PartygraphServer:
    base: str                 # http://host:port, where /write/... and /sparql are
    store: str | None         # its store directory, as it reports it
    writable: bool


def find_server(url: str, timeout: float = 5.0) -> PartygraphServer | None:
    """The partygraph server at `url` (its root or any of its endpoints),
    None when something else answers there (another SPARQL server)."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    try:
        r = httpx.get(f"{base}/health", timeout=timeout)
        info = r.json() if r.status_code == 200 else {}
    except (httpx.HTTPError, ValueError):
        return None
    if not isinstance(info, dict) or info.get("service") != "partygraph":
        return None
    return PartygraphServer(base, info.get("store"), bool(info.get("writable")))


def token_from(token_file: Path | None) -> str | None:
    """The write token: --token-file, else $PARTYGRAPH_TOKEN."""
    if token_file is not None:
        try:
            return token_file.read_text(encoding="utf-8").strip() or None
        except OSError as e:
            raise ServerLoadError(f"cannot read the token file {token_file}: {e.strerror or e}") from None
    return os.environ.get(TOKEN_ENV, "").strip() or None


def server_for_load(store: str, token_file: Path | None = None) -> tuple[PartygraphServer, str] | None:
    """Where `partygraph load --store STORE` must write: (the partygraph
    server, its token) when STORE is one or a directory one owns; None for
    a store to open directly (a free directory, another SPARQL server).
    ServerLoadError, saying what to run instead, when it cannot."""
    if store.startswith(("http://", "https://")):
        server = find_server(store)
        if server is None:
            return None
        if urlsplit(store).path.strip("/"):
            raise ServerLoadError(f"{store} is a read-only endpoint of the partygraph server at {server.base}: "
                                  f"load through the server itself: partygraph load ARTICLES --store {server.base} "
                                  f"(with its write token in ${TOKEN_ENV})")
        token = token_from(token_file) or (read_token(server.store) if server.store else None)
        if not token:
            raise ServerLoadError(f"loading into the partygraph server at {server.base} needs its write token: "
                                  f"set ${TOKEN_ENV} or pass --token-file FILE (the server keeps it in "
                                  f"STORE/{TOKEN_FILE})")
        return server, token
    if not Path(store).is_dir():
        return None
    owner = owner_of(store)
    if owner is None or not owner.url:
        return None   # free, or being written by a load: opening it says so
    server = find_server(owner.url)
    if server is None:
        raise ServerLoadError(f"the store {store} is owned by {owner.describe()}, which does not answer "
                              "there: wait for it to start or stop it, then load again")
    token = token_from(token_file) or read_token(store)
    if not token:
        raise ServerLoadError(f"the store {store} is served by {owner.describe()}: load through it with its "
                              f"write token: {TOKEN_ENV}=TOKEN partygraph load ARTICLES --store {owner.url}")
    return server, token


def _payload(batch: list[Prepared]) -> bytes:
    return json.dumps({"articles": [
        {"name": p.name, "source": p.shown_as, "nquads": p.nquads.decode("utf-8"),
         "entities": p.entities.decode("utf-8"), "quads": p.quads, "id": p.id, "text_sha": p.text_sha,
         "url": p.url, "title": p.title, "publisher": p.publisher} for p in batch]},
        ensure_ascii=False).encode("utf-8")


class ServerLoad:
    """One load through the server at `server.base` with `token`."""

    def __init__(self, server: PartygraphServer, token: str, timeout: float = 600.0):
        self.server = server
        self._client = httpx.Client(timeout=timeout, headers={"Authorization": f"Bearer {token}"})
        self.written = 0
        self.write_s = 0.0    # waiting for the server's writes (bench/served.py reports it)
        self.finish_s = 0.0   # waiting for its resolution, listing index and snapshot

    def run(self, paths: Iterable[str | Path], workers: int = 1, batch_size: int = BATCH_SIZE,
            on_article: Callable[[str], None] | None = None, resolve: bool = True,
            cluster: str | None = None) -> LoadReport:
        report = LoadReport()
        try:
            for batch in prepared_batches(paths, report, workers, batch_size, cluster):
                t = time.perf_counter()
                answer = self._post("/write/articles", content=_payload(batch),
                                    headers={"Content-Type": "application/json"})
                self.write_s += time.perf_counter() - t
                report.loaded.extend(answer["loaded"])
                report.kept_once.extend((str(a), str(b)) for a, b in answer.get("kept_once", []))
                report.skipped.extend((str(a), str(b)) for a, b in answer["skipped"])
                report.quads += int(answer["quads"])
                self.written += len(answer["loaded"])
                if on_article:
                    for p in batch:
                        on_article(p.name)
            t = time.perf_counter()
            self._post("/write/finish", params={"resolve": "true" if resolve else "false"})
            self.finish_s = time.perf_counter() - t
        finally:
            self._client.close()
        return report

    def _post(self, path: str, **kwargs) -> dict:
        url = self.server.base + path
        try:
            r = self._client.post(url, **kwargs)
        except httpx.HTTPError as e:
            raise ServerLoadError(
                f"the server at {self.server.base} stopped answering ({type(e).__name__}) after "
                f"{self.written} article(s) were written; each is whole, the rest absent: "
                "load the same articles again to complete the store") from None
        if r.status_code in (401, 403):
            raise ServerLoadError(f"the server at {self.server.base} refused the write: {_error(r)} "
                                  f"(its token is in STORE/partygraph-token, or ${TOKEN_ENV} where it was started)")
        if r.status_code != 200:
            raise ServerLoadError(f"the server at {self.server.base} refused the batch: HTTP {r.status_code} "
                                  f"{_error(r)}")
        return r.json()


def _error(r: httpx.Response) -> str:
    try:
        return str(r.json().get("error") or r.text[:200])
    except ValueError:
        return r.text[:200].strip()
