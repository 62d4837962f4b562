"""Articles where researchers have them: newspaper pages, a WARC crawl and a
JSON Lines feed (tests/data/web/, built from dev articles by
tests/data/build_web.py), with their URL as provenance."""
from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from partygraph.graph.ingest import LoadReport
from partygraph.graph.inputs import read_all
from partygraph.loaders.article import ArticleError, read_article
from partygraph.loaders.crawl import CrawlReport, read_crawl
from partygraph.loaders.extract import extract, extract_many
from partygraph.loaders.feed import read_feed
from partygraph.loaders.web_page import MAX_PAGE_BYTES, read_page, read_page_file

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "tests" / "data" / "web"
DEV = ROOT / "corpus" / "dev"
sys.path.insert(0, str(ROOT / "tests" / "data"))
from build_web import PAGES, WEB_ARTICLES, page  # noqa: E402

# What the pages' chrome names: a related-news box, a photo caption, a
# reader's comment, the footer's editor. None of it is article text.
CHROME_PEOPLE = ("Lê Văn Tám", "Trần Văn Cường", "Hoàng Thị Mai", "Phạm Văn Dũng", "Nguyễn Văn Bình",
                 "Nguyễn Thị Hoa")
FAMILIES = ("date", "holds_post", "merged_from", "directives", "cites", "member_counts")


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k not in ("evidence", "confidence", "date_evidence")}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def web_facts() -> dict[str, dict]:
    """The facts of every article under tests/data/web/, by URL (or name)."""
    report = LoadReport()
    facts = list(extract_many(read_all(sorted(p for p in WEB.rglob("*") if p.is_file()), report)))
    assert not report.skipped
    return {f.get("url") or f["article"]: f for f in facts}


@pytest.mark.parametrize("name", sorted(WEB_ARTICLES))
def test_the_facts_of_a_page_crawl_record_or_feed_item_are_those_of_its_text(web_facts, name):
    url = WEB_ARTICLES[name]
    got = web_facts[url] if url else next(f for f in web_facts.values() if f["article"] == "feed.jsonl:2")
    want = extract(read_article(DEV / name))
    for family in FAMILIES:
        assert plain(got.get(family)) == plain(want.get(family)), (name, family)
    # a byline alone on the last line is the page's chrome too (trafilatura
    # drops it); the .txt keeps it as a person without a post
    assert set(got.get("non_officials") or []) <= set(want.get("non_officials") or [])


def test_no_fact_comes_from_the_pages_chrome(web_facts):
    text = json.dumps(list(web_facts.values()), ensure_ascii=False)
    dev_text = "".join((DEV / n).read_text(encoding="utf-8") for n in WEB_ARTICLES)
    for person in CHROME_PEOPLE:
        assert person not in dev_text     # the chrome's people are none of the articles'
        assert person not in text, person


def test_a_page_gives_its_url_title_site_date_and_how_it_was_read():
    article = read_page_file(WEB / "pages" / "dev_12.html")
    assert article.url == WEB_ARTICLES["dev_12.txt"] and article.name == article.url
    assert article.title.startswith("Phường Lang Biang - Đà Lạt kiện toàn 53 tổ chức đảng")
    assert article.publisher == "Báo Lamdong" and article.published == "2025-07-11"
    assert article.obtained.startswith("trafilatura ")
    assert "Ảnh: Minh Thuận" not in article.text and "Tin liên quan" not in article.text   # the page's caption, box
    assert article.text.startswith(article.title + "\n\n")
    # the same text on a second site: one text, another URL
    copy = read_page_file(WEB / "pages" / "dev_12_tintuc.html")
    assert copy.text_sha256 == article.text_sha256 and copy.id != article.id


def test_a_crawl_reads_its_pages_and_counts_the_rest():
    report = CrawlReport()
    articles = list(read_crawl(WEB / "crawl.warc.gz", report))
    assert all(not isinstance(a, ArticleError) for a in articles)
    assert sorted(a.url for a in articles) == sorted(WEB_ARTICLES[n] for n in ("dev_14.txt", "dev_33.txt",
                                                                               "dev_09.txt"))
    assert report.skipped == {"request record(s)": 1, "HTTP 404 response(s)": 1, "HTTP 301 response(s)": 1,
                              "image/jpeg response(s)": 1, "text/plain response(s)": 1}
    assert report.stopped is None


