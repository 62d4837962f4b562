"""Reading one article from disk: bytes -> clean NFC text, or a clear error.

Bad input is refused with the file and the reason, before anything is
extracted or stored: empty, binary, HTML/XML/RDF/JSON, undecodable text,
files over `MAX_BYTES` (refused before they are read whole), text over
`MAX_CHARS` and paragraphs over `MAX_PARAGRAPH_CHARS` (both bound the
extractor's memory; spaCy's `nlp.max_length` must be at least `MAX_CHARS`).
Windows-1258, UTF-16 with a byte-order mark and Windows-1252 mojibake are
repaired when the repair is sure (see loaders/decoding.py); `Article.note`
says so.
"""
from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass
from pathlib import Path

from .decoding import DecodeError, decode_bytes
from .normalize import _INVISIBLE, clean_text, nfc

# Bigger than any real article by far (the seeds are under 10 kB); a file
# over this is refused before it is read whole, which bounds memory.
MAX_BYTES = 5_000_000
# Real articles have under 50,000 characters and paragraphs under 5,000; the
# caps keep one junk file from taking the extractor's memory (spaCy's
# parse of one paragraph grows with its length).
MAX_CHARS = 1_000_000
MAX_PARAGRAPH_CHARS = 100_000


class ArticleError(ValueError):
    """An article that cannot be read; the message names the file and why."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Article:
    name: str          # how facts and sources name it: the file name, or the page's URL
    text: str          # NFC, cleaned; every offset refers to this text
    sha256: str        # of the original bytes
    path: str | None = None
    note: str | None = None   # a repair made while reading (encoding), if any
    url: str | None = None        # the canonical URL of a page, crawl record or feed item
    title: str | None = None      # the page's own title, when it states one
    publisher: str | None = None  # the site
    published: str | None = None  # YYYY-MM-DD the page's metadata (or the crawl) gives
    obtained: str = "text file"   # how the text was obtained ("trafilatura 2.3.1", ...)

    @property
    def text_sha256(self) -> str:
        """Of the text as read: one article whatever page, crawl or file carried it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def id(self) -> str:
        """The article's identity, the last segment of its IRI: from its
        canonical URL when it has one, else from its text; never from a file
        name, which two different articles may share."""
        if self.url:
            return "u-" + hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:24]
        return "t-" + self.text_sha256[:24]


def decode_with_note(raw: bytes, path: str | Path = "<bytes>") -> tuple[str, str | None]:
    """Bytes to clean NFC text and a note on any repair; ArticleError if the
    bytes are not a readable article."""
    try:
        text, note = decode_bytes(raw)
    except DecodeError as e:
        raise ArticleError(path, str(e)) from None
    text = clean_text(text)
    check_text(text, path)
    return text, note


def check_text(text: str, path: str | Path) -> None:
    """ArticleError unless `text` (clean NFC) can be an article: not empty,
    no paragraph or whole too long for the extractor."""
    if not text.strip():
        raise ArticleError(path, "empty file (no text once invisible characters are removed)")
    longest = max(len(p) for p in text.split("\n"))
    if longest > MAX_PARAGRAPH_CHARS:
        raise ArticleError(path, f"a paragraph of {longest:,} characters (the limit is "
                                 f"{MAX_PARAGRAPH_CHARS:,}): not article text")
    if len(text) > MAX_CHARS:
        raise ArticleError(path, f"too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")


def decode(raw: bytes, path: str | Path = "<bytes>") -> str:
    """Bytes to clean NFC text, refusing what is not an article."""
    return decode_with_note(raw, path)[0]


def article_name(path: str | Path) -> str:
    """The file name as the article's identity: NFC (some file systems store
    names decomposed); a name with control, zero-width or bidi characters is
    refused, as it would reach labels and exports."""
    name = nfc(Path(path).name)
    if _INVISIBLE.search(name):
        raise ArticleError(path, "file name contains control, zero-width or bidi-override characters")
    return name


def read_article(path: str | Path) -> Article:
    """Read one article file; raises ArticleError with the reason."""
    p = Path(path)
    name = article_name(p)
    try:
        st = p.stat()
    except OSError as e:
        raise ArticleError(p, f"cannot read: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ArticleError(p, "not a regular file")
    if st.st_size > MAX_BYTES:
        raise ArticleError(p, f"too large ({st.st_size:,} bytes; the limit is {MAX_BYTES:,})")
    try:
        with p.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)   # the file may have grown since stat
    except OSError as e:
        raise ArticleError(p, f"cannot read: {e.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ArticleError(p, f"too large (over {MAX_BYTES:,} bytes)")
    text, note = decode_with_note(raw, p)
    return Article(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), path=str(p), note=note)


def article_from_text(name: str, text: str) -> Article:
    """An article given as a string (tests, the API)."""
    raw = text.encode("utf-8", errors="replace")
    text, note = decode_with_note(raw, name)
    return Article(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), note=note)
