"""One load, step by step, as `partygraph load` does it: the vocabulary
graph, the articles (graph/ingest.py), people resolved across articles
(graph/resolve.py), the listing index rebuilt (graph/listings.py).

The command line, the benchmark and the tests' stores all load through
`load_and_resolve`, so they cannot drift apart; a server that writes its
batches itself (api/live_store.py) ends its load with `after_load`, the
same last two steps. Each step's wall seconds are in the result and, as it
ends, handed to `on_step(step, seconds)`: the benchmark times the steps
from there, a caller can look at the store between two steps.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .ingest import BATCH_SIZE, LoadReport, ensure_vocabulary, load_articles
from .listings import read_totals, rebuild_listings
from .resolve import ResolutionReport, resolve_store
from .store_protocol import GraphStore

STEPS = ("vocabulary", "load", "resolve", "listings")

OnStep = Callable[[str, float], None]
T = TypeVar("T")


@dataclass
class LoadResult:
    report: LoadReport = field(default_factory=LoadReport)   # empty from `after_load` alone
    resolution: ResolutionReport | None = None   # None: not resolved (not asked, or nothing loaded)
    listed: dict[str, int] | None = None         # entries per listing; None: the index was complete, or not asked
    seconds: dict[str, float] = field(default_factory=dict)   # step -> wall seconds, for the steps run


def load_and_resolve(paths: Iterable[str | Path], store: GraphStore, *, workers: int = 1,
                     batch_size: int = BATCH_SIZE, cluster: str | None = None,
                     on_article: Callable[[str], None] | None = None, resolve: bool = True,
                     listings: bool = True, on_step: OnStep | None = None) -> LoadResult:
    """Load every article under `paths` into `store` (load_articles, with
    `workers`, `batch_size`, `cluster` and `on_article` as it takes them),
    then resolve people unless `resolve` is false or nothing was loaded,
    then rebuild the listing index unless `listings` is false."""
    result = LoadResult()
    _step(result, "vocabulary", store, on_step, lambda: ensure_vocabulary(store))
    result.report = _step(result, "load", store, on_step, lambda: load_articles(
        paths, store, workers=workers, on_article=on_article, batch_size=batch_size, cluster=cluster))
    # A reload replaces an article's graph, mention nodes included: resolving
    # again keeps a load idempotent (twice gives the same store as once).
    return after_load(store, resolve=resolve and bool(result.report.loaded), listings=listings,
                      on_step=on_step, result=result)


def after_load(store: GraphStore, *, resolve: bool = True, listings: bool = True,
               on_step: OnStep | None = None, result: LoadResult | None = None) -> LoadResult:
    """The steps after the writes: resolve people (when `resolve`), then
    rank the unfiltered REST listings once (when `listings`): every write
    drops the index, without which the listings sort every entity per
    request. Nothing is ranked when the writes left the index complete."""
    result = result if result is not None else LoadResult()
    if resolve:
        result.resolution = _step(result, "resolve", store, on_step, lambda: resolve_store(store))
    if listings:
        result.listed = _step(result, "listings", store, on_step,
                              lambda: rebuild_listings(store) if read_totals(store) is None else None)
    return result


def _step(result: LoadResult, step: str, store: GraphStore, on_step: OnStep | None, run: Callable[[], T]) -> T:
    """run(), timed with its writes flushed to disk: a step's seconds are
    its own, not left for the next step (or a reader) to pay."""
    started = time.perf_counter()
    value = run()
    store.flush()   # a server's writes are committed as it answers: nothing to do there
    result.seconds[step] = time.perf_counter() - started
    if on_step is not None:
        on_step(step, result.seconds[step])
    return value
