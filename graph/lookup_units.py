"""The units lookup (GET /api/units): administrative units by name, with
what they were merged from and into, and says who. Re-exported by
graph/lookups.py.
"""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from partygraph.loaders.normalize import key
from partygraph.ontology import PG

from . import listings
from .lookup_rows import _by_key, _by_key_suffix, _page, _rows, _text, _unfiltered_page, _unit_bindings
from .lookup_sources import (SOURCES, _check_sources, _newest_facts, _newest_sources, _published_where,
                             _source, _with_evidence)
from .store_protocol import GraphStore


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
