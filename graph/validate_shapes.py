"""The SHACL shapes (ontology/shapes.ttl) as read once: the rdflib graph
pyshacl takes, the ontology and vocabulary triples `sh:class` needs, and the
shapes compiled into plain data (`Shape`) for the load-time fast check
(graph/validate_fast.py).

Only the constraint kinds the shapes use are compiled: targetClass, property
paths and sequences, min/maxCount, class, datatype, min/maxInclusive,
pattern, or, and SPARQL constraints on $this. A shapes file using anything
else is not compiled (`compiled_shapes` is None) and every article goes to
pyshacl, so a new kind of constraint can never be skipped silently.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
import rdflib

from partygraph.ontology import ONTOLOGY_TTL, SHAPES_TTL, VOCABULARY_TTL

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
XSD = "http://www.w3.org/2001/XMLSchema#"


@lru_cache(maxsize=1)
def shapes_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(SHAPES_TTL, format="turtle")
    return g


@lru_cache(maxsize=1)
def support_triples() -> tuple:
    """What `sh:class` needs from the ontology and vocabulary: the class
    hierarchy and the concepts' types (a small part; adding all of it to
    every article checked would double the time of a load)."""
    g = rdflib.Graph()
    g.parse(ONTOLOGY_TTL, format="turtle")
    g.parse(VOCABULARY_TTL, format="turtle")
    keep = [t for t in g.triples((None, rdflib.RDFS.subClassOf, None))]
    keep += [t for t in g.triples((None, rdflib.RDF.type, rdflib.SKOS.Concept))]
    return tuple(keep)


# lexical forms pyshacl (rdflib) accepts for a datatype, stated strictly
LEXICAL = {
    XSD + "string": None,   # any lexical form
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "integer": re.compile(r"-?[0-9]+"),
    XSD + "decimal": re.compile(r"-?[0-9]+(\.[0-9]+)?"),
    XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),   # and a real day (lexical_ok)
}
NUMERIC = {XSD + "integer", XSD + "decimal"}


def lexical_ok(text: str, datatype: str) -> bool:
    rx = LEXICAL[datatype]
    if rx is None:
        return True
    if not rx.fullmatch(text):
        return False
    if datatype == XSD + "date":
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
    return True


class Unsupported(Exception):
    """The shapes use something the fast check does not compile."""


_NODE_KEYS = {"targetClass", "property", "sparql", "or", "message", "name", "description", "severity"}
_PROP_KEYS = {"path", "minCount", "maxCount", "class", "datatype", "minInclusive", "maxInclusive",
              "pattern", "message", "name", "description", "severity"}


@dataclass
class Shape:
    targets: list = field(default_factory=list)       # class IRIs
    path: list | None = None                          # predicates (a sequence path), None: the node itself
    min_count: int | None = None
    max_count: int | None = None
    classes: list = field(default_factory=list)
    datatypes: list = field(default_factory=list)
    min_inclusive: list = field(default_factory=list)
    max_inclusive: list = field(default_factory=list)
    patterns: list = field(default_factory=list)
    properties: list = field(default_factory=list)
    ors: list = field(default_factory=list)           # lists of shapes
    sparql: list = field(default_factory=list)        # SELECT $this ... queries


def as_ox(term) -> ox.NamedNode:
    """An rdflib IRI as pyoxigraph's; anything else is not compiled."""
    if not isinstance(term, rdflib.URIRef):
        raise Unsupported(f"not an IRI: {term!r}")
    return ox.NamedNode(str(term))


def _number(lit) -> Decimal:
    if not isinstance(lit, rdflib.Literal) or str(lit.datatype) not in NUMERIC:
        raise Unsupported(f"bound {lit!r}")
    return Decimal(str(lit))


