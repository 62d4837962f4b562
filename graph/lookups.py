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
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Callable, Iterable

import pyoxigraph as ox

from loaders.mapping import document_key, org_key, role_concept, split_unit, unit_key
from loaders.normalize import clean_label, fold, key
from ontology import PG, XSD
from ontology.vocabulary import Concept, vocabulary

from . import listings
from .queries import rows as solution_rows
from .rq import read_rq, with_values
from .store import GraphStore, Term

MAX_LIMIT = 1000
SOURCES = 10             # articles an entry lists sources from by default, the newest; `reports` counts them all
MAX_VALUES = 300         # officials(name): more people than this are not passed on in a VALUES block
DEEP_PAGE_PEOPLE = 400   # posts(): beyond this many people a page reads every holding


class LookupError_(ValueError):
    """A lookup parameter that cannot be understood (the message says why)."""


def lookup_text(name: str) -> str:
    return read_rq("lookups", name, "lookup")


def _rows(store: GraphStore, name: str, bindings: dict[str, Term] | None = None,
          values: tuple[str, list[Term]] | None = None) -> list[dict[str, Any]]:
    """Rows of lookup `name`; `values` = (variable, terms) restricts a
    variable to those terms (none: no rows, without asking the store)."""
    text = lookup_text(name)
    if values is not None:
        if not values[1]:
            return []
        text = with_values(text, *values)
    return solution_rows(store.query(text, substitutions=bindings or None))


def _with_evidence(store: GraphStore, rows: list[dict[str, Any]], fact_var: str) -> list[dict[str, Any]]:
    """Each fact row once per evidence sentence of its fact (sentence, start,
    end; None when the fact has none), as an OPTIONAL evidence block in the
    same query would give, asked for the rows' facts only (evidence.rq)."""
    facts = sorted({r[fact_var] for r in rows if r.get(fact_var)})
    evidence: dict[str, list[dict]] = defaultdict(list)
    for e in _rows(store, "evidence", values=("fact", [ox.NamedNode(f) for f in facts])):
        evidence[e["fact"]].append({"sentence": e["sentence"], "start": e["start"], "end": e["end"]})
    none = [{"sentence": None, "start": None, "end": None}]
    return [{**r, **e} for r in rows for e in evidence.get(r.get(fact_var), none)]


