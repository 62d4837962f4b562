"""The embedded store: named graphs per article, idempotent reloads."""
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph.ingest import ensure_vocabulary
from partygraph.graph.store import LocalStore, QueryError, StoreError
from partygraph.graph.stores import open_store
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import article_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.ontology import ENTITIES_GRAPH, VOCABULARY_GRAPH

ROOT = Path(__file__).resolve().parents[2]


def gold_quads(path: Path):
    article = read_article(path)
    facts = json.loads((path.parent / "gold" / f"{path.name}.json").read_text(encoding="utf-8"))
    return article, facts_to_quads(article, facts, "test")


def load_seeds_from_gold(store):
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        article, quads = gold_quads(f)
        store.replace_graph(article_iri(article).value, quads)


def test_reloading_changes_nothing(tmp_path):
    store = open_store(tmp_path / "s")
    ensure_vocabulary(store)
    load_seeds_from_gold(store)
    first = store.quad_count()
    graphs = store.graphs()
    ensure_vocabulary(store)
    load_seeds_from_gold(store)
    assert store.quad_count() == first
    assert store.graphs() == graphs
    assert len(graphs) == 5 + 2   # five articles, entities, vocabulary
    assert {ENTITIES_GRAPH, VOCABULARY_GRAPH} <= set(graphs)


def test_no_triple_in_the_default_graph(tmp_path):
    store = LocalStore(None)
    load_seeds_from_gold(store)
    assert not list(store._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_replacing_an_article_drops_its_old_facts():
    store = LocalStore(None)
    path = ROOT / "seeds" / "000_c1a9f754178b24e0.txt"
    article, quads = gold_quads(path)
    g = article_iri(article).value
    store.replace_graph(g, quads)
    before = store.quad_count()
    facts = {"article": article.name, "date": "2025-08-07", "holds_post": []}
    store.replace_graph(g, facts_to_quads(article, facts, "test"))
    ask = "PREFIX pg: <https://w3id.org/partygraph/ontology#> ASK { GRAPH ?g { ?h a pg:PostHolding } }"
    assert not bool(store.query(ask))
    assert store.quad_count() < before


def test_quads_outside_the_article_graph_are_refused():
    store = LocalStore(None)
    q = ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c"), ox.NamedNode("http://other"))
    with pytest.raises(StoreError):
        store.replace_graph("http://mine", [q])
    assert store.quad_count() == 0


def test_malformed_query_is_a_query_error():
    store = LocalStore(None)
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELECT ?s WHERE { ?s ")


def test_write_articles_replaces_graphs_and_an_interrupted_write_is_rolled_back(tmp_path):
    from partygraph.graph.store import JOURNAL

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    (a1, q1), (a2, q2) = gold_quads(seeds[0]), gold_quads(seeds[1])
    g1, g2 = article_iri(a1).value, article_iri(a2).value
    nq = lambda qs: ox.serialize(qs, format=ox.RdfFormat.N_QUADS)  # noqa: E731
    store = LocalStore(tmp_path / "s")
    store.write_articles([g1, g2], nq(q1) + nq(q2))
    count = store.quad_count()
    store.write_articles([g1], nq(q1))            # a reload of one: replaced, not doubled
    assert store.quad_count() == count and store.graphs() == sorted([ENTITIES_GRAPH, g1, g2])
    assert not (tmp_path / "s" / JOURNAL).exists()
    # A writer killed during the bulk load leaves its journal: the next open
    # for writing removes the graphs it names (maybe half-written), and only those.
    (tmp_path / "s" / JOURNAL).write_text(g2 + "\n", encoding="utf-8")
    store.close()
    reopened = LocalStore(tmp_path / "s")
    assert reopened.graphs() == sorted([ENTITIES_GRAPH, g1])
    assert not (tmp_path / "s" / JOURNAL).exists()
    assert len(list(reopened._store.quads_for_pattern(None, None, None, ox.NamedNode(g1)))) == \
        sum(1 for q in q1 if q.graph_name.value == g1)
