"""The REST lookups over the seeds (and the dev corpus), in-process: names
without diacritics, areas with or without their type word, sources that
point at the very sentence, hostile parameters treated as data."""
from __future__ import annotations

import pytest

from pathlib import Path

from partygraph.loaders.article import read_article
from partygraph.loaders.normalize import key

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
DEV = ROOT / "corpus" / "dev"

HOSTILE = ['" } ; DROP ALL ; #', '\u0022) } UNION {?s ?p ?o', "'; DELETE WHERE { ?s ?p ?o } #",
           "> } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o", "%22%7D", "\\\" ) }"]


def _client(path):
    from fastapi.testclient import TestClient

    from partygraph.api.server import create_app

    return create_app(str(path), query_timeout=10.0, query_workers=1), TestClient


@pytest.fixture(scope="module")
def client(seed_store_path, store_copy):
    app, TestClient = _client(store_copy(seed_store_path))
    with TestClient(app) as c:
        c.store = app.state.store
        c.quads_before = app.state.store.quad_count()
        yield c
        assert app.state.store.quad_count() == c.quads_before   # before the app lets go of its store


def _check_sources(sources, corpus=SEEDS):
    """Every source names a real article, and its offsets cut out its sentence."""
    assert sources
    for s in sources:
        assert set(s) >= {"article", "date", "sentence", "start", "end"}
        text = read_article(corpus / s["article"]).text
        assert text[s["start"]:s["end"]] == s["sentence"]


@pytest.mark.parametrize("name", ["cao thi toan thang", "Cao Thị Toàn Thắng", "CAO THỊ TOÀN THẮNG",
                                  "Cao Thi\u0323 Toa\u0300n Tha\u0306\u0301ng", "toan thang"])
def test_officials_by_name_in_any_spelling(client, name):
    r = client.get("/api/officials", params={"name": name})
    assert r.status_code == 200
    officials = r.json()["officials"]
    cao = [o for o in officials if o["name"] == "Cao Thị Toàn Thắng"]
    assert len(cao) == 1
    post = next(p for p in cao[0]["posts"] if p["role"] == "Bí thư")
    assert post["organization"] == "Đảng ủy xã Hạ Hòa" and post["area"] == "xã Hạ Hòa"
    assert post["former"] is False
    assert post["first_reported"] == post["last_reported"] == "2025-08-07"
    assert post["sources"][0]["article"] == "000_c1a9f754178b24e0.txt"
    assert post["sources"][0]["date"] == "2025-08-07"
    _check_sources(post["sources"])


def test_a_name_with_other_diacritics_is_someone_else(client):
    # Typed with diacritics, the diacritics count: "Cao Thi Toàn Thắng" is not her.
    assert client.get("/api/officials", params={"name": "Cào Thị Toàn Thắng"}).json()["officials"] == []


@pytest.mark.parametrize("area", ["Lộc Hà", "huyện Lộc Hà", "HUYỆN LỘC HÀ", "loc ha", "huyen loc ha"])
def test_posts_in_loc_ha_include_tran_huu_thuan(client, area):
    r = client.get("/api/posts", params={"area": area})
    assert r.status_code == 200
    posts = r.json()["posts"]
    held = {(p["person"]["name"], p["role"], p["organization"]) for p in posts}
    assert ("Trần Hữu Thuần", "Phó Bí thư Thường trực", "Huyện ủy Lộc Hà") in held
    assert ("Nguyễn Thế Hoàn", "Bí thư", "Huyện ủy Lộc Hà") in held
    assert all(p["area"] == "huyện Lộc Hà" for p in posts)
    thuan = next(p for p in posts if p["person"]["name"] == "Trần Hữu Thuần")
    assert thuan["first_reported"] == "2024-02-29"
    _check_sources(thuan["sources"])


def test_posts_area_with_type_word_and_old_tone_placement(client):
    for area in ("xã Hạ Hòa", "xã Hạ Hoà", "Hạ Hòa"):
        held = {(p["person"]["name"], p["role"]) for p in
                client.get("/api/posts", params={"area": area}).json()["posts"]}
        assert ("Cao Thị Toàn Thắng", "Bí thư") in held, area
    # Another type word is another unit.
    assert client.get("/api/posts", params={"area": "huyện Hạ Hòa"}).json()["posts"] == []