def _with_area_labels(store: GraphStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row with its area's label (`areaLabel`; the least one, as the
    grouping keeps, when an area has several), asked for the rows' areas
    only (area_labels.rq)."""
    areas = sorted({r["area"] for r in rows if r.get("area")})
    labels: dict[str, str] = {}
    for r in _rows(store, "area_labels", values=("area", [ox.NamedNode(a) for a in areas])):
        if r["area"] not in labels or r["areaLabel"] < labels[r["area"]]:
            labels[r["area"]] = r["areaLabel"]
    for r in rows:
        r["areaLabel"] = labels.get(r.get("area"))
    return rows


def _by_key(store: GraphStore, prop: str, value: Term) -> list[ox.NamedNode]:
    """Entities whose `prop` (nameKey, searchKey) is exactly `value`: an index lookup."""
    rows = _rows(store, "by_key", {"keyProperty": ox.NamedNode(PG + prop), "keyValue": value})
    return [ox.NamedNode(r["entity"]) for r in rows if r["entity"].startswith(("http://", "https://"))]


def _by_key_suffix(store: GraphStore, value: Term) -> list[ox.NamedNode]:
    """Entities whose nameKey ends with "|" + `value` (a name typed without its type word)."""
    return _by_tokens(store, "nameKey", value, suffix=True)


def _token_rows(store: GraphStore, name: str, prop: str, value: Term, suffix: bool) -> list[dict[str, Any]]:
    """Rows of a lookup searching the syllable index (by_tokens.rq,
    officials_tokens.rq): its `pg:nameToken ?token` line repeated once per
    syllable of `value`, the last first (given names are rarer than family
    names), each bound as a term."""
    syllables = list(dict.fromkeys(reversed(value.value.split())))
    if not syllables:
        return []
    bindings: dict[str, Term] = {"keyProperty": ox.NamedNode(PG + prop), "keyValue": value,
                                 "keySuffix": ox.Literal(suffix)}
    names = [f"?token{i}" for i in range(len(syllables))]
    line = "  ?indexed pg:nameToken ?token .\n"
    text = lookup_text(name)
    text = text.replace(line, "".join(line.replace("?token", n) for n in names))
    # The key property is one of ours (nameKey, searchKey), written into the
    # pattern: substituted, the planner would not know it and scan every statement.
    text = text.replace(" ?keyProperty ?k .", f" <{PG}{prop}> ?k .")
    # Oxigraph substitutes only variables of the projection.
    text = text.replace("?keySuffix\nWHERE", f"?keySuffix {' '.join(names)}\nWHERE", 1)
    bindings.update({n[1:]: _text(t) for n, t in zip(names, syllables)})
    return solution_rows(store.query(text, substitutions=bindings))


def _by_tokens(store: GraphStore, prop: str, value: Term, suffix: bool = False) -> list[ox.NamedNode]:
    """Entities whose `prop` key holds `value` as whole syllables in a row
    (`suffix`: ends with "|" + `value`), found through the syllable index
    (by_tokens.rq, graph/indexes.py). A store written before the index
    existed has no tokens: then one scan of every key (officials_keys.rq,
    posts_areas.rq), as before."""
    found = [r["entity"] for r in _token_rows(store, "by_tokens", prop, value, suffix)]
    if not found and not _has_tokens(store):
        bindings: dict[str, Term] = {"keyProperty": ox.NamedNode(PG + prop), "keyValue": value}
        if suffix:
            found = [r["area"] for r in _rows(store, "posts_areas", {**bindings, "keySuffix": ox.Literal(True)})]
        else:
            found = [r["person"] for r in _rows(store, "officials_keys", bindings)]
    return [ox.NamedNode(e) for e in found]


def _has_tokens(store: GraphStore) -> bool:
    return bool(_rows(store, "has_tokens"))


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _is_folded(text: str) -> bool:
    """True when the user typed no diacritic at all, so matching must ignore them."""
    return fold(text) == clean_label(text).lower()


def _page(items: list, limit: int, offset: int) -> list:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise LookupError_(f"limit must be 1..{MAX_LIMIT} and offset >= 0")
    return items[offset:offset + limit]


# ---------------------------------------------------------------- sources
def _source(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("article") is None:
        return None
    return {
        "article": row.get("file") or row["article"].rsplit("/", 1)[-1],
        "article_iri": row["article"],
        "date": row.get("date"),
        "sentence": row.get("sentence"),
        "start": row.get("start"),
        "end": row.get("end"),
    }


def _published_where(store: GraphStore, answer: dict[str, Any]) -> dict[str, Any]:
    """Every source of the answer with its article's URL and title (None
    for a text file without), asked once for the answer's articles
    (article_sources.rq)."""
    sources: list[dict] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "article_iri" in x:
                sources.append(x)
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(answer)
    iris = sorted({s["article_iri"] for s in sources})
    found: dict[str, tuple] = {}
    for r in _rows(store, "article_sources", values=("article", [ox.NamedNode(i) for i in iris])):
        found.setdefault(r["article"], (r.get("url"), r.get("title")))
    for s in sources:
        s["url"], s["title"] = found.get(s["article_iri"], (None, None))
    return answer


def _sorted_sources(sources: Iterable[dict]) -> list[dict]:
    unique = {(s["article_iri"], s["start"], s["end"]): s for s in sources if s}
    return sorted(unique.values(), key=lambda s: (s["date"] or "9999", s["article"], s["start"] or 0))


def _check_sources(n: int) -> None:
    if not 0 <= n <= MAX_LIMIT:
        raise LookupError_(f"sources must be 0..{MAX_LIMIT}")


def _newest_facts(rows: list[dict[str, Any]], group_of: Callable[[dict], Any],
                  n: int) -> tuple[list[dict[str, Any]], dict[Any, int]]:
    """The rows of each group's `n` newest reporting articles (by date,
    undated ones oldest), and each group's number of reporting articles.

    A frequent document or a person of thousands of reports would
    otherwise bring every sentence into one entry (5 MB for one page of a
    common name at 10k articles); the evidence is then read for the kept
    rows' facts alone."""
    articles: dict[Any, dict[str, tuple]] = defaultdict(dict)
    for r in rows:
        if r.get("article"):
            # The order _sorted_sources gives: date, then the article's name.
            articles[group_of(r)][r["article"]] = (r.get("date") or "", _source(r)["article"])
    keep = {(g, a) for g, dated in articles.items()
            for a in sorted(dated, key=dated.__getitem__, reverse=True)[:n]}
    kept = [r for r in rows if not r.get("article") or (group_of(r), r["article"]) in keep]
    return kept, {g: len(dated) for g, dated in articles.items()}


