"""Facts from articles, in the shape of corpus/FORMAT.md.

    extract(article)                       -> one facts dict
    extract_many(articles, n_process=2)    -> facts dicts, in input order
    python -m loaders.extract FILES...     -> JSON Lines on stdout

Every fact carries "evidence" (the sentence and its character offsets in
article.text) and a "confidence" in 0..1.
"""
from __future__ import annotations

import gc
import itertools
import json
import multiprocessing
import sys
from collections import deque
from typing import Any, Callable, Iterable, Iterator, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .article import Article, ArticleError, read_article
from .lexicon import cached_key as key
from .pipeline import doc_text, get_pipeline

EXTRACTOR_VERSION = "partygraph-rules/0.2.0"

T = TypeVar("T")

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)


def _evidence(text: str, span: tuple[int, int] | None) -> dict | None:
    if not span:
        return None
    s, e = span
    return {"sentence": text[s:e], "start": s, "end": e}


def facts_from_doc(doc: Doc) -> dict:
    """The FORMAT.md object (without "article") from a processed Doc."""
    text = doc_text(doc)
    posts = []
    seen = set()
    for f in doc._.posts or []:
        k = (key(f.person), key(f.role), key(f.organization), bool(f.former))
        if k in seen:
            continue
        seen.add(k)
        posts.append({"person": f.person, "role": f.role, "organization": f.organization, "area": f.area,
                      "former": bool(f.former), "evidence": _evidence(text, f.sentence),
                      "confidence": f.confidence})
    mergers = []
    for m in doc._.mergers or []:
        fact = {"unit": m.unit_area, "source": m.source_area,
                "evidence": _evidence(text, m.sentence), "confidence": 0.85}
        if m.effective_date:
            fact["effective_date"] = m.effective_date
        mergers.append(fact)
    directives = []
    ids = set()
    for d in doc._.documents or []:
        k = d.id.upper() if d.symbol else key(d.id)
        if k in ids:
            continue
        ids.add(k)
        directives.append({"id": d.id, "type": d.type, "issuer": d.issuer,
                           "evidence": _evidence(text, _sentence_of(doc, d.start)),
                           "confidence": 0.95 if d.symbol else 0.75})
    cites = [{"citing": a.id, "cited": b.id, "evidence": _evidence(text, sent), "confidence": 0.8}
             for a, b, sent in doc._.citations or []]
    counts = []
    for c in doc._.member_counts or []:
        fact = {"organization": c.organization, "area": c.area}
        fact.update(c.values)
        fact["evidence"] = _evidence(text, c.sentence)
        fact["confidence"] = 0.8 if c.area else 0.5
        counts.append(fact)
    return {
        "date": doc._.date,
        "date_evidence": _evidence(text, doc._.date_evidence),
        "date_issue": doc._.date_issue,
        "holds_post": posts,
        "merged_from": mergers,
        "directives": directives,
        "cites": cites,
        "member_counts": counts,
        "non_officials": list(doc._.non_officials or []),
    }


def _sentence_of(doc: Doc, pos: int) -> tuple[int, int] | None:
    for s, e in doc._.sentence_spans or []:
        if s <= pos < e:
            return s, e
    return None


@Language.component("pg_facts")
def facts_component(doc: Doc) -> Doc:
    """Final stage for multi-process runs: keep only the plain facts dict
    (stage objects cannot cross process boundaries)."""
    doc._.facts = facts_from_doc(doc)
    for name in ("units", "posts", "people", "mergers", "documents", "citations", "member_counts"):
        setattr(doc._, name, None)
    return doc


def _with_article(facts: dict, article: Article) -> dict:
    out = {"article": article.name}
    if article.url:
        out["url"] = article.url
    out.update(facts)
    if article.published:
        # the page's own metadata (or its crawl's capture) dates it, as a
        # text file's header line does; the text's date has no say then
        out["date"] = article.published
        out.pop("date_evidence", None)
        out.pop("date_issue", None)
    out["extractor"] = EXTRACTOR_VERSION
    return out


