"""The lookups behind the REST API: who held which post where, which units
merged, which documents cite which -- each answer with its sources
(article, date, sentence, character offsets).

One `.rq` file per question in graph/lookups/. What the caller asks for is
normalised here (loaders.normalize: `key` ignores case and tone placement,
`fold` drops diacritics as well) and reaches SPARQL only as bound terms.
Names typed without any diacritic match on the fold ("cao thi toan thang"),
names typed with them match on the key, so "Hạ Hòa" does not find "Hà Hoa".

Paging is done here, after grouping rows into answers, so that `limit`
counts officials/posts/units/documents, not SPARQL rows.

This module answers officials and posts, and is where the REST API finds
all four lookups; units and documents live in graph/lookup_units.py and
graph/lookup_documents.py, the rows, keys and paging they share in
graph/lookup_rows.py, their sources in graph/lookup_sources.py.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from partygraph.loaders.identity import org_key, role_concept
from partygraph.loaders.normalize import clean_label, fold, key
from partygraph.ontology import XSD

from . import listings
from .lookup_documents import documents  # noqa: F401 -- GET /api/documents, with the others here
from .lookup_rows import MAX_LIMIT, LookupError_, lookup_text  # noqa: F401 -- the lookups' API, with these
from .lookup_rows import (_by_key, _by_key_suffix, _by_tokens, _has_tokens, _is_folded, _name_bindings, _page,
                          _rows, _text, _token_rows, _unit_bindings, _with_area_labels)
from .lookup_sources import (SOURCES, _check_sources, _newest_facts, _newest_sources, _published_where,
                             _source, _with_evidence)
from .lookup_units import units  # noqa: F401 -- GET /api/units, with the others here
from .store_protocol import GraphStore, Term

MAX_VALUES = 300         # officials(name): more people than this are not passed on in a VALUES block
DEEP_PAGE_PEOPLE = 400   # posts(): beyond this many people a page reads every holding


def _holding_key(r: dict) -> tuple:
    return (r["person"], r["post"], bool(r["former"]))


def _group_holdings(rows: list[dict]) -> dict[tuple, dict]:
    """Rows -> one entry per (person, post, former), first and last reported
    from every row's date; no sources or reports yet (_add_sources)."""
    groups: dict[tuple, dict] = {}
    for r in rows:
        k = _holding_key(r)
        g = groups.get(k)
        if g is None:
            g = groups[k] = {"person": r["person"], "names": set(), "role": r["role"],
                             "organization": r["orgLabel"], "area": r.get("areaLabel"),
                             "former": bool(r["former"]), "sources": [], "post": r["post"],
                             "organization_id": r["organization"], "area_id": r.get("area"),
                             "dates": set()}
        g["names"].add(r["name"])
        if r.get("date"):
            g["dates"].add(r["date"])
        # Several labels as written for one entity: keep the first, stably.
        if r["orgLabel"] < g["organization"]:
            g["organization"] = r["orgLabel"]
        # A body in several areas (a "Sở Tài chính" of many provinces): the
        # least label, and the id of that area (not of the first row, which
        # depends on the query plan; ties on the label: the least id).
        if r.get("areaLabel") and (g["area"] is None or (r["areaLabel"], r["area"]) < (g["area"], g["area_id"])):
            g["area"], g["area_id"] = r["areaLabel"], r["area"]
    for g in groups.values():
        dates = sorted(g.pop("dates"))
        g["first_reported"], g["last_reported"] = (dates[0], dates[-1]) if dates else (None, None)
    return groups


def _add_sources(store: GraphStore, groups: dict[tuple, dict], rows: list[dict], n: int) -> None:
    """Each group's sources: the sentences of its `n` newest reporting
    articles (the evidence read for those alone), and how many articles
    report it."""
    rows = [r for r in rows if _holding_key(r) in groups]
    kept, reports = _newest_facts(rows, _holding_key, n)
    for k, g in groups.items():
        g["reports"] = reports.get(k, 0)
    for r in _with_evidence(store, kept, "holding"):
        src = _source(r)
        if src:
            groups[_holding_key(r)]["sources"].append(src)
    for g in groups.values():
        g["sources"] = _newest_sources(g["sources"], n)


def _post_json(g: dict) -> dict:
    return {"role": g["role"], "organization": g["organization"], "area": g["area"],
            "former": g["former"], "first_reported": g["first_reported"],
            "last_reported": g["last_reported"], "reports": g["reports"], "sources": g["sources"],
            "post_id": g["post"], "organization_id": g["organization_id"], "area_id": g["area_id"]}


