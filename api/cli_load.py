"""`partygraph extract`, `load` and `resolve`: articles into facts, facts
into the store (graph/load_workflow.py), people resolved again."""
from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .cli_common import (CLUSTER, EXIT_FAILED, EXIT_PARTIAL, GRAPH_STORE_URL, LOAD_TOKEN_FILE, SERVER, STORE,
                         UPDATE_URL, _fail, _is_url, _open, _remote, _require_store, err)


class FactsFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"


def extract(
    files: List[Path] = typer.Argument(..., help="Article files (or folders of them)."),
    format: FactsFormat = typer.Option(FactsFormat.jsonl, "--format", "-f", help="jsonl: one object per line."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes."),
    cluster: Optional[str] = CLUSTER,
    evidence: bool = typer.Option(True, "--evidence/--no-evidence", help="Keep evidence and confidence keys."),
) -> None:
    """Print the facts of each article (corpus/FORMAT.md), one JSON object per line."""
    from partygraph.graph.ingest import LoadReport
    from partygraph.graph.inputs import expand_paths, read_all
    from partygraph.loaders.cluster import ClusterError
    from partygraph.loaders.extract import extract_many

    _check_cluster(cluster)
    report = LoadReport()
    articles = read_all(expand_paths(files, report.skipped), report)
    out = []
    try:
        for facts in extract_many(articles, n_process=workers, cluster=cluster):
            if not evidence:
                facts = _strip_evidence(facts)
            if format == FactsFormat.jsonl:
                sys.stdout.write(json.dumps(facts, ensure_ascii=False) + "\n")
            else:
                out.append(facts)
    except ClusterError as e:
        _fail(str(e))
    if format == FactsFormat.json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    sys.stdout.flush()
    _print_notes(report)
    _print_skipped(report)
    if report.skipped:
        raise typer.Exit(EXIT_PARTIAL)


def _check_cluster(address: str | None) -> None:
    """A malformed --cluster address is refused before any store is opened."""
    from partygraph.loaders.cluster import ClusterError, check_address

    if address is not None:
        try:
            check_address(address)
        except ClusterError as e:
            _fail(str(e))


def _print_notes(report) -> None:
    """What was repaired on reading, and what an input held besides articles."""
    from partygraph.graph.inputs import shown

    for path, note in report.repaired:
        err.print(f"[cyan]repaired[/] {escape(shown(path))}: {escape(note)}", highlight=False, soft_wrap=True)
    for path, note in report.notes:
        err.print(f"[cyan]note[/] {escape(shown(path))}: {escape(note)}", highlight=False, soft_wrap=True)


def _print_skipped(report) -> None:
    from partygraph.graph.inputs import shown

    for path, reason in report.skipped:
        err.print(f"[yellow]skipped[/] {escape(shown(path))}: {escape(reason)}", highlight=False, soft_wrap=True)


def _strip_evidence(facts: dict) -> dict:
    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items() if k not in ("evidence", "confidence", "date_evidence")}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v
    return clean(facts)


