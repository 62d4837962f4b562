"""Time- and memory-limited SPARQL queries: a small pool of worker
processes (api/query_worker.py), each with the store open read-only.

A query cannot be interrupted inside Oxigraph (one `next()` of an ORDER BY
over a cross product can run for hours), and a Python thread cannot be
killed, so each query runs in a child process: on timeout the child is
killed and replaced, and the server goes on. A child that ends on its own
mid-query (its memory cap reached, or a crash) is replaced too. The pool is
bounded, so slow queries can occupy at most `size` processes; a request that
finds no free worker within its time limit also gets a timeout.

Answers come back as a stream of pieces (`Answer.chunks`), read from the
worker while the HTTP response is written: the worker goes back to the pool
only once its answer has been read to the end.

Workers read the store at `location`, a snapshot nobody writes
(api/server.py): `publish` names a newer one, which each worker opens
before its next query; a snapshot no worker reads any more is handed to
`retire` (deleted by the server).
"""
from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Callable, Iterator


class QueryTimeout(TimeoutError):
    """The query ran past its time limit (or found no free worker in time)."""


class QueryFailed(ValueError):
    """The query could not run; `syntax` tells a malformed query from other failures."""

    def __init__(self, message: str, syntax: bool = False):
        super().__init__(message)
        self.syntax = syntax


class QueryTooLarge(QueryFailed):
    """The query needed more memory than a worker may use."""


@dataclass
class Answer:
    kind: str          # "solutions", "boolean" or "graph"
    media_type: str
    chunks: Iterator[bytes] = field(repr=False)

    @property
    def body(self) -> bytes:
        """The whole answer (reads the stream to its end)."""
        return b"".join(self.chunks)


class _Worker:
    """A fresh interpreter (`python -m partygraph.api.query_worker FD MIB`), not a
    fork: a forked child would inherit the parent's RocksDB handles and
    threads, and multiprocessing's spawn would re-import the main script."""

    def __init__(self, memory_mib: int):
        parent, child = socket.socketpair()
        self.location: str | None = None   # the snapshot it has open (or is opening)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "partygraph.api.query_worker", str(child.fileno()), str(memory_mib)],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
            env={**os.environ, "RUST_BACKTRACE": "0"})   # a capped query ends in one line, not a backtrace
        child.close()
        self.conn = Connection(parent.detach())
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        status, detail = self._reply(timeout, "the query worker did not start in time",
                                     "the query worker did not start")
        if status == "unsafe":
            raise QueryFailed(f"the query worker refused to run without a network sandbox: {detail}")
        self.ready = status == "ready"

    def open(self, location: str, timeout: float) -> None:
        """Read the snapshot at `location` from now on."""
        self.conn.send(("open", location))
        status, detail = self._reply(timeout, "the query worker did not open the store in time",
                                     "the query worker could not open the store")
        if status != "opened":
            raise QueryFailed(f"the query worker could not open the store: {detail}")

    def _reply(self, timeout: float, late: str, ended: str) -> tuple[str, object]:
        """The worker's next (status, detail); QueryTimeout(late) when none
        came within `timeout` s, QueryFailed(ended) when the worker has gone."""
        if not self.conn.poll(timeout):
            raise QueryTimeout(late)
        try:
            return self.conn.recv()
        except EOFError:
            raise QueryFailed(ended) from None

    def died(self, memory_mib: int) -> QueryFailed:
        """Why the worker ended mid-query, as the error its caller gets."""
        try:
            code = self.process.wait(2)
        except subprocess.TimeoutExpired:
            code = None
        if code == -signal.SIGABRT or code == -signal.SIGKILL:
            # Rust aborts when an allocation fails under the worker's memory cap
            return QueryTooLarge(f"the query needed more than the {memory_mib} MiB a query may use "
                                 "and was stopped")
        if code == -signal.SIGSEGV:
            return QueryFailed("the query is nested or chained too deeply to evaluate", syntax=True)
        return QueryFailed("the query worker stopped unexpectedly")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.kill()


class _Pieces:
    """An answer's pieces as the worker sends them. The worker goes back to
    the pool after the last one; a reader that stops early, a timeout, a
    worker that ends, or an answer nobody reads (closed or collected) leaves
    it killed, since it is mid-answer."""

    def __init__(self, pool: "QueryPool", w: _Worker, deadline: float):
        self.pool, self.w, self.deadline = pool, w, deadline
        self.done = self.closed = False

    def __iter__(self) -> "_Pieces":
        return self

    def __next__(self) -> bytes:
        if self.closed:
            raise StopIteration
        try:
            if not self.w.conn.poll(max(0.0, self.deadline - time.monotonic())):
                raise StopIteration      # past the limit: the answer ends here, cut short
            status, piece = self.w.conn.recv()
        except (EOFError, OSError):
            status, piece = "died", None
        except StopIteration:
            status, piece = "late", None
        if status == "chunk":
            return piece
        self.done = status in ("end", "abort")
        self.close()
        raise StopIteration

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.done:
            self.pool._idle.put(self.w)
        else:
            self.pool._discard(self.w)

    def __del__(self) -> None:
        self.close()


