"""Shared fixtures: the project's own seeds and dev corpus, loaded through
the real pipeline into real Oxigraph stores."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT / "corpus" / "dev"


def gold(corpus: Path, name: str) -> dict:
    return json.loads((corpus / "gold" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory) -> Path:
    """A store on disk holding the five seeds, loaded as `partygraph load` does
    (without the listing index: the lookups sort, as on any store without it)."""
    from partygraph.graph.load_workflow import load_and_resolve
    from partygraph.graph.stores import open_store

    path = tmp_path_factory.mktemp("seed-store")
    store = open_store(path)
    report = load_and_resolve([SEEDS], store, listings=False).report
    assert len(report.loaded) == 5 and not report.skipped
    store.close()
    return path


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a store that no process writes, for a server to own: a
    server owns its store (graph/owner.py), so a store that other tests
    read in the same session is served from a copy."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(
        "partygraph.lock", "partygraph-owner.json", "partygraph-token", "LOCK", ".snapshots"))
    return target


@pytest.fixture(scope="session")
def store_copy(tmp_path_factory) -> Callable[[Path], Path]:
    """`store_copy(path)`: a fresh copy of the store at `path` (see copy_store)."""
    return lambda source: copy_store(Path(source), tmp_path_factory.mktemp("served") / "store")


@pytest.fixture(scope="session")
def seed_store(seed_store_path):
    from partygraph.graph.stores import open_store

    return open_store(seed_store_path, read_only=True)


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory):
    """Seeds + dev articles in one store (entity resolution across articles),
    without the listing index: tests/graph/test_listings.py compares the
    lookups on it with those on an indexed copy."""
    from partygraph.graph.load_workflow import load_and_resolve
    from partygraph.graph.stores import open_store

    path = tmp_path_factory.mktemp("corpus-store")
    store = open_store(path)
    report = load_and_resolve([SEEDS, DEV], store, listings=False).report
    assert len(report.loaded) == 5 + len(list(DEV.glob("*.txt"))) and not report.skipped
    # Handed out read-only: the REST app opens the same folder read-only
    # too, and a read-only open beside a writing one can find files that a
    # background compaction of the writer has just deleted.
    store.close()
    return open_store(path, read_only=True)


def _command() -> list[str]:
    script = Path(sys.executable).parent / "partygraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "partygraph.api.cli"]


def _run_partygraph(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*_command(), *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def partygraph_command() -> list[str]:
    """The command line of this installation (for a process the test starts itself)."""
    return _command()


@pytest.fixture(scope="session")
def partygraph() -> Callable[..., subprocess.CompletedProcess]:
    """The command line as a user runs it: partygraph(*args) -> the finished process."""
    return _run_partygraph


# ---------------------------------------------------------- live servers
def _free_port() -> int:
    return _servers().free_port()


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """A function giving a free TCP port on 127.0.0.1, for the servers tests start."""
    return _free_port


def _servers():
    """bench/servers.py (the SPARQL servers the bench starts too), imported
    by path: bench/ is scripts beside the package, not part of it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("partygraph_bench_servers", ROOT / "bench" / "servers.py")
    if spec.name not in sys.modules:   # dataclasses look their module up there
        sys.modules[spec.name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


@pytest.fixture(scope="session")
def bench_servers():
    """bench/servers.py: Oxigraph and Virtuoso servers on free ports, as the bench starts them."""
    return _servers()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory, bench_servers) -> Iterator[str]:
    """`oxigraph serve` (from the `oxigraph` package of the test extra) on
    127.0.0.1 and a free port, with an empty on-disk location: one per test
    module, stopped afterwards. Yields its base URL."""
    reason = bench_servers.oxigraph_missing()
    assert not reason, reason
    with bench_servers.oxigraph_server(tmp_path_factory.mktemp("oxigraph-server") / "db") as server:
        yield server.url


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Virtuoso Open Source 7 (Debian's package; `make virtuoso` installs it
    as root) on free ports with its own database folder, stopped after the
    module. Skipped, saying why, where it is not installed."""
    servers = _servers()
    reason = servers.virtuoso_missing()
    if reason:
        pytest.skip(reason)
    with servers.virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@contextmanager
def _serving(app, start_timeout: float = 60.0, limits=None) -> Iterator[str]:
    """The app served as `partygraph serve` serves it (api/http_server.py)."""
    import uvicorn

    from partygraph.api.http_server import ConnectionLimits, uvicorn_config

    port = _free_port()
    server = uvicorn.Server(uvicorn_config(app, "127.0.0.1", port, limits or ConnectionLimits()))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True   # also stops the app's query workers (lifespan)
        thread.join(30)


@pytest.fixture(scope="session")
def live_server() -> Callable:
    """`with live_server(app) as base_url:` the ASGI app served by uvicorn in
    a thread on 127.0.0.1 and a free port, stopped at the end of the block."""
    return _serving
