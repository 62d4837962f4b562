"""Parameters a query declares in its header, and `partygraph query --bind`."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph import queries
from partygraph.graph.sparql_query import ParamError, bindings, declared, term

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", queries.query_names())
def test_every_variable_a_question_says_can_be_bound_is_declared(name):
    title = queries.query_title(name)
    params = {p.name: p for p in declared(queries.query_text(name))}
    assert set(re.findall(r"bind \?(\w+)", title)) <= set(params)     # "bind ?x" is declared
    assert set(params) <= set(re.findall(r"\?(\w+)", title))           # and nothing else is
    assert all(p.description for p in params.values())


def test_values_become_terms_of_their_kind():
    text = queries.query_text("officials_as_of")
    got = bindings(text, ["asOf=2025-09-01", "unit=pgid:unit/xa-ha-hoa-1"])
    assert got["asOf"] == ox.Literal("2025-09-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert got["unit"] == ox.NamedNode("https://w3id.org/partygraph/id/unit/xa-ha-hoa-1")
    assert bindings(text, ["?unit=<https://example.org/u>"])["unit"] == ox.NamedNode("https://example.org/u")


@pytest.mark.parametrize("given, message", [
    (["asOf=2025-13-01"], "is a date"),
    (["asOf"], "NAME=VALUE"),
    (["when=2025-01-01"], "declares no parameter 'when'; it declares: unit (iri), asOf (date)"),
    (["unit=not an iri"], "is an IRI"),
    (["unit=javascript:alert(1)"], "is an IRI"),
    (["asOf=2025-01-01", "asOf=2025-02-01"], "bound twice"),
])
def test_bad_bindings_say_why(given, message):
    with pytest.raises(ParamError, match=re.escape(message)):
        bindings(queries.query_text("officials_as_of"), given)


def test_a_string_parameter_stays_text():
    text = "# q\n# @param ?name string a name\nSELECT ?name WHERE {}"
    assert term(declared(text)[0], ' "} ; DROP ALL') == ox.Literal('"} ; DROP ALL')


def test_officials_as_of_a_date_answer_on_the_dev_corpus(corpus_store, partygraph):
    r = partygraph("query", "@" + str(ROOT / "graph/queries/officials_as_of.rq"), "--bind", "asOf=2025-09-01",
                   "--store", corpus_store.location, "--format", "json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert len(rows) > 100 and {b["asOf"]["value"] for b in rows} == {"2025-09-01"}
    assert all(b["lastReported"]["value"] <= "2025-09-01" for b in rows)
    # a day before every report: nobody
    r = partygraph("query", "@" + str(ROOT / "graph/queries/officials_as_of.rq"), "--bind", "asOf=1990-01-01",
                   "--store", corpus_store.location, "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["results"]["bindings"] == []


def test_a_bad_binding_is_one_line_and_exit_2(corpus_store, partygraph):
    r = partygraph("query", "@" + str(ROOT / "graph/queries/officials_as_of.rq"), "--bind", "asOf=soon",
                   "--store", corpus_store.location)
    assert r.returncode == 2 and r.stderr.strip() == "error: ?asOf is a date, YYYY-MM-DD: not 'soon'"
