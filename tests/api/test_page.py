"""The query page in a real headless browser (Debian's Chromium): YASGUI
loads from the vendored files, the example queries are tabs, one runs and
its rows appear; the officials search box finds Cao Thị Toàn Thắng."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian's chromium is not installed (make test installs it as root)")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def base_url(seed_store_path, store_copy, live_server):
    from partygraph.api.server import create_app

    with live_server(create_app(str(store_copy(seed_store_path)), query_timeout=10.0)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(base_url, browser):
    pg = browser.new_page()
    pg.requests = []
    pg.errors = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(base_url + "/")
    yield pg
    pg.close()


def test_example_queries_are_tabs(page):
    from partygraph.graph.queries import query_names

    page.wait_for_selector("body[data-examples]", timeout=20000)
    tabs = page.locator(".tabsList .tab").all_inner_texts()
    assert set(query_names()) <= {t.splitlines()[0].strip() for t in tabs if t.strip()}


def test_running_the_posts_example_shows_rows(page):
    page.locator(".tabsList .tab", has_text="posts").first.click()
    panel = page.locator(".tabPanel.active")
    panel.locator(".yasqe_queryButton").click()
    rows = panel.locator(".yasr tbody tr")
    rows.first.wait_for(timeout=30000)
    text = panel.locator(".yasr").inner_text()
    assert "Trần Hữu Thuần" in text and "Phó Bí thư Thường trực" in text
    assert rows.count() > 5


def test_official_search_box(page):
    page.fill("#official-name", "cao thi toan thang")
    page.click("#official-search button")
    result = page.locator("#official-results li.official").first
    result.wait_for(timeout=20000)
    text = result.inner_text()
    assert "Cao Thị Toàn Thắng" in text and "Đảng ủy xã Hạ Hòa" in text
    assert "000_c1a9f754178b24e0.txt" in text


def test_everything_came_from_this_server(page, base_url):
    assert page.requests and all(u.startswith(base_url) or u.startswith("data:") for u in page.requests), \
        [u for u in page.requests if not u.startswith(base_url)]
    assert not page.errors


def test_csv_the_page_builds_is_safe_for_spreadsheets(page):
    """YASR's CSV download of a JSON answer goes through the page's
    neutraliser: formula cells get a quote, numbers and text stay."""
    page.locator(".tabsList .tab", has_text="posts").first.click()
    got = page.evaluate("""() => window.partygraphSafeCsv(
        'a,b\\r\\n"=1+2","-5"\\r\\n"@SUM(A1)","x,=y"\\r\\n"-1+2","Hạ Hòa"')""")
    assert got == 'a,b\r\n"\'=1+2","-5"\r\n"\'@SUM(A1)","x,=y"\r\n"\'-1+2","Hạ Hòa"'
    panel = page.locator(".tabPanel.active")
    panel.locator(".yasqe_queryButton").click()
    panel.locator(".yasr tbody tr").first.wait_for(timeout=30000)
    csv = page.evaluate("() => window.partygraphYasgui.getTab().getYasr().results.asCsv()")
    assert "Trần Hữu Thuần" in csv
    assert not any(cell.startswith(("=", "+", "@")) for line in csv.splitlines() for cell in line.split(","))


SHOTS = Path(os.environ.get("PARTYGRAPH_SCREENSHOTS", "/tmp/partygraph-screenshots"))


@pytest.mark.parametrize("path, ready, shot", [("/docs", ".opblock", "docs.png"),
                                               ("/redoc", "[data-section-id]", "redoc.png")])
def test_api_docs_render_offline_from_vendored_assets(base_url, browser, path, ready, shot):
    pg = browser.new_page()
    requests: list[str] = []   # answered, that is: not refused by the CSP or the route below
    pg.on("requestfinished", lambda r: requests.append(r.url))
    # anything that is not this server fails, as it would offline
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
             or route.request.url.startswith(("data:", "blob:")) else route.abort())
    pg.goto(base_url + path)
    pg.wait_for_selector(ready, timeout=30000)
    text = pg.locator("body").inner_text()
    assert "/api/officials" in text and "/sparql" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / shot), full_page=False)
    pg.close()
    assert all(u.startswith((base_url, "data:", "blob:")) for u in requests), \
        [u for u in requests if not u.startswith(base_url)]


def test_an_example_with_parameters_runs_with_the_values_typed(page):
    page.locator(".tabsList .tab", has_text="officials_as_of").first.click()
    form = page.locator("#params")
    form.locator("input[name=asOf]").wait_for(timeout=10000)
    assert form.locator("input[name=unit]").count() == 1
    form.locator("input[name=asOf]").fill("2025-09-01")
    form.locator("button").click()
    panel = page.locator(".tabPanel.active")
    rows = panel.locator(".yasr tbody tr")
    rows.first.wait_for(timeout=30000)
    text = panel.locator(".yasr").inner_text()
    assert "Cao Thị Toàn Thắng" in text and "2025-09-01" in text
    assert "row(s)" in form.locator(".param-status").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "officials_as_of.png"), full_page=False)
    # a value of the wrong kind is refused with the reason, nothing run
    form.locator("input[name=unit]").fill("not an iri")
    form.locator("button").click()
    page.wait_for_function("document.querySelector('#params .param-status').textContent.includes('IRI')")


def test_a_share_link_opens_and_runs_the_shared_query(base_url, browser):
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX pg: <https://w3id.org/partygraph/ontology#> "
             "SELECT ?name WHERE { ?p pg:holdsPost ?post ; rdfs:label ?name } ORDER BY ?name")
    pg = browser.new_page()
    pg.goto(base_url + "/")
    pg.wait_for_selector("body[data-examples]", timeout=20000)
    link = pg.evaluate("q => { const t = window.partygraphYasgui.getTab(); t.setQuery(q);"
                       " return t.getShareableLink(); }", query)
    pg.close()
    assert link.startswith(base_url)
    pg = browser.new_page()
    pg.goto(link)
    pg.wait_for_selector("body[data-examples]", timeout=20000)
    panel = pg.locator(".tabPanel.active")
    panel.locator(".yasr tbody tr").first.wait_for(timeout=30000)
    assert "holdsPost" in pg.evaluate("() => window.partygraphYasgui.getTab().getQuery()")
    assert "Cao Thị Toàn Thắng" in panel.locator(".yasr").inner_text()
    assert pg.locator("#params").is_hidden()   # the shared query is not the example's: no inputs
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "shared_link.png"), full_page=False)
    pg.close()


def test_search_to_the_person_page_to_her_unit(page, base_url):
    """A researcher's path: the search box, the person's page with the fact's
    words marked in its source sentence, then the unit it names and what
    that unit was formed from."""
    page.goto(base_url + "/")
    page.fill("#official-name", "cao thi toan thang")
    page.click("#official-search button")
    page.locator("#official-results a.name").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Cao Thị Toàn Thắng"
    marked = page.locator("li.source mark").all_inner_texts()
    assert "Cao Thị Toàn Thắng" in marked and "Bí thư" in marked
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "person.png"), full_page=True)
    page.locator("li.post").first.get_by_role("link", name="xã Hạ Hòa", exact=True).click()
    page.wait_for_selector("table.facts")
    assert page.locator("h1").inner_text() == "xã Hạ Hòa"
    formed_from = page.locator("tr", has=page.locator("th", has_text="mergedFrom")).all_inner_texts()
    assert len(formed_from) >= 2
    graph = page.locator("svg.entity-graph")
    assert graph.count() == 1 and graph.locator("line").count() >= len(formed_from)
    assert graph.locator("a").count() >= len(formed_from)   # each predecessor links to its page
    page.screenshot(path=str(SHOTS / "unit.png"), full_page=True)


@pytest.fixture(scope="module")
def corpus_url(corpus_store, store_copy, live_server):
    from partygraph.api.server import create_app

    with live_server(create_app(str(store_copy(corpus_store.location)), query_timeout=10.0)) as url:
        yield url


def test_a_researchers_path_search_person_ward_document(corpus_url, browser):
    """Search "hoang nga" -> her page, the fact's words marked in the source
    sentence -> her ward's page with its lineage graph; search "Kết luận 137"
    -> the document's page with its citation graph."""
    pg = browser.new_page()
    pg.goto(corpus_url + "/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.fill("#search-text", "hoang nga")
    pg.click("#search-form button")
    pg.locator("#search-results ul.people a", has_text="Hoàng Thị Tố Nga").click()
    pg.wait_for_selector("h1")
    assert pg.locator("h1").inner_text() == "Hoàng Thị Tố Nga"
    assert "Hoàng Thị Tố Nga" in pg.locator("li.source mark").all_inner_texts()
    pg.screenshot(path=str(SHOTS / "search_person.png"), full_page=True)
    pg.locator("li.post").first.get_by_role("link", name="phường Bến Thành", exact=True).click()
    pg.wait_for_selector("svg.entity-graph")
    assert pg.locator("h1").inner_text() == "phường Bến Thành"
    assert pg.locator("svg.entity-graph line").count() >= 4
    pg.screenshot(path=str(SHOTS / "ward_lineage.png"), full_page=True)
    pg.goto(corpus_url + "/")
    pg.fill("#search-text", "Kết luận 137")
    pg.click("#search-form button")
    pg.locator("#search-results ul.documents a", has_text="137-KL/TW").click()
    pg.wait_for_selector("svg.entity-graph")
    assert pg.locator("h1").inner_text() == "137-KL/TW"
    assert pg.locator("svg.entity-graph line").count() >= 2
    pg.screenshot(path=str(SHOTS / "document_citations.png"), full_page=True)
    pg.close()


def test_results_show_labels_and_come_one_page_at_a_time(corpus_url, browser):
    """posts_by_area has hundreds of rows on the dev corpus: the page asks
    for the first 100 with their total, and the pager asks for the next."""
    pg = browser.new_page(viewport={"width": 1300, "height": 900})
    bodies: list[str] = []
    pg.on("request", lambda r: bodies.append(r.post_data or "") if r.url.endswith("/sparql") else None)
    pg.goto(corpus_url + "/")
    pg.wait_for_selector("body[data-examples]", timeout=20000)
    pg.locator(".tabsList .tab", has_text="posts_by_area").first.click()
    panel = pg.locator(".tabPanel.active")
    panel.locator(".yasqe_queryButton").click()
    count = panel.locator(".pg-count")
    count.wait_for(timeout=30000)
    first = count.inner_text()
    assert first.startswith("rows 1–100 of ") and int(first.rsplit(" ", 1)[1]) > 200
    assert panel.locator(".yasr tbody tr").count() == 100
    assert any("limit=100" in b and "offset=0" in b for b in bodies)
    panel.locator("button.pg-next").click()
    pg.wait_for_function("() => document.querySelector('.tabPanel.active .pg-count').textContent"
                         ".startsWith('rows 101–200 of')", timeout=30000)
    assert any("offset=100" in b for b in bodies)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "paged_table.png"), full_page=False)
    pg.close()


