"""`partygraph serve`: the store behind /sparql, the REST API and the query
page (api/serving.py), the one owner of its store while it runs."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .cli_common import DEFAULT_STORE, SERVE_TOKEN_FILE, _fail, err


def serve(
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory (as written by load)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535),
    query_timeout: float = typer.Option(30.0, "--query-timeout", min=0.1, help="Seconds a SPARQL query may run."),
    query_workers: int = typer.Option(2, "--query-workers", min=1, help="SPARQL queries run at once."),
    query_memory: int = typer.Option(1024, "--query-memory", min=64,
                                     help="MiB of memory one SPARQL query may use; past it, 503."),
    max_connections: int = typer.Option(4096, "--max-connections", min=16, help="Connections open at once."),
    header_timeout: float = typer.Option(10.0, "--header-timeout", min=0.5,
                                         help="Seconds a connection has to send its request."),
    allowed_host: list[str] = typer.Option([], "--allowed-host",
                                           help="Host names clients may use (default: loopback names when "
                                                "bound to a loopback address, any otherwise)."),
    token_file: Optional[Path] = SERVE_TOKEN_FILE,
) -> None:
    """Serve the store: /sparql (SPARQL 1.1 Protocol, read-only), /api/... (REST), / (query page).
    The server owns the store while it runs: load into it with `partygraph load ARTICLES --store STORE`
    (which goes through the server), and every answer includes what was loaded."""
    from partygraph.graph.store import StoreError

    from .load_client import ServerLoadError
    from .serving import serve_store

    try:
        serve_store(store, host, port, token_file, err, query_timeout=query_timeout,
                    query_workers=query_workers, query_memory=query_memory, max_connections=max_connections,
                    header_timeout=header_timeout, allowed_hosts=allowed_host)
    except (StoreError, ServerLoadError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot listen on {host}:{port}: {e.strerror or e}")
