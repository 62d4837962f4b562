"""The extractor's view of the vocabulary: compiled, tone-insensitive patterns.

Everything the rules match by name (post titles, body kinds, unit types,
document types, issuers, honorifics, cue words, name prefixes) comes from
ontology/vocabulary.ttl through `vocabulary()`; this module gathers it into
one Lexicon of categories (category.py, compiled by label_trie.py) and the
look-up tables the rules read.

Matching runs on `canon(text)` (normalize.py), a copy of the text of the
*same length* in which old and new tone placement are unified ("Hoà"/"Hòa",
"uỷ"/"ủy"), so every offset found on it is an offset in the original text.
The text shapes the rules share (text_shapes.py) are re-exported here for
the stages that import them with the lexicon.
"""
from __future__ import annotations

from functools import lru_cache

from partygraph.ontology.vocabulary import Concept, vocabulary

from .category import Category, Hit
from .normalize import canon, key
from .text_shapes import APOSTROPHES, CAP_WORD, UPPER, is_abbreviation, is_cap_word

__all__ = ["APOSTROPHES", "CAP_WORD", "UPPER", "Category", "Hit", "Lexicon", "cached_key", "canon",
           "is_abbreviation", "is_cap_word", "lexicon"]

# key() of strings the stages meet again and again (labels, names, areas)
cached_key = lru_cache(maxsize=1 << 16)(key)


class Lexicon:
    def __init__(self):
        v = vocabulary()
        self.vocab = v
        self.posts = Category(v.scheme("posts"))
        unit_labels = {key(l) for c in v.scheme("units") for l in c.labels}
        # a body labelled like a unit type ("thôn") is found as a unit
        self.bodies = Category([c for c in v.scheme("bodies")
                                if key(c.label) not in unit_labels])
        self.units = Category(v.scheme("units"))
        self.places = Category(v.scheme("places"))
        self.honorifics = Category(v.scheme("honorifics"))
        self.doc_types = Category(v.scheme("documents"))
        self.issuers = Category(v.scheme("issuers"))
        self.cues: dict[str, Category] = {}
        self.cue_words: dict[str, tuple[str, ...]] = {}
        for c in v.scheme("cues"):
            role = c.props.get("cueRole")
            self.cues[role] = Category([c])
            self.cue_words[role] = tuple(sorted({key(l) for l in c.labels}, key=len, reverse=True))
        self.cue_concepts: dict[str, Concept] = {c.props.get("cueRole"): c for c in v.scheme("cues")}
        names = v.scheme("names")
        self.surnames = {key(l) for c in names if not c.props.get("middleName") for l in c.alt_labels}
        # middle names as written ("Thị", "Văn"): a family name after one is a given name
        self.middle_names = frozenset(l for c in names if c.props.get("middleName") for l in c.alt_labels)
        self._surname_words: dict[str, bool] = {}     # word as written -> key in surnames
        self.unit_level = {c.iri: int(c.props.get("level", 0)) for c in v.scheme("units")}
        # unit type label (as the vocabulary writes it) -> level
        self.label_level = {c.label: int(c.props.get("level", 0)) for c in v.scheme("units")}
        # the type word of a province ("tỉnh"); the other level-1 types are one only by name
        self.province_type = next(c.label for c in v.scheme("units") if c.props.get("province"))
        # first words of the unit types kept in lower case at the start of an organisation name
        self.lower_case_starts = tuple(c.label.split()[0] for c in v.scheme("units")
                                       if c.props.get("lowerCaseName"))
        # honorifics that, written alone, refer to the person last named
        self.pronouns = frozenset(c.label for c in v.scheme("honorifics") if c.props.get("pronoun"))
        # the party organisations (Đảng bộ, Chi bộ) by label
        self.party_orgs = {c.label: c for c in v.scheme("bodies") if c.props.get("partyOrganization")}
        self.doc_by_notation: dict[str, list[Concept]] = {}
        for c in v.scheme("documents"):
            if c.notation:
                self.doc_by_notation.setdefault(c.notation.upper(), []).append(c)
        self.issuer_by_notation = {c.notation.upper(): c for c in v.scheme("issuers") if c.notation}

    def cue(self, role: str) -> Category:
        return self.cues[role]

    def cue_labels(self, role: str) -> frozenset[str]:
        """The words of a cue role exactly as the vocabulary writes them
        (for comparing with a word read from the text as it is)."""
        return frozenset(self.cue_concepts[role].labels)

    def party_org_for_level(self, level: int) -> Concept:
        """The party organisation of a unit of that level: the one of the
        deepest default level not below it (a village's Chi bộ), else the
        highest (a commune's or province's Đảng bộ)."""
        orgs = sorted(self.party_orgs.values(), key=lambda c: int(c.props["defaultLevel"]))
        fitting = [c for c in orgs if int(c.props["defaultLevel"]) <= level]
        return fitting[-1] if fitting else orgs[0]

    def has_cue(self, role: str, text: str) -> bool:
        """Does `text` contain one of the cue words of `role` (as whole words)?"""
        cat = self.cues.get(role)
        return bool(cat and cat.finditer(canon(text)))

    def is_surname(self, word: str) -> bool:
        known = self._surname_words.get(word)
        if known is None:
            known = key(word) in self.surnames
            if len(self._surname_words) < 100_000:
                self._surname_words[word] = known
        if known:
            return True
        # K’Lăng, H’Tư: an apostrophe after a one-letter prefix marks an ethnic name
        return len(word) > 2 and word[1] in APOSTROPHES and word[0].isupper()

    def level(self, unit_concept: Concept) -> int:
        return self.unit_level.get(unit_concept.iri, 0)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()
