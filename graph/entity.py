"""What the graph says of one entity, for its page and its RDF: its labels
and types, what it points to and what points to it (each with a label), and
for a person the people split off under the same name. Queries in
graph/entity/*.rq, the entity bound as a term."""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ontology import RDF, RDFS

from .rq import read_rq
from .store import GraphStore

_TYPE, _LABEL = RDF + "type", RDFS + "label"


def _run(store: GraphStore, name: str, iri: str, **more: ox.NamedNode) -> list[dict[str, Any]]:
    """Rows of terms (IRIs stay NamedNodes: a page links them, prints literals)."""
    result = store.query(read_rq("entity", name), substitutions={"entity": ox.NamedNode(iri), **more})
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names} for sol in result]


def exists(store: GraphStore, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {ox.NamedNode(iri)} ?p ?o }}"))


def _value(term: Any, label: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "label": label.value if label is not None else None}
    return {"value": term.value if term is not None else None}


def describe(store: GraphStore, iri: str) -> dict[str, Any]:
    """{iri, labels, types, outgoing, incoming, same_name}: each value an
    {"iri", "label"} or a {"value"} (a literal)."""
    labels, types, outgoing = set(), set(), []
    for r in _run(store, "outgoing", iri):
        prop = r["property"].value
        if prop == _LABEL:
            labels.add(r["value"].value)
        elif prop == _TYPE:
            types.add(r["value"].value)
        else:
            outgoing.append({"property": prop, **_value(r["value"], r["valueLabel"])})
    incoming = [{"property": r["property"].value, **_value(r["subject"], r["subjectLabel"])}
                for r in _run(store, "incoming", iri)]
    same = [_value(r["other"], r["otherLabel"]) for r in _run(store, "same_name", iri)]
    return {"iri": iri, "labels": sorted(labels), "types": sorted(types),
            "outgoing": outgoing, "incoming": incoming, "same_name": same}


def turtle(store: GraphStore, iri: str) -> bytes:
    """The entity's own statements as Turtle (every graph's)."""
    node = ox.NamedNode(iri)   # validated: an IRI, never query text
    result = store.query(f"CONSTRUCT {{ {node} ?p ?o }} WHERE {{ {node} ?p ?o }}")
    return result.serialize(format=ox.RdfFormat.TURTLE) or b""


def neighbourhood(store: GraphStore, iri: str, prop: str) -> list[dict[str, Any]]:
    """Edges {from, to, from_label, to_label} of `prop` within two steps of
    the entity, either way: what a unit was formed from and formed, what a
    document cites and what cites it."""
    edges = []
    for r in _run(store, "neighbourhood", iri, property=ox.NamedNode(prop)):
        if r["from"] is None or r["to"] is None:
            continue
        edges.append({"from": r["from"].value, "to": r["to"].value,
                      "from_label": r["fromLabel"].value if r["fromLabel"] is not None else None,
                      "to_label": r["toLabel"].value if r["toLabel"] is not None else None})
    return edges
