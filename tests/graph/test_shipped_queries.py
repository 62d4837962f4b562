"""Every query the project ships (each `.rq` under graph/), run on the seeds
and the dev corpus with its parameters unbound: no row comes back twice.
A doubled row is how an entity with two labels, or a join that fans out,
shows itself (a body written "Tỉnh uỷ Gia Lai" and "Tỉnh ủy Gia Lai")."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph.sparql_query import Query, term

GRAPH = Path(__file__).resolve().parents[2] / "graph"
SHIPPED = sorted(GRAPH.rglob("*.rq"))


def test_the_project_ships_queries_in_every_folder():
    assert len(SHIPPED) > 60
    assert {p.parent.name for p in SHIPPED} >= {"queries", "lookups", "export", "entity", "listings", "resolution"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_shipped_query_returns_a_row_twice(corpus_store, path):
    # a declared integer slot (graph/search.py's count to reach) is given its
    # least value; every other slot is left open: the query runs unrestricted
    query = Query.parse(path.read_text(encoding="utf-8"))
    least = {s.name: [term(s, "1")] for s in query.slots if s.kind == "integer"}
    result = query.solutions(corpus_store, values=least)
    if not isinstance(result, ox.QuerySolutions):
        return   # ASK, CONSTRUCT: a boolean or a set of triples
    names = [v.value for v in result.variables]
    rows = Counter(tuple(str(s[n]) if s[n] is not None else None for n in names) for s in result)
    doubled = [row for row, n in rows.items() if n > 1]
    assert not doubled, doubled[:3]


def test_every_entity_has_one_preferred_label(corpus_store):
    doubled = list(corpus_store.query("""
        SELECT ?e (COUNT(DISTINCT ?l) AS ?n) WHERE {
          ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l
          FILTER(STRSTARTS(STR(?e), "https://w3id.org/partygraph/id/"))
        } GROUP BY ?e HAVING (COUNT(DISTINCT ?l) > 1)"""))
    assert not doubled, [(s["e"].value, s["n"].value) for s in doubled[:5]]
    unlabelled = list(corpus_store.query("""
        SELECT ?e WHERE {
          ?e a ?c ; <http://www.w3.org/2000/01/rdf-schema#label> ?written
          VALUES ?c { <https://w3id.org/partygraph/ontology#Person> <https://w3id.org/partygraph/ontology#Organization>
                      <https://w3id.org/partygraph/ontology#AdministrativeUnit> <https://w3id.org/partygraph/ontology#Document>
                      <https://w3id.org/partygraph/ontology#Post> }
          FILTER NOT EXISTS { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?p }
        } LIMIT 5"""))
    assert not unlabelled, [s["e"].value for s in unlabelled]
