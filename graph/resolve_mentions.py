"""Resolution's reading of the store: every article's naming of a person
(a mention: its name, the holder the article uses now, its date, posts
and provinces), and what each mention resolves to now. graph/resolve.py
runs resolution; graph/resolve_plan.py groups the mentions into people.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

import pyoxigraph as ox

from partygraph.loaders.identity import mention_iri, person_key
from partygraph.ontology import PG
from partygraph.ontology.vocabulary import vocabulary

from .sparql_query import Query
from .store_protocol import GraphStore


def _is_province(unit_type: str | None) -> bool:
    """A unit type of level 1 in the vocabulary (tỉnh, thành phố)."""
    concept = vocabulary().concepts.get(unit_type or "")
    return bool(concept) and concept.props.get("level") == 1


@dataclass(slots=True)
class Mention:
    """One article's naming of one person key. Slots, tuples and shared
    frozensets: a full resolution holds every mention of the store at once
    (hundreds of thousands at 100k articles)."""
    article: str
    name: str                         # as written (first holding of the article)
    holder: str                       # the person IRI the article graph uses now
    date: str | None = None
    posts: tuple[str, ...] = ()
    provinces: frozenset[str] = frozenset()

    @property
    def iri(self) -> ox.NamedNode:
        return mention_iri(self.article, self.name)


def read_values(store: GraphStore, name: str, var: str, values: Iterable[ox.NamedNode | ox.Literal] | None,
                columns: tuple[str, ...], unique: str | None = None) -> Iterator[tuple[str | None, ...]]:
    """Rows of resolution query `name` as tuples of the `columns`' values
    (None where unbound), streamed, restricted to `values` of `var` (none:
    no rows, without asking the store; None: unrestricted). Values are
    interned, except column `unique`'s: the same article, post or person
    IRI comes back in many rows, and one string for all of them is what
    keeps a full resolution's memory down (dicts of fresh strings per row
    took most of its 3.9 GiB at 100k articles)."""
    if values is not None:
        values = list(values)
        if not values:
            return
    intern = sys.intern
    keep = [c != unique for c in columns]
    query = Query.load("resolution", name)
    restricted = None if values is None else {var: sorted(values, key=str)}
    for solution in query.solutions(store, values=restricted):
        row = []
        for column, shared in zip(columns, keep):
            term = solution[column]
            row.append(None if term is None else intern(term.value) if shared else term.value)
        yield tuple(row)


class _Frozen(dict):
    """One frozenset per distinct set of province keys: most mentions have
    none or one province, and sharing them saves a set per mention."""
    def __call__(self, keys: Iterable[str]) -> frozenset[str]:
        keys = frozenset(keys)
        return self.setdefault(keys, keys)


def _province_keys(store: GraphStore, posts: set[str], links: list[tuple[str, str, str]], whole: bool,
                   frozen: _Frozen) -> tuple[dict[str, frozenset[str]], dict[str, set[str]]]:
    """(post -> province keys, article -> province keys its member counts
    and mergers point at), for `posts` and `links` (article_links.rq rows:
    article, link, target). Posts lead to units through their organisation, member counts through
    theirs, mergers name units directly. Each step is its own one-pattern
    read, joined here: one query with the paths spelled out took most of a
    resolution's time. `whole`: read every post, organisation and unit
    (cheaper than restricting when the whole store is resolved)."""
    def restrict(terms: set[str]) -> list[ox.NamedNode] | None:
        return None if whole else [ox.NamedNode(t) for t in terms]

    by_link: dict[str, set[str]] = defaultdict(set)
    for _, link, target in links:
        by_link[link].add(target)
    post_org = defaultdict(set)
    for post, org in read_values(store, "post_organizations", "post", restrict(posts), ("post", "organization")):
        post_org[post].add(org)
    orgs = set().union(*post_org.values()) | by_link[PG + "organization"]
    org_unit = defaultdict(set)
    for org, unit in read_values(store, "organization_units", "organization", restrict(orgs),
                                 ("organization", "unit")):
        org_unit[org].add(unit)
    units = set().union(*org_unit.values()) | by_link[PG + "newUnit"] | by_link[PG + "predecessor"]
    unit_provinces = defaultdict(set)
    for unit, unit_type, unit_key in read_values(store, "unit_keys", "unit", restrict(units),
                                                 ("unit", "unitType", "unitKey")):
        if _is_province(unit_type):
            unit_provinces[unit].add(unit_key)

    def of_org(org: str) -> set[str]:
        return set().union(*(unit_provinces.get(u, ()) for u in org_unit.get(org, ())))

    post_provinces = {p: frozen(k for o in post_org.get(p, ()) for k in of_org(o)) for p in posts}
    link_provinces: dict[str, set[str]] = defaultdict(set)
    for article, link, target in links:
        if link == PG + "organization":
            link_provinces[article] |= of_org(target)
        else:
            link_provinces[article] |= unit_provinces.get(target, set())
    return post_provinces, link_provinces


def gather_mentions(store: GraphStore, articles: Iterable[str] | None = None) -> dict[tuple[str, str], Mention]:
    """One mention per (article, person key), in `articles` (all when None)."""
    only = None if articles is None else [ox.NamedNode(a) for a in articles]
    if only == []:
        return {}
    # Holding rows are folded into mentions as they stream in, none is kept.
    out: dict[tuple[str, str], Mention] = {}
    for article, name, holder, post in read_values(store, "holdings", "article", only,
                                                   ("article", "name", "holder", "post")):
        k = (article, sys.intern(person_key(name)))
        m = out.get(k)
        if m is None:
            out[k] = Mention(article, name, holder, posts=(post,))
            continue
        m.name, m.holder = min((m.name, m.holder), (name, holder))   # the first name as written, in that order
        if post not in m.posts:
            m.posts += (post,)
    dates: dict[str, str] = {}
    for article, date in read_values(store, "article_dates", "article", only, ("article", "date")):
        if article not in dates or date < dates[article]:
            dates[article] = date
    frozen = _Frozen()
    links = list(read_values(store, "article_links", "article", only, ("article", "link", "target")))
    post_provinces, article_provinces = _province_keys(
        store, {p for m in out.values() for p in m.posts}, links, only is None, frozen)
    del links
    for m in out.values():
        m.date = dates.get(m.article)
        m.provinces = frozen(k for p in m.posts for k in post_provinces[p])
        if m.provinces:   # an article's provinces: its posts' and those its other facts point at
            article_provinces[m.article] |= m.provinces
    for m in out.values():
        if not m.provinces and len(article_provinces.get(m.article, ())) == 1:
            m.provinces = frozen(article_provinces[m.article])  # the article is about one province
    return out


def current_targets(store: GraphStore, articles: Iterable[str] | None = None) -> dict[str, tuple[str, str | None]]:
    """mention IRI -> (person it resolves to now, rule)."""
    only = None if articles is None else [ox.NamedNode(a) for a in articles]
    now: dict[tuple[str, str | None], tuple[str, str | None]] = {}   # one tuple per (person, rule)
    out = {}
    for mention, entity, rule in read_values(store, "mention_targets", "article", only,
                                             ("mention", "entity", "rule"), unique="mention"):
        pair = (entity, rule)
        out[mention] = now.setdefault(pair, pair)
    return out


