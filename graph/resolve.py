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

Step 1's reading is graph/resolve_mentions.py, step 2 graph/resolve_plan.py,
step 3 graph/resolve_rewrite.py; this module runs them (over the whole
store, or over the names a load touched) and undoes or explains a choice.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable
from urllib.parse import unquote
from weakref import WeakKeyDictionary

import pyoxigraph as ox

from partygraph.loaders.identity import person_key

from .sparql_query import Query
from .resolve_mentions import Mention, current_targets, gather_mentions, read_values
from .resolve_plan import RULE_MANUAL, RULE_PROVINCE, RULE_SAME_NAME, ResolutionReport, plan
from .resolve_rewrite import default_mentions, rewrite
from .store_protocol import GraphStore

__all__ = ["FLUSH_EVERY", "RULE_MANUAL", "RULE_PROVINCE", "RULE_SAME_NAME", "ResolutionReport", "default_mentions",
           "explain", "holder_keys", "note_loaded", "plan", "reassign", "resolve_store"]

FLUSH_EVERY = 500   # rewritten articles between flushes of the store's write buffers


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
            for r in Query.load("resolution", "holder_names").rows(store, {"article": ox.NamedNode(article)})}


def _touched(store: GraphStore, articles: set[str], old_keys: set[str]) -> tuple[set[str], set[str]]:
    """(name keys to resolve again, articles holding a mention of them): the
    keys the loaded articles name now or named before, every article that
    has a mention of one, and articles never resolved (no mention at all)."""
    keys = set(old_keys)
    for _, name, _, _ in read_values(store, "holdings", "article", [ox.NamedNode(a) for a in articles],
                                     ("article", "name", "holder", "post")):
        keys.add(person_key(name))
    if not keys:
        return keys, set(articles)
    found = set(articles)
    found.update(a for a, in read_values(store, "mention_articles", "key", [ox.Literal(k) for k in keys],
                                         ("article",)))
    found.update(a for a, in read_values(store, "unresolved_articles", "article", None, ("article",)))
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
        mentions = gather_mentions(store)
        current = current_targets(store)
    else:
        keys, articles = _touched(store, *pending)
        mentions = {k: m for k, m in gather_mentions(store, articles).items() if k[1] in keys}
        current = current_targets(store, articles)
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
        rewrite(store, article, work.pop(article))
        report.rewritten.append(article)
        if len(report.rewritten) % FLUSH_EVERY == 0:
            # Oxigraph's write buffers otherwise grow with every rewrite
            # (~50 KB an article; +270 MiB for 5k rewrites at 10k articles)
            store.flush()
    return report


def reassign(store: GraphStore, mention: str, person: str) -> None:
    """Point one mention (and its article's facts) at another person: how a
    wrong merge or split is undone without reloading."""
    found = Query.load("resolution", "mentions").rows(store, {"mention": ox.NamedNode(mention)})
    if not found:
        raise KeyError(f"no mention {mention}")
    article = found[0]["article"]
    for m in gather_mentions(store).values():
        if m.article == article and m.iri.value == mention:
            rewrite(store, article, {mention: (m, person, RULE_MANUAL)})
            return
    raise KeyError(f"mention {mention} names no post holder in {unquote(article)}")


def explain(store: GraphStore, person: str) -> list[dict]:
    """The mentions a person was resolved from: article, name as written, rule."""
    return Query.load("resolution", "mentions").rows(store, {"entity": ox.NamedNode(person)})
