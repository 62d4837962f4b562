"""The errors of the store layer, apart so that every store module can raise them."""
from __future__ import annotations

from typing import Any


class StoreError(RuntimeError):
    """A store that cannot be opened or written, with the reason."""


class StoreBusy(StoreError):
    """The store directory is in use by another process; the message says
    by whom and what to do instead (graph/owner.py), `owner` who it is."""

    def __init__(self, message: str, owner: Any = None):
        super().__init__(message)
        self.owner = owner


class QueryError(ValueError):
    """A SPARQL query that does not parse or cannot run."""