def officials(store: GraphStore, name: str | None = None, limit: int = 100,
              offset: int = 0, sources: int = SOURCES) -> dict[str, Any]:
    """People whose name matches, each with every post reported for them
    (each post's sentences from its `sources` newest articles, and how many
    articles report it).

    Two steps: the people matching the name (entities only, cheap), sorted
    and paged; then the holdings and sources of the page's people alone."""
    _check_sources(sources)
    rows = None
    for var, term in _name_bindings(name, "nameKey", "searchKey").items():
        people = _by_tokens(store, var, term)
        if len(people) <= MAX_VALUES or not _has_tokens(store):
            rows = _rows(store, "officials_people", values=("person", people))
        else:
            # Thousands of IRIs (a common name, people split by resolution):
            # a VALUES block that long made Oxigraph's plan take minutes;
            # the search and the holders' test in one query takes seconds.
            rows = _token_rows(store, "officials_tokens", var, term, False)
    indexed = None
    if rows is None:
        _page([], limit, offset)   # the bounds check, before the index is read
        # Every official: one page of the listing index when it is complete
        # (graph/listings.py), else rank them all here.
        indexed = listings.read_page(store, "people", limit, offset)
        if indexed is None:
            rows = _rows(store, "officials_ranked")
    if indexed is not None:
        total, page_people = indexed
    else:
        ranked = listings.rank_people(rows)
        total, page_people = len(ranked), [p for _, p in _page(ranked, limit, offset)]
    return _published_where(store, {"total": total, "officials": _officials_of(store, page_people, sources)})


def official(store: GraphStore, iri: str, sources: int = 100) -> dict[str, Any] | None:
    """One person by IRI, with every post and its sentences from its `sources` newest articles (a person's page)."""
    _check_sources(sources)
    found = _officials_of(store, [iri], sources)
    return _published_where(store, found[0]) if found else None


def _officials_of(store: GraphStore, page_people: list[str], sources: int) -> list[dict[str, Any]]:
    rows = _with_area_labels(store, _rows(store, "officials", values=("person", [ox.NamedNode(p) for p in page_people])))
    groups = _group_holdings(rows)
    _add_sources(store, groups, rows, sources)
    people: dict[str, dict] = {}
    for g in groups.values():
        p = people.setdefault(g["person"], {"id": g["person"], "names": set(), "posts": []})
        p["names"] |= g["names"]
        p["posts"].append(_post_json(g))
    out = []
    for p in people.values():
        p["name"] = min(p.pop("names"))
        p["posts"].sort(key=lambda x: (x["former"], x["first_reported"] or "", x["role"], x["organization"]))
        out.append({"id": p["id"], "name": p["name"], "posts": p["posts"]})
    out.sort(key=lambda p: (key(p["name"]), p["id"]))
    return out


