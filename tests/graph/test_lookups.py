"""The REST lookups (graph/lookups.py) on the five seed articles: the
unfiltered first pages, ranked from names alone and read one page at a
time, agree with reading everything; paging walks each answer once."""
from __future__ import annotations

import pytest

from graph import lookups


def _walk(fn, store, key: str, step: int) -> list:
    out, offset = [], 0
    while True:
        page = fn(store, limit=step, offset=offset)[key]
        if not page:
            return out
        out += page
        offset += step


def test_first_pages_of_the_seeds(seed_store):
    officials = lookups.officials(seed_store, limit=3)
    assert officials["total"] == 14
    assert [o["name"] for o in officials["officials"]] == ["Cao Thị Toàn Thắng", "Hà Văn Hùng", "Ksor Thăng"]
    posts = lookups.posts(seed_store, limit=3)
    assert posts["total"] == 22
    assert [(p["person"]["name"], p["role"]) for p in posts["posts"]] == [
        ("Cao Thị Toàn Thắng", "Bí thư"), ("Cao Thị Toàn Thắng", "Tỉnh ủy viên"), ("Hà Văn Hùng", "Trưởng ban")]
    units = lookups.units(seed_store, limit=3)
    assert units["total"] == 15
    assert [u["name"] for u in units["units"]] == ["huyện Chiêm Hóa", "huyện Lộc Hà", "làng Krông"]
    documents = lookups.documents(seed_store, limit=3)
    assert documents["total"] == 8
    assert [d["id"] for d in documents["documents"]] == [
        "50-CT/TW", "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết Đại hội Đảng bộ huyện"]


@pytest.mark.parametrize("fn,key", [(lookups.officials, "officials"), (lookups.posts, "posts"),
                                    (lookups.units, "units"), (lookups.documents, "documents")])
@pytest.mark.parametrize("step", [1, 4])
def test_pages_walk_the_whole_answer_once(seed_store, fn, key, step):
    whole = fn(seed_store, limit=1000)
    assert whole["total"] == len(whole[key])
    assert _walk(fn, seed_store, key, step) == whole[key]


def test_posts_deep_pages_read_every_holding_alike(seed_store, monkeypatch):
    """Past DEEP_PAGE_PEOPLE people a posts page reads every holding
    instead of the page's people: the same answer either way."""
    shallow = [lookups.posts(seed_store, limit=5, offset=o) for o in (0, 5, 17)]
    monkeypatch.setattr(lookups, "DEEP_PAGE_PEOPLE", 0)
    assert [lookups.posts(seed_store, limit=5, offset=o) for o in (0, 5, 17)] == shallow


def test_unfiltered_posts_agree_with_a_filter_that_keeps_everything(seed_store):
    """The unfiltered page (people first, a count in the store) against the
    filtered path given a date after every article (which keeps every
    current holding): the current ones agree."""
    import datetime as dt
    everything = lookups.posts(seed_store, limit=1000)["posts"]
    current = lookups.posts(seed_store, as_of=dt.date(2100, 1, 1), limit=1000)["posts"]
    assert current and {(p["person"]["id"], p["post_id"]) for p in current} <= {
        (p["person"]["id"], p["post_id"]) for p in everything if not p["former"]}


def test_a_body_in_several_areas_gives_the_id_of_the_area_it_names():
    """'Sở Tài chính' of several provinces: the area shown is the least
    label and its id is that area's, whatever order the rows come in."""
    unit = "https://w3id.org/partygraph/id/unit/"
    base = {"person": "p", "name": "Nguyễn Văn A", "post": "post", "role": "Giám đốc", "former": False,
            "organization": "org", "orgLabel": "Sở Tài chính", "article": None}
    rows = [{**base, "area": unit + "tinh-dak-lak", "areaLabel": "tỉnh Đắk Lắk"},
            {**base, "area": unit + "tinh-an-giang", "areaLabel": "tỉnh An Giang"},
            {**base, "area": unit + "tinh-son-la", "areaLabel": "tỉnh Sơn La"}]
    for order in (rows, rows[::-1], rows[1:] + rows[:1]):
        (g,) = lookups._group_holdings(order).values()
        assert (g["area"], g["area_id"]) == ("tỉnh An Giang", unit + "tinh-an-giang")


@pytest.mark.parametrize("text, group, label", [
    ("hoang nga", "people", "Hoàng Thị Tố Nga"),          # part of the name, no diacritics
    ("Hoàng Nga", "people", "Hoàng Thị Tố Nga"),
    ("ha hoa", "units", "xã Hạ Hòa"),
    ("huyen uy loc ha", "bodies", "Huyện ủy Lộc Hà"),
    ("137", "documents", "137-KL/TW"),                     # the number without its suffix
    ("Kết luận 137", "documents", "137-KL/TW"),
    ("bi thu", "roles", "Bí thư"),
])
def test_one_search_box_finds_each_kind(corpus_store, text, group, label):
    from graph.search import search

    assert label in [x["label"] for x in search(corpus_store, text)[group]]


def test_search_finds_nothing_for_what_is_not_there(corpus_store):
    from graph.search import search

    assert not any(search(corpus_store, "Nghị quyết 137").values())   # 137 is a Kết luận
    assert not any(search(corpus_store, "<script>").values())
