"""`partygraph query` and `validate`: reading the store, SPARQL results
printed as a table or in a results format, the SHACL shapes checked."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from .cli_common import EXIT_PARTIAL, GRAPH_STORE_URL, SERVER, STORE, UPDATE_URL, _fail, _open, _remote, \
    _require_store, err


class ResultFormat(str, Enum):
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"
    table = "table"


def query(
    sparql: str = typer.Argument(..., help="A SPARQL query, or @FILE to read it from a file."),
    store: str = STORE,
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
    _require_store(store)
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


def validate(
    store: str = STORE,
    server: Optional[str] = SERVER,
    update_url: Optional[str] = UPDATE_URL,
    graph_store_url: Optional[str] = GRAPH_STORE_URL,
) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl); exit 1 listing every violation."""
    from partygraph.graph.store import QueryError, StoreError
    from partygraph.graph.validate import validate_store

    _require_store(store)
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
