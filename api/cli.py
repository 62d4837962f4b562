"""The `partygraph` command line: extract, load, query (serve, export and
validate are added by their own modules)."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="partygraph: a knowledge graph of Vietnamese Party-building news.")
err = Console(stderr=True)

DEFAULT_STORE = ".store"

# Exit codes: 0 all done, 1 some inputs skipped (the rest was done),
# 2 nothing could be done (bad arguments, bad query, store unavailable).
EXIT_PARTIAL = 1
EXIT_FAILED = 2


class FactsFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"


class ResultFormat(str, Enum):
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"
    table = "table"


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    # One line, printed as written: `[viz]` in a message is text, not markup.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


# Where a --store URL's server takes queries, updates and Graph Store
# requests (graph/endpoints.py); the login comes from the environment only.
SERVER = typer.Option(None, "--server", envvar="PARTYGRAPH_SERVER", metavar="oxigraph|virtuoso|fuseki|qlever|sparql",
                      help="The family of the SPARQL server a --store URL names (default: read from its "
                           "Server header; `sparql`: any other, the URL being its query endpoint). Login: "
                           "$PARTYGRAPH_STORE_USER/$PARTYGRAPH_STORE_PASSWORD or $PARTYGRAPH_STORE_TOKEN.")
UPDATE_URL = typer.Option(None, "--update-url", envvar="PARTYGRAPH_UPDATE_URL",
                          help="The server's SPARQL Update endpoint, when its profile has it elsewhere.")
GRAPH_STORE_URL = typer.Option(None, "--graph-store-url", envvar="PARTYGRAPH_GRAPH_STORE_URL",
                               help="The server's Graph Store Protocol endpoint (writes go there when given).")


def _remote(server: str | None, update_url: str | None, graph_store_url: str | None) -> dict[str, str | None]:
    return {"server": server, "update_url": update_url, "graph_store_url": graph_store_url}


def _is_url(store: str) -> bool:
    return store.startswith(("http://", "https://"))


def _open(store: str, read_only: bool = False, through_server: bool = False,
          remote: dict[str, str | None] | None = None):
    """The store at `store`; a directory a server owns is refused (naming
    the server), or, with `through_server`, read through its /sparql.
    `remote` is a URL's profile and endpoints (--server, --update-url,
    --graph-store-url)."""
    from partygraph.graph.owner import owner_of
    from partygraph.graph.store import StoreError
    from partygraph.graph.stores import open_store

    try:
        if through_server and not _is_url(store):
            owner = owner_of(store) if Path(store).is_dir() else None
            if owner is not None and owner.url:
                err.print(f"{escape(store)} is served by {escape(owner.describe())}: asking it",
                          highlight=False, soft_wrap=True)
                return open_store(f"{owner.url}/sparql")
        return open_store(store, read_only=read_only, remote=remote if _is_url(store) else None)
    except StoreError as e:
        _fail(str(e))


CLUSTER = typer.Option(None, "--cluster", metavar="tcp://HOST:PORT",
                       help="Extract on the Dask cluster whose scheduler is here (pip install 'partygraph[cluster]'; "
                            "the workers need partygraph installed, not the files); --workers is then unused.")


@app.command()
def extract(
    files: List[Path] = typer.Argument(..., help="Article files (or folders of them)."),
    format: FactsFormat = typer.Option(FactsFormat.jsonl, "--format", "-f", help="jsonl: one object per line."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes."),
    cluster: Optional[str] = CLUSTER,
    evidence: bool = typer.Option(True, "--evidence/--no-evidence", help="Keep evidence and confidence keys."),
) -> None:
    """Print the facts of each article (corpus/FORMAT.md), one JSON object per line."""
    from partygraph.graph.ingest import LoadReport
    from partygraph.graph.inputs import expand_paths, read_all, shown
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
    for path, reason in report.skipped:
        err.print(f"[yellow]skipped[/] {escape(shown(path))}: {escape(reason)}", highlight=False, soft_wrap=True)
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


def _strip_evidence(facts: dict) -> dict:
    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items() if k not in ("evidence", "confidence", "date_evidence")}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v
    return clean(facts)


@app.command()
def load(
    paths: List[Path] = typer.Argument(..., help="Article files or folders."),
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory or SPARQL endpoint URL."),
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
    token_file: Optional[Path] = typer.Option(None, "--token-file",
                                              help="The write token of the partygraph server to load "
                                                   "through (default: $PARTYGRAPH_TOKEN, or the one the "
                                                   "server left in its store)."),
) -> None:
    """Load articles into the store, one named graph per article (reloading replaces it).
    Into a store a `partygraph serve` owns, the load goes through that server."""
    from partygraph.graph.ingest import ensure_vocabulary, load_articles
    from partygraph.graph.inputs import expand_paths, shown
    from partygraph.graph.resolve import resolve_store
    from partygraph.graph.store import StoreError
    from partygraph.loaders.cluster import ClusterError

    from .load_client import ServerLoad, ServerLoadError, server_for_load

    _check_cluster(cluster)
    files = expand_paths(paths)
    missing = [str(p) for p in paths if not p.exists()]
    progress = Progress(TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=err, disable=quiet or len(files) < 2, transient=True)
    try:
        owning = server_for_load(store, token_file)
    except ServerLoadError as e:
        _fail(str(e))
    if owning is not None:
        through, token = owning
        try:
            with progress:
                task = progress.add_task("", total=len(files))
                report = ServerLoad(through, token).run(
                    paths, workers=workers, batch_size=batch_size, resolve=resolve, cluster=cluster,
                    on_article=lambda name: progress.update(task, advance=1, description=escape(shown(name))))
        except (ServerLoadError, ClusterError) as e:
            _fail(str(e))
        owner = f" (the server that owns {store})" if not _is_url(store) else ""
        _report_load(report, through.base + owner, missing)
        return
    st = _open(store, remote=_remote(server, update_url, graph_store_url))
    try:
        ensure_vocabulary(st)
        with progress:
            task = progress.add_task("", total=len(files))
            report = load_articles(paths, st, workers=workers, batch_size=batch_size, cluster=cluster,
                                   on_article=lambda name: progress.update(task, advance=1,
                                                                           description=escape(shown(name))))
        # A reload replaces an article's graph, mention nodes included: resolving
        # again keeps `load` idempotent (twice gives the same store as once).
        if resolve and report.loaded:
            resolve_store(st)
        _rebuild_listings(st)
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
    for path, reason in report.skipped:
        err.print(f"[yellow]skipped[/] {escape(shown(path))}: {escape(reason)}", highlight=False, soft_wrap=True)
    err.print(f"loaded {len(report.loaded)} article(s), {report.quads} quads, into {escape(into)}"
              + (f"; {len(report.kept_once)} kept once (the same text again)" if report.kept_once else "")
              + (f"; skipped {len(report.skipped)}" if report.skipped else ""), highlight=False, soft_wrap=True)
    if report.skipped or missing:
        raise typer.Exit(EXIT_PARTIAL)


def _rebuild_listings(st) -> None:
    """Rank the unfiltered REST listings once, after the writes (graph/listings.py):
    every write drops the index (without it the listings would sort every
    entity per request). Nothing to do when the writes left the index complete."""
    from partygraph.graph.listings import read_totals, rebuild_listings

    if read_totals(st) is None:
        rebuild_listings(st)


@app.command()
def query(
    sparql: str = typer.Argument(..., help="A SPARQL query, or @FILE to read it from a file."),
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory or SPARQL endpoint URL."),
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
    format: ResultFormat = typer.Option(ResultFormat.table, "--format", "-f"),
    bind: Optional[List[str]] = typer.Option(None, "--bind", "-b",
                                             help="NAME=VALUE for a parameter the query declares "
                                                  "('# @param ?asOf date ...'); repeat for more."),
) -> None:
    """Run a SPARQL query over all articles (the default graph is their union)."""
    from partygraph.graph.sparql_query import ParamError, bindings
    from partygraph.graph.store import QueryError, StoreError

    if sparql.startswith("@"):
        try:
            sparql = Path(sparql[1:]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            _fail(f"cannot read query file {sparql[1:]}: {e}")
    try:
        bound = bindings(sparql, bind or [])
    except ParamError as e:
        _fail(str(e))
    if not Path(store).exists() and not _is_url(store):
        _fail(f"no store at {store} (load articles first: partygraph load ARTICLES --store {store})")
    st = _open(store, read_only=True, through_server=True, remote=_remote(server, update_url, graph_store_url))
    try:
        result = st.query(sparql, substitutions=bound or None)
        _print_result(result, format)
    except QueryError as e:
        _fail(str(e))
    except (OSError, StoreError) as e:  # StoreError: a remote server that went away
        _fail(f"query failed: {e}")


def _print_result(result, format: ResultFormat) -> None:
    out = sys.stdout.buffer
    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.N_TRIPLES if format != ResultFormat.table else ox.RdfFormat.TURTLE
        out.write(result.serialize(format=fmt) or b"")
        return
    if format == ResultFormat.table:
        if isinstance(result, ox.QueryBoolean):
            print("true" if bool(result) else "false")
            return
        names = [v.value for v in result.variables]
        table = Table(*names, show_lines=False)
        n = 0
        for sol in result:
            table.add_row(*[_cell(sol[v]) for v in names])
            n += 1
        # Piped output has no terminal width; 80 columns would fold every cell.
        Console(width=None if sys.stdout.isatty() else 200).print(table)
        err.print(f"{n} row(s)")
        return
    from partygraph.graph.csv_cells import neutralise_results

    fmt = {ResultFormat.json: ox.QueryResultsFormat.JSON, ResultFormat.csv: ox.QueryResultsFormat.CSV,
           ResultFormat.tsv: ox.QueryResultsFormat.TSV, ResultFormat.xml: ox.QueryResultsFormat.XML}[format]
    # CSV/TSV cells that a spreadsheet would run as formulas get a leading `'`.
    out.write(neutralise_results(result.serialize(format=fmt), fmt.media_type))
    if format == ResultFormat.json:
        out.write(b"\n")
    out.flush()


def _cell(term) -> str:
    if term is None:
        return ""
    return term.value


class ExportFormat(str, Enum):
    gexf = "gexf"
    graphml = "graphml"
    cytoscape = "cytoscape"
    nodelink = "nodelink"
    png = "png"
    svg = "svg"


@app.command()
def export(
    out: Path = typer.Option(..., "--out", "-o", help="File to write (replaced only once complete)."),
    format: ExportFormat = typer.Option(..., "--format", "-f", help="gexf: Gephi; graphml: yEd; cytoscape: "
                                        "Cytoscape.js JSON; nodelink: D3 JSON; png/svg: a picture of a small part."),
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory or SPARQL endpoint URL."),
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
    kind: Optional[List[str]] = typer.Option(None, "--kind", "-k", help="posts, mergers, citations "
                                             "(repeat or separate with commas; default all)."),
    area: Optional[str] = typer.Option(None, "--area", "-a", help="A unit ('xã Hạ Hòa') and what lies inside it."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Only facts reported on or before YYYY-MM-DD."),
    min_sources: int = typer.Option(1, "--min-sources", help="Only edges reported by at least N articles."),
    max_nodes: Optional[int] = typer.Option(None, "--max-nodes", min=0, help="Refuse an export of more "
                                            "nodes than this (default: no limit; the server has one)."),
    max_edges: Optional[int] = typer.Option(None, "--max-edges", min=0, help="Refuse an export of more "
                                            "edges than this (default: no limit)."),
) -> None:
    """Write the graph for Gephi, yEd, Cytoscape or D3 (people, bodies, units, documents)."""
    from partygraph.graph.export import ExportError, ExportFilter, ExportLimits, ExportTooLarge, export_to_file
    from partygraph.graph.store import QueryError, StoreError

    if not Path(store).exists() and not _is_url(store):
        _fail(f"no store at {store} (load articles first: partygraph load ARTICLES --store {store})")
    kinds = [k for item in (kind or []) for k in item.split(",")]
    try:
        filters = ExportFilter.of(kinds, area, as_of, min_sources)
        limits = ExportLimits(max_nodes, max_edges) if max_nodes is not None or max_edges is not None else None
        g = export_to_file(_open(store, read_only=True, remote=_remote(server, update_url, graph_store_url)),
                           format.value, out, filters, limits)
    except ExportTooLarge as e:
        _fail(f"{e}: narrow it with --kind, --area, --as-of or --min-sources, or raise --max-nodes/--max-edges")
    except (ExportError, StoreError, QueryError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot write {out}: {e}")
    if format in (ExportFormat.png, ExportFormat.svg):
        from partygraph.graph.export_picture import picture_subgraph

        # what the picture's title says it shows: its best-connected part
        sub = picture_subgraph(g)
        err.print(f"drew {sub.number_of_nodes()} of {g.number_of_nodes()} nodes and {sub.number_of_edges()} of "
                  f"{g.number_of_edges()} edges to {out}"
                  + (" (the best-connected part; narrow with --kind, --area, --as-of or --min-sources)"
                     if sub.number_of_nodes() < g.number_of_nodes() else ""), highlight=False, soft_wrap=True)
        return
    err.print(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges to {out}", highlight=False)


@app.command()
def validate(
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory or SPARQL endpoint URL."),
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 listing every violation."""
    from partygraph.graph.store import QueryError, StoreError
    from partygraph.graph.validate import validate_store

    if not Path(store).exists() and not _is_url(store):
        _fail(f"no store at {store} (load articles first: partygraph load ARTICLES --store {store})")
    try:
        violations = validate_store(_open(store, read_only=True, remote=_remote(server, update_url, graph_store_url)))
    except (StoreError, QueryError) as e:
        _fail(str(e))
    for v in violations:
        sys.stdout.write(f"{v}\n")
    if violations:
        err.print(f"[bold red]{len(violations)} violation(s)[/] of the shapes in {store}", highlight=False)
        raise typer.Exit(EXIT_PARTIAL)
    err.print(f"{store} conforms to the shapes", highlight=False)


