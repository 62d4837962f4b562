"""The HTML of the entity pages: one renderer per kind (person, unit,
body, document) and a generic one for every other node. Every label and
sentence is escaped here; links go to this server's own pages."""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any
from urllib.parse import quote

from partygraph.ontology import PG

BASE = "https://w3id.org/partygraph/"
# The IRI namespaces of the graph a page exists for: entities, articles, vocabulary concepts
LOCAL = ("id/", "article/", "vocab/")
# Search keys and tokens: the graph's own indexes, not what a reader looks for
# (they stay in the entity's Turtle).
_INDEXES = {PG + "nameKey", PG + "nameToken", PG + "searchKey"}


def local(iri: str) -> str | None:
    """The page of an IRI of this graph on this server."""
    if iri.startswith(BASE) and iri[len(BASE):].startswith(LOCAL):
        return "/" + iri[len(BASE):]
    return None


def link(iri: str | None, label: str | None) -> str:
    text = escape(label or iri or "")
    href = local(iri) if iri else None
    return f'<a href="{escape(quote(href, safe="/:-_.~%"))}">{text}</a>' if href else f"<span>{text}</span>"


def _short(prop: str) -> str:
    return escape(prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1])


def highlight(sentence: str, words: list[str]) -> str:
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


def _where(s: dict[str, Any]) -> str:
    """An article as a reader finds it: its URL and title when known, else its name."""
    if s.get("url"):
        return f'<a href="{escape(s["url"])}">{escape(s.get("title") or s["url"])}</a>'
    return escape(s.get("title") or s.get("article") or s.get("file") or "")


def _span(first: str | None, last: str | None) -> str:
    when = first or "undated"
    if last and last != first:
        when += " to " + last
    return escape(when)


def person(p: dict[str, Any], same_name: list[dict[str, Any]]) -> str:
    parts = [f'<h1>{escape(p["name"])}</h1><p class="kind">person</p><h2>Posts</h2><ol class="timeline">']
    for post in sorted(p["posts"], key=lambda x: (x["first_reported"] or "9999", x["role"])):
        parts.append(f'<li class="post{" former" if post["former"] else ""}">'
                     f'<span class="when">{_span(post["first_reported"], post["last_reported"])}</span> '
                     + ("<strong>former</strong> " if post["former"] else "")
                     + f'{escape(post["role"])}, {link(post["organization_id"], post["organization"])}'
                     + (f' ({link(post["area_id"], post["area"])})' if post.get("area_id") else "")
                     + '<ul class="sources">')
        for s in post["sources"]:
            sentence = highlight(s.get("sentence") or "", [p["name"], post["role"], post["organization"]])
            parts.append(f'<li class="source">{_where(s)}{", " + escape(s["date"]) if s.get("date") else ""}: '
                         f'<q>{sentence}</q></li>')
        shown = len({s["article_iri"] for s in post["sources"]})
        if post.get("reports", 0) > shown:
            parts.append(f'<li class="more">from the newest {shown} of {post["reports"]} articles reporting it</li>')
        parts.append("</ul></li>")
    parts.append("</ol>")
    if same_name:
        parts.append("<h2>Same name, another person</h2><p>Resolution keeps these apart (a different unit, "
                     "career or time); each has its own page.</p><ul>"
                     + "".join(f"<li>{link(o['iri'], o['label'])}</li>" for o in same_name) + "</ul>")
    return "".join(parts)


