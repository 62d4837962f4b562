"""Facts (FORMAT.md objects) -> RDF quads in the article's named graph.

Every fact becomes a node of its own (PostHolding, Merger, Citation,
DocumentMention, MemberCount) that carries its provenance: the article
(prov:wasDerivedFrom), the article's date (pg:reportedOn) and an evidence
annotation with the sentence and its character offsets (Web Annotation
TextPositionSelector / TextQuoteSelector). Direct shortcut edges
(holdsPost, mergedFrom, cites) sit beside them for simple queries.

Entity IRIs are minted from normalised keys (loaders/identity.py), so "xã
Hiệp Hoà" and "xã Hiệp Hòa" are one node; labels keep the text as
written, and the entities' descriptions go to the shared entities graph
(loaders/descriptions.py).
"""
from __future__ import annotations

import hashlib
from functools import cached_property
import re
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from partygraph.ontology import DCT, ENTITIES_GRAPH, ID, OA, PROV
from partygraph.ontology.terms import TYPE as _TYPE, pg as P

from . import descriptions
from .article import Article
from .article_area import article_province
from .identity import area_open, article_iri, qualified, document_key, org_key, unit_key
from .literals import boolean as _bool, decimal as _decimal, integer as _int, iso_date, text as _lit, \
    xsd_date as _date
from .normalize import key

_DERIVED = NamedNode(PROV + "wasDerivedFrom")
# a text file's header line (" date 2025-08-07 Title"): its date is not its title
_HEADER_DATE = re.compile(r"\A[ \t]*date[ \t]+\d{4}-\d{1,2}-\d{1,2}[ \t]*")
_OA = {local: NamedNode(OA + local) for local in (
    "Annotation", "hasTarget", "SpecificResource", "hasSource", "hasSelector", "TextPositionSelector",
    "start", "end", "TextQuoteSelector", "exact")}


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def source_quads(article: NamedNode, url: str | None, title: str | None, publisher: str | None) -> list[Quad]:
    """Where an article was published: prov:hadPrimarySource the page, with
    its title and site. In the entities graph, so that a copy of the same
    text found later on another site adds its source beside the first and a
    reload of either keeps both."""
    if not url:
        return []
    try:
        page = NamedNode(url)
    except ValueError:
        return []   # not an IRI (a space, a bracket): kept as the article's pg:url only
    g = NamedNode(ENTITIES_GRAPH)
    quads = [Quad(article, NamedNode(PROV + "hadPrimarySource"), page, g)]
    if title:
        quads.append(Quad(page, NamedNode(DCT + "title"), _lit(title[:300]), g))
    if publisher:
        quads.append(Quad(page, NamedNode(DCT + "publisher"), _lit(publisher[:200]), g))
    return quads


