"""The loading phases of bench/run.py: the generated corpus, extraction
alone, the CPU of each load stage per article, and the load itself as
`partygraph load` runs it (graph.load_workflow.load_and_resolve), timed
step by step."""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from figures import Figures, human, peak_rss
from generate import generate
from partygraph.graph.indexes import name_tokens
from partygraph.graph.ingest import LoadReport
from partygraph.graph.inputs import expand_paths, read_all
from partygraph.graph.load_workflow import load_and_resolve
from partygraph.graph.register import register_quads
from partygraph.graph.resolve import default_mentions
from partygraph.graph.store import LocalStore
from partygraph.graph.validate import validate_article
from partygraph.loaders.article import read_article
from partygraph.loaders.extract import EXTRACTOR_VERSION, extract, extract_many
from partygraph.loaders.identity import article_iri
from partygraph.loaders.mapping import facts_to_quads


def corpus(n: int, workdir: Path, seed: int) -> list[Path]:
    folder = workdir / f"corpus-{n}-seed{seed}"
    done = folder / "DONE"
    if not done.exists():
        t = time.perf_counter()
        generate(n, folder, seed)
        done.write_text(str(n))
        print(f"generated {n} articles in {time.perf_counter() - t:.1f}s into {folder}", file=sys.stderr)
    return expand_paths([folder])


def extract_phase(files: list[Path], facts_path: Path, workers: int, fig: Figures) -> None:
    """Extraction alone (read + extract_many with `workers` processes) of
    the first `fig.sample` articles, facts streamed to a JSONL file (the
    lookups' sample values come from it)."""
    report = LoadReport()
    t = time.perf_counter()
    with facts_path.open("w", encoding="utf-8") as out:
        for facts in extract_many(read_all(files[:fig.sample], report), n_process=workers):
            out.write(json.dumps(facts, ensure_ascii=False) + "\n")
            fig.facts += sum(len(v) for k, v in facts.items() if isinstance(v, list) and k != "non_officials")
    fig.extract_s = time.perf_counter() - t
    if report.skipped:
        print(f"skipped {len(report.skipped)} articles: {report.skipped[:3]}", file=sys.stderr)


def stage_phase(files: list[Path], fig: Figures, count: int = 200) -> None:
    """CPU ms per article of each stage `partygraph load` runs, in this one
    process, on `count` articles (warmed up on a few first): where an
    article's time goes."""
    stages = ("read", "extract", "map", "register", "mentions", "name index", "validate", "serialize")
    total = dict.fromkeys(stages, 0.0)
    done = 0
    for i, f in enumerate(files[:count + 5]):
        clock = time.process_time
        t0 = clock()
        article = read_article(f)
        t1 = clock()
        facts = extract(article)
        t2 = clock()
        quads = facts_to_quads(article, facts, EXTRACTOR_VERSION)
        t3 = clock()
        quads += register_quads(quads)
        t4 = clock()
        quads += default_mentions(article_iri(article).value, quads)
        t5 = clock()
        quads += name_tokens(quads)
        t6 = clock()
        validate_article(quads)
        t7 = clock()
        ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        t8 = clock()
        if i < 5:
            continue   # warm-up: caches and lazily built vocabularies
        for name, a, b in zip(stages, (t0, t1, t2, t3, t4, t5, t6, t7), (t1, t2, t3, t4, t5, t6, t7, t8)):
            total[name] += b - a
        done += 1
    fig.stage_ms = {k: v / max(done, 1) * 1000 for k, v in total.items()}


def load_phase(files: list[Path], store: LocalStore, fig: Figures) -> None:
    """What `partygraph load --workers W` does, timed by its own steps
    (graph.load_workflow.load_and_resolve): the vocabulary; load_articles on
    every article (extraction and the per-article steps in W worker
    processes, batched write transactions here); person resolution; the
    listing index, which the REST lookups timed later read their unfiltered
    first pages from. Each step ends with its writes flushed to disk: the
    timing children read the store from there."""
    def in_writes(method):
        def timed_write(*args):
            t = time.perf_counter()
            try:
                return method(*args)
            finally:
                fig.write_s += time.perf_counter() - t
        return timed_write
    # instance attributes, only while the articles are written: the load's
    # write transactions and its last flush count as writes
    store.write_articles, store.flush = in_writes(store.write_articles), in_writes(store.flush)
    started = {"wall": time.perf_counter(), "cpu": _cpu()}
    done = 0

    def progress(name: str) -> None:   # a long run says how far it is
        nonlocal done
        done += 1
        if done % 5000 == 0:
            el = time.perf_counter() - started["wall"]
            print(f"  {done:,} articles loaded in {el:,.0f} s ({done / el:,.1f} articles/s), "
                  f"peak RSS {human(peak_rss()[0])}", file=sys.stderr, flush=True)

    def step_done(step: str, _seconds: float) -> None:
        if step == "vocabulary":   # the articles' load starts now
            started.update(wall=time.perf_counter(), cpu=_cpu())
        elif step == "load":
            (me0, kids0), (me1, kids1) = started["cpu"], _cpu()
            fig.main_cpu_s, fig.workers_cpu_s = me1 - me0, kids1 - kids0
            del store.write_articles, store.flush
    result = load_and_resolve(files, store, workers=fig.workers, on_article=progress, on_step=step_done)
    report = result.report
    fig.loaded, fig.skipped, fig.quads = len(report.loaded), len(report.skipped), report.quads
    if report.skipped:
        print(f"skipped {len(report.skipped)} articles: {report.skipped[:3]}", file=sys.stderr)
    fig.load_s = result.seconds["load"]
    fig.resolve_s = result.seconds.get("resolve", 0.0)
    fig.listings_s = result.seconds.get("listings", 0.0)
    fig.listed = result.listed or {}
    fig.quads_stored = store.quad_count()
    print(f"  loaded {fig.loaded:,} articles, {fig.quads:,} quads in {fig.load_s:,.1f} s "
          f"({fig.loaded / fig.load_s:,.1f} articles/s; writes {fig.write_s:,.1f} s), resolution "
          f"{fig.resolve_s:,.1f} s, listing index {fig.listings_s:,.1f} s: extraction + load "
          f"{fig.n / (fig.load_s + fig.resolve_s + fig.listings_s):,.1f} articles/s; "
          f"peak RSS {human(peak_rss()[0])}", file=sys.stderr, flush=True)


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its waited-for children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime
