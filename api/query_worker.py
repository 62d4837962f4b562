"""Time-limited SPARQL queries: a small pool of worker processes, each with
the store open read-only.

A query cannot be interrupted inside Oxigraph (one `next()` of an ORDER BY
over a cross product can run for hours), and a Python thread cannot be
killed, so each query runs in a child process: on timeout the child is
killed and replaced, and the server goes on. The pool is bounded, so slow
queries can occupy at most `size` processes; a request that finds no free
worker within its time limit also gets a timeout.

Workers open the store when they start, so they answer from the store as
it was then; see api/server.py for when later loads become visible.

Before a worker opens the store it gives up the network for good
(api/sandbox.py): a query, however it hides SERVICE or LOAD from the
endpoint's guard, can never make it connect anywhere. A worker that cannot
give it up runs no query at all.
"""
from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection


class QueryTimeout(TimeoutError):
    """The query ran past its time limit (or found no free worker in time)."""


class QueryFailed(ValueError):
    """The query could not run; `syntax` tells a malformed query from other failures."""

    def __init__(self, message: str, syntax: bool = False):
        super().__init__(message)
        self.syntax = syntax


@dataclass(frozen=True)
class Answer:
    kind: str          # "solutions", "boolean" or "graph"
    media_type: str
    body: bytes


def _serialize(result, media_type: str) -> Answer:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.from_media_type(media_type) or ox.RdfFormat.TURTLE
        return Answer("graph", fmt.media_type, result.serialize(format=fmt) or b"")
    kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
    fmt = ox.QueryResultsFormat.from_media_type(media_type) or ox.QueryResultsFormat.JSON
    return Answer(kind, fmt.media_type, result.serialize(format=fmt))


def _child(conn: Connection, store_location: str) -> None:
    """The worker's loop: (query, media type) in, Answer or error out."""
    from api.sandbox import SandboxUnavailable, deny_network

    try:
        deny_network()  # first: before the store (or anything) starts a thread
    except SandboxUnavailable as e:
        conn.send(("unsafe", str(e)))
        return
    from graph.store import QueryError, open_store

    store = open_store(store_location, read_only=True)
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        sparql, media_type, dataset, base_iri = msg
        try:
            answer = _serialize(store.query(sparql, dataset=dataset, base_iri=base_iri), media_type)
            # Plain values: in the child this module is __main__, so its
            # classes would not unpickle in the parent.
            conn.send(("ok", (answer.kind, answer.media_type, answer.body)))
        except QueryError as e:
            conn.send(("syntax", str(e)))
        except Exception as e:  # noqa: BLE001 -- any failure is the query's, reported to its caller
            conn.send(("error", f"{type(e).__name__}: {e}"))


class _Worker:
    """A fresh interpreter (`python -m api.query_worker FD STORE`), not a fork:
    a forked child would inherit the parent's RocksDB handles and threads,
    and multiprocessing's spawn would re-import the parent's main script."""

    def __init__(self, store_location: str):
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.query_worker", str(child.fileno()), store_location],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL)
        child.close()
        self.conn = Connection(parent.detach())
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            raise QueryTimeout("the query worker did not start in time")
        try:
            status, detail = self.conn.recv()
        except EOFError:
            raise QueryFailed("the query worker could not open the store") from None
        if status == "unsafe":
            raise QueryFailed(f"the query worker refused to run without a network sandbox: {detail}")
        self.ready = status == "ready"

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


class QueryPool:
    """At most `size` worker processes; `run` blocks its calling thread (call
    it from a thread, not the event loop) until the answer or the time limit."""

    def __init__(self, store_location: str, size: int = 2, timeout: float = 30.0):
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.store_location = store_location
        self.size = size
        self.timeout = timeout
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
        w = _Worker(self.store_location)
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

    def run(self, sparql: str, media_type: str, timeout: float | None = None,
            dataset: tuple[list[str], list[str]] | None = None, base_iri: str | None = None) -> Answer:
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        w = self._acquire(deadline)
        try:
            w.wait_ready(max(0.0, deadline - time.monotonic()) + 10.0)  # start-up is not the query's time
            w.conn.send((sparql, media_type, dataset, base_iri))
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"the query ran longer than {limit:g} s")
            status, detail = w.conn.recv()
        except (QueryTimeout, QueryFailed, EOFError, OSError) as e:
            self._discard(w)
            if isinstance(e, (QueryTimeout, QueryFailed)):
                raise
            raise QueryFailed("the query worker stopped unexpectedly") from None
        self._idle.put(w)
        if status == "ok":
            return Answer(*detail)
        raise QueryFailed(detail, syntax=status == "syntax")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()


if __name__ == "__main__":
    _child(Connection(int(sys.argv[1])), sys.argv[2])
