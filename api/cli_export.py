"""`partygraph export`: the graph written for Gephi, yEd, Cytoscape, D3, or
drawn (graph/export.py)."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import GRAPH_STORE_URL, SERVER, STORE, UPDATE_URL, _fail, _open, _remote, _require_store, err


class ExportFormat(str, Enum):
    gexf = "gexf"
    graphml = "graphml"
    cytoscape = "cytoscape"
    nodelink = "nodelink"
    png = "png"
    svg = "svg"


def export(
    out: Path = typer.Option(..., "--out", "-o", help="File to write (replaced only once complete)."),
    format: ExportFormat = typer.Option(..., "--format", "-f", help="gexf: Gephi; graphml: yEd; cytoscape: "
                                        "Cytoscape.js JSON; nodelink: D3 JSON; png/svg: a picture of a small part."),
    store: str = STORE,
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
    kind: Optional[List[str]] = typer.Option(None, "--kind", "-k", help="posts, mergers, citations "
                                             "(repeat or separate with commas; default all)."),
    area: Optional[str] = typer.Option(None, "--area", "-a", help="A unit ('xã Hạ Hòa') and what lies inside it."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Only facts reported on or before YYYY-MM-DD."),
    min_sources: int = typer.Option(1, "--min-sources", help="Only edges reported by at least N articles."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", min=0, help="Refuse an export of more "
                                            "nodes than this (default: no limit; the server has one)."),
    max_edges: Optional[int] = typer.Option(None, "--max-edges", min=0, help="Refuse an export of more "
                                            "edges than this (default: no limit)."),
) -> None:
    """Write the graph for Gephi, yEd, Cytoscape or D3 (people, bodies, units, documents)."""
    from partygraph.graph.export import ExportError, ExportFilter, ExportLimits, ExportTooLarge, export_to_file
    from partygraph.graph.store import QueryError, StoreError

    _require_store(store)
    kinds = [k for item in (kind or []) for k in item.split(",")]
    try:
        filters = ExportFilter.of(kinds, area, as_of, min_sources)
        limits = ExportLimits(max_nodes, max_edges) if max_nodes is not None or max_edges is not None else None
        g = export_to_file(_open(store, read_only=True, remote=_remote(server, update_url, graph_store_url)),
                           format.value, out, filters, limits)
    except ExportTooLarge as e:
        _fail(f"{e}: narrow it with --kind, --area, --as-of or --min-sources, or raise --max-nodes/--max-edges")
    except (ExportError, StoreError, QueryError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot write {out}: {e}")
    if format in (ExportFormat.png, ExportFormat.svg):
        from partygraph.graph.export_picture import picture_subgraph

        # what the picture's title says it shows: its best-connected part
        sub = picture_subgraph(g)
        err.print(f"drew {sub.number_of_nodes()} of {g.number_of_nodes()} nodes and {sub.number_of_edges()} of "
                  f"{g.number_of_edges()} edges to {out}"
                  + (" (the best-connected part; narrow with --kind, --area, --as-of or --min-sources)"
                     if sub.number_of_nodes() < g.number_of_nodes() else ""), highlight=False, soft_wrap=True)
        return
    err.print(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges to {out}", highlight=False)
