"""Reading one article from disk: bytes -> clean NFC text, or a clear error."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .normalize import clean_text

# Bigger than any real article by far (the seeds are under 10 kB); a file
# over this is refused before it is read whole, which bounds memory.
MAX_BYTES = 5_000_000


class ArticleError(ValueError):
    """An article that cannot be read; the message names the file and why."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Article:
    name: str          # file name: the article's identity in facts and the graph
    text: str          # NFC, cleaned; every offset refers to this text
    sha256: str        # of the original bytes
    path: str | None = None


def decode(raw: bytes, path: str | Path = "<bytes>") -> str:
    """UTF-8 bytes to clean NFC text, refusing what is not an article."""
    if not raw.strip():
        raise ArticleError(path, "empty file")
    if b"\x00" in raw[:8192]:
        raise ArticleError(path, "binary file (NUL bytes), not a text article")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ArticleError(path, f"not valid UTF-8 (byte {e.start}: {raw[e.start:e.start + 4]!r})") from None
    return clean_text(text)


def read_article(path: str | Path) -> Article:
    """Read one article file; raises ArticleError with the reason."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ArticleError(p, f"cannot read: {e.strerror}") from None
    if size > MAX_BYTES:
        raise ArticleError(p, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
    raw = p.read_bytes()
    return Article(name=p.name, text=decode(raw, p), sha256=hashlib.sha256(raw).hexdigest(), path=str(p))


def article_from_text(name: str, text: str) -> Article:
    """An article given as a string (tests, the API)."""
    raw = text.encode("utf-8")
    return Article(name=name, text=decode(raw, name), sha256=hashlib.sha256(raw).hexdigest())
