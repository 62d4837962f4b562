"""The REST lookups (graph/lookups.py) on the five seed articles: the
unfiltered first pages, ranked from names alone and read one page at a
time, agree with reading everything; paging walks each answer once."""
from __future__ import annotations

import pytest

from partygraph.graph import lookups


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
            "organization": "org", "orgLabel": "Sở Tài chính", "article": None, "holding": "h"}
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
    from partygraph.graph.search import search

    assert label in [x["label"] for x in search(corpus_store, text)[group]]


def test_search_finds_nothing_for_what_is_not_there(corpus_store):
    from partygraph.graph.search import search

    assert not any(search(corpus_store, "Nghị quyết 137").values())   # 137 is a Kết luận
    assert not any(search(corpus_store, "<script>").values())


def _most_reported(entries: list[dict]) -> dict:
    return max(entries, key=lambda e: (e["reports"], e["iri"] if "iri" in e else e.get("id", "")))


def test_an_entry_lists_its_newest_sources_and_counts_them_all(corpus_store):
    """A document mentioned by many articles: `sources=2` gives the
    sentences of its two newest articles,
    `reports` still counts every article, and what it cites is listed even
    with no source at all."""
    every = lookups.documents(corpus_store, limit=1000, sources=1000)["documents"]
    doc = _most_reported(every)
    articles = list(dict.fromkeys(s["article_iri"] for s in doc["sources"]))
    assert doc["reports"] == len(articles) >= 3
    two = next(d for d in lookups.documents(corpus_store, limit=1000, sources=2)["documents"]
               if d["iri"] == doc["iri"])
    assert two["reports"] == doc["reports"]
    # Newest by date; an undated article (listed last) counts as the oldest.
    newest = sorted({(s["date"] or "", s["article"], s["article_iri"]) for s in doc["sources"]})[-2:]
    assert two["sources"] == [s for s in doc["sources"] if s["article_iri"] in {a[2] for a in newest}]
    citing = next(d for d in every if d["cites"])
    bare = next(d for d in lookups.documents(corpus_store, limit=1000, sources=0)["documents"]
                if d["iri"] == citing["iri"])
    assert [c["iri"] for c in bare["cites"]] == [c["iri"] for c in citing["cites"]]
    assert [c["reports"] for c in bare["cites"]] == [c["reports"] for c in citing["cites"]]
    assert bare["sources"] == [] and all(c["sources"] == [] for c in bare["cites"])


def test_a_post_keeps_its_first_and_last_report_when_its_sources_are_cut(corpus_store):
    full = [p for o in lookups.officials(corpus_store, limit=1000, sources=1000)["officials"] for p in o["posts"]]
    post = max(full, key=lambda p: (p["reports"], p["post_id"]))
    assert post["reports"] >= 2 and post["first_reported"] < post["last_reported"]
    one = [p for o in lookups.officials(corpus_store, limit=1000, sources=1)["officials"] for p in o["posts"]
           if p["post_id"] == post["post_id"] and p["former"] == post["former"]]
    assert one[0]["reports"] == post["reports"] and len({s["article_iri"] for s in one[0]["sources"]}) == 1
    assert (one[0]["first_reported"], one[0]["last_reported"]) == (post["first_reported"], post["last_reported"])
    assert one[0]["sources"][0]["date"] == post["last_reported"]


@pytest.mark.parametrize("sources", [-1, lookups.MAX_LIMIT + 1])
def test_sources_out_of_range_is_refused(seed_store, sources):
    with pytest.raises(lookups.LookupError_, match="sources must be"):
        lookups.officials(seed_store, sources=sources)
