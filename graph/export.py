"""The graph for drawing tools: a networkx MultiDiGraph built from the store
(one `.rq` file per question in graph/export/), written as GEXF 1.3 (Gephi),
GraphML with yFiles labels (yEd), Cytoscape.js JSON, D3 node-link JSON, or
a PNG/SVG picture of a small part of it.

Nodes are people, bodies, administrative units and documents; edges are
`holds_post` (person -> body, one per post and former flag, so two posts
in one body are two edges), `merged_from` (unit -> predecessor), `cites`
(document -> document) and `part_of` (body -> unit). Each fact edge carries
when it was first and last reported and by how many articles.

Writers yield bytes, so the HTTP API can stream a file as it is made.
Every string that reaches a file has been through `safe_text`.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from loaders.mapping import unit_key
from loaders.normalize import clean_label, fold
from ontology import ID, PG, XSD
from ontology.vocabulary import vocabulary

from .queries import to_python
from .rq import read_rq
from .store import GraphStore


FORMATS = ("gexf", "graphml", "cytoscape", "nodelink", "png", "svg")
MEDIA_TYPES = {
    "gexf": "application/gexf+xml", "graphml": "application/graphml+xml",
    "cytoscape": "application/json", "nodelink": "application/json",
    "png": "image/png", "svg": "image/svg+xml",
}
SUFFIXES = {"gexf": ".gexf", "graphml": ".graphml", "cytoscape": ".cyjs",
            "nodelink": ".json", "png": ".png", "svg": ".svg"}

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

# Colours by node kind (Gephi, yEd, the picture); Cytoscape and D3 users get
# them as a `color` attribute.
COLORS = {"person": (228, 87, 46), "body": (41, 115, 178), "unit": (78, 161, 72),
          "document": (146, 94, 170)}

# Picture size: more nodes than this make an unreadable drawing.
PICTURE_MAX_NODES = 60

_DATE = ox.NamedNode(XSD + "date")
_BOOLEAN = ox.NamedNode(XSD + "boolean")
_FAR_FUTURE = "9999-12-31"


class ExportError(ValueError):
    """A request that cannot be exported (unknown format or kind, bad date,
    unknown or ambiguous area), with the reason."""


# ------------------------------------------------------------- sanitising
# Characters XML 1.0 forbids outright (clean_label already removes C0/C1
# controls, bidi overrides and lone surrogates; U+FFFF is left to us).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def safe_text(value: Any) -> str:
    """A one-line label fit for XML and JSON: controls, zero-width and bidi
    characters, lone surrogates and non-characters removed."""
    return clean_label(_NOT_XML.sub("", str(value)))


def _xml_escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


# --------------------------------------------------------------- queries
def query_text(name: str) -> str:
    return read_rq("export", name, "export query")


def _rows(store: GraphStore, name: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, Any]]:
    result = store.query(query_text(name), substitutions=bindings or None)
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names} for sol in result]


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
def build_graph(store: GraphStore, filters: ExportFilter | None = None) -> nx.MultiDiGraph:
    """The filtered graph of the store. Node and edge attributes are plain
    strings, numbers and booleans (absent rather than None)."""
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
            if r["effective"] is not None:
                attrs["effective_date"] = _py(r["effective"])
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
        inside = {r["node"].value for r in _rows(store, "area", area=resolve_area(store, f.area))}
        nodes &= inside

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


def _dated(attrs: dict, row: dict) -> dict:
    attrs["sources"] = int(_py(row["sources"]))
    for name, key in (("first", "first_reported"), ("last", "last_reported")):
        if row[name] is not None:
            attrs[key] = _py(row[name])
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
    if seen["first"] is not None:
        attrs["first_reported"] = _py(seen["first"])
        attrs["last_reported"] = _py(seen["last"])
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


# ---------------------------------------------------------------- writers
def _attr_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "integer"
    return "string"


def _schema(items: Iterable[dict], skip: set[str]) -> dict[str, str]:
    """Attribute name -> type, in first-seen order."""
    values: dict[str, list] = {}
    for data in items:
        for k, v in data.items():
            if k not in skip:
                values.setdefault(k, []).append(v)
    return {k: _attr_type(v) for k, v in values.items()}


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"


def iter_gexf(g: nx.MultiDiGraph) -> Iterator[bytes]:
    """GEXF 1.3: attributes declared, tenures (first/last reported) as
    spells so Gephi's timeline works, colours and sizes in the viz
    namespace, edge `kind` the role so two posts in one body stay apart
    (Gephi merges parallel edges of one kind). The viz elements follow the
    normative RELAX NG grammar, as Gephi writes them; the XSD generated from
    it misplaces their namespace (tests/data/gexf-1.3/README.md)."""
    node_schema = _schema((d for _, d in g.nodes(data=True)), {"label", "color"})
    edge_schema = _schema((d for *_, d in g.edges(data=True)), {"label", "id"})
    node_ids = {k: str(i) for i, k in enumerate(node_schema)}
    edge_ids = {k: str(i) for i, k in enumerate(edge_schema)}
    today = date.today().isoformat()
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n'
           # No xsi:schemaLocation: the normative RELAX NG grammar allows
           # no foreign attributes on <gexf>.
           f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.3">\n'
           f'<meta lastmodifieddate="{today}"><creator>partygraph</creator>'
           f'<description>{_xml_escape(_description(g))}</description></meta>\n'
           f'<graph defaultedgetype="directed" mode="dynamic" timeformat="date" '
           f'timerepresentation="interval">\n').encode("utf-8")
    for cls, schema, ids in (("node", node_schema, node_ids), ("edge", edge_schema, edge_ids)):
        lines = [f'<attributes class="{cls}" mode="static">']
        lines += [f'<attribute id="{ids[k]}" title="{_xml_escape(k)}" type="{t}"/>' for k, t in schema.items()]
        lines.append("</attributes>\n")
        yield "".join(lines).encode("utf-8")
    yield f'<nodes count="{g.number_of_nodes()}">\n'.encode("utf-8")
    for n, d in g.nodes(data=True):
        r, gr, b = COLORS.get(d.get("kind"), (128, 128, 128))
        parts = [f'<node id="{_xml_escape(n)}" label="{_xml_escape(d["label"])}">',
                 _attvalues(d, node_ids), _spells(d),
                 f'<viz:color r="{r}" g="{gr}" b="{b}"/>',
                 f'<viz:size value="{10 + 2 * min(d.get("sources", 1), 20)}"/>', "</node>\n"]
        yield "".join(parts).encode("utf-8")
    yield f'</nodes>\n<edges count="{g.number_of_edges()}">\n'.encode("utf-8")
    for s, t, key, d in g.edges(keys=True, data=True):
        kind = d["label"] if d["relation"] == "holds_post" else d["relation"]
        weight = d.get("sources", 1)
        parts = [f'<edge id="{_xml_escape(key)}" source="{_xml_escape(s)}" target="{_xml_escape(t)}" '
                 f'label="{_xml_escape(d["label"])}" kind="{_xml_escape(kind)}" weight="{weight}">',
                 _attvalues(d, edge_ids), _spells(d), "</edge>\n"]
        yield "".join(parts).encode("utf-8")
    yield b"</edges>\n</graph>\n</gexf>\n"


def _attvalues(data: dict, ids: dict[str, str]) -> str:
    vals = [f'<attvalue for="{ids[k]}" value="{_xml_escape(_fmt(v))}"/>'
            for k, v in data.items() if k in ids]
    return f"<attvalues>{''.join(vals)}</attvalues>" if vals else ""


def _spells(data: dict) -> str:
    if "first_reported" not in data:
        return ""   # undated: present at every point of the timeline
    return (f'<spells><spell start="{data["first_reported"]}" '
            f'end="{data.get("last_reported", data["first_reported"])}"/></spells>')


def _description(g: nx.MultiDiGraph) -> str:
    filters = [f"{k}={g.graph[k]}" for k in ("kinds", "area", "as_of", "min_sources") if g.graph.get(k)]
    return safe_text("partygraph export" + (" (" + ", ".join(filters) + ")" if filters else ""))


GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
YFILES_NS = "http://www.yworks.com/xml/graphml"
_GRAPHML_TYPES = {"boolean": "boolean", "integer": "int", "string": "string"}


def iter_graphml(g: nx.MultiDiGraph) -> Iterator[bytes]:
    """GraphML with the yFiles extension yEd reads: each node a coloured
    ShapeNode whose NodeLabel is the entity's name, each edge a PolyLineEdge
    labelled with its role or relation. Plain `label` data keys keep the
    names for tools without yFiles."""
    node_schema = _schema((d for _, d in g.nodes(data=True)), set())
    edge_schema = _schema((d for *_, d in g.edges(data=True)), {"id"})
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<graphml xmlns="{GRAPHML_NS}" xmlns:y="{YFILES_NS}" '
           f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xsi:schemaLocation="{GRAPHML_NS} http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">\n'
           ).encode("utf-8")
    lines = []
    for cls, schema, prefix in (("node", node_schema, "n"), ("edge", edge_schema, "e")):
        for i, (k, t) in enumerate(schema.items()):
            lines.append(f'<key id="{prefix}{i}" for="{cls}" attr.name="{_xml_escape(k)}" '
                         f'attr.type="{_GRAPHML_TYPES[t]}"/>')
    lines.append('<key id="ng" for="node" yfiles.type="nodegraphics"/>')
    lines.append('<key id="eg" for="edge" yfiles.type="edgegraphics"/>')
    yield ("\n".join(lines) + '\n<graph id="partygraph" edgedefault="directed">\n').encode("utf-8")
    node_keys = {k: f"n{i}" for i, k in enumerate(node_schema)}
    edge_keys = {k: f"e{i}" for i, k in enumerate(edge_schema)}
    for i, (n, d) in enumerate(g.nodes(data=True)):
        label = _xml_escape(d["label"])
        width = max(60, min(400, 8 * len(d["label"])))
        x, y = 220 * (i % 20), 80 * (i // 20)   # a grid: yEd's layouts do the rest
        data = "".join(f'<data key="{node_keys[k]}">{_xml_escape(_fmt(v))}</data>'
                       for k, v in d.items() if k in node_keys)
        shape = ("<y:ShapeNode>"
                 f'<y:Geometry height="30.0" width="{width}.0" x="{x}.0" y="{y}.0"/>'
                 f'<y:Fill color="{d.get("color", "#808080").upper()}" transparent="false"/>'
                 '<y:BorderStyle color="#000000" type="line" width="1.0"/>'
                 f'<y:NodeLabel>{label}</y:NodeLabel><y:Shape type="roundrectangle"/></y:ShapeNode>')
        yield (f'<node id="{_xml_escape(n)}">{data}<data key="ng">{shape}</data></node>\n').encode("utf-8")
    for s, t, key, d in g.edges(keys=True, data=True):
        data = "".join(f'<data key="{edge_keys[k]}">{_xml_escape(_fmt(v))}</data>'
                       for k, v in d.items() if k in edge_keys)
        line = ('<y:PolyLineEdge><y:Arrows source="none" target="standard"/>'
                f'<y:EdgeLabel>{_xml_escape(d["label"])}</y:EdgeLabel></y:PolyLineEdge>')
        yield (f'<edge id="{_xml_escape(key)}" source="{_xml_escape(s)}" target="{_xml_escape(t)}">'
               f'{data}<data key="eg">{line}</data></edge>\n').encode("utf-8")
    yield b"</graph>\n</graphml>\n"


def _json_items(items: Iterable[Any], indent: str = "") -> Iterator[bytes]:
    first = True
    for item in items:
        yield ((indent if first else ",\n" + indent) + json.dumps(item, ensure_ascii=False)).encode("utf-8")
        first = False


def iter_cytoscape(g: nx.MultiDiGraph) -> Iterator[bytes]:
    """Cytoscape.js JSON: `elements.nodes` and `elements.edges`, each with
    `data.id` (and `value`/`name`/`key`, which networkx's cytoscape_graph
    reads)."""
    head = {"data": dict(g.graph), "directed": True, "multigraph": True}
    yield json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8") + b', "elements": {"nodes": [\n'
    yield from _json_items({"data": {"id": n, "value": n, "name": d["label"], **d}}
                           for n, d in g.nodes(data=True))
    yield b'\n], "edges": [\n'
    yield from _json_items({"data": {**d, "id": key, "source": s, "target": t, "key": key}}
                           for s, t, key, d in g.edges(keys=True, data=True))
    yield b"\n]}}\n"


def iter_nodelink(g: nx.MultiDiGraph) -> Iterator[bytes]:
    """D3 node-link JSON: `nodes` with `id`, `links` with `source`,
    `target` and `key` (networkx's node_link_graph(edges="links"))."""
    head = {"directed": True, "multigraph": True, "graph": dict(g.graph)}
    yield json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8") + b', "nodes": [\n'
    yield from _json_items({**d, "id": n} for n, d in g.nodes(data=True))
    yield b'\n], "links": [\n'
    yield from _json_items({**d, "source": s, "target": t, "key": key}
                           for s, t, key, d in g.edges(keys=True, data=True))
    yield b"\n]}\n"


def picture_subgraph(g: nx.MultiDiGraph, max_nodes: int = PICTURE_MAX_NODES) -> nx.MultiDiGraph:
    """At most `max_nodes` nodes: the best-connected node and its
    neighbourhood, breadth first, then the next best-connected node's, so
    the picture shows connected clusters rather than scattered hubs."""
    if g.number_of_nodes() <= max_nodes:
        return g
    undirected = nx.Graph(g)
    chosen: dict[str, None] = {}
    for start in sorted(g.nodes, key=lambda n: (-g.degree(n), n)):
        if len(chosen) >= max_nodes:
            break
        if start in chosen:
            continue
        for n in nx.bfs_tree(undirected, start, sort_neighbors=sorted):
            if len(chosen) >= max_nodes:
                break
            chosen.setdefault(n)
    return g.subgraph(chosen).copy()


def iter_picture(g: nx.MultiDiGraph, fmt: str) -> Iterator[bytes]:
    """A quick look: a small subgraph drawn with matplotlib, nodes coloured by kind."""
    import matplotlib
    matplotlib.use("Agg")   # no display on servers
    import matplotlib.lines
    import matplotlib.pyplot as plt

    sub = picture_subgraph(g)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
    ax.set_axis_off()
    if sub.number_of_nodes():
        pos = nx.spring_layout(nx.Graph(sub), seed=7)
        colors = ["#%02x%02x%02x" % COLORS.get(sub.nodes[n].get("kind"), (128, 128, 128)) for n in sub]
        nx.draw_networkx_nodes(sub, pos, ax=ax, node_color=colors, node_size=220)
        nx.draw_networkx_edges(sub, pos, ax=ax, arrows=True, alpha=0.5, edge_color="#555555",
                               connectionstyle="arc3,rad=0.08")
        nx.draw_networkx_labels(sub, pos, ax=ax, font_size=7,
                                labels={n: sub.nodes[n]["label"][:40] for n in sub})
        shown = sorted({sub.nodes[n].get("kind") for n in sub} & set(COLORS))
        ax.legend(handles=[matplotlib.lines.Line2D([], [], marker="o", linestyle="", label=k,
                                                   color="#%02x%02x%02x" % COLORS[k]) for k in shown],
                  loc="lower right", fontsize=8, frameon=False)
    else:
        ax.text(0.5, 0.5, "no nodes match the filters", ha="center", va="center")
    ax.set_title(f"partygraph: {sub.number_of_nodes()} of {g.number_of_nodes()} nodes", fontsize=10)
    buf = io.BytesIO()
    # No metadata: the SVG/PNG carries the drawing and nothing else.
    fig.savefig(buf, format=fmt, bbox_inches="tight", metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    yield buf.getvalue()


WRITERS: dict[str, Callable[[nx.MultiDiGraph], Iterator[bytes]]] = {
    "gexf": iter_gexf, "graphml": iter_graphml, "cytoscape": iter_cytoscape, "nodelink": iter_nodelink,
    "png": lambda g: iter_picture(g, "png"), "svg": lambda g: iter_picture(g, "svg"),
}


def check_format(fmt: str) -> str:
    fmt = (fmt or "").strip().lower()
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return fmt


def iter_export(store: GraphStore, fmt: str, filters: ExportFilter | None = None) -> Iterator[bytes]:
    """The file as chunks of bytes. Bad input is refused (ExportError)
    before the first chunk."""
    writer = WRITERS[check_format(fmt)]
    return writer(build_graph(store, filters))


def export_to_file(store: GraphStore, fmt: str, out: str | Path,
                   filters: ExportFilter | None = None) -> nx.MultiDiGraph:
    """Write the export to `out`, atomically: a failure leaves any existing
    file as it was. Returns the graph written."""
    writer = WRITERS[check_format(fmt)]
    g = build_graph(store, filters)
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name")
    if not out.parent.exists():
        raise ExportError(f"no folder {out.parent} to write {out.name} into")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in writer(g):
                fh.write(chunk)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return g
