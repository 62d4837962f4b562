"""Where a SPARQL 1.1 server takes queries, updates and Graph Store
requests, and how to log in: one small profile per server family.

`--store URL` names the server; the profile (`--server`, or read from the
server's `Server:` header when not given) turns it into the three
endpoints, and `--update-url` / `--graph-store-url` override either.
Writes use the Graph Store Protocol where the server has it, SPARQL Update
otherwise (graph/remote.py). Credentials come from the environment only,
never from the command line (where `ps` would show them):
PARTYGRAPH_STORE_USER and PARTYGRAPH_STORE_PASSWORD (basic or digest auth,
as PARTYGRAPH_STORE_AUTH says or the server's first challenge asks) or
PARTYGRAPH_STORE_TOKEN (a bearer token, as QLever's access token)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

import httpx

from .errors import StoreError


@dataclass(frozen=True)
class Profile:
    """A server family's endpoint layout, relative to the URL given."""
    name: str
    query: str                 # path from the base
    update: str | None
    graph_store: str | None
    union_param: str | None = None   # asks for the union of graphs as the default graph
    # the last path segments a user may give that name an endpoint, not the base
    endpoint_names: tuple[str, ...] = ()


PROFILES: dict[str, Profile] = {p.name: p for p in (
    # Oxigraph server: /query, /update, /store; the default graph is its own
    # graph unless the union is asked for per request.
    Profile("oxigraph", "query", "update", "store", union_param="union-default-graph",
            endpoint_names=("query", "update", "store")),
    # Virtuoso 7: /sparql (anonymous) or /sparql-auth (digest), updates
    # through the same endpoint, Graph Store Protocol at /sparql-graph-crud(-auth).
    Profile("virtuoso", "sparql", "sparql", "sparql-graph-crud",
            endpoint_names=("sparql", "sparql-auth")),
    # Apache Jena Fuseki: the URL is the dataset, /ds/query, /ds/update, /ds/data.
    Profile("fuseki", "query", "update", "data",
            endpoint_names=("query", "sparql", "update", "data", "get")),
    # QLever: one endpoint, updates as `update=` POSTs (with its access
    # token), no Graph Store Protocol.
    Profile("qlever", "", "", None),
    # Any other SPARQL 1.1 server: the URL is the query endpoint; writes
    # need --update-url or --graph-store-url.
    Profile("sparql", "", None, None),
)}

# What each family writes in its `Server:` header.
_SERVER_HEADERS = (("oxigraph", "oxigraph"), ("virtuoso", "virtuoso"), ("fuseki", "fuseki"),
                   ("qlever", "qlever"))


@dataclass(frozen=True)
class Endpoints:
    profile: str
    query: str
    update: str | None
    graph_store: str | None
    union_param: str | None = None


def check_profile(name: str) -> str:
    if name not in PROFILES:
        raise StoreError(f"unknown SPARQL server profile {name!r} (one of: {', '.join(PROFILES)})")
    return name


def _join(base: str, path: str) -> str:
    return f"{base}/{path}" if path else base


def endpoints_for(url: str, profile: str | None = None, update_url: str | None = None,
                  graph_store_url: str | None = None) -> Endpoints:
    """The endpoints of the server at `url` by `profile`. With no profile,
    a URL without a path is taken as an Oxigraph server (the layout of
    `oxigraph serve`) and any other as a query endpoint, to be refined by
    `detected` once the server has answered."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not an http(s) SPARQL endpoint URL: {url}")
    for option in (update_url, graph_store_url):
        if option and urlsplit(option).scheme not in ("http", "https"):
            raise StoreError(f"not an http(s) endpoint URL: {option}")
    path = parts.path.rstrip("/")
    if profile is None:
        profile = "oxigraph" if not path else "sparql"
    p = PROFILES[check_profile(profile)]
    segments = path.rsplit("/", 1)
    last = segments[-1] if path else ""
    authenticated = last.endswith("-auth")
    base_path = segments[0] if last in p.endpoint_names else path
    base = urlunsplit((parts.scheme, parts.netloc, base_path, "", "")).rstrip("/")
    if p.name == "virtuoso":
        # the authenticated query endpoint goes with the authenticated Graph Store
        suffix = "-auth" if authenticated else ""
        query = _join(base, p.query + suffix)
        update = query
        graph_store = _join(base, p.graph_store + suffix)
    elif p.name in ("qlever", "sparql"):
        query = url.rstrip("/") if path else url
        update = query if p.update is not None else None
        graph_store = None
    else:
        query = _join(base, p.query)
        update = _join(base, p.update) if p.update is not None else None
        graph_store = _join(base, p.graph_store) if p.graph_store is not None else None
    return Endpoints(p.name, query, update_url or update, graph_store_url or graph_store, p.union_param)


def detected(response: httpx.Response) -> str | None:
    """The profile a server's answer names in its `Server:` header."""
    header = response.headers.get("server", "").lower()
    return next((name for word, name in _SERVER_HEADERS if word in header), None)


def refine(endpoints: Endpoints, url: str, response: httpx.Response, update_url: str | None,
           graph_store_url: str | None) -> Endpoints:
    """A guessed layout replaced by the one of the server that answered."""
    found = detected(response)
    if endpoints.profile != "sparql" or found in (None, "sparql"):
        return endpoints
    return endpoints_for(url, found, update_url, graph_store_url)


def credentials(environ: Mapping[str, str] | None = None) -> httpx.Auth | None:
    """The login the environment gives for the store, or None."""
    env = os.environ if environ is None else environ
    token = env.get("PARTYGRAPH_STORE_TOKEN")
    user, password = env.get("PARTYGRAPH_STORE_USER"), env.get("PARTYGRAPH_STORE_PASSWORD")
    if token:
        return _Bearer(token)
    if not user:
        return None
    scheme = (env.get("PARTYGRAPH_STORE_AUTH") or "").lower()
    if scheme not in ("", "basic", "digest"):
        raise StoreError(f"PARTYGRAPH_STORE_AUTH must be basic or digest, not {scheme!r}")
    if scheme:
        return (httpx.DigestAuth if scheme == "digest" else httpx.BasicAuth)(user, password or "")
    return _Challenged(user, password or "")


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self._header
        yield request


class _Challenged(httpx.Auth):
    """Basic or digest, whichever the server's first 401 asks for (Virtuoso's
    /sparql-auth asks digest, a proxy in front of Fuseki basic); chosen
    once, then used for every request."""
    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._user, self._password = user, password
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request):
        if self._chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
            self._chosen = (httpx.DigestAuth if scheme == "digest" else httpx.BasicAuth)(
                self._user, self._password)
        yield from self._chosen.auth_flow(request)
