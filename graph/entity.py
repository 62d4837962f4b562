"""What the graph says of one entity, for its page and its RDF: its labels
and types, what it points to and what points to it (each with a label), and
for a person the people split off under the same name. Queries in
graph/entity/*.rq, the entity bound as a term."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox

from partygraph.ontology import PG, RDF, RDFS, XSD

from .labels import MAX_IRIS, labels as names_of
from .queries import run
from .sparql_query import Query, to_python
from .store_protocol import GraphStore

_TYPE, _LABEL = RDF + "type", RDFS + "label"


def _run(store: GraphStore, name: str, iri: str, **more: ox.NamedNode) -> list[dict[str, Any]]:
    """Rows of terms (IRIs stay NamedNodes: a page links them, prints literals)."""
    return Query.load("entity", name).rows(store, {"entity": ox.NamedNode(iri), **more}, terms=True)


def exists(store: GraphStore, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {ox.NamedNode(iri)} ?p ?o }}"))


def _value(term: Any, label: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"iri": term.value, "label": label.value if label is not None else None}
    return {"value": term.value if term is not None else None}


def describe(store: GraphStore, iri: str) -> dict[str, Any]:
    """{iri, name, labels, types, outgoing, incoming, same_name}: each value an
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
    # nodes without a label of their own (mergers, citations, concepts) are named as the query page names them
    unnamed = [v for v in outgoing + incoming if "iri" in v and not v["label"]]
    named = names_of(store, {v["iri"] for v in unnamed[:MAX_IRIS]})
    for v in unnamed:
        v["label"] = named.get(v["iri"])
    name = min(labels) if labels else names_of(store, [iri]).get(iri, iri)
    return {"iri": iri, "name": name, "labels": sorted(labels), "types": sorted(types),
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


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: (to_python(v) if v is not None else None) for k, v in r.items() if k != "entity"} for r in rows]


def holders(store: GraphStore, iri: str) -> list[dict[str, Any]]:
    """A body's holders over time: {person, name, role, former, first, last, articles}."""
    return _plain(_run(store, "holders", iri))


def mentions(store: GraphStore, iri: str) -> list[dict[str, Any]]:
    """The articles that mention a document: {article, file, title, url, date, sentence}."""
    return _plain(_run(store, "mentions", iri))


def unit_view(store: GraphStore, iri: str, as_of: dt.date) -> dict[str, Any]:
    """A unit's register code, its mergers either way (each with the
    register's verdict), its officials as of `as_of`, and the units that
    cover it now with theirs (the competency questions officials_as_of and
    unit_covering, bound)."""
    node, day = ox.NamedNode(iri), ox.Literal(as_of.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    code = [s["c"].value for s in store.query(f"SELECT ?c WHERE {{ {node} <{PG}registerCode> ?c }}")]
    covering = [c for c in run(store, "unit_covering", old=node) if c["unit"] != iri]
    for c in covering:
        c["leaders"] = run(store, "officials_as_of", unit=ox.NamedNode(c["unit"]), asOf=day)
    return {"register_code": code[0] if code else None,
            "mergers": _plain(_run(store, "mergers", iri)),
            "leaders": run(store, "officials_as_of", unit=node, asOf=day),
            "covering": covering}
