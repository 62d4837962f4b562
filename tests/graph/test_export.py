"""Exports for Gephi, yEd, Cytoscape and D3, from the seeds loaded through
the real pipeline and from a small store of our own with hostile labels."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from lxml import etree

from partygraph.graph.export import (FORMATS, GEXF_NS, VIZ_NS, ExportError, ExportFilter, build_graph,
                          export_to_file, iter_export, picture_subgraph, safe_text)
from partygraph.graph.stores import open_store
from partygraph.loaders.article import Article
from partygraph.loaders.identity import article_iri, person_iri
from partygraph.loaders.mapping import facts_to_quads
from partygraph.loaders.normalize import key
from partygraph.ontology import ENTITIES_GRAPH, PG, RDF, RDFS

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "gexf-1.3"
YFILES = "{http://www.yworks.com/xml/graphml}"


# ---------------------------------------------------------------- helpers
def node_by_label(g: nx.MultiDiGraph, label: str) -> str:
    found = [n for n, d in g.nodes(data=True) if key(d.get("label")) == key(label)]
    assert len(found) == 1, f"{label!r}: {found}"
    return found[0]


def edges_between(g, s, t, relation):
    return [d for _, v, d in g.out_edges(s, data=True) if v == t and d["relation"] == relation]


def read_back(fmt: str, path: Path) -> nx.MultiDiGraph:
    if fmt == "gexf":
        return nx.MultiDiGraph(nx.read_gexf(path))
    if fmt == "graphml":
        return nx.MultiDiGraph(nx.read_graphml(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    if fmt == "cytoscape":
        return nx.cytoscape_graph(data)
    return nx.node_link_graph(data, edges="links")


def edge_ids(g: nx.MultiDiGraph) -> list[str]:
    """Edge ids as read back: the keys of a multigraph, or the `id`
    attribute when networkx made a simple graph and lost the keys."""
    return sorted(d.get("id", k) for *_, k, d in g.edges(keys=True, data=True))


def validate_gexf(path: Path) -> None:
    """The file as written against the RELAX NG grammar; then against the
    XSD, with the viz elements moved into the namespace the generated XSD
    (wrongly) declares them in -- see tests/data/gexf-1.3/README.md."""
    doc = etree.parse(str(path))
    rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "gexf.rng")))
    assert rng.validate(doc), rng.error_log
    for el in doc.iter(f"{{{VIZ_NS}}}*"):
        el.tag = f"{{{GEXF_NS}}}{etree.QName(el).localname}"
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "gexf.xsd")))
    assert xsd.validate(doc), xsd.error_log


def store_facts(store) -> dict[str, set]:
    """What the store says, counted straight from its quads (not through
    the export's queries)."""
    props: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for q in store.quads():
        props[q.subject.value][q.predicate.value].add(q.object.value)
    typed = defaultdict(list)
    for s, p in props.items():
        for t in p[RDF + "type"]:
            typed[t].append(p)

    def one(p, name):
        return next(iter(p[PG + name]))

    holdings = {(one(p, "holder"), one(p, "post"), one(p, "former")) for p in typed[PG + "PostHolding"]}
    mergers = {(one(p, "newUnit"), one(p, "predecessor")) for p in typed[PG + "Merger"]}
    cites = {(one(p, "citing"), one(p, "cited")) for p in typed[PG + "Citation"]}
    bodies = {one(props[post], "postIn") for _, post, _ in holdings}
    bodies |= {one(p, "organization") for p in typed[PG + "MemberCount"]}
    part_of = {(b, u) for b in bodies for u in props[b][PG + "ofUnit"]}
    units = {u for pair in mergers for u in pair} | {u for _, u in part_of}
    documents = {one(p, "mentions") for p in typed[PG + "DocumentMention"]} | {d for pair in cites for d in pair}
    return {"person": {h for h, _, _ in holdings}, "body": bodies, "unit": units, "document": documents,
            "holds_post": holdings, "merged_from": mergers, "cites": cites, "part_of": part_of}


# --------------------------------------------------------- a store of ours
HOSTILE = 'Nguyễn <script>alert("x")</script>\x0b Văn\u202e Thử & "co" --> ]]> \uffff'
HOSTILE_CLEAN = 'Nguyễn <script>alert("x")</script> Văn Thử & "co" --> ]]>'
BODY = "Đảng ủy xã Thử Nghiệm"


def _article(name: str, date: str, holds: list[dict], **more) -> tuple[Article, dict]:
    text = f"Bài {name}. " + " ".join(h["person"] + " " + h["role"] + " " + h["organization"] for h in holds)
    facts = {"article": name, "date": date, "holds_post": holds, "merged_from": [], "directives": [],
             "cites": [], "member_counts": [], **more}
    return Article(name=name, text=text, sha256="0" * 64), facts


@pytest.fixture(scope="module")
def small_store():
    """Two articles: one person with two posts in one body (one of them
    reported by both), a merger, a citation; the person's label then
    replaced by hostile text (controls, a bidi override, markup, U+FFFF)
    that no loader would store."""
    person = "Nguyễn Văn Thử"
    a = _article("small_a.txt", "2025-03-01", [
        {"person": person, "role": "Phó Bí thư Thường trực", "organization": BODY, "area": "xã Thử Nghiệm"},
        {"person": person, "role": "Phó Bí thư", "organization": BODY, "area": "xã Thử Nghiệm"}],
        merged_from=[{"unit": "xã Thử Nghiệm", "source": "xã Cũ"}],
        directives=[{"id": "12-CT/TW", "type": "Chỉ thị", "issuer": "Ban Bí thư"},
                    {"id": "34-KH/TU", "type": "Kế hoạch", "issuer": None}],
        cites=[{"citing": "34-KH/TU", "cited": "12-CT/TW"}])
    b = _article("small_b.txt", "2025-06-01", [
        {"person": person, "role": "Phó Bí thư Thường trực", "organization": BODY, "area": "xã Thử Nghiệm"}])
    store = open_store(None)
    label = ox.NamedNode(RDFS + "label")
    for article, facts in (a, b):
        quads = [q for q in facts_to_quads(article, facts, "test") if q.predicate != label
                 or q.graph_name.value != ENTITIES_GRAPH or q.subject != person_iri(person)]
        quads.append(ox.Quad(person_iri(person), label, ox.Literal(HOSTILE), ox.NamedNode(ENTITIES_GRAPH)))
        store.replace_graph(article_iri(article).value, quads)
    return store


def test_small_store_counts_and_two_posts_in_one_body(small_store):
    g = build_graph(small_store)
    kinds = sorted(d["kind"] for _, d in g.nodes(data=True))
    assert kinds == ["body", "document", "document", "person", "unit", "unit"]
    relations = sorted(d["relation"] for *_, d in g.edges(data=True))
    assert relations == ["cites", "holds_post", "holds_post", "merged_from", "part_of"]
    person = node_by_label(g, HOSTILE_CLEAN)
    body = node_by_label(g, BODY)
    posts = edges_between(g, person, body, "holds_post")
    assert sorted(d["role"] for d in posts) == ["Phó Bí thư", "Phó Bí thư Thường trực"]
    assert len({d["id"] for d in posts}) == 2
    both = next(d for d in posts if d["role"] == "Phó Bí thư Thường trực")
    assert (both["first_reported"], both["last_reported"], both["sources"]) == ("2025-03-01", "2025-06-01", 2)
    assert g.nodes[node_by_label(g, "12-CT/TW")]["issuer"] == "Ban Bí thư"


def test_min_sources_and_as_of(small_store):
    g = build_graph(small_store, ExportFilter.of(min_sources=2))
    assert sorted(d["label"] for _, d in g.nodes(data=True)) == sorted([HOSTILE_CLEAN, BODY, "xã Thử Nghiệm"])
    assert sorted(d.get("role", d["relation"]) for *_, d in g.edges(data=True)) == [
        "Phó Bí thư Thường trực", "part_of"]

    early = build_graph(small_store, ExportFilter.of(as_of="2025-04-01"))
    person, body = node_by_label(early, HOSTILE_CLEAN), node_by_label(early, BODY)
    first = next(d for d in edges_between(early, person, body, "holds_post") if d["role"] == "Phó Bí thư Thường trực")
    assert (first["last_reported"], first["sources"]) == ("2025-03-01", 1)
    assert build_graph(small_store, ExportFilter.of(as_of="2025-02-28")).number_of_nodes() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_label_leaves_every_file_well_formed(small_store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    export_to_file(small_store, fmt, out)
    raw = out.read_bytes()
    if fmt == "png":
        assert raw.startswith(b"\x89PNG\r\n\x1a\n")
        return
    text = raw.decode("utf-8")
    for bad in ("\x0b", "\u202e", "\uffff"):
        assert bad not in text
    if fmt in ("gexf", "graphml", "svg"):
        assert "<script>" not in text
        etree.fromstring(raw)   # strict: raises on anything not well-formed
    if fmt in ("gexf", "graphml", "cytoscape", "nodelink"):
        h = read_back(fmt, out)
        assert HOSTILE_CLEAN in {d.get("label") for _, d in h.nodes(data=True)}
    if fmt == "gexf":
        validate_gexf(out)


def test_safe_text_removes_what_xml_forbids():
    assert safe_text("a\x0bb\u202ec\ud800d\uffff\x00e\u200b f") == "abcde f"
    assert safe_text("  Xã   Hạ\tHòa \n") == "Xã Hạ Hòa"


def test_bad_filters_are_refused_with_the_reason(small_store, tmp_path):
    with pytest.raises(ExportError, match="unknown kind"):
        ExportFilter.of(kinds=["posts", "people"])
    with pytest.raises(ExportError, match="YYYY-MM-DD"):
        ExportFilter.of(as_of="2025-02-30")
    with pytest.raises(ExportError, match="at least 1"):
        ExportFilter.of(min_sources=0)
    with pytest.raises(ExportError, match="unknown format"):
        iter_export(small_store, "dot")
    with pytest.raises(ExportError, match="no administrative unit"):
        build_graph(small_store, ExportFilter.of(area="xã Không Có"))
    out = tmp_path / "keep.gexf"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError):
        export_to_file(small_store, "gexf", out, ExportFilter.of(area="xã Không Có"))
    assert out.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [out]


# ------------------------------------------------------------- the seeds
@pytest.fixture(scope="module")
def seed_graph(seed_store):
    return build_graph(seed_store)


def test_seed_counts_match_the_store(seed_store, seed_graph):
    """One node per person, body, unit and document the facts name; one
    edge per (person, post, former), merger, citation and body-unit link."""
    expected = store_facts(seed_store)
    kinds = defaultdict(int)
    for _, d in seed_graph.nodes(data=True):
        kinds[d["kind"]] += 1
    relations = defaultdict(int)
    for *_, d in seed_graph.edges(data=True):
        relations[d["relation"]] += 1
    for kind in ("person", "body", "unit", "document"):
        assert kinds[kind] == len(expected[kind]), kind
    for relation in ("holds_post", "merged_from", "cites", "part_of"):
        assert relations[relation] == len(expected[relation]), relation
    assert seed_graph.number_of_nodes() == sum(len(expected[k]) for k in ("person", "body", "unit", "document"))
    # Gold-known floor: 14 people, 4 mergers, 8 documents in the five seeds.
    assert kinds["person"] >= 10 and relations["merged_from"] >= 4 and kinds["document"] >= 5
    keys = [k for *_, k in seed_graph.edges(keys=True)]
    assert len(keys) == len(set(keys))


def test_seed_facts_are_in_the_graph(seed_graph):
    g = seed_graph
    thang, dang_uy = node_by_label(g, "Cao Thị Toàn Thắng"), node_by_label(g, "Đảng ủy xã Hạ Hòa")
    post = edges_between(g, thang, dang_uy, "holds_post")
    assert [d["role"] for d in post] == ["Bí thư"]
    assert post[0]["first_reported"] == "2025-08-07" and post[0]["former"] is False
    ha_hoa = node_by_label(g, "xã Hạ Hòa")
    assert edges_between(g, dang_uy, ha_hoa, "part_of")
    predecessors = {g.nodes[v]["label"] for _, v, d in g.out_edges(ha_hoa, data=True)
                    if d["relation"] == "merged_from"}
    assert {key(p) for p in predecessors} >= {key(p) for p in
                                              ("thị trấn Hạ Hòa", "xã Minh Hạc", "xã Ấm Hạ", "xã Gia Điền")}
    huyen_uy = node_by_label(g, "Huyện ủy Lộc Hà")
    roles = {d["role"] for _, v, d in g.out_edges(node_by_label(g, "Nguyễn Thế Hoàn"), data=True) if v == huyen_uy}
    assert "Bí thư" in roles
    roles = {d["role"] for _, v, d in g.out_edges(node_by_label(g, "Trần Hữu Thuần"), data=True) if v == huyen_uy}
    assert "Phó Bí thư Thường trực" in roles
    directive = g.nodes[node_by_label(g, "50-CT/TW")]
    assert directive["kind"] == "document" and directive["symbol"] == "50-CT/TW"
    assert g.nodes[ha_hoa]["unit_type"] == "xã" and g.nodes[dang_uy]["body_kind"] == "Đảng ủy"
    assert g.nodes[thang]["color"] != g.nodes[dang_uy]["color"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "cytoscape", "nodelink"])
