"""The seeds and the dev corpus loaded into a real Virtuoso 7 (started here
on free ports, its own database folder) answer every competency question,
REST lookup, export and check exactly as the embedded store does. Loaded
with the command line as a user would: `--store URL`, the login in the
environment, the server's family read from its answers."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph import lookups, queries
from partygraph.graph.sparql_query import declared
from partygraph.graph.remote import RemoteStore
from partygraph.graph.store import StoreError
from partygraph.graph.stores import open_store
from partygraph.loaders.identity import unit_iri
from partygraph.ontology import XSD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def login(virtuoso):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PARTYGRAPH_STORE_USER", virtuoso.user)
        mp.setenv("PARTYGRAPH_STORE_PASSWORD", virtuoso.password)
        yield dict(os.environ)


@pytest.fixture(scope="module")
def run(partygraph_command, login):
    def go(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([*partygraph_command, *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=600, env=env or login)
    return go


@pytest.fixture(scope="module")
def remote(virtuoso, run):
    done = run("load", "seeds/", "corpus/dev/", "--store", virtuoso.url, "--quiet")
    assert done.returncode == 0, done.stderr
    assert "loaded 45 article(s)" in done.stderr
    store = open_store(virtuoso.url)
    yield store
    store.close()


def test_the_servers_family_is_read_from_its_answers(remote, virtuoso):
    assert isinstance(remote, RemoteStore)
    assert remote.endpoints.profile == "virtuoso"
    assert remote.endpoints.graph_store == virtuoso.url.rsplit("/", 1)[0] + "/sparql-graph-crud-auth"


def test_same_quads_and_graphs_as_the_embedded_store(remote, corpus_store):
    # Virtuoso's own graphs (virtrdf#, ...) are not partygraph's
    assert remote.graphs() == corpus_store.graphs()
    assert remote.quad_count() == corpus_store.quad_count()


@pytest.mark.parametrize("name", queries.query_names())
def test_competency_questions_answer_as_on_the_embedded_store(remote, corpus_store, name):
    local = queries.run(corpus_store, name)
    assert queries.run(remote, name) == local


def _bound_cases(store) -> list[tuple[str, dict]]:
    """Each question with parameters, bound to values its own unbound answer
    (or the posts question, for ?unit) gives: first, middle and last."""
    posts = queries.run(store, "posts")
    cases = []
    for name in queries.query_names():
        params = [p for p in declared(queries.query_text(name)) if p.kind == "iri"]
        rows = queries.run(store, name) or posts
        for p in params:
            column = p.name if any(r.get(p.name) for r in rows) else "area"
            values = sorted({r[column] for r in rows if r.get(column)})
            for value in sorted({values[0], values[len(values) // 2], values[-1]}) if values else ():
                kwargs = {p.name: ox.NamedNode(value)}
                if name == "officials_as_of":
                    kwargs["asOf"] = ox.Literal("2025-08-01", datatype=ox.NamedNode(XSD + "date"))
                cases.append((name, kwargs))
    return cases


def test_bound_questions_answer_as_on_the_embedded_store(remote, corpus_store):
    cases = _bound_cases(corpus_store)
    assert len(cases) >= 15
    answered = 0
    for name, kwargs in cases:
        local = queries.run(corpus_store, name, **kwargs)
        answered += bool(local)
        assert queries.run(remote, name, **kwargs) == local, (name, kwargs)
    assert answered >= 10


@pytest.mark.parametrize("lookup, kwargs", [
    ("officials", {}),
    ("officials", {"offset": 20, "limit": 20}),
    ("officials", {"name": "Cao Thị Toàn Thắng"}),
    ("officials", {"name": "nguyen"}),
    ("posts", {}),
    ("posts", {"area": "tỉnh Gia Lai"}),
    ("posts", {"role": "Bí thư"}),
    ("posts", {"area": "xã Hạ Hòa", "role": "Bí thư"}),
    ("units", {}),
    ("units", {"name": "xã Hạ Hòa"}),
    ("documents", {}),
    ("documents", {"id": "50-CT/TW"}),
    ("documents", {"offset": 20}),
])
def test_rest_lookups_answer_as_on_the_embedded_store(remote, corpus_store, lookup, kwargs):
    local = getattr(lookups, lookup)(corpus_store, **kwargs)
    assert local["total"] >= 1
    assert getattr(lookups, lookup)(remote, **kwargs) == local


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cytoscape", "nodelink"])
def test_exports_are_the_same_bytes(remote, virtuoso, corpus_store, run, tmp_path, fmt):
    from partygraph.graph.export import ExportFilter, export_to_file

    local = tmp_path / f"local.{fmt}"
    export_to_file(corpus_store, fmt, local)
    served = tmp_path / f"virtuoso.{fmt}"
    done = run("export", "--store", virtuoso.url, "--format", fmt, "--out", str(served))
    assert done.returncode == 0, done.stderr
    assert served.read_bytes() == local.read_bytes()
    # filtered: an area (a path walked from a bound start) and a date
    filters = ExportFilter.of(None, "tỉnh Gia Lai", "2025-08-01", 1)
    export_to_file(corpus_store, fmt, local, filters)
    done = run("export", "--store", virtuoso.url, "--format", fmt, "--out", str(served),
               "--area", "tỉnh Gia Lai", "--as-of", "2025-08-01")
    assert done.returncode == 0, done.stderr
    assert served.read_bytes() == local.read_bytes()


def test_validate_reads_only_partygraphs_graphs(remote, virtuoso, run):
    done = run("validate", "--store", virtuoso.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stderr


def test_reload_changes_nothing(remote, virtuoso, run):
    before = (remote.quad_count(), queries.run(remote, "posts"))
    done = run("load", "seeds/", "--store", virtuoso.url, "--quiet")
    assert done.returncode == 0, done.stderr
    assert (remote.quad_count(), queries.run(remote, "posts")) == before


def test_seed_facts_read_from_virtuoso(remote):
    hoa = unit_iri("xã Hạ Hòa")
    predecessors = {r["predecessorLabel"].lower() for r in queries.run(remote, "unit_predecessors", unit=hoa)}
    assert predecessors == {"thị trấn hạ hòa", "xã minh hạc", "xã ấm hạ", "xã gia điền"}
    rows = list(remote.query("SELECT ?v WHERE { }", {"v": ox.Literal('x" } DROP ALL ; SELECT * { "')}))
    assert rows[0]["v"].value == 'x" } DROP ALL ; SELECT * { "'
    assert remote.quad_count() > 0


def test_a_wrong_password_is_one_line_and_writes_nothing(remote, virtuoso, run, login):
    before = remote.quad_count()
    done = run("load", "seeds/", "--store", virtuoso.url, "--quiet",
               env={**login, "PARTYGRAPH_STORE_PASSWORD": "not-the-password"})
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "refused the login" in done.stderr
    assert "Traceback" not in done.stderr
    assert remote.quad_count() == before


def test_without_login_the_authenticated_endpoint_is_refused(virtuoso):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PARTYGRAPH_STORE_USER", raising=False)
        with pytest.raises(StoreError, match="refused the login"):
            open_store(virtuoso.url)
