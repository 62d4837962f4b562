"""Hostile requests against the public server (a real uvicorn on 127.0.0.1
and a free port, over the seeds' store): each gets its 4xx (or 503) with a
clear message, the store's quad count is unchanged, and the server keeps
serving."""
from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest


QUERY_TIMEOUT = 2.0
READ_ONLY = "this endpoint is read-only: SPARQL Update"
ALL = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"


@pytest.fixture(scope="module")
def app(seed_store_path, store_copy):
    from partygraph.api.server import create_app

    return create_app(str(store_copy(seed_store_path)), query_timeout=QUERY_TIMEOUT, query_workers=2)


@pytest.fixture(scope="module")
def server(app, live_server):
    with live_server(app) as base:
        yield base


@pytest.fixture()
def client(server):
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


@pytest.fixture()
def unchanged(app, client):
    """The store the server owns holds as many quads after the test as
    before, and the server still answers a real query with a real value."""
    before = app.state.store.quad_count()
    assert before > 1000
    yield
    assert app.state.store.quad_count() == before
    r = client.get("/api/officials", params={"name": "cao thi toan thang"})
    assert r.status_code == 200 and r.json()["officials"][0]["name"] == "Cao Thị Toàn Thắng"


def sparql_get(client, query: str, **headers) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers=headers)


