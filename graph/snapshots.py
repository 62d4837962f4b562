"""Read-only snapshots of a store that its owner keeps writing.

A server owns its store (graph/owner.py) and writes to it while queries run
in other processes (api/query_pool.py). Those processes must not open the
live store's files, which the writer's compactions remove; they open a
snapshot instead: a RocksDB checkpoint, made of hard links to the store's
immutable files (cheap, and no bigger on disk until the store compacts
them away), which nobody ever writes. The owner publishes a new snapshot
after writing; a snapshot nobody reads any more is removed.

Snapshots live in the store's folder (hard links need the same file
system) under `.snapshots/`; whoever owns the store next removes any left
behind by an owner that was killed.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .store import LocalStore

FOLDER = ".snapshots"


class Snapshots:
    """The snapshots of one store, which its owner (the caller) keeps open for writing."""

    def __init__(self, store: LocalStore):
        if store.read_only or store.location == ":memory:":
            raise ValueError("snapshots are taken of a store on disk opened for writing")
        self.store = store
        self.root = Path(store.location) / FOLDER
        shutil.rmtree(self.root, ignore_errors=True)   # a previous owner's, unread now: we own the store
        self.root.mkdir()
        self._next = 1

    def take(self) -> str:
        """A new snapshot of the store as it is now; its folder."""
        target = self.root / str(self._next)
        self._next += 1
        self.store.backup(target)
        return str(target)

    def remove(self, location: str) -> None:
        """Delete a snapshot nobody reads any more (only one of ours)."""
        path = Path(location)
        if path.parent == self.root:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
