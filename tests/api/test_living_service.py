"""A living service: the real `partygraph serve` keeps answering while
articles are loaded through it, answers from them at once, survives being
killed mid-load, and is the one owner of its store."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from partygraph.graph.listings import LISTINGS_GRAPH
from partygraph.graph.store import LocalStore
from partygraph.graph.stores import open_store
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import article_iri

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "corpus" / "dev"


COMMAND: list[str] = []   # the command line of this installation, from conftest's fixture


@pytest.fixture(scope="module", autouse=True)
def _command(partygraph_command):
    COMMAND[:] = partygraph_command


def run_cli(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a store no process writes (a fixture's, closed)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("partygraph.lock", "LOCK"))
    return target


class Server:
    """`partygraph serve` as its own process on a free port."""

    started: list["Server"] = []

    def __init__(self, store: Path, port: int, env: dict | None = None, *extra: str):
        self.store, self.base = store, f"http://127.0.0.1:{port}"
        self.started.append(self)
        self.proc = subprocess.Popen([*COMMAND, "serve", "--store", str(store), "--port", str(port),
                                      "--query-timeout", "10", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                pytest.fail(f"partygraph serve exited: {self.proc.stdout.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{self.base}/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "partygraph serve did not answer /health within 60 s"
            time.sleep(0.1)

    def health(self) -> dict:
        return httpx.get(f"{self.base}/health", timeout=10).json()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
                pytest.fail("partygraph serve did not stop on SIGTERM")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


@pytest.fixture(autouse=True)
def no_server_left():
    """Whatever a test asserts, no server it started outlives it."""
    yield
    for server in Server.started:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait(10)
    Server.started.clear()


@pytest.fixture()
def seeded(seed_store_path, tmp_path) -> Path:
    """A store holding the five seeds (resolved, indexed), nobody's yet."""
    return copy_store(seed_store_path, tmp_path / "store")


def dev_people() -> set[str]:
    seeds = {p["person"] for f in (ROOT / "seeds" / "gold").glob("*.json")
             for p in json.loads(f.read_text(encoding="utf-8"))["holds_post"]}
    return {p["person"] for f in sorted((DEV / "gold").glob("*.json"))
            for p in json.loads(f.read_text(encoding="utf-8"))["holds_post"]} - seeds


SPARQL = ("PREFIX pg: <https://w3id.org/partygraph/ontology#> "
          "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p pg:holdsPost ?post }")
# the data's graphs, not the derived listing index (graph/listings.py)
GRAPHS = ("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
          f"FILTER(?g != <{LISTINGS_GRAPH}>) }}")


def client_requests(base: str, k: int) -> list[tuple[str, dict]]:
    """What one client thread sends, in turn: REST lookups and SPARQL."""
    rest = [("GET", {"url": f"{base}/api/officials", "params": {"name": "Nguyễn"}}),
            ("GET", {"url": f"{base}/api/posts", "params": {"role": "Bí thư", "limit": 50}}),
            ("GET", {"url": f"{base}/api/units", "params": {"name": "xã"}}),
            ("GET", {"url": f"{base}/api/officials"}),
            ("GET", {"url": f"{base}/health"})]
    sparql = [("GET", {"url": f"{base}/sparql", "params": {"query": SPARQL}}),
              ("POST", {"url": f"{base}/sparql", "data": {"query": GRAPHS},
                        "headers": {"accept": "text/csv"}}),
              ("POST", {"url": f"{base}/sparql", "content": open_query("posts_by_area"),
                        "headers": {"content-type": "application/sparql-query"}})]
    return rest if k % 2 else sparql


def open_query(name: str) -> str:
    return (ROOT / "graph" / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def hammer(base: str, threads: int, stop: threading.Event) -> tuple[Counter, list[str], list[threading.Thread]]:
    statuses: Counter = Counter()
    problems: list[str] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        requests = client_requests(base, k)
        with httpx.Client(timeout=60) as c:
            i = 0
            while not stop.is_set():
                method, kw = requests[i % len(requests)]
                i += 1
                try:
                    r = c.request(method, **kw)
                    status = r.status_code
                    if status >= 500:
                        problems.append(f"{method} {kw['url']}: {status} {r.text[:200]}")
                except httpx.HTTPError as e:
                    status = type(e).__name__
                    problems.append(f"{method} {kw['url']}: {e!r}")
                with lock:
                    statuses[status] += 1

    pool = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(threads)]
    for t in pool:
        t.start()
    return statuses, problems, pool


