"""Articles of a web crawl (WARC, the format of web archives and crawlers).

Every HTML response record with status 200 is a page (loaders/web_page.py),
read with its target URI and capture date; other records -- requests,
metadata, redirects, 404s, images, robots.txt -- are skipped and counted,
not failed. A record is read up to the page limit and no further, so a
record that inflates to gigabytes (a gzip bomb) costs no more than that; a
truncated or corrupt crawl yields the records before the damage, then says
where it stopped.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

from .article import Article, ArticleError
from .web_page import MAX_PAGE_BYTES, read_page

CRAWL_SUFFIXES = (".warc", ".warc.gz")


@dataclass
class CrawlReport:
    """What one crawl held besides its articles."""
    skipped: Counter = field(default_factory=Counter)   # reason -> records
    stopped: str | None = None                          # why reading ended early, if it did

    def summary(self) -> str:
        parts = [f"{n} {reason}" for reason, n in sorted(self.skipped.items())]
        return ", ".join(parts)


Read = Union[Article, ArticleError]


def is_crawl(path: str | Path) -> bool:
    return str(path).lower().endswith(CRAWL_SUFFIXES)


def read_crawl(path: str | Path, report: CrawlReport) -> Iterator[Read]:
    """Each page of the crawl as an Article, or an ArticleError naming the
    record; records that are not pages are counted in `report`."""
    from warcio.archiveiterator import ArchiveIterator

    path = Path(path)
    n = 0
    try:
        with path.open("rb") as f:
            for record in ArchiveIterator(f, arc2warc=True):
                n += 1
                kind = _kind(record)
                if kind is not None:
                    report.skipped[kind] += 1
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#{n} ({uri})"
                raw = record.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(raw) > MAX_PAGE_BYTES:
                    yield ArticleError(where, f"too large for a page (over {MAX_PAGE_BYTES:,} bytes once decoded)")
                    continue
                date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                try:
                    yield read_page(raw, name=uri, path=where, url=uri, captured=date)
                except ArticleError as e:
                    yield e
    except OSError as e:
        report.stopped = f"cannot read the crawl after record {n}: {e.strerror or e}"
    except Exception as e:  # noqa: BLE001 -- ArchiveLoadFailed, zlib.error, EOFError and warcio's
        # parse errors alike: a truncated or corrupt file, read up to the damage
        report.stopped = f"the crawl is damaged after record {n} ({type(e).__name__}: {str(e)[:120]})"


def _kind(record) -> str | None:
    """Why a record is no page (None: it is one)."""
    if record.rec_type != "response":
        return f"{record.rec_type} record(s)"
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status != "200":
        return f"HTTP {status or '?'} response(s)"
    ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype not in ("text/html", "application/xhtml+xml"):
        return f"{ctype or 'untyped'} response(s)"
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").lower()
    if uri.endswith("/robots.txt"):
        return "robots.txt response(s)"
    return None
