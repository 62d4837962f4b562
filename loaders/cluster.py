"""Extraction on a Dask cluster: `partygraph extract|load --cluster
tcp://SCHEDULER:8786`.

The pure step of a load (an article's text -> facts -> checked N-Quads,
`loaders.extract._extract_chunk` with `graph.ingest.prepare`) is mapped
over the cluster's workers in chunks; the one writer stays here. Chunks
are submitted as results are taken, at most two per worker thread in
flight, and come back in input order, so memory does not grow with the
archive. A worker lost mid-run has its chunks run again by the scheduler
(Dask reschedules the tasks of a lost worker); a chunk that still fails
is the caller's to retry article by article, as for the local pool
(graph/ingest.py `_extract_guarded`).

The articles are read here and their texts sent: the workers need
partygraph installed (the same version), not the input files.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

IN_FLIGHT_PER_THREAD = 2
CONNECT_TIMEOUT = "10s"


class ClusterError(RuntimeError):
    """The cluster cannot be used (the message says why, in one line)."""


def check_address(address: str) -> str:
    """`address` when it reads as a scheduler's (tcp://HOST:PORT or tls://...),
    checked here: a Client given a malformed one fails, and its half-made
    object then prints a traceback when the interpreter ends."""
    scheme, sep, rest = address.partition("://")
    host, colon, port = rest.rpartition(":")
    if not (sep and scheme in ("tcp", "tls") and host and colon and port.isdigit() and 0 < int(port) < 65536):
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: give its address as tcp://HOST:PORT")
    return address


def connect(address: str) -> Any:
    """A Dask client of the scheduler at `address` (tcp://HOST:PORT)."""
    check_address(address)
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--cluster needs Dask's distributed package: pip install 'partygraph[cluster]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None


def worker_threads(client: Any) -> int:
    """Threads of the workers connected now (at least 1: tasks wait for workers to join)."""
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def map_in_order(address: str, fn: Callable[..., list], chunks: Iterable[list],
                 *args: Any) -> Iterator[list]:
    """fn(chunk, *args) of each chunk on the cluster, in input order,
    with a bounded number of chunks in flight."""
    from .extract import in_order   # here: loaders.extract imports this module in turn

    client = connect(address)
    try:
        # pure=False: the same chunk given twice (a rerun) is computed again, not shared.
        submitted = (client.submit(fn, chunk, *args, pure=False) for chunk in chunks)
        yield from in_order(submitted, IN_FLIGHT_PER_THREAD * worker_threads(client), lambda f: f.result())
    finally:
        client.close()
