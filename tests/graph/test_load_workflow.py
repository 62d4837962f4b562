"""graph/load_workflow.py: the one load the command line, the bench and the
test stores run -- its steps, in order, each timed and reported."""
from __future__ import annotations

from pathlib import Path

from partygraph.graph import queries
from partygraph.graph.listings import read_totals
from partygraph.graph.load_workflow import STEPS, after_load, load_and_resolve
from partygraph.graph.stores import open_store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_every_step_runs_in_order_timed_and_reported(tmp_path, seed_store):
    store = open_store(tmp_path / "store")
    reported: list[tuple[str, float]] = []
    result = load_and_resolve([SEEDS], store, on_step=lambda step, s: reported.append((step, s)))
    try:
        assert [step for step, _ in reported] == list(STEPS) == list(result.seconds)
        assert all(s == result.seconds[step] and s >= 0 for step, s in reported)
        assert len(result.report.loaded) == 5 and not result.report.skipped
        assert result.resolution is not None and result.resolution.people > 0
        assert result.listed is not None and result.listed["people"] > 0
        assert read_totals(store) is not None
        # the same data as the seed store, which was loaded without the index
        assert store.quad_count() == seed_store.quad_count() and store.graphs() == seed_store.graphs()
        assert queries.run(store, "posts") == queries.run(seed_store, "posts")
        # the writes left the index complete: nothing to rank again
        again = after_load(store, resolve=False)
        assert again.listed is None and list(again.seconds) == ["listings"]
    finally:
        store.close()


def test_steps_left_out_are_not_run(tmp_path):
    store = open_store(tmp_path / "store")
    try:
        result = load_and_resolve([SEEDS], store, resolve=False, listings=False)
        assert list(result.seconds) == ["vocabulary", "load"]
        assert result.resolution is None and result.listed is None and read_totals(store) is None
        # nothing loaded: nothing to resolve, the index still rebuilt
        empty = load_and_resolve([tmp_path / "none"], store)
        assert not empty.report.loaded and empty.resolution is None
        assert list(empty.seconds) == ["vocabulary", "load", "listings"] and empty.listed is not None
    finally:
        store.close()
