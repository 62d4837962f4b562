"""Opening a store: the embedded one (graph/store.py) for a directory or
none (in memory), a SPARQL 1.1 server (graph/remote.py) for an http(s)
URL. Both implement graph/store_protocol.py; this module alone imports
both, so neither imports the other.

It imports the derived graphs partygraph keeps (graph/listings.py) too,
which declare themselves when imported: every store opened here leaves
them out of its counts and drops them when written.
"""
from __future__ import annotations

from pathlib import Path

from . import listings  # noqa: F401 -- declares the listing index a derived graph
from .remote import RemoteStore
from .store import LocalStore
from .store_protocol import GraphStore


def open_store(location: str | Path | None, read_only: bool = False,
               remote: dict[str, str | None] | None = None) -> GraphStore:
    """A directory (created if missing), in memory when None, or, for
    `http(s)://` locations, a remote SPARQL 1.1 server; `remote` gives its
    profile and endpoints (server=, update_url=, graph_store_url=:
    graph/remote.RemoteStore). `read_only` opens a directory beside other
    readers (graph/owner.py); a server decides itself what it lets write."""
    loc = str(location) if location is not None else None
    if loc and loc.startswith(("http://", "https://")):
        return RemoteStore(loc, **(remote or {}))
    return LocalStore(loc, read_only=read_only)
