"""One article's triples as the fast check (graph/validate_fast.py) reads
them: indexed subject -> predicate -> objects, beside the support triples
(the class hierarchy and concept types `sh:class` needs, from
graph/validate_shapes.py), which are indexed once for every article."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import pyoxigraph as ox
import rdflib

from .validate_shapes import as_ox, support_triples

RDF_TYPE = ox.NamedNode(str(rdflib.RDF.type))
SUBCLASS = ox.NamedNode(str(rdflib.RDFS.subClassOf))
EMPTY: frozenset = frozenset()


@lru_cache(maxsize=1)
def support_index() -> tuple[dict, dict, dict]:
    """The support triples as subject -> predicate -> objects, class -> its
    direct subclasses, and class -> its direct instances."""
    index: dict = {}
    for s, p, o in support_triples():
        index.setdefault(as_ox(s), {}).setdefault(as_ox(p), set()).add(as_ox(o))
    below: dict = {}
    typed: dict = {}
    for s, preds in index.items():
        for sup in preds.get(SUBCLASS, ()):
            below.setdefault(sup, set()).add(s)
        for t in preds.get(RDF_TYPE, ()):
            typed.setdefault(t, set()).add(s)
    return index, below, typed


@lru_cache(maxsize=None)
def subclasses(c) -> frozenset:
    """`c` and every class below it in the support hierarchy (an article
    that states its own subclasses never gets this far: `fast_ok`)."""
    below = support_index()[1]
    out, todo = {c}, [c]
    while todo:
        for d in below.get(todo.pop(), ()):
            if d not in out:
                out.add(d)
                todo.append(d)
    return frozenset(out)


@lru_cache(maxsize=1)
def support_predicates() -> frozenset:
    """The predicates of the support triples (a value reached by another
    predicate cannot come from them)."""
    return frozenset(p for preds in support_index()[0].values() for p in preds)


@lru_cache(maxsize=64)
def support_quads(preds: frozenset | None) -> tuple[ox.Quad, ...]:
    """The support triples with one of `preds` (all when None), once per query."""
    return tuple(ox.Quad(s, p, o, ox.DefaultGraph()) for s, ps in support_index()[0].items()
                 for p, objs in ps.items() if preds is None or p in preds for o in objs)


class ArticleData:
    """One article's triples plus the support triples, indexed."""

    __slots__ = ("support", "index", "by_type", "_support_preds", "kept")

    def __init__(self, quads: Iterable[ox.Quad], keep: frozenset = EMPTY):
        """`keep`: predicates whose triples are also kept as a list, `kept`
        (what the SPARQL constraints can match)."""
        self.support = support_index()[0]
        self._support_preds = support_predicates()
        index: dict = {}
        kept: list = []
        # written out rather than with setdefault: a load indexes hundreds
        # of quads per article
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
            for t in preds.get(RDF_TYPE, EMPTY):
                by_type.setdefault(t, set()).add(s)
        self.by_type = by_type

    def objects(self, s, p) -> set:
        preds = self.index.get(s)
        a = preds.get(p) if preds else None
        if p not in self._support_preds:
            return a or EMPTY
        preds = self.support.get(s)
        b = preds.get(p) if preds else None
        if a and b:
            return a | b
        return a or b or EMPTY

    def walk(self, values, path) -> set:
        """The nodes reached from `values` along the predicates of `path`."""
        for p in path:
            if len(values) == 1:
                for v in values:
                    values = self.objects(v, p)
            else:
                step: set = set()
                for v in values:
                    step |= self.objects(v, p)
                values = step
        return values
