"""Issue 6's Done-when at the REST level: the same official written two
ways (NFD bytes and old tone placement in one article, title before the
name in the other) is one official with one post and two sources."""
from __future__ import annotations

import unicodedata

import pytest

ARTICLE_A = """ date 2025-08-20 Hoà Mỹ đại hội Đảng bộ xã

Sáng 19/8, Đảng bộ xã Hoà Mỹ tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.
Đồng chí Nguyễn Văn Bình, Bí thư Đảng ủy xã Hoà Mỹ, phát biểu khai mạc đại hội.
"""

ARTICLE_B = """ date 2025-09-02 Xã Hòa Mỹ ra quân xây dựng nông thôn mới

Ngày 1/9, xã Hòa Mỹ tổ chức lễ ra quân.
Bí thư Đảng uỷ xã Hòa Mỹ Nguyễn Văn Bình yêu cầu các chi bộ vào cuộc quyết liệt.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from partygraph.api.server import create_app
    from partygraph.graph.load_workflow import load_and_resolve
    from partygraph.graph.stores import open_store

    folder = tmp_path_factory.mktemp("articles")
    # NFD bytes with the old tone placement, as some sources send them
    (folder / "hoa_my_a.txt").write_bytes(unicodedata.normalize("NFD", ARTICLE_A).encode("utf-8"))
    (folder / "hoa_my_b.txt").write_text(ARTICLE_B, encoding="utf-8")
    path = tmp_path_factory.mktemp("store")
    store = open_store(path)
    report = load_and_resolve([folder], store, listings=False).report
    assert sorted(report.loaded) == sorted(str(folder / n) for n in ("hoa_my_a.txt", "hoa_my_b.txt"))
    store.close()
    with TestClient(create_app(str(path), query_timeout=10.0, query_workers=1)) as c:
        yield c


@pytest.mark.parametrize("name", ["Nguyễn Văn Bình", "nguyen van binh"])
def test_one_official_one_post_two_sources(client, name):
    r = client.get("/api/officials", params={"name": name})
    assert r.status_code == 200
    officials = r.json()["officials"]
    assert len(officials) == 1
    official = officials[0]
    assert official["name"] == "Nguyễn Văn Bình"
    assert len(official["posts"]) == 1
    post = official["posts"][0]
    assert post["role"] == "Bí thư"
    assert unicodedata.normalize("NFC", post["area"]).replace("oà", "òa") == "xã Hòa Mỹ"
    assert sorted(s["article"] for s in post["sources"]) == ["hoa_my_a.txt", "hoa_my_b.txt"]
    assert (post["first_reported"], post["last_reported"]) == ("2025-08-20", "2025-09-02")
    for s in post["sources"]:
        assert "Nguyễn Văn Bình" in s["sentence"] and s["end"] > s["start"]
