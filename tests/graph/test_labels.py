"""What the query page and the entity pages call an IRI (graph/labels.py),
on the seeds and dev articles."""
from __future__ import annotations

import pytest

from partygraph.graph.labels import MAX_IRIS, labels
from partygraph.ontology import ID, PG, PGV

HA_HOA = ID + "unit/xa-ha-hoa-37189df0"


def _one(store, sparql: str) -> str:
    return next(iter(store.query(sparql)))[0].value


def test_own_labels_and_vietnamese_concept_labels(corpus_store):
    got = labels(corpus_store, [HA_HOA, PGV + "unit-xa", PGV + "doc-ket-luan"])
    assert got == {HA_HOA: "xã Hạ Hòa", PGV + "unit-xa": "xã", PGV + "doc-ket-luan": "Kết luận"}


def test_unlabelled_nodes_are_named_from_what_they_join(corpus_store):
    merger = _one(corpus_store, f"SELECT ?m WHERE {{ ?m <{PG}newUnit> <{HA_HOA}> ; "
                                f"<{PG}predecessor> <{ID}unit/xa-minh-hac-2d0bcba6> }}")
    holding = _one(corpus_store, f"SELECT ?h WHERE {{ ?h <{PG}holder>/<http://www.w3.org/2000/01/rdf-schema#label> "
                                 f"'Cao Thị Toàn Thắng' ; <{PG}former> false }}")
    article = _one(corpus_store, f"SELECT ?a WHERE {{ ?a <{PG}fileName> 'dev_06.txt' }}")
    got = labels(corpus_store, [merger, holding, article])
    assert got[merger] == "xã Hạ Hòa formed from xã Minh Hạc"
    assert got[holding] == "Cao Thị Toàn Thắng: Bí thư, Đảng ủy xã Hạ Hòa"
    assert got[article] == "Thái Bình qua những lần sắp xếp đơn vị hành chính"   # its title, not its file name


def test_unknown_iris_are_left_out_and_bad_ones_refused(corpus_store):
    assert labels(corpus_store, [ID + "person/nobody"]) == {}
    assert labels(corpus_store, []) == {}
    with pytest.raises(ValueError):
        labels(corpus_store, ["not an iri> } DROP ALL {"])
    with pytest.raises(ValueError, match="at most"):
        labels(corpus_store, [f"{ID}x/{i}" for i in range(MAX_IRIS + 1)])
