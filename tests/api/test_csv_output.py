"""Every CSV/TSV the project writes is safe to open in a spreadsheet: cells
starting with = + - @ tab or CR get a leading `'` (OWASP CSV injection
rule), numbers such as -5 stay numbers. `partygraph query --format csv|tsv`
as a user runs it, and the SPARQL endpoint's text/csv and
text/tab-separated-values answers."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

PARTYGRAPH = Path(sys.executable).parent / "partygraph"

HOSTILE = '''SELECT ?a ?b WHERE { VALUES (?a ?b) {
  ("=1+2" -5) ("@SUM(A1)" "a,b") ("+x"@vi "\\tx") ("-1+2" "=HYPERLINK(\\"http://e.x\\")") } }'''
CSV = (b"a,b\r\n'=1+2,-5\r\n'@SUM(A1),\"a,b\"\r\n'+x,'\tx\r\n"
       b"'-1+2,\"'=HYPERLINK(\"\"http://e.x\"\")\"\r\n")
TSV = (b"?a\t?b\n\"'=1+2\"\t-5\n\"'@SUM(A1)\"\t\"a,b\"\n\"'+x\"@vi\t\"\\tx\"\n"
       b"\"'-1+2\"\t\"'=HYPERLINK(\\\"http://e.x\\\")\"\n")


@pytest.mark.parametrize("fmt,expected", [("csv", CSV), ("tsv", TSV)])
def test_cli_query_neutralises_formula_cells(seed_store_path, fmt, expected):
    proc = subprocess.run([str(PARTYGRAPH), "query", HOSTILE, "--store", str(seed_store_path), "--format", fmt],
                          capture_output=True, timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected


def test_cli_query_keeps_real_data_as_it_is(seed_store_path):
    query = ('SELECT ?label WHERE { ?u a <https://w3id.org/partygraph/ontology#AdministrativeUnit> ; '
             '<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label')
    proc = subprocess.run([str(PARTYGRAPH), "query", query, "--store", str(seed_store_path), "--format", "csv"],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").split("\r\n")
    assert lines[0] == "label" and "xã Hạ Hòa" in lines and not any(x.startswith("'") for x in lines)


@pytest.fixture(scope="module")
def sparql_server(seed_store_path, store_copy, live_server):
    from partygraph.api.server import create_app

    with live_server(create_app(str(store_copy(seed_store_path)), query_workers=1)) as url:
        yield url


@pytest.mark.parametrize("accept,expected", [("text/csv", CSV), ("text/tab-separated-values", TSV)])
def test_sparql_endpoint_neutralises_formula_cells(sparql_server, accept, expected):
    r = httpx.get(f"{sparql_server}/sparql", params={"query": HOSTILE}, headers={"accept": accept}, timeout=60)
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert r.content == expected
