"""Resolution's writes: an article's mention nodes (written with the
article by `load`, rewritten by resolution), and the rewrite of one
article graph when the person of a mention changes.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from partygraph.loaders.descriptions import person_at
from partygraph.loaders.identity import canonical_person_iri, person_key, strip_honorifics
from partygraph.loaders.normalize import clean_label
from partygraph.ontology.terms import LABEL, TYPE, pg

from .resolve_mentions import Mention
from .resolve_plan import RULE_SAME_NAME
from .sparql_query import Query
from .store_protocol import GraphStore

_MENTION, _RESOLVED, _IN, _RULE, _NAMEKEY, _HOLDER, _HOLDER_NAME = map(pg, (
    "Mention", "resolvedTo", "mentionedIn", "resolutionRule", "nameKey", "holder", "holderName"))


def mention_quads(g: ox.NamedNode, m: Mention, person: ox.NamedNode, rule: str) -> list[ox.Quad]:
    """The mention node of `m` in its article graph, resolved to `person`."""
    return [ox.Quad(m.iri, TYPE, _MENTION, g), ox.Quad(m.iri, LABEL, ox.Literal(clean_label(m.name)), g),
            ox.Quad(m.iri, _NAMEKEY, ox.Literal(person_key(m.name)), g),
            ox.Quad(m.iri, _IN, g, g), ox.Quad(m.iri, _RESOLVED, person, g),
            ox.Quad(m.iri, _RULE, ox.Literal(rule), g)]


def default_mentions(graph: str, quads: list[ox.Quad]) -> list[ox.Quad]:
    """Mention nodes for a new article's quads as resolution writes them
    when its names need no split (one person per name key, the usual case):
    written with the article, resolution then only rewrites what a split
    changes. A holder whose IRI is not its name's canonical one (an
    honorific in the name) is left to resolution."""
    g = ox.NamedNode(graph)
    holders: dict[str, str] = {}
    names: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        if q.graph_name == g:
            if q.predicate == _HOLDER:
                holders[q.subject.value] = q.object.value
            elif q.predicate == _HOLDER_NAME:
                names[q.subject.value].append(q.object.value)
    first: dict[str, tuple[str, str]] = {}   # person key -> (name as written, holder)
    for holding, holder in holders.items():
        for name in names.get(holding, ()):
            k = person_key(name)
            if k not in first or name < first[k][0]:   # resolution takes the first name in SPARQL order
                first[k] = (name, holder)
    out: list[ox.Quad] = []
    for name, holder in first.values():
        person = canonical_person_iri(name)
        if person.value != holder:
            continue
        out += mention_quads(g, Mention(graph, name, holder), person, RULE_SAME_NAME)
        out += _person_description(person, name)
    return out


def _graph_quads(store: GraphStore, graph: str) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    return [ox.Quad(s["s"], s["p"], s["o"], g)
            for s in Query.load("resolution", "graph_quads").solutions(store, {"g": g})]


def _person_description(iri: ox.NamedNode, name: str) -> list[ox.Quad]:
    return list(person_at(iri, strip_honorifics(name)))


def _node_quads(store: GraphStore, graph: str, nodes: Iterable[ox.NamedNode]) -> list[ox.Quad]:
    """The quads of one article graph with one of `nodes` as subject or
    object: one query for all of them (a VALUES block in each branch, so
    each starts from the nodes; a query per node cost more to plan than
    to answer)."""
    g = ox.NamedNode(graph)
    nodes = sorted(set(nodes), key=str)
    if not nodes:
        return []
    found = Query.load("resolution", "node_quads").solutions(store, {"g": g}, values={"node": nodes})
    out: dict[ox.Quad, None] = {}
    for r in found:
        out[ox.Quad(r["s"], r["p"], r["o"], g)] = None
    return list(out)


def rewrite(store: GraphStore, article: str, changes: dict[str, tuple[Mention, str, str]]) -> None:
    """Rewrite one article graph: person IRIs replaced (old -> new), mention
    nodes (re)written, in one transaction."""
    g = ox.NamedNode(article)
    rename = {m.holder: new for m, new, _ in changes.values() if m.holder != new}
    mention_nodes = {m.iri for m, _, _ in changes.values()}

    def swap(term):
        return ox.NamedNode(rename[term.value]) if isinstance(term, ox.NamedNode) and term.value in rename else term

    def rewritten(old: list[ox.Quad]) -> list[ox.Quad]:
        quads = [ox.Quad(swap(q.subject), q.predicate, swap(q.object), g)
                 for q in old if q.subject not in mention_nodes]
        for m, new, rule in changes.values():
            person = ox.NamedNode(new)
            quads += mention_quads(g, m, person, rule)
            quads += _person_description(person, m.name)
        return quads

    # Only the quads touching the renamed people and the mention nodes are
    # read and the difference written, in one transaction, where the store
    # can change some quads (the graph ends as after a whole replace).
    old = _node_quads(store, article, [ox.NamedNode(h) for h in rename] + sorted(mention_nodes, key=str))
    quads = rewritten(old)
    before, after = set(old), set(quads)
    if store.change_graph(article, [q for q in old if q not in after],
                          list(dict.fromkeys(q for q in quads if q not in before))):
        return
    store.replace_graph(article, rewritten(_graph_quads(store, article)))
