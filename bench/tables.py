"""The tables bench/run.py prints: each stage's time and rate, memory and
size, every competency question beside rdflib, every REST lookup beside
the raw pyoxigraph queries it sends; each goal (issue 9) beside what was
reached."""
from __future__ import annotations

import os
from pathlib import Path

from figures import GIB, Figures, human


def report(fig: Figures, store_dir: Path) -> None:
    n = fig.n
    rss_load = max(fig.rss_after_load)
    total = fig.load_s + fig.resolve_s + fig.listings_s
    print()
    print(f"partygraph benchmark: {n:,} articles, {fig.workers} worker(s), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}, store {store_dir}")
    print("=" * 100)
    print(f"{'stage':<24}{'seconds':>10}{'articles/s':>13}   notes")
    print("-" * 100)
    rows = [("extraction alone", fig.extract_s, fig.sample,
             f"first {fig.sample:,} articles, {fig.workers} process(es), {fig.facts:,} facts"),
            ("load (partygraph load)", fig.load_s, n,
             f"load_workflow step load (graph.ingest.load_articles): {fig.loaded:,} loaded, {fig.skipped} skipped; CPU "
             f"{fig.main_cpu_s / max(n, 1) * 1000:.1f} ms/article writer, "
             f"{fig.workers_cpu_s / max(n, 1) * 1000:.1f} ms/article workers"),
            ("  of which writes", fig.write_s, n,
             f"{fig.quads / fig.write_s:,.0f} quads/s in write transactions" if fig.write_s else ""),
            ("person resolution", fig.resolve_s, n, "load_workflow step resolve (graph.resolve.resolve_store), once after the load"),
            ("listing index", fig.listings_s, n,
             "load_workflow step listings (graph.listings.rebuild_listings), once after resolution: "
             + ", ".join(f"{v:,} {k}" for k, v in fig.listed.items()))]
    for name, t, count, note in rows:
        print(f"{name:<24}{t:>10.1f}{(count / t if t else float('inf')):>13,.1f}   {note}")
    print(f"{'extraction + load':<24}{total:>10.1f}{n / total:>13,.1f}   goal >= 100 articles/s: "
          + ("met" if n / total >= 100 else "MISSED"))
    if fig.stage_ms:
        print()
        print("CPU per article, one process: "
              + ", ".join(f"{k} {v:.1f} ms" for k, v in fig.stage_ms.items())
              + f"; sum {sum(fig.stage_ms.values()):.1f} ms")
    print()
    lines = [
        ("load quads/s", f"{fig.quads / fig.write_s:,.0f}" if fig.write_s else "-",
         f"{fig.quads:,} quads written ({fig.quads / max(n, 1):.0f} per article), batches of articles per transaction"),
        ("store size on disk", human(fig.store_bytes), f"{fig.store_bytes / max(fig.quads, 1):.0f} bytes per quad written"),
        ("peak RSS (load)", human(fig.rss_after_load[0]),
         f"extraction workers {human(fig.rss_after_load[1])}; goal < 4 GiB at 100k: "
         + ("met" if rss_load < 4 * GIB else "MISSED")),
        ("peak RSS (whole run)", human(fig.rss_end[0]), "includes rdflib" if fig.rdflib_load_s else ""),
    ]
    if fig.rdflib_load_s is not None:
        lines.append(("rdflib Dataset load", f"{fig.rdflib_quads / fig.rdflib_load_s:,.0f} quads/s",
                      f"{fig.rdflib_load_s:,.1f} s, {fig.rdflib_quads:,} quads"))
    for a, b, c in lines:
        print(f"{a:<24}{b:>23}   {c}")
    print()
    print(f"{'competency question':<40}{'rows':>8}{'p50 ms':>10}{'p95 ms':>10}{'rdflib p50':>12}{'ratio':>9}  goal >= 20x")
    print("-" * 100)
    for r in fig.competency:
        ratio = r.ratio
        verdict = "" if ratio is None else ("met" if ratio >= 20 else "MISSED")
        print(f"{r.what:<40}{r.rows or 0:>8,}{r.p50:>10.2f}{r.p95:>10.2f}"
              f"{(f'{r.other:.1f}' if r.other else '-'):>12}{(f'{ratio:.0f}x' if ratio else '-'):>9}  {verdict} {r.note}")
    report_lookups(fig)


def report_lookups(fig: Figures) -> None:
    print()
    print(f"{'REST lookup (in-process)':<46}{'rows':>7}{'p50 ms':>9}{'p95 ms':>9}{'raw ox p50':>11}{'ratio':>7}  goals: <= 2x raw, p95 < 50 ms")
    print("-" * 100)
    for r in fig.lookups:
        ratio = r.p50 / r.other if r.other else None
        verdict = ("met" if ratio is not None and ratio <= 2 else "MISSED") + "/" + ("met" if r.p95 < 50 else "MISSED")
        print(f"{r.what:<46}{r.rows or 0:>7,}{r.p50:>9.2f}{r.p95:>9.2f}{(r.other or 0):>11.2f}"
              f"{(f'{ratio:.2f}x' if ratio else '-'):>7}  {verdict} ({r.note})")
    print()
