"""SHACL validation (ontology/shapes.ttl) of a whole store or of one
article's quads before they are stored.

pyshacl works on rdflib graphs, so quads are handed over as N-Triples. The
ontology and the SKOS vocabulary are added to the data so that `sh:class`
sees subclasses (a Committee is an Organization) and concept types.

At load time each article first goes through the fast check
(graph/validate_fast.py: the shapes compiled into plain Python, ~5 ms an
article against pyshacl's ~450 ms, bench/shacl_engines.py); only what it
flags reaches pyshacl, whose answer and report decide.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from partygraph.ontology import BASE as GRAPHS_BASE
from partygraph.ontology import VOCABULARY_GRAPH

from .listings import LISTINGS_GRAPH
from .sparql_query import Query
from .store_protocol import GraphStore
from .validate_fast import fast_ok
from .validate_shapes import SH, compiled_shapes, shapes_graph, support_triples


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


def _graph_of(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    g = rdflib.Graph()
    for t in support_triples():
        g.add(t)
    if data:
        g.parse(data=data, format="nt")
    return g


def _violations(data: rdflib.Graph) -> list[Violation]:
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none",
                                          advanced=True, allow_warnings=True)
    if conforms:
        return []
    out = []
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        message = results.value(r, SH.resultMessage)
        out.append(Violation(str(focus), _path_text(results, path), str(message or "violates a shape")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def _path_text(results: rdflib.Graph, path) -> str:
    if path is None:
        return ""
    if isinstance(path, rdflib.BNode):  # a sequence path: show its steps
        return "/".join(str(p) for p in rdflib.collection.Collection(results, path))
    return str(path)


def validate_quads(quads: Iterable[ox.Quad]) -> list[Violation]:
    """Violations in one article's quads (its graph plus the entity
    descriptions it adds), checked by pyshacl alone."""
    return _violations(_graph_of(ox.Triple(q.subject, q.predicate, q.object) for q in quads))


def store_query() -> str:
    """The CONSTRUCT of every triple of a store the shapes check."""
    # written into the text (VALUES), as for a server: pyoxigraph binds
    # substitutions only to a SELECT's projected variables
    params = {"vocabulary": ox.NamedNode(VOCABULARY_GRAPH), "listings": ox.NamedNode(LISTINGS_GRAPH),
              "base": ox.Literal(GRAPHS_BASE)}
    return Query.load("validate", "store_triples").bind(params, inline=True).text


def validate_store(store: GraphStore) -> list[Violation]:
    """Violations in the union of the store's own graphs but the vocabulary
    and the listing index (validate/store_triples.rq says why)."""
    return _violations(_graph_of(store.query(store_query())))


def validate_article(quads: list[ox.Quad]) -> list[Violation]:
    """`validate_quads` of one article's quads, the same answer: the fast
    check passes what surely conforms, pyshacl checks (and reports) the rest."""
    shapes = compiled_shapes()
    if shapes is not None and fast_ok(quads, shapes):
        return []
    return validate_quads(quads)


def validate_many(quad_lists: list[list[ox.Quad]]) -> list[list[Violation]]:
    """`validate_article` of each article's quads."""
    return [validate_article(quads) for quads in quad_lists]
