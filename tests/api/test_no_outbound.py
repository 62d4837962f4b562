"""No query can make the server connect out (issue 16, item 1).

A listener on a free loopback port plays a remote SPARQL endpoint and
answers anything that reaches it with a secret. Every obfuscation of
SERVICE / FROM / LOAD below goes to a real server over the seeds' store:
the listener must see no connection and no response may carry the secret,
whether the endpoint's guard refuses the query or the query reaches a
worker. The sandbox is also tested alone, with the guard out of the way.
"""
from __future__ import annotations

import socket
import threading

import httpx
import pytest

SECRET = "listener-secret-7f3a"


class Listener:
    """A loopback 'remote endpoint' that records every connection it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        body = ('{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"%s"}}]}}'
                % SECRET).encode()
        while not self._stop.is_set():
            try:
                conn, peer = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections.append(peer)
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    lis = Listener()
    yield lis
    lis.close()


@pytest.fixture(scope="module")
def server(seed_store_path, store_copy, live_server):
    from partygraph.api.server import create_app

    with live_server(create_app(str(store_copy(seed_store_path)), query_timeout=5.0, query_workers=2)) as base:
        yield base


def _obfuscations(port: int) -> list[tuple[str, str]]:
    """(id, query) pairs; each would reach the listener if any engine ran it
    with the network at hand."""
    url = f"http://127.0.0.1:{port}/sparql"
    esc_url = "".join(f"\\u{ord(c):04X}" if c in "127." else c for c in url)
    q = [
        ("plain", f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("silent", f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"),
        ("lowercase", f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}"),
        ("mixed-case", f"SeLeCt * WhErE {{ sErViCe SiLeNt <{url}> {{ ?s ?p ?o }} }}"),
        ("prefixed-name", f"PREFIX r: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}"),
        ("empty-prefix", f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE :sparql {{ ?s ?p ?o }} }}"),
        ("relative-iri-base", f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}"),
        ("issue-query", f'SELECT * WHERE {{ BIND(<http://ex/\\u0041#> AS ?i) BIND("\\u0022 #" AS ?q) '
                        f'SERVICE <{url}> {{ ?x ?y ?z }} BIND("""\n AS ?q) }} #""" AS ?w) }}'),
        ("escape-hash-in-iri", f"SELECT * WHERE {{ BIND(<http://ex/\\u0023> AS ?i) SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("escaped-service-iri", f"SELECT * WHERE {{ SERVICE <{esc_url}> {{ ?s ?p ?o }} }}"),
        ("escaped-keyword", f"SELECT * WHERE {{ S\\u0045RVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("long-escape-keyword", f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("comment-before", f"SELECT * WHERE {{ # harmless\n SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("comment-between", f"SELECT * WHERE {{ SERVICE # x\n <{url}> {{ ?s ?p ?o }} }}"),
        ("string-with-hash", f'SELECT * WHERE {{ BIND("#" AS ?h) SERVICE <{url}> {{ ?s ?p ?o }} }}'),
        ("single-quote-escape", f"SELECT * WHERE {{ BIND('it\\'s' AS ?h) SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("long-string", f'SELECT * WHERE {{ BIND("""a "" b""" AS ?h) SERVICE <{url}> {{ ?s ?p ?o }} }}'),
        ("subquery", f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}"),
        ("optional", f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1"),
        ("union", f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 5"),
        ("minus", f"SELECT * WHERE {{ ?a ?b ?c MINUS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} LIMIT 1"),
        ("filter-exists", f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1"),
        ("service-variable", f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"),
        ("service-values", f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}"),
        ("ask", f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("construct", f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("describe", f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("look-alike-letter", f"SELECT * WHERE {{ \u0405ERVICE <{url}> {{ ?s ?p ?o }} }}"),
        ("localhost-name", f"SELECT * WHERE {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}"),
        ("short-ip", f"SELECT * WHERE {{ SERVICE <http://127.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
        ("decimal-ip", f"SELECT * WHERE {{ SERVICE <http://2130706433:{port}/sparql> {{ ?s ?p ?o }} }}"),
        ("from", f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"),
        ("from-named", f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
        ("from-escaped", f"SELECT * FROM <{esc_url}> WHERE {{ ?s ?p ?o }}"),
        ("load-in-query", f"LOAD <{url}>"),
        ("load-after-select", f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 ; LOAD <{url}>"),
        ("load-escaped", f"L\\u004FAD <{url}>"),
    ]
    return q


def _assert_nothing_reached(listener: Listener, responses: list[tuple[str, httpx.Response]]) -> None:
    assert listener.connections == [], f"the listener was contacted: {listener.connections}"
    for name, r in responses:
        assert SECRET not in r.text, f"{name}: the listener's data came back"


def test_no_obfuscation_reaches_the_listener(server, listener):
    responses = []
    with httpx.Client(base_url=server, timeout=30) as client:
        cases = _obfuscations(listener.port)
        assert len(cases) >= 30
        for name, query in cases:
            responses.append((name, client.get("/sparql", params={"query": query})))
            responses.append((name + " (POST)", client.post(
                "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})))
        url = f"http://127.0.0.1:{listener.port}/sparql"
        for param in ("default-graph-uri", "named-graph-uri"):
            responses.append((param, client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                                                     param: url})))
        responses.append(("update-param", client.post("/sparql", data={"update": f"LOAD <{url}>"})))
        responses.append(("update-body", client.post("/sparql", content=f"LOAD <{url}>".encode(),
                                                     headers={"Content-Type": "application/sparql-update"})))
        # Not one succeeded with data from anywhere but the store; the server still serves.
        ok = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"})
        assert ok.status_code == 200 and ok.json()["boolean"] is True
    _assert_nothing_reached(listener, responses)
    for name, r in responses:
        assert r.status_code in (200, 400, 403, 500), (name, r.status_code, r.text)


def test_the_sandbox_holds_without_the_guard(seed_store_path, listener):
    """The query goes straight to a worker, no guard in front: the worker
    has no network, so the SERVICE fails and nothing is contacted."""
    from partygraph.api.query_pool import QueryFailed, QueryPool

    pool = QueryPool(str(seed_store_path), size=1, timeout=10)
    try:
        url = f"http://127.0.0.1:{listener.port}/sparql"
        with pytest.raises(QueryFailed) as failed:
            pool.run(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "application/sparql-results+json")
        assert "Permission denied" in str(failed.value) or "os error 13" in str(failed.value)
        silent = pool.run(f"SELECT ?x WHERE {{ SERVICE SILENT <{url}> {{ ?x ?p ?o }} }}",
                          "application/sparql-results+json")
        assert SECRET.encode() not in silent.body
        # The same worker still answers from the store.
        answer = pool.run("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
        assert int(answer.body.decode().split()[1]) > 1000
    finally:
        pool.close()
    assert listener.connections == []


def test_a_sandboxed_process_cannot_open_a_socket():
    import subprocess
    import sys

    code = ("from partygraph.api.sandbox import deny_network, network_denied\n"
            "deny_network()\nimport socket\n"
            "try:\n    socket.create_connection(('127.0.0.1', %d), timeout=1)\n    print('connected')\n"
            "except PermissionError:\n    print('denied', network_denied())\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        probe.listen(1)
        out = subprocess.run([sys.executable, "-c", code % probe.getsockname()[1]],
                             capture_output=True, text=True, timeout=60,
                             cwd=str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    assert out.stdout.strip() == "denied True", out.stderr
