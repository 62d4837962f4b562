"""Resolution's plan: which person each mention is, from the mentions of
its name key alone (graph/resolve_mentions.py gathers them). One name key
is one person unless its mentions fall apart by province; see
graph/resolve.py for the rules.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from partygraph.loaders.identity import canonical_person_iri
from partygraph.loaders.normalize import slug

from .resolve_mentions import Mention, gather_mentions
from .store_protocol import GraphStore

RULE_SAME_NAME = "same name key"
RULE_PROVINCE = "same name key, split by province (posts in different provinces, none shared)"
RULE_MANUAL = "reassigned by hand"   # graph/resolve.py's reassign; no later run undoes it


@dataclass
class ResolutionReport:
    mentions: int = 0
    people: int = 0
    split: list[tuple[str, list[str]]] = field(default_factory=list)   # (name key, entity IRIs)
    rewritten: list[str] = field(default_factory=list)                   # article graphs


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
        mentions = gather_mentions(store)
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
