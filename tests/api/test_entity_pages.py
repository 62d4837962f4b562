"""Every IRI of the graph dereferences on the server: a page for a browser,
Turtle for an RDF client; labels are always text, never markup."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from partygraph.ontology import ID, PG, RDF, RDFS

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def client(tmp_path_factory, seed_store_path, store_copy):
    from fastapi.testclient import TestClient

    from partygraph.api.server import create_app
    from partygraph.graph.store import LocalStore

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

    from partygraph.api.server import create_app

    with TestClient(create_app(str(store_copy(corpus_store.location)), query_workers=1)) as c:
        docs = c.get("/api/documents", params={"limit": 200}).json()["documents"]
        citing = next(d for d in docs if d["cites"])
        html = c.get("/id/" + citing["iri"][len(ID):]).text
    assert "Citations" in html and '<svg class="entity-graph"' in html
    assert all(x["iri"][len(ID):] in html for x in citing["cites"])


@pytest.fixture(scope="module")
def dev_client(corpus_store, store_copy):
    from fastapi.testclient import TestClient

    from partygraph.api.server import create_app

    with TestClient(create_app(str(store_copy(corpus_store.location)), query_workers=1)) as c:
        yield c


def test_a_unit_page_gives_the_register_and_its_officials_as_of_a_day(dev_client):
    html = dev_client.get("/id/unit/xa-ha-hoa-37189df0", params={"as_of": "2025-09-01"}).text
    assert "Register code <code>08053</code>" in html
    assert "The register agrees with 4 of the 4 reported merger(s)" in html
    assert "Officials as of 2025-09-01" in html and 'value="2025-09-01"' in html
    assert ">Cao Thị Toàn Thắng</a>" in html.split("Officials as of")[1]
    before = dev_client.get("/id/unit/xa-ha-hoa-37189df0", params={"as_of": "2025-01-01"}).text
    assert "No current holder reported by that day." in before
    assert dev_client.get("/id/unit/xa-ha-hoa-37189df0", params={"as_of": "1 Sept"}).status_code == 400


def test_an_old_unit_page_names_the_unit_covering_it_and_its_leaders(dev_client):
    html = dev_client.get("/id/unit/xa-minh-hac-2d0bcba6", params={"as_of": "2025-09-01"}).text
    covered = html.split("Covered now by")[1]
    assert ">xã Hạ Hòa</a>" in covered and "<code>08053</code>" in covered
    assert ">Cao Thị Toàn Thắng</a>" in covered


def test_a_body_page_lists_its_holders_over_time(dev_client):
    html = dev_client.get("/id/org/dang-uy-xa-ha-hoa-c71214ac").text
    holders = html.split("Holders over time")[1]
    assert "<td>2025-08-07</td><td>Bí thư</td>" in holders and ">Cao Thị Toàn Thắng</a>" in holders


def test_a_document_page_lists_the_articles_that_mention_it(dev_client):
    html = dev_client.get("/id/doc/137-kl-tw-2cd140e4").text
    mentions = html.split("Articles that mention it")[1]
    assert ">Thái Bình qua những lần sắp xếp đơn vị hành chính</a>" in mentions
    assert "<mark>137-KL/TW</mark>" in mentions
    assert '<a href="/vocab/doc-ket-luan">Kết luận</a>' in html   # the type by its label, linked


def test_articles_concepts_and_unlabelled_nodes_have_pages_with_names(dev_client):
    html = dev_client.get("/id/unit/xa-ha-hoa-37189df0").text
    assert ">xã Hạ Hòa formed from xã Minh Hạc</a>" in html
    article = dev_client.get("/article/t-39655276cb1ded5e29cea65a")
    assert article.status_code == 200 and "<h1>Thái Bình qua những lần sắp xếp đơn vị hành chính</h1>" in article.text
    concept = dev_client.get("/vocab/unit-xa", headers={"accept": "text/turtle"})
    assert concept.status_code == 200
    triples = list(ox.parse(concept.content, format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("skos/core#prefLabel") and t.object.value == "xã" for t in triples)
    assert dev_client.get("/vocab/no-such-concept").status_code == 404
