"""`partygraph serve`: the server process that owns a store.

The listening socket is bound first (a port in use fails before the store
is taken), then the app takes the store (api/server.py), then the owner
record names this server's URL (graph/owner.py), so that a `partygraph
load` of the same directory finds it and loads through it, with the write
token the server keeps in the store for its user.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
import socket
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from partygraph.graph.owner import write_token

from .load_client import TOKEN_ENV, token_from


def _listen(host: str, port: int) -> socket.socket:
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:   # a name: what it resolves to first
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    # IPPROTO_TCP named: asyncio sets TCP_NODELAY on accepted connections only
    # then, and without it Nagle's algorithm holds each small response ~40 ms
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _url(host: str, sock: socket.socket) -> str:
    port = sock.getsockname()[1]
    shown = host if host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def serve_store(store: str, host: str, port: int, token_file: Path | None, console: Console,
                query_timeout: float, query_workers: int, query_memory: int, max_connections: int,
                header_timeout: float, allowed_hosts: list[str]) -> None:
    """Serve `store` until interrupted (SIGINT/SIGTERM); see the module docstring."""
    import uvicorn

    from .http_server import ConnectionLimits, loopback_hosts, uvicorn_config
    from .server import create_app

    token = token_from(token_file)
    sock = _listen(host, port)
    url = _url(host, sock)
    try:
        web = create_app(store, query_timeout=query_timeout, query_workers=query_workers,
                         query_memory_mib=query_memory, allowed_hosts=allowed_hosts or loopback_hosts(host),
                         write_token=token or (token := secrets.token_urlsafe(32)))
    except BaseException:
        sock.close()
        raise
    live = web.state.live
    left_token = None
    if not (token_file or os.environ.get(TOKEN_ENV)):
        left_token = live.token_file = write_token(store, token)
    live.store.lock.announce(url, "partygraph serve")
    console.print(f"serving {escape(store)} on {url}/ (SPARQL at {url}/sparql)", highlight=False, soft_wrap=True)
    console.print(f"load into it: partygraph load ARTICLES --store {escape(store)}   "
                  f"(or --store {url} with ${TOKEN_ENV}"
                  + (f" from {escape(str(left_token))})" if left_token else ")"), highlight=False, soft_wrap=True)
    limits = ConnectionLimits(header_timeout=header_timeout, max_connections=max_connections)
    try:
        uvicorn.Server(uvicorn_config(web, host, sock.getsockname()[1], limits)).run(sockets=[sock])
    finally:
        live.close()   # idempotent: the app's shutdown closed it already when it ran
        sock.close()

