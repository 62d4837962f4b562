"""The RDF terms the code writes and reads, made once: `rdf:type`,
`rdfs:label`, `skos:prefLabel`, the ontology's own properties and classes
(`pg(local)`), the entities graph."""
from __future__ import annotations

from functools import lru_cache

from pyoxigraph import NamedNode

from . import ENTITIES_GRAPH, PG, RDF, RDFS, SKOS

TYPE = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")            # every form an entity is written in
PREF_LABEL = NamedNode(SKOS + "prefLabel")   # the one form shown, chosen by rule (loaders/identity.py)
ALT_LABEL = NamedNode(SKOS + "altLabel")     # a bare form an area-open name was written in ("Tỉnh ủy")
ENTITIES = NamedNode(ENTITIES_GRAPH)


@lru_cache(maxsize=None)   # a few dozen properties and classes, asked for per quad
def pg(local: str) -> NamedNode:
    """pg:<local>, the ontology's property or class."""
    return NamedNode(PG + local)