def _newest_sources(sources: Iterable[dict], n: int) -> list[dict]:
    """The sources of the `n` newest articles among them, in date order."""
    ordered = _sorted_sources(sources)
    newest: set[str] = set()
    for s in reversed(ordered):
        if len(newest) == n and s["article_iri"] not in newest:
            break
        newest.add(s["article_iri"])
    return [s for s in ordered if s["article_iri"] in newest]


# ------------------------------------------------------------------ areas
def _unit_concept_by_fold(text: str) -> tuple[Concept | None, str]:
    """'xa Ha Hoa' -> (xã, 'Ha Hoa'): the type word typed without diacritics."""
    words = clean_label(text).split()
    best: tuple[Concept | None, str] = (None, clean_label(text))
    best_len = 0
    for c in vocabulary().scheme("units"):
        for lab in c.labels:
            n = len(lab.split())
            if n > best_len and len(words) > n and fold(" ".join(words[:n])) == fold(lab):
                best, best_len = (c, " ".join(words[n:])), n
    return best


def _unit_bindings(text: str, prefix: str) -> dict[str, Term]:
    """Bindings matching an area/unit: 'xã Hạ Hòa' (type and name), 'Hạ Hòa'
    (any type), 'ha hoa' (any type, diacritics ignored)."""
    text = clean_label(text)
    if not text:
        return {}
    if _is_folded(text):
        unit_type, name = _unit_concept_by_fold(text)
        out: dict[str, Term] = {f"{prefix}Fold": _text(fold(name))}
        if unit_type is not None:
            # A type word typed without diacritics still narrows the match.
            out[f"{prefix}TypeKey"] = _text(key(unit_type.label))
        return out
    unit_type, name = split_unit(text)
    if unit_type is not None:
        return {f"{prefix}NameKey": _text(unit_key(text))}
    return {f"{prefix}Key": _text(key(name))}


def _name_bindings(text: str | None, key_var: str, fold_var: str) -> dict[str, Term]:
    text = clean_label(text or "")
    if not text:
        return {}
    return {fold_var: _text(fold(text))} if _is_folded(text) else {key_var: _text(key(text))}


# -------------------------------------------------------------- officials
def _holding_key(r: dict) -> tuple:
    return (r["person"], r["post"], bool(r["former"]))


def _group_holdings(rows: list[dict]) -> dict[tuple, dict]:
    """Rows -> one entry per (person, post, former), first and last reported
    from every row's date, its reports counted; no sources yet (_add_sources)."""
    groups: dict[tuple, dict] = {}
    for r in rows:
        k = _holding_key(r)
        g = groups.get(k)
        if g is None:
            g = groups[k] = {"person": r["person"], "names": set(), "role": r["role"],
                             "organization": r["orgLabel"], "area": r.get("areaLabel"),
                             "former": bool(r["former"]), "sources": [], "post": r["post"],
                             "organization_id": r["organization"], "area_id": r.get("area"),
                             "articles": set(), "dates": set()}
        g["names"].add(r["name"])
        if r.get("article"):
            g["articles"].add(r["article"])
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
        g["reports"] = len(g.pop("articles"))
    return groups


def _add_sources(store: GraphStore, groups: dict[tuple, dict], rows: list[dict], n: int) -> None:
    """Each group's sources: the sentences of its `n` newest reporting
    articles (the evidence read for those alone)."""
    rows = [r for r in rows if _holding_key(r) in groups]
    kept, _ = _newest_facts(rows, _holding_key, n)
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


# ------------------------------------------------------------------ posts
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


