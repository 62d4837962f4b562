"""Declared queries (graph/sparql_query.py): VALUES slots filled where the
query marks them (else opening the WHERE group), parameters bound as
substitutions or, for a server, written in as terms."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from partygraph.graph.sparql_query import ParamError, Query, bindings
from partygraph.graph.store import QueryError

P, A, B = ox.NamedNode("http://x/p"), ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b")
TEXT = """# which subjects? (a comment with a brace { and WHERE {)
# @param ?o string a value
# @values ?s iri the subjects
# @values ?t iri more subjects
SELECT ?s ?o WHERE {
  {
    #VALUES ?t
    ?t <http://x/p> ?o . BIND(?t AS ?s) }
  UNION
  { ?s <http://x/p> "{" }
}"""


def _store() -> ox.Store:
    store = ox.Store()
    store.extend([ox.Quad(A, P, ox.Literal("1")), ox.Quad(B, P, ox.Literal("2")), ox.Quad(B, P, ox.Literal("{"))])
    return store


def _subjects(text: str, substitutions=None) -> set[str]:
    subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()} or None
    return {s["s"].value for s in _store().query(text, substitutions=subs)}


def test_a_slot_fills_its_marker_else_opens_the_where_group():
    query = Query.parse(TEXT)
    assert [p.name for p in query.params] == ["o"] and [p.name for p in query.slots] == ["s", "t"]
    text, subs = query.bind(values={"t": [A], "s": [A]})
    assert subs is None
    order = [text.index(s) for s in ("WHERE {", "VALUES ?s { <http://x/a> }", "  {\n", "VALUES ?t { <http://x/a> }", "UNION")]
    assert order == sorted(order)
    assert "#VALUES ?t" not in text
    assert _subjects(text) == {"http://x/a"}
    assert _subjects(query.text) == {"http://x/a", "http://x/b"}   # unfilled: a comment, unrestricted
    assert _subjects(query.bind(values={"s": []}).text) == set()   # no terms: nothing matches


def test_parameters_are_substituted_or_written_in_for_a_server():
    query = Query.parse(TEXT)
    local = query.bind({"o": ox.Literal("2")})
    assert local.text == TEXT and local.substitutions == {"o": ox.Literal("2")}
    server = query.bind({"o": ox.Literal("2")}, {"t": [A, B]}, inline=True)
    assert server.substitutions is None and 'VALUES (?o) { ("2") }' in server.text
    assert _subjects(server.text) == {"http://x/b"} == _subjects(local.text, local.substitutions)


def test_only_declared_slots_and_terms_are_bound():
    query = Query.parse(TEXT)
    with pytest.raises(ParamError, match="no VALUES slot \\?x"):
        query.bind(values={"x": [A]})
    with pytest.raises(QueryError, match="IRI or a literal"):
        query.bind(values={"s": [ox.BlankNode()]})
    with pytest.raises(QueryError, match="undeclared slots: u"):
        Query.parse("SELECT * WHERE {\n  #VALUES ?u\n}")
    # --bind and the page give a slot one term, as they give a parameter
    assert bindings(TEXT, ["s=http://x/a"]) == {"s": A}
