"""Which article a prepared one is, before it is written: new, a reload, a
copy of one already stored, or a clash that must not replace anything.

An article is identified by its canonical URL when it has one, else by its
text (loaders/article.py `Article.id`); its name (the file name, or the
URL) is how facts and sources show it. So, for each article of a batch,
against the store and the batch's earlier articles:

- the same IRI holding another text (the same URL, changed) is a clash;
- the same name with another text (b/x.txt after a/x.txt) is a clash: the
  sources would show one name for two texts;
- the same text under another IRI or name (the article syndicated on a
  second site, or the same file saved twice) is a copy: kept once, its URL
  added as a further source of the stored article;
- anything else is written (replacing its own graph: a reload).
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from partygraph.loaders.identity import article_iri

from .sparql_query import Query
from .store_protocol import GraphStore


@dataclass(frozen=True)
class Stored:
    graph: str
    sha: str
    name: str


@dataclass(frozen=True)
class Decision:
    action: str          # "write", "copy" or "clash"
    graph: str           # the graph to write, or the stored article a copy joins
    reason: str = ""     # for a copy or a clash: which article, and why


def stored(store: GraphStore, shas: set[str], names: set[str], graphs: set[str]) -> list[Stored]:
    """The stored articles with one of these texts, names or IRIs."""
    if not (shas or names or graphs):
        return []
    # every slot filled, an empty one too: its branch then matches nothing
    values = {"sha": sorted(map(ox.Literal, shas), key=str), "name": sorted(map(ox.Literal, names), key=str),
              "article": sorted(map(ox.NamedNode, graphs), key=str)}
    return [Stored(s["article"].value, s["sha"].value, s["name"].value)
            for s in Query.load("article_decisions", "stored_articles").solutions(store, values=values)]


def decide(store: GraphStore, batch: list) -> list[Decision]:
    """A Decision for each prepared article of `batch` (graph/ingest.py's
    Prepared: name, id, text_sha), in order; see the module docstring."""
    graphs = [article_iri(p.id).value for p in batch]
    found = stored(store, {p.text_sha for p in batch}, {p.name for p in batch}, set(graphs))
    by_graph = {s.graph: s for s in found}
    by_name = {s.name: s for s in found}
    by_sha = {s.sha: s for s in found}
    out = []
    for p, graph in zip(batch, graphs):
        same_iri = by_graph.get(graph)
        same_name = by_name.get(p.name)
        same_text = by_sha.get(p.text_sha)
        if same_iri is not None and same_iri.sha != p.text_sha:
            out.append(Decision("clash", graph, f"another text of {same_iri.name} is stored already "
                                                "(the same URL, a different text): not replaced"))
            continue
        if same_name is not None and same_name.sha != p.text_sha and same_name.graph != graph:
            out.append(Decision("clash", graph, f"another article named {p.name} is stored already, with "
                                                "a different text: not replaced (rename the file to keep both)"))
            continue
        if same_text is not None and (same_text.graph != graph or same_text.name != p.name):
            out.append(Decision("copy", same_text.graph, f"the same text as {same_text.name}"))
            continue
        out.append(Decision("write", graph))
        mine = Stored(graph, p.text_sha, p.name)
        by_graph[graph], by_name[p.name], by_sha[p.text_sha] = mine, mine, mine
    return out