def _unfiltered_page(store: GraphStore, listing: str, ranked_query: str,
                     rank: Callable[[list[dict[str, Any]]], list[str]],
                     limit: int, offset: int) -> tuple[int, list[str]]:
    """(total, the page's entities) of a listing without a filter: from the
    listing index when it is complete (graph/listings.py), else every entity
    read with `ranked_query` and ranked here by `rank`, the index's own order."""
    _page([], limit, offset)   # the bounds check, before the index is read
    indexed = listings.read_page(store, listing, limit, offset)
    if indexed is None:
        ranked = rank(_rows(store, ranked_query))
        indexed = len(ranked), _page(ranked, limit, offset)
    return indexed


# ------------------------------------------------------------------ units
def units(store: GraphStore, name: str | None = None, limit: int = 100,
          offset: int = 0, sources: int = SOURCES) -> dict[str, Any]:
    """Administrative units matching a name, with what they merged from and
    into (each with its sentences from its `sources` newest articles, and
    how many articles report it)."""
    _check_sources(sources)
    bindings = _unit_bindings(name, "unit") if name else {}
    values = None
    if "unitNameKey" in bindings:
        values = ("unit", _by_key(store, "nameKey", bindings["unitNameKey"]))
    elif "unitFold" in bindings:
        values = ("unit", _by_key(store, "searchKey", bindings["unitFold"]))
    elif "unitKey" in bindings:
        values = ("unit", _by_key_suffix(store, bindings["unitKey"]))
    total = None
    if not bindings:
        # Every unit: one page in name order, then the page's units read whole.
        total, page_ids = _unfiltered_page(store, "units", "units_ranked", listings.rank_units, limit, offset)
        values = ("unit", [ox.NamedNode(u) for u in page_ids])
    found: dict[str, dict] = {}
    for r in _rows(store, "units", bindings, values=values):
        u = found.setdefault(r["unit"], {"id": r["unit"], "names": set(), "type": r.get("type"),
                                         "merged_from": {}, "merged_into": {}, "sources": []})
        u["names"].add(r["name"])
    # Sort and page on names alone, then ask for the mergers of the page only.
    ranked = sorted(found.values(), key=lambda u: (key(min(u["names"])), u["id"]))
    page = ranked if total is not None else _page(ranked, limit, offset)
    found = {u["id"]: u for u in page}
    page_units = ("unit", [ox.NamedNode(i) for i in found])
    rows = [r for unit_role, other_role, relation in (("newUnit", "predecessor", "merged_from"),
                                                      ("predecessor", "newUnit", "merged_into"))
            for r in _rows(store, "units_mergers", {"unitRole": ox.NamedNode(PG + unit_role),
                                                    "otherRole": ox.NamedNode(PG + other_role),
                                                    "relation": _text(relation)}, values=page_units)]
    reports = {u: set() for u in found}
    for r in rows:
        reports[r["unit"]].add(r["article"])
        other = found[r["unit"]][r["relation"]].setdefault(
            r["other"], {"id": r["other"], "names": set(), "type": r.get("otherType"), "sources": []})
        other["names"].add(r["otherName"])
    rows, counts = _newest_facts(rows, lambda r: (r["unit"], r["relation"], r["other"]), sources)
    for r in _with_evidence(store, rows, "merger"):
        u = found[r["unit"]]
        src = _source(r)
        if src:
            u[r["relation"]][r["other"]]["sources"].append(src)
            u["sources"].append(src)
    out = []
    for u in found.values():
        entry = {"id": u["id"], "name": min(u["names"]), "type": u["type"]}
        for rel in ("merged_from", "merged_into"):
            entry[rel] = sorted(({"id": o["id"], "name": min(o["names"]), "type": o["type"],
                                  "reports": counts[(u["id"], rel, o["id"])],
                                  "sources": _newest_sources(o["sources"], sources)} for o in u[rel].values()),
                                key=lambda o: key(o["name"]))
        entry["reports"] = len(reports[u["id"]])
        entry["sources"] = _newest_sources(u["sources"], sources)
        out.append(entry)
    out.sort(key=lambda u: (key(u["name"]), u["id"]))
    return _published_where(store, {"total": len(ranked) if total is None else total, "units": out})