def test_every_format_reads_back_with_networkx(seed_store, seed_graph, tmp_path, fmt):
    out = tmp_path / f"seeds.{fmt}"
    export_to_file(seed_store, fmt, out)
    h = read_back(fmt, out)
    assert set(h.nodes) == set(seed_graph.nodes)
    assert edge_ids(h) == edge_ids(seed_graph)
    labels = {key(d["label"]) for _, d in h.nodes(data=True)}
    for name in ("Cao Thị Toàn Thắng", "Nguyễn Thế Hoàn", "xã Minh Hạc", "50-CT/TW"):
        assert key(name) in labels
    thang = node_by_label(h, "Cao Thị Toàn Thắng")
    assert "Bí thư" in {d.get("role") or d.get("label") for *_, d in h.out_edges(thang, data=True)}


def test_gexf_is_valid_with_spells_and_colours(seed_store, tmp_path):
    out = tmp_path / "seeds.gexf"
    export_to_file(seed_store, "gexf", out)
    validate_gexf(out)
    doc = etree.parse(str(out))
    ns = {"g": GEXF_NS, "viz": VIZ_NS}
    graph = doc.find("g:graph", ns)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    thang = doc.xpath("//g:node[@label='Cao Thị Toàn Thắng']", namespaces=ns)[0]
    spell = doc.xpath(f"//g:edge[@source='{thang.get('id')}'][@kind='Bí thư']/g:spells/g:spell", namespaces=ns)[0]
    assert (spell.get("start"), spell.get("end")) == ("2025-08-07", "2025-08-07")
    colour_of_kind = defaultdict(set)
    for _, d in nx.read_gexf(out).nodes(data=True):
        colour_of_kind[d["kind"]].add(tuple(d["viz"]["color"][c] for c in "rgb"))
    assert all(len(c) == 1 for c in colour_of_kind.values())   # one colour per kind ...
    assert len(set().union(*colour_of_kind.values())) == len(colour_of_kind) == 4   # ... each its own
    # The schemas do reject a broken file (an edge without its target).
    edge = doc.find(".//g:edge", ns)
    del edge.attrib["target"]
    broken = tmp_path / "broken.gexf"
    doc.write(str(broken))
    with pytest.raises(AssertionError):
        validate_gexf(broken)


