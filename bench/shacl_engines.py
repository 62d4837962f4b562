"""The two SHACL engines side by side: pyshacl (graph/validate.py's
`validate_quads`) and the fast check compiled from the shapes
(graph/validate_fast.py), on the quads `partygraph load` checks per article,
and on a whole store as `partygraph validate` checks it.

    .venv/bin/python bench/shacl_engines.py                          # seeds + dev
    .venv/bin/python bench/shacl_engines.py --dir /tmp/gen100        # bench/generate.py's articles
    .venv/bin/python bench/shacl_engines.py --store /tmp/s --runs 3  # and that store, whole

Wall ms per article, the best of --runs runs (after a warm-up run): pyshacl
alone, the fast check alone, and the load's path (`validate_article`: the
fast check, pyshacl for what it flags); and whether the two engines agree on
each article (fast check passes <=> pyshacl conforms).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from partygraph.graph import ingest  # noqa: E402
from partygraph.graph.validate import validate_article, validate_quads  # noqa: E402
from partygraph.graph.validate_fast import fast_ok  # noqa: E402
from partygraph.graph.validate_shapes import compiled_shapes  # noqa: E402
from partygraph.loaders.article import read_article  # noqa: E402
from partygraph.loaders.extract import extract_many  # noqa: E402

DEFAULT_DIRS = (ROOT / "seeds", ROOT / "corpus" / "dev")


def article_quads(files: list[Path]) -> list[list]:
    """Each article's quads exactly as `ingest.prepare` hands them to the
    shape check (prepare runs with a check that records them)."""
    seen: list[list] = []

    def record(quads: list) -> list:
        seen.append(list(quads))
        return []

    articles = [read_article(f) for f in files]
    real = ingest.validate_article
    ingest.validate_article = record
    try:
        for article, facts in zip(articles, extract_many(articles)):
            ingest.prepare(article, facts)
    finally:
        ingest.validate_article = real
    return seen


def best_ms(fn, runs: int) -> float:
    """Wall ms of the best of `runs` runs of `fn`, after a warm-up run."""
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", action="append", type=Path, default=[], help="a folder of .txt articles")
    ap.add_argument("--store", help="also time the whole store (a store directory)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted(p for d in (args.dir or DEFAULT_DIRS) for p in d.rglob("*.txt"))
    batch = article_quads(files)
    shapes = compiled_shapes()
    assert shapes is not None, "the shapes do not compile: every article goes to pyshacl"
    n = len(batch)
    print(f"{n} articles, {sum(map(len, batch)) / n:.0f} quads each on average; best of {args.runs} runs")
    fast = [fast_ok(q, shapes) for q in batch]
    conforms = [not validate_quads(q) for q in batch]
    agree = sum(f == c for f, c in zip(fast, conforms))
    print(f"agreement: {agree}/{n} (fast check passes {sum(fast)}, pyshacl passes {sum(conforms)})")
    for name, fn in (("pyshacl", lambda: [validate_quads(q) for q in batch]),
                     ("fast check", lambda: [fast_ok(q, shapes) for q in batch]),
                     ("load path", lambda: [validate_article(q) for q in batch])):
        print(f"{name:>10}: {best_ms(fn, args.runs) / n:9.3f} ms/article")
    if args.store:
        whole_store(args.store, args.runs)
    return 0 if agree == n else 1


def whole_store(path: str, runs: int) -> None:
    """The store as `partygraph validate` checks it (pyshacl on the union of
    its graphs), beside the fast check on the same triples."""
    import pyoxigraph as ox

    from partygraph.graph.store import LocalStore
    from partygraph.graph.validate import store_query, validate_store

    store = LocalStore(path, read_only=True)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in store.query(store_query())]
    shapes = compiled_shapes()
    print(f"store {path}: {len(quads)} triples checked")
    print(f"   pyshacl: {best_ms(lambda: validate_store(store), runs):9.0f} ms "
          f"({len(validate_store(store))} violations)")
    print(f"fast check: {best_ms(lambda: fast_ok(quads, shapes), runs):9.0f} ms "
          f"(passes: {fast_ok(quads, shapes)})")
    store.close()


if __name__ == "__main__":
    sys.exit(main())
