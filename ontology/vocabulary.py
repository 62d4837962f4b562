"""The SKOS vocabulary (ontology/vocabulary.ttl) as Python objects.

This is the only reader of the vocabulary: the extractor's patterns, the RDF
labels and the API all go through `vocabulary()`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import rdflib
from rdflib.namespace import SKOS

from . import PG, PGV, VOCABULARY_TTL

_PG = rdflib.Namespace(PG)


@dataclass(frozen=True)
class Concept:
    iri: str
    scheme: str                      # "posts", "bodies", "units", "documents", "issuers", "honorifics"
    label: str                       # Vietnamese prefLabel, canonical form
    label_en: str
    alt_labels: tuple[str, ...] = ()
    notation: str | None = None
    props: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def labels(self) -> tuple[str, ...]:
        """Every written form: the preferred label first, then variants."""
        return (self.label, *self.alt_labels)

    @property
    def abbreviations(self) -> tuple[str, ...]:
        """Alt labels written as abbreviations (UBND, TUV, TX, Đ/c)."""
        return tuple(a for a in self.alt_labels if _is_abbreviation(a))


def _is_abbreviation(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and " " not in label and (
        sum(c.isupper() for c in letters) >= 2 or "/" in label)


class Vocabulary:
    """All concepts, indexed by scheme and IRI."""

    def __init__(self, graph: rdflib.Graph):
        self.graph = graph
        self.concepts: dict[str, Concept] = {}
        for c in graph.subjects(rdflib.RDF.type, SKOS.Concept):
            scheme_iri = str(graph.value(c, SKOS.inScheme))
            scheme = scheme_iri[len(PGV):]
            vi = en = None
            for lab in graph.objects(c, SKOS.prefLabel):
                if lab.language == "vi":
                    vi = str(lab)
                elif lab.language == "en":
                    en = str(lab)
            alts = tuple(sorted(str(a) for a in graph.objects(c, SKOS.altLabel)))
            notation = graph.value(c, SKOS.notation)
            props = {}
            for p, o in graph.predicate_objects(c):
                if str(p).startswith(PG):
                    props[str(p)[len(PG):]] = o.toPython() if isinstance(o, rdflib.Literal) else str(o)
            self.concepts[str(c)] = Concept(str(c), scheme, vi or "", en or "", alts,
                                            str(notation) if notation else None, props)

    def scheme(self, name: str) -> list[Concept]:
        """Concepts of one scheme, longest label first (so patterns prefer
        'Phó Bí thư Thường trực' over 'Phó Bí thư')."""
        items = [c for c in self.concepts.values() if c.scheme == name]
        return sorted(items, key=lambda c: (-len(c.label), c.label))

    def get(self, iri: str) -> Concept:
        return self.concepts[iri]

    def abbreviations(self) -> dict[str, str]:
        """Abbreviation -> the preferred label it stands for (UBND -> UBND is
        skipped; TUV -> Tỉnh ủy viên, TX -> thị xã)."""
        out = {}
        for c in self.concepts.values():
            for a in c.abbreviations:
                if a != c.label:
                    out[a] = c.label
        return out


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    g = rdflib.Graph()
    g.parse(VOCABULARY_TTL, format="turtle")
    return Vocabulary(g)
