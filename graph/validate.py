"""SHACL validation (ontology/shapes.ttl) of a whole store or of one
article's quads before they are stored.

pyshacl works on rdflib graphs, so quads are handed over as N-Triples. The
ontology and the SKOS vocabulary are added to the data so that `sh:class`
sees subclasses (a Committee is an Organization) and concept types.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from partygraph.ontology import BASE as GRAPHS_BASE
from partygraph.ontology import ONTOLOGY_TTL, SHAPES_TTL, VOCABULARY_GRAPH, VOCABULARY_TTL

from .listings import LISTINGS_GRAPH
from .store_protocol import GraphStore

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
    vocabulary graph (which `_graph_of` adds from the Turtle files) and the
    listing index (derived from the data, graph/listings.py); a server's
    own graphs (Virtuoso's system graphs) are not partygraph's to check."""
    result = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != <{VOCABULARY_GRAPH}> && ?g != <{LISTINGS_GRAPH}> "
        f"&& STRSTARTS(STR(?g), \"{GRAPHS_BASE}\")) }}")
    return _violations(_graph_of(result))


# ------------------------------------------------------------ the fast check
# Loading checks thousands of articles; pyshacl takes most of a second on
# each. The shapes are therefore also compiled, once, from
# ontology/shapes.ttl into a plain-Python check of the constraint kinds they
# use (targetClass, property paths and sequences, min/maxCount, class,
# datatype, min/maxInclusive, pattern, or, SPARQL constraints on $this). The
# fast check is conservative: an article it passes is one pyshacl passes;
# an article it flags is handed to pyshacl, whose answer (and report)
# decides. A shapes file using anything else is not compiled, and every
# article goes to pyshacl as before.

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = ox.NamedNode(str(rdflib.RDF.type))
_SUBCLASS = ox.NamedNode(str(rdflib.RDFS.subClassOf))

# lexical forms pyshacl (rdflib) accepts for a datatype, stated strictly
_LEXICAL = {
    _XSD + "string": None,   # any lexical form
    _XSD + "boolean": re.compile(r"true|false"),
    _XSD + "integer": re.compile(r"-?[0-9]+"),
    _XSD + "decimal": re.compile(r"-?[0-9]+(\.[0-9]+)?"),
    _XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),   # and a real day (_lexical_ok)
}
_NUMERIC = {_XSD + "integer", _XSD + "decimal"}


def _lexical_ok(text: str, datatype: str) -> bool:
    rx = _LEXICAL[datatype]
    if rx is None:
        return True
    if not rx.fullmatch(text):
        return False
    if datatype == _XSD + "date":
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
    return True


class _Unsupported(Exception):
    """The shapes use something the fast check does not compile."""


_NODE_KEYS = {"targetClass", "property", "sparql", "or", "message", "name", "description", "severity"}
_PROP_KEYS = {"path", "minCount", "maxCount", "class", "datatype", "minInclusive", "maxInclusive",
              "pattern", "message", "name", "description", "severity"}


@dataclass
class _Shape:
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


def _ox(term) -> ox.NamedNode:
    if not isinstance(term, rdflib.URIRef):
        raise _Unsupported(f"not an IRI: {term!r}")
    return ox.NamedNode(str(term))


def _number(lit) -> Decimal:
    if not isinstance(lit, rdflib.Literal) or str(lit.datatype) not in _NUMERIC:
        raise _Unsupported(f"bound {lit!r}")
    return Decimal(str(lit))


