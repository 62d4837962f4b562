"""The quads describing an entity in the shared entities graph: its types,
its label as written, its one preferred label, its keys, its kind.

They depend on nothing but what the entity is described from (a label, and
for an area-open body its scope): built once per label (articles name the
same people, bodies and units again and again) and cached.
"""
from __future__ import annotations

from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from partygraph.ontology.terms import ALT_LABEL, ENTITIES, LABEL, PREF_LABEL, TYPE, pg

from .identity import (body_kind, document_iri, document_key, document_type, org_iri, org_key, person_iri,
                       post_iri, preferred_label, role_concept, split_unit, unit_iri, unit_key)
from .literals import text
from .normalize import fold, key

Description = tuple[NamedNode, tuple[Quad, ...]]
_CACHED = 4096


def _quads(triples) -> tuple[Quad, ...]:
    return tuple(Quad(s, p, o, ENTITIES) for s, p, o in triples)


def _named(iri: NamedNode, cls: str, kind: str, written: str, name: str, name_key: str,
           search: str | None = None) -> list[tuple]:
    """Type, labels and keys, from `name`: the written label, or for an
    area-open one its qualified name ("Tỉnh ủy Hà Tĩnh"), which is then its
    rdfs:label too, the bare written form ("Tỉnh ủy") an skos:altLabel, so
    that no query shows a province's body by the bare word. Searched by
    `search` (default: `name`)."""
    triples = [(iri, TYPE, pg(cls)),
               (iri, LABEL, text(name)),
               (iri, PREF_LABEL, Literal(preferred_label(kind, name))),
               (iri, pg("nameKey"), Literal(name_key)),
               (iri, pg("searchKey"), Literal(fold(name if search is None else search)))]
    if name != written:
        triples.append((iri, ALT_LABEL, text(written)))
    return triples


def person_at(iri: NamedNode, name: str) -> tuple[Quad, ...]:
    """A person named `name` at `iri` (resolution gives a person split by
    province an IRI of its own)."""
    return _quads(_named(iri, "Person", "person", name, name, key(name)))


@lru_cache(maxsize=_CACHED)
def person(name: str) -> Description:
    iri = person_iri(name)
    return iri, person_at(iri, name)


@lru_cache(maxsize=_CACHED)
def unit(label: str) -> Description:
    iri = unit_iri(label)
    unit_type, name = split_unit(label)
    # a unit is searched by its name alone, without its type word
    triples = _named(iri, "AdministrativeUnit", "unit", label, label, unit_key(label), search=name)
    if unit_type:
        triples.append((iri, pg("unitType"), NamedNode(unit_type.iri)))
    return iri, _quads(triples)


def _body_class(label: str) -> tuple[str, list]:
    kind = body_kind(label)
    if kind is None:
        return "Organization", []
    cls = "Organization"
    if kind.props.get("partyBody"):
        cls = "PartyOrganization" if kind.props.get("partyOrganization") else "Committee"
    elif kind.props.get("stateBody"):
        cls = "StateBody"
    return cls, [kind]


@lru_cache(maxsize=_CACHED)
def organization(written: str, area: str | None, name: str, article: str | None) -> Description:
    """A body written `written`, known by `name` (its qualified name when
    the written one leaves its area open); `article` when it is the
    article's own (identity.scoped_key)."""
    iri = org_iri(name, article)
    cls, kinds = _body_class(name)
    triples = [(iri, pg("bodyKind"), NamedNode(k.iri)) for k in kinds]
    triples += _named(iri, cls, "org", written, name, org_key(name))
    if cls != "Organization":
        triples.append((iri, TYPE, pg("Organization")))
    quads = _quads(triples)
    if area:
        place, place_quads = unit(area)
        quads += place_quads + (Quad(iri, pg("ofUnit"), place, ENTITIES),)
    return iri, quads


@lru_cache(maxsize=_CACHED)
def document(doc_id: str, doc_type: str | None, issuer: str | None, name: str, article: str | None) -> Description:
    iri = document_iri(name, article)
    triples = _named(iri, "Document", "document", doc_id, name, document_key(name))
    if "/" in doc_id:
        triples.append((iri, pg("symbol"), Literal(document_key(doc_id))))
    dtype = document_type(doc_type)
    if dtype is not None:
        triples.append((iri, pg("documentType"), NamedNode(dtype.iri)))
    if issuer:
        triples.append((iri, pg("issuer"), text(issuer)))
    return iri, _quads(triples)


@lru_cache(maxsize=_CACHED)
def post(role: str, written: str, org: NamedNode, name: str, article: str | None) -> Description:
    """The post `role` in the body written `written`, known by `name`."""
    iri = post_iri(role, name, article)
    shown = f"{preferred_label('post', role)}, {preferred_label('org', name)}"
    triples = [(iri, TYPE, pg("Post")),
               (iri, LABEL, text(f"{role}, {written}")),
               (iri, PREF_LABEL, Literal(shown)),
               (iri, pg("roleLabel"), text(role))]
    concept = role_concept(role)
    if concept is not None:
        triples.append((iri, pg("role"), NamedNode(concept.iri)))
    triples.append((iri, pg("postIn"), org))
    return iri, _quads(triples)
