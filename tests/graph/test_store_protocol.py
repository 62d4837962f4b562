"""The store protocol (graph/store_protocol.py): the embedded store and the
SPARQL server store implement every operation it declares, with its
signature, and behave alike -- each test below runs on both."""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph import listings
from partygraph.graph.errors import StoreError
from partygraph.graph.remote import RemoteStore
from partygraph.graph.store import LocalStore
from partygraph.graph.store_protocol import DerivedGraph, GraphStore
from partygraph.graph.stores import open_store
from partygraph.ontology import ENTITIES_GRAPH

GRAPH_DIR = Path(__file__).resolve().parents[2] / "graph"
A, B = "https://w3id.org/partygraph/article/a", "https://w3id.org/partygraph/article/b"


def _declared() -> list[str]:
    return sorted(n for n, v in vars(GraphStore).items() if inspect.isfunction(v) and not n.startswith("_"))


def test_the_protocol_declares_every_operation_callers_use():
    assert {"query", "has_graph", "graphs", "quad_count", "quads", "replace_graph", "write_articles",
            "change_graph", "remove_graph", "write_derived", "flush", "close"} <= set(_declared())


@pytest.mark.parametrize("implementation", [LocalStore, RemoteStore])
def test_each_store_implements_every_operation_with_its_signature(implementation):
    for name in _declared():
        assert name in vars(implementation), f"{implementation.__name__} has no {name} of its own"
        assert inspect.signature(vars(implementation)[name]) == inspect.signature(vars(GraphStore)[name]), name


def _imported(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {(n.module or "") if isinstance(n, ast.ImportFrom) else a.name
            for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
            for a in n.names}


def test_neither_store_imports_the_other():
    assert not {"remote", "stores"} & {m.rsplit(".", 1)[-1] for m in _imported(GRAPH_DIR / "store.py")}
    assert not {"store", "stores"} & {m.rsplit(".", 1)[-1] for m in _imported(GRAPH_DIR / "remote.py")}


# --------------------------------------------------------- behaviour
def _quad(graph: str, s: str, o: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"urn:{s}"), ox.NamedNode("urn:p"), ox.Literal(o), ox.NamedNode(graph))


def _nquads(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _sorted(quads) -> list[str]:
    return sorted(str(q) for q in quads)


@pytest.fixture(params=["local", "remote"])
def store(request, tmp_path):
    if request.param == "local":
        s = open_store(tmp_path / "s")
    else:
        s = open_store(request.getfixturevalue("oxigraph_server"))
        for g in s.graphs():   # one server per module: start empty
            s.remove_graph(g)
    yield s
    s.close()


QA = [_quad(A, "a", "1"), _quad(A, "a", "2")]
QB = [_quad(B, "b", "1")]
QE = [_quad(ENTITIES_GRAPH, "e", "1")]


def test_write_articles_replaces_each_graph_it_names(store):
    assert not store.has_graph(A)
    store.write_articles([A, B], _nquads(QA + QB + QE))
    assert store.has_graph(A) and store.has_graph(B)
    assert store.graphs() == sorted([ENTITIES_GRAPH, A, B]) and store.quad_count() == 4
    again = [_quad(A, "a", "3")]
    store.write_articles([A], _nquads(again))   # a reload: replaced, not added to
    assert _sorted(store.quads()) == _sorted(again + QB + QE)
    store.write_articles([B], b"")               # no quads: the graph goes
    assert not store.has_graph(B)
    assert _sorted(store.quads()) == _sorted(again + QE)


def test_change_graph_removes_and_adds_quads(store):
    store.replace_graph(A, QA + QE)
    added = [_quad(A, "a", "9"), _quad(ENTITIES_GRAPH, "e", "9")]
    assert store.change_graph(A, QA[:1], added)
    store.flush()
    assert _sorted(store.quads()) == _sorted(QA[1:] + QE + added)
    with pytest.raises(StoreError):
        store.change_graph(A, [], QB)            # another article's graph


def test_remove_graph(store):
    store.replace_graph(A, QA)
    store.replace_graph(B, QB)
    store.remove_graph(A)
    store.remove_graph("https://w3id.org/partygraph/article/none")   # absent: nothing to do
    assert store.graphs() == [B] and store.quad_count() == 1


def test_query_over_a_dataset_and_with_a_base_iri(store):
    store.write_articles([A, B], _nquads(QA + QB))
    only_a = store.query("SELECT ?s WHERE { ?s ?p ?o }", dataset=([A], []))
    assert {r["s"].value for r in only_a} == {"urn:a"}
    named_b = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", dataset=([], [B]))
    assert {r["g"].value for r in named_b} == {B}
    union = store.query("SELECT ?s WHERE { ?s ?p ?o }")
    assert {r["s"].value for r in union} == {"urn:a", "urn:b"}
    based = store.query("SELECT ?x WHERE { BIND(<here> AS ?x) }", base_iri="http://example.org/base/")
    assert [r["x"].value for r in based] == ["http://example.org/base/here"]


def test_every_write_drops_a_derived_graph_and_counts_leave_it_out(store):
    store.write_articles([A, B], _nquads(QA + QB + QE))
    count, graphs = store.quad_count(), store.graphs()

    def rebuilt() -> None:
        listings.rebuild_listings(store)
        assert listings.read_totals(store) is not None
        assert (store.quad_count(), store.graphs()) == (count, graphs)
        assert _sorted(store.quads()) == _sorted(QA + QB + QE)

    for write in (lambda: store.replace_graph(A, QA),
                  lambda: store.write_articles([A, B], _nquads(QA + QB)),
                  lambda: store.change_graph(A, [], QA),
                  lambda: store.remove_graph("https://w3id.org/partygraph/article/none")):
        rebuilt()
        write()
        assert listings.read_totals(store) is None


def test_only_a_declared_derived_graph_is_written_and_only_in_its_graph(store):
    view = listings.LISTINGS_VIEW
    with pytest.raises(StoreError, match="outside"):
        store.write_derived(view, [view.marker, _quad(A, "a", "1")])
    stranger = DerivedGraph("urn:undeclared", ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"),
                                                      ox.Literal(True), ox.NamedNode("urn:undeclared")))
    with pytest.raises(StoreError, match="not declared"):
        store.write_derived(stranger, [stranger.marker])
    assert store.quad_count() == 0


def test_a_remote_write_needs_no_flush(oxigraph_server):
    """RemoteStore.flush has nothing to do: another client sees each write
    as soon as it returns."""
    writer, reader = open_store(oxigraph_server), open_store(oxigraph_server)
    try:
        writer.write_articles([A], _nquads(QA))
        assert reader.has_graph(A) and _sorted(reader.quads()) == _sorted(QA)
        writer.flush()
        assert _sorted(reader.quads()) == _sorted(QA)
        writer.remove_graph(A)
    finally:
        writer.close()
        reader.close()


def test_a_remote_write_of_articles_refuses_quads_outside_them(oxigraph_server):
    remote = open_store(oxigraph_server)
    try:
        with pytest.raises(StoreError, match="outside"):
            remote.write_articles([A], _nquads(QA + QB))
        assert not remote.has_graph(A)
    finally:
        remote.close()
