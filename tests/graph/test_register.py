"""Mergers checked against the official register (vietnamadminunits)."""
import json
from pathlib import Path

import pyoxigraph as ox

from partygraph.graph.sparql_query import rows
from partygraph.graph.register import check_merger, register_quads
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import unit_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.ontology import ENTITIES_GRAPH, PG

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_c1a9f754178b24e0.txt"


def test_ha_hoa_was_formed_from_minh_hac_per_the_register():
    check = check_merger("xã Hạ Hòa", "xã Minh Hạc")
    assert check.agrees
    assert (check.new_unit.code, check.new_unit.name, check.new_unit.province) == ("08053", "Xã Hạ Hòa", "Tỉnh Phú Thọ")
    assert (check.predecessor.code, check.predecessor.era) == ("08119", "legacy")


def test_old_tone_placement_and_abbreviated_types_match_the_register():
    assert check_merger("xã Hạ Hoà", "TT Hạ Hoà").agrees


def test_provinces_of_2025():
    assert check_merger("tỉnh Gia Lai", "tỉnh Bình Định").agrees
    assert check_merger("tỉnh Hưng Yên", "tỉnh Thái Bình").agrees
    assert not check_merger("tỉnh Gia Lai", "tỉnh Thái Bình").agrees


def test_a_merger_the_register_does_not_know_is_not_agreed():
    assert not check_merger("xã Hạ Hòa", "xã Ia Pết").agrees      # a Gia Lai commune
    assert not check_merger("xã Hà Hoa", "xã Minh Hạc").agrees     # tone marks matter
    assert not check_merger("huyện Lộc Hà", "xã Thạch Bằng").agrees  # districts: not in the 2025 register


def test_register_quads_of_a_seed():
    article = read_article(SEED)
    facts = json.loads((SEED.parent / "gold" / f"{SEED.name}.json").read_text(encoding="utf-8"))
    quads = facts_to_quads(article, facts, "test")
    added = register_quads(quads)
    agrees = [q for q in added if q.predicate == ox.NamedNode(PG + "registerAgrees")]
    assert len(agrees) == 4 and all(q.object.value == "true" for q in agrees)
    codes = {(q.subject, q.object.value) for q in added if q.predicate == ox.NamedNode(PG + "registerCode")}
    assert (unit_iri("xã Hạ Hòa"), "08053") in codes
    assert (unit_iri("xã Minh Hạc"), "08119") in codes
    assert all(q.graph_name == ox.NamedNode(ENTITIES_GRAPH)
               for q in added if q.predicate == ox.NamedNode(PG + "registerCode"))


def test_loading_records_the_register_check(corpus_store):
    found = rows(corpus_store.query(
        """PREFIX pg: <https://w3id.org/partygraph/ontology#>
        SELECT ?new ?old ?agrees WHERE { ?m a pg:Merger ; pg:newUnit ?new ; pg:predecessor ?old ; pg:registerAgrees ?agrees }""",
        substitutions={"new": unit_iri("xã Hạ Hòa"), "old": unit_iri("xã Minh Hạc")}))
    assert found and all(r["agrees"] is True for r in found)
    code = rows(corpus_store.query(
        "PREFIX pg: <https://w3id.org/partygraph/ontology#> SELECT ?u ?code WHERE { ?u pg:registerCode ?code }",
        substitutions={"u": unit_iri("xã Hạ Hòa")}))
    assert [r["code"] for r in code] == ["08053"]
