"""A Vietnamese tokenizer for spaCy that splits punctuation off words.

spaCy's Vietnamese tokenizer without pyvi splits on spaces only, leaving
"Hoà," and "Hồ-chia" as single tokens. This one keeps document symbols
("50-CT/TW", "1198/NQ-UBTVQH15"), numbers ("1.462", "97,3%"), "Đ/c",
"TP.HCM" and apostrophe names ("K’Lăng") whole, and splits everything else
at punctuation. Input is cleaned to NFC first (NFD sources, NBSP), so
`doc.text` is the clean text every offset refers to.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .normalize import clean_text

_TOKEN = re.compile(
    r"[ĐđDd]/[cC](?![\w])"                                   # Đ/c
    r"|\d+(?:[.,]\d+)*(?:[ \t]?[-/][ \t]?[\w]+)+"            # symbols and dates: 50-CT/TW, 29/2/2024
    r"|\d+(?:[.,]\d+)*%?"                                    # numbers: 1.462, 97,3%
    r"|[^\W\d_]+(?:['’‘ʼ][^\W\d_]+)*(?:\.[A-ZĐ]{2,})?"      # words, K’Lăng, TP.HCM
    r"|\S"                                                   # any other single character
)


class VietnameseTokenizer:
    """Callable tokenizer: text -> Doc whose text is clean_text(text)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        text = clean_text(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for m in _TOKEN.finditer(text):
            if " " in m.group(0) or "\t" in m.group(0):
                # a spaced symbol ("50 - CT/TW") becomes its pieces
                for sub in re.finditer(r"\S+", m.group(0)):
                    self._add(text, pos, m.start() + sub.start(), words, spaces)
                    words.append(sub.group(0))
                    spaces.append(False)
                    pos = m.start() + sub.end()
                continue
            self._add(text, pos, m.start(), words, spaces)
            words.append(m.group(0))
            spaces.append(False)
            pos = m.end()
        self._add(text, pos, len(text), words, spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        return doc

    @staticmethod
    def _add(text: str, a: int, b: int, words: list[str], spaces: list[bool]) -> None:
        """Whitespace between tokens: one space is the previous token's
        trailing space; anything else becomes a whitespace token."""
        if a >= b:
            return
        gap = text[a:b]
        if words and not spaces[-1] and gap.startswith(" "):
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    # spaCy serialisation hooks (nothing to save: the rules are code)
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "VietnameseTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "VietnameseTokenizer":
        return self
