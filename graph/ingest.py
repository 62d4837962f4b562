"""Loading articles into the store: read -> extract -> map -> replace graph.

Each article is one transaction on its own named graph; a file that cannot
be read is reported with its reason and the batch goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from loaders.article import Article, ArticleError, read_article
from loaders.extract import EXTRACTOR_VERSION, extract, extract_many
from loaders.mapping import article_iri, facts_to_quads

from .register import register_quads
from .resolve import holder_keys, note_loaded
from .store import GraphStore, StoreError
from .validate import validate_article

ARTICLE_SUFFIXES = (".txt",)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (path, what was repaired)
    quads: int = 0


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expand to their article files, sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in ARTICLE_SUFFIXES
                              and "gold" not in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


def read_all(files: Iterable[Path], report: LoadReport) -> Iterator[Article]:
    for f in files:
        try:
            article = read_article(f)
        except ArticleError as e:
            report.skipped.append((str(f), e.reason))
            continue
        if article.note:
            report.repaired.append((str(f), article.note))
        yield article


def load_articles(paths: Iterable[str | Path], store: GraphStore, workers: int = 1,
                  on_article: Callable[[str], None] | None = None) -> LoadReport:
    """Load every article under `paths` into `store`, one named graph each.

    One bad article (unreadable, an extractor or mapping failure, a refused
    write) is reported in `report.skipped` with its reason and the batch
    goes on; each article's graph is written in one replace, so an
    interrupted load leaves every article whole or absent."""
    report = LoadReport()
    files = expand_paths(paths)
    articles = _unique_names(read_all(files, report), report)
    for article, facts in _extract_guarded(articles, workers, report):
        where = article.path or article.name
        try:
            quads = facts_to_quads(article, facts, EXTRACTOR_VERSION)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            report.skipped.append((where, f"its facts could not be mapped to RDF ({type(e).__name__}: {e})"))
            continue
        # Register check of its mergers (graph/register.py), then the SHACL
        # shapes (the fast check compiled from them, pyshacl for what it
        # flags): an article that violates them is reported, not stored.
        quads += register_quads(quads)
        violations = validate_article(quads)
        if violations:
            report.skipped.append((where, f"violates the shapes ({len(violations)}): "
                                          + "; ".join(str(v) for v in violations[:3])))
            continue
        graph = article_iri(article.name).value
        try:
            old_keys = holder_keys(store, graph)   # a reload may drop names: resolve them again
            store.replace_graph(graph, quads)
        except (StoreError, OSError) as e:
            report.skipped.append((where, f"the store refused it ({e})"))
            continue
        note_loaded(store, graph, old_keys)
        report.loaded.append(where)
        report.quads += len(quads)
        if on_article:
            on_article(article.name)
    return report


def _unique_names(articles: Iterable[Article], report: LoadReport) -> Iterator[Article]:
    """An article's identity (its graph) is its file name: a second file of
    the same name in one batch would silently replace the first."""
    seen: dict[str, str] = {}
    for a in articles:
        where = a.path or a.name
        if a.name in seen:
            report.skipped.append((where, f"same file name as {seen[a.name]}, loaded in this batch "
                                          "(an article is identified by its file name)"))
            continue
        seen[a.name] = where
        yield a


def _extract_guarded(articles: Iterator[Article], workers: int,
                     report: LoadReport) -> Iterator[tuple[Article, dict]]:
    """(article, facts) pairs from the batch extractor; when it fails, the
    articles it was holding are retried one by one, the one that fails is
    skipped with the reason, and batch extraction resumes on the rest."""
    articles = iter(articles)
    while True:
        pending: dict[str, Article] = {}

        def tracked() -> Iterator[Article]:
            for a in articles:
                pending[a.name] = a
                yield a

        try:
            for facts in extract_many(tracked(), n_process=workers):
                article = pending.pop(facts.get("article"), None)
                if article is None:
                    continue   # facts for an article not asked for: nothing to store
                yield article, facts
            return
        except Exception:  # noqa: BLE001 -- an extractor bug on one article must not end the batch
            if not pending:
                raise   # it failed before taking any article: not an article's fault
        for article in pending.values():
            try:
                facts = extract(article)
            except Exception as e:  # noqa: BLE001
                report.skipped.append((article.path or article.name,
                                       f"extraction failed ({type(e).__name__}: {e})"))
                continue
            yield article, facts


def ensure_vocabulary(store: GraphStore) -> None:
    """Keep the ontology and SKOS vocabulary in their own named graph, so that
    SPARQL can read labels (Vietnamese and English) of roles, body kinds,
    unit types and document types."""
    import pyoxigraph as ox

    from ontology import ONTOLOGY_TTL, VOCABULARY_GRAPH, VOCABULARY_TTL

    g = ox.NamedNode(VOCABULARY_GRAPH)
    quads = []
    for path in (ONTOLOGY_TTL, VOCABULARY_TTL):
        with open(path, "rb") as f:
            quads.extend(ox.Quad(q.subject, q.predicate, q.object, g)
                         for q in ox.parse(f, format=ox.RdfFormat.TURTLE))
    store.replace_graph(VOCABULARY_GRAPH, quads)  # same content each time: count unchanged