def test_gexf_spells_are_tenures_and_former_posts_have_none(corpus_store, tmp_path):
    out = tmp_path / "corpus.gexf"
    export_to_file(corpus_store, "gexf", out)
    ns = {"g": GEXF_NS}
    doc = etree.parse(str(out))
    holds = doc.xpath("//g:edge[starts-with(@id, 'holds/')]", namespaces=ns)
    former = [e for e in holds if e.get("label").startswith("nguyên ")]
    current = [e for e in holds if not e.get("label").startswith("nguyên ")]
    assert len(former) > 10 and len(current) > 100
    # reported former on a date is not held then: no spell
    assert all(not e.xpath("g:spells", namespaces=ns) for e in former)
    spells = [e.xpath("g:spells/g:spell", namespaces=ns) for e in current]
    assert all(len(s) == 1 and s[0].get("start") <= s[0].get("end") for s in spells if s)
    assert sum(1 for s in spells if s and s[0].get("start") < s[0].get("end")) > 0   # first to last report


def test_graphml_shows_labels_in_yed(seed_store, tmp_path):
    out = tmp_path / "seeds.graphml"
    g = export_to_file(seed_store, "graphml", out)
    doc = etree.parse(str(out))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graphics = doc.xpath("//g:key[@yfiles.type='nodegraphics']/@id", namespaces=ns)
    assert len(graphics) == 1
    for node in doc.iterfind(".//g:node", ns):
        shown = node.find(f"g:data[@key='{graphics[0]}']/{YFILES}ShapeNode/{YFILES}NodeLabel", ns)
        assert shown is not None and shown.text == g.nodes[node.get("id")]["label"]


