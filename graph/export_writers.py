"""The export's file writers: GEXF 1.3 (Gephi), GraphML with yFiles labels
(yEd), Cytoscape.js JSON and D3 node-link JSON, each a generator of bytes
so the HTTP API can stream a file as it is made (graph/export.py chooses
one; the graph comes from graph/export_graph.py).

Every string that reaches a file has been through `safe_text`.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Iterable, Iterator

import networkx as nx

from partygraph.loaders.normalize import clean_label

# Colours by node kind (Gephi, yEd, the picture); Cytoscape and D3 users get
# them as a `color` attribute.
COLORS = {"person": (228, 87, 46), "body": (41, 115, 178), "unit": (78, 161, 72),
          "document": (146, 94, 170)}


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
    """When the element is on Gephi's timeline: a current holding from its
    first to its last report (its known tenure). A former post has none: its
    report dates say when it was called former, not when it was held."""
    if "first_reported" not in data or data.get("former"):
        return ""   # undated (or a former post): no spell, present at every point of the timeline
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


WRITERS = {"gexf": iter_gexf, "graphml": iter_graphml, "cytoscape": iter_cytoscape,
           "nodelink": iter_nodelink}
