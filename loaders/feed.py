"""Articles of a JSON Lines feed, as news crawlers export them.

One JSON object a line: `text` (required), `url`, `title`, `date`
(YYYY-MM-DD or an ISO timestamp), `publisher`, `id` (optional). A line
that is not such an object is reported with its line number; the others
load. When the object has a title and its text does not start with it, the
article's text is the title, a blank line, then the text (the shape of a
`.txt` article).
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Iterator, Union

from .article import MAX_BYTES, MAX_CHARS, Article, ArticleError, check_text
from .normalize import clean_text, nfc
from .web_page import canonical_url

FEED_SUFFIXES = (".jsonl", ".ndjson")
MAX_LINE_BYTES = 2 * MAX_BYTES     # one article's object, its text escaped
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")

Read = Union[Article, ArticleError]


def is_feed(path: str | Path) -> bool:
    return str(path).lower().endswith(FEED_SUFFIXES)


def read_feed(path: str | Path) -> Iterator[Read]:
    """Each line's article, or an ArticleError naming the line and why."""
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as e:
        yield ArticleError(path, f"cannot read: {e.strerror}")
        return
    with f:
        n = 0
        while True:
            line = f.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            n += 1
            where = f"{path}:{n}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                f.readline()   # skip the rest of the line, in bounded reads
                while (rest := f.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    pass
                yield ArticleError(where, f"a line over {MAX_LINE_BYTES:,} bytes")
                continue
            if not line.strip():
                continue
            try:
                yield _article(json.loads(line), path, n, line)
            except ArticleError as e:
                yield e
            except (ValueError, TypeError, AttributeError) as e:
                yield ArticleError(where, f"not a JSON object with a text ({type(e).__name__}: {str(e)[:120]})")


def _article(obj: dict, path: Path, n: int, raw: bytes) -> Article:
    where = f"{path}:{n}"
    if not isinstance(obj, dict):
        raise ArticleError(where, "not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleError(where, "no 'text'")
    if len(text) > MAX_CHARS:
        raise ArticleError(where, f"too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    title = _string(obj.get("title"))
    text = clean_text(nfc(text)).strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    text += "\n"
    check_text(text, where)
    date = _DATE.match(_string(obj.get("date")) or "")
    ident = _string(obj.get("id"))
    url = canonical_url(_string(obj.get("url")))
    name = ident or url or f"{path.name}:{n}"
    return Article(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), path=where, url=url,
                   title=title, publisher=_string(obj.get("publisher")),
                   published=date.group(1) if date else None, obtained="JSON Lines feed")


def _string(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise TypeError(f"{value!r} is not text")
    value = clean_text(nfc(str(value))).strip()
    return value or None
