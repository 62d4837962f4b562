"""Entity resolution across articles: one node per real person.

Organisations, units and documents are resolved when their IRIs are
minted (loaders/mapping.py: kind + unit, type + name, normalised symbol,
tone placement and abbreviations unified). People need more, because two
different people can share a name; this step runs over the whole store
(`partygraph resolve`), or, after `partygraph load`, over the names the
loaded articles touched (with every mention of those names):

1. every article's naming of a person becomes a mention node in the
   article's graph -- `pg:Mention`, `rdfs:label` as written, `pg:nameKey`,
   `pg:mentionedIn` the article, `pg:resolvedTo` the person, and
   `pg:resolutionRule` saying why;
2. mentions are grouped by their name key (NFC, tone placement unified,
   honorifics such as "đồng chí" or "Đại tá" stripped) and one group is
   one person, unless it falls apart by province: mentions whose posts lie
   in different provinces and share no post are different people ("posts
   far apart"); a mention whose province is unknown joins the person it
   shares a post with, else the earliest reported one. The person of the
   earliest article keeps the plain IRI, the others get one suffixed with
   their province;
3. where a mention's person changes, the article's graph is rewritten
   with the new IRI (holder, holdsPost, the mention) in one replace.

A wrong merge or split is undone with `reassign(store, mention, person)`:
it re-points the mention and its article's facts, nothing is reloaded.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator
from weakref import WeakKeyDictionary
from urllib.parse import unquote

import pyoxigraph as ox

from partygraph.loaders.descriptions import person_at
from partygraph.loaders.identity import canonical_person_iri, mention_iri, person_key, strip_honorifics
from partygraph.loaders.normalize import clean_label, slug
from partygraph.ontology import PG, RDF, RDFS
from partygraph.ontology.vocabulary import vocabulary

from .rq import read_rq
from .queries import rows
from .store import GraphStore


_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_MENTION = ox.NamedNode(PG + "Mention")
_RESOLVED = ox.NamedNode(PG + "resolvedTo")
_IN = ox.NamedNode(PG + "mentionedIn")
_RULE = ox.NamedNode(PG + "resolutionRule")
_NAMEKEY = ox.NamedNode(PG + "nameKey")

RULE_SAME_NAME = "same name key"
RULE_PROVINCE = "same name key, split by province (posts in different provinces, none shared)"
RULE_MANUAL = "reassigned by hand"
FLUSH_EVERY = 500   # rewritten articles between flushes of the store's write buffers


def _query(name: str) -> str:
    return read_rq("resolution", name)


def _restricted(name: str, var: str, values: Iterable[ox.NamedNode | ox.Literal] | None) -> str:
    """The query with `VALUES ?var { ... }` (terms written by pyoxigraph,
    never spliced from raw text) before each `GRAPH ?var` pattern, else at
    the start of its WHERE group; all of it when `values` is None. (Before
    each GRAPH pattern, each UNION branch starts from the few graphs asked
    for; at the start of WHERE, Oxigraph joined them to every branch's
    answer over the whole store.)"""
    text = _query(name)
    if values is None:
        return text
    block = "VALUES ?" + var + " { " + " ".join(str(v) for v in sorted(values, key=str)) + " }\n"
    graph = f"GRAPH ?{var} {{"
    if graph in text:
        return text.replace(graph, block + graph)
    at = text.index("WHERE {") + len("WHERE {")
    return f"{text[:at]}\n  {block}{text[at:]}"


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


@dataclass
class ResolutionReport:
    mentions: int = 0
    people: int = 0
    split: list[tuple[str, list[str]]] = field(default_factory=list)   # (name key, entity IRIs)
    rewritten: list[str] = field(default_factory=list)                   # article graphs


def _values(store: GraphStore, name: str, var: str, values: Iterable[ox.NamedNode | ox.Literal] | None,
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
    for solution in store.query(_restricted(name, var, values)):
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
    for post, org in _values(store, "post_organizations", "post", restrict(posts), ("post", "organization")):
        post_org[post].add(org)
    orgs = set().union(*post_org.values()) | by_link[PG + "organization"]
    org_unit = defaultdict(set)
    for org, unit in _values(store, "organization_units", "organization", restrict(orgs),
                             ("organization", "unit")):
        org_unit[org].add(unit)
    units = set().union(*org_unit.values()) | by_link[PG + "newUnit"] | by_link[PG + "predecessor"]
    unit_provinces = defaultdict(set)
    for unit, unit_type, unit_key in _values(store, "unit_keys", "unit", restrict(units),
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


def _mentions(store: GraphStore, articles: Iterable[str] | None = None) -> dict[tuple[str, str], Mention]:
    """One mention per (article, person key), in `articles` (all when None)."""
    only = None if articles is None else [ox.NamedNode(a) for a in articles]
    if only == []:
        return {}
    # Holding rows are folded into mentions as they stream in, none is kept.
    out: dict[tuple[str, str], Mention] = {}
    for article, name, holder, post in _values(store, "holdings", "article", only,
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
    for article, date in _values(store, "article_dates", "article", only, ("article", "date")):
        if article not in dates or date < dates[article]:
            dates[article] = date
    frozen = _Frozen()
    links = list(_values(store, "article_links", "article", only, ("article", "link", "target")))
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


def _clusters(mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions whose provinces are known form people: same province or a
    shared post is the same person (the connected components of that
    relation). A mention without a province joins the person it shares a
    post with, else the earliest reported one -- an unknown province must
    not chain two provinces together. Near-linear in the mentions: a common
    name has thousands of them, and comparing each with every person found
    so far took hours at 100k articles."""
    def when(m: Mention) -> tuple[str, str]:
        return (m.date or "9999-99-99", m.article)   # unique per mention: one per article and name

    known = sorted((m for m in mentions if m.provinces), key=when)
    unknown = sorted((m for m in mentions if not m.provinces), key=when)
    parent = list(range(len(known)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, m in enumerate(known):
        for shared in [("post", p) for p in m.posts] + [("province", p) for p in m.provinces]:
            j = owner.setdefault(shared, i)
            if j != i:
                parent[root(i)] = root(j)
    components: dict[int, list[Mention]] = {}
    for i, m in enumerate(known):
        components.setdefault(root(i), []).append(m)
    groups = list(components.values())
    first = [min(map(when, g)) for g in groups]
    with_post: dict[str, set[int]] = defaultdict(set)
    for gi, g in enumerate(groups):
        for m in g:
            for p in m.posts:
                with_post[p].add(gi)
    earliest = min(range(len(groups)), key=first.__getitem__) if groups else -1
    for m in unknown:
        if not groups:   # no mention with a province: the earliest starts the one person
            groups.append([])
            first.append(when(m))
            earliest = 0
        sharing = set().union(*(with_post.get(p, set()) for p in m.posts))
        target = min(sharing, key=first.__getitem__) if sharing else earliest
        groups[target].append(m)
        first[target] = min(first[target], when(m))
        if first[target] < first[earliest]:
            earliest = target
        for p in m.posts:
            with_post[p].add(target)
    return [g for _, g in sorted(zip(first, groups), key=lambda pair: pair[0])]


def plan(store: GraphStore, mentions: dict[tuple[str, str], Mention] | None = None
         ) -> tuple[dict[tuple[str, str], tuple[str, str]], ResolutionReport]:
    """(article, person key) -> (person IRI, rule), deterministic whatever
    the order articles were loaded in. A name key's people depend on the
    mentions of that key alone: `mentions` may hold only some keys (with
    every mention of each)."""
    if mentions is None:
        mentions = _mentions(store)
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for (article, pkey), m in mentions.items():
        by_key[pkey].append(m)
    target: dict[tuple[str, str], tuple[str, str]] = {}
    report = ResolutionReport(mentions=len(mentions))
    for pkey in sorted(by_key):
        group = sorted(by_key.pop(pkey), key=lambda m: m.article)   # one mention per article in a group
        clusters = _clusters(group)
        base = canonical_person_iri(group[0].name).value
        iris = []
        for n, cluster in enumerate(clusters):
            if n == 0:
                iri, rule = base, RULE_SAME_NAME
            else:
                provinces = sorted(set().union(*(m.provinces for m in cluster)))
                iri, rule = f"{base}/{slug(' '.join(provinces), '|'.join(provinces))}", RULE_PROVINCE
            iris.append(iri)
            planned = (iri, rule)   # one tuple for the cluster's mentions
            for m in cluster:
                target[(m.article, pkey)] = planned
        report.people += len(clusters)
        if len(clusters) > 1:
            report.split.append((pkey, iris))
    return target, report


_HOLDER = ox.NamedNode(PG + "holder")
_HOLDER_NAME = ox.NamedNode(PG + "holderName")


def _mention_quads(g: ox.NamedNode, m: Mention, person: ox.NamedNode, rule: str) -> list[ox.Quad]:
    """The mention node of `m` in its article graph, resolved to `person`."""
    return [ox.Quad(m.iri, _TYPE, _MENTION, g), ox.Quad(m.iri, _LABEL, ox.Literal(clean_label(m.name)), g),
            ox.Quad(m.iri, _NAMEKEY, ox.Literal(person_key(m.name)), g),
            ox.Quad(m.iri, _IN, g, g), ox.Quad(m.iri, _RESOLVED, person, g),
            ox.Quad(m.iri, _RULE, ox.Literal(rule), g)]


def default_mentions(graph: str, quads: list[ox.Quad]) -> list[ox.Quad]:
    """Mention nodes for a new article's quads as resolution writes them
    when its names need no split (one person per name key, the usual case):
    written with the article, resolution then only rewrites what a split
    changes. A holder whose IRI is not its name's canonical one (an
    honorific in the name) is left to resolution."""
    g = ox.NamedNode(graph)
    holders: dict[str, str] = {}
    names: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        if q.graph_name == g:
            if q.predicate == _HOLDER:
                holders[q.subject.value] = q.object.value
            elif q.predicate == _HOLDER_NAME:
                names[q.subject.value].append(q.object.value)
    first: dict[str, tuple[str, str]] = {}   # person key -> (name as written, holder)
    for holding, holder in holders.items():
        for name in names.get(holding, ()):
            k = person_key(name)
            if k not in first or name < first[k][0]:   # resolution takes the first name in SPARQL order
                first[k] = (name, holder)
    out: list[ox.Quad] = []
    for name, holder in first.values():
        person = canonical_person_iri(name)
        if person.value != holder:
            continue
        out += _mention_quads(g, Mention(graph, name, holder), person, RULE_SAME_NAME)
        out += _person_description(person, name)
    return out


def _graph_quads(store: GraphStore, graph: str) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    return [ox.Quad(s["s"], s["p"], s["o"], g)
            for s in store.query(_query("graph_quads"), substitutions={"g": g})]


def _person_description(iri: ox.NamedNode, name: str) -> list[ox.Quad]:
    return list(person_at(iri, strip_honorifics(name)))


def _node_quads(store: GraphStore, graph: str, nodes: Iterable[ox.NamedNode]) -> list[ox.Quad]:
    """The quads of one article graph with one of `nodes` as subject or
    object: one query for all of them (a VALUES block in each branch, so
    each starts from the nodes; a query per node cost more to plan than
    to answer)."""
    g = ox.NamedNode(graph)
    nodes = sorted(set(nodes), key=str)
    if not nodes:
        return []
    block = "VALUES ?node { " + " ".join(str(n) for n in nodes) + " }"
    text = _query("node_quads").replace("{ ?node ?p ?o .", "{ " + block + " ?node ?p ?o .") \
                               .replace("{ ?s ?p ?node .", "{ " + block + " ?s ?p ?node .")
    if text.count(block) != 2:   # without the block ?node is free: every quad of the graph would match
        raise RuntimeError("graph/resolution/node_quads.rq no longer has the two branches resolve.py restricts")
    out: dict[ox.Quad, None] = {}
    for r in store.query(text, substitutions={"g": g}):
        out[ox.Quad(r["s"], r["p"], r["o"], g)] = None
    return list(out)


def _rewrite(store: GraphStore, article: str, changes: dict[str, tuple[Mention, str, str]]) -> None:
    """Rewrite one article graph: person IRIs replaced (old -> new), mention
    nodes (re)written, in one transaction."""
    g = ox.NamedNode(article)
    rename = {m.holder: new for m, new, _ in changes.values() if m.holder != new}
    mention_nodes = {m.iri for m, _, _ in changes.values()}

    def swap(term):
        return ox.NamedNode(rename[term.value]) if isinstance(term, ox.NamedNode) and term.value in rename else term

    def rewritten(old: list[ox.Quad]) -> list[ox.Quad]:
        quads = [ox.Quad(swap(q.subject), q.predicate, swap(q.object), g)
                 for q in old if q.subject not in mention_nodes]
        for m, new, rule in changes.values():
            person = ox.NamedNode(new)
            quads += _mention_quads(g, m, person, rule)
            quads += _person_description(person, m.name)
        return quads

    # Where the store can change some quads in one transaction, only the
    # quads touching the renamed people and the mention nodes are read and
    # the difference written (the graph ends as after a whole replace).
    old = _node_quads(store, article, [ox.NamedNode(h) for h in rename] + sorted(mention_nodes, key=str))
    quads = rewritten(old)
    before, after = set(old), set(quads)
    if store.change_graph(article, [q for q in old if q not in after],
                          list(dict.fromkeys(q for q in quads if q not in before))):
        return
    store.replace_graph(article, rewritten(_graph_quads(store, article)))


def _current(store: GraphStore, articles: Iterable[str] | None = None) -> dict[str, tuple[str, str | None]]:
    """mention IRI -> (person it resolves to now, rule)."""
    only = None if articles is None else [ox.NamedNode(a) for a in articles]
    now: dict[tuple[str, str | None], tuple[str, str | None]] = {}   # one tuple per (person, rule)
    out = {}
    for mention, entity, rule in _values(store, "mention_targets", "article", only,
                                         ("mention", "entity", "rule"), unique="mention"):
        pair = (entity, rule)
        out[mention] = now.setdefault(pair, pair)
    return out


# Stores that articles were loaded into by this process since their last
# resolution: store -> (article graphs loaded, person keys they named before
# a reload replaced them). `resolve_store` then looks at those names only.
_PENDING: WeakKeyDictionary = WeakKeyDictionary()


def note_loaded(store: GraphStore, article: str, old_keys: Iterable[str] = ()) -> None:
    """Record that `article` was (re)loaded into `store`, which named the
    people `old_keys` before (graph/ingest.py calls this)."""
    try:
        articles, keys = _PENDING.setdefault(store, (set(), set()))
    except TypeError:
        return   # a store that cannot be tracked: resolved in full
    articles.add(article)
    keys.update(old_keys)


def holder_keys(store: GraphStore, article: str) -> set[str]:
    """The person keys an article graph names as post holders now."""
    return {person_key(r["name"])
            for r in rows(store.query(_query("holder_names"), substitutions={"article": ox.NamedNode(article)}))}


def _touched(store: GraphStore, articles: set[str], old_keys: set[str]) -> tuple[set[str], set[str]]:
    """(name keys to resolve again, articles holding a mention of them): the
    keys the loaded articles name now or named before, every article that
    has a mention of one, and articles never resolved (no mention at all)."""
    keys = set(old_keys)
    for _, name, _, _ in _values(store, "holdings", "article", [ox.NamedNode(a) for a in articles],
                                 ("article", "name", "holder", "post")):
        keys.add(person_key(name))
    if not keys:
        return keys, set(articles)
    found = set(articles)
    found.update(a for a, in _values(store, "mention_articles", "key", [ox.Literal(k) for k in keys], ("article",)))
    found.update(a for a, in _values(store, "unresolved_articles", "article", None, ("article",)))
    return keys, found


def resolve_store(store: GraphStore, full: bool = False) -> ResolutionReport:
    """Resolve every person mention of the store; rewrites only the articles
    whose mentions are missing or point elsewhere, so a second run changes
    nothing.

    After `load_articles` into this store object (and unless `full`), only
    the names the loaded articles name (or named before a reload) are
    planned again, with every mention of those names in the store: a name's
    people depend on its own mentions alone, so the result is the full
    run's on a store that was resolved before the load (articles never
    resolved are taken in too)."""
    try:
        pending = _PENDING.pop(store, None)
    except TypeError:   # a store that cannot be tracked
        pending = None
    if pending is not None and not full and len(pending[0]) * 2 > len(store.graphs()):
        full = True   # most of the store was loaded: reading it all is cheaper than by article
    if pending is None or full:
        mentions = _mentions(store)
        current = _current(store)
    else:
        keys, articles = _touched(store, *pending)
        mentions = {k: m for k, m in _mentions(store, articles).items() if k[1] in keys}
        current = _current(store, articles)
    target, report = plan(store, mentions)
    changed: set[str] = set()   # articles with a mention whose person changes
    for k, (iri, rule) in target.items():
        m = mentions[k]
        now = current.get(m.iri.value)
        if now and now[1] == RULE_MANUAL:
            continue   # a person reassigned by hand stays so
        if now == (iri, rule) and m.holder == iri:
            continue
        changed.add(m.article)
    # Every mention of a changed article is rewritten with the changed ones,
    # so the graph never holds a mention without its person. What the
    # rewrites need is kept, the rest let go before they start.
    work: dict[str, dict[str, tuple[Mention, str, str]]] = defaultdict(dict)
    for k, (iri, rule) in target.items():
        if k[0] in changed:
            m = mentions[k]
            if current.get(m.iri.value, ("", ""))[1] != RULE_MANUAL:
                work[k[0]][m.iri.value] = (m, iri, rule)
    del mentions, current, target, changed
    for article in sorted(work):
        _rewrite(store, article, work.pop(article))
        report.rewritten.append(article)
        if len(report.rewritten) % FLUSH_EVERY == 0:
            # Oxigraph's write buffers otherwise grow with every rewrite
            # (~50 KB an article; +270 MiB for 5k rewrites at 10k articles)
            store.flush()
    return report


def reassign(store: GraphStore, mention: str, person: str) -> None:
    """Point one mention (and its article's facts) at another person: how a
    wrong merge or split is undone without reloading."""
    found = rows(store.query(_query("mentions"), substitutions={"mention": ox.NamedNode(mention)}))
    if not found:
        raise KeyError(f"no mention {mention}")
    article = found[0]["article"]
    for m in _mentions(store).values():
        if m.article == article and m.iri.value == mention:
            _rewrite(store, article, {mention: (m, person, RULE_MANUAL)})
            return
    raise KeyError(f"mention {mention} names no post holder in {unquote(article)}")


def explain(store: GraphStore, person: str) -> list[dict]:
    """The mentions a person was resolved from: article, name as written, rule."""
    return rows(store.query(_query("mentions"), substitutions={"entity": ox.NamedNode(person)}))
