"""An article is identified by its URL, else by its text -- never by a bare
file name: a syndicated copy is kept once with both sources, and two
different texts that would share an identity or a name are refused, never
silently replaced."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from partygraph.graph import lookups
from partygraph.graph.ingest import ensure_vocabulary, load_articles
from partygraph.graph.stores import open_store

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "tests" / "data" / "web"
DEV = ROOT / "corpus" / "dev"
sys.path.insert(0, str(ROOT / "tests" / "data"))
from build_web import PAGES, SYNDICATED, WEB_ARTICLES  # noqa: E402

SOURCES = ("PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX pg: <https://w3id.org/partygraph/ontology#> "
           "PREFIX dct: <http://purl.org/dc/terms/> "
           "SELECT ?article ?name ?url ?title ?page WHERE { GRAPH ?article { ?article pg:fileName ?name ; "
           "dct:title ?title . OPTIONAL { ?article pg:url ?url } } "
           "OPTIONAL { ?article prov:hadPrimarySource ?page } }")


@pytest.fixture(scope="module")
def web_store(tmp_path_factory, partygraph):
    path = tmp_path_factory.mktemp("web") / "store"
    r = partygraph("load", str(WEB), "--store", str(path))
    assert r.returncode == 0, r.stderr
    assert "loaded 10 article(s)" in r.stderr and "1 kept once" in r.stderr
    assert "not article pages, skipped: 1 HTTP 301 response(s), 1 HTTP 404 response(s)" in r.stderr
    store = open_store(path, read_only=True)
    yield store
    store.close()


def rows(store) -> list[dict]:
    return [{k: (s[k].value if s[k] is not None else None) for k in ("article", "name", "url", "title", "page")}
            for s in store.query(SOURCES)]


def test_every_article_once_with_its_url_and_title(web_store):
    found = rows(web_store)
    articles = {r["article"] for r in found}
    assert len(articles) == 10
    urls = {r["url"] for r in found}
    assert urls == {u for u in WEB_ARTICLES.values() if u} | {None}   # the feed item without a URL
    assert all(r["title"] for r in found)
    # the syndicated copy: one article, two sources
    original = "https://" + PAGES[SYNDICATED[0]]
    pages = {r["page"] for r in found if r["url"] == original}
    assert pages == {original, "https://" + SYNDICATED[1]}


def test_the_rest_sources_carry_url_and_title(web_store):
    officials = lookups.officials(web_store, name="Trần Thị Chúc Quỳnh")["officials"]
    sources = [s for o in officials for p in o["posts"] for s in p["sources"]]
    assert sources and {s["url"] for s in sources} == {"https://" + PAGES["dev_12.txt"]}
    assert all(s["title"].startswith("Phường Lang Biang - Đà Lạt") and s["article"] == s["url"]
               for s in sources)


def test_loading_the_same_inputs_again_changes_nothing(web_store, tmp_path):
    path = tmp_path / "store"
    store = open_store(path)
    ensure_vocabulary(store)
    first = load_articles([WEB], store)
    count = store.quad_count()
    again = load_articles([WEB], store)
    assert len(first.loaded) == len(again.loaded) == 10 and len(again.kept_once) == 1
    assert store.quad_count() == count
    store.close()


def test_a_file_name_clash_is_refused_across_two_loads_and_within_one(tmp_path, partygraph):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text((DEV / "dev_07.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text((DEV / "dev_33.txt").read_text(encoding="utf-8"), encoding="utf-8")
    store = tmp_path / "store"
    assert partygraph("load", str(tmp_path / "a"), "--store", str(store)).returncode == 0
    before = partygraph("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", str(store),
                        "--format", "json").stdout
    r = partygraph("load", str(tmp_path / "b"), "--store", str(store))
    assert r.returncode == 1
    assert "another article named x.txt is stored already, with a different text: not replaced" in r.stderr
    assert "loaded 0 article(s)" in r.stderr
    after = partygraph("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", str(store),
                       "--format", "json").stdout
    assert json.loads(after) == json.loads(before)
    # both in one load: the second is refused the same way
    r = partygraph("load", str(tmp_path / "a"), str(tmp_path / "b"), "--store", str(tmp_path / "other"))
    assert r.returncode == 1 and "another article named x.txt" in r.stderr and "loaded 1 article(s)" in r.stderr


def test_the_same_text_under_two_names_is_kept_once_and_a_changed_page_is_refused(tmp_path, partygraph):
    (tmp_path / "in").mkdir()
    text = (DEV / "dev_07.txt").read_text(encoding="utf-8")
    (tmp_path / "in" / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "two.txt").write_text(text, encoding="utf-8")
    r = partygraph("load", str(tmp_path / "in"), "--store", str(tmp_path / "store"))
    assert r.returncode == 0 and "loaded 1 article(s)" in r.stderr
    assert "kept once" in r.stderr and "the same text as one.txt" in r.stderr
    # the same URL with another text: a changed page is not written over the stored one
    feed = tmp_path / "feed.jsonl"
    url = "https://baophutho.example.vn/mai-chau.html"
    page = (DEV / "dev_33.txt").read_text(encoding="utf-8")
    feed.write_text(json.dumps({"url": url, "text": page}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = partygraph("load", str(feed), "--store", str(tmp_path / "store"))
    assert r.returncode == 0 and "loaded 1 article(s)" in r.stderr
    changed = page.replace("Mai Châu", "Mai Chau", 1)
    assert changed != page
    feed.write_text(json.dumps({"url": url, "text": changed}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = partygraph("load", str(feed), "--store", str(tmp_path / "store"))
    assert r.returncode == 1 and "the same URL, a different text" in r.stderr
