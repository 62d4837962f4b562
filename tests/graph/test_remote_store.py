"""The seeds loaded into a real Oxigraph server (started here, on a free
port) answer every competency question exactly as the embedded store does."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph import queries
from partygraph.graph.remote import RemoteStore
from partygraph.graph.sparql_query import bind_values
from partygraph.graph.store import QueryError, StoreError
from partygraph.graph.stores import open_store
from partygraph.loaders.identity import unit_iri

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
BIN = Path(sys.executable).parent


def _partygraph(*args: str) -> subprocess.CompletedProcess:
    exe = BIN / "partygraph"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "partygraph.api.cli"]
    return subprocess.run([*cmd, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def remote(oxigraph_server):
    """The seeds loaded remotely with the command line, as a user would."""
    done = _partygraph("load", "seeds/", "--store", oxigraph_server, "--quiet")
    assert done.returncode == 0, done.stderr
    assert "loaded 5 article(s)" in done.stderr
    store = open_store(oxigraph_server)
    yield store
    store.close()


def test_open_store_gives_a_remote_store(remote):
    assert isinstance(remote, RemoteStore)


@pytest.mark.parametrize("name", queries.query_names())
def test_competency_questions_answer_as_on_the_embedded_store(remote, seed_store, name):
    # Some questions answer nothing on the five seeds (no citations there):
    # then the remote answer must be empty too.
    assert queries.run(remote, name) == queries.run(seed_store, name)


def test_same_quads_and_graphs_as_the_embedded_store(remote, seed_store):
    assert remote.quad_count() == seed_store.quad_count()
    assert remote.graphs() == seed_store.graphs()


def test_seed_facts_read_remotely(remote):
    posts = {(r["name"], r["role"], r["orgLabel"]) for r in queries.run(remote, "posts")}
    assert ("Cao Thị Toàn Thắng", "Bí thư", "Đảng ủy xã Hạ Hòa") in posts
    hoa = unit_iri("xã Hạ Hòa")
    predecessors = {r["predecessorLabel"].lower()
                    for r in queries.run(remote, "unit_predecessors", unit=hoa)}
    assert predecessors == {"thị trấn hạ hòa", "xã minh hạc", "xã ấm hạ", "xã gia điền"}


def test_bound_parameters_answer_as_on_the_embedded_store(remote, seed_store):
    hoa = unit_iri("xã Hạ Hòa")
    assert queries.run(remote, "unit_predecessors", unit=hoa) == \
        queries.run(seed_store, "unit_predecessors", unit=hoa)


def test_reload_changes_nothing(oxigraph_server, remote):
    before = (remote.quad_count(), remote.graphs(), queries.run(remote, "posts"))
    done = _partygraph("load", "seeds/", "--store", oxigraph_server, "--quiet")
    assert done.returncode == 0, done.stderr
    assert (remote.quad_count(), remote.graphs(), queries.run(remote, "posts")) == before


def test_bad_file_is_reported_and_loses_nothing(oxigraph_server, remote, tmp_path):
    before = remote.quad_count()
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01binary")
    done = _partygraph("load", str(bad), "--store", oxigraph_server, "--quiet")
    assert done.returncode == 1
    assert "broken.txt" in done.stderr and "binary" in done.stderr
    assert remote.quad_count() == before


def test_values_binding_cannot_inject_syntax(remote):
    hostile = ox.Literal('x" } DROP ALL ; SELECT * { "')
    result = remote.query("SELECT ?v WHERE { }", substitutions={"v": hostile})
    assert [s["v"] for s in result] == [hostile]
    assert remote.quad_count() > 0
    with pytest.raises(QueryError):
        bind_values("SELECT * {}", {"v; DROP": hostile})
    with pytest.raises(QueryError):
        bind_values("SELECT * {}", {"v": ox.BlankNode()})


def test_query_error_is_a_query_error(remote):
    with pytest.raises(QueryError):
        remote.query("SELECT * WHERE {")


def test_construct_gives_pyoxigraph_triples(remote):
    result = remote.query("CONSTRUCT WHERE { ?s a <https://w3id.org/partygraph/ontology#Merger> }")
    assert isinstance(result, ox.QueryTriples)
    assert len(list(result)) >= 4


def test_unreachable_server_is_a_clear_error(free_port):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach"):
        open_store(url)
    done = _partygraph("load", "seeds/", "--store", url, "--quiet")
    assert done.returncode == 2
    assert "cannot reach the SPARQL server" in done.stderr


@pytest.mark.parametrize("lookup, kwargs", [
    ("officials", {"name": "Cao Thị Toàn Thắng"}),
    ("officials", {"name": "cao thi toan thang"}),
    ("posts", {"area": "xã Hạ Hòa"}),
    ("units", {"name": "xã Hạ Hòa"}),
    ("documents", {"id": "50-CT/TW"}),
])
def test_rest_lookups_answer_as_on_the_embedded_store(remote, seed_store, lookup, kwargs):
    """The lookups bind optional filters tested inside FILTERs: the bound
    values must reach those FILTERs over HTTP as they do locally."""
    from partygraph.graph import lookups

    local = getattr(lookups, lookup)(seed_store, **kwargs)
    assert local["total"] >= 1
    assert getattr(lookups, lookup)(remote, **kwargs) == local


def test_bound_value_reaches_filters(remote):
    q = ('SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l '
         'FILTER(COALESCE(STR(?want), "") = "" || STR(?l) = STR(?want)) }')
    rows = list(remote.query(q, substitutions={"want": ox.Literal("Cao Thị Toàn Thắng")}))
    assert len(rows) >= 1
    assert {r["l"].value for r in rows} == {"Cao Thị Toàn Thắng"}


# Virtuoso 7.2.5 (Debian) answers `ASK {}` asked for SPARQL JSON with this:
VIRTUOSO_ASK = b'''{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },
  "results": { "distinct": false, "ordered": true, "bindings": [
    { "__ASK_RETVAL": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "%s" }} ] } }'''


@pytest.mark.parametrize("value, answer", [(b"1", True), (b"0", False)])
def test_virtuosos_ask_rows_read_as_the_boolean_they_are(value, answer):
    from partygraph.graph.remote import _solutions

    result = _solutions(VIRTUOSO_ASK % value)
    assert isinstance(result, ox.QueryBoolean) and bool(result) is answer
    rows = _solutions(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}')
    assert [r["x"].value for r in rows] == ["1"]


# ------------------------------------------------- writes by SPARQL Update
@pytest.fixture(scope="module")
def update_only(tmp_path_factory, bench_servers):
    """A second Oxigraph server, written as a server without the Graph Store
    Protocol is: `--server sparql` with its update endpoint alone."""
    with bench_servers.oxigraph_server(tmp_path_factory.mktemp("update-only") / "db") as server:
        yield server.url


def test_writes_by_sparql_update_give_the_same_store(update_only, seed_store):
    query, update = f"{update_only}/query", f"{update_only}/update"
    args = ["--store", query, "--server", "sparql", "--update-url", update, "--quiet"]
    done = _partygraph("load", "seeds/", *args)
    assert done.returncode == 0, done.stderr
    done = _partygraph("load", "seeds/", *args)   # a reload replaces, as a PUT does
    assert done.returncode == 0, done.stderr
    store = open_store(query, remote={"server": "sparql", "update_url": update})
    assert store.endpoints.graph_store is None
    # the union of the graphs, as the Oxigraph profile reads it
    full = open_store(update_only)
    assert full.quad_count() == seed_store.quad_count()
    assert full.graphs() == seed_store.graphs()
    for name in queries.query_names():
        assert queries.run(full, name) == queries.run(seed_store, name), name
    # resolution rewrote mentions in place (DELETE DATA / INSERT DATA)
    assert store._writes.can_remove


def test_a_query_endpoint_alone_refuses_writes_saying_what_to_give(update_only):
    done = _partygraph("load", "seeds/", "--store", f"{update_only}/query", "--server", "sparql", "--quiet")
    assert done.returncode == 2
    assert "--update-url or --graph-store-url" in done.stderr
    assert done.stderr.count("\n") == 1