def test_serves_without_pause_while_loading_and_answers_from_the_load_at_once(seeded, free_port, corpus_store):
    server = Server(seeded, free_port())
    stop = threading.Event()
    statuses, problems, clients = hammer(server.base, 20, stop)
    try:
        time.sleep(1.0)   # the clients are running before the load starts
        # a runaway query sent while the load writes is still stopped at its limit
        slow: dict = {}

        def runaway() -> None:
            time.sleep(1.0)
            t = time.monotonic()
            r = httpx.get(f"{server.base}/sparql", timeout=60, params={
                "query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"})
            slow.update(status=r.status_code, took=time.monotonic() - t)
        stopper = threading.Thread(target=runaway)
        stopper.start()
        # into the directory: the load goes through the server that owns it
        r = run_cli("load", str(DEV), "--store", str(seeded), "--batch-size", "4", "-q")
        finished = time.monotonic()
        stopper.join(60)
        assert r.returncode == 0, r.stderr
        assert re.search(rf"loaded 40 article\(s\), \d+ quads, into {server.base} "
                         rf"\(the server that owns {re.escape(str(seeded))}\)", r.stderr), r.stderr
        # the new articles' officials, through REST, within 2 s
        wanted = sorted(dev_people())[:5]
        found: set[str] = set()
        while time.monotonic() - finished < 2.0 and len(found) < len(wanted):
            for name in wanted:
                officials = httpx.get(f"{server.base}/api/officials", params={"name": name},
                                      timeout=10).json()["officials"]
                if any(o["name"] == name for o in officials):
                    found.add(name)
        assert found == set(wanted), f"not found within 2 s of the load: {set(wanted) - found}"
        # and through SPARQL, which reads a snapshot published at the end of the load
        rows = httpx.get(f"{server.base}/sparql", params={"query": GRAPHS},
                         headers={"accept": "application/sparql-results+json"}, timeout=30).json()
        assert int(rows["results"]["bindings"][0]["n"]["value"]) == len(corpus_store.graphs())
        time.sleep(0.5)   # the clients keep going after the load too
        assert slow["status"] == 503 and slow["took"] < 10 + 5, slow   # --query-timeout 10
    finally:
        stop.set()
        for t in clients:
            t.join(90)
    assert not problems, problems[:5]
    assert sum(statuses.values()) > 100 and set(statuses) <= {200}, statuses
    assert server.health()["graphs"] == len(corpus_store.graphs())
    server.stop()
    # the same store as a local load of the same articles
    store = open_store(seeded, read_only=True)
    try:
        assert store.quad_count() == corpus_store.quad_count()
        assert store.graphs() == corpus_store.graphs()
    finally:
        store.close()


def graph_sizes(path: Path) -> dict[str, int]:
    store = LocalStore(path, read_only=True)
    try:
        sizes = Counter(q.graph_name.value for q in store.quads())
    finally:
        store.close()
    return dict(sizes)


