"""Who owns a store directory: one writer at a time, readers only without one.

RocksDB lets a read-only open sit beside a writer, and then the reader meets
files the writer's compaction has just removed ("No such file or directory
... 000389.sst"). So every open of a store directory takes a lock first
(`flock` on `partygraph.lock` in the directory): a writer alone
(exclusive), readers together (shared). The kernel drops the lock when its
process ends, however it ends (SIGKILL included), so a dead owner never
blocks the next one.

The owner writes who it is (PID, command, and the URL when it is a
server) beside the lock, so that a refused process can say whom to ask:
`partygraph serve` owns its store for as long as it runs, and everything
else goes through it (graph/ and api/ read `Owner.url`).
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .errors import StoreBusy

LOCK_FILE = "partygraph.lock"
OWNER_FILE = "partygraph-owner.json"
# The write credential of a server owning the store (mode 0600: only the
# user who started it, who may load into the store anyway, can read it).
TOKEN_FILE = "partygraph-token"


@dataclass(frozen=True)
class Owner:
    pid: int
    command: str
    url: str | None = None

    def describe(self) -> str:
        who = f"{self.command} (PID {self.pid})"
        return f"{who} at {self.url}" if self.url else who


class StoreLock:
    """A held lock on one store directory (see the module docstring)."""

    def __init__(self, directory: Path, handle: IO[str], exclusive: bool):
        self.directory, self._handle, self.exclusive = directory, handle, exclusive

    @classmethod
    def acquire(cls, directory: str | Path, exclusive: bool, command: str | None = None) -> "StoreLock":
        """Take the lock without waiting, or raise StoreBusy naming the holder."""
        directory = Path(directory)
        try:
            handle = open(directory / LOCK_FILE, "a+", encoding="utf-8")
        except PermissionError:
            if exclusive:
                raise
            # a reader of a store it may not write: lock through a read-only handle
            handle = open(directory / LOCK_FILE, "r", encoding="utf-8")
        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as e:
            handle.close()
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            raise _busy(directory) from None
        lock = cls(directory, handle, exclusive)
        if exclusive:
            lock.announce(None, command)
        return lock

    def announce(self, url: str | None, command: str | None = None) -> None:
        """Say who owns the store (and where it answers, for a server)."""
        if not self.exclusive:
            raise ValueError("only the store's writer announces itself")
        owner = {"pid": os.getpid(), "command": command or _command(), "url": url}
        tmp = self.directory / (OWNER_FILE + ".tmp")
        tmp.write_text(json.dumps(owner), encoding="utf-8")
        tmp.replace(self.directory / OWNER_FILE)

    def release(self) -> None:
        if self._handle.closed:
            return
        if self.exclusive:
            (self.directory / OWNER_FILE).unlink(missing_ok=True)
        self._handle.close()   # closing the file drops the flock


def owner_of(directory: str | Path) -> Owner | None:
    """The process writing the store now, None when none is; a store that is
    only being read has no owner."""
    directory = Path(directory)
    if not (directory / LOCK_FILE).exists():
        return None
    try:
        lock = StoreLock.acquire(directory, exclusive=False)
    except StoreBusy as e:
        return e.owner
    lock.release()
    return None


def read_token(directory: str | Path) -> str | None:
    """The write token a server owning `directory` left there, if this user may read it."""
    try:
        return (Path(directory) / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def write_token(directory: str | Path, token: str) -> Path:
    """Leave the server's write token in the store, readable by its user alone."""
    path = Path(directory) / TOKEN_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)   # an older file may have had other bits
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token + "\n")
    return path


def _owner_record(directory: Path) -> Owner | None:
    """Who announced itself as the writer, if that process is alive (a
    writer killed outright leaves its record behind)."""
    try:
        data = json.loads((directory / OWNER_FILE).read_text(encoding="utf-8"))
        owner = Owner(int(data["pid"]), str(data.get("command") or "partygraph"), data.get("url") or None)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(owner.pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass   # alive, another user's
    return owner


def _busy(directory: Path) -> StoreBusy:
    owner = _owner_record(directory)
    if owner is None:   # only readers hold it
        return StoreBusy(f"the store {directory} is open in another partygraph process "
                         "(a query, export or validation reading it): try again when it has finished")
    if owner.url:
        return StoreBusy(f"the store {directory} is served by {owner.describe()}: use it through "
                         f"that server (SPARQL at {owner.url}/sparql, exports at {owner.url}/api/export, "
                         f"loads with partygraph load ARTICLES --store {directory}), or stop it first", owner)
    return StoreBusy(f"the store {directory} is being written by {owner.describe()}: "
                     "wait for it to finish, then try again", owner)


def _command() -> str:
    """How the owner was started, as a person would name it ("partygraph serve")."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if program in ("partygraph", "cli.py", "__main__.py") and len(sys.argv) > 1:
        return f"partygraph {sys.argv[1]}"
    return program if program and not program.startswith("-") else "python"