def test_cytoscape_elements_all_have_ids(seed_store):
    data = json.loads(b"".join(iter_export(seed_store, "cytoscape")))
    elements = data["elements"]["nodes"] + data["elements"]["edges"]
    ids = [e["data"]["id"] for e in elements]
    assert all(ids) and len(ids) == len(set(ids))
    nodes = {e["data"]["id"] for e in data["elements"]["nodes"]}
    assert all(e["data"]["source"] in nodes and e["data"]["target"] in nodes for e in data["elements"]["edges"])


def test_filters_on_the_seeds(seed_store, seed_graph):
    mergers = build_graph(seed_store, ExportFilter.of(kinds=["mergers"]))
    assert {d["kind"] for _, d in mergers.nodes(data=True)} == {"unit"}
    assert {d["relation"] for *_, d in mergers.edges(data=True)} == {"merged_from"}
    posts = build_graph(seed_store, ExportFilter.of(kinds=["posts"]))
    assert {d["relation"] for *_, d in posts.edges(data=True)} == {"holds_post", "part_of"}
    assert "document" not in {d["kind"] for _, d in posts.nodes(data=True)}
    citations = build_graph(seed_store, ExportFilter.of(kinds=["citations"]))
    assert {d["kind"] for _, d in citations.nodes(data=True)} == {"document"}

    area = build_graph(seed_store, ExportFilter.of(area="xã Hạ Hoà"))   # old tone placement
    labels = {key(d["label"]) for _, d in area.nodes(data=True)}
    assert {key(x) for x in ("xã Hạ Hòa", "xã Minh Hạc", "Đảng ủy xã Hạ Hòa", "Cao Thị Toàn Thắng")} <= labels
    assert key("Nguyễn Thế Hoàn") not in labels and key("50-CT/TW") not in labels
    with pytest.raises(ExportError, match="several units"):
        build_graph(seed_store, ExportFilter.of(area="Hạ Hòa"))

    # Seed 000 is dated 2025-08-07, seed 004 2024-02-29.
    before = build_graph(seed_store, ExportFilter.of(as_of="2025-01-01"))
    labels = {key(d["label"]) for _, d in before.nodes(data=True)}
    assert key("Nguyễn Thế Hoàn") in labels and key("Cao Thị Toàn Thắng") not in labels
    assert all(d.get("last_reported", "") <= "2025-01-01" for *_, d in before.edges(data=True)
               if d["relation"] != "part_of")
    strict = build_graph(seed_store, ExportFilter.of(min_sources=2))
    assert all(d["sources"] >= 2 for *_, d in strict.edges(data=True) if d["relation"] != "part_of")
    assert strict.number_of_edges() < seed_graph.number_of_edges()


