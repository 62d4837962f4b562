"""The sources of a lookup's answer: each fact's evidence sentences and
offsets, the article's date, URL and title, and how many are listed --
an entry's newest articles (`sources=N`), with every reporting article
counted (`reports`). Internal to the lookups (graph/lookups.py).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterable

import pyoxigraph as ox

from .lookup_rows import MAX_LIMIT, LookupError_, _rows
from .store_protocol import GraphStore

SOURCES = 10             # articles an entry lists sources from by default, the newest; `reports` counts them all


def _check_sources(n: int) -> None:
    if not 0 <= n <= MAX_LIMIT:
        raise LookupError_(f"sources must be 0..{MAX_LIMIT}")


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


def _article_name(row: dict[str, Any]) -> str:
    """What a source calls its article: the file name, else its IRI's last segment."""
    return row.get("file") or row["article"].rsplit("/", 1)[-1]


def _source(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("article") is None:
        return None
    return {
        "article": _article_name(row),
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
            articles[group_of(r)][r["article"]] = (r.get("date") or "", _article_name(r))
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
