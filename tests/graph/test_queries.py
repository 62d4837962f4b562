"""The foundation's competency questions, answered on the five seeds
loaded through the real pipeline."""
from pathlib import Path

import pytest

from partygraph.graph import queries
from partygraph.loaders.article import read_article
from partygraph.loaders.identity import article_iri, unit_iri

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_every_question_file_states_its_question():
    for name in queries.query_names():
        assert queries.query_title(name), name


def test_who_holds_which_post_where(seed_store):
    rows = queries.run(seed_store, "posts")
    found = {(r["name"], r["role"], r["orgLabel"], r["areaLabel"]) for r in rows}
    assert ("Cao Thị Toàn Thắng", "Bí thư", "Đảng ủy xã Hạ Hòa", "xã Hạ Hòa") in found
    assert ("Nguyễn Thế Hoàn", "Bí thư", "Huyện ủy Lộc Hà", "huyện Lộc Hà") in found
    assert ("Trần Hữu Thuần", "Phó Bí thư Thường trực", "Huyện ủy Lộc Hà", "huyện Lộc Hà") in found
    assert ("Nguyễn Thái Sơn", "Bí thư", "Đảng uỷ xã Hiệp Hoà", "xã Hiệp Hoà") in found
    cao = next(r for r in rows if r["name"] == "Cao Thị Toàn Thắng" and r["role"] == "Bí thư")
    assert cao["article"] == article_iri(read_article(SEEDS / "000_c1a9f754178b24e0.txt")).value
    assert cao["date"] == "2025-08-07"
    assert "Cao Thị Toàn Thắng" in cao["sentence"] and cao["end"] > cao["start"]
    # residents and bylines hold no post
    assert not {"Đinh Thị Thảo", "Nguyễn Chiến", "Bàn Thanh", "Trần Thủy"} & {r["name"] for r in rows}


def test_which_units_ha_hoa_was_formed_from(seed_store):
    # bound by the normalised key: the old tone placement finds the same unit
    rows = queries.run(seed_store, "unit_predecessors", unit=unit_iri("xã Hạ Hoà"))
    assert sorted(r["predecessorLabel"] for r in rows) == sorted(
        ["thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"])


def test_which_documents_an_article_names(seed_store):
    rows = queries.run(seed_store, "article_documents", article=article_iri(read_article(SEEDS / "003_2209394dbeed2991.txt")))
    assert {r["type"] for r in rows} == {"Nghị quyết", "Đề án"}
    assert any("Trung ương 4" in r["id"] for r in rows) and any(r["id"] == "Đề án 25" for r in rows)
    rows = queries.run(seed_store, "article_documents", article=article_iri(read_article(SEEDS / "000_c1a9f754178b24e0.txt")))
    assert [(r["id"], r["type"], r["issuer"]) for r in rows] == [("50-CT/TW", "Chỉ thị", "Ban Bí thư")]


def test_posts_by_area_with_latest_report(seed_store):
    rows = queries.run(seed_store, "posts_by_area")
    loc_ha = [(r["role"], r["organization"], r["name"], r["reported"]) for r in rows if r["area"] == "huyện Lộc Hà"]
    assert ("Phó Bí thư Thường trực", "Huyện ủy Lộc Hà", "Trần Hữu Thuần", "2024-02-29") in loc_ha
    assert ("Bí thư", "Huyện ủy Lộc Hà", "Nguyễn Thế Hoàn", "2024-02-29") in loc_ha
    # a body whose unit the text never states is listed, not dropped
    assert any(r["area"] == "(not stated)" and r["name"] == "Cao Thị Toàn Thắng" and r["role"] == "Tỉnh ủy viên"
               for r in rows)


@pytest.mark.parametrize("lexical, value", [("true", True), ("1", True), ("false", False), ("0", False)])
def test_booleans_in_either_lexical_form(lexical, value):
    """xsd:boolean is "true"/"false" or "1"/"0"; Virtuoso answers the latter."""
    import pyoxigraph as ox

    from partygraph.graph.sparql_query import to_python

    assert to_python(ox.Literal(lexical, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))) is value
