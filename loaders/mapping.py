"""Facts (FORMAT.md objects) -> RDF quads in the article's named graph.

Every fact becomes a node of its own (PostHolding, Merger, Citation,
DocumentMention, MemberCount) that carries its provenance: the article
(prov:wasDerivedFrom), the article's date (pg:reportedOn) and an evidence
annotation with the sentence and its character offsets (Web Annotation
TextPositionSelector / TextQuoteSelector). Direct shortcut edges
(holdsPost, mergedFrom, cites) sit beside them for simple queries.

Entity IRIs are minted from normalised keys, so "xã Hiệp Hoà" and
"xã Hiệp Hòa" are one node; labels keep the text as written.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from ontology import ARTICLE, DCT, ENTITIES_GRAPH, ID, OA, PG, PROV, RDF, RDFS, XSD
from ontology.vocabulary import Concept, vocabulary

from .article import Article
from .normalize import clean_label, fold, key, slug

_TYPE = NamedNode(RDF + "type")
_LABEL = NamedNode(RDFS + "label")
_DERIVED = NamedNode(PROV + "wasDerivedFrom")
# a text file's header line (" date 2025-08-07 Title"): its date is not its title
_HEADER_DATE = re.compile(r"\A[ \t]*date[ \t]+\d{4}-\d{1,2}-\d{1,2}[ \t]*")
_OA = {local: NamedNode(OA + local) for local in (
    "Annotation", "hasTarget", "SpecificResource", "hasSource", "hasSelector", "TextPositionSelector",
    "start", "end", "TextQuoteSelector", "exact")}


@lru_cache(maxsize=None)  # a few dozen properties and classes, asked for per quad
def P(local: str) -> NamedNode:
    return NamedNode(PG + local)


@lru_cache(maxsize=1 << 14)   # labels and names recur within and across articles
def _lit(value: str) -> Literal:
    return Literal(clean_label(value))


@lru_cache(maxsize=4096)
def _int(value: int) -> Literal:
    return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))


_TRUE = Literal("true", datatype=NamedNode(XSD + "boolean"))
_FALSE = Literal("false", datatype=NamedNode(XSD + "boolean"))


def _bool(value: bool) -> Literal:
    return _TRUE if value else _FALSE


@lru_cache(maxsize=4096)
def _date(value: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + "date"))


def iso_date(value: object) -> str | None:
    """`value` if it is a real calendar date written YYYY-MM-DD, else None:
    "2021-02-30" or month 13 must never be stored as an xsd:date (they are
    kept as pg:dateIssue instead)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _decimal(value: float) -> Literal:
    if type(value) is float:   # the usual case: a few confidences, cached
        return _decimal_of(value)
    return Literal(f"{float(value):.3f}", datatype=NamedNode(XSD + "decimal"))


@lru_cache(maxsize=1024)
def _decimal_of(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=NamedNode(XSD + "decimal"))


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def article_iri(article: "Article | str") -> NamedNode:
    """The article's IRI, which is also the IRI of its named graph: from its
    `Article.id` (its canonical URL, else its text), or an id as given."""
    ident = article if isinstance(article, str) else article.id
    return NamedNode(ARTICLE + quote(ident, safe="._-~"))


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


# ----------------------------------------------------------- vocabulary keys
@dataclass(frozen=True)
class _Lexicon:
    """Vocabulary labels indexed by normalised key, longest first."""
    entries: tuple[tuple[str, Concept], ...]

    @classmethod
    def of(cls, scheme: str) -> "_Lexicon":
        pairs = [(key(lab), c) for c in vocabulary().scheme(scheme) for lab in c.labels]
        pairs.sort(key=lambda p: -len(p[0]))
        return cls(tuple(pairs))

    def exact(self, text: str) -> Concept | None:
        k = key(text)
        return next((c for lk, c in self.entries if lk == k), None)

    def prefix(self, text: str) -> tuple[Concept, str] | None:
        """The concept whose label starts `text`, and the rest of the text."""
        k = key(text)
        for lk, c in self.entries:
            if k == lk or k.startswith(lk + " "):
                rest = " ".join(clean_label(text).split()[len(lk.split()):])
                return c, rest
        return None


_LEXICONS: dict[str, _Lexicon] = {}


def lexicon(scheme: str) -> _Lexicon:
    if scheme not in _LEXICONS:
        _LEXICONS[scheme] = _Lexicon.of(scheme)
    return _LEXICONS[scheme]


