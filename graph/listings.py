"""The listing index: the ranked order of every person, unit and document,
so that the REST listings without a filter read one page instead of
sorting every entity on each request (issue 9: at 100k articles those first
pages took 2-40 s, almost all of it reading and sorting every name).

`rebuild_listings(store)` ranks each listing exactly as graph/lookups.py
does without the index (the same functions: `rank_people`, `rank_units`,
`rank_documents`) and writes, in its own named graph (LISTINGS_GRAPH):

    <listing/people/bucket/K> pg:listEntries '[["<person IRI>", "sort key"], ...]' .
    <listing/people>          pg:listTotal T ; pg:postsTotal P .
    <graph/listings>          pg:listBucketSize B ; pg:listingsComplete true .

Bucket K holds ranks K*B .. K*B+B-1 in order, as one JSON literal. A page
reads its one or two buckets by their subjects -- direct index lookups; a
FILTER on ranks would read them all, as Oxigraph has no range index on
literals. One literal per bucket rather than a few quads per entry: on the
10k store each quad read cost ~45 us, so a 256-entry bucket of entry nodes
took 14 ms to read, its literal well under 1 ms. People carry their sort
key so that the unfiltered posts listing can extend a page over people
sharing a name (its tie rule) without reading their labels; units and
documents carry null.

The index is derived and may go stale: it is trusted only while the
`pg:listingsComplete` marker is present. It is declared here as a derived
graph (graph/store_protocol.py), so every write of every store removes
the marker before writing, and counts leave the index out; the stores
know it as a derived graph only.
Without it `read_page` answers None and lookups sort as before. `partygraph
load` and `partygraph resolve` rebuild it; a read-only server cannot.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from partygraph.loaders.normalize import key
from partygraph.ontology import PG, XSD

from .sparql_query import Query
from .store_protocol import DerivedGraph, GraphStore, Term, declare_derived

LISTINGS_GRAPH = "https://w3id.org/partygraph/graph/listings"
LISTINGS_MARKER = ox.Quad(ox.NamedNode(LISTINGS_GRAPH), ox.NamedNode(PG + "listingsComplete"),
                          ox.Literal(True), ox.NamedNode(LISTINGS_GRAPH))
LISTINGS_VIEW = declare_derived(DerivedGraph(LISTINGS_GRAPH, LISTINGS_MARKER))

LISTING = "https://w3id.org/partygraph/listing/"
LISTINGS = ("people", "units", "documents")
# Ranks per bucket: a default page (100) reads one or two buckets of 256
# entries; a full page (1000) five at most.
BUCKET_SIZE = 256

_INDEX = ox.NamedNode(LISTINGS_GRAPH)
_ENTRIES = ox.NamedNode(PG + "listEntries")
_TOTAL, _POSTS_TOTAL, _BUCKET_SIZE = (ox.NamedNode(PG + p) for p in ("listTotal", "postsTotal", "listBucketSize"))
_INTEGER = ox.NamedNode(XSD + "integer")


def _rows(store: GraphStore, folder: str, name: str,
          bindings: dict[str, Term] | None = None) -> list[dict[str, Any]]:
    return Query.load(folder, name).rows(store, bindings)


# ------------------------------------------------------------- rankings
# The one definition of each listing's order, used by the index and by the
# lookups' fallback alike, so the two cannot drift apart.
def rank_people(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    """(sort key, person) in listing order from (person, name) rows: by the
    key of the person's least name, then the IRI."""
    names: dict[str, set] = defaultdict(set)
    for r in rows:
        names[r["person"]].add(r["name"])
    return sorted((key(min(n)), p) for p, n in names.items())


def rank_units(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Units in listing order from (unit, name) rows: by the key of the least name, then the IRI."""
    names: dict[str, set] = defaultdict(set)
    for r in rows:
        names[r["unit"]].add(r["name"])
    return sorted(names, key=lambda u: (key(min(names[u])), u))


def rank_documents(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Documents in listing order from (document, label) rows: by the least label as written, then the IRI."""
    labels: dict[str, set] = defaultdict(set)
    for r in rows:
        labels[r["document"]].add(r["label"])
    return sorted(labels, key=lambda d: (min(labels[d]), d))


# --------------------------------------------------------------- rebuild
def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)


def listing_quads(people: list[tuple[str, str]], units: list[str], documents: list[str],
                  posts_total: int, bucket_size: int = BUCKET_SIZE) -> list[ox.Quad]:
    """The quads of a complete index (marker included) for these rankings."""
    out = [ox.Quad(_INDEX, _BUCKET_SIZE, _int(bucket_size), _INDEX), LISTINGS_MARKER]
    ranked: dict[str, list[tuple[str | None, str]]] = {
        "people": people, "units": [(None, u) for u in units], "documents": [(None, d) for d in documents]}
    for listing, entries in ranked.items():
        base = LISTING + listing
        out.append(ox.Quad(ox.NamedNode(base), _TOTAL, _int(len(entries)), _INDEX))
        if listing == "people":
            out.append(ox.Quad(ox.NamedNode(base), _POSTS_TOTAL, _int(posts_total), _INDEX))
        for start in range(0, len(entries), bucket_size):
            bucket = [[entity, sort_key] for sort_key, entity in entries[start:start + bucket_size]]
            out.append(ox.Quad(ox.NamedNode(f"{base}/bucket/{start // bucket_size}"), _ENTRIES,
                               ox.Literal(json.dumps(bucket, ensure_ascii=False)), _INDEX))
    return out


