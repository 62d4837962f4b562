"""Pages as input, timed: the same N generated articles loaded as `.txt`
files and as a WARC crawl of newspaper pages (each article inside a page's
chrome, tests/data/build_web.py's template), each into a fresh embedded
store as `partygraph load` does (read, extract, map, check, write, resolve,
listing index). Prints articles/s of each and what the crawl cost on top.

    python bench/web_inputs.py --articles 1000 [--workers W]
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench", ROOT / "tests" / "data"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from build_web import page_of, parts_of  # noqa: E402
from generate import generate  # noqa: E402
from partygraph.graph.inputs import expand_paths  # noqa: E402
from partygraph.graph.load_workflow import load_and_resolve  # noqa: E402
from partygraph.graph.store import LocalStore  # noqa: E402


def corpus(n: int, work: Path, seed: int) -> list[Path]:
    folder = work / f"corpus-{n}-seed{seed}"
    if not (folder / "DONE").exists():
        generate(n, folder, seed)
        (folder / "DONE").write_text(str(n))
    return expand_paths([folder])


def crawl_of(files: list[Path], target: Path) -> int:
    """A gzipped WARC of one page per article (plus nothing else); its size."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for f in files:
            title, date, body = parts_of(f.read_text(encoding="utf-8"))
            url = f"https://bao.example.vn/xay-dung-dang/{f.stem}.html"
            html = page_of(title, date, body, url, "Báo Mẫu").encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
    return target.stat().st_size


def load(paths: list[Path], store_dir: Path, workers: int) -> tuple[float, int, int]:
    """(seconds, articles loaded, quads) of a whole `partygraph load`."""
    store = LocalStore(store_dir)
    done = load_and_resolve(paths, store, workers=workers)
    report, took = done.report, sum(done.seconds.values())
    quads = store.quad_count()
    store.close()
    if report.skipped:
        print(f"  skipped {len(report.skipped)}: {report.skipped[:2]}", file=sys.stderr)
    return took, len(report.loaded), quads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=1000)
    ap.add_argument("--workers", "-w", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "partygraph-bench")
    args = ap.parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    files = corpus(args.articles, args.work_dir, args.seed)
    work = Path(tempfile.mkdtemp(prefix="web-", dir=args.work_dir))
    crawl = work / "crawl.warc.gz"
    t = time.perf_counter()
    size = crawl_of(files, crawl)
    print(f"built {crawl} ({size / 1e6:.1f} MB, {len(files)} pages) in {time.perf_counter() - t:.1f} s",
          file=sys.stderr)
    rows = []
    for label, paths in ((".txt files", files), ("WARC of pages", [crawl])):
        print(f"loading {len(files)} articles as {label} ...", file=sys.stderr)
        rows.append((label, *load(paths, work / label.split()[0].strip("."), args.workers)))
    print()
    print(f"partygraph load of {len(files):,} generated articles, {args.workers} worker(s), "
          f"{os.cpu_count()} cores: extraction + load + resolution + listing index")
    print(f"{'input':<18}{'seconds':>10}{'articles/s':>13}{'loaded':>9}{'quads':>11}")
    print("-" * 61)
    for label, took, loaded, quads in rows:
        print(f"{label:<18}{took:>10.1f}{loaded / took:>13.1f}{loaded:>9,}{quads:>11,}")
    (_, t_txt, n_txt, _), (_, t_warc, n_warc, _) = rows
    print(f"\nthe crawl costs {(t_warc / max(n_warc, 1) - t_txt / max(n_txt, 1)) * 1000:.1f} ms more per "
          "article (reading the WARC and trafilatura's extraction of each page)")


if __name__ == "__main__":
    main()
