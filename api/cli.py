"""The `partygraph` command line: the typer app and its entry point. Each
command lives in the module of its concern (api/cli_load.py: extract,
load, resolve; api/cli_query.py: query, validate; api/cli_export.py;
api/cli_serve.py); what they share is api/cli_common.py."""
from __future__ import annotations

import typer

from .cli_common import DEFAULT_STORE, EXIT_FAILED, EXIT_PARTIAL, err
from .cli_export import export
from .cli_load import extract, load, resolve
from .cli_query import query, validate
from .cli_serve import serve

__all__ = ["DEFAULT_STORE", "EXIT_FAILED", "EXIT_PARTIAL", "app", "err", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="partygraph: a knowledge graph of Vietnamese Party-building news.")

# Registered in this order, which `partygraph --help` lists.
for command in (extract, load, query, export, validate, resolve, serve):
    app.command()(command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