# ---------------------------------------------------------------- mapping
class _Builder:
    def __init__(self, article: Article, facts: dict, extractor_version: str):
        self.graph = article_iri(article)
        self.article = self.graph
        self.article_id = article.id
        self._facts = facts
        self.date = iso_date(facts.get("date"))
        self.text = article.text
        self.quads: list[Quad] = []
        self._seen: set[tuple] = set()
        self._described: set[tuple] = set()     # entity descriptions put already
        self._evidence: set[tuple] = set()      # evidence annotations put already
        self._quoted = quote(article.id, safe="._-~")

    @cached_property
    def province(self) -> str | None:
        """The article's province, worked out only when a name leaving its
        area open needs it (most articles name none)."""
        return article_province(self._facts)

    def add(self, s, p, o) -> None:
        """A triple of the article: a fact, its provenance, its evidence."""
        quad = Quad(s, p, o, self.graph)
        seen = self._seen
        n = len(seen)
        seen.add(quad)
        if len(seen) != n:
            self.quads.append(quad)

    def _put_description(self, key: tuple, found: descriptions.Description) -> NamedNode:
        """An entity's description (iri, quads), put once per article: in
        the one entities graph, where a set keeps it once however many
        articles name the entity."""
        if key not in self._described:
            self._described.add(key)
            seen, quads = self._seen, self.quads
            for q in found[1]:
                n = len(seen)
                seen.add(q)
                if len(seen) != n:
                    quads.append(q)
        return found[0]

    def identity(self, name: str, area: str | None = None) -> tuple[str, str | None]:
        """(the name a body or document is known by, the article it belongs
        to): a name that leaves its area open is qualified by the fact's
        area, else the article's province, else it is the article's own."""
        if not area_open(name):
            return name, None
        if area:
            return qualified(name, area), None
        named = qualified(name, self.province, fitting=True) if self.province else None
        return (named, None) if named else (name, self.article_id)

    def person(self, name: str) -> NamedNode:
        return self._put_description(("person", name), descriptions.person(name))

    def unit(self, label: str) -> NamedNode:
        return self._put_description(("unit", label), descriptions.unit(label))

    def organization(self, label: str, area: str | None) -> NamedNode:
        found = descriptions.organization(label, area, *self.identity(label, area))
        return self._put_description(("org", label, area), found)

    def post(self, role: str, organization: str, area: str | None, org: NamedNode) -> NamedNode:
        found = descriptions.post(role, organization, org, *self.identity(organization, area))
        return self._put_description(("post", role, organization, org), found)

    def document(self, doc: dict) -> NamedNode:
        doc_id, doc_type, issuer = doc["id"], doc.get("type"), doc.get("issuer")
        name, article = self.identity(doc_id) if "/" not in doc_id else (doc_id, None)
        return self._put_description(("doc", doc_id, doc_type, issuer),
                                     descriptions.document(doc_id, doc_type, issuer, name, article))

    # -- provenance
    def provenance(self, node: NamedNode, fact: dict) -> None:
        self.add(node, _DERIVED, self.article)
        if self.date:
            self.add(node, P("reportedOn"), _date(self.date))
        if fact.get("confidence") is not None:
            self.add(node, P("confidence"), _decimal(fact["confidence"]))
        ev = fact.get("evidence")
        if not ev:
            return
        start, end = int(ev["start"]), int(ev["end"])
        exact = ev.get("sentence") or self.text[start:end]
        ev_iri = NamedNode(f"{ID}evidence/{self._quoted}/{start}-{end}")
        self.add(node, P("evidence"), ev_iri)
        if type(exact) is str:
            mark = (start, end, exact)
            if mark in self._evidence:
                return   # the same annotation, put already
            self._evidence.add(mark)
        target = NamedNode(ev_iri.value + "#target")
        position = NamedNode(ev_iri.value + "#position")
        quote_sel = NamedNode(ev_iri.value + "#quote")
        self.add(ev_iri, _TYPE, P("Evidence"))
        self.add(ev_iri, _TYPE, _OA["Annotation"])
        self.add(ev_iri, _OA["hasTarget"], target)
        self.add(target, _TYPE, _OA["SpecificResource"])
        self.add(target, _OA["hasSource"], self.article)
        self.add(target, _OA["hasSelector"], position)
        self.add(target, _OA["hasSelector"], quote_sel)
        self.add(position, _TYPE, _OA["TextPositionSelector"])
        self.add(position, _OA["start"], _int(start))
        self.add(position, _OA["end"], _int(end))
        self.add(quote_sel, _TYPE, _OA["TextQuoteSelector"])
        self.add(quote_sel, _OA["exact"], Literal(exact))

    def fact_iri(self, kind: str, *parts: object) -> NamedNode:
        return NamedNode(f"{ID}{kind}/{self._quoted}/{_hash(*parts)}")


