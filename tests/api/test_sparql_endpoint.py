"""The /sparql endpoint over the seeds, in-process: protocol, negotiation,
read-only refusals (with proof that nothing connects out), time limit."""
from __future__ import annotations

import csv
import io
import select
import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree

from partygraph.graph.queries import query_names
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import article_iri

CAO_POSTS = """
PREFIX pg:   <https://w3id.org/partygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?role ?org ?area WHERE {
  ?person rdfs:label "Cao Thị Toàn Thắng" .
  ?h a pg:PostHolding ; pg:holder ?person ; pg:post ?post .
  ?post pg:roleLabel ?role ; pg:postIn ?o .
  ?o rdfs:label ?org .
  OPTIONAL { ?o pg:ofUnit/rdfs:label ?area }
}"""
CONSTRUCT = """
PREFIX pg:   <https://w3id.org/partygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?person pg:holdsPost ?post } WHERE {
  ?person rdfs:label "Cao Thị Toàn Thắng" ; pg:holdsPost ?post }"""
# Four copies of every triple joined: far beyond any time limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SEED_000 = article_iri(read_article(Path(__file__).resolve().parents[2] / "seeds" / "000_c1a9f754178b24e0.txt")).value


@pytest.fixture(scope="module")
def client(seed_store_path, store_copy):
    from fastapi.testclient import TestClient

    from partygraph.api.server import create_app

    app = create_app(str(store_copy(seed_store_path)), query_timeout=3.0)
    with TestClient(app) as c:
        c.quads_before = app.state.store.quad_count()
        c.app_store = app.state.store
        yield c
        assert app.state.store.quad_count() == c.quads_before   # before the app lets go of its store


def _bindings(response) -> set[tuple]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    data = response.json()
    names = data["head"]["vars"]
    return {tuple(b.get(n, {}).get("value") for n in names) for b in data["results"]["bindings"]}


def test_cao_thi_toan_thang_is_bi_thu_of_dang_uy_xa_ha_hoa_by_get(client):
    rows = _bindings(client.get("/sparql", params={"query": CAO_POSTS}))
    assert ("Bí thư", "Đảng ủy xã Hạ Hòa", "xã Hạ Hòa") in rows


