"""SHACL validation: the seeds and dev articles conform; a holding without
its source does not, and loading refuses an article that violates the shapes."""
import json
from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from partygraph.api.cli import app
from partygraph.graph.stores import open_store
from partygraph.graph.validate import validate_quads, validate_store
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import article_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.ontology import PG

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_c1a9f754178b24e0.txt"
EVIDENCE = ox.NamedNode(PG + "evidence")


def seed_quads():
    article = read_article(SEED)
    facts = json.loads((SEED.parent / "gold" / f"{SEED.name}.json").read_text(encoding="utf-8"))
    for kind in ("holds_post", "merged_from", "directives", "member_counts"):
        for fact in facts[kind]:
            fact["evidence"] = {"sentence": article.text[300:400], "start": 300, "end": 400}
    return article, facts_to_quads(article, facts, "test")


def test_seed_and_dev_articles_conform(corpus_store):
    assert validate_store(corpus_store) == []


def test_a_holding_without_its_source_is_a_violation():
    _, quads = seed_quads()
    assert validate_quads(quads) == []
    holding = next(q.subject for q in quads if q.object == ox.NamedNode(PG + "PostHolding"))
    broken = [q for q in quads if not (q.subject == holding and q.predicate == EVIDENCE)]
    violations = validate_quads(broken)
    assert [v.focus for v in violations] == [holding.value]
    assert "source" in violations[0].message


def test_a_holding_with_two_people_is_a_violation():
    _, quads = seed_quads()
    q0 = next(q for q in quads if q.predicate == ox.NamedNode(PG + "holder"))
    other = ox.Quad(q0.subject, q0.predicate, ox.NamedNode(q0.object.value + "-other"), q0.graph_name)
    violations = validate_quads(quads + [other])
    assert any(v.focus == q0.subject.value and "exactly one person" in v.message for v in violations)


def test_validate_command_fails_on_a_store_with_a_holding_lacking_its_source(tmp_path):
    article, quads = seed_quads()
    store = open_store(tmp_path / "store")
    holding = next(q.subject for q in quads if q.object == ox.NamedNode(PG + "PostHolding"))
    store.replace_graph(article_iri(article).value,
                        [q for q in quads if not (q.subject == holding and q.predicate == EVIDENCE)])
    store.close()
    result = CliRunner().invoke(app, ["validate", "--store", str(tmp_path / "store")])
    assert result.exit_code != 0
    assert holding.value in result.stdout


def test_loading_refuses_an_article_that_violates_the_shapes(tmp_path, monkeypatch):
    import partygraph.graph.ingest as ingest

    store = open_store(tmp_path / "store")
    report = ingest.load_articles([SEED], store)
    assert report.loaded and not report.skipped
    before = store.quad_count()

    def without_evidence(article, facts, version):
        return [q for q in facts_to_quads(article, facts, version) if q.predicate != EVIDENCE]

    monkeypatch.setattr(ingest, "facts_to_quads", without_evidence)
    report = ingest.load_articles([SEED], store)
    assert not report.loaded
    assert report.skipped and "violates the shapes" in report.skipped[0][1]
    assert store.quad_count() == before        # what was stored is still there


def test_validate_many_gives_the_answers_of_validate_quads():
    """The load-time check (shapes compiled from shapes.ttl, pyshacl for what
    it flags) answers as pyshacl does, article by article."""
    from partygraph.graph.validate import validate_many
    from partygraph.graph.validate_fast import fast_ok
    from partygraph.graph.validate_shapes import compiled_shapes

    _, quads = seed_quads()
    holding = next(q.subject for q in quads if q.object == ox.NamedNode(PG + "PostHolding"))
    no_source = [q for q in quads if not (q.subject == holding and q.predicate == EVIDENCE)]
    q0 = next(q for q in quads if q.predicate == ox.NamedNode(PG + "holder"))
    two_people = quads + [ox.Quad(q0.subject, q0.predicate, ox.NamedNode(q0.object.value + "-other"), q0.graph_name)]
    bad_date = [ox.Quad(q.subject, q.predicate, ox.Literal("2023-02-30", datatype=q.object.datatype), q.graph_name)
                if isinstance(q.object, ox.Literal) and q.object.datatype.value.endswith("#date") else q
                for q in quads]
    batch = [quads, no_source, two_people, bad_date, quads]
    assert compiled_shapes() is not None               # the shapes compile
    assert fast_ok(quads, compiled_shapes())           # a good article never reaches pyshacl
    assert [fast_ok(q, compiled_shapes()) for q in batch[1:4]] == [False, False, False]
    assert validate_many(batch) == [validate_quads(q) for q in batch]
    assert [bool(v) for v in validate_many(batch)] == [False, True, True, True, False]


def test_the_load_time_check_flags_each_kind_of_constraint():
    """Evidence that ends before it starts (the shapes' SPARQL constraint), a
    holder that is not a person (sh:class) and a name that is not a string
    (sh:datatype): the load-time check flags each, and the answer is pyshacl's."""
    from partygraph.graph.validate import validate_many
    from partygraph.graph.validate_fast import fast_ok
    from partygraph.graph.validate_shapes import compiled_shapes

    _, quads = seed_quads()
    start = ox.NamedNode("http://www.w3.org/ns/oa#start")
    reversed_span = [ox.Quad(q.subject, q.predicate, ox.Literal("450", datatype=q.object.datatype), q.graph_name)
                     if q.predicate == start else q for q in quads]
    holder = ox.NamedNode(PG + "holder")
    post = next(q.subject for q in quads if q.object == ox.NamedNode(PG + "Post"))
    not_a_person = [ox.Quad(q.subject, q.predicate, post, q.graph_name) if q.predicate == holder else q
                    for q in quads]
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    person = next(q.subject for q in quads if q.object == ox.NamedNode(PG + "Person"))
    number_name = [ox.Quad(q.subject, q.predicate, ox.Literal("7", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), q.graph_name)
        if q.subject == person and q.predicate == label else q for q in quads]
    batch = [reversed_span, not_a_person, number_name]
    assert [fast_ok(q, compiled_shapes()) for q in batch] == [False, False, False]
    reports = validate_many(batch)
    assert reports == [validate_quads(q) for q in batch]
    assert all(reports)
    assert any("ends before it starts" in v.message for v in reports[0])
