"""The W3C SPARQL 1.1 Protocol test cases that apply to a read-only
endpoint, run over HTTP against a live server (uvicorn on 127.0.0.1 and a
free port). The cases are the manifest of w3c/rdf-tests (see
w3c_protocol/SOURCE.md), read here, not retyped.

Applicable: every query case, and the `bad_*` update cases (a read-only
endpoint must refuse them with a 4xx as well). The `update_*` cases expect
an update to succeed and do not apply. Run `pytest -rA` to see the tally.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, Namespace

HERE = Path(__file__).resolve().parent / "w3c_protocol"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

RESULT_TYPES = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
                "tabular": ("application/sparql-results+json", "application/sparql-results+xml",
                            "text/csv", "text/tab-separated-values"),
                "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples", "text/html",
                        "application/xhtml+xml")}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[str, ...]           # "2xx", "3xx", "4xx"
    format: str | None
    boolean: bool | None


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    graphs: tuple[tuple[str, str], ...]   # (graph IRI, data file)
    requests: tuple[Request, ...]


def load_manifest() -> list[Case]:
    g = rdflib.Graph()
    g.parse(HERE / "manifest.ttl", format="turtle", publicID=BASE + "manifest.ttl")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(g, g.value(manifest, MF.entries)):
        graphs = tuple(sorted((str(g.value(d, RDFS.label)), str(g.value(d, UT.graph)).rsplit("/", 1)[-1])
                              for d in g.objects(entry, UT.graphData)))
        requests = []
        for r in Collection(g, g.value(g.value(entry, MF.action), HT.requests)):
            body = g.value(r, HT.body)
            raw = None
            if body is not None:
                raw = str(g.value(body, CNT.chars)).encode(str(g.value(body, CNT.characterEncoding) or "UTF-8"))
            headers = []
            if g.value(r, HT.headers) is not None:
                for h in Collection(g, g.value(r, HT.headers)):
                    headers.append((str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue))))
            resp = g.value(r, HT.resp)
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            requests.append(Request(
                method=str(g.value(r, HT.methodName)), path=str(g.value(r, HT.absolutePath)),
                headers=tuple(headers), body=raw,
                statuses=tuple(sorted(str(s).replace(HTS, "") for s in g.objects(resp, MF.expectedStatus))),
                format=str(fmt) if fmt is not None else None,
                boolean=boolean.toPython() if boolean is not None else None))
        cases.append(Case(str(entry).rsplit("#", 1)[-1], str(g.value(entry, MF.name)), graphs, tuple(requests)))
    return cases


CASES = load_manifest()
APPLICABLE = [c for c in CASES if not c.name.startswith("update_")]
# Graphs that cases name without giving data: the store holds them empty, as
# this endpoint refuses a graph it does not hold (never fetching it).
NAMED_WITHOUT_DATA = ("http://kasei.us/2009/09/sparql/data/data0.rdf",)


def test_the_manifest_is_read_whole():
    assert len(CASES) == 34 and len(APPLICABLE) == 27
    assert {c.name for c in CASES} - {c.name for c in APPLICABLE} == {
        "update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
        "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, live_server):
    """A live server over a store holding the manifest's data files as the
    named graphs the cases name."""
    from partygraph.api.server import create_app

    path = tmp_path_factory.mktemp("w3c-store")
    store = ox.Store(str(path))
    for case in CASES:
        for iri, data in case.graphs:
            with open(HERE / data, "rb") as f:
                store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(iri))
                             for q in ox.parse(f, format=ox.RdfFormat.N_TRIPLES))
    for iri in NAMED_WITHOUT_DATA:
        store.add_graph(ox.NamedNode(iri))
    store.flush()
    del store

    with live_server(create_app(str(path), query_timeout=10, query_workers=1)) as url:
        yield url


def check(response: httpx.Response, expected: Request) -> None:
    status = f"{response.status_code // 100}xx"
    assert status in expected.statuses, f"{response.status_code} {response.text[:300]}"
    if expected.format is None:
        return
    media = response.headers.get("content-type", "").split(";")[0].strip()
    assert media in RESULT_TYPES[expected.format], media
    if expected.boolean is not None:
        if media == "application/sparql-results+json":
            assert json.loads(response.content)["boolean"] is expected.boolean
        else:
            assert f"<boolean>{str(expected.boolean).lower()}</boolean>" in response.text


@pytest.mark.parametrize("case", APPLICABLE, ids=lambda c: c.name)
def test_w3c_protocol_case(endpoint, case: Case):
    with httpx.Client(base_url=endpoint, timeout=30) as client:
        for req in case.requests:
            path = "/sparql" + req.path[len("/sparql/"):] if req.path.startswith("/sparql/") else req.path
            response = client.request(req.method, path, headers=list(req.headers), content=req.body)
            check(response, req)
