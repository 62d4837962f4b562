"""PNG and SVG: a quick look at a small part of the export graph, drawn
with matplotlib (the `viz` extra: pip install 'partygraph[viz]').

Without matplotlib a picture is refused before anything is built or
written (PictureUnavailable): never an empty file or an empty 200.
"""
from __future__ import annotations

import io
from typing import Iterator

import networkx as nx

from .export_limits import PictureUnavailable
from .export_writers import COLORS

PICTURE_FORMATS = ("png", "svg")
# Picture size: more nodes than this make an unreadable drawing.
PICTURE_MAX_NODES = 60


def check_picture(fmt: str) -> None:
    """Raise PictureUnavailable unless matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError as e:
        raise PictureUnavailable(fmt, "matplotlib is not installed" if e.name == "matplotlib"
                                 else f"matplotlib cannot be loaded: {e}") from None


def render_picture(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """The whole picture, drawn before anything is sent."""
    check_picture(fmt)
    try:
        return b"".join(iter_picture(g, fmt))
    except ImportError as e:   # matplotlib is there but a part of it is broken
        raise PictureUnavailable(fmt, f"matplotlib cannot be loaded: {e}") from None


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

