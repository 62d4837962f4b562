"""The export writers beside networkx's own: time and peak memory of
graph/export_writers.py's streaming Cytoscape.js and node-link writers and of
networkx's `cytoscape_data` / `node_link_data` + `json.dumps` on the same
export graph, and whether networkx reads ours back. Prints figures.

    python bench/writers.py STORE_DIR [--repeat R]
"""
from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from pathlib import Path
from typing import Callable

import networkx as nx

from partygraph.graph.export import build_graph
from partygraph.graph.export_writers import iter_cytoscape, iter_nodelink
from partygraph.graph.stores import open_store


def _measure(make: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    """(median seconds, peak MiB, bytes) of `make`, which returns the bytes it wrote."""
    times = []
    size = 0
    for _ in range(repeat):
        t = time.perf_counter()
        size = make()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    make()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return sorted(times)[len(times) // 2], peak, size


def _streamed(writer, g) -> Callable[[], int]:
    return lambda: sum(len(chunk) for chunk in writer(g))


def _networkx(data: Callable, g) -> Callable[[], int]:
    return lambda: len(json.dumps(data(g), ensure_ascii=False).encode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    store = open_store(args.store, read_only=True)
    t = time.perf_counter()
    g = build_graph(store)
    print(f"export graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
          f"(built in {time.perf_counter() - t:.1f} s)")
    rows = [("cytoscape, ours (streamed)", _streamed(iter_cytoscape, g)),
            ("cytoscape, nx.cytoscape_data + json.dumps", _networkx(nx.cytoscape_data, g)),
            ("node-link, ours (streamed)", _streamed(iter_nodelink, g)),
            ("node-link, nx.node_link_data + json.dumps",
             _networkx(lambda h: nx.node_link_data(h, edges="links"), g))]
    print(f"| writer | median s ({args.repeat} runs) | peak MiB (tracemalloc) | bytes |\n|---|---:|---:|---:|")
    for name, make in rows:
        s, peak, size = _measure(make, args.repeat)
        print(f"| {name} | {s:.3f} | {peak:.1f} | {size:,} |")
    ours = b"".join(iter_cytoscape(g))
    back = nx.cytoscape_graph(json.loads(ours))
    linked = nx.node_link_graph(json.loads(b"".join(iter_nodelink(g))), edges="links")
    print(f"networkx reads ours back: cytoscape {back.number_of_nodes():,} nodes / {back.number_of_edges():,} edges, "
          f"node-link {linked.number_of_nodes():,} / {linked.number_of_edges():,}")


if __name__ == "__main__":
    main()