def test_a_truncated_crawl_yields_what_it_holds_and_says_where_it_stopped(tmp_path):
    raw = gzip.decompress((WEB / "crawl.warc.gz").read_bytes())
    cut = raw.index(b"WARC/1", raw.index(b"baophutho.example.vn/mai-chau")) + 40   # inside a later record
    damaged = tmp_path / "cut.warc"
    damaged.write_bytes(raw[:cut])
    report = CrawlReport()
    got = [a for a in read_crawl(damaged, report) if not isinstance(a, ArticleError)]
    assert 1 <= len(got) < 3
    assert report.stopped and "damaged after record" in report.stopped


def test_a_gzip_bomb_record_is_refused_within_the_page_limit(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    body = b"<html><body><p>" + b"a" * (MAX_PAGE_BYTES + 10) + b"</p></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://bomb.example.vn/", "response",
                                                  payload=io.BytesIO(body), http_headers=headers))
    (tmp_path / "bomb.warc.gz").write_bytes(out.getvalue())
    assert (tmp_path / "bomb.warc.gz").stat().st_size < 200_000   # it inflates 100x
    got = list(read_crawl(tmp_path / "bomb.warc.gz", CrawlReport()))
    assert len(got) == 1 and isinstance(got[0], ArticleError) and "too large" in got[0].reason


@pytest.mark.parametrize("html, reason", [
    ("<html><body><nav><a href='/a'>Tin mới</a><a href='/b'>Thời sự</a></nav><ul>"
     + "".join(f"<li><a href='/{i}'>Đại hội Đảng bộ xã {i}</a></li>" for i in range(30))
     + "</ul></body></html>", "no article text"),
    ("<html><body><form><p>Đăng nhập để đọc tiếp</p><input name='u'><input type='password'></form>"
     "</body></html>", "no article text"),
    ("<html><head><title>Council news</title></head><body><article><h1>Council meets</h1>"
     "<p>The city council met on Monday to discuss the budget for the coming year.</p>"
     "<p>The mayor presented the plan for new parks, roads and schools in every district of the city.</p>"
     "<p>Members of the council asked how the new bus lines would be paid for and when they would run.</p>"
     "<p>A vote on the plan is expected next month, after a round of public hearings in the suburbs.</p>"
     "</article></body></html>", "not in Vietnamese"),
])
def test_pages_that_are_no_article_are_refused_with_the_reason(html, reason):
    with pytest.raises(ArticleError, match=reason):
        read_page(html.encode("utf-8"), name="p.html")


def test_a_page_over_the_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)   # 50 MB, sparse
    with pytest.raises(ArticleError, match="too large for a page"):
        read_page_file(big)


def test_a_bad_feed_line_is_reported_with_its_number_and_the_others_load(tmp_path):
    lines = (WEB / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([lines[0], "{not json", '{"title": "no text"}', "[1, 2]", lines[1]]) + "\n",
                    encoding="utf-8")
    got = list(read_feed(feed))
    errors = [(Path(e.path).name, e.reason.split(" (")[0]) for e in got if isinstance(e, ArticleError)]
    assert errors == [("feed.jsonl:2", "not a JSON object with a text"), ("feed.jsonl:3", "no 'text'"),
                      ("feed.jsonl:4", "not a JSON object")]
    assert [a.name for a in got if not isinstance(a, ArticleError)] == [WEB_ARTICLES["dev_27.txt"],
                                                                        "feed.jsonl:5"]


def test_the_page_builder_puts_the_chrome_around_the_text():
    html = page("dev_05.txt", "https://" + PAGES["dev_05.txt"], "Báo Daklak")
    assert "Tin liên quan" in html and "Ảnh: Minh Thuận" in html and "Tổng Biên tập" in html