def _compile_shape(g: rdflib.Graph, node, seen: set, prop: bool) -> _Shape:
    seen.add(node)
    shape = _Shape()
    allowed = _PROP_KEYS if prop else _NODE_KEYS
    for p, o in g.predicate_objects(node):
        if p == rdflib.RDF.type:
            if o not in (_SH.NodeShape, _SH.PropertyShape):
                raise _Unsupported(f"shape type {o}")
            continue
        if not str(p).startswith(str(_SH)):
            continue
        name = str(p)[len(str(_SH)):]
        if name not in allowed:
            raise _Unsupported(f"sh:{name}")
        if name == "targetClass":
            shape.targets.append(_ox(o))
        elif name == "path":
            if isinstance(o, rdflib.URIRef):
                shape.path = [_ox(o)]
            else:
                seen.update(_list_nodes(g, o))
                shape.path = [_ox(x) for x in rdflib.collection.Collection(g, o)]
                if not shape.path:
                    raise _Unsupported("empty path")
        elif name in ("minCount", "maxCount"):
            setattr(shape, "min_count" if name == "minCount" else "max_count", int(o))
        elif name == "class":
            shape.classes.append(_ox(o))
        elif name == "datatype":
            if str(o) not in _LEXICAL:
                raise _Unsupported(f"datatype {o}")
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
            shape.ors.append([_compile_shape(g, x, seen, prop=g.value(x, _SH.path) is not None)
                              for x in rdflib.collection.Collection(g, o)])
        elif name == "sparql":
            seen.add(o)
            for q, v in g.predicate_objects(o):
                if str(q).startswith(str(_SH)) and q not in (_SH.select, _SH.message):
                    raise _Unsupported(f"sparql constraint with {q}")
            query = g.value(o, _SH.select)
            if query is None or any(v in str(query) for v in ("$shapesGraph", "$currentShape", "$PATH", "$value")):
                raise _Unsupported("sparql constraint")
            shape.sparql.append(str(query))
    if prop and shape.path is None:
        raise _Unsupported("property shape without a path")
    if shape.path is not None and (shape.sparql or shape.targets):
        raise _Unsupported("sparql or target on a property shape")
    return shape


def _list_nodes(g: rdflib.Graph, head) -> list:
    out = []
    while head is not None and head != rdflib.RDF.nil:
        out.append(head)
        head = g.value(head, rdflib.RDF.rest)
    return out


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Shape, ...] | None:
    """The shapes with a target, compiled; None when the shapes use what
    the fast check does not know (every article then goes to pyshacl)."""
    g = _shapes()
    try:
        seen: set = set()
        roots = [_compile_shape(g, s, seen, prop=False)
                 for s in sorted(set(g.subjects(_SH.targetClass, None)))]
        for s in set(g.subjects()):
            if s not in seen and any(str(p).startswith(str(_SH)) for p in g.predicates(s)):
                raise _Unsupported(f"shape {s} not compiled")
    except (_Unsupported, ValueError, re.error):
        return None
    return tuple(roots)


@lru_cache(maxsize=1)
def _support_index() -> tuple[dict, dict, dict]:
    """The support triples (`_support`) as subject -> predicate -> objects,
    class -> its direct subclasses, and class -> its direct instances."""
    index: dict = {}
    for s, p, o in _support():
        index.setdefault(_ox(s), {}).setdefault(_ox(p), set()).add(_ox(o))
    below: dict = {}
    typed: dict = {}
    for s, preds in index.items():
        for sup in preds.get(_SUBCLASS, ()):
            below.setdefault(sup, set()).add(s)
        for t in preds.get(_RDF_TYPE, ()):
            typed.setdefault(t, set()).add(s)
    return index, below, typed


@lru_cache(maxsize=None)
def _subclasses(c) -> frozenset:
    """`c` and every class below it in the support hierarchy (an article
    that states its own subclasses never gets this far: `_fast_ok`)."""
    below = _support_index()[1]
    out, todo = {c}, [c]
    while todo:
        for d in below.get(todo.pop(), ()):
            if d not in out:
                out.add(d)
                todo.append(d)
    return frozenset(out)


@lru_cache(maxsize=1)
def _support_predicates() -> frozenset:
    """The predicates of the support triples (a value reached by another
    predicate cannot come from them)."""
    return frozenset(p for preds in _support_index()[0].values() for p in preds)


_EMPTY: frozenset = frozenset()


class _Data:
    """One article's triples plus the support triples, indexed."""

    __slots__ = ("support", "index", "by_type", "_support_preds", "kept")

    def __init__(self, quads: Iterable[ox.Quad], keep: frozenset = _EMPTY):
        """`keep`: predicates whose triples are also kept as a list, `kept`
        (what the SPARQL constraints can match)."""
        self.support = _support_index()[0]
        self._support_preds = _support_predicates()
        index: dict = {}
        kept: list = []
        for q in quads:
            s = q.subject
            p = q.predicate
            o = q.object
            if keep and p in keep:
                kept.append((s, p, o))
            preds = index.get(s)
            if preds is None:
                index[s] = {p: {o}}
                continue
            objs = preds.get(p)
            if objs is None:
                preds[p] = {o}
            else:
                objs.add(o)
        self.index = index
        self.kept = kept
        by_type: dict = {}
        for s, preds in index.items():
            types = preds.get(_RDF_TYPE)
            if types:
                for t in types:
                    nodes = by_type.get(t)
                    if nodes is None:
                        by_type[t] = {s}
                    else:
                        nodes.add(s)
        self.by_type = by_type

    def objects(self, s, p) -> set:
        preds = self.index.get(s)
        a = preds.get(p) if preds else None
        if p not in self._support_preds:
            return a or _EMPTY
        preds = self.support.get(s)
        b = preds.get(p) if preds else None
        if a and b:
            return a | b
        return a or b or _EMPTY

    def subclasses(self, c) -> frozenset:
        return _subclasses(c)

    def instances(self, c) -> set:
        typed = _support_index()[2]
        out: set = set()
        for d in _subclasses(c):
            out |= self.by_type.get(d, _EMPTY)
            out |= typed.get(d, _EMPTY)
        return out

    def is_a(self, node, c) -> bool:
        return not self.objects(node, _RDF_TYPE).isdisjoint(_subclasses(c))


