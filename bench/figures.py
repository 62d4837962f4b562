"""What bench/run.py measures and how it is printed in numbers: the
figures of one run (Figures), one timed question or lookup (Row), and the
process's memory and the store's size."""
from __future__ import annotations

import resource
from dataclasses import dataclass, field
from pathlib import Path

GIB = 1024 ** 3


def peak_rss() -> tuple[int, int]:
    """Peak resident set size of this process and of its (waited-for) children, bytes."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return me, kids


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def human(n: float, unit: str = "B") -> str:
    for prefix in ("", "Ki", "Mi", "Gi", "Ti"):
        if abs(n) < 1024 or prefix == "Ti":
            return f"{n:.1f} {prefix}{unit}" if prefix else f"{n:.0f} {unit}"
        n /= 1024
    return f"{n}"



@dataclass
class Row:
    what: str
    p50: float
    p95: float
    n: int
    other: float | None = None      # p50 of the comparison (rdflib, or raw pyoxigraph)
    rows: int | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.other / self.p50 if self.other and self.p50 and self.n else None


@dataclass
class Figures:
    n: int
    workers: int
    sample: int = 0                  # articles of the extraction-only run and the stage profile
    extract_s: float = 0.0           # extraction alone of `sample` articles, `workers` processes
    stage_ms: dict = field(default_factory=dict)   # CPU ms per article of each load stage, 1 process
    load_s: float = 0.0              # graph.ingest.load_articles of all n articles (wall)
    write_s: float = 0.0             # of which in the store's write transactions
    main_cpu_s: float = 0.0          # CPU of the writer process during the load
    workers_cpu_s: float = 0.0       # CPU of the worker processes during the load
    loaded: int = 0
    skipped: int = 0
    resolve_s: float = 0.0
    listings_s: float = 0.0          # graph.listings.rebuild_listings after resolution (as `partygraph load`)
    listed: dict = field(default_factory=dict)
    quads: int = 0
    quads_stored: int = 0            # quad_count() at the end: resolution and the index included
    facts: int = 0
    store_bytes: int = 0
    rss_after_load: tuple[int, int] = (0, 0)
    rss_end: tuple[int, int] = (0, 0)
    rdflib_load_s: float | None = None
    rdflib_quads: int | None = None
    competency: list[Row] = field(default_factory=list)
    lookups: list[Row] = field(default_factory=list)

