"""The real `partygraph serve` as its own process on a free port."""
from __future__ import annotations

import signal
import subprocess
import time

import httpx
import pytest


@pytest.fixture(scope="module")
def server(seed_store_path, store_copy, free_port, partygraph_command):
    port = free_port()
    # a copy: the server owns its store, and other tests read the seeds' at the same time
    proc = subprocess.Popen([*partygraph_command, "serve", "--store", str(store_copy(seed_store_path)), "--host", "127.0.0.1",
                             "--port", str(port), "--query-timeout", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"partygraph serve exited: {proc.stdout.read().decode(errors='replace')}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("partygraph serve did not answer /health within 60 s")
        time.sleep(0.2)
    yield base
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("partygraph serve did not stop on SIGTERM")


def test_serve_answers_sparql_and_rest(server):
    query = ('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
             'SELECT ?name WHERE { ?p a <https://w3id.org/partygraph/ontology#Person> ; rdfs:label ?name }')
    r = httpx.post(f"{server}/sparql", data={"query": query}, headers={"accept": "text/csv"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "Cao Thị Toàn Thắng" in r.text
    posts = httpx.get(f"{server}/api/posts", params={"area": "huyện Lộc Hà"}, timeout=30).json()["posts"]
    assert "Trần Hữu Thuần" in {p["person"]["name"] for p in posts}


def test_serve_refuses_updates_and_stops_slow_queries(server):
    assert httpx.post(f"{server}/sparql", data={"update": "DROP ALL"}, timeout=30).status_code == 403
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    r = httpx.get(f"{server}/sparql", params={"query": slow}, timeout=60)
    assert r.status_code == 503
    assert httpx.get(f"{server}/health", timeout=10).status_code == 200


def test_serve_without_a_store_fails_clearly(tmp_path, free_port, partygraph_command):
    r = subprocess.run([*partygraph_command, "serve", "--store", str(tmp_path / "nothing"), "--port", str(free_port())],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "no store at" in r.stderr
