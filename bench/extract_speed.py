"""Extraction speed: articles/s of loaders.extract.extract_many for 1 and 2 processes.

    .venv/bin/python bench/extract_speed.py                 # seeds + dev + held-out, repeated to 500
    .venv/bin/python bench/extract_speed.py -n 1000 --processes 1 2 4
    .venv/bin/python bench/extract_speed.py --dir /tmp/gen300   # generated articles (bench/generate.py)

Pipeline start-up (importing spaCy, building the pipeline, compiling the
vocabulary) is part of the first figure, as it is for a load: each run
happens in a fresh Python process; the figure without start-up (and
reading the files) follows. "cpu" is the CPU time of that process and its
children, the fairer figure on a busy machine.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GLOBS = ("seeds/*.txt", "corpus/dev/*.txt", "tests/data/heldout/*.txt")


def _files(dirs: list[str]) -> list[str]:
    if dirs:
        return sorted(str(p) for d in dirs for p in Path(d).rglob("*.txt"))
    return sorted(str(p) for g in DEFAULT_GLOBS for p in ROOT.glob(g))


def _child(files: list[str], n: int, n_process: int, batch_size: int) -> None:
    """Runs in a fresh process: read, extract, print one JSON line of timings."""
    import time
    t0 = time.perf_counter()
    c0 = os.times()
    sys.path.insert(0, str(ROOT))
    from partygraph.loaders.article import read_article
    from partygraph.loaders.extract import extract_many
    from partygraph.loaders.pipeline import get_pipeline

    base = [read_article(f) for f in files]
    articles = [base[i % len(base)] for i in range(n)]
    get_pipeline()
    ready = time.perf_counter() - t0
    count = sum(1 for _ in extract_many(articles, n_process=n_process, batch_size=batch_size))
    wall = time.perf_counter() - t0
    c1 = os.times()
    cpu = (c1.user - c0.user) + (c1.system - c0.system) + (c1.children_user - c0.children_user) \
        + (c1.children_system - c0.children_system)
    print(json.dumps({"articles": count, "wall": wall, "cpu": cpu, "ready": ready}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--articles", type=int, default=500, help="articles per run (inputs repeated)")
    ap.add_argument("--dir", action="append", default=[], help="directory of .txt articles (recursive)")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--repeat", type=int, default=1, help="runs per setting; the best is reported")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    files = _files(args.dir)
    if args.child:
        _child(files, args.articles, int(args.child), args.batch_size)
        return 0
    print(f"{len(files)} distinct articles, {args.articles} per run, batch size {args.batch_size}")
    for p in args.processes:
        best = None
        for _ in range(args.repeat):
            cmd = [sys.executable, __file__, "--child", str(p), "-n", str(args.articles),
                   "--batch-size", str(args.batch_size)] + [a for d in args.dir for a in ("--dir", d)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
            r = json.loads(out.strip().splitlines()[-1])
            if best is None or r["wall"] < best["wall"]:
                best = r
        print(f"n_process={p}: {best['articles'] / best['wall']:7.1f} articles/s "
              f"({best['articles']} in {best['wall']:.2f} s wall, {best['cpu']:.2f} s cpu; "
              f"without the {best['ready']:.2f} s start-up and reading: "
              f"{best['articles'] / (best['wall'] - best['ready']):.1f} articles/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