class QueryPool:
    """At most `size` worker processes; `run` blocks its calling thread (call
    it from a thread, not the event loop) until the answer starts or the
    time limit; the answer's pieces are then read within the same limit."""

    def __init__(self, location: str, size: int = 2, timeout: float = 30.0, memory_mib: int = 1024,
                 retire: Callable[[str], None] | None = None, store_location: str | None = None):
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.location = location            # the snapshot new queries read
        self.store_location = store_location or location   # what error messages hide
        self._retire = retire
        self._readers: Counter[str] = Counter()   # snapshot -> workers that have it open
        self.size = size
        self.timeout = timeout
        self.memory_mib = memory_mib
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0
        self._all: set[_Worker] = set()
        self._closed = False

    def start(self) -> None:
        """Start every worker now rather than on first use."""
        with self._lock:
            while self._started < self.size:
                self._spawn_locked()

    def _spawn_locked(self) -> None:
        w = _Worker(self.memory_mib)
        self._all.add(w)
        self._started += 1
        self._idle.put(w)

    def _acquire(self, deadline: float) -> _Worker:
        with self._lock:
            if self._closed:
                raise QueryFailed("the server is shutting down")
            if self._idle.empty() and self._started < self.size:
                self._spawn_locked()
        try:
            return self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout("every query worker is busy") from None

    def _discard(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            self._all.discard(w)
            self._started -= 1
        self._moved(w.location, None)

    def publish(self, location: str) -> None:
        """From now on queries read the snapshot at `location`; the previous
        one is retired once no worker reads it."""
        with self._lock:
            old, self.location = self.location, location
            unread = [old] if old != location and self._readers[old] <= 0 else []
            self._readers.pop(old, None) if unread else None
        self._retire_all(unread)

    def _moved(self, old: str | None, new: str | None) -> None:
        """A worker stopped reading `old` and/or started reading `new`."""
        with self._lock:
            if old is not None:
                self._readers[old] -= 1
            if new is not None:
                self._readers[new] += 1
            unread = [loc for loc, n in self._readers.items() if n <= 0 and loc != self.location]
            for loc in unread:
                del self._readers[loc]
        self._retire_all(unread)

    def _retire_all(self, locations: list[str]) -> None:
        if self._retire is not None:
            for loc in locations:
                self._retire(loc)

    def _open_current(self, w: _Worker, timeout: float) -> None:
        location = self.location
        if w.location == location:
            return
        # claimed before it is opened, so never retired under the worker; a
        # worker that fails to open it is discarded, which lets it go
        old, w.location = w.location, location
        self._moved(old, location)
        w.open(location, timeout)

    def run(self, sparql: str, media_type: str, timeout: float | None = None,
            dataset: tuple[list[str], list[str]] | None = None, base_iri: str | None = None,
            bound: dict[str, str] | None = None, page: tuple[int, int] | None = None) -> Answer:
        """`bound`: variable -> term in N-Triples, bound before evaluation
        (a declared parameter of the query, graph/sparql_query.py); `page`:
        (offset, limit) answers a SELECT with that slice of its solutions as
        SPARQL JSON, with their total (query_worker._paged)."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        w = self._acquire(deadline)
        try:
            w.wait_ready(max(0.0, deadline - time.monotonic()) + 10.0)  # start-up is not the query's time
            self._open_current(w, max(0.0, deadline - time.monotonic()) + 10.0)
            w.conn.send((sparql, media_type, dataset, base_iri, bound, page))
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"the query ran longer than {limit:g} s")
            status, detail = w.conn.recv()
        except (QueryTimeout, QueryFailed) as e:
            self._discard(w)
            raise e from None
        except (EOFError, OSError):
            error = w.died(self.memory_mib)
            self._discard(w)
            raise error from None
        if status == "start":
            kind, media = detail
            return Answer(kind, media, _Pieces(self, w, deadline))
        if status == "memory":
            self._discard(w)   # a MemoryError may leave the worker short of memory: start afresh
            raise QueryTooLarge(f"the query needed more than the {self.memory_mib} MiB a query may use")
        self._idle.put(w)
        raise QueryFailed(detail, syntax=status == "syntax")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()


__all__ = ["Answer", "QueryFailed", "QueryPool", "QueryTimeout", "QueryTooLarge"]