@lru_cache(maxsize=1 << 16)
def split_unit(label: str) -> tuple[Concept | None, str]:
    """'xã Hạ Hòa' -> (unit type xã, 'Hạ Hòa'); 'TX Quảng Yên' -> (thị xã, ...)."""
    found = lexicon("units").prefix(label)
    if found and found[1]:
        return found
    return None, clean_label(label)


@lru_cache(maxsize=1 << 16)
def unit_key(label: str) -> str:
    """Type + name key: 'Thị trấn Hạ Hòa' and 'thị trấn Hạ Hoà' agree."""
    unit_type, name = split_unit(label)
    return f"{key(unit_type.label) if unit_type else '?'}|{key(name)}"


@lru_cache(maxsize=1 << 16)
def expand_abbreviations(label: str) -> str:
    """'HĐND xã Hòa Phú' -> 'Hội đồng nhân dân xã Hòa Phú', with the long
    forms taken from the vocabulary's labels."""
    abbreviations = _abbreviation_keys()
    return " ".join(abbreviations.get(key(w), w) for w in clean_label(label).split())


@lru_cache(maxsize=1 << 16)
def org_key(label: str) -> str:
    """Organisation key with abbreviations expanded, so 'HĐND xã Hòa Phú' =
    'Hội đồng nhân dân xã Hoà Phú'."""
    return key(expand_abbreviations(label))


@lru_cache(maxsize=1)
def _abbreviation_keys() -> dict[str, str]:
    """Key of each abbreviation (UBND, TX ...) -> its long form, built once:
    rebuilding it per label was most of the mapping's time."""
    out: dict[str, str] = {}
    for c in vocabulary().concepts.values():
        labels = c.labels
        long_forms = [lab for lab in labels if " " in lab] or [c.label]
        for lab in labels:
            if " " not in lab and lab.isupper() and lab != long_forms[0]:
                out[key(lab)] = long_forms[0]
    return out


def body_kind(org_label: str) -> Concept | None:
    found = lexicon("bodies").prefix(org_label)
    return found[0] if found else None


def role_concept(role: str) -> Concept | None:
    return lexicon("posts").exact(role)


def document_type(type_label: str | None) -> Concept | None:
    return lexicon("documents").exact(type_label) if type_label else None


# ------------------------------------------------------------------- IRIs
def person_iri(name: str) -> NamedNode:
    return NamedNode(f"{ID}person/{slug(name)}")


def unit_iri(label: str) -> NamedNode:
    return NamedNode(f"{ID}unit/{slug(label, unit_key(label))}")


def org_iri(label: str) -> NamedNode:
    return NamedNode(f"{ID}org/{slug(expand_abbreviations(label), org_key(label))}")


def document_key(doc_id: str) -> str:
    """Symbols compare without spaces and case ('50-Ct/TW' = '50-CT/TW');
    named documents on their normalised words."""
    raw = clean_label(doc_id)
    if "/" in raw:
        return re.sub(r"\s+", "", re.sub(r"^(số|so)\s*", "", raw, flags=re.I)).upper()
    return key(raw)


def document_iri(doc_id: str) -> NamedNode:
    return NamedNode(f"{ID}doc/{slug(doc_id, document_key(doc_id))}")


def post_iri(role: str, organization: str) -> NamedNode:
    return NamedNode(f"{ID}post/{slug(role + ' ' + expand_abbreviations(organization), key(role) + '|' + org_key(organization))}")


# ------------------------------------------------------ entity descriptions
# The quads describing an entity in the entities graph depend on nothing
# but the label(s) it is described from: built once per label (articles name
# the same people, bodies and units again and again) and, within an
# article, put once per label.
_ENTITIES = NamedNode(ENTITIES_GRAPH)
_CACHED = 4096


def _entity_quads(triples) -> tuple[Quad, ...]:
    return tuple(Quad(s, p, o, _ENTITIES) for s, p, o in triples)


@lru_cache(maxsize=_CACHED)
def _person_description(name: str) -> tuple[NamedNode, tuple[Quad, ...]]:
    iri = person_iri(name)
    return iri, _entity_quads((
        (iri, _TYPE, P("Person")),
        (iri, _LABEL, _lit(name)),
        (iri, P("nameKey"), Literal(key(name))),
        (iri, P("searchKey"), Literal(fold(name)))))


