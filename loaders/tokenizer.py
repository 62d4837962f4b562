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


_SPLIT = re.compile(f"({_TOKEN.pattern})")
_NON_SPACE = re.compile(r"(\S+)")


def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Whitespace after a token: one space is the token's trailing space;
    anything else becomes a whitespace token."""
    if gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
        if not gap:
            return
    words.append(gap)
    spaces.append(False)


# Words whose string id is remembered (a Doc built from ids skips hashing
# every word again); past this many the memory starts afresh.
_KNOWN_WORDS = 1 << 17


class VietnameseTokenizer:
    """Callable tokenizer: text -> Doc whose text is clean_text(text)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._ids: dict[str, int] = {}

    def _word_ids(self, words: list[str]) -> list[int]:
        """The vocabulary's string id of each word (adding the new ones)."""
        ids = self._ids
        if len(ids) > _KNOWN_WORDS:
            ids.clear()
        get = ids.get
        out = [get(w) for w in words]
        if None in out:
            add = self.vocab.strings.add
            for i, o in enumerate(out):
                if o is None:
                    w = words[i]
                    out[i] = ids[w] = add(w)
        return out

    def __call__(self, text: str) -> Doc:
        text = clean_text(text)
        # [gap, token, gap, token, ..., gap]: every character is in one piece
        parts = _SPLIT.split(text)
        words: list[str] = []
        spaces: list[bool] = []
        if parts[0]:
            words.append(parts[0])
            spaces.append(False)
        word, space = words.append, spaces.append
        for tok, gap in zip(parts[1::2], parts[2::2]):
            if " " in tok or "\t" in tok:
                # a spaced symbol ("50 - CT/TW") becomes its pieces
                sub = _NON_SPACE.split(tok)       # ['', piece, gap, piece, ..., '']
                word(sub[1])
                space(False)
                for j in range(2, len(sub) - 1, 2):
                    _gap(sub[j], words, spaces)
                    word(sub[j + 1])
                    space(False)
                if gap:
                    _gap(gap, words, spaces)
                continue
            word(tok)
            # most tokens are followed by one space or by nothing
            if gap == " ":
                space(True)
            else:
                space(False)
                if gap:
                    _gap(gap, words, spaces)
        try:
            # the same Doc as from the words, each looked up by its id
            doc = Doc(self.vocab, words=self._word_ids(words), spaces=spaces)
        except KeyError:   # an id whose string the vocabulary has dropped since
            self._ids.clear()
            doc = Doc(self.vocab, words=words, spaces=spaces)
        # doc.text joins every token on each access; the stages read this
        doc.user_data["pg_text"] = text
        return doc

    # spaCy serialisation hooks (nothing to save: the rules are code)
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "VietnameseTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "VietnameseTokenizer":
        return self