def test_picture_draws_a_small_subgraph(seed_store, seed_graph):
    svg = b"".join(iter_export(seed_store, "svg"))
    assert etree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
    small = picture_subgraph(seed_graph, max_nodes=10)
    assert small.number_of_nodes() == 10
    top = max(seed_graph.degree, key=lambda nd: nd[1])[0]
    assert top in small


def test_two_posts_in_one_body_stay_two_edges_in_the_dev_corpus(corpus_store, tmp_path):
    """dev_02: Lò Minh Hùng, Phó Bí thư Thường trực and Phó Bí thư of
    Tỉnh ủy Sơn La -- two edges, distinct ids, in the graph and in Gephi's file."""
    g = build_graph(corpus_store)
    person, body = node_by_label(g, "Lò Minh Hùng"), node_by_label(g, "Tỉnh ủy Sơn La")
    posts = edges_between(g, person, body, "holds_post")
    assert sorted(d["role"] for d in posts) == ["Phó Bí thư", "Phó Bí thư Thường trực"]
    out = tmp_path / "corpus.gexf"
    export_to_file(corpus_store, "gexf", out)
    validate_gexf(out)
    h = nx.read_gexf(out)
    assert isinstance(h, nx.MultiDiGraph)
    kept = h.get_edge_data(person, body)
    assert sorted(d["label"] for d in kept.values()) == ["Phó Bí thư", "Phó Bí thư Thường trực"]