# ------------------------------------------------------------ SPARQL refusals
def test_service_is_refused_and_nothing_is_contacted(client, unchanged):
    with socket.socket() as trap:          # a local "endpoint" that must never be called
        trap.bind(("127.0.0.1", 0))
        trap.listen(1)
        trap.settimeout(0.5)
        port = trap.getsockname()[1]
        r = sparql_get(client, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
        assert r.status_code == 403
        assert r.text == "SERVICE is refused: this endpoint never queries other endpoints\n"
        with pytest.raises(socket.timeout):
            trap.accept()


def test_service_hidden_behind_a_prefix_is_refused(client, unchanged):
    q = "PREFIX s: <http://127.0.0.1:9/> SELECT * WHERE { ?x ?y ?z . SeRvIcE SILENT s:q { ?s ?p ?o } }"
    r = sparql_get(client, q)
    assert r.status_code == 403 and r.text.startswith("SERVICE is refused")


def test_from_a_local_file_is_refused(client, unchanged):
    r = sparql_get(client, "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert r.status_code == 403
    assert r.text == "FROM <file:///etc/passwd> names no graph of this store; remote data is never fetched\n"
    r = sparql_get(client, "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert r.status_code == 403 and "root:" not in r.text
    for param in ("default-graph-uri", "named-graph-uri"):
        r = client.get("/sparql", params={"query": ALL, param: "file:///etc/passwd"})
        assert r.status_code == 403
        assert r.text == f"{param} <file:///etc/passwd> names no graph of this store; remote data is never fetched\n"


@pytest.mark.parametrize("update", ["LOAD <http://127.0.0.1:9/data.ttl>", "DROP ALL",
                                    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "CLEAR DEFAULT", "DELETE WHERE { ?s ?p ?o }"])
def test_updates_are_refused_every_way(client, unchanged, update):
    r = sparql_get(client, update)
    assert r.status_code == 403 and r.text.startswith(READ_ONLY)
    r = client.post("/sparql", data={"update": update})
    assert r.status_code == 403 and r.text.startswith(READ_ONLY)
    r = client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403 and r.text.startswith(READ_ONLY)
    r = client.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 403 and r.text.startswith(READ_ONLY)


def test_update_smuggled_after_a_query_is_refused(client, unchanged):
    r = sparql_get(client, "SELECT * WHERE { ?s ?p ?o } ; DROP ALL")
    assert r.status_code == 403 and r.text == "this endpoint is read-only: DROP is refused\n"


def test_ten_thousand_nested_braces(client, unchanged):
    q = "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000
    r = client.post("/sparql", content=q.encode(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400
    assert r.text == "the query nests brackets 10000 deep; the limit is 64\n"
    r = sparql_get(client, "SELECT * WHERE { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }")
    assert r.status_code == 400 and "nests brackets" in r.text


# ------------------------------------------------------------ protocol abuse
def test_200_mb_body_is_413(client, unchanged):
    def body():
        chunk = b"#" * (1 << 20)
        for _ in range(200):
            yield chunk

    r = client.post("/sparql", content=body(),
                    headers={"content-type": "application/sparql-query", "content-length": str(200 << 20)})
    assert r.status_code == 413 and r.text == "request body over 1000000 bytes\n"
    # The same without a declared length (chunked): stopped while reading.
    r = client.post("/sparql", content=body(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413 and r.text == "request body over 1000000 bytes\n"


def test_two_query_parameters(client, unchanged):
    r = client.get("/sparql?query=ASK%7B%7D&query=SELECT%20*%20%7B%7D")
    assert r.status_code == 400 and r.text == "expected exactly one query parameter, got 2\n"
    r = client.post("/sparql?query=ASK%7B%7D", content=b"ASK {}",
                    headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400 and r.text == "a query in the body and in the URL: send exactly one\n"


@pytest.mark.parametrize("headers", [{"content-type": "text/plain"}, {}])
def test_post_without_a_sparql_content_type_is_415(client, unchanged, headers):
    r = client.post("/sparql", content=b"ASK {}", headers=headers)
    assert r.status_code == 415
    assert r.text == "POST needs Content-Type application/sparql-query or application/x-www-form-urlencoded\n"


def test_utf16_body_is_refused(client, unchanged):
    r = client.post("/sparql", content="ASK {}".encode("utf-16"),
                    headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 400 and r.text == "the request is not valid UTF-8\n"


def test_empty_query_is_refused(client, unchanged):
    r = sparql_get(client, "   ")
    assert r.status_code == 400 and r.text == "the query is empty\n"


# ------------------------------------------------------------ time limits
def test_long_cartesian_product_is_stopped_and_others_are_served(client, unchanged):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result: dict[str, httpx.Response] = {}
    worker = threading.Thread(target=lambda: result.setdefault("slow", sparql_get(client, slow)))
    worker.start()
    time.sleep(0.5)                          # the slow query holds one worker now
    assert worker.is_alive()
    quick = sparql_get(client, "ASK { ?p <https://w3id.org/partygraph/ontology#holdsPost> ?post }",
                       accept="application/sparql-results+json")
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    assert client.get("/api/units", params={"name": "Hạ Hòa"}).status_code == 200
    worker.join(60)
    r = result["slow"]
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert r.text == f"query stopped: the query ran longer than {QUERY_TIMEOUT:g} s (the limit is {QUERY_TIMEOUT:g} s)\n"


def test_catastrophic_regex_is_answered_or_stopped(client, unchanged):
    q = 'SELECT ?o WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(.*a){50}")) }'
    r = sparql_get(client, q, accept="application/sparql-results+json")
    # Oxigraph's regex engine runs in linear time: answered (nothing matches);
    # were it to backtrack, the time limit would stop it.
    if r.status_code == 200:
        assert r.json()["results"]["bindings"] == []
    else:
        assert r.status_code == 503 and r.text.startswith("query stopped:")


# ------------------------------------------------------------ REST parameters
@pytest.mark.parametrize("query, message", [
    ("limit=-1", "Input should be greater than or equal to 1"),
    ("limit=1000000000", "Input should be less than or equal to 1000"),
    ("offset=1e309", "Input should be a valid integer"),
    ("offset=-5", "Input should be greater than or equal to 0"),
    ("limit=NaN", "Input should be a valid integer"),
])
@pytest.mark.parametrize("path", ["/api/officials", "/api/posts", "/api/units", "/api/documents"])
def test_out_of_range_paging_is_422(client, unchanged, path, query, message):
    r = client.get(f"{path}?{query}")
    assert r.status_code == 422
    assert message in r.json()["detail"][0]["msg"]


def test_parameters_are_decoded_exactly_once(client, unchanged):
    once = client.get("/api/officials?name=cao%20thi%20toan%20thang").json()
    assert once["total"] == 1 and once["officials"][0]["name"] == "Cao Thị Toàn Thắng"
    twice = client.get("/api/officials?name=cao%2520thi%2520toan%2520thang")
    assert twice.status_code == 200 and twice.json() == {"total": 0, "next": None, "officials": []}
    # And on the SPARQL endpoint: "a%41b" stays "a%41b" (not "aAb").
    r = sparql_get(client, 'SELECT ?x WHERE { BIND("a%41b" AS ?x) }', accept="application/sparql-results+json")
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "a%41b"


@pytest.mark.parametrize("hostile", ['" } ; DROP ALL ; #', '\\u0022) } UNION {?s ?p ?o',
                                     "\") } UNION { ?s ?p ?o } #", "'; DROP ALL; --", "<file:///etc/passwd>"])
@pytest.mark.parametrize("path, param", [("/api/officials", "name"), ("/api/posts", "area"),
                                         ("/api/posts", "role"), ("/api/posts", "organization"),
                                         ("/api/units", "name"), ("/api/documents", "id")])
def test_injection_attempts_are_data(client, unchanged, path, param, hostile):
    r = client.get(path, params={param: hostile})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 0, body       # matched as text: nothing has that name


def test_overlong_parameter_is_422(client, unchanged):
    r = client.get("/api/officials", params={"name": "x" * 501})
    assert r.status_code == 422 and "at most 500 characters" in r.json()["detail"][0]["msg"]


# ------------------------------------------------------------ CORS
@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/api/officials", "/health"])
def test_no_wildcard_origin_with_credentials(client, unchanged, path):
    for r in (client.get(path, headers={"Origin": "https://evil.example"}),
              client.options(path, headers={"Origin": "https://evil.example",
                                            "Access-Control-Request-Method": "GET",
                                            "Access-Control-Request-Headers": "authorization"})):
        origin = r.headers.get("access-control-allow-origin")
        credentials = r.headers.get("access-control-allow-credentials", "").lower() == "true"
        assert not (origin == "*" and credentials)
        assert not (origin == "https://evil.example" and credentials)
