"""What a page calls each IRI: the label a reader knows it by, asked for a
page's IRIs at once (graph/labels/labels.rq). The query page's tables and
graphs and the entity pages show these instead of raw IRIs, as the Wikidata
Query Service's label service does."""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from .sparql_query import Query
from .store_protocol import GraphStore

MAX_IRIS = 1000   # one page of a result never holds more distinct IRIs than this


def labels(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """{iri: label} for those of `iris` the graph can name (at most
    MAX_IRIS; more is a ValueError). IRIs that are not valid are a
    ValueError too, never query text."""
    wanted = sorted(set(iris))
    if len(wanted) > MAX_IRIS:
        raise ValueError(f"at most {MAX_IRIS} IRIs at once, not {len(wanted)}")
    if not wanted:
        return {}
    nodes = [ox.NamedNode(i) for i in wanted]
    out = {}
    for s in Query.load("labels", "labels").solutions(store, values={"entity": nodes}):
        if s["label"] is not None:
            out[s["entity"].value] = s["label"].value
    return out
