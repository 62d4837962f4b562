"""The served path of bench/run.py: the real `partygraph serve` over the
bench's store, its owner, timed from a client over HTTP.

- every REST lookup that run.py timed in-process, through the server (p50
  and p95), idle and again while articles are being loaded into it;
- every competency question through /sparql (the sandboxed query workers
  reading the server's snapshot);
- the write path: new articles loaded through the server (`partygraph load
  --store DIR`, which goes through the server that owns DIR), wall time per
  article, and how soon SPARQL answers from them.
"""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from partygraph.api.load_client import ServerLoad, ServerLoadError, server_for_load
from generate import generate
from partygraph.graph.sparql_query import bind_values
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import article_iri
from timing import pct


@dataclass
class Served:
    lookups: dict[str, tuple[float, float, int]] = field(default_factory=dict)          # idle
    lookups_loading: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # during a load
    questions: dict[str, tuple[float, float, int, str]] = field(default_factory=dict)   # p50, p95, n, note
    written: int = 0
    write_s: float = 0.0          # the whole load, wall (extraction here included)
    server_write_s: float = 0.0   # of which waiting for the server's writes
    server_finish_s: float = 0.0  # and for its resolution, listing index and snapshot
    visible_s: float | None = None   # load end -> SPARQL answers from a new article
    graphs_after: int = 0            # new graphs SPARQL counts after the load
    errors: list[str] = field(default_factory=list)


def _partygraph() -> list[str]:
    script = Path(sys.executable).parent / "partygraph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "partygraph.api.cli"]


def extra_articles(m: int, workdir: Path, seed: int) -> Path:
    """m generated articles that the bench's corpus does not hold (other names)."""
    folder = workdir / f"extra-{m}-seed{seed}"
    if not (folder / "DONE").exists():
        shutil.rmtree(folder, ignore_errors=True)
        for p in generate(m, folder, seed + 1000):
            p.rename(p.with_name("new_" + p.name))
        (folder / "DONE").write_text(str(m))
    return folder


