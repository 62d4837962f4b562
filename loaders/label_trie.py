"""Vocabulary labels compiled into one trie-shaped pattern per category:
tone-insensitive (labels and text both pass through canon()), case-insensitive
for words and case-sensitive for abbreviations, matching the longest label
at each place on word boundaries."""
from __future__ import annotations

import re

from .normalize import canon

_WS = " "   # a run of spaces or tabs between two words of a label


def _label_units(label: str, fold: bool) -> list[str]:
    """A label as matching units: its (canon) characters, lower-cased when
    matched case-insensitively, with _WS between words."""
    units: list[str] = []
    for i, part in enumerate(label.split()):
        if i:
            units.append(_WS)
        for ch in canon(part):
            low = ch.lower()
            units.append(low if fold and len(low) == 1 else ch)
    return units


# Every character of the Basic Multilingual Plane: what a first label
# character may match under IGNORECASE is found by searching it.
_BMP: str | None = None


_VARIANTS: dict[str, list[str]] = {}


def _case_variants(chars: list[str]) -> dict[str, list[str]]:
    """Each (lower-case) character -> every character IGNORECASE matches to it
    (no character outside the BMP does: tests/loaders/test_lexicon.py)."""
    global _BMP
    missing = [c for c in chars if c not in _VARIANTS]
    if missing:
        if _BMP is None:
            _BMP = "".join(map(chr, range(0x10000)))
        found = set(re.findall("[" + "".join(map(re.escape, missing)) + "]", _BMP, re.IGNORECASE))
        for c in missing:
            _VARIANTS[c] = sorted(t for t in found if re.fullmatch(re.escape(c), t, re.IGNORECASE))
    return {c: _VARIANTS[c] for c in chars}


def _trie_pattern(labels: list[str], fold: bool, before: str) -> str:
    """The labels as one trie-shaped pattern, `before` (a look-behind class
    the character before a label must not be in) checked after the first
    character.

    It matches exactly what the plain alternation "longest label first"
    matches: at a position at most one branch can go on (siblings are
    distinct characters; lower-cased under IGNORECASE so that "Ban" and
    "ban" share a branch), optional tails are greedy, so the first match
    the engine accepts (with the look-ahead after it) is the longest label
    there -- as in the alternation, where a longer label always gives a
    longer match. The engine tries one branch per character instead of
    every label, and the top level is a choice of plain first characters
    (each case variant spelled out, the rest under (?i:...)), which lets it
    skip to the next possible first character without entering the pattern.
    """
    root: dict = {}
    for label in labels:
        node = root
        for u in _label_units(label, fold):
            node = node.setdefault(u, {})
        node[""] = {}
    flags = re.IGNORECASE if fold else 0

    def emit(node: dict) -> str:
        keys = sorted(k for k in node if k)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                # siblings must never match the same character
                if a != _WS and b != _WS and re.fullmatch(re.escape(a), b, flags):
                    raise ValueError(f"ambiguous label characters {a!r} {b!r}")
        alts = [(r"[ \t]+" if k == _WS else re.escape(k)) + emit(node[k]) for k in keys]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    emit(root)     # checks the siblings
    firsts = sorted(root)
    variants = _case_variants(firsts) if fold else {c: [c] for c in firsts}
    # the look-behind sits after the first character: it spans two
    lookbehind = rf"(?<!{before}[\s\S])"
    alts = []
    for c in firsts:
        rest = emit(root[c])
        rest = f"(?i:{rest})" if fold and rest else rest
        alts.extend(re.escape(v) + lookbehind + rest for v in variants[c])
    return "(?:" + "|".join(alts) + ")"


def compile_labels(labels: list[str], case_sensitive: bool = False) -> re.Pattern | None:
    """One pattern over `labels` on word boundaries, matching the longest
    label at each place (a trie: see _trie_pattern)."""
    labels = sorted(set(labels), key=lambda s: (-len(s), s))
    if not labels:
        return None
    if case_sensitive:
        # abbreviations: not inside a document symbol (50-CT/TW) or a longer word
        return re.compile(_trie_pattern(labels, False, r"[\w/\-.]") + r"(?![\w/\-])")
    return re.compile(_trie_pattern(labels, True, r"\w") + r"(?!\w)")
