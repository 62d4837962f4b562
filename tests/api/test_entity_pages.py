"""Every IRI of the graph dereferences on the server: a page for a browser,
Turtle for an RDF client; labels are always text, never markup."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from ontology import ID, PG, RDF, RDFS

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def client(tmp_path_factory, seed_store_path, store_copy):
    from fastapi.testclient import TestClient

    from api.server import create_app
    from graph.store import LocalStore

    path = store_copy(seed_store_path)
    store = LocalStore(path)
    g = ox.NamedNode("https://w3id.org/partygraph/graph/entities")
    person = ox.NamedNode(ID + "person/hostile-1")
    store._store.extend([ox.Quad(person, ox.NamedNode(RDF + "type"), ox.NamedNode(PG + "Person"), g),
                         ox.Quad(person, ox.NamedNode(RDFS + "label"), ox.Literal(HOSTILE), g)])
    store.close()
    with TestClient(create_app(str(path), query_timeout=10.0, query_workers=1)) as c:
        yield c


def test_a_person_page_and_her_rdf(client):
    path = "/id/" + client.get("/api/officials", params={"name": "cao thi toan thang"}).json()["officials"][0]["id"][len(ID):]
    html = client.get(path, headers={"accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<mark>Cao Thị Toàn Thắng</mark>" in html.text and "Đảng ủy xã Hạ Hòa" in html.text
    ttl = client.get(path, headers={"accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == RDFS + "label" and t.object.value == "Cao Thị Toàn Thắng" for t in triples)


def test_an_unknown_iri_is_404(client):
    assert client.get("/id/person/nobody-at-all").status_code == 404


def test_labels_are_text_on_every_page(client):
    r = client.get("/id/person/hostile-1")
    assert r.status_code == 200
    assert "<script>" not in r.text and "<img" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert r.headers["content-security-policy"].endswith("script-src 'none'")
    missing = client.get("/id/" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert missing.status_code == 404 and "<script>" not in missing.text


def test_a_unit_page_draws_its_lineage(client):
    units = client.get("/api/units", params={"name": "xã Hạ Hòa"}).json()["units"]
    unit = next(u for u in units if u["name"] == "xã Hạ Hòa")
    html = client.get("/id/" + unit["id"][len(ID):]).text
    assert '<svg class="entity-graph"' in html and "Lineage" in html
    predecessors = {m["name"] for m in unit["merged_from"]}
    assert predecessors and all(name in html for name in predecessors)
    assert html.count("<line ") >= len(predecessors)


def test_a_document_page_draws_its_citations(corpus_store, store_copy):
    from fastapi.testclient import TestClient

    from api.server import create_app

    with TestClient(create_app(str(store_copy(corpus_store.location)), query_workers=1)) as c:
        docs = c.get("/api/documents", params={"limit": 200}).json()["documents"]
        citing = next(d for d in docs if d["cites"])
        html = c.get("/id/" + citing["iri"][len(ID):]).text
    assert "Citations" in html and '<svg class="entity-graph"' in html
    assert all(x["iri"][len(ID):] in html for x in citing["cites"])