def _compile_shape(g: rdflib.Graph, node, seen: set, prop: bool) -> Shape:
    seen.add(node)
    shape = Shape()
    allowed = _PROP_KEYS if prop else _NODE_KEYS
    for p, o in g.predicate_objects(node):
        if p == rdflib.RDF.type:
            if o not in (SH.NodeShape, SH.PropertyShape):
                raise Unsupported(f"shape type {o}")
            continue
        if not str(p).startswith(str(SH)):
            continue
        name = str(p)[len(str(SH)):]
        if name not in allowed:
            raise Unsupported(f"sh:{name}")
        if name == "targetClass":
            shape.targets.append(as_ox(o))
        elif name == "path":
            if isinstance(o, rdflib.URIRef):
                shape.path = [as_ox(o)]
            else:
                seen.update(_list_nodes(g, o))
                shape.path = [as_ox(x) for x in rdflib.collection.Collection(g, o)]
                if not shape.path:
                    raise Unsupported("empty path")
        elif name in ("minCount", "maxCount"):
            setattr(shape, "min_count" if name == "minCount" else "max_count", int(o))
        elif name == "class":
            shape.classes.append(as_ox(o))
        elif name == "datatype":
            if str(o) not in LEXICAL:
                raise Unsupported(f"datatype {o}")
            shape.datatypes.append(str(o))
        elif name == "minInclusive":
            shape.min_inclusive.append(_number(o))
        elif name == "maxInclusive":
            shape.max_inclusive.append(_number(o))
        elif name == "pattern":
            shape.patterns.append(re.compile(str(o)))
        elif name == "property":
            shape.properties.append(_compile_shape(g, o, seen, prop=True))
        elif name == "or":
            seen.update(_list_nodes(g, o))
            shape.ors.append([_compile_shape(g, x, seen, prop=g.value(x, SH.path) is not None)
                              for x in rdflib.collection.Collection(g, o)])
        elif name == "sparql":
            shape.sparql.append(_compile_sparql(g, o, seen))
    if prop and shape.path is None:
        raise Unsupported("property shape without a path")
    if shape.path is not None and (shape.sparql or shape.targets):
        raise Unsupported("sparql or target on a property shape")
    return shape


def _compile_sparql(g: rdflib.Graph, node, seen: set) -> str:
    """A SPARQL constraint's SELECT, when it only binds $this."""
    seen.add(node)
    for q in g.predicates(node):
        if str(q).startswith(str(SH)) and q not in (SH.select, SH.message):
            raise Unsupported(f"sparql constraint with {q}")
    query = g.value(node, SH.select)
    if query is None or any(v in str(query) for v in ("$shapesGraph", "$currentShape", "$PATH", "$value")):
        raise Unsupported("sparql constraint")
    return str(query)


def _list_nodes(g: rdflib.Graph, head) -> list:
    out = []
    while head is not None and head != rdflib.RDF.nil:
        out.append(head)
        head = g.value(head, rdflib.RDF.rest)
    return out


@lru_cache(maxsize=1)
def compiled_shapes() -> tuple[Shape, ...] | None:
    """The shapes with a target, compiled; None when the shapes use what
    the fast check does not know (every article then goes to pyshacl)."""
    g = shapes_graph()
    try:
        seen: set = set()
        roots = [_compile_shape(g, s, seen, prop=False)
                 for s in sorted(set(g.subjects(SH.targetClass, None)))]
        for s in set(g.subjects()):
            if s not in seen and any(str(p).startswith(str(SH)) for p in g.predicates(s)):
                raise Unsupported(f"shape {s} not compiled")
    except (Unsupported, ValueError, re.error):
        return None
    return tuple(roots)


@lru_cache(maxsize=64)
def query_predicates(query: str) -> frozenset | None:
    """The predicates a SPARQL query's patterns name (property paths
    included); None when one is a variable or a negated set, i.e. when any
    triple may match."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    preds: set = set()

    def pred(p) -> None:
        if isinstance(p, rdflib.URIRef):
            preds.add(ox.NamedNode(str(p)))
        elif isinstance(p, (SequencePath, AlternativePath)):
            for x in p.args:
                pred(x)
        elif isinstance(p, (InvPath, MulPath)):
            pred(p.path)
        else:   # a variable, a negated property set
            raise Unsupported(repr(p))

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                for _, p, _ in node.triples:
                    pred(p)
            for v in node.values():
                walk(v)
        elif isinstance(node, (list, tuple)):
            for v in node:
                walk(v)

    try:
        walk(prepareQuery(query).algebra)
    except Exception:  # noqa: BLE001 -- a query rdflib cannot take apart: every triple may match
        return None
    return frozenset(preds)
