"""SHACL validation (ontology/shapes.ttl) of a whole store or of one
article's quads before they are stored.

pyshacl works on rdflib graphs, so quads are handed over as N-Triples. The
ontology and the SKOS vocabulary are added to the data so that `sh:class`
sees subclasses (a Committee is an Organization) and concept types.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from ontology import ONTOLOGY_TTL, SHAPES_TTL, VOCABULARY_GRAPH, VOCABULARY_TTL

from .store import GraphStore

_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.focus}{where}: {self.message}"


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(SHAPES_TTL, format="turtle")
    return g


@lru_cache(maxsize=1)
def _support() -> tuple:
    """What `sh:class` needs from the ontology and vocabulary: the class
    hierarchy and the concepts' types (a small part; adding all of it to
    every article checked would double the time of a load)."""
    g = rdflib.Graph()
    g.parse(ONTOLOGY_TTL, format="turtle")
    g.parse(VOCABULARY_TTL, format="turtle")
    keep = [t for t in g.triples((None, rdflib.RDFS.subClassOf, None))]
    keep += [t for t in g.triples((None, rdflib.RDF.type, rdflib.SKOS.Concept))]
    return tuple(keep)


def _graph_of(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    g = rdflib.Graph()
    for t in _support():
        g.add(t)
    if data:
        g.parse(data=data, format="nt")
    return g


def _violations(data: rdflib.Graph) -> list[Violation]:
    conforms, results, _ = shacl_validate(data, shacl_graph=_shapes(), inference="none",
                                          advanced=True, allow_warnings=True)
    if conforms:
        return []
    out = []
    for r in results.subjects(rdflib.RDF.type, _SH.ValidationResult):
        focus = results.value(r, _SH.focusNode)
        path = results.value(r, _SH.resultPath)
        message = results.value(r, _SH.resultMessage)
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
    descriptions it adds), checked before they reach the store."""
    return _violations(_graph_of(ox.Triple(q.subject, q.predicate, q.object) for q in quads))


def validate_store(store: GraphStore) -> list[Violation]:
    """Violations in the union of every graph of the store but the
    vocabulary graph (which `_graph_of` adds from the Turtle files)."""
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{VOCABULARY_GRAPH}>) }}")
    return _violations(_graph_of(result))
