"""The query pool follows the snapshots its server publishes: each worker
reads the newest before its next query, and a snapshot no worker reads any
more is retired (while one a worker still reads is not)."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from partygraph.api.query_pool import QueryPool
from partygraph.graph.snapshots import Snapshots
from partygraph.graph.store import LocalStore

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(pool: QueryPool) -> int:
    body = pool.run(COUNT, "text/csv").body.decode()
    return int(body.split()[-1])


def add(store: LocalStore, i: int) -> None:
    g = f"urn:g{i}"
    store.replace_graph(g, [ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal(str(i)),
                                    ox.NamedNode(g))])


def test_workers_read_the_newest_snapshot_and_old_ones_are_retired(tmp_path):
    store = LocalStore(tmp_path / "s")
    add(store, 1)
    snaps = Snapshots(store)
    retired: list[str] = []

    def retire(location: str) -> None:
        retired.append(location)
        snaps.remove(location)

    first = snaps.take()
    pool = QueryPool(first, size=1, timeout=20, retire=retire)
    try:
        assert count(pool) == 1
        add(store, 2)
        assert count(pool) == 1            # not published yet: the snapshot as it was
        second = snaps.take()
        pool.publish(second)
        assert retired == []               # the worker still has the first open
        assert count(pool) == 2            # it reopens on the newest before the query
        assert retired == [first] and not Path(first).exists()
        third = snaps.take()
        pool.publish(third)
        fourth = snaps.take()
        pool.publish(fourth)               # the third was never read: retired at once
        assert retired == [first, third]
        assert count(pool) == 2 and retired == [first, third, second]
    finally:
        pool.close()
        snaps.close()
        store.close()