@app.command()
def resolve(
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory or SPARQL endpoint URL."),
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
    reassign: Optional[str] = typer.Option(None, "--reassign", help="A mention IRI to point at another person "
                                           "(undoes a wrong merge or split)."),
    to: Optional[str] = typer.Option(None, "--to", help="The person IRI for --reassign."),
) -> None:
    """Resolve people across articles (mention nodes, pg:resolvedTo); run after loading."""
    from partygraph.graph.resolve import reassign as reassign_mention
    from partygraph.graph.resolve import resolve_store

    if not Path(store).exists() and not _is_url(store):
        _fail(f"no store at {store} (load articles first: partygraph load ARTICLES --store {store})")
    if bool(reassign) != bool(to):
        _fail("--reassign MENTION and --to PERSON go together")
    from partygraph.graph.store import QueryError, StoreError

    st = _open(store, remote=_remote(server, update_url, graph_store_url))
    try:
        if reassign:
            try:
                reassign_mention(st, reassign, to)
            except KeyError as e:
                _fail(str(e.args[0]))
            _rebuild_listings(st)
            err.print(f"{reassign} now resolves to {to}", highlight=False)
            return
        report = resolve_store(st)
        _rebuild_listings(st)
    except (StoreError, QueryError) as e:   # a server that went away or refused a write
        _fail(f"cannot resolve in the store {store}: {e}")
    finally:
        st.close()
    for pkey, iris in report.split:
        err.print(f"split {pkey!r} into {len(iris)} people by province", highlight=False)
    err.print(f"{report.mentions} mention(s) of {report.people} people; "
              f"{len(report.rewritten)} article graph(s) rewritten", highlight=False)


