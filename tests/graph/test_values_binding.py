"""Parameters bound into query text for SPARQL servers, and the query form
read off a query (which decides what a server is asked to answer with)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from partygraph.graph.sparql_query import bind_values, query_form


@pytest.mark.parametrize("text, form", [
    ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n# a comment { }\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }",
     "CONSTRUCT"),
    ("  BASE <http://x/#a>\nASK {}", "ASK"),
    ("# Which units? (a # in a comment)\nSELECT * WHERE {}", "SELECT"),
    ("DESCRIBE <http://x/y>", "DESCRIBE"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", None),
    ("not sparql at all", None),
])
def test_the_query_form_is_read_after_the_prologue(text, form):
    assert query_form(text) == form


def test_an_iri_is_bound_by_values_and_stated_as_equal():
    unit = ox.NamedNode("https://w3id.org/partygraph/id/unit/xa-ha-hoa")
    text = bind_values("SELECT ?unit ?x WHERE { ?unit <p:q>* ?x }", {"unit": unit, "label": ox.Literal("Hạ Hòa")})
    where = text[text.index("WHERE {"):]
    assert where.index("VALUES (?unit ?label)") < where.index("FILTER(?unit = <https://w3id.org/partygraph/id/unit/xa-ha-hoa>)")
    assert "FILTER(?label" not in text   # literals: VALUES alone (equality of literals can err)
    # the same answers as pyoxigraph's own substitution
    store = ox.Store()
    store.add(ox.Quad(unit, ox.NamedNode("p:q"), ox.NamedNode("p:r")))
    assert {s["x"] for s in store.query(text)} == {unit, ox.NamedNode("p:r")}