def _leaders(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>No current holder reported by that day.</p>"
    out = ['<table class="facts"><tr><th>post</th><th>holder</th><th>reported</th><th>articles</th></tr>']
    for r in rows:
        out.append(f'<tr><td>{escape(r["role"])}, {link(r["organization"], r["orgLabel"])}</td>'
                   f'<td>{link(r["person"], r["holderName"])}</td>'
                   f'<td>{_span(r["firstReported"], r["lastReported"])}</td><td>{r["sources"]}</td></tr>')
    return "".join(out) + "</table>"


def unit(view: dict[str, Any], as_of: dt.date) -> str:
    """The register's word, the mergers either way, the officials as of a
    day (a form picks it) and the units that cover this one now."""
    code = view["register_code"]
    parts = ["<h2>Official register</h2><p>" + (f"Register code <code>{escape(code)}</code>." if code else
                                                "The register does not identify this unit.")]
    checked = [m for m in view["mergers"] if m["agrees"] is not None]
    if checked:
        agree = sum(1 for m in checked if m["agrees"])
        parts.append(f" The register agrees with {agree} of the {len(checked)} reported merger(s).")
    parts.append("</p>")
    for direction, heading in (("from", "Formed from"), ("into", "Formed")):
        rows = [m for m in view["mergers"] if m["direction"] == direction]
        if not rows:
            continue
        parts.append(f'<h2>{heading}</h2><table class="facts"><tr><th>unit</th><th>register</th>'
                     '<th>reported</th><th>article</th></tr>')
        for m in rows:
            verdict = {True: "agrees", False: "does not list it", None: "not checked"}[m["agrees"]]
            parts.append(f'<tr><td>{link(m["other"], m["otherLabel"])}</td><td class="register-{verdict[:4]}">'
                         f'{verdict}</td><td>{escape(m["date"] or "")}</td>'
                         f'<td>{link(m["article"], m["articleName"])}</td></tr>')
        parts.append("</table>")
    parts.append(f'<h2>Officials as of {escape(as_of.isoformat())}</h2>'
                 f'<form method="get" class="as-of"><label>as of <input type="date" name="as_of" '
                 f'value="{escape(as_of.isoformat())}"></label> <button>Show</button></form>')
    parts.append(_leaders(view["leaders"]))
    for c in view["covering"]:
        parts.append(f'<h2>Covered now by {link(c["unit"], c["label"])}'
                     + (f' (register <code>{escape(c["registerCode"])}</code>)' if c.get("registerCode") else "")
                     + f'</h2><p>Its officials as of {escape(as_of.isoformat())}:</p>' + _leaders(c["leaders"]))
    return "".join(parts)


def body(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    out = ['<h2>Holders over time</h2><table class="facts holders"><tr><th>reported</th><th>post</th>'
           '<th>holder</th><th>articles</th></tr>']
    for r in rows:
        out.append(f'<tr class="{"former" if r["former"] else "current"}"><td>{_span(r["first"], r["last"])}</td>'
                   f'<td>{"<strong>former</strong> " if r["former"] else ""}{escape(r["role"])}</td>'
                   f'<td>{link(r["person"], r["name"])}</td><td>{r["articles"]}</td></tr>')
    return "".join(out) + "</table>"


def document(rows: list[dict[str, Any]], name: str) -> str:
    if not rows:
        return ""
    out = ['<h2>Articles that mention it</h2><ul class="sources">']
    for r in rows:
        sentence = highlight(r["sentence"] or "", [name])
        out.append(f'<li class="source">{link(r["article"], r["title"] or r["file"]) if not r["url"] else _where(r)}'
                   f'{", " + escape(r["date"]) if r["date"] else ""}'
                   + (f": <q>{sentence}</q>" if r["sentence"] else "") + "</li>")
    return "".join(out) + "</ul>"


def generic(d: dict[str, Any], extra: str = "") -> str:
    """Any node: its labels and types, what it says and what points at it."""
    title = d["name"]
    kinds = ", ".join(_short(t) for t in d["types"])
    parts = [f'<h1>{escape(title)}</h1><p class="kind">{kinds}</p>', extra]
    if len(d["labels"]) > 1:
        parts.append("<p>Also written: " + ", ".join(escape(x) for x in d["labels"][1:]) + "</p>")
    for heading, rows in (("What it says", d["outgoing"]), ("What points at it", d["incoming"])):
        if not rows:
            continue
        parts.append(f"<h2>{heading}</h2><table class=\"facts\">")
        for r in rows:
            if r["property"] in _INDEXES:
                continue
            value = link(r["iri"], r["label"]) if "iri" in r else escape(str(r["value"]))
            parts.append(f"<tr><th>{_short(r['property'])}</th><td>{value}</td></tr>")
        parts.append("</table>")
    return "".join(parts)


def page(title: str, body_html: str) -> str:
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)} - partygraph</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="stylesheet" href="/static/page.css"></head><body class="entity">'
            f'<p><a href="/">partygraph</a></p>{body_html}</body></html>')