def test_a_server_killed_mid_load_keeps_every_article_whole_or_absent(seeded, tmp_path, free_port, corpus_store):
    # what each dev article's graph holds once written, before resolution
    reference = copy_store(seeded, tmp_path / "reference")
    assert run_cli("load", str(DEV), "--store", str(reference), "--no-resolve", "-q").returncode == 0
    expected = graph_sizes(reference)
    dev_graphs = {article_iri(read_article(f)).value for f in DEV.glob("*.txt")}

    port = free_port()
    server = Server(seeded, port)
    load = subprocess.Popen([*COMMAND, "load", str(DEV), "--store", str(seeded), "--batch-size", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while server.health()["graphs"] < 7 + 6:   # some batches are in
            assert load.poll() is None and time.monotonic() < deadline, load.stderr.read()
            time.sleep(0.05)
        server.kill()
        _, err = load.communicate(timeout=120)
    finally:
        if load.poll() is None:
            load.kill()
    assert load.returncode == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert "stopped answering" in lines[-1] and "load the same articles again" in lines[-1], err
    assert "Traceback" not in err

    server = Server(seeded, port)    # the next owner repairs what the killed one left
    server.stop()
    sizes = graph_sizes(seeded)
    present = dev_graphs & set(sizes)
    assert 6 <= len(present) < len(dev_graphs)
    for graph in present:
        assert sizes[graph] == expected[graph], f"{graph} is half-written"

    server = Server(seeded, port)
    r = run_cli("load", str(DEV), "--store", f"http://127.0.0.1:{port}", "-q",
                env={"PARTYGRAPH_TOKEN": (seeded / "partygraph-token").read_text().strip()})
    assert r.returncode == 0, r.stderr
    server.stop()
    store = open_store(seeded, read_only=True)
    try:
        assert store.quad_count() == corpus_store.quad_count()
    finally:
        store.close()


def one_line_error(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_one_owner_and_clear_refusals(seeded, free_port):
    port = free_port()
    server = Server(seeded, port, {"PARTYGRAPH_TOKEN": "s3cret-token-of-the-test"})
    pid = str(server.proc.pid)
    try:
        base = server.base
        article = str(DEV / "dev_30.txt")
        # the server was given its token: none is left in the store, so a
        # load of the directory cannot go through it and names the command that does
        assert not (seeded / "partygraph-token").exists()
        line = one_line_error(run_cli("load", article, "--store", str(seeded), env={"PARTYGRAPH_TOKEN": ""}))
        assert pid in line and f"PARTYGRAPH_TOKEN=TOKEN partygraph load ARTICLES --store {base}" in line
        # a wrong token, and the read-only SPARQL endpoint as the store
        line = one_line_error(run_cli("load", article, "--store", base, env={"PARTYGRAPH_TOKEN": "wrong"}))
        assert "wrong write token" in line
        line = one_line_error(run_cli("load", article, "--store", f"{base}/sparql",
                                      env={"PARTYGRAPH_TOKEN": "s3cret-token-of-the-test"}))
        assert "read-only" in line and f"--store {base}" in line
        # every other use of the directory names the owner
        for args in (["export", "--store", str(seeded), "--format", "gexf", "--out", str(seeded.parent / "g.gexf")],
                     ["validate", "--store", str(seeded)],
                     ["resolve", "--store", str(seeded)],
                     ["serve", "--store", str(seeded), "--port", str(free_port())]):
            line = one_line_error(run_cli(*args))
            assert pid in line and base in line, (args, line)
        # a query of the directory is asked of the server
        r = run_cli("query", SPARQL, "--store", str(seeded), "--format", "json")
        assert r.returncode == 0 and f"served by partygraph serve (PID {pid})" in r.stderr
        assert int(json.loads(r.stdout)["results"]["bindings"][0]["n"]["value"]) > 0
        # with the right token the load goes through; the directory gained the article
        r = run_cli("load", article, "--store", base, env={"PARTYGRAPH_TOKEN": "s3cret-token-of-the-test"})
        assert r.returncode == 0 and "loaded 1 article(s)" in r.stderr, r.stderr
        assert server.health()["graphs"] == 8
    finally:
        server.stop()
    # the owner gone, the directory is free again
    assert not (seeded / "partygraph-owner.json").exists()
    assert run_cli("validate", "--store", str(seeded)).returncode == 0


def test_writes_need_the_token_and_stay_in_their_graphs(seeded, free_port):
    server = Server(seeded, free_port())
    token = (seeded / "partygraph-token").read_text().strip()
    try:
        url = f"{server.base}/write/articles"
        assert httpx.post(url, json={"articles": []}, timeout=10).status_code == 401
        assert httpx.post(url, json={"articles": []}, headers={"Authorization": "Bearer nope"},
                          timeout=10).status_code == 403
        assert httpx.post(f"{server.base}/write/finish", timeout=10).status_code == 401
        assert httpx.post(f"{server.base}/sparql", data={"update": "DROP ALL"}, timeout=10).status_code == 403
        auth = {"Authorization": f"Bearer {token}"}
        assert httpx.post(url, content=b"{not json", headers=auth, timeout=10).status_code == 400
        no_id = {"articles": [{"name": "x.txt", "nquads": "", "quads": 0, "id": "../../x", "text_sha": "0" * 64}]}
        assert httpx.post(url, json=no_id, headers=auth, timeout=10).status_code == 400
        # a quad outside the article's own graph and the entities graph is refused
        stray = ('<https://example.org/s> <https://example.org/p> "x" '
                 '<https://w3id.org/partygraph/graph/vocabulary> .\n')
        r = httpx.post(url, json={"articles": [{"name": "x.txt", "nquads": stray, "quads": 1, "id": "t-" + "0" * 24,
                                                "text_sha": "0" * 64}]},
                       headers=auth, timeout=30)
        assert r.status_code == 200
        assert r.json()["loaded"] == [] and "outside graph" in r.json()["skipped"][0][1]
        assert server.health()["graphs"] == 7
        assert os.stat(seeded / "partygraph-token").st_mode & 0o077 == 0
    finally:
        server.stop()
    assert not (seeded / "partygraph-token").exists()