def test_posts_by_role_and_organization(client):
    posts = client.get("/api/posts", params={"area": "Lộc Hà", "role": "bí thư"}).json()["posts"]
    assert {p["person"]["name"] for p in posts} == {"Nguyễn Thế Hoàn"}
    posts = client.get("/api/posts", params={"organization": "huyện ủy lộc hà"}).json()["posts"]
    assert {p["person"]["name"] for p in posts} >= {"Nguyễn Thế Hoàn", "Trần Hữu Thuần"}
    assert {p["organization"] for p in posts} == {"Huyện ủy Lộc Hà"}


def test_posts_as_of_a_date(client):
    before = client.get("/api/posts", params={"area": "Lộc Hà", "as_of": "2024-02-28"}).json()
    on_the_day = client.get("/api/posts", params={"area": "Lộc Hà", "as_of": "2024-02-29"}).json()
    assert before["posts"] == []
    assert "Trần Hữu Thuần" in {p["person"]["name"] for p in on_the_day["posts"]}


def test_units_ha_hoa_lists_its_four_predecessors(client):
    units = client.get("/api/units", params={"name": "Hạ Hòa"}).json()["units"]
    xa = next(u for u in units if u["name"] == "xã Hạ Hòa")
    assert xa["type"] == "xã"
    assert {u["name"] for u in xa["merged_from"]} == {"thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền"}
    assert {u["type"] for u in xa["merged_from"]} == {"thị trấn", "xã"}
    _check_sources(xa["sources"])
    town = next(u for u in units if u["name"] == "thị trấn Hạ Hòa")
    assert [u["name"] for u in town["merged_into"]] == ["xã Hạ Hòa"]
    # With its type word only the commune itself.
    assert [u["name"] for u in client.get("/api/units", params={"name": "xa ha hoa"}).json()["units"]] == ["xã Hạ Hòa"]


@pytest.mark.parametrize("doc_id", ["50-ct/tw", "50-CT/TW", " 50-Ct/TW "])
def test_documents_by_symbol_in_any_case(client, doc_id):
    docs = client.get("/api/documents", params={"id": doc_id}).json()["documents"]
    assert len(docs) == 1
    doc = docs[0]
    assert doc["id"] == "50-CT/TW" and doc["type"] == "Chỉ thị" and doc["issuer"] == "Ban Bí thư"
    assert "000_c1a9f754178b24e0.txt" in {s["article"] for s in doc["sources"]}
    _check_sources(doc["sources"])


def test_documents_cites_and_cited_by_agree(client):
    docs = client.get("/api/documents", params={"limit": 1000}).json()["documents"]
    cites = {(d["id"], c["id"]) for d in docs for c in d["cites"]}
    cited_by = {(c["id"], d["id"]) for d in docs for c in d["cited_by"]}
    assert cites == cited_by


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("route,param", [("officials", "name"), ("posts", "area"), ("posts", "role"),
                                         ("posts", "organization"), ("units", "name"), ("documents", "id")])
def test_hostile_parameters_are_data(client, hostile, route, param):
    r = client.get(f"/api/{route}", params={param: hostile})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 0
    assert client.store.quad_count() == client.quads_before


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"limit": -1}, {"offset": -1},
                                    {"limit": "ten"}, {"as_of": "2024-13-01"}])
def test_out_of_bounds_is_422(client, params):
    route = "/api/posts" if "as_of" in params else "/api/officials"
    assert client.get(route, params=params).status_code == 422


def test_pagination_walks_every_official_once(client):
    everyone = client.get("/api/officials", params={"limit": 1000}).json()
    seen = []
    for offset in range(0, everyone["total"], 7):
        page = client.get("/api/officials", params={"limit": 7, "offset": offset}).json()
        assert page["total"] == everyone["total"]
        seen += [o["id"] for o in page["officials"]]
    assert seen == [o["id"] for o in everyone["officials"]]
    assert client.get("/api/officials", params={"offset": everyone["total"]}).json()["officials"] == []


def test_openapi_documents_the_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/officials", "/api/posts", "/api/units", "/api/documents", "/sparql"} <= set(paths)
    assert client.get("/health").json()["status"] == "ok"


def test_many_reads_leave_the_store_unchanged(client):
    for _ in range(3):
        for route in ("officials", "posts", "units", "documents"):
            assert client.get(f"/api/{route}", params={"limit": 1000}).status_code == 200
    assert client.store.quad_count() == client.quads_before


