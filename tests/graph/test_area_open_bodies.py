"""A body whose name leaves its area open ("Tỉnh ủy" in "Đinh Quang Tuyến -
Tỉnh ủy viên") is not one node across the country: two articles from
different provinces give two bodies, and a Tỉnh ủy the article's province
qualifies is the same node as the one a text names in full."""
from __future__ import annotations

from pathlib import Path

import pytest

import pyoxigraph as ox

from partygraph.graph.ingest import ensure_vocabulary, load_articles
from partygraph.loaders.article import article_from_text
from partygraph.loaders.identity import org_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.graph.stores import open_store

DATA = Path(__file__).resolve().parents[1] / "data" / "area_open"
PREFIXES = """PREFIX pg: <https://w3id.org/partygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("area-open"))
    ensure_vocabulary(store)
    report = load_articles(sorted(DATA.glob("*.txt")), store)
    assert len(report.loaded) == 3
    return store


def _body_of(store, person: str, role: str) -> tuple[str, str]:
    rows = list(store.query(PREFIXES + """
        SELECT ?name ?role ?org ?shown WHERE {
          ?p a pg:Person ; rdfs:label ?name ; pg:holdsPost ?post .
          ?post pg:roleLabel ?role ; pg:postIn ?org . ?org skos:prefLabel ?shown
        }""", substitutions={"name": _lit(person), "role": _lit(role)}))
    assert len(rows) == 1, rows
    return rows[0]["org"].value, rows[0]["shown"].value


def _lit(text: str) -> ox.Literal:
    return ox.Literal(text)


def test_two_provinces_unqualified_tinh_uy_are_two_bodies(store):
    """Neither article names its province (Lộc Hà is not in the register
    the extractor reads): each "Tỉnh ủy" is its article's own."""
    thanh_ba, shown_a = _body_of(store, "Đinh Quang Tuyến", "Tỉnh ủy viên")
    loc_ha, shown_b = _body_of(store, "Trần Văn Kỳ", "Tỉnh ủy viên")
    assert thanh_ba != loc_ha
    assert shown_a == shown_b == "Tỉnh ủy"


def test_a_body_the_text_names_in_full_is_shared(store):
    """Can Lộc's "Tỉnh ủy" is read as Tỉnh ủy Hà Tĩnh (the register places
    the district): the body every Hà Tĩnh article names."""
    can_loc, shown = _body_of(store, "Lê Văn Sơn", "Tỉnh ủy viên")
    assert shown == "Tỉnh ủy Hà Tĩnh"
    assert can_loc == org_iri("Tỉnh ủy Hà Tĩnh").value


def test_the_articles_province_qualifies_an_open_body(tmp_path):
    """Facts (gold-like, area null) whose article names its province
    elsewhere: "Tỉnh ủy" is Tỉnh ủy Hà Tĩnh, the node a text naming it in
    full gives; with no province it stays the article's own."""
    def holding(person, role, org, area):
        return {"person": person, "role": role, "organization": org, "area": area}

    a = article_from_text("a.txt", "Bài A")
    b = article_from_text("b.txt", "Bài B")
    c = article_from_text("c.txt", "Bài C")
    quads = facts_to_quads(a, {"holds_post": [holding("Trần Văn Kỳ", "Tỉnh ủy viên", "Tỉnh ủy", None),
                                              holding("Võ Trọng Hải", "Chủ tịch", "UBND tỉnh Hà Tĩnh", "tỉnh Hà Tĩnh")]}, "t")
    quads += facts_to_quads(b, {"holds_post": [holding("Hoàng Trung Dũng", "Bí thư", "Tỉnh ủy Hà Tĩnh", "tỉnh Hà Tĩnh")]}, "t")
    quads += facts_to_quads(c, {"holds_post": [holding("Đinh Quang Tuyến", "Tỉnh ủy viên", "Tỉnh ủy", None)]}, "t")
    store = ox.Store()
    store.extend(quads)
    orgs = {s["name"].value: s["org"].value for s in store.query(PREFIXES + """
        SELECT ?name ?org WHERE { ?p rdfs:label ?name ; pg:holdsPost/pg:postIn ?org }""",
        use_default_graph_as_union=True)}
    assert orgs["Trần Văn Kỳ"] == orgs["Hoàng Trung Dũng"] == org_iri("Tỉnh ủy Hà Tĩnh").value
    assert orgs["Đinh Quang Tuyến"] not in (orgs["Trần Văn Kỳ"], org_iri("Tỉnh ủy").value)