def rebuild_listings(store: GraphStore, bucket_size: int = BUCKET_SIZE) -> dict[str, int]:
    """Rank every listing as the lookups do and replace the index with the
    result; how many entries each listing got (and the posts total)."""
    if bucket_size < 1:
        raise ValueError("bucket_size must be at least 1")
    people = rank_people(_rows(store, "lookups", "officials_ranked"))
    units = rank_units(_rows(store, "lookups", "units_ranked"))
    documents = rank_documents(_rows(store, "lookups", "documents_ranked"))
    posts_total = int(_rows(store, "lookups", "posts_total")[0]["total"])
    store.write_derived(LISTINGS_VIEW, listing_quads(people, units, documents, posts_total, bucket_size))
    return {"people": len(people), "units": len(units), "documents": len(documents), "posts": posts_total}


# ------------------------------------------------------------------ read
@dataclass
class Totals:
    """What a complete index says of its listings."""
    bucket_size: int
    totals: dict[str, int]       # listing -> entries
    posts_total: int


def read_totals(store: GraphStore) -> Totals | None:
    """The index's bucket size and totals; None when there is no complete index."""
    rows = _rows(store, "listings", "totals", {"index": _INDEX})
    if not rows:
        return None
    totals = {r["listing"][len(LISTING):]: int(r["total"]) for r in rows}
    posts = next((r["postsTotal"] for r in rows if r.get("postsTotal") is not None), None)
    if set(totals) != set(LISTINGS) or posts is None:
        return None
    return Totals(int(rows[0]["bucketSize"]), totals, int(posts))


def read_entries(store: GraphStore, listing: str, start: int, stop: int,
                 totals: Totals) -> list[tuple[str, str | None]] | None:
    """(entity, sort key) at ranks start..stop-1 (clipped to the listing),
    reading only the buckets they fall in. None if the index turns out
    incomplete (a bucket missing or short of its size: invalidated
    meanwhile), so the caller can fall back rather than answer from it."""
    stop = min(stop, totals.totals[listing])
    if start >= stop:
        return []
    size, total = totals.bucket_size, totals.totals[listing]
    found: list[tuple[str, str | None]] = []
    for bucket in range(start // size, (stop - 1) // size + 1):
        # One query per bucket, the bucket bound as a term: a page spans one
        # or two buckets, each a direct lookup of its subject.
        rows = _rows(store, "listings", "entries",
                     {"index": _INDEX, "bucket": ox.NamedNode(f"{LISTING}{listing}/bucket/{bucket}")})
        entries = json.loads(rows[0]["entries"]) if len(rows) == 1 else None
        if entries is None or len(entries) != min(size, total - bucket * size):
            return None
        first = bucket * size
        found += [(e, k) for e, k in entries[max(start - first, 0):stop - first]]
    return found


def read_page(store: GraphStore, listing: str, limit: int,
              offset: int) -> tuple[int, list[str]] | None:
    """(total, the entities of ranks offset..offset+limit-1) of one listing
    from the index; None when there is no complete index."""
    totals = read_totals(store)
    if totals is None:
        return None
    entries = read_entries(store, listing, offset, offset + limit, totals)
    if entries is None:
        return None
    return totals.totals[listing], [entity for entity, _ in entries]


def read_people_prefix(store: GraphStore, end: int,
                       most: int) -> tuple[int, int, list[str] | None] | None:
    """For the unfiltered posts listing: the first `end` people in listing
    order, extended over any sharing the sort key of the last one (their
    holdings sort together), as (people total, posts total, people); the
    people are None when they would be more than `most` (the caller then
    reads every holding instead). None when there is no complete index."""
    totals = read_totals(store)
    if totals is None:
        return None
    total, posts = totals.totals["people"], totals.posts_total
    end = min(end, total)
    if end > most:
        return total, posts, None
    # At least one more than asked (whether the next person ties with the
    # last), to the end of its bucket, so reading on starts a new bucket.
    size = totals.bucket_size
    got = read_entries(store, "people", 0, (end // size + 1) * size, totals)
    while got is not None and all(k is not None for _, k in got):
        while 0 < end < len(got) and got[end][1] == got[end - 1][1]:
            end += 1
        if end > most:
            return total, posts, None
        if end < len(got) or len(got) >= total:
            return total, posts, [p for p, _ in got[:end]]
        # Every person read so far ties: read on, a bucket at a time.
        more = read_entries(store, "people", len(got), len(got) + size, totals)
        got = None if not more else got + more
    return None