@app.command()
def serve(
    store: str = typer.Option(DEFAULT_STORE, "--store", "-s", help="Store directory (as written by load)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535),
    query_timeout: float = typer.Option(30.0, "--query-timeout", min=0.1, help="Seconds a SPARQL query may run."),
    query_workers: int = typer.Option(2, "--query-workers", min=1, help="SPARQL queries run at once."),
    query_memory: int = typer.Option(1024, "--query-memory", min=64,
                                     help="MiB of memory one SPARQL query may use; past it, 503."),
    max_connections: int = typer.Option(4096, "--max-connections", min=16, help="Connections open at once."),
    header_timeout: float = typer.Option(10.0, "--header-timeout", min=0.5,
                                         help="Seconds a connection has to send its request."),
    allowed_host: list[str] = typer.Option([], "--allowed-host",
                                           help="Host names clients may use (default: loopback names when "
                                                "bound to a loopback address, any otherwise)."),
    token_file: Optional[Path] = typer.Option(None, "--token-file",
                                              help="Read the write token from this file (default: "
                                                   "$PARTYGRAPH_TOKEN, else a new one, left in the store "
                                                   "for its user)."),
) -> None:
    """Serve the store: /sparql (SPARQL 1.1 Protocol, read-only), /api/... (REST), / (query page).
    The server owns the store while it runs: load into it with `partygraph load ARTICLES --store STORE`
    (which goes through the server), and every answer includes what was loaded."""
    from partygraph.graph.store import StoreError

    from .load_client import ServerLoadError
    from .serving import serve_store

    try:
        serve_store(store, host, port, token_file, err, query_timeout=query_timeout,
                    query_workers=query_workers, query_memory=query_memory, max_connections=max_connections,
                    header_timeout=header_timeout, allowed_hosts=allowed_host)
    except (StoreError, ServerLoadError) as e:
        _fail(str(e))
    except OSError as e:
        _fail(f"cannot listen on {host}:{port}: {e.strerror or e}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
