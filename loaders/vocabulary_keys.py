"""The vocabulary's labels by normalised key, for naming entities: which
concept a whole label is (`exact`), or which one starts it (`prefix`).
The extractor's patterns over running text are loaders/lexicon.py; both
read ontology/vocabulary.ttl through `vocabulary()`."""
from __future__ import annotations

from dataclasses import dataclass

from partygraph.ontology.vocabulary import Concept, vocabulary

from .normalize import clean_label, key


@dataclass(frozen=True)
class VocabularyKeys:
    """One scheme's labels indexed by normalised key, longest first, and
    grouped by their first word: a label can only start a text that starts
    with its first word, so `prefix` tries those alone (scanning them all
    at every word was most of the mapping's time)."""
    entries: tuple[tuple[str, Concept], ...]
    by_first: dict[str, tuple[tuple[str, Concept], ...]]

    @classmethod
    def of(cls, scheme: str) -> "VocabularyKeys":
        pairs = [(key(lab), c) for c in vocabulary().scheme(scheme) for lab in c.labels]
        pairs.sort(key=lambda p: -len(p[0]))
        by_first: dict[str, list[tuple[str, Concept]]] = {}
        for pair in pairs:
            by_first.setdefault(pair[0].split(" ", 1)[0], []).append(pair)
        return cls(tuple(pairs), {w: tuple(ps) for w, ps in by_first.items()})

    def exact(self, text: str) -> Concept | None:
        k = key(text)
        return next((c for lk, c in self.by_first.get(k.split(" ", 1)[0], ()) if lk == k), None)

    def prefix(self, text: str) -> tuple[Concept, str] | None:
        """The concept whose label starts `text`, and the rest of the text."""
        k = key(text)
        for lk, c in self.by_first.get(k.split(" ", 1)[0], ()):
            if k == lk or k.startswith(lk + " "):
                rest = " ".join(clean_label(text).split()[len(lk.split()):])
                return c, rest
        return None


_BY_SCHEME: dict[str, VocabularyKeys] = {}


def keys_of(scheme: str) -> VocabularyKeys:
    """The keys of scheme `scheme` (units, bodies, posts, documents, cues ...)."""
    if scheme not in _BY_SCHEME:
        _BY_SCHEME[scheme] = VocabularyKeys.of(scheme)
    return _BY_SCHEME[scheme]
