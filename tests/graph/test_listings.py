"""The listing index (graph/listings.py) on the seeds + dev corpus store:
the unfiltered listings read from it answer exactly what sorting every
entity answers, any write drops it (lookups then sort again, and stay
right), and a rebuild brings it back."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from partygraph.graph import listings, lookups
from partygraph.graph.listings import LISTINGS_GRAPH
from partygraph.graph.store import LocalStore
from partygraph.graph.stores import open_store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# Small buckets, so that the corpus's few dozen entities fill several and
# pages cross their boundaries.
BUCKET = 4
LISTING_FNS = [(lookups.officials, "officials"), (lookups.posts, "posts"),
               (lookups.units, "units"), (lookups.documents, "documents")]
PAGES = [(1, 0), (3, 0), (4, 0), (5, 0), (4, 4), (3, 3), (5, 7), (9, 2), (100, 0), (1000, 0),
         (2, 11), (6, 13), (1, 39), (10, 40), (10, 1000)]


@pytest.fixture(scope="module")
def indexed_store(corpus_store, tmp_path_factory):
    """A writable copy of the corpus store with the listing index built."""
    path = tmp_path_factory.mktemp("listed") / "store"
    shutil.copytree(corpus_store.location, path)
    store = open_store(path)
    listings.rebuild_listings(store, bucket_size=BUCKET)
    yield store
    store.close()


class Recording:
    """The store, with the text of every query sent through it."""

    def __init__(self, store):
        self.store, self.location, self.sent = store, store.location, []

    def query(self, sparql, substitutions=None):
        self.sent.append(sparql)
        return self.store.query(sparql, substitutions)


def _fallback(fn, store, **kwargs):
    """The answer of the lookups' own sorting, as if there were no index."""
    real = listings.read_totals
    listings.read_totals = lambda _store: None
    try:
        return fn(store, **kwargs)
    finally:
        listings.read_totals = real


def test_the_index_holds_every_entity_once_in_order(indexed_store, corpus_store):
    totals = listings.read_totals(indexed_store)
    assert totals is not None and totals.bucket_size == BUCKET
    people = listings.rank_people(lookups._rows(corpus_store, "officials_ranked"))
    units = listings.rank_units(lookups._rows(corpus_store, "units_ranked"))
    documents = listings.rank_documents(lookups._rows(corpus_store, "documents_ranked"))
    assert totals.totals == {"people": len(people), "units": len(units), "documents": len(documents)}
    assert len(people) > 3 * BUCKET and len(units) > 3 * BUCKET and len(documents) > BUCKET
    assert totals.posts_total == int(lookups._rows(corpus_store, "posts_total")[0]["total"]) > len(people)
    assert listings.read_entries(indexed_store, "people", 0, len(people), totals) == [(p, k) for k, p in people]
    assert listings.read_entries(indexed_store, "units", 0, 10 ** 6, totals) == [(u, None) for u in units]
    assert listings.read_entries(indexed_store, "documents", 2, 2 * BUCKET + 1, totals) == \
        [(d, None) for d in documents[2:2 * BUCKET + 1]]
    assert listings.read_page(indexed_store, "units", 3, len(units) - 1) == (len(units), units[-1:])
    assert listings.read_page(indexed_store, "units", 3, len(units)) == (len(units), [])


@pytest.mark.parametrize("fn,key", LISTING_FNS)
def test_first_pages_from_the_index_answer_as_sorting_does(indexed_store, corpus_store, fn, key):
    for limit, offset in PAGES:
        from_index = fn(indexed_store, limit=limit, offset=offset)
        assert from_index == fn(corpus_store, limit=limit, offset=offset), (limit, offset)
        assert from_index == _fallback(fn, indexed_store, limit=limit, offset=offset), (limit, offset)
    whole = fn(indexed_store, limit=1000)
    assert whole["total"] == len(whole[key]) > BUCKET
    assert fn(indexed_store, limit=10, offset=whole["total"]) == {"total": whole["total"], key: []}


