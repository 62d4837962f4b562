"""Exports that cannot be made say so: PNG/SVG without matplotlib (501 on
the server, one line and exit 2 on the command line, never an empty 200),
exports larger than the configured cap (413 with the numbers and how to
narrow), and more exports at once than the server allows (503 with
Retry-After). On the seeds, through a server the tests start and stop."""
from __future__ import annotations

import re

import json
import sys
import threading
import time
from collections import Counter

import httpx
import networkx as nx
import pytest
from typer.testing import CliRunner

from partygraph.api import cli
from partygraph.api.export_routes import DESCRIPTION, NARROWING, RETRY_AFTER, configure_exports
from partygraph.graph.export import WRITERS, ExportFilter, ExportLimits, build_graph

VIZ = "need the viz extra: pip install 'partygraph[viz]' (matplotlib is not installed)"
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<svg"}


@pytest.fixture()
def no_matplotlib(monkeypatch):
    """matplotlib made unimportable, as where the viz extra is not installed."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


def counts(store, filters=None) -> tuple[Counter, Counter]:
    g = build_graph(store, filters)
    return (Counter(d["kind"] for _, d in g.nodes(data=True)),
            Counter(d["relation"] for *_, d in g.edges(data=True)))


def listed(c: Counter) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


# ------------------------------------------------------------ command line
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_cli_picture_without_matplotlib_is_one_line_and_exit_2(seed_store_path, tmp_path, no_matplotlib, fmt):
    out = tmp_path / f"look.{fmt}"
    out.write_bytes(b"previous")
    result = CliRunner().invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", fmt, "-o", str(out)])
    assert result.exit_code == cli.EXIT_FAILED
    assert result.exception is None or isinstance(result.exception, SystemExit)   # no traceback
    assert result.stdout == ""
    assert result.stderr == f"error: {fmt} pictures {VIZ}\n"
    assert out.read_bytes() == b"previous" and list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_cli_picture_with_matplotlib_is_a_real_picture(seed_store_path, tmp_path, fmt):
    out = tmp_path / f"look.{fmt}"
    result = CliRunner().invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    body = out.read_bytes()
    assert len(body) > 1000 and MAGIC[fmt] in body[:300]
    # the command says what the picture's title says it drew
    drawn = re.search(r"drew (\d+) of (\d+) nodes", result.output)
    assert drawn, result.output
    if fmt == "svg":
        assert f"partygraph: {drawn.group(1)} of {drawn.group(2)} nodes".encode() in body


def test_cli_cap_is_refused_with_the_numbers(seed_store, seed_store_path, tmp_path):
    nodes, edges = counts(seed_store)
    out = tmp_path / "all.gexf"
    out.write_text("previous", encoding="utf-8")
    result = CliRunner().invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "gexf", "-o", str(out),
                                          "--max-nodes", str(nodes.total() - 1)])
    assert result.exit_code == cli.EXIT_FAILED
    assert result.stderr == (f"error: the export would hold {nodes.total():,} nodes (at most "
                             f"{nodes.total() - 1:,}) [{listed(nodes)}; {listed(edges)}]: narrow it with "
                             "--kind, --area, --as-of or --min-sources, or raise --max-nodes/--max-edges\n")
    assert out.read_text(encoding="utf-8") == "previous"
    result = CliRunner().invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "gexf", "-o", str(out),
                                          "--max-nodes", str(nodes.total()), "--max-edges", str(edges.total())])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(out).number_of_nodes() == nodes.total()


def test_limits_from_the_environment():
    base = ExportLimits(100, 200)
    assert ExportLimits.from_env({}, base) == base
    assert ExportLimits.from_env({"PARTYGRAPH_EXPORT_MAX_NODES": " 7 ",
                                  "PARTYGRAPH_EXPORT_MAX_EDGES": "none"}, base) == ExportLimits(7, None)
    with pytest.raises(ValueError, match="PARTYGRAPH_EXPORT_MAX_EDGES wants a whole number"):
        ExportLimits.from_env({"PARTYGRAPH_EXPORT_MAX_EDGES": "lots"})
    with pytest.raises(ValueError, match="max_nodes"):
        ExportLimits(-1)


# ------------------------------------------------------------------ HTTP
@pytest.fixture(scope="module")
def served(seed_store_path, store_copy, live_server):
    """The server over the seeds with one export at a time; each test sets its cap."""
    from partygraph.api.server import create_app

    app = create_app(str(store_copy(seed_store_path)), query_workers=1)
    configure_exports(app, ExportLimits(), at_once=1)
    with live_server(app) as url:
        yield url, app


@pytest.fixture()
def cap(served):
    """`cap(limits)` sets the server's export limits until the test ends."""
    app = served[1]
    before = app.state.export_limits

    def set_cap(limits: ExportLimits) -> None:
        app.state.export_limits = limits

    yield set_cap
    app.state.export_limits = before


