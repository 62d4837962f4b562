"""/id/...: every IRI of the graph dereferenceable on this server.

A browser gets a page (HTML, every label escaped), an RDF client the
entity's statements as Turtle (`Accept: text/turtle`). A person's page lists
each post with first and last report, former posts marked, and its source
sentences with the fact's words highlighted; every other entity's page
lists what it says and what points at it, linked to their own pages."""
from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from graph import entity, lookups
from graph.store import GraphStore
from ontology import ID, PG

from .entity_svg import draw
from .sparql import negotiate

TURTLE = "text/turtle"
_LIMIT = anyio.CapacityLimiter(4)
# (IRI path prefix, property, heading, what an arrow means): drawn on the page
_GRAPHS = (("unit/", "mergedFrom", "Lineage: formed from (left) and formed (right)", "formed from"),
           ("doc/", "cites", "Citations: what it cites (left) and what cites it (right)", "cites"))


def local(iri: str) -> str | None:
    """The page of an IRI of this graph on this server."""
    return "/id/" + iri[len(ID):] if iri.startswith(ID) else None


def _link(iri: str, label: str | None) -> str:
    text = escape(label or iri)
    href = local(iri)
    return f'<a href="{escape(quote(href, safe="/:-_.~%"))}">{text}</a>' if href else f"<span>{text}</span>"


def _short(prop: str) -> str:
    return escape(prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def _highlight(sentence: str, words: list[str]) -> str:
    """The sentence, escaped, with each of `words` found in it marked."""
    spans = []
    low = sentence.casefold()
    for w in words:
        if w and (at := low.find(w.casefold())) >= 0:
            spans.append((at, at + len(w)))
    out, pos = [], 0
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):   # the longest at a start
        if a < pos:
            continue
        out.append(escape(sentence[pos:a]) + "<mark>" + escape(sentence[a:b]) + "</mark>")
        pos = b
    out.append(escape(sentence[pos:]))
    return "".join(out)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)} - partygraph</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="/static/page.css"></head><body class="entity">'
            f'<p><a href="/">partygraph</a></p>{body}</body></html>')
    return HTMLResponse(html, status_code=status,
                        headers={"Content-Security-Policy": "default-src 'self'; script-src 'none'", "Vary": "Accept"})


def _person(person: dict[str, Any]) -> str:
    parts = [f'<h1>{escape(person["name"])}</h1><p class="kind">person</p><h2>Posts</h2><ol class="timeline">']
    posts = sorted(person["posts"], key=lambda p: (p["first_reported"] or "9999", p["role"]))
    for p in posts:
        when = p["first_reported"] or "undated"
        if p["last_reported"] and p["last_reported"] != p["first_reported"]:
            when += " to " + p["last_reported"]
        parts.append(f'<li class="post{" former" if p["former"] else ""}"><span class="when">{escape(when)}</span> '
                     + ("<strong>former</strong> " if p["former"] else "")
                     + f'{escape(p["role"])}, {_link(p["organization_id"], p["organization"])}'
                     + (f' ({_link(p["area_id"], p["area"])})' if p.get("area_id") else "") + '<ul class="sources">')
        for s in p["sources"]:
            where = (f'<a href="{escape(s["url"])}">{escape(s.get("title") or s["url"])}</a>' if s.get("url")
                     else escape(s["article"]))
            sentence = _highlight(s.get("sentence") or "", [person["name"], p["role"], p["organization"]])
            parts.append(f'<li class="source">{where}{", " + escape(s["date"]) if s.get("date") else ""}: '
                         f'<q>{sentence}</q></li>')
        parts.append("</ul></li>")
    parts.append("</ol>")
    return "".join(parts)


# Search keys and tokens: the graph's own indexes, not what a reader looks for
# (they stay in the entity's Turtle).
_INDEXES = {PG + "nameKey", PG + "nameToken", PG + "searchKey"}


def _entity(d: dict[str, Any], graph: str = "") -> str:
    title = d["labels"][0] if d["labels"] else d["iri"]
    kinds = ", ".join(_short(t) for t in d["types"])
    parts = [f'<h1>{escape(title)}</h1><p class="kind">{kinds}</p>', graph]
    if len(d["labels"]) > 1:
        parts.append("<p>Also written: " + ", ".join(escape(x) for x in d["labels"][1:]) + "</p>")
    for heading, rows in (("What it says", d["outgoing"]), ("What points at it", d["incoming"])):
        if not rows:
            continue
        parts.append(f"<h2>{heading}</h2><table class=\"facts\">")
        for r in rows:
            if r["property"] in _INDEXES:
                continue
            value = _link(r["iri"], r["label"]) if "iri" in r else escape(str(r["value"]))
            parts.append(f"<tr><th>{_short(r['property'])}</th><td>{value}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def make_router(store: GraphStore) -> APIRouter:
    router = APIRouter()

    @router.get("/id/{path:path}", include_in_schema=False)
    async def dereference(path: str, request: Request) -> Response:
        iri = ID + path
        try:
            found = await anyio.to_thread.run_sync(entity.exists, store, iri, limiter=_LIMIT)
        except ValueError:
            found = False
        if not found:
            return _page("not found", f"<h1>Not in the graph</h1><p>{escape(iri)}</p>", status=404)
        if negotiate(request.headers.get("accept"), ("text/html", TURTLE)) == TURTLE:
            body = await anyio.to_thread.run_sync(entity.turtle, store, iri, limiter=_LIMIT)
            return Response(body, media_type=TURTLE + "; charset=utf-8", headers={"Vary": "Accept"})
        d = await anyio.to_thread.run_sync(entity.describe, store, iri, limiter=_LIMIT)
        body = ""
        if path.startswith("person/"):
            person = await anyio.to_thread.run_sync(lookups.official, store, iri, limiter=_LIMIT)
            if person:
                body = _person(person)
                if d["same_name"]:
                    body += "<h2>Same name, another person</h2><ul>" + "".join(
                        f"<li>{_link(o['iri'], o['label'])}</li>" for o in d["same_name"]) + "</ul>"
        graph = ""
        for prefix, prop, heading, verb in _GRAPHS:
            if path.startswith(prefix):
                edges = await anyio.to_thread.run_sync(entity.neighbourhood, store, iri, PG + prop, limiter=_LIMIT)
                if edges:
                    graph = f'<h2>{heading}</h2><div class="graph">{draw(iri, edges, local, verb)}</div>'
        return _page(d["labels"][0] if d["labels"] else iri, body or _entity(d, graph))

    return router
