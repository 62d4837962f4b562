"""What an export can refuse: bad input (ExportError), a graph larger than
the caller allows (ExportTooLarge) and a picture format without its
drawing library (PictureUnavailable).

The command line writes files on the user's own machine and has no cap
unless asked (`--max-nodes`, `--max-edges`); the HTTP server caps every
export (api/export_routes.py) so one request cannot make it build and
stream a file of any size.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping


class ExportError(ValueError):
    """A request that cannot be exported (unknown format or kind, bad date,
    unknown or ambiguous area, too large), with the reason."""


class PictureUnavailable(ExportError):
    """PNG or SVG asked for where matplotlib is not installed."""

    def __init__(self, fmt: str, reason: str = ""):
        self.format = fmt
        super().__init__(f"{fmt} pictures need the viz extra: pip install 'partygraph[viz]'"
                         + (f" ({reason})" if reason else ""))


def _count(n: int) -> str:
    return f"{n:,}"


def _parts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {_count(v)}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class ExportTooLarge(ExportError):
    """The filtered graph has more nodes or edges than the limits allow.
    Carries the numbers, by node kind and edge relation, so the caller can
    say which filter would help."""

    def __init__(self, nodes: Mapping[str, int], edges: Mapping[str, int], limits: "ExportLimits"):
        self.nodes = dict(nodes)
        self.edges = dict(edges)
        self.limits = limits
        n, e = sum(self.nodes.values()), sum(self.edges.values())
        over = []
        if limits.max_nodes is not None and n > limits.max_nodes:
            over.append(f"{_count(n)} nodes (at most {_count(limits.max_nodes)})")
        if limits.max_edges is not None and e > limits.max_edges:
            over.append(f"{_count(e)} edges (at most {_count(limits.max_edges)})")
        detail = "; ".join(x for x in (_parts(self.nodes), _parts(self.edges)) if x)
        super().__init__(f"the export would hold {' and '.join(over)}"
                         + (f" [{detail}]" if detail else ""))

    @property
    def node_count(self) -> int:
        return sum(self.nodes.values())

    @property
    def edge_count(self) -> int:
        return sum(self.edges.values())


@dataclass(frozen=True)
class ExportLimits:
    """The most nodes and edges one export may hold (None: no limit).
    Pictures are not capped: they draw at most PICTURE_MAX_NODES nodes."""
    max_nodes: int | None = None
    max_edges: int | None = None

    def __post_init__(self):
        for name in ("max_nodes", "max_edges"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{name} must be a whole number of at least 0 or None, not {value!r}")

    def check(self, nodes: Mapping[str, int], edges: Mapping[str, int]) -> None:
        """Raise ExportTooLarge when the counts (by kind, by relation) exceed the limits."""
        if ((self.max_nodes is not None and sum(nodes.values()) > self.max_nodes)
                or (self.max_edges is not None and sum(edges.values()) > self.max_edges)):
            raise ExportTooLarge(nodes, edges, self)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None,
                 default: "ExportLimits | None" = None) -> "ExportLimits":
        """Limits from PARTYGRAPH_EXPORT_MAX_NODES and PARTYGRAPH_EXPORT_MAX_EDGES
        (a whole number; 0 refuses every non-empty export, `none` lifts the
        limit), each falling back to `default`'s."""
        env = os.environ if environ is None else environ
        base = default or cls()
        values = {}
        for name, var in (("max_nodes", "PARTYGRAPH_EXPORT_MAX_NODES"),
                          ("max_edges", "PARTYGRAPH_EXPORT_MAX_EDGES")):
            raw = env.get(var, "").strip()
            if not raw:
                values[name] = getattr(base, name)
            elif raw.lower() == "none":
                values[name] = None
            else:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise ValueError(f"{var} wants a whole number or 'none', not {raw!r}") from None
        return cls(**values)


# The HTTP server's limits unless configured: about 1 kB of file per node or
# edge, so at most a few tens of MB and a few seconds per export.
SERVER_LIMITS = ExportLimits(max_nodes=10_000, max_edges=20_000)
