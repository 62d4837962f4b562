"""Asking the store for a lookup's rows (graph/lookups.py and the lookup_*
modules): the `.rq` files of graph/lookups/, what the caller typed turned
into bound terms (keys, folds, a unit's type word), entities found through
the indexed keys and the syllable index, and paging. Internal to the
lookups: the REST API calls graph/lookups.py.
"""
from __future__ import annotations

from typing import Any, Callable

import pyoxigraph as ox

from partygraph.loaders.identity import split_unit, unit_key
from partygraph.loaders.normalize import clean_label, fold, key
from partygraph.ontology import PG
from partygraph.ontology.vocabulary import Concept, vocabulary

from . import listings
from .sparql_query import Query, rows as solution_rows
from .store_protocol import GraphStore, Term

MAX_LIMIT = 1000


class LookupError_(ValueError):
    """A lookup parameter that cannot be understood (the message says why)."""


def lookup(name: str) -> Query:
    return Query.load("lookups", name, "lookup")


def lookup_text(name: str) -> str:
    return lookup(name).text


def _rows(store: GraphStore, name: str, bindings: dict[str, Term] | None = None,
          values: tuple[str, list[Term]] | None = None) -> list[dict[str, Any]]:
    """Rows of lookup `name`; `values` = (variable, terms) restricts a
    variable to those terms (none: no rows, without asking the store)."""
    if values is not None and not values[1]:
        return []
    return lookup(name).rows(store, bindings, dict([values]) if values is not None else None)


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