# -------------------------------------------------------------- documents
def documents(store: GraphStore, id: str | None = None, limit: int = 100,
              offset: int = 0, sources: int = SOURCES) -> dict[str, Any]:
    """Documents by symbol ('18-NQ/TW', any case or spacing) or name, each
    with its sentences from its `sources` newest articles, and how many
    articles report it."""
    _check_sources(sources)
    bindings: dict[str, Term] = {}
    text = clean_label(id or "")
    if text:
        bindings["docKey"] = _text(document_key(text))
        if _is_folded(text):
            bindings["docFold"] = _text(fold(text))
    values = None
    if bindings:
        docs = set(_by_key(store, "nameKey", bindings["docKey"]))
        if "docFold" in bindings:
            docs |= set(_by_key(store, "searchKey", bindings["docFold"]))
        values = ("document", sorted(docs, key=str))
    total = None
    if not bindings:
        # Every document: one page in label order, then the page's documents read whole.
        total, page_ids = _unfiltered_page(store, "documents", "documents_ranked", listings.rank_documents,
                                           limit, offset)
        values = ("document", [ox.NamedNode(d) for d in page_ids])
    found: dict[str, dict] = {}
    for r in _rows(store, "documents", bindings, values=values):
        d = found.setdefault(r["document"], {"id": None, "labels": set(), "iri": r["document"],
                                             "types": set(), "issuers": set(),
                                             "cites": defaultdict(list), "cited_by": defaultdict(list),
                                             "other_labels": defaultdict(set), "sources": []})
        d["labels"].add(r["label"])
        if r.get("type"):
            d["types"].add(r["type"])
        if r.get("issuer"):
            d["issuers"].add(r["issuer"])
    # Sort and page on labels alone, then ask for the facts of the page only.
    ranked = sorted(found.values(), key=lambda d: (min(d["labels"]), d["iri"]))
    page = ranked if total is not None else _page(ranked, limit, offset)
    found = {d["iri"]: d for d in page}
    page_docs = ("document", [ox.NamedNode(i) for i in found])
    rows = _rows(store, "documents_mentions", values=page_docs)
    for doc_role, other_role, relation in (("citing", "cited", "cites"), ("cited", "citing", "cited_by")):
        rows += _rows(store, "documents_citations", {"documentRole": ox.NamedNode(PG + doc_role),
                                                     "otherRole": ox.NamedNode(PG + other_role),
                                                     "relation": _text(relation)}, values=page_docs)
    reports = {d: set() for d in found}
    for r in rows:
        d = found[r["document"]]
        reports[r["document"]].add(r["article"])
        if r.get("relation") in ("cites", "cited_by") and r.get("other"):
            d[r["relation"]].setdefault(r["other"], [])   # listed even when none of its sources is kept
            if r.get("otherLabel"):
                d["other_labels"][r["other"]].add(r["otherLabel"])
    rows, counts = _newest_facts(rows, lambda r: (r["document"], r.get("relation"), r.get("other")), sources)
    for r in _with_evidence(store, rows, "fact"):
        d = found[r["document"]]
        src = _source(r)
        if src:
            d["sources"].append(src)
            if r.get("relation") in ("cites", "cited_by") and r.get("other"):
                d[r["relation"]][r["other"]].append(src)
    out = []
    for d in found.values():
        def related(rel: str) -> list[dict]:
            return sorted(({"id": min(d["other_labels"][o]) if d["other_labels"][o] else o, "iri": o,
                            "reports": counts[(d["iri"], rel, o)],
                            "sources": _newest_sources(s, sources)} for o, s in d[rel].items()),
                          key=lambda x: x["id"])
        out.append({"id": min(d["labels"]), "iri": d["iri"],
                    "type": min(d["types"]) if d["types"] else None,
                    "issuer": min(d["issuers"]) if d["issuers"] else None,
                    "cites": related("cites"), "cited_by": related("cited_by"),
                    "reports": len(reports[d["iri"]]),
                    "sources": _newest_sources(d["sources"], sources)})
    out.sort(key=lambda d: (d["id"], d["iri"]))
    return _published_where(store, {"total": len(ranked) if total is None else total, "documents": out})
