"""The documents lookup (GET /api/documents): documents by symbol or name,
with their type, issuer, what they cite and what cites them, and the
articles that mention them. Re-exported by graph/lookups.py.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from partygraph.loaders.identity import document_key
from partygraph.loaders.normalize import clean_label, fold
from partygraph.ontology import PG

from . import listings
from .lookup_rows import _by_key, _is_folded, _page, _rows, _text, _unfiltered_page
from .lookup_sources import (SOURCES, _check_sources, _newest_facts, _newest_sources, _published_where,
                             _source, _with_evidence)
from .store_protocol import GraphStore, Term


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
