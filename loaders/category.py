"""A category of the vocabulary (post titles, unit types, one cue role ...)
as the extractor searches it: its labels compiled (label_trie.py), each
surface found mapped back to its concept, and the hits of a whole text
indexed once so that the stages' many searches of parts of it are lookups."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from partygraph.ontology.vocabulary import Concept

from .label_trie import compile_labels
from .normalize import key
from .text_shapes import is_abbreviation


@dataclass
class Hit:
    start: int
    end: int
    concept: Concept


# Texts at least this long are searched once per category and pattern;
# later searches of a range of the same text read that index.
_INDEX_MIN_CHARS = 1000
# After a range, a character that the patterns' look-aheads read: a search
# bounded there could see a word end where the whole text has none.
_WORD_AFTER = re.compile(r"[\w/\-]")


class _Index:
    """Every match of a category's patterns in one whole text.

    A search of text[s:e] (what `finditer(shadow, s, e)` used to run) gives
    the same hits as the whole-text matches inside [s, e) unless a whole-text
    match crosses s or e (it hid or stole a match there), or the character
    at e is one the look-aheads read (a bounded search sees the end of the
    string there): `hits` answers None then and the caller searches."""

    __slots__ = ("shadow", "runs", "starts", "hits")

    def __init__(self, shadow: str, runs: list[tuple[list[int], list[int]]], hits: list[Hit]):
        self.shadow = shadow
        self.runs = runs
        self.hits = hits
        self.starts = [h.start for h in hits]

    def range(self, s: int, e: int) -> list[Hit] | None:
        n = len(self.shadow)
        if s < 0 or e <= s:
            return None
        if e < n and _WORD_AFTER.match(self.shadow, e):
            return None
        for starts, ends in self.runs:
            i = bisect_left(starts, s)
            if i and ends[i - 1] > s:
                return None
            j = bisect_left(starts, e)
            if j and ends[j - 1] > e:
                return None
        return self.hits[bisect_left(self.starts, s):bisect_left(self.starts, e)]


class Category:
    """The labels of some concepts, matched tone- and (mostly) case-insensitively."""

    def __init__(self, concepts: list[Concept], include_abbreviations: bool = True):
        self.by_key: dict[str, Concept] = {}
        words, abbrs = [], []
        for c in concepts:
            for lab in c.labels:
                if is_abbreviation(lab):
                    if include_abbreviations:
                        abbrs.append(lab)
                        self.by_key.setdefault("=" + lab, c)
                else:
                    words.append(lab)
                    self.by_key.setdefault(key(lab), c)
        self.labels = words + abbrs
        self.words = compile_labels(words)
        self.abbrs = compile_labels(abbrs, case_sensitive=True)
        self._patterns = [rx for rx in (self.words, self.abbrs) if rx is not None]
        self._surfaces: dict[str, Concept | None] = {}
        self._index: _Index | None = None
        self._seen: str | None = None     # the text searched by ranges, not (yet) indexed
        self._seen_chars = 0
        self._seen_count = 0

    def concept_for(self, surface: str) -> Concept | None:
        try:
            return self._surfaces[surface]
        except KeyError:
            pass
        c = self.by_key.get("=" + surface) or self.by_key.get(key(surface))
        if len(self._surfaces) < 100_000:
            self._surfaces[surface] = c
        return c

    def _search(self, shadow: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The hits of a search bounded to shadow[start:end]."""
        end = len(shadow) if end is None else end
        hits: dict[tuple[int, int], Hit] = {}
        for rx in self._patterns:
            for m in rx.finditer(shadow, start, end):
                c = self.concept_for(m.group(0))
                if c is not None:
                    hits.setdefault(m.span(), Hit(m.start(), m.end(), c))
        return sorted(hits.values(), key=lambda h: (h.start, -h.end))

    def _index_of(self, shadow: str) -> _Index:
        idx = self._index
        if idx is not None and (idx.shadow is shadow or idx.shadow == shadow):
            return idx
        runs = []
        hits: dict[tuple[int, int], Hit] = {}
        for rx in self._patterns:
            starts, ends = [], []
            for m in rx.finditer(shadow):
                a, b = m.span()
                starts.append(a)
                ends.append(b)
                c = self.concept_for(m.group(0))
                if c is not None:
                    hits.setdefault((a, b), Hit(a, b, c))
            runs.append((starts, ends))
        idx = self._index = _Index(shadow, runs, sorted(hits.values(), key=lambda h: (h.start, -h.end)))
        return idx

    def finditer(self, shadow: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The labels in shadow[start:end], in order (longest first at one start)."""
        end = len(shadow) if end is None else end
        n = len(shadow)
        if n >= _INDEX_MIN_CHARS:
            idx = self._index
            if idx is None or not (idx.shadow is shadow or idx.shadow == shadow):
                # index a text at its third search, or once the searched
                # ranges add up to half of it (a category asked about a
                # sentence or two is searched there)
                if self._seen is not shadow:
                    self._seen, self._seen_chars, self._seen_count = shadow, 0, 0
                self._seen_chars += max(0, min(end, n) - start)
                self._seen_count += 1
                if self._seen_chars < n // 2 and self._seen_count < 3:
                    return self._search(shadow, start, end)
                self._seen = None
                idx = self._index_of(shadow)
            hits = idx.range(start, end)
            if hits is not None:
                return hits
        return self._search(shadow, start, end)

    def match_at(self, shadow: str, pos: int, end: int | None = None) -> Hit | None:
        """The longest label starting exactly at `pos`."""
        end = len(shadow) if end is None else end
        best = None
        for rx in self._patterns:
            m = rx.match(shadow, pos, end)
            if m and (best is None or m.end() > best.end):
                c = self.concept_for(m.group(0))
                if c is not None:
                    best = Hit(m.start(), m.end(), c)
        return best