def test_a_result_as_table_graph_and_timeline(corpus_url, browser):
    """person_career bound to Hoàng Thị Tố Nga: the table names her posts'
    bodies by label and links them to their pages; the graph view draws
    her, her posts and their bodies; the timeline one mark per post."""
    pg = browser.new_page(viewport={"width": 1300, "height": 900})
    pg.goto(corpus_url + "/")
    pg.wait_for_selector("body[data-examples]", timeout=20000)
    pg.locator(".tabsList .tab", has_text="person_career").first.click()
    pg.locator("#params input[name=person]").fill("pgid:person/hoang-thi-to-nga-c6079195")
    pg.locator("#params button").click()
    panel = pg.locator(".tabPanel.active")
    panel.locator(".yasr tbody tr").first.wait_for(timeout=30000)
    table = panel.locator(".yasr table.pg-results")
    assert table.locator("tbody tr").count() == 3
    body = table.get_by_role("link", name="Đảng ủy phường Bến Thành", exact=True).first
    assert body.get_attribute("href").startswith("/id/org/dang-uy-phuong-ben-thanh")
    assert "https://w3id.org" not in table.inner_text() and "XMLSchema" not in table.inner_text()
    assert "false" in table.inner_text() and "true" in table.inner_text()   # literals by their value
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "table_labels.png"), full_page=False)
    panel.locator(".select_graph").click()
    graph = panel.locator(".pg-graph svg")
    graph.wait_for(timeout=10000)
    assert graph.locator("circle").count() == 7      # her, three posts, three bodies
    assert "Hoàng Thị Tố Nga" in graph.locator("text").all_text_contents()
    pg.screenshot(path=str(SHOTS / "graph_view.png"), full_page=False)
    panel.locator(".select_timeline").click()
    timeline = panel.locator(".pg-timeline svg")
    timeline.wait_for(timeout=10000)
    assert timeline.locator("circle, rect").count() == 3
    pg.screenshot(path=str(SHOTS / "timeline_view.png"), full_page=False)
    pg.close()


def test_a_unit_page_shows_its_officials_as_of_the_day_typed(corpus_url, browser):
    pg = browser.new_page()
    pg.goto(corpus_url + "/id/unit/xa-minh-hac-2d0bcba6?as_of=2025-01-01")
    assert "No current holder" in pg.locator("body").inner_text()
    pg.fill("input[name=as_of]", "2025-09-01")
    pg.locator("form.as-of button").click()
    pg.wait_for_selector("text=Covered now by")
    covered = pg.locator("body").inner_text().split("Covered now by")[1]
    assert "xã Hạ Hòa" in covered and "Cao Thị Toàn Thắng" in covered
    assert "08053" in covered
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "unit_as_of.png"), full_page=True)
    pg.close()
