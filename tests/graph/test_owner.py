"""One owner of a store directory: a writer alone, readers together, never a
reader beside a writer; a killed owner blocks nobody."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partygraph.graph.owner import OWNER_FILE, owner_of, read_token, write_token
from partygraph.graph.snapshots import Snapshots
from partygraph.graph.store import LocalStore, StoreBusy, StoreError
from partygraph.graph.stores import open_store

ROOT = Path(__file__).resolve().parents[2]


def test_a_writer_excludes_readers_and_other_writers(tmp_path):
    writer = LocalStore(tmp_path / "s")
    with pytest.raises(StoreBusy, match=r"being written by .*\(PID \d+\)") as busy:
        LocalStore(tmp_path / "s", read_only=True)
    assert busy.value.owner.pid == os.getpid() and busy.value.owner.url is None
    with pytest.raises(StoreBusy):
        LocalStore(tmp_path / "s")
    writer.close()
    readers = [open_store(tmp_path / "s", read_only=True) for _ in range(2)]   # readers share
    with pytest.raises(StoreBusy, match="open in another partygraph process"):
        LocalStore(tmp_path / "s")
    for r in readers:
        r.close()
    LocalStore(tmp_path / "s").close()   # free again


def test_store_busy_is_a_store_error(tmp_path):
    # every caller that reports a StoreError in one line reports this one too
    w = LocalStore(tmp_path / "s")
    with pytest.raises(StoreError):
        LocalStore(tmp_path / "s")
    w.close()


def hold(path: Path, url: str | None) -> subprocess.Popen:
    code = ("import sys, time; from partygraph.graph.store import LocalStore; s = LocalStore(sys.argv[1]); "
            + (f"s.lock.announce({url!r}, 'partygraph serve'); " if url else "")
            + "print('held', flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_the_refusal_names_the_owner_and_a_killed_owner_blocks_nobody(tmp_path):
    store = tmp_path / "s"
    proc = hold(store, "http://127.0.0.1:8123")
    try:
        owner = owner_of(store)
        assert owner is not None and owner.pid == proc.pid and owner.url == "http://127.0.0.1:8123"
        with pytest.raises(StoreBusy) as busy:
            LocalStore(store, read_only=True)
        message = str(busy.value)
        assert f"partygraph serve (PID {proc.pid}) at http://127.0.0.1:8123" in message
        assert f"partygraph load ARTICLES --store {store}" in message and "http://127.0.0.1:8123/api/export" in message
    finally:
        proc.kill()
        proc.wait()
    # SIGKILL: the kernel dropped the lock; the record left behind is not believed
    assert (store / OWNER_FILE).exists()
    assert owner_of(store) is None
    LocalStore(store).close()
    assert not (store / OWNER_FILE).exists()


def test_the_token_is_for_the_stores_user_alone(tmp_path):
    path = write_token(tmp_path, "abc")
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_token(tmp_path) == "abc"
    assert read_token(tmp_path / "nowhere") is None


def test_snapshots_are_readable_beside_the_writer_and_removed(tmp_path):
    import pyoxigraph as ox

    store = LocalStore(tmp_path / "s")
    quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("1"), ox.NamedNode("urn:g"))
    store.replace_graph("urn:g", [quad])
    snaps = Snapshots(store)
    first = snaps.take()
    reader = LocalStore(first, read_only=True)   # a snapshot has no writer: readers may open it
    store.replace_graph("urn:g", [quad, ox.Quad(quad.subject, quad.predicate, ox.Literal("2"), quad.graph_name)])
    assert reader.quad_count() == 1 and store.quad_count() == 2   # the snapshot stays as it was
    second = snaps.take()
    later = LocalStore(second, read_only=True)
    assert later.quad_count() == 2
    reader.close()
    later.close()
    snaps.remove(first)
    assert not Path(first).exists() and Path(second).exists()
    snaps.remove(str(tmp_path))   # not one of its snapshots: left alone
    assert tmp_path.exists()
    snaps.close()
    assert not Path(second).exists()
    store.close()
    # a new owner clears what a killed one left
    store = LocalStore(tmp_path / "s")
    leftover = Path(Snapshots(store).take())
    Snapshots(store)
    assert not leftover.exists()
    store.close()
