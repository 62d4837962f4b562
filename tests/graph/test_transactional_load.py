"""Loading is transactional per article: `partygraph load` killed (SIGKILL)
at random points leaves every article graph exactly as a clean load writes
it -- before or after people are resolved across articles, the second pass
of `load`, which rewrites a graph whole -- or absent; a rerun completes the
store and a further load changes nothing.

The batch is the seeds and the dev articles. Kills are timed by watching
the store's files grow (opening the store beside the writer takes longer
than the writer takes for many articles), so that some surely land
between articles; one lands at a random time during a reload."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partygraph.graph.stores import open_store
from partygraph.ontology import ARTICLE, ENTITIES_GRAPH, VOCABULARY_GRAPH

ROOT = Path(__file__).resolve().parents[2]
# The seeds and dev articles, four copies each under other names: a load of
# about fifty articles, so that kills timed by the store's growth (below)
# land between articles.
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "corpus" / "dev").glob("*.txt"))
COPIES = 4
N_ARTICLES = len(SOURCES) * COPIES


def run_load(batch: Path, store: Path, batch_size: int | None = 1) -> subprocess.Popen:
    """`partygraph load`, one article per transaction unless `batch_size`
    says otherwise: the counted kills below need commits fine-grained
    enough to land between them."""
    size = ["--batch-size", str(batch_size)] if batch_size else []
    return subprocess.Popen(
        [sys.executable, "-m", "partygraph.api.cli", "load", str(batch), "--store", str(store), "--quiet", *size],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def load_to_end(batch: Path, store: Path, batch_size: int | None = None) -> float:
    started = time.monotonic()
    proc = run_load(batch, store, batch_size)
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr.decode()
    return time.monotonic() - started


def vocabulary_size() -> int:
    """Quads of the ontology + vocabulary files, as ensure_vocabulary loads them."""
    import pyoxigraph as ox
    from partygraph.ontology import ONTOLOGY_TTL, VOCABULARY_TTL

    store = ox.Store()
    for path in (ONTOLOGY_TTL, VOCABULARY_TTL):
        with open(path, "rb") as f:
            store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(VOCABULARY_GRAPH))
                         for q in ox.parse(f, format=ox.RdfFormat.TURTLE))
    return len(store)


def snapshot(path: Path) -> dict[str, set[str]]:
    """Every graph's quads as N-Quads lines, but the vocabulary graph (its
    blank nodes are fresh on each load), which is checked by its size."""
    store = open_store(path)
    try:
        graphs = snapshot_store(store)
        vocabulary = sum(1 for q in store.quads() if q.graph_name.value == VOCABULARY_GRAPH)
    finally:
        store.close()
    if vocabulary:
        assert vocabulary == vocabulary_size(), "the vocabulary graph is half-written"
    return graphs


def articles(graphs: dict[str, set[str]]) -> list[str]:
    return [g for g in graphs if g.startswith(ARTICLE)]


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    for copy in range(COPIES):
        for src in SOURCES:
            # a line of its own makes each copy another text: the same text
            # twice would be one article, kept once (graph/article_decisions.py)
            text = src.read_text(encoding="utf-8").rstrip("\n") + f"\n\nBản {copy + 1}.\n"
            (folder / f"{copy}_{src.name}").write_text(text, encoding="utf-8")
    return folder


def snapshot_store(store) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for q in store.quads():
        if q.graph_name.value != VOCABULARY_GRAPH:
            graphs.setdefault(q.graph_name.value, set()).add(str(q))
    return graphs


@pytest.fixture(scope="module")
def expected(batch, tmp_path_factory) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """What `partygraph load` writes (load, then resolve people), computed in
    this process: each article graph as its own load transaction writes it,
    and the whole store once the resolution pass has rewritten graphs."""
    from partygraph.graph.load_workflow import load_and_resolve

    path = tmp_path_factory.mktemp("reference") / "store"
    store = open_store(path)
    between: dict[str, dict[str, set[str]]] = {}

    def look(step: str, _seconds: float) -> None:
        if step == "load":   # the articles written, not yet resolved
            between["unresolved"] = snapshot_store(store)
    report = load_and_resolve([batch], store, on_step=look).report
    assert len(report.loaded) == N_ARTICLES and not report.skipped
    unresolved = between["unresolved"]
    store.close()
    return snapshot(path), unresolved


def test_clean_load_holds_every_article(expected):
    graphs, _ = expected
    assert len(articles(graphs)) == N_ARTICLES
    entities = "\n".join(graphs[ENTITIES_GRAPH])
    assert '"Cao Thị Toàn Thắng"' in entities and '"Nguyễn Thế Hoàn"' in entities


def store_bytes(path: Path) -> int:
    """Bytes in the store's files: grows with every commit (RocksDB appends
    to its write-ahead log), and is cheap enough to poll every few ms."""
    total = 0
    for f in path.glob("*"):
        try:
            total += f.stat().st_size
        except OSError:
            pass   # a file RocksDB just removed
    return total


def kill_load(batch: Path, store: Path, after: float | None = None, grown: int | None = None,
              batch_size: int | None = 1) -> float:
    """Start `partygraph load` and SIGKILL it once the store's files have
    `grown` bytes, or after `after` seconds; how long it ran. (Its progress
    is watched from outside: no reader opens a store beside its writer.)"""
    start = store_bytes(store)
    proc = run_load(batch, store, batch_size)
    started = time.monotonic()
    while proc.poll() is None:
        if after is not None and time.monotonic() - started >= after:
            break
        if grown is not None and store_bytes(store) - start >= grown:
            break
        time.sleep(0.005 if grown is not None else 0.02)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # the load finished (and was reaped) before the kill: a valid end state too
    proc.wait(timeout=60)
    return time.monotonic() - started


def check_whole_or_absent(store: Path, ref: dict[str, set[str]], unresolved: dict[str, set[str]]) -> int:
    got = snapshot(store)
    for g in articles(got):
        assert got[g] in (ref[g], unresolved[g]), f"{g} is half-written after a kill"
    assert got.get(ENTITIES_GRAPH, set()) <= ref[ENTITIES_GRAPH] | unresolved[ENTITIES_GRAPH]
    assert set(got) <= set(ref)
    return len(articles(got))


def test_killed_load_leaves_articles_whole_or_absent(batch, expected, tmp_path):
    ref, unresolved = expected
    rng = random.Random()
    # How much a whole load (one article per transaction) writes: kills are
    # placed at fractions of it.
    took = load_to_end(batch, tmp_path / "whole", batch_size=1)
    whole = store_bytes(tmp_path / "whole")

    # Killed as the store opens (vocabulary being written); then, on one
    # store, a quarter to a half of the way, further on during a reload of
    # those articles, once all are in (people being resolved), and at a
    # random time during a reload written in the default batches.
    kill_load(batch, tmp_path / "early", grown=1)
    check_whole_or_absent(tmp_path / "early", ref, unresolved)
    store = tmp_path / "store"
    kill_load(batch, store, grown=int(rng.uniform(0.25, 0.5) * whole))
    assert 0 < check_whole_or_absent(store, ref, unresolved) < N_ARTICLES
    kill_load(batch, store, grown=int(rng.uniform(0.5, 0.8) * whole))
    assert 0 < check_whole_or_absent(store, ref, unresolved)
    kill_load(batch, store, after=0.9 * took)
    check_whole_or_absent(store, ref, unresolved)
    kill_load(batch, store, after=rng.uniform(0.2, 1.0) * took, batch_size=None)
    check_whole_or_absent(store, ref, unresolved)

    # A rerun completes the store: exactly what a clean load writes.
    load_to_end(batch, store)
    assert snapshot(store) == ref
    # Loading the same articles again changes nothing.
    load_to_end(batch, store)
    assert snapshot(store) == ref