@lru_cache(maxsize=_CACHED)
def _unit_description(label: str) -> tuple[NamedNode, tuple[Quad, ...]]:
    iri = unit_iri(label)
    unit_type, name = split_unit(label)
    triples = [(iri, _TYPE, P("AdministrativeUnit")),
               (iri, _LABEL, _lit(label)),
               (iri, P("nameKey"), Literal(unit_key(label))),
               (iri, P("searchKey"), Literal(fold(name)))]
    if unit_type:
        triples.append((iri, P("unitType"), NamedNode(unit_type.iri)))
    return iri, _entity_quads(triples)


@lru_cache(maxsize=_CACHED)
def _organization_description(label: str, area: str | None) -> tuple[NamedNode, tuple[Quad, ...]]:
    iri = org_iri(label)
    kind = body_kind(label)
    cls = "Organization"
    triples = []
    if kind is not None:
        if kind.props.get("partyBody"):
            cls = "PartyOrganization" if kind.props.get("partyOrganization") else "Committee"
        elif kind.props.get("stateBody"):
            cls = "StateBody"
        triples.append((iri, P("bodyKind"), NamedNode(kind.iri)))
    triples.append((iri, _TYPE, P(cls)))
    if cls != "Organization":
        triples.append((iri, _TYPE, P("Organization")))
    triples.append((iri, _LABEL, _lit(label)))
    triples.append((iri, P("nameKey"), Literal(org_key(label))))
    triples.append((iri, P("searchKey"), Literal(fold(label))))
    quads = _entity_quads(triples)
    if area:
        unit, unit_quads = _unit_description(area)
        quads += unit_quads + (Quad(iri, P("ofUnit"), unit, _ENTITIES),)
    return iri, quads


@lru_cache(maxsize=_CACHED)
def _document_description(doc_id: str, doc_type: str | None, issuer: str | None) -> tuple[NamedNode, tuple[Quad, ...]]:
    iri = document_iri(doc_id)
    triples = [(iri, _TYPE, P("Document")),
               (iri, _LABEL, _lit(doc_id)),
               (iri, P("nameKey"), Literal(document_key(doc_id))),
               (iri, P("searchKey"), Literal(fold(doc_id)))]
    if "/" in doc_id:
        triples.append((iri, P("symbol"), Literal(document_key(doc_id))))
    dtype = document_type(doc_type)
    if dtype is not None:
        triples.append((iri, P("documentType"), NamedNode(dtype.iri)))
    if issuer:
        triples.append((iri, P("issuer"), _lit(issuer)))
    return iri, _entity_quads(triples)


@lru_cache(maxsize=_CACHED)
def _post_description(role: str, organization: str, org: NamedNode) -> tuple[NamedNode, tuple[Quad, ...]]:
    post = post_iri(role, organization)
    triples = [(post, _TYPE, P("Post")),
               (post, _LABEL, _lit(f"{role}, {organization}")),
               (post, P("roleLabel"), _lit(role))]
    concept = role_concept(role)
    if concept is not None:
        triples.append((post, P("role"), NamedNode(concept.iri)))
    triples.append((post, P("postIn"), org))
    return post, _entity_quads(triples)


def _plain(*values) -> bool:
    """Values a description may be cached on (strings or nothing)."""
    return all(v is None or type(v) is str for v in values)