def _conforms(data: _Data, shape: _Shape, focus) -> bool:
    return _checker(shape)(data, focus)


_CHECKERS: dict = {}


def _value_check(shape: _Shape):
    """The checks `shape` makes on each value (class, datatype, bounds,
    pattern) as one function (data, value) -> ok, or None when it makes none."""
    classes = [_subclasses(c) for c in shape.classes]
    # (datatype, whether its lexical form needs a look)
    datatypes = [(d, _LEXICAL[d] is not None) for d in shape.datatypes]
    mins, maxs = list(shape.min_inclusive), list(shape.max_inclusive)
    bounded = bool(mins or maxs)
    patterns = list(shape.patterns)
    if not (classes or datatypes or bounded or patterns):
        return None
    Literal, BlankNode = ox.Literal, ox.BlankNode
    # the two checks most shapes make, alone: one class, one datatype
    # whose lexical form needs no look (xsd:string)
    if len(classes) == 1 and not (datatypes or bounded or patterns):
        subs = classes[0]

        def class_ok(data: _Data, v) -> bool:
            return not isinstance(v, Literal) and not data.objects(v, _RDF_TYPE).isdisjoint(subs)
        return class_ok
    if len(datatypes) == 1 and not datatypes[0][1] and not (classes or bounded or patterns):
        only = datatypes[0][0]

        def datatype_ok(data: _Data, v) -> bool:
            return isinstance(v, Literal) and v.datatype.value == only
        return datatype_ok

    def value_ok(data: _Data, v) -> bool:
        literal = isinstance(v, Literal)
        if classes:
            if literal:
                return False
            types = data.objects(v, _RDF_TYPE)
            for subs in classes:
                if types.isdisjoint(subs):
                    return False
        if datatypes or bounded:
            if not literal:
                return False
            dt = v.datatype.value
            text = v.value
            for d, lexical in datatypes:
                if dt != d or lexical and not _lexical_ok(text, d):
                    return False
            if bounded:
                if dt not in _NUMERIC or not _LEXICAL[dt].fullmatch(text):
                    return False
                n = Decimal(text)
                if any(n < b for b in mins) or any(n > b for b in maxs):
                    return False
        for rx in patterns:
            if isinstance(v, BlankNode) or not rx.search(v.value):
                return False
        return True

    return value_ok


_NO_PREDICATES: dict = {}


def _checker(shape: _Shape):
    """`shape` as one function (data, focus) -> conforms, built once: the
    same checks as reading the shape's fields for every node, without
    reading them (a load checks hundreds of nodes per article). A node
    shape checks its property shapes inline, reading the focus node's
    predicates once."""
    fn = _CHECKERS.get(id(shape))
    if fn is not None and fn[0] is shape:
        return fn[1]
    path = tuple(shape.path) if shape.path is not None else None
    lo, hi = shape.min_count, shape.max_count
    value_ok = _value_check(shape)
    support_preds = _support_predicates()
    # property shapes without nested shapes: (path, min, max, value check,
    # whether the support triples can give the first step's values)
    props = []
    nested = []
    for ps in shape.properties:
        if ps.properties or ps.ors:
            nested.append(_checker(ps))
        else:
            props.append((tuple(ps.path), ps.min_count, ps.max_count, _value_check(ps),
                          ps.path[0] in support_preds))
    ors = [[_checker(s) for s in alternatives] for alternatives in shape.ors]

    def check(data: _Data, focus) -> bool:
        if path is None:
            values = (focus,)
        else:
            values = {focus}
            for p in path:
                if len(values) == 1:
                    for v in values:
                        values = data.objects(v, p)
                else:
                    step: set = set()
                    for v in values:
                        step |= data.objects(v, p)
                    values = step
        if lo is not None and len(values) < lo:
            return False
        if hi is not None and len(values) > hi:
            return False
        if value_ok is not None:
            for v in values:
                if not value_ok(data, v):
                    return False
        if props:
            preds = data.index.get(focus) or _NO_PREDICATES
            for ppath, plo, phi, pok, in_support in props:
                vals = data.objects(focus, ppath[0]) if in_support else preds.get(ppath[0], _EMPTY)
                for p in ppath[1:]:
                    step = set()
                    for v in vals:
                        step |= data.objects(v, p)
                    vals = step
                if plo is not None and len(vals) < plo:
                    return False
                if phi is not None and len(vals) > phi:
                    return False
                if pok is not None:
                    for v in vals:
                        if not pok(data, v):
                            return False
        for ps in nested:
            if not ps(data, focus):
                return False
        for alternatives in ors:
            if not any(s(data, focus) for s in alternatives):
                return False
        return True

    _CHECKERS[id(shape)] = (shape, check)
    return check