def extract(article: Article) -> dict:
    """One article's facts (FORMAT.md shape plus evidence and confidence)."""
    doc = get_pipeline()(article.text)
    return _with_article(facts_from_doc(doc), article)


def _start_worker() -> None:
    """Pool initializer: the pipeline once per worker (a forked worker
    inherits the parent's, built before the pool starts).

    A worker only extracts and prepares articles, and what extraction and
    mapping cache (keys, surfaces, entity descriptions) grows the oldest
    generation, which a full collection walks whole: at the default
    threshold one came every ~35 articles, ~1.3 ms of CPU per article. In
    a worker a full collection comes after 100 younger ones instead of 10
    (only reference cycles wait longer; plain garbage is freed at once).
    Not in the calling process, which may hold stores and other resources
    whose cycles should go promptly."""
    get_pipeline()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, 100))


CHUNK_SIZE = 32   # articles sent to a worker (process or cluster) at once


def _extract_chunk(chunk: list[Article], then: Callable[[Article, dict], T] | None) -> list:
    """In a worker: each article's facts, or `then(article, facts)`, of a
    chunk (plain data, cheap to send back)."""
    nlp = get_pipeline()
    out = []
    for doc, art in zip(nlp.pipe([a.text for a in chunk], batch_size=max(1, len(chunk))), chunk):
        facts = _with_article(facts_from_doc(doc), art)
        out.append(facts if then is None else then(art, facts))
    return out


def _pool_context():
    # fork: workers start at once with the pipeline already built (spawn
    # would import spaCy and compile the vocabulary again in each one)
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_many(articles: Iterable[Article], n_process: int = 1, batch_size: int | None = None,
                 then: Callable[[Article, dict], T] | None = None,
                 cluster: str | None = None) -> Iterator[dict | T]:
    """Facts for many articles, in input order, streamed: articles are read
    from `articles` only as workers need them, so memory does not grow with
    the number of articles.

    n_process > 1 runs a pool of that many worker processes; chunks of
    `batch_size` articles are sent to them (at most two per worker at a
    time) and come back in order. `then(article, facts)`, a module-level
    function, runs where the facts were made -- in the worker -- and its
    result is yielded instead of the facts: the pure steps after extraction
    (mapping, checks) then run in parallel too.

    `cluster` (a Dask scheduler's address) runs the chunks on that
    cluster's workers instead (loaders/cluster.py); n_process is then unused."""
    batch_size = max(1, batch_size or CHUNK_SIZE)
    chunks = _chunks(articles, batch_size)
    if cluster:
        from .cluster import map_in_order

        for done in map_in_order(cluster, _extract_chunk, chunks, then):
            yield from done
        return
    get_pipeline()   # built before forking: workers inherit it
    if n_process <= 1:
        for chunk in chunks:
            yield from _extract_chunk(chunk, then)
        return
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:   # one chunk: not worth a pool
        yield from _extract_chunk(first, then)
        return
    with _pool_context().Pool(n_process, initializer=_start_worker) as pool:
        submitted = (pool.apply_async(_extract_chunk, (chunk, then))
                     for chunk in itertools.chain([first, second], chunks))
        for done in in_order(submitted, 2 * n_process, lambda job: job.get()):
            yield from done


def in_order(submitted: Iterable[Any], window: int, result: Callable[[Any], T]) -> Iterator[T]:
    """The results of submitted jobs (pool or cluster futures), in the order
    submitted, with at most `window` in flight: the next job is taken
    from `submitted` only when the oldest one's result is handed on."""
    pending: deque = deque()
    for job in submitted:
        pending.append(job)
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m loaders.extract FILES...", file=sys.stderr)
        return 2
    articles = []
    status = 0
    for path in argv:
        try:
            articles.append(read_article(path))
        except ArticleError as e:
            print(f"skipped: {e}", file=sys.stderr)
            status = 1
    for facts in extract_many(articles):
        print(json.dumps(facts, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
