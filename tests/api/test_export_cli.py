"""`partygraph export` and GET /api/export on the seeds: files networkx
reads back, filters, clear refusals that leave an existing file alone, and
a streamed HTTP response from a server the test starts and stops."""
from __future__ import annotations

import json

import httpx
import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from partygraph.api import cli
from partygraph.loaders.normalize import key


@pytest.fixture()
def runner():
    return CliRunner()


def labels(g) -> set[str]:
    return {key(d.get("label")) for _, d in g.nodes(data=True)}


@pytest.mark.parametrize("fmt,read", [
    ("gexf", nx.read_gexf),
    ("graphml", nx.read_graphml),
    ("cytoscape", lambda p: nx.cytoscape_graph(json.loads(p.read_text(encoding="utf-8")))),
    ("nodelink", lambda p: nx.node_link_graph(json.loads(p.read_text(encoding="utf-8")), edges="links")),
])
def test_export_each_format(runner, seed_store_path, tmp_path, fmt, read):
    out = tmp_path / f"seeds.{fmt}"
    result = runner.invoke(cli.app, ["export", "--store", str(seed_store_path), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    g = read(out)
    assert {key(x) for x in ("Cao Thị Toàn Thắng", "Nguyễn Thế Hoàn", "xã Minh Hạc")} <= labels(g)
    assert f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} edges" in result.output


def test_export_filters_and_picture(runner, seed_store_path, tmp_path):
    out = tmp_path / "area.json"
    result = runner.invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "nodelink", "-o", str(out),
                                     "--kind", "posts,mergers", "--area", "xã Hạ Hòa", "--min-sources", "1"])
    assert result.exit_code == 0, result.output
    g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    assert key("Cao Thị Toàn Thắng") in labels(g) and key("Nguyễn Thế Hoàn") not in labels(g)
    assert {d["relation"] for *_, d in g.edges(data=True)} <= {"holds_post", "part_of", "merged_from"}

    out = tmp_path / "early.gexf"
    result = runner.invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "gexf", "-o", str(out),
                                     "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert key("Cao Thị Toàn Thắng") not in labels(nx.read_gexf(out))

    out = tmp_path / "look.png"
    result = runner.invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "png", "-o", str(out)])
    assert result.exit_code == 0 and out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("args,reason", [
    (["--kind", "people"], "unknown kind people"),
    (["--as-of", "07/08/2025"], "YYYY-MM-DD"),
    (["--min-sources", "0"], "at least 1"),
    (["--area", "Hạ Hòa"], "names several units"),
    (["--area", "xã Không Có"], "no administrative unit"),
])
def test_bad_input_is_refused_and_the_old_file_kept(runner, seed_store_path, tmp_path, args, reason):
    out = tmp_path / "kept.gexf"
    out.write_text("previous export", encoding="utf-8")
    result = runner.invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "gexf", "-o", str(out), *args])
    assert result.exit_code == cli.EXIT_FAILED
    assert reason in " ".join(result.output.split())
    assert out.read_text(encoding="utf-8") == "previous export"
    assert list(tmp_path.iterdir()) == [out]


def test_missing_store_and_folder(runner, tmp_path, seed_store_path):
    result = runner.invoke(cli.app, ["export", "-s", str(tmp_path / "none"), "-f", "gexf", "-o", str(tmp_path / "x")])
    assert result.exit_code == cli.EXIT_FAILED and "no store at" in result.output
    result = runner.invoke(cli.app, ["export", "-s", "http://127.0.0.1:9/sparql", "-f", "gexf", "-o", str(tmp_path / "x")])
    # a SPARQL server is a store export reads (tests/graph/test_virtuoso_store.py); none listens here
    assert result.exit_code == cli.EXIT_FAILED and "cannot reach the SPARQL server" in result.output
    result = runner.invoke(cli.app, ["export", "-s", str(seed_store_path), "-f", "gexf",
                                     "-o", str(tmp_path / "no" / "such" / "x.gexf")])
    assert result.exit_code == cli.EXIT_FAILED and "no folder" in " ".join(result.output.split())


# ------------------------------------------------------------------ HTTP
@pytest.fixture(scope="module")
def server(seed_store_path, store_copy, live_server):
    """The partygraph server over the seeds (127.0.0.1, a free port), which
    includes the export router; stopped after the module's tests."""
    from partygraph.api.server import create_app

    with live_server(create_app(str(store_copy(seed_store_path)), query_workers=1)) as url:
        yield url


def test_api_streams_gexf(server):
    with httpx.stream("GET", f"{server}/api/export", params={"format": "gexf"}, timeout=60) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/gexf+xml")
        assert r.headers.get("transfer-encoding") == "chunked"
        assert 'filename="partygraph.gexf"' in r.headers["content-disposition"]
        body = b"".join(r.iter_bytes())
    root = etree.fromstring(body)
    assert root.get("version") == "1.3"
    assert "Cao Thị Toàn Thắng" in {n.get("label") for n in root.iter("{http://gexf.net/1.3}node")}


def test_api_cytoscape_with_filters(server):
    r = httpx.get(f"{server}/api/export", params={"format": "cytoscape", "kind": "mergers"}, timeout=60)
    assert r.status_code == 200
    g = nx.cytoscape_graph(r.json())
    assert {d["kind"] for _, d in g.nodes(data=True)} == {"unit"}
    assert key("xã Minh Hạc") in labels(g)


@pytest.mark.parametrize("params,reason", [
    ({"format": "dot"}, "unknown format"),
    ({"format": "gexf", "as_of": "yesterday"}, "YYYY-MM-DD"),
    ({"format": "gexf", "area": "Hạ Hòa"}, "names several units"),
])
def test_api_refuses_bad_input(server, params, reason):
    r = httpx.get(f"{server}/api/export", params=params, timeout=60)
    assert r.status_code == 400 and reason in r.json()["detail"]
