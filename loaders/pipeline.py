"""The spaCy pipeline: tokenizer, sentence splitter and one component per
extraction stage. Each component reads `doc.text` (and what earlier stages
left on `doc._`) and writes its results on Doc extensions, so any stage can
be run alone on one sentence:

    nlp = get_pipeline()
    doc = nlp("Đồng chí Nguyễn Thái Sơn, Bí thư Đảng uỷ xã Hiệp Hoà, cho biết ...")
    doc._.posts   # [PostFact(person='Nguyễn Thái Sơn', role='Bí thư', ...)]

Stages run in this order because later ones use earlier results: dates ->
units (an article dated after the 2025 reorganisation reads an unnamed
"tỉnh" as the province of now) -> mergers (marks predecessors so the area
context skips them) -> posts -> counts; documents are independent.
"""
from __future__ import annotations

import gc
from functools import lru_cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .counts import find_counts
from .dates import find_date, find_date_issue
from .documents import find_citations, find_documents
from .gazetteer import gazetteer
from .lexicon import lexicon
from .mergers import find_mergers
from .people import credits
from .posts import extract_posts
from .sentences import split_paragraphs, split_sentences
from .tokenizer import VietnameseTokenizer
from .units import find_units

# A real article is under 20k characters; 2M keeps huge inputs bounded
# (every rule is a linear scan, so this is about memory, not time).
MAX_LENGTH = 2_000_000

_EXTENSIONS = ("sentence_spans", "paragraph_spans", "units", "date", "date_evidence", "date_issue", "posts", "people",
               "mergers", "documents", "citations", "member_counts", "non_officials")
for _name in _EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_text(doc: Doc) -> str:
    """doc.text, built once (spaCy joins the tokens on every access)."""
    t = doc.user_data.get("pg_text")
    if t is None:
        t = doc.user_data["pg_text"] = doc.text
    return t


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    if doc._.sentence_spans is None:
        doc._.sentence_spans = split_sentences(doc_text(doc))
        doc._.paragraph_spans = split_paragraphs(doc_text(doc))
    return doc._.sentence_spans


def _units(doc: Doc):
    if doc._.units is None:
        doc._.units = find_units(doc_text(doc), date=doc._.date)
    return doc._.units


@Language.component("pg_sentences")
def sentences_component(doc: Doc) -> Doc:
    """Sentence boundaries by rule; also sets token.is_sent_start."""
    spans = _sentences(doc)
    starts = {s for s, _ in spans}
    # one array write: setting token.is_sent_start one by one is quadratic
    if len(doc):
        idx = doc.to_array(["IDX"]).astype("int64").reshape(-1)
        flags = numpy.full(len(idx), -1, dtype="int64")
        if starts:
            # which token offsets are sentence starts (sorted look-up)
            s = numpy.array(sorted(starts), dtype="int64")
            at = numpy.minimum(numpy.searchsorted(s, idx), len(s) - 1)
            flags[s[at] == idx] = 1
        flags[0] = 1
        doc.from_array(["SENT_START"], flags.astype("int32").astype("uint64").reshape(-1, 1))
    return doc


@Language.component("pg_units")
def units_component(doc: Doc) -> Doc:
    _sentences(doc)
    _units(doc)
    return doc


@Language.component("pg_dates")
def dates_component(doc: Doc) -> Doc:
    found = find_date(doc_text(doc), _sentences(doc))
    doc._.date = found.iso if found else None
    doc._.date_evidence = (found.start, found.end) if found else None
    doc._.date_issue = find_date_issue(doc_text(doc))
    return doc


@Language.component("pg_mergers")
def mergers_component(doc: Doc) -> Doc:
    doc._.mergers = find_mergers(doc_text(doc), _sentences(doc), _units(doc))
    return doc


@Language.component("pg_posts")
def posts_component(doc: Doc) -> Doc:
    facts, people = extract_posts(doc_text(doc), _sentences(doc), _units(doc), doc._.paragraph_spans)
    doc._.posts = facts
    doc._.people = people
    holders = {f.person for f in facts}
    outsiders = [n.text for n in credits(doc_text(doc))]
    outsiders += [p for p, info in people.items() if info.get("honorific") and p not in holders]
    seen: list[str] = []
    for n in outsiders:
        if n not in seen and n not in holders:
            seen.append(n)
    doc._.non_officials = seen
    return doc


@Language.component("pg_documents")
def documents_component(doc: Doc) -> Doc:
    docs = find_documents(doc_text(doc))
    doc._.documents = docs
    doc._.citations = find_citations(doc_text(doc), _sentences(doc), docs)
    return doc


@Language.component("pg_counts")
def counts_component(doc: Doc) -> Doc:
    doc._.member_counts = find_counts(doc_text(doc), _sentences(doc), _units(doc))
    return doc


def build_pipeline() -> Language:
    """A fresh pipeline: blank Vietnamese with the rule tokenizer and the stages."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = VietnameseTokenizer(nlp.vocab)
    nlp.max_length = MAX_LENGTH
    for name in ("pg_sentences", "pg_dates", "pg_units", "pg_mergers", "pg_posts", "pg_documents", "pg_counts"):
        nlp.add_pipe(name)
    lexicon()   # compile the vocabulary patterns once, up front
    gazetteer()  # and index the register of units (frozen with them in get_pipeline)
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The shared pipeline (built once per process).

    What exists once it is built (spaCy's tables, the vocabulary graph, the
    compiled patterns) lives as long as the process: it is moved out of
    the cyclic collector's generations (gc.freeze), so the full collections
    that extraction's many small objects trigger no longer walk it
    (extraction about 15% faster), and forked workers keep those pages
    shared."""
    nlp = build_pipeline()
    gc.collect()
    gc.freeze()
    return nlp