def facts_to_quads(article: Article, facts: dict, extractor_version: str) -> list[Quad]:
    """All quads for one article: its facts in the article's named graph,
    the description of the entities they name in the entities graph."""
    b = _Builder(article, facts, extractor_version)
    art = b.article
    b.add(art, _TYPE, P("Article"))
    b.add(art, P("fileName"), Literal(article.name))
    b.add(art, P("sha256"), Literal(article.sha256))
    b.add(art, P("textSha256"), Literal(article.text_sha256))
    b.add(art, P("obtainedBy"), Literal(article.obtained))
    if article.url:
        b.add(art, P("url"), Literal(article.url))
    title = article.title or _HEADER_DATE.sub("", next((line for line in article.text.splitlines() if line.strip()), ""),
                                             count=1).strip()
    if title:
        b.add(art, NamedNode(DCT + "title"), _lit(title[:300]))
    if article.publisher:
        b.add(art, NamedNode(DCT + "publisher"), _lit(article.publisher[:200]))
    sources = source_quads(art, article.url, article.title, article.publisher)
    if sources:
        b.add(art, NamedNode(DCT + "source"), sources[0].object)
    if b.date:
        b.add(art, NamedNode(DCT + "date"), _date(b.date))
    if facts.get("date_issue"):
        b.add(art, P("dateIssue"), _lit(facts["date_issue"]))
    if facts.get("date") and not b.date:
        b.add(art, P("dateIssue"), _lit(str(facts["date"])))
    activity = NamedNode(f"{ID}extraction/{quote(article.id, safe='._-~')}")
    b.add(art, NamedNode(PROV + "wasGeneratedBy"), activity)
    b.add(activity, _TYPE, P("Extraction"))
    b.add(activity, P("extractorVersion"), Literal(extractor_version))

    for fact in facts.get("holds_post") or []:
        person = b.person(fact["person"])
        org = b.organization(fact["organization"], fact.get("area"))
        post = b.post(fact["role"], fact["organization"], fact.get("area"), org)
        b.add(person, P("holdsPost"), post)
        former = bool(fact.get("former"))
        holding = b.fact_iri("holding", key(fact["person"]), key(fact["role"]),
                             org_key(fact["organization"]), former)
        b.add(holding, _TYPE, P("PostHolding"))
        b.add(holding, P("holder"), person)
        b.add(holding, P("post"), post)
        b.add(holding, P("former"), _bool(former))
        b.add(holding, P("holderName"), _lit(fact["person"]))
        b.provenance(holding, fact)

    for fact in facts.get("merged_from") or []:
        new, old = b.unit(fact["unit"]), b.unit(fact["source"])
        b.add(new, P("mergedFrom"), old)
        merger = b.fact_iri("merger", unit_key(fact["unit"]), unit_key(fact["source"]))
        b.add(merger, _TYPE, P("Merger"))
        b.add(merger, P("newUnit"), new)
        b.add(merger, P("predecessor"), old)
        if iso_date(fact.get("effective_date")):
            b.add(merger, P("effectiveDate"), _date(fact["effective_date"]))
        elif fact.get("effective_date"):
            b.add(art, P("dateIssue"), _lit(str(fact["effective_date"])))
        b.provenance(merger, fact)

    for doc in facts.get("directives") or []:
        d = b.document(doc)
        b.add(art, NamedNode(DCT + "references"), d)
        mention = b.fact_iri("mention", document_key(doc["id"]))
        b.add(mention, _TYPE, P("DocumentMention"))
        b.add(mention, P("mentions"), d)
        b.provenance(mention, doc)

    for fact in facts.get("cites") or []:
        citing = b.document({"id": fact["citing"]})
        cited = b.document({"id": fact["cited"]})
        b.add(citing, P("cites"), cited)
        node = b.fact_iri("citation", document_key(fact["citing"]), document_key(fact["cited"]))
        b.add(node, _TYPE, P("Citation"))
        b.add(node, P("citing"), citing)
        b.add(node, P("cited"), cited)
        b.provenance(node, fact)

    for fact in facts.get("member_counts") or []:
        org = b.organization(fact["organization"], fact.get("area"))
        node = b.fact_iri("count", org_key(fact["organization"]), fact.get("party_members"),
                          fact.get("party_cells"), fact.get("base_organizations"))
        b.add(node, _TYPE, P("MemberCount"))
        b.add(node, P("organization"), org)
        for field, prop in (("party_members", "partyMembers"), ("party_cells", "partyCells"),
                            ("base_organizations", "baseOrganizations")):
            if fact.get(field) is not None:
                b.add(node, P(prop), _int(fact[field]))
        if fact.get("party_members") is not None:
            b.add(org, P("memberCount"), _int(fact["party_members"]))
        b.provenance(node, fact)
    return b.quads + sources
