"""Facts -> RDF, on the gold facts of the seeds (the extractor is tested
on its own in the other loaders tests)."""
import json
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.loaders.article import article_from_text, read_article
from partygraph.loaders.identity import article_iri, document_iri, org_iri, person_iri, unit_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.ontology import ENTITIES_GRAPH, PG

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_c1a9f754178b24e0.txt"


@pytest.fixture(scope="module")
def seed_quads():
    article = read_article(SEED)
    facts = json.loads((ROOT / "seeds" / "gold" / (SEED.name + ".json")).read_text(encoding="utf-8"))
    facts["holds_post"][1]["evidence"] = {"sentence": "x", "start": 250, "end": 600}
    return article, facts_to_quads(article, facts, "test/1")


def test_every_quad_is_in_the_article_graph_or_the_entities_graph(seed_quads):
    article, quads = seed_quads
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {article_iri(article).value, ENTITIES_GRAPH}


def test_holding_with_provenance(seed_quads):
    article, quads = seed_quads
    store = ox.Store()
    store.extend(quads)
    rows = list(store.query(
        """PREFIX pg: <https://w3id.org/partygraph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?p ?role ?org ?art ?date ?start ?end WHERE {
          ?h a pg:PostHolding ; pg:holder ?p ; pg:post ?post ; prov:wasDerivedFrom ?art ;
             pg:reportedOn ?date ; pg:evidence/oa:hasTarget/oa:hasSelector ?sel .
          ?sel oa:start ?start ; oa:end ?end .
          ?post pg:roleLabel ?role ; pg:postIn ?org .
        }""", substitutions={ox.Variable("p"): person_iri("Cao Thị Toàn Thắng")},
        use_default_graph_as_union=True))
    assert len(rows) == 1
    r = rows[0]
    assert (r["role"].value, r["org"], r["art"], r["date"].value, int(r["start"].value), int(r["end"].value)) == (
        "Bí thư", org_iri("Đảng ủy xã Hạ Hòa"), article_iri(article), "2025-08-07", 250, 600)


def test_mergers_and_documents(seed_quads):
    _, quads = seed_quads
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    hh = unit_iri("xã Hạ Hòa")
    for old in ("thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"):
        assert (hh, ox.NamedNode(PG + "mergedFrom"), unit_iri(old)) in triples
    assert (document_iri("50-Ct/TW"), ox.NamedNode(PG + "symbol"), ox.Literal("50-CT/TW")) in triples


def test_iris_follow_normalised_keys_and_labels_keep_the_text():
    assert unit_iri("xã Hiệp Hoà") == unit_iri("xã Hiệp Hòa") == unit_iri("Xã  Hiệp Hòa")
    assert unit_iri("xã Hạ Hòa") != unit_iri("thị trấn Hạ Hòa")
    assert org_iri("Đảng uỷ xã Hiệp Hoà") == org_iri("Đảng ủy xã Hiệp Hòa")
    assert org_iri("HĐND xã Hòa Phú") == org_iri("Hội đồng nhân dân xã Hoà Phú")
    assert person_iri(unicodedata.normalize("NFD", "Nguyễn Thái Sơn")) == person_iri("Nguyễn Thái Sơn")
    article = article_from_text("a.txt", "Đảng uỷ xã Hiệp Hoà")
    facts = {"article": "a.txt", "date": None, "holds_post": [
        {"person": "Nguyễn Thái Sơn", "role": "Bí thư", "organization": "Đảng uỷ xã Hiệp Hoà", "area": "xã Hiệp Hoà"}]}
    labels = {q.object.value for q in facts_to_quads(article, facts, "t")
              if q.predicate.value.endswith("#label") and q.subject == unit_iri("xã Hiệp Hòa")}
    assert labels == {"xã Hiệp Hoà"}


def test_same_input_gives_the_same_quads(seed_quads):
    article, quads = seed_quads
    facts = json.loads((ROOT / "seeds" / "gold" / (SEED.name + ".json")).read_text(encoding="utf-8"))
    facts["holds_post"][1]["evidence"] = {"sentence": "x", "start": 250, "end": 600}
    assert facts_to_quads(article, facts, "test/1") == quads
