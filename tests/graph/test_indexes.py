"""The syllable index of names (graph/indexes.py) and the lookups that use
it (graph/lookups.py `_by_tokens`), on the five seed articles."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from partygraph.graph import lookups
from partygraph.graph.indexes import NAME_TOKEN, name_tokens, tokens
from partygraph.loaders.normalize import fold, key
from partygraph.ontology import ENTITIES_GRAPH, ID, PG

P = "PREFIX pg: <https://w3id.org/partygraph/ontology#>\n"


def _tokens_of(store, iri: str) -> set[str]:
    q = P + "SELECT ?s ?t WHERE { ?s pg:nameToken ?t }"
    return {r["t"].value for r in store.query(q, substitutions={"s": ox.NamedNode(iri)})}


def _person(store, search_key: str) -> str:
    q = P + "SELECT ?p ?k WHERE { ?p a pg:Person ; pg:searchKey ?k }"
    found = [r["p"].value for r in store.query(q, substitutions={"k": ox.Literal(search_key)})]
    assert found, search_key
    return found[0]


def test_tokens_split_a_unit_key_on_its_type_bar():
    assert tokens(key("xã Hạ Hòa").replace(" ", "|", 1)) == key("xã Hạ Hòa").split()
    assert tokens("xã|hạ hoa5") == ["xã", "hạ", "hoa5"]


def test_a_seed_person_carries_the_syllables_of_both_keys(seed_store):
    person = _person(seed_store, "cao thi toan thang")
    assert _tokens_of(seed_store, person) == set(key("Cao Thị Toàn Thắng").split()) | {"cao", "thi", "toan", "thang"}


def test_a_seed_unit_carries_its_type_word_and_name(seed_store):
    q = P + "SELECT ?u WHERE { ?u a pg:AdministrativeUnit ; pg:searchKey 'ha hoa' }"
    units = [r["u"].value for r in seed_store.query(q)]
    assert units
    for u in units:
        assert {"ha", "hoa"} <= _tokens_of(seed_store, u)
        assert set(key("Hạ Hòa").split()) <= _tokens_of(seed_store, u)


def test_tokens_are_a_function_of_the_quads():
    e = ox.NamedNode(ENTITIES_GRAPH)
    p = ox.NamedNode(ID + "person/x")
    quads = [ox.Quad(p, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(PG + "Person"), e),
             ox.Quad(p, ox.NamedNode(PG + "nameKey"), ox.Literal(key("Cao Thị Toàn Thắng")), e),
             ox.Quad(p, ox.NamedNode(PG + "searchKey"), ox.Literal(fold("Cao Thị Toàn Thắng")), e)]
    first = name_tokens(quads)
    assert first == name_tokens(list(reversed(quads)))
    assert all(q.predicate == NAME_TOKEN and q.graph_name == e and q.subject == p for q in first)
    assert len(first) == 7   # 4 keyed + 4 folded syllables, "cao" the same in both


@pytest.mark.parametrize("prop,text", [("searchKey", "toan thang"), ("searchKey", "cao thi toan thang"),
                                       ("nameKey", key("Toàn Thắng")), ("nameKey", key("Thắng")),
                                       ("searchKey", "thang cao")])
def test_token_lookup_finds_what_the_scan_finds(seed_store, prop, text):
    scan = lookups._rows(seed_store, "officials_keys", {"keyProperty": ox.NamedNode(PG + prop),
                                                        "keyValue": ox.Literal(text)})
    found = lookups._by_tokens(seed_store, prop, ox.Literal(text))
    people = {r["person"] for r in scan if r["person"].startswith(ID + "person/")}
    assert {n.value for n in found if n.value.startswith(ID + "person/")} == people
    assert bool(people) == (text != "thang cao")   # syllables out of order match nobody


def test_unit_suffix_lookup_by_tokens(seed_store):
    found = {n.value for n in lookups._by_key_suffix(seed_store, ox.Literal(key("Hạ Hòa")))}
    scan = {r["area"] for r in lookups._rows(seed_store, "posts_areas", {
        "keyProperty": ox.NamedNode(PG + "nameKey"), "keyValue": ox.Literal(key("Hạ Hòa")),
        "keySuffix": ox.Literal(True)})}
    assert found == scan and found