@pytest.mark.parametrize("fn,ranked", [(lookups.officials, "officials_ranked"), (lookups.posts, "officials_ranked"),
                                       (lookups.units, "units_ranked"),
                                       (lookups.documents, "documents_ranked")])
def test_first_pages_do_not_rank_every_entity_when_indexed(indexed_store, corpus_store, fn, ranked):
    heading = lookups.lookup_text(ranked).splitlines()[0]
    indexed, plain = Recording(indexed_store), Recording(corpus_store)
    assert fn(indexed, limit=5, offset=3) == fn(plain, limit=5, offset=3)
    assert not any(heading in q for q in indexed.sent)
    assert any(heading in q for q in plain.sent)


def test_posts_tie_rule_over_bucket_ends(indexed_store, monkeypatch):
    """People sharing a sort key hold posts that sort together: the page's
    people are read on past the page (and past a bucket) while they tie."""
    totals = listings.read_totals(indexed_store)
    people = listings.read_entries(indexed_store, "people", 0, totals.totals["people"], totals)
    for end in range(1, len(people) + 2):
        total, posts, prefix = listings.read_people_prefix(indexed_store, end, 10 ** 6)
        stop = min(end, len(people))
        while 0 < stop < len(people) and people[stop][1] == people[stop - 1][1]:
            stop += 1
        assert (total, posts, prefix) == (len(people), totals.posts_total, [p for p, _ in people[:stop]])
    assert listings.read_people_prefix(indexed_store, 5, 4)[2] is None


def test_index_stays_out_of_counts_graphs_and_validation(indexed_store, corpus_store):
    from partygraph.graph.validate import validate_store

    raw = indexed_store._store
    assert sum(1 for _ in raw.quads_for_pattern(None, None, None, ox.NamedNode(LISTINGS_GRAPH))) > 10
    assert LISTINGS_GRAPH not in indexed_store.graphs()
    assert indexed_store.graphs() == corpus_store.graphs()
    assert indexed_store.quad_count() == corpus_store.quad_count()
    assert validate_store(indexed_store) == validate_store(corpus_store)


def _writable_copy(corpus_store, tmp_path) -> LocalStore:
    shutil.copytree(corpus_store.location, tmp_path / "store")
    store = LocalStore(tmp_path / "store")
    listings.rebuild_listings(store, bucket_size=BUCKET)
    assert listings.read_totals(store) is not None
    return store


def _article_with_officials(store) -> str:
    rows = store.query("PREFIX pg: <https://w3id.org/partygraph/ontology#> "
                       "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?h a pg:PostHolding } } "
                       "GROUP BY ?g ORDER BY DESC(?n) ?g LIMIT 1")
    return next(iter(rows))["g"].value


def test_a_write_drops_the_index_and_lookups_stay_right(corpus_store, tmp_path):
    store = _writable_copy(corpus_store, tmp_path)
    before = {key: fn(store, limit=1000) for fn, key in LISTING_FNS}
    article = _article_with_officials(store)
    quads = list(store._store.quads_for_pattern(None, None, None, ox.NamedNode(article)))
    holdings = {q.subject for q in quads if q.object == ox.NamedNode("https://w3id.org/partygraph/ontology#PostHolding")}
    # The article again without its post holdings: fewer posts.
    store.replace_graph(article, [q for q in quads if q.subject not in holdings])
    assert listings.read_totals(store) is None
    after = {key: fn(store, limit=1000) for fn, key in LISTING_FNS}
    assert after["posts"]["total"] < before["posts"]["total"]
    assert after["posts"]["total"] == len(after["posts"]["posts"])
    assert after["officials"]["total"] <= before["officials"]["total"]
    for fn, key in LISTING_FNS:
        for limit, offset in PAGES[:8]:
            assert fn(store, limit=limit, offset=offset) == _fallback(fn, store, limit=limit, offset=offset)
    listings.rebuild_listings(store, bucket_size=BUCKET)
    assert listings.read_totals(store).posts_total == after["posts"]["total"]
    for fn, key in LISTING_FNS:
        assert fn(Recording(store), limit=1000) == after[key]
        for limit, offset in PAGES:
            assert fn(store, limit=limit, offset=offset) == _fallback(fn, store, limit=limit, offset=offset)
    store.close()