_TARGETS: dict = {}


def _targets(shapes: tuple[_Shape, ...]) -> tuple:
    """Per shape: the classes whose instances it targets (subclasses
    included), the support nodes typed with one of them, its check, and
    the predicates its SPARQL constraints can match (None: any)."""
    known = _TARGETS.get(id(shapes))
    if known is not None and known[0] is shapes:
        return known[1], known[2]
    typed = _support_index()[2]
    out = []
    for shape in shapes:
        classes: set = set()
        for c in shape.targets:
            classes |= _subclasses(c)
        fixed: set = set()
        for d in classes:
            fixed |= typed.get(d, _EMPTY)
        queries = []
        for query in shape.sparql:
            queries.append((query, _query_predicates(query)))
        out.append((tuple(classes), frozenset(fixed), _checker(shape), tuple(queries)))
    # the predicates any SPARQL constraint can match (None: every one)
    keep: frozenset | None = frozenset()
    for *_, queries in out:
        for _, preds in queries:
            keep = None if keep is None or preds is None else keep | preds
    _TARGETS[id(shapes)] = (shapes, tuple(out), keep)
    return tuple(out), keep


def _fast_ok(quads: list[ox.Quad], shapes: tuple[_Shape, ...]) -> bool:
    """True when the article surely conforms (pyshacl would say so too)."""
    targets, keep = _targets(shapes)
    data = _Data(quads, keep or _EMPTY)
    index = data.index
    for preds in index.values():
        if _SUBCLASS in preds:
            return False   # its own class hierarchy: leave it to pyshacl
    by_type = data.by_type
    sparql_focus = []
    for classes, fixed, check, queries in targets:
        focus = set(fixed)
        for d in classes:
            nodes = by_type.get(d)
            if nodes:
                focus |= nodes
        for f in focus:
            if not check(data, f):
                return False
        if queries and focus:
            sparql_focus.append((queries, focus))
    for queries, focus in sparql_focus:
        for query, preds in queries:
            # the data graph pyshacl sees (the article's triples and the
            # support), cut to the predicates the query can match: a few
            # dozen triples instead of hundreds to index per article
            store = ox.Store()
            if preds is None or keep is None:
                store.extend(ox.Quad(s, p, o, ox.DefaultGraph())
                             for s, ps in index.items() for p, objs in ps.items() for o in objs
                             if preds is None or p in preds)
            else:   # kept while indexing (a store holds each triple once)
                store.extend(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in data.kept if p in preds)
            store.extend(_support_quads(preds))
            for row in store.query(query):
                if row["this"] in focus:
                    return False
    return True


@lru_cache(maxsize=64)
def _support_quads(preds: frozenset | None) -> tuple[ox.Quad, ...]:
    """The support triples with one of `preds` (all when None), once per query."""
    return tuple(ox.Quad(s, p, o, ox.DefaultGraph()) for s, ps in _support_index()[0].items()
                 for p, objs in ps.items() if preds is None or p in preds for o in objs)


@lru_cache(maxsize=64)
def _query_predicates(query: str) -> frozenset | None:
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
            raise _Unsupported(repr(p))

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


def validate_article(quads: list[ox.Quad]) -> list[Violation]:
    """`validate_quads` of one article's quads, the same answer: the fast
    check passes what surely conforms, pyshacl checks (and reports) the rest."""
    shapes = _compiled()
    if shapes is not None and _fast_ok(quads, shapes):
        return []
    return validate_quads(quads)


def validate_many(quad_lists: list[list[ox.Quad]]) -> list[list[Violation]]:
    """`validate_article` of each article's quads."""
    return [validate_article(quads) for quads in quad_lists]
