"""Loading articles into the store: read -> extract -> map -> replace graph.

Each article is one transaction on its own named graph; a file that cannot
be read is reported with its reason and the batch goes on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from loaders.article import Article, ArticleError, read_article
from loaders.extract import EXTRACTOR_VERSION, extract_many
from loaders.mapping import article_iri, facts_to_quads

from .store import GraphStore

ARTICLE_SUFFIXES = (".txt",)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
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
            yield read_article(f)
        except ArticleError as e:
            report.skipped.append((str(f), e.reason))


def load_articles(paths: Iterable[str | Path], store: GraphStore, workers: int = 1,
                  on_article: Callable[[str], None] | None = None) -> LoadReport:
    """Load every article under `paths` into `store`, one named graph each."""
    report = LoadReport()
    files = expand_paths(paths)
    articles = read_all(files, report)
    pending: dict[str, Article] = {}

    def tracked() -> Iterator[Article]:
        for a in articles:
            pending[a.name] = a
            yield a

    for facts in extract_many(tracked(), n_process=workers):
        article = pending.pop(facts["article"])
        quads = facts_to_quads(article, facts, EXTRACTOR_VERSION)
        store.replace_graph(article_iri(article.name).value, quads)
        report.loaded.append(article.path or article.name)
        report.quads += len(quads)
        if on_article:
            on_article(article.name)
    return report


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
