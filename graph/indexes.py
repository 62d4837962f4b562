"""Derived index triples written with each article, so that lookups by part
of a name are index lookups rather than scans of every key.

`name_tokens(quads)`: for each person and administrative unit an article
describes (entities graph), one `pg:nameToken` literal per syllable of its
`pg:nameKey` and of its `pg:searchKey` (the key's syllables, with tone
digits, for names typed with diacritics; the folded ones for names typed
without). A lookup by a few whole syllables of a name then intersects the
few entities carrying each of them (graph/lookups/by_tokens.rq) and applies
its exact test (whole syllables in a row, or the end of a unit's key) to
those alone -- a superset first, the exact answer after.

People split by resolution (graph/resolve.py) get IRIs of their own, whose
descriptions resolution writes without tokens; they share the name key of
the person the tokens are on, and the lookup reaches them through it. A
name written with an honorific ("Đồng chí ...") is resolved to the IRI of
the name without it, so that IRI gets the tokens of the stripped name too.

The triples go to the entities graph beside the keys they are derived from:
a pure function of the article's quads, so loading an article again writes
the same triples (a set), and like the keys they stay when an article is
removed (the entities graph only grows; lookups check what is still held).
"""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from partygraph.loaders.normalize import fold
from partygraph.ontology import ENTITIES_GRAPH, PG, RDF, RDFS

from partygraph.loaders.identity import canonical_person_iri, person_key, strip_honorifics

NAME_TOKEN = ox.NamedNode(PG + "nameToken")
_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_KEYS = (ox.NamedNode(PG + "nameKey"), ox.NamedNode(PG + "searchKey"))
_PERSON = ox.NamedNode(PG + "Person")
_INDEXED = (_PERSON, ox.NamedNode(PG + "AdministrativeUnit"))


def tokens(key_text: str) -> list[str]:
    """The syllables of a key: 'xã|hạ hoa5' -> ['xã', 'hạ', 'hoa5'] (a
    unit's type word and name are separated by '|')."""
    return key_text.replace("|", " ").split()


def name_tokens(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The `pg:nameToken` quads for the people and units among `quads`."""
    entities = ox.NamedNode(ENTITIES_GRAPH)
    kinds: dict[ox.NamedNode, ox.NamedNode] = {}
    keys: dict[ox.NamedNode, set[str]] = {}
    labels: dict[ox.NamedNode, set[str]] = {}
    for q in quads:
        if q.graph_name != entities:
            continue
        if q.predicate == _TYPE and q.object in _INDEXED:
            kinds[q.subject] = q.object
        elif q.predicate in _KEYS and isinstance(q.object, ox.Literal):
            keys.setdefault(q.subject, set()).add(q.object.value)
        elif q.predicate == _LABEL and isinstance(q.object, ox.Literal):
            labels.setdefault(q.subject, set()).add(q.object.value)
    out: dict[ox.Quad, None] = {}

    def add(subject: ox.NamedNode, texts: Iterable[str]) -> None:
        for text in texts:
            for t in tokens(text):
                out[ox.Quad(subject, NAME_TOKEN, ox.Literal(t), entities)] = None

    for entity in sorted(kinds, key=str):
        add(entity, sorted(keys.get(entity, ())))
        if kinds[entity] == _PERSON:
            for label in sorted(labels.get(entity, ())):
                canonical = canonical_person_iri(label)
                if canonical != entity:
                    stripped = strip_honorifics(label)
                    add(canonical, (person_key(label), fold(stripped)))
    return list(out)
