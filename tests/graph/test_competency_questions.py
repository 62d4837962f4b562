"""Each competency question (graph/queries/*.rq) answered on seeds + dev
articles loaded through the real pipeline (conftest `corpus_store`)."""
import datetime as dt

import pyoxigraph as ox
import pytest

from partygraph.graph import queries
from partygraph.graph.queries import query_title, run
from partygraph.graph.timeline import career, officials_as_of
from partygraph.loaders.identity import document_iri, person_iri, role_concept, unit_iri
from partygraph.ontology import XSD

QUESTIONS = ("officials_as_of", "person_career", "unit_lineage", "documents_citing",
             "multi_source_facts", "unit_covering", "covering_unit_leaders")


def _date(s: str) -> ox.Literal:
    return ox.Literal(s, datatype=ox.NamedNode(XSD + "date"))


def test_every_question_says_what_it_asks():
    for name in QUESTIONS:
        assert query_title(name).endswith("?") or "?" in query_title(name)


def test_officials_of_a_unit_as_of_a_date(corpus_store):
    rows = run(corpus_store, "officials_as_of", unit=unit_iri("huyện Lộc Hà"), asOf=_date("2025-01-01"))
    held = {(r["role"], r["orgLabel"], r["holderName"]) for r in rows}
    assert ("Bí thư", "Huyện ủy Lộc Hà", "Nguyễn Thế Hoàn") in held
    assert ("Phó Bí thư Thường trực", "Huyện ủy Lộc Hà", "Trần Hữu Thuần") in held
    # before the article (2024-02-29) nobody is known
    assert run(corpus_store, "officials_as_of", unit=unit_iri("huyện Lộc Hà"), asOf=_date("2024-02-28")) == []
    ha_hoa = officials_as_of(corpus_store, "xã Hạ Hòa", dt.date(2025, 9, 1))
    assert any(r["name"] == "Cao Thị Toàn Thắng" and r["role"] == "Bí thư"
               and r["first_reported"] == "2025-08-07" for r in ha_hoa)


def test_career_of_one_person(corpus_store):
    posts = career(corpus_store, person_iri("Nguyễn Thế Hoàn").value)
    assert ("Bí thư", "Huyện ủy Lộc Hà") in {(p["role"], p["organization"]) for p in posts}
    assert all(p["first_reported"] == "2024-02-29" for p in posts)


def test_predecessors_and_successor_of_a_unit(corpus_store):
    rows = run(corpus_store, "unit_lineage", unit=unit_iri("xã Hạ Hòa"))
    preds = {r["otherLabel"] for r in rows if r["relation"] == "predecessor"}
    assert {"xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"} <= preds
    assert all(r["registerAgrees"] is True for r in rows if r["relation"] == "predecessor")
    succ = run(corpus_store, "unit_lineage", unit=unit_iri("xã Minh Hạc"))
    assert {r["otherLabel"] for r in succ if r["relation"] == "successor"} == {"xã Hạ Hòa"}


def test_documents_citing_a_document_transitively(corpus_store):
    rows = run(corpus_store, "documents_citing", document=document_iri("137-KL/TW"))
    assert "1587-KL/TU" in {r["id"] for r in rows}


def test_facts_supported_by_two_or_more_articles(corpus_store):
    rows = run(corpus_store, "multi_source_facts")
    assert all(r["articles"] >= 2 for r in rows)
    # 137-KL/TW is named by dev_02 and dev_06
    assert any(r["kind"] == "document" and r["subject"] == document_iri("137-KL/TW").value for r in rows)


def test_which_unit_covers_an_old_commune_now(corpus_store):
    rows = run(corpus_store, "unit_covering", old=unit_iri("xã Minh Hạc"))
    assert [(r["label"], r["registerCode"]) for r in rows] == [("xã Hạ Hòa", "08053")]


def test_who_leads_the_unit_that_now_covers_an_old_commune(corpus_store):
    rows = run(corpus_store, "covering_unit_leaders", old=unit_iri("xã Minh Hạc"),
               role=ox.NamedNode(role_concept("Bí thư").iri))
    assert {(r["name"], r["orgLabel"]) for r in rows} == {("Cao Thị Toàn Thắng", "Đảng ủy xã Hạ Hòa")}


def _key_row(sol, names):
    """A row with its labels as matching keys: a body written "Tỉnh uỷ Gia
    Lai" and "Tỉnh ủy Gia Lai" is one body, so its row is one row."""
    from partygraph.loaders.normalize import key

    def norm(t):
        if isinstance(t, ox.Literal) and t.datatype.value.endswith("#string"):
            return key(t.value)
        return None if t is None else str(t)
    return tuple(norm(sol[n]) for n in names)


@pytest.mark.parametrize("name", queries.query_names())
def test_no_question_returns_a_row_twice(corpus_store, name):
    from collections import Counter

    result = corpus_store.query(queries.query_text(name))
    names = [v.value for v in result.variables]
    counts = Counter(_key_row(sol, names) for sol in result)
    twice = [row for row, n in counts.items() if n > 1]
    assert not twice, twice[:2]
