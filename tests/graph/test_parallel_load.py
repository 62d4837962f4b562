"""`--workers N`: extraction in N processes, one writer; the store ends up
exactly as with one process."""
from __future__ import annotations

from pathlib import Path

import pytest

from partygraph.graph import queries
from partygraph.graph.load_workflow import load_and_resolve
from partygraph.graph.stores import open_store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def parallel_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("parallel-store"))
    report = load_and_resolve([SEEDS], store, workers=2, listings=False).report   # as the seed store
    assert len(report.loaded) == 5 and not report.skipped
    yield store
    store.close()


def test_same_quads_as_one_process(parallel_store, seed_store):
    assert parallel_store.quad_count() == seed_store.quad_count()
    assert parallel_store.graphs() == seed_store.graphs()


@pytest.mark.parametrize("name", queries.query_names())
def test_same_answers_as_one_process(parallel_store, seed_store, name):
    assert queries.run(parallel_store, name) == queries.run(seed_store, name)


def test_seed_facts_loaded_in_parallel(parallel_store):
    posts = {(r["name"], r["role"], r["orgLabel"]) for r in queries.run(parallel_store, "posts")}
    assert ("Nguyễn Thế Hoàn", "Bí thư", "Huyện ủy Lộc Hà") in posts
    assert ("Trần Hữu Thuần", "Phó Bí thư Thường trực", "Huyện ủy Lộc Hà") in posts
