"""What every `partygraph` command shares: the error console, exit codes,
the store options and opening the store they name."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

err = Console(stderr=True)

DEFAULT_STORE = ".store"

# Exit codes: 0 all done, 1 some inputs skipped (the rest was done),
# 2 nothing could be done (bad arguments, bad query, store unavailable).
EXIT_PARTIAL = 1
EXIT_FAILED = 2


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    # One line, printed as written: `[viz]` in a message is text, not markup.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


STORE = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory or SPARQL endpoint URL.")
# Where a --store URL's server takes queries, updates and Graph Store
# requests (graph/endpoints.py); the login comes from the environment only.
SERVER = typer.Option(None, "--server", envvar="PARTYGRAPH_SERVER", metavar="oxigraph|virtuoso|fuseki|qlever|sparql",
                      help="The family of the SPARQL server a --store URL names (default: read from its "
                           "Server header; `sparql`: any other, the URL being its query endpoint). Login: "
                           "$PARTYGRAPH_STORE_USER/$PARTYGRAPH_STORE_PASSWORD or $PARTYGRAPH_STORE_TOKEN.")
UPDATE_URL = typer.Option(None, "--update-url", envvar="PARTYGRAPH_UPDATE_URL",
                          help="The server's SPARQL Update endpoint, when its profile has it elsewhere.")
GRAPH_STORE_URL = typer.Option(None, "--graph-store-url", envvar="PARTYGRAPH_GRAPH_STORE_URL",
                               help="The server's Graph Store Protocol endpoint (writes go there when given).")
# --token-file: the file of a server's write token, which `load` sends and `serve` takes.
LOAD_TOKEN_FILE = typer.Option(None, "--token-file",
                               help="The write token of the partygraph server to load through (default: "
                                    "$PARTYGRAPH_TOKEN, or the one the server left in its store).")
SERVE_TOKEN_FILE = typer.Option(None, "--token-file",
                                help="Read the write token from this file (default: $PARTYGRAPH_TOKEN, else "
                                     "a new one, left in the store for its user).")
CLUSTER = typer.Option(None, "--cluster", metavar="tcp://HOST:PORT",
                       help="Extract on the Dask cluster whose scheduler is here (pip install 'partygraph[cluster]'; "
                            "the workers need partygraph installed, not the files); --workers is then unused.")


def _remote(server: str | None, update_url: str | None, graph_store_url: str | None) -> dict[str, str | None]:
    return {"server": server, "update_url": update_url, "graph_store_url": graph_store_url}


def _is_url(store: str) -> bool:
    return store.startswith(("http://", "https://"))


def _require_store(store: str) -> None:
    """A store directory that is not there is refused, saying how to make one."""
    if not Path(store).exists() and not _is_url(store):
        _fail(f"no store at {store} (load articles first: partygraph load ARTICLES --store {store})")


def _open(store: str, read_only: bool = False, through_server: bool = False,
          remote: dict[str, str | None] | None = None):
    """The store at `store`; a directory a server owns is refused (naming
    the server), or, with `through_server`, read through its /sparql.
    `remote` is a URL's profile and endpoints (--server, --update-url,
    --graph-store-url)."""
    from partygraph.graph.owner import owner_of
    from partygraph.graph.errors import StoreError
    from partygraph.graph.stores import open_store

    try:
        if through_server and not _is_url(store):
            owner = owner_of(store) if Path(store).is_dir() else None
            if owner is not None and owner.url:
                err.print(f"{escape(store)} is served by {escape(owner.describe())}: asking it",
                          highlight=False, soft_wrap=True)
                return open_store(f"{owner.url}/sparql")
        return open_store(store, read_only=read_only, remote=remote if _is_url(store) else None)
    except StoreError as e:
        _fail(str(e))
