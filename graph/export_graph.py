"""The graph for drawing tools: a networkx MultiDiGraph built from the store
(one `.rq` file per question in graph/export/), filtered by kind of fact,
area, date and number of sources, and checked against ExportLimits before
it is built (graph/export.py writes it; graph/export_writers.py has the
formats).

Nodes are people, bodies, administrative units and documents; edges are
`holds_post` (person -> body, one per post and former flag, so two posts
in one body are two edges), `merged_from` (unit -> predecessor), `cites`
(document -> document) and `part_of` (body -> unit). Each fact edge carries
when it was first and last reported and by how many articles.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

import networkx as nx
import pyoxigraph as ox

from partygraph.loaders.identity import unit_key
from partygraph.loaders.normalize import fold
from partygraph.ontology import ID, PG, XSD
from partygraph.ontology.vocabulary import vocabulary

from .export_limits import ExportError, ExportLimits
from .export_writers import COLORS, safe_text
from .sparql_query import Query, to_python
from .store_protocol import GraphStore

# --kind: which facts to draw, the edge relations they give and the node
# kinds they own (kept even when no kept edge touches them).
KINDS = {
    "posts": ({"holds_post", "part_of"}, {"person", "body"}),
    "mergers": ({"merged_from"}, {"unit"}),
    "citations": ({"cites"}, {"document"}),
}

# Node kind of each ontology class (a body is any pg:Organization).
_CLASS_KIND = {PG + "Person": "person", PG + "Organization": "body",
               PG + "AdministrativeUnit": "unit", PG + "Document": "document"}

_PATH_KIND = {"person": "person", "org": "body", "unit": "unit", "doc": "document"}

_DATE = ox.NamedNode(XSD + "date")
_BOOLEAN = ox.NamedNode(XSD + "boolean")
_FAR_FUTURE = "9999-12-31"


# --------------------------------------------------------------- queries
def _query(name: str) -> Query:
    return Query.load("export", name, "export query")


def _rows(store: GraphStore, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, Any]]:
    return _query(name).rows(store, bindings, terms=True)


def _py(term: Any) -> Any:
    return to_python(term)


def _node_id(iri: str) -> str:
    """A short, stable id: the IRI without the entity namespace."""
    return safe_text(iri[len(ID):] if iri.startswith(ID) else iri)


def _edge_id(relation: str, *parts: str) -> str:
    return f"{relation}/" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def _concept_label(iri: str | None) -> str | None:
    if not iri:
        return None
    concept = vocabulary().concepts.get(iri)
    return concept.label if concept else None


# ---------------------------------------------------------------- filters
@dataclass(frozen=True)
class ExportFilter:
    kinds: frozenset[str] | None = None     # None: every kind of fact
    area: str | None = None                 # unit label ("xã Hạ Hòa") or IRI
    as_of: date | None = None               # facts reported on or before
    min_sources: int = 1                    # articles reporting an edge

    @classmethod
    def of(cls, kinds: Iterable[str] | None = None, area: str | None = None,
           as_of: str | date | None = None, min_sources: int = 1) -> "ExportFilter":
        """Checked filters from user input; ExportError says what is wrong."""
        chosen = None
        if kinds:
            chosen = frozenset(k.strip().lower() for k in kinds if k and k.strip())
            unknown = sorted(chosen - set(KINDS))
            if unknown:
                raise ExportError(f"unknown kind {', '.join(unknown)} (choose from {', '.join(KINDS)})")
            chosen = chosen or None
        when = None
        if isinstance(as_of, date):
            when = as_of
        elif as_of:
            try:
                when = date.fromisoformat(str(as_of).strip())
            except ValueError:
                raise ExportError(f"--as-of wants a date as YYYY-MM-DD, not {as_of!r}") from None
        if not isinstance(min_sources, int) or min_sources < 1:
            raise ExportError(f"--min-sources wants a whole number of at least 1, not {min_sources!r}")
        area = area.strip() if area and area.strip() else None
        return cls(chosen, area, when, min_sources)


def _time_bindings(as_of: date | None) -> dict[str, ox.Literal]:
    # Without --as-of every fact counts, dated or not; with it, only facts
    # dated on or before it (an undated fact cannot be placed in time).
    return {"asOf": ox.Literal(as_of.isoformat() if as_of else _FAR_FUTURE, datatype=_DATE),
            "undated": ox.Literal("false" if as_of else "true", datatype=_BOOLEAN)}


def resolve_area(store: GraphStore, area: str) -> ox.NamedNode:
    """The unit an --area names: an IRI, a label with its type word
    ("xã Hạ Hòa"), or a name alone when only one unit has it."""
    if area.startswith(("http://", "https://")):
        found = _rows(store, "find_unit", unit=ox.NamedNode(area))
    else:
        found = _rows(store, "find_unit", key=ox.Literal(unit_key(area)))
        if not found:
            found = _rows(store, "find_unit", search=ox.Literal(fold(area)))
    units = {r["unit"].value: _py(r["label"]) or r["unit"].value for r in found}
    if not units:
        raise ExportError(f"no administrative unit named {safe_text(area)!r} in the store")
    if len(units) > 1:
        names = ", ".join(sorted(safe_text(v) for v in units.values()))
        raise ExportError(f"{safe_text(area)!r} names several units ({names}): "
                          "give the type word too, e.g. 'xã ...'")
    return ox.NamedNode(next(iter(units)))


# ------------------------------------------------------------ the graph
def build_graph(store: GraphStore, filters: ExportFilter | None = None,
                limits: ExportLimits | None = None) -> nx.MultiDiGraph:
    """The filtered graph of the store. Node and edge attributes are plain
    strings, numbers and booleans (absent rather than None). With `limits`,
    a graph that would exceed them raises ExportTooLarge (with its counts by
    node kind and edge relation) before any of it is built."""
    f = filters or ExportFilter()
    times = _time_bindings(f.as_of)
    relations, owned = set(), set()
    for k in (f.kinds or KINDS):
        relations |= KINDS[k][0]
        owned |= KINDS[k][1]

    seen = {r["node"].value: r for r in _rows(store, "nodes", **times)}
    kept_nodes = {iri for iri, r in seen.items() if _py(r["sources"]) >= f.min_sources}
    info = {r["node"].value: r for r in _rows(store, "entities")}

    def kind(iri: str) -> str | None:
        r = info.get(iri)
        if r is not None:
            return _CLASS_KIND.get(r["class"].value)
        # Not described (yet): the IRI says what was minted.
        return _PATH_KIND.get(iri[len(ID):].split("/", 1)[0]) if iri.startswith(ID) else None

    edges: list[tuple[str, str, str, dict]] = []
    if "holds_post" in relations:
        for r in _rows(store, "holds_post", **times):
            person, org, post = r["person"].value, r["organization"].value, r["post"].value
            former = bool(_py(r["former"]))
            role = _py(r["role"]) or ""
            canonical = _concept_label(_py(r["roleConcept"]))
            attrs = {"relation": "holds_post", "label": ("nguyên " if former else "") + role,
                     "role": role, "former": former}
            if canonical:
                attrs["role_canonical"] = canonical
            edges.append((person, org, _edge_id("holds", person, post, str(former)), _dated(attrs, r)))
    if "merged_from" in relations:
        for r in _rows(store, "merged_from", **times):
            unit, old = r["unit"].value, r["predecessor"].value
            attrs = {"relation": "merged_from", "label": "merged from"}
            if _reported(r["effective"]) is not None:
                attrs["effective_date"] = _reported(r["effective"])
            edges.append((unit, old, _edge_id("merged", unit, old), _dated(attrs, r)))
    if "cites" in relations:
        for r in _rows(store, "cites", **times):
            a, b = r["citing"].value, r["cited"].value
            edges.append((a, b, _edge_id("cites", a, b), _dated({"relation": "cites", "label": "cites"}, r)))
    edges = [e for e in edges if e[3]["sources"] >= f.min_sources
             and e[0] in kept_nodes and e[1] in kept_nodes]

    nodes = {iri for iri in kept_nodes if kind(iri) in owned}
    for s, t, _, _ in edges:
        nodes.update((s, t))
    if "part_of" in relations:
        for r in _rows(store, "part_of"):
            body, unit = r["body"].value, r["unit"].value
            if body in nodes and unit in kept_nodes:
                nodes.add(unit)
                edges.append((body, unit, _edge_id("partof", body, unit),
                              {"relation": "part_of", "label": "part of"}))
    if f.area:
        units = [r["unit"] for r in _rows(store, "area_units", area=resolve_area(store, f.area))]
        members = _query("area").solutions(store, values={"unit": units})
        inside = {u.value for u in units} | {r["node"].value for r in members}
        nodes &= inside
    if limits is not None:
        kept = {(s, t, eid): a["relation"] for s, t, eid, a in edges if s in nodes and t in nodes}
        limits.check(Counter(kind(iri) or "unknown" for iri in nodes), Counter(kept.values()))

    counts = _member_counts(store, times)
    g = nx.MultiDiGraph(name="partygraph", as_of=f.as_of.isoformat() if f.as_of else "",
                        kinds=",".join(sorted(f.kinds or KINDS)), area=safe_text(f.area or ""),
                        min_sources=f.min_sources)
    for iri in sorted(nodes):
        g.add_node(_node_id(iri), **_node_attrs(iri, kind(iri) or "unknown", info.get(iri), seen[iri],
                                                counts.get(iri)))
    for s, t, eid, attrs in sorted(edges, key=lambda e: e[2]):
        if s in nodes and t in nodes:
            if attrs["relation"] == "holds_post":
                attrs["organization"] = g.nodes[_node_id(t)]["label"]
            g.add_edge(_node_id(s), _node_id(t), key=eid, id=eid,
                       **{k: safe_text(v) if isinstance(v, str) else v for k, v in attrs.items()})
    return g


# What the export queries put for "no dated report" (graph/export/*.rq).
_NO_DATE = {"9999-12-31", "0001-01-01"}


def _reported(term: Any) -> Any:
    return None if term is None or term.value in _NO_DATE else _py(term)


def _dated(attrs: dict, row: dict) -> dict:
    attrs["sources"] = int(_py(row["sources"]))
    for name, key in (("first", "first_reported"), ("last", "last_reported")):
        if _reported(row[name]) is not None:
            attrs[key] = _reported(row[name])
    return attrs


def _member_counts(store: GraphStore, times: dict) -> dict[str, dict]:
    """The latest count reported for each organisation (rows come in date order)."""
    out: dict[str, dict] = {}
    for r in _rows(store, "member_counts", **times):
        values = {"member_count": _py(r["members"]), "party_cells": _py(r["cells"]),
                  "base_organizations": _py(r["base"]), "member_count_reported": _py(r["date"])}
        out[r["organization"].value] = {k: v for k, v in values.items() if v is not None}
    return out


def _node_attrs(iri: str, kind: str, info: dict | None, seen: dict, counts: dict | None) -> dict:
    attrs: dict[str, Any] = {"label": safe_text(_py(info["label"]) if info and info["label"] else iri),
                             "kind": kind, "iri": safe_text(iri), "sources": int(_py(seen["sources"]))}
    attrs["color"] = "#%02x%02x%02x" % COLORS.get(kind, (128, 128, 128))
    if _reported(seen["first"]) is not None:
        attrs["first_reported"] = _reported(seen["first"])
        attrs["last_reported"] = _reported(seen["last"])
    if info:
        body_kind = _concept_label(_py(info["bodyKind"]))
        unit_type_iri = _py(info["unitType"])
        extra = {"body_kind": body_kind, "unit_type": _concept_label(unit_type_iri),
                 "symbol": _py(info["symbol"]), "document_type": _concept_label(_py(info["documentType"])),
                 "issuer": _py(info["issuer"])}
        if unit_type_iri and unit_type_iri in vocabulary().concepts:
            level = vocabulary().get(unit_type_iri).props.get("level")
            extra["level"] = int(level) if level is not None else None
        attrs.update({k: safe_text(v) if isinstance(v, str) else v for k, v in extra.items() if v is not None})
    if counts:
        attrs.update(counts)
    return attrs