def test_every_write_path_drops_the_marker(corpus_store, tmp_path):
    store = _writable_copy(corpus_store, tmp_path)
    article = _article_with_officials(store)
    quads = list(store._store.quads_for_pattern(None, None, None, ox.NamedNode(article)))

    def rebuilt() -> None:
        listings.rebuild_listings(store, bucket_size=BUCKET)
        assert listings.read_totals(store) is not None

    store.replace_graph(article, quads)
    assert listings.read_totals(store) is None
    rebuilt()
    store.change_graph(article, [], [quads[0]])
    assert listings.read_totals(store) is None
    rebuilt()
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    store.write_articles([article], nquads)
    assert listings.read_totals(store) is None
    rebuilt()
    store.remove_graph(article)
    assert listings.read_totals(store) is None
    assert lookups.posts(store, limit=1000)["total"] == len(lookups.posts(store, limit=1000)["posts"])
    store.close()


def test_an_in_memory_store_indexes_alike(corpus_store):
    store = LocalStore()
    store._store.extend(corpus_store._store.quads_for_pattern(None, None, None, None))
    listings.rebuild_listings(store)   # the default bucket size: every listing in one bucket here
    for fn, key in LISTING_FNS:
        assert fn(store, limit=7, offset=2) == fn(corpus_store, limit=7, offset=2)


def test_cli_resolve_and_load_rebuild_the_index(corpus_store, tmp_path):
    from typer.testing import CliRunner

    from partygraph.api import cli

    shutil.copytree(corpus_store.location, tmp_path / "store")
    result = CliRunner().invoke(cli.app, ["resolve", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    store = open_store(tmp_path / "store", read_only=True)
    totals = listings.read_totals(store)
    assert totals is not None and totals.bucket_size == listings.BUCKET_SIZE
    assert lookups.units(store, limit=3, offset=1) == lookups.units(corpus_store, limit=3, offset=1)
    store.close()
    # Loading an article again writes (the index is dropped) and rebuilds it.
    seed = min(SEEDS.glob("*.txt"))
    result = CliRunner().invoke(cli.app, ["load", str(seed), "--store", str(tmp_path / "store"), "--quiet"])
    assert result.exit_code == 0, result.output
    store = open_store(tmp_path / "store", read_only=True)
    assert listings.read_totals(store) is not None
    assert lookups.officials(store, limit=4, offset=3) == lookups.officials(corpus_store, limit=4, offset=3)
    store.close()


def test_a_remote_store_indexes_and_invalidates_alike(oxigraph_server, seed_store):
    """Through a SPARQL server: `partygraph load` writes the index with one
    Graph Store PUT, a write drops it, a rebuild brings it back."""
    exe = Path(sys.executable).parent / "partygraph"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "partygraph.api.cli"]
    done = subprocess.run([*cmd, "load", str(SEEDS), "--store", oxigraph_server, "--quiet"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    remote = open_store(oxigraph_server)
    try:
        assert listings.read_totals(remote) is not None
        assert remote.quad_count() == seed_store.quad_count()
        assert LISTINGS_GRAPH not in remote.graphs()
        for fn, _ in LISTING_FNS:
            assert fn(remote, limit=3, offset=2) == fn(seed_store, limit=3, offset=2)
        remote.remove_graph("https://w3id.org/partygraph/article/no-such-article")
        assert listings.read_totals(remote) is None
        assert lookups.units(remote, limit=4, offset=1) == lookups.units(seed_store, limit=4, offset=1)
        listings.rebuild_listings(remote, bucket_size=2)
        assert listings.read_totals(remote).bucket_size == 2
        for fn, _ in LISTING_FNS:
            for limit, offset in PAGES:
                assert fn(remote, limit=limit, offset=offset) == fn(seed_store, limit=limit, offset=offset)
    finally:
        remote.close()
