"""Loading articles into the store: read -> extract -> map -> check -> write.

Everything up to the write is pure and runs in the extraction workers;
this process only writes, a batch of articles at a time, each article in
its own named graph. A file that cannot be read is reported
with its reason and the batch goes on.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from partygraph.loaders.article import Article
from partygraph.loaders.cluster import ClusterError
from partygraph.loaders.extract import EXTRACTOR_VERSION, extract, extract_many
from partygraph.loaders.identity import article_iri
from partygraph.loaders.mapping import facts_to_quads, source_quads
from partygraph.ontology import ENTITIES_GRAPH

from .article_decisions import decide
from .indexes import name_tokens
from .inputs import expand_paths, read_all
from .register import register_quads
from .resolve import holder_keys, note_loaded
from .resolve_rewrite import default_mentions
from .errors import StoreError
from .store_protocol import GraphStore, check_graphs
from .validate import validate_article


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (path, what was repaired)
    kept_once: list[tuple[str, str]] = field(default_factory=list)  # (path, the article it copies)
    notes: list[tuple[str, str]] = field(default_factory=list)     # (path, e.g. what a crawl held besides pages)
    quads: int = 0


_ENTITIES = ox.NamedNode(ENTITIES_GRAPH)


@dataclass
class Prepared:
    """One article made ready for the store, in a worker: its quads as
    N-Quads (cheap to send between processes and loaded by the store
    without building Python objects), those of its own graph apart from
    those of the entities graph (which the writer skips when this load has
    written them already), or why it cannot be stored."""
    name: str
    nquads: bytes = b""
    entities: bytes = b""
    quads: int = 0
    error: str | None = None
    source: str = ""     # where it was read (its path as given), for the report
    id: str = ""         # Article.id: its IRI's last segment (graph/article_decisions.py)
    text_sha: str = ""   # Article.text_sha256
    url: str | None = None
    title: str | None = None
    publisher: str | None = None

    @property
    def shown_as(self) -> str:
        return self.source or self.name


def prepare(article: Article, facts: dict) -> Prepared:
    """Facts -> the quads `load` writes for one article: mapped to RDF, the
    register's check of its mergers (graph/register.py), its mention nodes
    as resolution writes them (graph/resolve_rewrite.py), then the SHACL shapes
    (the fast check compiled from them, pyshacl for what it flags). Pure:
    it runs in the extraction workers."""
    graph = article_iri(article).value
    try:
        quads = facts_to_quads(article, facts, EXTRACTOR_VERSION)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        return Prepared(article.name, error=f"its facts could not be mapped to RDF ({type(e).__name__}: {e})",
                        id=article.id)
    quads += register_quads(quads)
    quads += default_mentions(graph, quads)
    quads += name_tokens(quads)   # graph/indexes.py: the syllable index of people's and units' names
    violations = validate_article(quads)
    if violations:
        return Prepared(article.name, error=f"violates the shapes ({len(violations)}): "
                                            + "; ".join(str(v) for v in violations[:3]), id=article.id)
    try:
        check_graphs(graph, quads)
    except StoreError as e:
        return Prepared(article.name, error=str(e), id=article.id)
    own = [q for q in quads if q.graph_name != _ENTITIES]
    shared = [q for q in quads if q.graph_name == _ENTITIES]
    return Prepared(article.name, ox.serialize(own, format=ox.RdfFormat.N_QUADS) or b"",
                    ox.serialize(shared, format=ox.RdfFormat.N_QUADS) or b"", len(quads),
                    id=article.id, text_sha=article.text_sha256, url=article.url, title=article.title,
                    publisher=article.publisher)


# Articles written at once, and the longest a batch waits before it is
# written: a write per article costs more than the article's quads, while
# a short wait keeps progress visible.
BATCH_SIZE = 64
BATCH_SECONDS = 1.0


def load_articles(paths: Iterable[str | Path], store: GraphStore, workers: int = 1,
                  on_article: Callable[[str], None] | None = None,
                  batch_size: int = BATCH_SIZE, cluster: str | None = None) -> LoadReport:
    """Load every article under `paths` into `store`, one named graph each.

    One bad article (unreadable, an extractor or mapping failure, a refused
    write) is reported in `report.skipped` with its reason and the batch
    goes on. Articles are prepared in `workers` processes (or on the Dask
    cluster at `cluster`) and written by this one, up to `batch_size` at
    once (the store's `write_articles`): an interrupted load leaves
    every article whole or absent."""
    report = LoadReport()
    written = EntityLines()
    for batch in prepared_batches(paths, report, workers, batch_size, cluster):
        write_prepared(store, batch, report, on_article, written)
    return report


def prepared_batches(paths: Iterable[str | Path], report: LoadReport, workers: int = 1,
                     batch_size: int = BATCH_SIZE, cluster: str | None = None) -> Iterator[list[Prepared]]:
    """The articles under `paths`, read, extracted and prepared, in batches
    of up to `batch_size` (or what BATCH_SECONDS gathered); those that
    cannot be are in `report` with their reason. A writer writes each batch
    with `write_prepared`, here or in the server that owns the store."""
    files = expand_paths(paths, report.skipped)
    articles = read_all(files, report)
    batch: list[Prepared] = []
    started = time.monotonic()
    for article, prepared in _extract_guarded(articles, workers, report, cluster):
        if prepared.error:
            report.skipped.append((article.path or article.name, prepared.error))
            continue
        prepared.source = article.path or article.name
        batch.append(prepared)
        if len(batch) >= max(1, batch_size) or time.monotonic() - started >= BATCH_SECONDS:
            yield batch
            batch, started = [], time.monotonic()
    if batch:
        yield batch


class EntityLines:
    """Entity-graph quads (N-Quads lines) this load has already written.
    Articles describe the same people, bodies and units again and again
    (a third of an article's quads, and most of them already stored); the
    entities graph only grows, so a line written once need not be written
    again. Bounded: when full it starts afresh, which only writes some
    lines twice (a set, so harmless)."""

    LIMIT = 1_000_000

    def __init__(self) -> None:
        self.lines: set[bytes] = set()

    def new(self, prepared: Iterable[Prepared]) -> tuple[bytes, list[bytes]]:
        """(the articles' N-Quads without entity lines already written, the entity lines kept)."""
        seen = self.lines
        fresh = list(dict.fromkeys(line for p in prepared for line in p.entities.splitlines()
                                   if line not in seen))
        own = b"".join(p.nquads for p in prepared)
        return own + b"\n".join(fresh) + b"\n" if fresh else own, fresh

    def done(self, lines: list[bytes]) -> None:
        if len(self.lines) + len(lines) > self.LIMIT:
            self.lines.clear()
        self.lines.update(lines)


def write_prepared(store: GraphStore, batch: list[Prepared], report: LoadReport,
                   on_article: Callable[[str], None] | None = None,
                   written: EntityLines | None = None) -> None:
    """Write a batch of prepared articles in one write where the store can
    (else, or when the batch is refused, one by one, so that one bad
    article is reported alone), noting each for resolution. Each is first
    placed by graph/article_decisions.py: a copy of a stored text only adds its
    source to that article, a clash is refused, never written over."""
    if not batch:
        return
    written = EntityLines() if written is None else written
    decisions = decide(store, batch)
    copies = [(p, d) for p, d in zip(batch, decisions) if d.action == "copy"]
    for p, d in zip(batch, decisions):
        if d.action == "clash":
            report.skipped.append((p.shown_as, d.reason))
    batch = [p for p, d in zip(batch, decisions) if d.action == "write"]
    _write_new(store, batch, report, on_article, written)
    for p, d in copies:
        try:
            _add_source(store, d.graph, p)
        except (StoreError, OSError, ValueError) as e:
            report.skipped.append((p.shown_as, f"the store refused it ({e})"))
            continue
        report.kept_once.append((p.shown_as, d.reason + (f", {p.url} added as a source" if p.url else "")))
        if on_article:
            on_article(p.name)


def _add_source(store: GraphStore, graph: str, p: Prepared) -> None:
    quads = source_quads(ox.NamedNode(graph), p.url, p.title, p.publisher)
    if quads and not store.change_graph(graph, [], quads):
        raise StoreError("the store cannot add a source to a stored article")


def _write_new(store: GraphStore, batch: list[Prepared], report: LoadReport,
               on_article: Callable[[str], None] | None, written: EntityLines) -> None:
    if not batch:
        return
    graphs = [article_iri(p.id).value for p in batch]
    done = False
    if len(batch) > 1:
        try:
            old_keys = _old_holder_keys(store, graphs)
            nquads, fresh = written.new(batch)
            store.write_articles(graphs, nquads)
            written.done(fresh)
            done = True
        except (StoreError, OSError, ValueError, SyntaxError):
            done = False   # find the article it was, one by one
        if done:
            for graph, keys in old_keys.items():
                note_loaded(store, graph, keys)
    for prepared, graph in zip(batch, graphs):
        if not done:
            try:
                keys = _old_holder_keys(store, [graph]).get(graph, set())
                nquads, fresh = written.new([prepared])
                store.write_articles([graph], nquads)
                written.done(fresh)
            except (StoreError, OSError, ValueError, SyntaxError) as e:
                report.skipped.append((prepared.shown_as, f"the store refused it ({e})"))
                continue
            note_loaded(store, graph, keys)
        report.loaded.append(prepared.shown_as)
        report.quads += prepared.quads
        if on_article:
            on_article(prepared.name)


def _old_holder_keys(store: GraphStore, graphs: list[str]) -> dict[str, set[str]]:
    """graph -> the person keys it names now (empty for a new graph): a
    reload may drop names, which must then be resolved again."""
    return {g: (holder_keys(store, g) if store.has_graph(g) else set()) for g in graphs}


def _extract_guarded(articles: Iterator[Article], workers: int, report: LoadReport,
                     cluster: str | None = None) -> Iterator[tuple[Article, Prepared]]:
    """(article, prepared) pairs from the batch extractor; when it fails, the
    articles it was holding are retried one by one, the one that fails is
    skipped with the reason, and batch extraction resumes on the rest."""
    articles = iter(articles)
    while True:
        # (name, id) -> the articles taken and not yet answered: a feed or a
        # crawl may hold the same article twice (a copy, kept once later)
        pending: dict[tuple[str, str], list[Article]] = {}

        def tracked() -> Iterator[Article]:
            for a in articles:
                pending.setdefault((a.name, a.id), []).append(a)
                yield a

        try:
            for prepared in extract_many(tracked(), n_process=workers, then=prepare, cluster=cluster):
                waiting = pending.get((prepared.name, prepared.id))
                if not waiting:
                    continue   # an article not asked for: nothing to store
                article = waiting.pop(0)
                if not waiting:
                    del pending[(prepared.name, prepared.id)]
                yield article, prepared
            return
        except ClusterError:
            raise   # the cluster cannot be reached: no article's fault
        except Exception:  # noqa: BLE001 -- an extractor bug on one article must not end the batch
            if not pending:
                raise   # it failed before taking any article: not an article's fault
        for article in [a for group in pending.values() for a in group]:
            try:
                facts = extract(article)
            except Exception as e:  # noqa: BLE001
                report.skipped.append((article.path or article.name,
                                       f"extraction failed ({type(e).__name__}: {e})"))
                continue
            yield article, prepare(article, facts)


def ensure_vocabulary(store: GraphStore) -> None:
    """Keep the ontology and SKOS vocabulary in their own named graph, so that
    SPARQL can read labels (Vietnamese and English) of roles, body kinds,
    unit types and document types."""

    from partygraph.ontology import ONTOLOGY_TTL, VOCABULARY_GRAPH, VOCABULARY_TTL

    g = ox.NamedNode(VOCABULARY_GRAPH)
    quads = []
    for path in (ONTOLOGY_TTL, VOCABULARY_TTL):
        with open(path, "rb") as f:
            quads.extend(ox.Quad(q.subject, q.predicate, q.object, g)
                         for q in ox.parse(f, format=ox.RdfFormat.TURTLE))
    store.replace_graph(VOCABULARY_GRAPH, quads)  # same content each time: count unchanged
