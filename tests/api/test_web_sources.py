"""Through the REST API, a fact read from a newspaper page names where it was
published: the page's URL and title beside the article, date and sentence."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "data"))
from build_web import PAGES, SYNDICATED  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from partygraph.api.server import create_app
    from partygraph.graph.load_workflow import load_and_resolve
    from partygraph.graph.stores import open_store

    path = tmp_path_factory.mktemp("web-api") / "store"
    store = open_store(path)
    report = load_and_resolve([ROOT / "tests" / "data" / "web"], store).report
    assert len(report.loaded) == 10 and len(report.kept_once) == 1
    store.close()
    with TestClient(create_app(str(path), query_timeout=10.0, query_workers=1)) as c:
        yield c


def test_officials_sources_show_the_pages_url_and_title(client):
    r = client.get("/api/officials", params={"name": "Tran Thi Chuc Quynh"})
    assert r.status_code == 200
    officials = r.json()["officials"]
    assert [o["name"] for o in officials] == ["Trần Thị Chúc Quỳnh"]
    sources = [s for p in officials[0]["posts"] for s in p["sources"]]
    url = "https://" + PAGES[SYNDICATED[0]]
    assert sources and all(s["url"] == url and s["article"] == url for s in sources)
    assert all(s["title"].startswith("Phường Lang Biang - Đà Lạt") and s["date"] == "2025-07-11"
               and s["sentence"] for s in sources)


def test_sparql_sees_both_sources_of_the_syndicated_article(client):
    query = ("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX pg: <https://w3id.org/partygraph/ontology#> "
             f'SELECT ?page WHERE {{ ?a pg:url "https://{PAGES[SYNDICATED[0]]}" ; prov:hadPrimarySource ?page }}')
    r = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    pages = {b["page"]["value"] for b in r.json()["results"]["bindings"]}
    assert pages == {"https://" + PAGES[SYNDICATED[0]], "https://" + SYNDICATED[1]}