def _start(store_dir: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*_partygraph(), "serve", "--store", str(store_dir), "--port", str(port),
                             "--query-timeout", str(timeout)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"partygraph serve did not start: {proc.stderr.read()[-500:]}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("partygraph serve did not answer within 120 s")
        time.sleep(0.1)


def _time_requests(client: httpx.Client, request: tuple[str, str, dict], repeat: int,
                   budget_s: float) -> tuple[list[float], str]:
    method, url, kwargs = request
    client.request(method, url, **kwargs)   # warm-up, as in-process
    times: list[float] = []
    note = ""
    while len(times) < repeat and sum(times) / 1000 < budget_s:
        t = time.perf_counter()
        r = client.request(method, url, **kwargs)
        times.append((time.perf_counter() - t) * 1000)
        if r.status_code != 200:
            note = f"HTTP {r.status_code}: {r.text[:80]}"
            break
    return times, note


def _rest_request(base: str, fn: str, kwargs: dict) -> tuple[str, str, dict]:
    return "GET", f"{base}/api/{fn}", {"params": kwargs}


def served_phase(store_dir: Path, cases: list[tuple[str, str, dict]], runs: list[tuple[str, str, dict]],
                 repeat: int, timeout: float, workdir: Path, extra: int, seed: int, workers: int) -> Served:
    """See the module docstring. `cases`: run.py's REST lookups (label,
    function, arguments); `runs`: its competency questions (label, SPARQL,
    bindings as N-Triples terms)."""
    from timing import term

    out = Served()
    proc, base = _start(store_dir, timeout)
    try:
        with httpx.Client(timeout=timeout + 30) as client:
            for label, fn, kwargs in cases:
                times, note = _time_requests(client, _rest_request(base, fn, kwargs), repeat, timeout / 3)
                out.lookups[label] = (pct(times, .5), pct(times, .95), len(times))
                if note:
                    out.errors.append(f"{label}: {note}")
            for label, text, bindings in runs:
                query = bind_values(text, {k: term(v) for k, v in bindings.items()}) if bindings else text
                request = ("POST", f"{base}/sparql", {"content": query.encode("utf-8"), "headers": {
                    "content-type": "application/sparql-query", "accept": "application/sparql-results+json"}})
                times, note = _time_requests(client, request, repeat, timeout / 2)
                out.questions[label] = (pct(times, .5), pct(times, .95), len(times), note)
            _write_phase(client, base, store_dir, cases, repeat, workdir, extra, seed, workers, out)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _ask(client: httpx.Client, base: str, query: str) -> bool:
    r = client.post(f"{base}/sparql", content=query.encode(),
                    headers={"content-type": "application/sparql-query",
                             "accept": "application/sparql-results+json"})
    return bool(r.json()["boolean"])


def _graphs(client: httpx.Client, base: str) -> int:
    r = client.post(f"{base}/sparql", content=GRAPHS.encode(),
                    headers={"content-type": "application/sparql-query",
                             "accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def _write_phase(client: httpx.Client, base: str, store_dir: Path, cases: list[tuple[str, str, dict]],
                 repeat: int, workdir: Path, extra: int, seed: int, workers: int, out: Served) -> None:
    """`extra` new articles loaded through the server while one client keeps
    sending the REST lookups; the load's wall time per article."""
    if extra <= 0:
        return
    folder = extra_articles(extra, workdir, seed)
    before = _graphs(client, base)
    loading = threading.Event()
    samples: dict[str, list[float]] = {label: [] for label, _, _ in cases}

    def lookups_while_loading() -> None:
        with httpx.Client(timeout=60) as c:
            while loading.is_set():
                for label, fn, kwargs in cases:
                    t = time.perf_counter()
                    r = c.get(f"{base}/api/{fn}", params=kwargs)
                    if r.status_code == 200 and loading.is_set():
                        samples[label].append((time.perf_counter() - t) * 1000)

    server = server_for_load(str(store_dir))   # as `partygraph load --store DIR` finds it
    if server is None:
        out.errors.append(f"no server owns {store_dir}")
        return
    loading.set()
    readers = [threading.Thread(target=lookups_while_loading, daemon=True) for _ in range(3)]
    for reader in readers:
        reader.start()
    t = time.perf_counter()
    load = ServerLoad(*server)
    try:
        report = load.run([folder], workers=workers)
    except ServerLoadError as e:
        out.errors.append(f"load through the server failed: {e}")
        return
    finally:
        loading.clear()
    out.write_s = time.perf_counter() - t
    out.server_write_s, out.server_finish_s = load.write_s, load.finish_s
    ended = time.monotonic()
    out.written = len(report.loaded)
    # one of the new articles, asked of /sparql the moment the load returned
    # (the readers may still be finishing their last lookup meanwhile)
    last = article_iri(read_article(sorted(folder.rglob("*.txt"))[-1])).value
    ask = f"ASK {{ GRAPH <{last}> {{ ?s ?p ?o }} }}"
    while not _ask(client, base, ask) and time.monotonic() - ended < 30:
        time.sleep(0.05)
    out.visible_s = time.monotonic() - ended
    for reader in readers:
        reader.join(120)
    out.graphs_after = _graphs(client, base) - before
    for label, times in samples.items():
        if times:
            out.lookups_loading[label] = (pct(times, .5), pct(times, .95), len(times))


def report(served: Served, in_process: dict[str, tuple[float, float]], local_ms_per_article: float) -> None:
    """Print the served figures beside the in-process ones of the same run."""
    print(f"{'REST lookup':<46}{'in-process':>12}{'served':>12}{'served':>12}{'while loading':>16}")
    print(f"{'':<46}{'p50/p95 ms':>12}{'p50 ms':>12}{'p95 ms':>12}{'p50/p95 ms':>16}")
    print("-" * 100)
    for label, (p50, p95, _) in served.lookups.items():
        mine = in_process.get(label)
        busy = served.lookups_loading.get(label)
        print(f"{label:<46}{(f'{mine[0]:.1f}/{mine[1]:.1f}' if mine else '-'):>12}{p50:>12.1f}{p95:>12.1f}"
              f"{(f'{busy[0]:.1f}/{busy[1]:.1f}' if busy else '-'):>16}")
    print()
    print(f"{'competency question through /sparql':<46}{'p50 ms':>10}{'p95 ms':>10}{'runs':>6}")
    print("-" * 100)
    for label, (p50, p95, n, note) in served.questions.items():
        print(f"{label:<46}{p50:>10.1f}{p95:>10.1f}{n:>6}  {note}")
    if served.written:
        per = served.write_s / served.written * 1000
        print()
        n = served.written
        print(f"write path: {n} new articles loaded through the server in {served.write_s:.1f} s wall "
              f"= {per:.1f} ms/article (extraction in this process included), beside "
              f"{local_ms_per_article:.1f} ms/article for the local load of the whole corpus")
        print(f"  the server's writes (POST /write/articles, batches of 64): {served.server_write_s:.2f} s = "
              f"{served.server_write_s / n * 1000:.1f} ms/article; once per load (POST /write/finish: "
              f"resolution, listing index, snapshot): {served.server_finish_s:.2f} s")
        print(f"  /sparql answered from a new article {served.visible_s * 1000:.0f} ms after the load "
              f"returned (its first ask) and counts {served.graphs_after} new graphs")
    for e in served.errors:
        print(f"  served: {e}")
