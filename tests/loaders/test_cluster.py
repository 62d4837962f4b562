"""`--cluster`: extraction on a real Dask cluster (distributed.LocalCluster,
two worker processes), one writer here; the store ends up exactly as a
one-process load leaves it, also when a worker is killed mid-run."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from partygraph.graph.ingest import ensure_vocabulary, load_articles  # noqa: E402
from partygraph.graph.resolve import resolve_store  # noqa: E402
from partygraph.graph.stores import open_store  # noqa: E402
from partygraph.loaders import cluster as dask_cluster  # noqa: E402
from partygraph.loaders import extract  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CORPUS = [ROOT / "seeds", ROOT / "corpus" / "dev"]


@pytest.fixture(scope="module")
def local_cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def _quads(store) -> list[str]:
    return sorted(str(q) for q in store.quads())


def _load(path: Path, **kwargs):
    store = open_store(path)
    ensure_vocabulary(store)
    report = load_articles(CORPUS, store, **kwargs)
    resolve_store(store)
    return store, report


@pytest.fixture(scope="module")
def local_quads(tmp_path_factory) -> list[str]:
    store, report = _load(tmp_path_factory.mktemp("one-process"))
    assert len(report.loaded) == 45 and not report.skipped
    try:
        return _quads(store)
    finally:
        store.close()


def test_a_cluster_load_equals_a_one_process_load(local_cluster, local_quads, tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "CHUNK_SIZE", 4)   # 12 chunks over the two workers
    store, report = _load(tmp_path / "s", cluster=local_cluster.scheduler_address)
    assert len(report.loaded) == 45 and not report.skipped
    assert _quads(store) == local_quads
    store.close()


def test_a_worker_killed_mid_run_has_its_chunks_run_again(local_cluster, local_quads, tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "CHUNK_SIZE", 2)
    client = distributed.Client(local_cluster.scheduler_address, set_as_default=False)
    before = client.run(os.getpid)
    killed: list[int] = []
    written: list[str] = []

    def kill_one(name: str) -> None:
        # After the first article is written (batches of 2), chunks are
        # still in flight: one worker process dies with its tasks (its
        # nanny starts another) and the scheduler runs them again.
        written.append(name)
        if not killed:
            killed.append(next(iter(before.values())))
            os.kill(killed[0], signal.SIGKILL)

    store, report = _load(tmp_path / "s", cluster=local_cluster.scheduler_address, on_article=kill_one,
                          batch_size=2)
    assert killed and len(written) == len(report.loaded) == 45 and not report.skipped
    assert _quads(store) == local_quads
    store.close()
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()
    client.close()


def test_an_unreachable_scheduler_is_one_clear_error_and_writes_nothing(tmp_path, monkeypatch, free_port):
    monkeypatch.setattr(dask_cluster, "CONNECT_TIMEOUT", "1s")
    store = open_store(tmp_path / "s")
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(dask_cluster.ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        load_articles(CORPUS, store, cluster=address)
    assert store.quad_count() == 0
    store.close()


def test_extract_on_the_cluster_prints_what_one_process_prints(local_cluster, partygraph):
    seeds = str(ROOT / "seeds")
    here = partygraph("extract", seeds, "--format", "jsonl")
    there = partygraph("extract", seeds, "--format", "jsonl", "--cluster", local_cluster.scheduler_address)
    assert here.returncode == there.returncode == 0, there.stderr
    assert there.stdout == here.stdout and len(there.stdout.splitlines()) == 5


def test_a_bad_address_is_one_line_on_the_command_line(partygraph, tmp_path):
    r = partygraph("load", str(ROOT / "seeds"), "--store", str(tmp_path / "s"), "--cluster", "not-an-address")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "tcp://HOST:PORT" in r.stderr
    assert not (tmp_path / "s").exists()   # refused before any store was opened