def test_post_form_and_post_direct_answer_like_get(client):
    by_get = _bindings(client.get("/sparql", params={"query": CAO_POSTS}))
    by_form = _bindings(client.post("/sparql", data={"query": CAO_POSTS}))
    direct = client.post("/sparql", content=CAO_POSTS.encode(),
                         headers={"content-type": "application/sparql-query"})
    assert by_get == by_form == _bindings(direct)
    assert len(by_get) >= 1


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_select_in_each_results_format(client, accept):
    r = client.get("/sparql", params={"query": CAO_POSTS}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    if accept.endswith("json"):
        values = {b["org"]["value"] for b in r.json()["results"]["bindings"]}
    elif accept.endswith("xml"):
        tree = etree.fromstring(r.content)
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        values = {e.text for e in tree.findall(".//r:binding[@name='org']/r:literal", ns)}
    elif accept == "text/csv":
        values = {row["org"] for row in csv.DictReader(io.StringIO(r.text))}
    else:
        lines = r.text.splitlines()
        col = lines[0].split("\t").index("?org")
        values = {line.split("\t")[col].strip('"') for line in lines[1:]}
    assert "Đảng ủy xã Hạ Hòa" in values


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_construct_in_each_rdf_format(client, accept, fmt):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == accept
    triples = list(ox.parse(r.content, format=fmt))
    assert triples and all(t.predicate.value.endswith("#holdsPost") for t in triples)
    assert any("bi-thu-dang-uy-xa-ha-hoa" in t.object.value for t in triples)


def test_ask_and_q_values(client):
    ask = "ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> \"Cao Thị Toàn Thắng\" }"
    r = client.get("/sparql", params={"query": ask},
                   headers={"accept": "text/csv;q=0.2, application/sparql-results+xml;q=0.8, */*;q=0.1"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+xml")
    assert b"<boolean>true</boolean>" in r.content
    r = client.get("/sparql", params={"query": ask}, headers={"accept": "application/sparql-results+json;q=0, text/*"})
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get("/sparql", params={"query": ask})  # no Accept: JSON
    assert r.json()["boolean"] is True


@pytest.mark.parametrize("query,accept", [(CAO_POSTS, "image/png"), (CAO_POSTS, "text/turtle"),
                                          (CONSTRUCT, "text/csv"), (CONSTRUCT, "application/sparql-results+json"),
                                          (CAO_POSTS, "application/sparql-results+json;q=0")])
def test_unsupported_accept_is_406(client, query, accept):
    r = client.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert r.status_code == 406
    assert "available" in r.text


@pytest.mark.parametrize("params", [{"query": "SELECT * WHERE { ?s ?p "}, {"query": "SELEKT ?s WHERE { ?s ?p ?o }"},
                                    {"query": ""}, {}, [("query", "ASK {}"), ("query", "ASK {}")]])
def test_malformed_requests_are_400(client, params):
    r = client.get("/sparql", params=params)
    assert r.status_code == 400, r.text
    assert len(r.text) < 400


def test_syntax_error_message_is_short_and_says_so(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "})
    assert r.status_code == 400 and r.text.startswith("SPARQL syntax error")


def test_post_with_other_content_type_is_415(client):
    r = client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415


def test_body_over_the_limit_is_413(client):
    r = client.post("/sparql", content=b"#" * 1_000_001, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413


@pytest.fixture()
def listener():
    """A local socket standing in for a remote endpoint: nothing may connect."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def _connected(sock: socket.socket, wait: float = 0.5) -> bool:
    ready, _, _ = select.select([sock], [], [], wait)
    return bool(ready)


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service silent <{url}/sparql> {{ ?s ?p ?o }} }}",
    "PREFIX r: <{url}/> SELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
    "SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD <{url}/data.ttl>",
    "INSERT DATA {{ <{url}/a> <{url}/b> <{url}/c> }}",
    "DELETE WHERE {{ ?s ?p ?o }}",
    "DROP ALL",
    "CLEAR DEFAULT",
])
def test_remote_access_and_updates_are_refused_without_connecting(client, listener, template):
    sock, url = listener
    query = template.format(url=url)
    for response in (client.get("/sparql", params={"query": query}),
                     client.post("/sparql", data={"query": query}),
                     client.post("/sparql", data={"update": query}),
                     client.post("/sparql", content=query.encode(),
                                 headers={"content-type": "application/sparql-update"})):
        assert 400 <= response.status_code < 500, response.text
        assert response.status_code != 404
    assert not _connected(sock), "the endpoint connected to the address in the query"
    assert client.app_store.quad_count() == client.quads_before
    # The listener does see a real connection: the check above can fail.
    with socket.create_connection(sock.getsockname(), timeout=2):
        assert _connected(sock)


def test_protocol_dataset_is_honoured_or_refused_never_ignored(client, listener):
    query = "SELECT DISTINCT ?date WHERE { ?a <http://purl.org/dc/terms/date> ?date }"
    everything = _bindings(client.get("/sparql", params={"query": query}))
    assert len(everything) > 1
    r = client.get("/sparql", params={"query": query, "default-graph-uri": SEED_000})
    if r.status_code != 400:
        assert _bindings(r) == {("2025-08-07",)}  # that article's graph alone
    sock, url = listener
    for param in ("default-graph-uri", "named-graph-uri"):
        r = client.get("/sparql", params={"query": query, param: f"{url}/data.ttl"})
        assert 400 <= r.status_code < 500
    assert not _connected(sock)


def test_from_a_graph_of_this_store_is_allowed(client):
    query = ("SELECT ?date FROM <%s> WHERE { ?a <http://purl.org/dc/terms/date> ?date }" % SEED_000)
    rows = _bindings(client.get("/sparql", params={"query": query}))
    assert ("2025-08-07",) in rows


def test_the_word_service_in_a_literal_is_data(client):
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> and DROP ALL" AS ?x) }'
    rows = _bindings(client.get("/sparql", params={"query": query}))
    assert rows == {("SERVICE <http://example.org/> and DROP ALL",)}


def test_slow_query_gets_503_while_others_are_served(client):
    slow: dict = {}
    worker = threading.Thread(target=lambda: slow.setdefault("r", client.get("/sparql", params={"query": SLOW})))
    worker.start()
    try:
        # While the slow query occupies one worker, the other answers and so does the app.
        assert client.get("/health").status_code == 200
        assert ("Bí thư", "Đảng ủy xã Hạ Hòa", "xã Hạ Hòa") in _bindings(
            client.get("/sparql", params={"query": CAO_POSTS}))
    finally:
        worker.join(60)
    r = slow["r"]
    assert r.status_code == 503
    assert "3 s" in r.text and "Retry-After" in r.headers
    # The killed worker is replaced: the endpoint still answers.
    assert _bindings(client.get("/sparql", params={"query": CAO_POSTS}))


@pytest.mark.parametrize("name", query_names())
def test_example_queries_are_served_and_run(client, name):
    examples = {e["name"]: e for e in client.get("/api/examples").json()}
    assert examples[name]["title"] and examples[name]["query"].lstrip().startswith("#")
    r = client.post("/sparql", data={"query": examples[name]["query"]})
    assert r.status_code == 200, r.text


def test_posts_example_answers_with_seed_facts(client):
    query = next(e["query"] for e in client.get("/api/examples").json() if e["name"] == "posts")
    data = client.post("/sparql", data={"query": query}).json()
    rows = {(b["name"]["value"], b["role"]["value"]) for b in data["results"]["bindings"]}
    assert ("Trần Hữu Thuần", "Phó Bí thư Thường trực") in rows


def test_reads_leave_the_store_unchanged(client):
    for _ in range(5):
        client.get("/sparql", params={"query": CAO_POSTS})
        client.post("/sparql", data={"update": "DROP ALL"})
        client.get("/sparql", params={"query": "DROP ALL"})
    assert client.app_store.quad_count() == client.quads_before
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == client.quads_before


PEOPLE = ("PREFIX pg: <https://w3id.org/partygraph/ontology#> "
          "SELECT ?p ?label WHERE { ?p a pg:Person ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
          "ORDER BY ?p ?label")


def test_a_select_can_be_asked_for_one_page_with_its_total(client):
    whole = client.post("/sparql", data={"query": PEOPLE}, headers={"accept": "application/sparql-results+json"})
    rows = whole.json()["results"]["bindings"]
    assert "page" not in whole.json() and len(rows) > 10
    paged = client.post("/sparql", data={"query": PEOPLE, "limit": "4", "offset": "3"},
                        headers={"accept": "application/sparql-results+json"}).json()
    assert paged["page"] == {"offset": 3, "limit": 4, "total": len(rows)}
    assert paged["results"]["bindings"] == rows[3:7]       # the same terms, typed as the whole answer types them
    past = client.get("/sparql", params={"query": PEOPLE, "offset": str(len(rows) + 5)},
                      headers={"accept": "application/sparql-results+json"}).json()
    assert past["results"]["bindings"] == [] and past["page"]["total"] == len(rows)


@pytest.mark.parametrize("params, accept", [
    ({"limit": "0"}, "application/sparql-results+json"),
    ({"limit": "10001"}, "application/sparql-results+json"),
    ({"offset": "-1"}, "application/sparql-results+json"),
    ({"limit": "ten"}, "application/sparql-results+json"),
    ({"limit": "5"}, "text/csv"),
])
def test_a_page_it_cannot_give_is_a_clear_400(client, params, accept):
    r = client.post("/sparql", data={"query": PEOPLE, **params}, headers={"accept": accept})
    assert r.status_code == 400 and ("limit" in r.text) and "Traceback" not in r.text
