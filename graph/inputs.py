"""Finding and reading the input files of a load or an extraction: folders
walked safely, each file read by its kind (text, page, crawl, feed)."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from partygraph.loaders.article import Article, ArticleError, read_article

if TYPE_CHECKING:
    from .ingest import LoadReport

# Text files; newspaper pages; crawls (WARC); JSON Lines feeds.
ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".warc", ".warc.gz", ".jsonl", ".ndjson")


def is_article_file(name: str) -> bool:
    return name.lower().endswith(ARTICLE_SUFFIXES)


def shown(path: str | Path) -> str:
    """A path as it may be printed: control characters (a newline in a file
    name could forge a line of output) written as escapes."""
    return "".join(c if unicodedata.category(c) != "Cc" else repr(c)[1:-1] for c in str(path))


def _control_chars(name: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in name)


def expand_paths(paths: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given; folders expand to their article files, sorted.

    Inside a folder, a symbolic link is followed only when it leads to
    somewhere inside that folder (a link to /etc/passwd is no article), and a
    file whose name holds control characters is not read; both are added
    to `skipped` with their reason, the path shown escaped."""
    skipped = [] if skipped is None else skipped
    out: list[Path] = []
    for p in map(Path, paths):
        if _control_chars(str(p)):
            skipped.append((shown(p), "the file name holds control characters"))
        elif p.is_dir():
            out.extend(_walk(p, skipped))
        else:
            out.append(p)
    return out


def _walk(folder: Path, skipped: list[tuple[str, str]]) -> list[Path]:
    root = folder.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        if "gold" in here.relative_to(folder).parts:
            continue
        for d in dirnames:
            if (here / d).is_symlink():
                skipped.append((shown(here / d), "a symbolic link (not followed)"))
        for name in filenames:
            f = here / name
            if not is_article_file(name):
                continue
            if _control_chars(name):
                skipped.append((shown(f), "the file name holds control characters"))
            elif f.is_symlink() and not f.resolve().is_relative_to(root):
                skipped.append((shown(f), "a symbolic link leading out of the folder (not followed)"))
            elif f.is_file():
                found.append(f)
    return sorted(found)


def read_all(files: Iterable[Path], report: LoadReport) -> Iterator[Article]:
    """The articles of text files, pages, crawls and feeds; what cannot be
    read is in `report` with its reason, and the rest goes on."""
    for f in files:
        for article in read_inputs(f, report):
            if isinstance(article, ArticleError):
                report.skipped.append((article.path, article.reason))
                continue
            if article.note:
                report.repaired.append((article.path or str(f), article.note))
            yield article


def read_inputs(f: Path, report: LoadReport) -> Iterator[Article | ArticleError]:
    """One input file's articles (or why one cannot be read), by its kind."""
    from partygraph.loaders.crawl import CrawlReport, is_crawl, read_crawl
    from partygraph.loaders.feed import is_feed, read_feed
    from partygraph.loaders.web_page import is_page, read_page_file

    try:
        if is_crawl(f):
            crawl = CrawlReport()
            yield from read_crawl(f, crawl)
            if crawl.skipped:
                report.notes.append((str(f), f"not article pages, skipped: {crawl.summary()}"))
            if crawl.stopped:
                report.skipped.append((str(f), crawl.stopped + "; the records before it were read"))
        elif is_feed(f):
            yield from read_feed(f)
        elif is_page(f):
            yield read_page_file(f)
        else:
            yield read_article(f)
    except ArticleError as e:
        yield e
