"""The graph for drawing tools, as a file: GEXF 1.3 (Gephi), GraphML with
yFiles labels (yEd), Cytoscape.js JSON, D3 node-link JSON, or a PNG/SVG
picture of a small part of it.

This module chooses the writer and checks what it can before the first
byte; the parts live beside it:

- graph/export_graph.py: the filtered networkx graph (ExportFilter, build_graph);
- graph/export_writers.py: the file formats, each a generator of bytes so
  the HTTP API can stream a file as it is made (safe_text on every string);
- graph/export_picture.py: PNG/SVG with matplotlib (the `viz` extra);
- graph/export_limits.py: the errors and ExportLimits (most nodes and edges).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator

import networkx as nx

from .export_graph import KINDS, ExportFilter, build_graph, resolve_area  # noqa: F401
from .export_limits import (SERVER_LIMITS, ExportError, ExportLimits, ExportTooLarge,  # noqa: F401
                            PictureUnavailable)
from .export_picture import (PICTURE_FORMATS, PICTURE_MAX_NODES, check_picture,  # noqa: F401
                             iter_picture, picture_subgraph, render_picture)
from .export_writers import (COLORS, GEXF_NS, GRAPHML_NS, VIZ_NS, WRITERS, YFILES_NS,  # noqa: F401
                             iter_cytoscape, iter_gexf, iter_graphml, iter_nodelink, safe_text)
from .store_protocol import GraphStore

FORMATS = ("gexf", "graphml", "cytoscape", "nodelink", "png", "svg")
MEDIA_TYPES = {
    "gexf": "application/gexf+xml", "graphml": "application/graphml+xml",
    "cytoscape": "application/json", "nodelink": "application/json",
    "png": "image/png", "svg": "image/svg+xml",
}
SUFFIXES = {"gexf": ".gexf", "graphml": ".graphml", "cytoscape": ".cyjs",
            "nodelink": ".json", "png": ".png", "svg": ".svg"}


def check_format(fmt: str) -> str:
    """The format's name, lower case; ExportError for an unknown one and
    PictureUnavailable for png/svg without matplotlib."""
    fmt = (fmt or "").strip().lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt in PICTURE_FORMATS:
        check_picture(fmt)
    return fmt


def _chunks(g: nx.MultiDiGraph, fmt: str) -> Iterator[bytes]:
    if fmt in PICTURE_FORMATS:
        # Drawn whole now, so a failure comes before the first byte is sent.
        return iter([render_picture(g, fmt)])
    return WRITERS[fmt](g)


def iter_export(store: GraphStore, fmt: str, filters: ExportFilter | None = None,
                limits: ExportLimits | None = None) -> Iterator[bytes]:
    """The file as chunks of bytes. Bad input, a graph over `limits`
    (ExportTooLarge) and a picture without matplotlib (PictureUnavailable)
    are refused before the first chunk. Pictures are never capped: they
    draw at most PICTURE_MAX_NODES nodes of whatever matches."""
    fmt = check_format(fmt)
    g = build_graph(store, filters, None if fmt in PICTURE_FORMATS else limits)
    return _chunks(g, fmt)


def export_to_file(store: GraphStore, fmt: str, out: str | Path,
                   filters: ExportFilter | None = None,
                   limits: ExportLimits | None = None) -> nx.MultiDiGraph:
    """Write the export to `out`, atomically: a failure (a refusal among
    them) leaves any existing file as it was. Returns the graph written."""
    fmt = check_format(fmt)
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder: give a file name")
    if not out.parent.exists():
        raise ExportError(f"no folder {out.parent} to write {out.name} into")
    g = build_graph(store, filters, None if fmt in PICTURE_FORMATS else limits)
    chunks = _chunks(g, fmt)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return g