def posts(store: GraphStore, area: str | None = None, role: str | None = None,
          organization: str | None = None, as_of: dt.date | None = None,
          limit: int = 100, offset: int = 0, sources: int = SOURCES) -> dict[str, Any]:
    """Post holdings filtered by area, role and body.

    With `as_of`, only reports dated on or before that day count, a post
    reported as former by then is left out, and so is a current report
    followed (by then) by a later report calling it former. Articles
    without a date cannot be placed in time and are left out too.
    """
    _check_sources(sources)
    bindings: dict[str, Term] = {}
    if area:
        bindings.update(_unit_bindings(area, "area"))
    if role and clean_label(role):
        concept = role_concept(role)
        if concept is not None:
            bindings["roleConcept"] = ox.NamedNode(concept.iri)
        else:
            bindings["roleText"] = _text(clean_label(role))
    if organization:
        text = clean_label(organization)
        if text:
            bindings.update({"orgFold": _text(fold(text))} if _is_folded(text)
                            else {"orgKey": _text(org_key(text))})
    if as_of is not None:
        bindings["asOf"] = ox.Literal(as_of.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if not bindings:
        return _all_posts(store, limit, offset, sources)
    candidates = _candidate_posts(store, bindings)
    if candidates is None:
        rows = _rows(store, "posts", bindings)
    else:
        rows = _reports_of_posts(store, bindings, candidates)
    total, out = _posts_answer(store, _with_area_labels(store, rows), limit, offset, sources, as_of)
    return _published_where(store, {"total": total, "posts": out})


def _posts_answer(store: GraphStore, rows: list[dict], limit: int, offset: int, sources: int,
                  as_of: dt.date | None = None) -> tuple[int, list[dict]]:
    """Group posts.rq rows, filter by date, sort and page without evidence
    (dates come from the articles), then read the evidence of the page's
    newest articles only: (groups in all, the page's entries)."""
    groups = _group_holdings(rows)
    if as_of is not None:
        groups = _current(groups)
    ranked = sorted(groups.values(), key=lambda g: (key(min(g["names"])), key(g["role"]),
                                                    key(g["organization"]), g["former"]))
    page = {(g["person"], g["post"], g["former"]): g for g in _page(ranked, limit, offset)}
    _add_sources(store, page, rows, sources)
    out = []
    for g in page.values():
        entry = {"person": {"id": g["person"], "name": min(g["names"])}}
        entry.update(_post_json(g))
        out.append(entry)
    out.sort(key=lambda e: (key(e["person"]["name"]), key(e["role"]), key(e["organization"]), e["former"]))
    return len(ranked), out


def _all_posts(store: GraphStore, limit: int, offset: int, sources: int) -> dict[str, Any]:
    """Every holding, one page: holdings sort on their holder's name first,
    and each person holds at least one, so the first `offset + limit`
    people in name order (and any sharing the last one's name) hold the
    page. posts.rq runs for them alone; the total is counted in the store."""
    _page([], limit, offset)   # the bounds check
    # Deep pages: a VALUES block costs ~15 us a term to parse, more than
    # reading every holding once it names hundreds of people.
    indexed = listings.read_people_prefix(store, offset + limit, DEEP_PAGE_PEOPLE)
    if indexed is not None:
        # The listing index (graph/listings.py) has the people in order and the total.
        _, total, prefix = indexed
        few = ("person", [ox.NamedNode(p) for p in prefix]) if prefix is not None else None
    else:
        people = listings.rank_people(_rows(store, "officials_ranked"))
        end = min(offset + limit, len(people))
        while 0 < end < len(people) and people[end][0] == people[end - 1][0]:
            end += 1
        few = ("person", [ox.NamedNode(p) for _, p in people[:end]]) if end <= DEEP_PAGE_PEOPLE else None
        total = None
    rows = _with_area_labels(store, _rows(store, "posts", values=few))
    _, out = _posts_answer(store, rows, limit, offset, sources)
    if total is None:
        total = _rows(store, "posts_total")[0]["total"]
    return _published_where(store, {"total": int(total), "posts": out})


def _candidate_posts(store: GraphStore, bindings: dict[str, Term]) -> tuple[str, list[Term]] | None:
    """The posts an area or role filter can only be about, found from
    indexed keys (a superset: posts.rq still applies every filter), as a
    VALUES ?post restriction; None when no filter narrows posts this way."""
    candidates: set[str] | None = None
    area = next(((var, prop, suffix) for var, prop, suffix in (
        ("areaNameKey", "nameKey", False), ("areaFold", "searchKey", False), ("areaKey", "nameKey", True))
        if var in bindings), None)
    if area is not None:
        var, prop, suffix = area
        areas = _by_key_suffix(store, bindings[var]) if suffix else _by_key(store, prop, bindings[var])
        found = _rows(store, "posts_of_areas", values=("area", areas))
        candidates = {r["post"] for r in found}
    if "roleConcept" in bindings:
        found = _rows(store, "posts_of_role", {"roleConcept": bindings["roleConcept"]})
        by_role = {r["post"] for r in found}
        candidates = by_role if candidates is None else candidates & by_role
    if candidates is None:
        return None
    return "post", [ox.NamedNode(p) for p in sorted(candidates)]


def _reports_of_posts(store: GraphStore, bindings: dict[str, Term],
                      candidates: tuple[str, list[Term]]) -> list[dict[str, Any]]:
    """posts.rq's rows for the candidate posts, in two steps: the filters
    tested once a post (posts_filtered.rq), then the reports of the posts
    that pass (posts_reports.rq), joined here."""
    passed: dict[str, list[dict]] = defaultdict(list)
    for r in _rows(store, "posts_filtered", {k: v for k, v in bindings.items() if k != "asOf"},
                   values=candidates):
        passed[r["post"]].append(r)
    as_of = {"asOf": bindings["asOf"]} if "asOf" in bindings else None
    reports = _rows(store, "posts_reports", as_of, values=("post", [ox.NamedNode(p) for p in sorted(passed)]))
    return [{**p, **r} for r in reports for p in passed[r["post"]]]


def _current(groups: dict[tuple, dict]) -> dict[tuple, dict]:
    """Keep current holdings not later reported as former (all dates already <= as_of)."""
    former_last = {(p, post): g["last_reported"] for (p, post, f), g in groups.items() if f}
    out = {}
    for (person, post, former), g in groups.items():
        if former:
            continue
        ended = former_last.get((person, post))
        if ended and g["last_reported"] and ended > g["last_reported"]:
            continue
        out[(person, post, former)] = g
    return out