def test_dev_corpus_officials(corpus_store, store_copy):
    """Across seeds and dev articles: Lò Minh Hùng's posts in Tỉnh ủy Sơn La."""
    app, TestClient = _client(store_copy(corpus_store.location))
    with TestClient(app) as c:
        officials = c.get("/api/officials", params={"name": "lo minh hung"}).json()["officials"]
        assert [o["name"] for o in officials] == ["Lò Minh Hùng"]
        # Labels stay as written ("Tỉnh uỷ"); compare on the matching key.
        posts = {(key(p["role"]), key(p["organization"])) for p in officials[0]["posts"]}
        assert (key("Phó Bí thư Thường trực"), key("Tỉnh ủy Sơn La")) in posts
        _check_sources([s for p in officials[0]["posts"] for s in p["sources"]], DEV)


def test_an_example_answers_with_its_parameters_bound(client):
    r = client.get("/api/examples/officials_as_of/answer", params={"asOf": "2025-09-01"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    rows = r.json()["results"]["bindings"]
    assert rows and {b["asOf"]["value"] for b in rows} == {"2025-09-01"}
    assert "Cao Thị Toàn Thắng" in {b["holderName"]["value"] for b in rows}
    before = client.get("/api/examples/officials_as_of/answer", params={"asOf": "1990-01-01"}).json()
    assert before["results"]["bindings"] == []     # nobody was reported yet
    examples = {e["name"]: e for e in client.get("/api/examples").json()}
    assert [p["name"] for p in examples["officials_as_of"]["params"]] == ["unit", "asOf"]


def test_an_example_answers_one_page_at_a_time(client):
    whole = client.get("/api/examples/posts/answer", params={"limit": 10000}).json()
    total = whole["page"]["total"]
    assert total == len(whole["results"]["bindings"]) >= 20
    first = client.get("/api/examples/posts/answer").json()          # 100 rows unless asked
    assert first["page"] == {"offset": 0, "limit": 100, "total": total}
    second = client.get("/api/examples/posts/answer", params={"limit": 10, "offset": 10}).json()
    assert second["results"]["bindings"] == whole["results"]["bindings"][10:20]


@pytest.mark.parametrize("path, params, status, says", [
    ("officials_as_of", {"asOf": "tomorrow"}, 400, "is a date"),
    ("officials_as_of", {"when": "2025-01-01"}, 400, "declares no parameter"),
    ("officials_as_of", {"unit": "> } DROP ALL"}, 400, "is an IRI"),
    ("no_such_question", {}, 404, "no example"),
])
def test_an_example_refuses_what_it_does_not_declare(client, path, params, status, says):
    r = client.get(f"/api/examples/{path}/answer", params=params)
    assert r.status_code == status and says in r.json()["detail"]


def test_every_listing_links_its_next_page(client):
    first = client.get("/api/posts", params={"limit": 5}).json()
    assert first["total"] > 10 and len(first["posts"]) == 5
    second = client.get(first["next"]).json()
    assert second["posts"] != first["posts"] and len(second["posts"]) == 5
    assert "offset=5" in first["next"] and "limit=5" in first["next"]
    last = client.get("/api/posts", params={"limit": 5, "offset": first["total"] - 2}).json()
    assert last["next"] is None and len(last["posts"]) == 2
    for path in ("/api/officials", "/api/units", "/api/documents"):
        answer = client.get(path, params={"limit": 1}).json()
        assert answer["total"] > 1 and "offset=1" in answer["next"]


def test_sources_per_entry_are_a_parameter_kept_across_pages(client):
    """`sources=0` answers the entries with their report counts and no
    sentences; the next page keeps it; out of range is a 422."""
    bare = client.get("/api/posts", params={"limit": 3, "sources": 0}).json()
    assert all(p["sources"] == [] and p["reports"] >= 1 for p in bare["posts"])
    assert "sources=0" in bare["next"]
    full = client.get("/api/posts", params={"limit": 3}).json()
    assert [p["reports"] for p in full["posts"]] == [p["reports"] for p in bare["posts"]]
    assert all(len({s["article"] for s in p["sources"]}) == p["reports"] for p in full["posts"])
    for bad in (-1, 1001):
        assert client.get("/api/documents", params={"sources": bad}).status_code == 422
