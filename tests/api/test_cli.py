"""The command line as a user runs it: `partygraph extract | load | query`."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PARTYGRAPH = Path(sys.executable).parent / "partygraph"

PG = "PREFIX pg: <https://w3id.org/partygraph/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
POST_QUERY = PG + """SELECT ?role ?org ?area WHERE {
  ?p rdfs:label "Cao Thị Toàn Thắng" ; pg:holdsPost ?post .
  ?post pg:roleLabel ?role ; pg:postIn ?o . ?o rdfs:label ?org .
  OPTIONAL { ?o pg:ofUnit/rdfs:label ?area } } ORDER BY ?role"""
MERGER_QUERY = PG + """SELECT DISTINCT ?old WHERE {
  ?new rdfs:label "xã Hạ Hòa" ; pg:mergedFrom/rdfs:label ?old } ORDER BY ?old"""
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT_GRAPH_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def run(*args, check=True):
    proc = subprocess.run([str(PARTYGRAPH), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, "COLUMNS": "200"})
    if check and proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}: {proc.stderr}")
    return proc


def json_rows(out: str):
    data = json.loads(out)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store"
    proc = run("load", SEEDS, "--store", path)
    assert "loaded 5 article(s)" in proc.stderr
    return path


def test_extract_prints_one_facts_object_per_article():
    proc = run("extract", *sorted(SEEDS.glob("*.txt")), "--format", "jsonl")
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["article"] for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    first = docs[0]
    assert first["date"] == "2025-08-07"
    post = next(p for p in first["holds_post"] if p["role"] == "Bí thư")
    assert (post["person"], post["organization"], post["area"]) == ("Cao Thị Toàn Thắng", "Đảng ủy xã Hạ Hòa", "xã Hạ Hòa")
    text = (SEEDS / first["article"]).read_text(encoding="utf-8")
    ev = post["evidence"]
    assert text[ev["start"]:ev["end"]] == ev["sentence"] and "Cao Thị Toàn Thắng" in ev["sentence"]


def test_load_then_query_finds_the_post_and_the_merger(store):
    rows = json_rows(run("query", POST_QUERY, "--store", store, "--format", "json").stdout)
    assert {"role": "Bí thư", "org": "Đảng ủy xã Hạ Hòa", "area": "xã Hạ Hòa"} in rows
    assert any(r["role"] == "Tỉnh ủy viên" for r in rows)
    olds = [r["old"] for r in json_rows(run("query", MERGER_QUERY, "--store", store, "--format", "json").stdout)]
    assert olds == sorted(["thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"])


def test_every_triple_is_in_a_named_graph_and_reloading_changes_nothing(store):
    named = int(json_rows(run("query", COUNT_QUERY, "--store", store, "--format", "json").stdout)[0]["n"])
    union = int(json_rows(run("query", DEFAULT_GRAPH_QUERY, "--store", store, "--format", "json").stdout)[0]["n"])
    assert named == union > 1000   # the default graph is the union: nothing outside a named graph
    run("load", SEEDS, "--store", store)
    again = int(json_rows(run("query", COUNT_QUERY, "--store", store, "--format", "json").stdout)[0]["n"])
    assert again == named


def test_query_formats(store):
    out = run("query", MERGER_QUERY, "--store", store, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["old"] for r in rows} == {"thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"}
    table = run("query", MERGER_QUERY, "--store", store, "--format", "table").stdout
    assert "xã Minh Hạc" in table
    named_file = ROOT / "graph" / "queries" / "posts.rq"
    assert "Nguyễn Thế Hoàn" in run("query", f"@{named_file}", "--store", store, "--format", "csv").stdout


def test_malformed_query_is_a_clear_error_and_changes_nothing(store):
    before = run("query", COUNT_QUERY, "--store", store, "--format", "json").stdout
    proc = run("query", "SELECT ?s WHERE { ?s", "--store", store, check=False)
    assert proc.returncode == 2
    assert "syntax" in proc.stderr.lower() and "Traceback" not in proc.stderr
    proc = run("query", "DROP ALL", "--store", store, check=False)
    assert proc.returncode == 2
    assert run("query", COUNT_QUERY, "--store", store, "--format", "json").stdout == before


def test_query_without_a_store_says_so(tmp_path):
    proc = run("query", COUNT_QUERY, "--store", tmp_path / "nothing", check=False)
    assert proc.returncode == 2 and "no store" in proc.stderr
