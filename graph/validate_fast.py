"""The fast check: the compiled shapes (graph/validate_shapes.py) run over
one article's indexed triples (graph/validate_data.py) in plain Python.

Loading checks thousands of articles and pyshacl takes most of a second on
each. The fast check is conservative: an article it passes is one pyshacl
passes; an article it flags is handed to pyshacl, whose answer (and report)
decides (graph/validate.py). tests/graph/test_validate_agreement.py holds it
to pyshacl's answers on every shape and on generated articles.
"""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from .validate_data import (EMPTY, RDF_TYPE, SUBCLASS, ArticleData, subclasses, support_index, support_predicates,
                            support_quads)
from .validate_shapes import LEXICAL, NUMERIC, Shape, lexical_ok, query_predicates


def _value_check(shape: Shape):
    """The checks `shape` makes on each value (class, datatype, bounds,
    pattern) as one function (data, value) -> ok, or None when it makes none."""
    classes = [subclasses(c) for c in shape.classes]
    # (datatype, whether its lexical form needs a look)
    datatypes = [(d, LEXICAL[d] is not None) for d in shape.datatypes]
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

        def class_ok(data: ArticleData, v) -> bool:
            return not isinstance(v, Literal) and not data.objects(v, RDF_TYPE).isdisjoint(subs)
        return class_ok
    if len(datatypes) == 1 and not datatypes[0][1] and not (classes or bounded or patterns):
        only = datatypes[0][0]

        def datatype_ok(data: ArticleData, v) -> bool:
            return isinstance(v, Literal) and v.datatype.value == only
        return datatype_ok

    def value_ok(data: ArticleData, v) -> bool:
        literal = isinstance(v, Literal)
        if classes:
            if literal:
                return False
            types = data.objects(v, RDF_TYPE)
            for subs in classes:
                if types.isdisjoint(subs):
                    return False
        if datatypes or bounded:
            if not literal:
                return False
            dt = v.datatype.value
            text = v.value
            for d, lexical in datatypes:
                if dt != d or lexical and not lexical_ok(text, d):
                    return False
            if bounded:
                if dt not in NUMERIC or not LEXICAL[dt].fullmatch(text):
                    return False
                n = Decimal(text)
                if any(n < b for b in mins) or any(n > b for b in maxs):
                    return False
        for rx in patterns:
            if isinstance(v, BlankNode) or not rx.search(v.value):
                return False
        return True

    return value_ok


def _values_ok(data: ArticleData, values, lo: int | None, hi: int | None, ok) -> bool:
    """The values a path reached: their count within [lo, hi], each passing `ok`."""
    if lo is not None and len(values) < lo:
        return False
    if hi is not None and len(values) > hi:
        return False
    if ok is not None:
        for v in values:
            if not ok(data, v):
                return False
    return True


_NO_PREDICATES: dict = {}
_CHECKERS: dict = {}


def _checker(shape: Shape):
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
    support_preds = support_predicates()
    # property shapes without nested shapes: (path, min, max, value check,
    # whether the support triples can give the first step's values)
    props = []
    nested = []
    for ps in shape.properties:
        if ps.properties or ps.ors:
            nested.append(_checker(ps))
        else:
            props.append((ps.path[0], tuple(ps.path[1:]), ps.min_count, ps.max_count, _value_check(ps),
                          ps.path[0] in support_preds))
    ors = [[_checker(s) for s in alternatives] for alternatives in shape.ors]

    def check(data: ArticleData, focus) -> bool:
        values = (focus,) if path is None else data.walk({focus}, path)
        if not _values_ok(data, values, lo, hi, value_ok):
            return False
        if props:
            preds = data.index.get(focus) or _NO_PREDICATES
            for first, rest, plo, phi, pok, in_support in props:
                vals = data.objects(focus, first) if in_support else preds.get(first, EMPTY)
                if rest:
                    vals = data.walk(vals, rest)
                if not _values_ok(data, vals, plo, phi, pok):
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


def _targets(shapes: tuple[Shape, ...]) -> tuple:
    """Per shape: the classes whose instances it targets (subclasses
    included), the support nodes typed with one of them, its check, and
    the SPARQL constraints with the predicates each can match (None: any);
    and the predicates any of them can match (None: every one)."""
    known = _TARGETS.get(id(shapes))
    if known is not None and known[0] is shapes:
        return known[1], known[2]
    typed = support_index()[2]
    out = []
    for shape in shapes:
        classes: set = set()
        for c in shape.targets:
            classes |= subclasses(c)
        fixed: set = set()
        for d in classes:
            fixed |= typed.get(d, EMPTY)
        queries = tuple((query, query_predicates(query)) for query in shape.sparql)
        out.append((tuple(classes), frozenset(fixed), _checker(shape), queries))
    keep: frozenset | None = frozenset()
    for *_, queries in out:
        for _, preds in queries:
            keep = None if keep is None or preds is None else keep | preds
    _TARGETS[id(shapes)] = (shapes, tuple(out), keep)
    return tuple(out), keep


def fast_ok(quads: list[ox.Quad], shapes: tuple[Shape, ...]) -> bool:
    """True when the article surely conforms (pyshacl would say so too)."""
    targets, keep = _targets(shapes)
    data = ArticleData(quads, keep or EMPTY)
    index = data.index
    for preds in index.values():
        if SUBCLASS in preds:
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
            if _sparql_flags(data, query, preds, keep, focus):
                return False
    return True


def _sparql_flags(data: ArticleData, query: str, preds: frozenset | None, keep: frozenset | None,
                  focus: set) -> bool:
    """Whether a SPARQL constraint selects one of `focus`, run on the data
    graph pyshacl sees (the article's triples and the support) cut to the
    predicates the query can match: a few dozen triples instead of hundreds
    to index per article."""
    store = ox.Store()
    if preds is None or keep is None:
        store.extend(ox.Quad(s, p, o, ox.DefaultGraph())
                     for s, ps in data.index.items() for p, objs in ps.items() for o in objs
                     if preds is None or p in preds)
    else:   # kept while indexing (a store holds each triple once)
        store.extend(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in data.kept if p in preds)
    store.extend(support_quads(preds))
    return any(row["this"] in focus for row in store.query(query))
