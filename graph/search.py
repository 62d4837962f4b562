"""One search box over people, units, bodies, documents and post titles.

- people and units: every syllable typed, in any order, diacritics optional
  ("hoang nga" finds Hoàng Thị Tố Nga), through the syllable index;
- bodies: the words typed, diacritics ignored, inside the body's name;
- documents: a number with or without its suffix ("137", "Kết luận 137"
  find 137-KL/TW); when other words come with it they must be the
  document's type;
- post titles: a title of the vocabulary, diacritics optional ("bi thu"),
  which the REST /api/posts?role=... lists.
"""
from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from partygraph.loaders.normalize import clean_label, fold, key
from partygraph.ontology import PG
from partygraph.ontology.vocabulary import vocabulary

from .sparql_query import Query
from .store_protocol import GraphStore

MAX_WORDS = 8
_NUMBER = re.compile(r"\d+[\w.]*(?:[-/][\w.Đđ]+)*")


def _by_all_tokens(store: GraphStore, tokens: list[str], cls: str) -> list[dict[str, str]]:
    wanted = sorted(set(tokens))
    values = {"token": [ox.Literal(t) for t in wanted], "wanted": [ox.Literal(len(wanted))]}
    return [{"iri": r["entity"], "label": r["label"]}
            for r in Query.load("search", "by_all_tokens").rows(store, {"class": ox.NamedNode(PG + cls)}, values)]


def _rows(store: GraphStore, name: str, **bindings: ox.Literal) -> list[dict[str, Any]]:
    return Query.load("search", name).rows(store, bindings)


def _roles(text: str) -> list[dict[str, str]]:
    """Post titles of the vocabulary the text names (diacritics optional)."""
    wanted = fold(text)
    found = {c.iri: c.label for c in vocabulary().scheme("posts") if any(fold(x) == wanted for x in c.labels)}
    return [{"iri": iri, "label": label} for iri, label in sorted(found.items(), key=lambda x: x[1])]


def search(store: GraphStore, text: str) -> dict[str, list[dict[str, str]]]:
    """{"people", "units", "bodies", "documents", "roles"}: each a list of
    {"iri", "label"} (documents with their "type")."""
    text = clean_label(text or "")
    words = text.split()[:MAX_WORDS]
    out: dict[str, list] = {"people": [], "units": [], "bodies": [], "documents": [], "roles": []}
    if not words:
        return out
    folded = fold(" ".join(words))
    tokens = folded.split() if folded == " ".join(words).lower() else key(" ".join(words)).split()
    out["people"] = _by_all_tokens(store, tokens, "Person")
    out["units"] = _by_all_tokens(store, tokens, "AdministrativeUnit")
    out["bodies"] = [{"iri": r["entity"], "label": r["label"]}
                     for r in _rows(store, "bodies", text=ox.Literal(folded))]
    number = _NUMBER.search(text)
    if number:
        rest = fold(text[:number.start()] + text[number.end():]).strip(" ,.:")
        for r in _rows(store, "documents", number=ox.Literal(number.group(0).lower())):
            if not rest or fold(r.get("type") or "") == rest or rest in fold(r["label"]):
                out["documents"].append({"iri": r["entity"], "label": r["label"], "type": r.get("type")})
    out["roles"] = _roles(text)
    return out