def get(url: str, **params) -> httpx.Response:
    return httpx.get(f"{url}/api/export", params=params, timeout=60)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_api_picture_without_matplotlib_is_501_not_an_empty_200(served, no_matplotlib, fmt):
    url, _ = served
    r = get(url, format=fmt)
    assert r.status_code == 501
    assert r.json() == {"detail": f"{fmt} pictures {VIZ}"}
    # and the slot was not kept: the next export runs
    assert get(url, format="nodelink", kind="mergers").status_code == 200


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_api_picture_with_matplotlib_is_a_real_picture(served, fmt):
    url, _ = served
    r = get(url, format=fmt)
    assert r.status_code == 200 and r.headers["content-type"].startswith(f"image/{fmt}")
    assert len(r.content) > 1000 and MAGIC[fmt] in r.content[:300]


def test_api_export_over_the_cap_is_413_with_the_numbers(served, seed_store, cap):
    url, _ = served
    nodes, edges = counts(seed_store)
    cap(ExportLimits(nodes.total() - 1, edges.total() - 1))
    r = get(url, format="gexf")
    assert r.status_code == 413
    assert r.json()["detail"] == (
        f"the export would hold {nodes.total():,} nodes (at most {nodes.total() - 1:,}) and "
        f"{edges.total():,} edges (at most {edges.total() - 1:,}) [{listed(nodes)}; {listed(edges)}]: {NARROWING}")
    assert "kind (posts, mergers or citations)" in NARROWING and "partygraph export" in NARROWING

    # Only the edges over: only they are named.
    cap(ExportLimits(None, edges.total() - 1))
    r = get(url, format="cytoscape")
    assert r.status_code == 413
    assert r.json()["detail"].startswith(f"the export would hold {edges.total():,} edges (at most "
                                         f"{edges.total() - 1:,}) [")

    # Narrowed as the message says, it fits and comes whole.
    m_nodes, m_edges = counts(seed_store, ExportFilter.of(["mergers"]))
    assert m_nodes.total() < nodes.total()
    cap(ExportLimits(m_nodes.total(), m_edges.total()))
    r = get(url, format="nodelink", kind="mergers")
    assert r.status_code == 200
    g = nx.node_link_graph(json.loads(r.content), edges="links")
    assert (g.number_of_nodes(), g.number_of_edges()) == (m_nodes.total(), m_edges.total())

    # Pictures draw a small part whatever matches: not capped.
    cap(ExportLimits(1, 1))
    r = get(url, format="png")
    assert r.status_code == 200 and r.content.startswith(MAGIC["png"])


def test_api_busy_is_503_with_retry_after_and_the_slot_comes_back(served, monkeypatch):
    url, _ = served
    started, go_on = threading.Event(), threading.Event()

    def slow_gexf(g):
        yield b"<gexf>"
        started.set()
        go_on.wait(30)
        yield b"</gexf>\n"

    monkeypatch.setitem(WRITERS, "gexf", slow_gexf)
    bodies: list[bytes] = []
    first = threading.Thread(target=lambda: bodies.append(get(url, format="gexf").content))
    first.start()
    try:
        assert started.wait(30)
        r = get(url, format="nodelink")
        assert r.status_code == 503
        assert r.headers["retry-after"] == str(RETRY_AFTER)
        assert r.json()["detail"].startswith("the server is making as many exports as it makes at once")
    finally:
        go_on.set()
        first.join(30)
    assert bodies == [b"<gexf></gexf>\n"]
    assert get(url, format="nodelink", kind="mergers").status_code == 200


def test_api_slot_comes_back_when_the_client_goes_away(served, monkeypatch):
    url, _ = served
    started, go_on = threading.Event(), threading.Event()

    def endless(g):
        yield b"<gexf>" + b" " * 65536
        started.set()
        go_on.wait(30)
        while True:
            yield b" " * 65536

    monkeypatch.setitem(WRITERS, "gexf", endless)
    with httpx.stream("GET", f"{url}/api/export", params={"format": "gexf"}, timeout=60) as r:
        assert r.status_code == 200
        next(r.iter_raw())
        assert started.wait(30)
    go_on.set()     # the client has hung up; the writer goes on until the server notices
    deadline = time.monotonic() + 20
    while (status := get(url, format="nodelink", kind="mergers").status_code) == 503:
        assert time.monotonic() < deadline, "the slot was never given back"
        time.sleep(0.2)
    assert status == 200


def test_openapi_documents_narrowing_and_limits(served):
    url, _ = served
    op = httpx.get(f"{url}/openapi.json", timeout=30).json()["paths"]["/api/export"]["get"]
    assert op["description"].strip() == DESCRIPTION.strip()
    for word in ("min_sources", "as_of", "area", "kind", "413", "503", "Retry-After", "501",
                 "partygraph[viz]", "partygraph export"):
        assert word in op["description"]
    assert {"400", "413", "501", "503"} <= set(op["responses"])
