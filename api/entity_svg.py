"""A small graph drawn as inline SVG for an entity's page: a unit's lineage
(what it was formed from, what it formed) or a document's citations.

Columns by step from the entity (the later or citing side right, the older
or cited side left), each node a link to its own page; all text escaped.
No script: the page's CSP allows none."""
from __future__ import annotations

from collections import defaultdict, deque
from html import escape
from typing import Any, Callable

COL, ROW, BOX_W, BOX_H = 240, 44, 200, 30


def draw(center: str, edges: list[dict[str, Any]], link: Callable[[str], str | None], verb: str) -> str:
    """Edges go from the later/citing entity to the older/cited one; `link`
    gives a node's page (None: not on this server)."""
    labels = {center: None}
    adjacent: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for e in edges:
        labels[e["from"]] = labels.get(e["from"]) or e["from_label"]
        labels[e["to"]] = labels.get(e["to"]) or e["to_label"]
        adjacent[e["from"]].append((e["to"], -1))   # the older side: one column left
        adjacent[e["to"]].append((e["from"], +1))
    level = {center: 0}
    todo = deque([center])
    while todo:
        node = todo.popleft()
        for other, step in adjacent[node]:
            if other not in level:
                level[other] = level[node] + step
                todo.append(other)
    columns: dict[int, list[str]] = defaultdict(list)
    for node, lv in level.items():
        columns[lv].append(node)
    for nodes in columns.values():
        nodes.sort(key=lambda n: (n != center, (labels.get(n) or n).casefold()))
    low = min(columns)
    height = max(len(v) for v in columns.values()) * ROW + 20
    width = (max(columns) - low + 1) * COL
    pos = {n: ((lv - low) * COL + 10, 10 + i * ROW) for lv, nodes in columns.items() for i, n in enumerate(nodes)}
    parts = [f'<svg class="entity-graph" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(verb)}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>']
    for e in edges:
        if e["from"] not in pos or e["to"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        # from the side of one box that faces the other, to the facing side of the other
        a = (x1 if x2 < x1 else x1 + BOX_W, y1 + BOX_H / 2)
        b = (x2 + BOX_W if x2 < x1 else x2, y2 + BOX_H / 2)
        parts.append(f'<line x1="{a[0]}" y1="{a[1]}" x2="{b[0]}" y2="{b[1]}" stroke="#555" '
                     f'marker-end="url(#arrow)"><title>{escape(verb)}</title></line>')
    for node, (x, y) in pos.items():
        text = (labels.get(node) or node.rsplit("/", 1)[-1])[:32]
        fill = "#ffe58a" if node == center else "#eef3fb"
        box = (f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="5" fill="{fill}" stroke="#7a8db3"/>'
               f'<text x="{x + 8}" y="{y + 20}" font-size="13" font-family="sans-serif">{escape(text)}</text>')
        href = link(node)
        parts.append(f'<a href="{escape(href)}">{box}</a>' if href and node != center else box)
    parts.append("</svg>")
    return "".join(parts)
