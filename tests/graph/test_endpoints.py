"""Server profiles: a --store URL and a family give the query, update and
Graph Store endpoints; the login comes from the environment."""
from __future__ import annotations

import httpx
import pytest

from partygraph.graph.endpoints import PROFILES, credentials, detected, endpoints_for
from partygraph.graph.store import StoreError


@pytest.mark.parametrize("url, profile, query, update, graph_store", [
    ("http://h:7878", None, "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
    ("http://h:7878/query", "oxigraph", "http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
    ("http://h:8890/sparql", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql",
     "http://h:8890/sparql-graph-crud"),
    ("http://h:8890/sparql-auth", "virtuoso", "http://h:8890/sparql-auth", "http://h:8890/sparql-auth",
     "http://h:8890/sparql-graph-crud-auth"),
    ("http://h:8890", "virtuoso", "http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
    ("http://h:3030/ds", "fuseki", "http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data"),
    ("http://h:3030/ds/sparql", "fuseki", "http://h:3030/ds/query", "http://h:3030/ds/update",
     "http://h:3030/ds/data"),
    ("https://h/api/wikidata", "qlever", "https://h/api/wikidata", "https://h/api/wikidata", None),
    ("https://h/endpoint", "sparql", "https://h/endpoint", None, None),
    ("https://h/endpoint", None, "https://h/endpoint", None, None),
])
def test_profiles_give_the_endpoints(url, profile, query, update, graph_store):
    e = endpoints_for(url, profile)
    assert (e.query, e.update, e.graph_store) == (query, update, graph_store)


def test_options_override_the_profile():
    e = endpoints_for("http://h/q", "sparql", update_url="http://h/u", graph_store_url="http://h/gsp")
    assert (e.query, e.update, e.graph_store) == ("http://h/q", "http://h/u", "http://h/gsp")
    e = endpoints_for("http://h:8890/sparql", "virtuoso", graph_store_url="http://other/crud")
    assert e.graph_store == "http://other/crud" and e.update == "http://h:8890/sparql"


def test_only_oxigraph_asks_for_the_union_graph():
    assert endpoints_for("http://h:7878").union_param == "union-default-graph"
    assert all(endpoints_for("http://h/x", name).union_param is None for name in PROFILES if name != "oxigraph")


@pytest.mark.parametrize("url, profile, message", [
    ("ftp://h/sparql", None, "not an http"),
    ("http://h/sparql", "blazegraph", "unknown SPARQL server profile"),
])
def test_bad_locations_are_clear_errors(url, profile, message):
    with pytest.raises(StoreError, match=message):
        endpoints_for(url, profile)
    with pytest.raises(StoreError, match="not an http"):
        endpoints_for("http://h/sparql", None, update_url="file:///etc/passwd")


@pytest.mark.parametrize("header, family", [
    ("Oxigraph/0.5.2", "oxigraph"), ("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu", "virtuoso"),
    ("Apache Jena Fuseki (5.1.0)", "fuseki"), ("nginx", None), ("", None),
])
def test_the_family_is_read_from_the_server_header(header, family):
    response = httpx.Response(200, headers={"server": header} if header else {})
    assert detected(response) == family


def test_credentials_come_from_the_environment():
    assert credentials({}) is None
    assert isinstance(credentials({"PARTYGRAPH_STORE_USER": "u", "PARTYGRAPH_STORE_PASSWORD": "p",
                                   "PARTYGRAPH_STORE_AUTH": "basic"}), httpx.BasicAuth)
    assert isinstance(credentials({"PARTYGRAPH_STORE_USER": "u", "PARTYGRAPH_STORE_AUTH": "digest"}),
                      httpx.DigestAuth)
    with pytest.raises(StoreError, match="basic or digest"):
        credentials({"PARTYGRAPH_STORE_USER": "u", "PARTYGRAPH_STORE_AUTH": "kerberos"})


def test_a_token_is_sent_as_a_bearer():
    auth = credentials({"PARTYGRAPH_STORE_TOKEN": "s3cret"})
    request = httpx.Request("POST", "http://h/sparql")
    sent = next(auth.auth_flow(request))
    assert sent.headers["Authorization"] == "Bearer s3cret"


@pytest.mark.parametrize("challenge, scheme", [('Digest realm="SPARQL", nonce="abc", qop="auth"', "Digest"),
                                               ('Basic realm="fuseki"', "Basic")])
def test_the_login_answers_the_scheme_the_server_asks_for(challenge, scheme):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        if not seen[-1].startswith(scheme):
            return httpx.Response(401, headers={"www-authenticate": challenge})
        return httpx.Response(200, json={"head": {}, "boolean": True})

    auth = credentials({"PARTYGRAPH_STORE_USER": "dba", "PARTYGRAPH_STORE_PASSWORD": "dba"})
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        assert client.post("http://h/sparql", data={"query": "ASK {}"}).status_code == 200
        first = len(seen)
        assert client.post("http://h/sparql", data={"query": "ASK {}"}).status_code == 200
    assert seen[0] == "" and seen[first - 1].startswith(scheme)
    # chosen once, then sent with the next request at once
    assert len(seen) == first + 1 and seen[-1].startswith(scheme)
