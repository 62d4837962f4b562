"""A newspaper web page -> an article: its main text, title, date and site.

trafilatura takes the main text and the page's metadata (it drops menus,
related-article boxes, comments, photo captions and footers, so nothing of
the page's chrome becomes a fact); htmldate finds the date when the
metadata lacks it. The article's text is the title, a blank line, then the
main text's paragraphs separated by blank lines -- the shape of a `.txt`
article, so the extractor reads both alike; every offset refers to it.

A page with no article text (an index page, a login wall), in another
language, or too large is refused with the reason.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .article import MAX_BYTES, Article, ArticleError, article_name, check_text
from .normalize import clean_text, nfc

# A saved page carries scripts, styles and markup around its text: more
# room than a text file, still bounded (a 50 MB page is refused unread).
MAX_PAGE_BYTES = 4 * MAX_BYTES
# Main text shorter than this is no article (a menu, a teaser, a login form).
MIN_TEXT_CHARS = 200
# Share of words carrying a mark only Vietnamese among Latin scripts writes
# this way (đ, the breve of ă, the horn of ơ ư, the hook above, the dot
# below, the tilde): about 45% in the dev articles, none in French or
# English; under this a page is taken to be in another language.
MIN_VIETNAMESE_WORDS = 0.2

_VIETNAMESE = re.compile("[đĐ\u0306\u031b\u0309\u0323\u0303]")


def canonical_url(url: str | None) -> str | None:
    """The URL an article is known by: scheme and host in lower case, no
    fragment, no default port; None for what is not an http(s) URL."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and not (parts.scheme.lower(), parts.port) in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def _vietnamese_share(text: str) -> float:
    words = re.findall(r"\w+", text)
    if not words:
        return 0.0
    return sum(1 for w in words if _VIETNAMESE.search(unicodedata.normalize("NFD", w))) / len(words)


def _versions() -> str:
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def read_page(raw: bytes, name: str, path: str | None = None, url: str | None = None,
              captured: str | None = None) -> Article:
    """The article of one HTML page (`raw`, as fetched or saved); `url` is
    where it was fetched (a crawl's target URI), `captured` the capture date
    (YYYY-MM-DD), used when the page itself states none."""
    import trafilatura

    where = path or name
    if len(raw) > MAX_PAGE_BYTES:
        raise ArticleError(where, f"too large for a page ({len(raw):,} bytes; the limit is {MAX_PAGE_BYTES:,})")
    try:
        doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, include_images=False, favor_precision=True)
    except Exception as e:  # noqa: BLE001 -- a page trafilatura cannot parse is refused, not fatal
        raise ArticleError(where, f"the page could not be read ({type(e).__name__})") from None
    data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = data.get("text") or ""
    if len(body.strip()) < MIN_TEXT_CHARS:
        raise ArticleError(where, "no article text on the page (an index page, a login wall or an empty page?)")
    title = clean_text(nfc(data.get("title") or "")).strip() or None
    paragraphs = [line.strip() for line in clean_text(nfc(body)).splitlines() if line.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]   # the page's heading, kept in the text once
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    if _vietnamese_share(text) < MIN_VIETNAMESE_WORDS:
        raise ArticleError(where, "not in Vietnamese (the extractor reads Vietnamese party news)")
    check_text(text, where)
    published = data.get("date") or _page_date(raw) or captured
    return Article(name=name, text=text, sha256=hashlib.sha256(raw).hexdigest(), path=path,
                   url=canonical_url(data.get("url") or url) or canonical_url(url),
                   title=title, publisher=(data.get("sitename") or _host(url) or None),
                   published=published, obtained=_versions())


def _page_date(raw: bytes) -> str | None:
    """The page's publication date by htmldate (its metadata, then its text), or None."""
    try:
        from htmldate import find_date

        return find_date(raw.decode("utf-8", errors="replace"), original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 -- no date is not an error
        return None


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


PAGE_SUFFIXES = (".html", ".htm")


def is_page(path: str | Path) -> bool:
    return str(path).lower().endswith(PAGE_SUFFIXES)


def read_page_file(path: str | Path) -> Article:
    """A saved page: named by its canonical URL when it states one (saved
    pages are often all "index.html"), else by its file name."""
    p = Path(path)
    name = article_name(p)
    try:
        size = p.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise ArticleError(p, f"too large for a page ({size:,} bytes; the limit is {MAX_PAGE_BYTES:,})")
        with p.open("rb") as f:
            raw = f.read(MAX_PAGE_BYTES + 1)
    except OSError as e:
        raise ArticleError(p, f"cannot read: {e.strerror}") from None
    article = read_page(raw, name=name, path=str(p))
    return replace(article, name=article.url) if article.url else article