def load(
    paths: List[Path] = typer.Argument(..., help="Article files or folders."),
    store: str = STORE,
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes (one writer)."),
    cluster: Optional[str] = CLUSTER,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    resolve: bool = typer.Option(True, "--resolve/--no-resolve",
                                 help="Resolve people across articles after loading (as `partygraph resolve`)."),
    batch_size: int = typer.Option(64, "--batch-size", min=1,
                                   help="Articles written at once (each article is whole or absent "
                                        "whatever it is; larger batches load faster)."),
    token_file: Optional[Path] = LOAD_TOKEN_FILE,
) -> None:
    """Load articles into the store, one named graph per article (reloading replaces it).
    Into a store a `partygraph serve` owns, the load goes through that server."""
    from partygraph.graph.inputs import expand_paths, shown
    from partygraph.graph.load_workflow import load_and_resolve
    from partygraph.graph.store import StoreError
    from partygraph.loaders.cluster import ClusterError

    from .load_client import ServerLoad, ServerLoadError, server_for_load

    _check_cluster(cluster)
    files = expand_paths(paths)
    missing = [str(p) for p in paths if not p.exists()]
    progress = Progress(TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=err, disable=quiet or len(files) < 2, transient=True)
    task = progress.add_task("", total=len(files))

    def advance(name: str) -> None:
        progress.update(task, advance=1, description=escape(shown(name)))
    try:
        owning = server_for_load(store, token_file)
    except ServerLoadError as e:
        _fail(str(e))
    if owning is not None:
        through, token = owning
        try:
            with progress:
                report = ServerLoad(through, token).run(paths, workers=workers, batch_size=batch_size,
                                                        resolve=resolve, cluster=cluster, on_article=advance)
        except (ServerLoadError, ClusterError) as e:
            _fail(str(e))
        owner = f" (the server that owns {store})" if not _is_url(store) else ""
        _report_load(report, through.base + owner, missing)
        return
    st = _open(store, remote=_remote(server, update_url, graph_store_url))
    try:
        with ExitStack() as bar:
            bar.enter_context(progress)
            # the bar counts articles: it goes once they are written, before resolution
            report = load_and_resolve(paths, st, workers=workers, batch_size=batch_size, cluster=cluster,
                                      on_article=advance, resolve=resolve,
                                      on_step=lambda step, _s: bar.close() if step == "load" else None).report
        st.close()
    except OSError as e:
        # a full disk, a file too large: each batch is whole or absent, so the
        # store holds what was written before; say so in one line
        _fail(f"cannot write to the store {store}: {e.strerror or e}; the articles written before "
              "are kept (free space, then load again)", code=EXIT_FAILED)
    except StoreError as e:   # a remote store that went away or refuses writes
        _fail(f"cannot write to the store {store}: {e}")
    except ClusterError as e:   # the scheduler unreachable: the batches written before are whole and kept
        _fail(str(e))
    _report_load(report, store, missing)


def _report_load(report, into: str, missing: list[str]) -> None:
    from partygraph.graph.inputs import shown

    _print_notes(report)
    for path, what in report.kept_once:
        err.print(f"[cyan]kept once[/] {escape(shown(path))}: {escape(what)}", highlight=False, soft_wrap=True)
    _print_skipped(report)
    err.print(f"loaded {len(report.loaded)} article(s), {report.quads} quads, into {escape(into)}"
              + (f"; {len(report.kept_once)} kept once (the same text again)" if report.kept_once else "")
              + (f"; skipped {len(report.skipped)}" if report.skipped else ""), highlight=False, soft_wrap=True)
    if report.skipped or missing:
        raise typer.Exit(EXIT_PARTIAL)


def resolve(
    store: str = STORE,
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
    reassign: Optional[str] = typer.Option(None, "--reassign", help="A mention IRI to point at another person "
                                           "(undoes a wrong merge or split)."),
    to: Optional[str] = typer.Option(None, "--to", help="The person IRI for --reassign."),
) -> None:
    """Resolve people across articles (mention nodes, pg:resolvedTo); run after loading."""
    from partygraph.graph.load_workflow import after_load
    from partygraph.graph.resolve import reassign as reassign_mention
    from partygraph.graph.store import QueryError, StoreError

    _require_store(store)
    if bool(reassign) != bool(to):
        _fail("--reassign MENTION and --to PERSON go together")
    st = _open(store, remote=_remote(server, update_url, graph_store_url))
    try:
        if reassign:
            try:
                reassign_mention(st, reassign, to)
            except KeyError as e:
                _fail(str(e.args[0]))
            after_load(st, resolve=False)   # the listing index only
            err.print(f"{reassign} now resolves to {to}", highlight=False)
            return
        report = after_load(st).resolution
    except (StoreError, QueryError) as e:   # a server that went away or refused a write
        _fail(f"cannot resolve in the store {store}: {e}")
    finally:
        st.close()
    for pkey, iris in report.split:
        err.print(f"split {pkey!r} into {len(iris)} people by province", highlight=False)
    err.print(f"{report.mentions} mention(s) of {report.people} people; "
              f"{len(report.rewritten)} article graph(s) rewritten", highlight=False)