# ---------------------------------------------------------------- mapping
class _Builder:
    def __init__(self, article: Article, facts: dict, extractor_version: str):
        self.graph = article_iri(article)
        self.entities = NamedNode(ENTITIES_GRAPH)
        self.article = self.graph
        self.date = iso_date(facts.get("date"))
        self.name = article.name
        self.text = article.text
        self.version = extractor_version
        self.quads: list[Quad] = []
        self._seen: set[tuple] = set()
        self._described: set[tuple] = set()     # entity descriptions put already
        self._evidence: set[tuple] = set()      # evidence annotations put already
        self._quoted = quote(article.id, safe="._-~")

    def add(self, s, p, o) -> None:
        """A triple of the article: a fact, its provenance, its evidence."""
        quad = Quad(s, p, o, self.graph)
        seen = self._seen   # _put, inline: called for most quads
        n = len(seen)
        seen.add(quad)
        if len(seen) != n:
            self.quads.append(quad)

    def describe(self, s, p, o) -> None:
        """A triple describing a shared entity (type, label, key, kind). It
        goes to the one entities graph, where a set keeps it once however
        many articles name the entity -- in article graphs it would be
        repeated per article and multiply every join over the union."""
        self._put(Quad(s, p, o, self.entities))

    def _put(self, quad: Quad) -> None:
        seen = self._seen
        n = len(seen)
        seen.add(quad)
        if len(seen) != n:
            self.quads.append(quad)

    def _put_description(self, key: tuple, found: tuple[NamedNode, tuple[Quad, ...]]) -> NamedNode:
        """An entity's description (iri, quads), put once per article."""
        if key not in self._described:
            self._described.add(key)
            seen, quads = self._seen, self.quads
            for q in found[1]:
                n = len(seen)
                seen.add(q)
                if len(seen) != n:
                    quads.append(q)
        return found[0]

    def person(self, name: str) -> NamedNode:
        if type(name) is str:
            return self._put_description(("person", name), _person_description(name))
        iri = person_iri(name)
        self.describe(iri, _TYPE, P("Person"))
        self.describe(iri, _LABEL, _lit(name))
        self.describe(iri, P("nameKey"), Literal(key(name)))
        self.describe(iri, P("searchKey"), Literal(fold(name)))
        return iri

    def unit(self, label: str) -> NamedNode:
        if type(label) is str:
            return self._put_description(("unit", label), _unit_description(label))
        iri = unit_iri(label)
        unit_type, name = split_unit(label)
        self.describe(iri, _TYPE, P("AdministrativeUnit"))
        self.describe(iri, _LABEL, _lit(label))
        self.describe(iri, P("nameKey"), Literal(unit_key(label)))
        self.describe(iri, P("searchKey"), Literal(fold(name)))
        if unit_type:
            self.describe(iri, P("unitType"), NamedNode(unit_type.iri))
        return iri

    def organization(self, label: str, area: str | None) -> NamedNode:
        if type(label) is str and _plain(area):
            return self._put_description(("org", label, area), _organization_description(label, area))
        iri = org_iri(label)
        kind = body_kind(label)
        cls = "Organization"
        if kind is not None:
            if kind.props.get("partyBody"):
                cls = "PartyOrganization" if kind.props.get("partyOrganization") else "Committee"
            elif kind.props.get("stateBody"):
                cls = "StateBody"
            self.describe(iri, P("bodyKind"), NamedNode(kind.iri))
        self.describe(iri, _TYPE, P(cls))
        if cls != "Organization":
            self.describe(iri, _TYPE, P("Organization"))
        self.describe(iri, _LABEL, _lit(label))
        self.describe(iri, P("nameKey"), Literal(org_key(label)))
        self.describe(iri, P("searchKey"), Literal(fold(label)))
        if area:
            self.describe(iri, P("ofUnit"), self.unit(area))
        return iri

    def document(self, doc: dict) -> NamedNode:
        doc_id, doc_type, issuer = doc["id"], doc.get("type"), doc.get("issuer")
        if type(doc_id) is str and _plain(doc_type, issuer):
            return self._put_description(("doc", doc_id, doc_type, issuer),
                                         _document_description(doc_id, doc_type, issuer))
        iri = document_iri(doc["id"])
        self.describe(iri, _TYPE, P("Document"))
        self.describe(iri, _LABEL, _lit(doc["id"]))
        self.describe(iri, P("nameKey"), Literal(document_key(doc["id"])))
        self.describe(iri, P("searchKey"), Literal(fold(doc["id"])))
        if "/" in doc["id"]:
            self.describe(iri, P("symbol"), Literal(document_key(doc["id"])))
        dtype = document_type(doc.get("type"))
        if dtype is not None:
            self.describe(iri, P("documentType"), NamedNode(dtype.iri))
        if doc.get("issuer"):
            self.describe(iri, P("issuer"), _lit(doc["issuer"]))
        return iri

    def post(self, role: str, organization: str, org: NamedNode) -> NamedNode:
        post = post_iri(role, organization)
        self.describe(post, _TYPE, P("Post"))
        self.describe(post, _LABEL, _lit(f"{role}, {organization}"))
        self.describe(post, P("roleLabel"), _lit(role))
        concept = role_concept(role)
        if concept is not None:
            self.describe(post, P("role"), NamedNode(concept.iri))
        self.describe(post, P("postIn"), org)
        return post

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
        if type(fact["role"]) is str and type(fact["organization"]) is str:
            post = b._put_description(("post", fact["role"], fact["organization"], org),
                                      _post_description(fact["role"], fact["organization"], org))
        else:
            post = b.post(fact["role"], fact["organization"], org)
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
