"""Who an entity is: the keys its names are matched on, the IRI minted
from them, and the one label it is shown by.

Everything that names a node imports this module and nothing bigger:
the mapper mints with it, person resolution groups on it, the lookups and
the REST server key their searches with it.

- Keys unify what is written differently but means the same: case,
  spacing, old/new tone placement, abbreviations ("HĐND" = "Hội đồng nhân
  dân"), honorifics before a person's name.
- IRIs are a readable slug plus a hash of the key.
- A body or document whose name leaves its area open ("Tỉnh ủy", "UBND
  xã", "Nghị quyết Đại hội Đảng bộ huyện") is not one node across the
  country: it is named as if qualified by the area the fact gives, else
  the article's province ("Tỉnh ủy Hà Tĩnh", one node with the body a text
  names so), else it is the article's own.
- `preferred_label` is the one `skos:prefLabel` of an entity: a rule over
  the written form, so that every article writing "Tỉnh uỷ Gia Lai" or
  "Tỉnh ủy Gia Lai" gives the same one; the forms as written stay
  `rdfs:label`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from pyoxigraph import NamedNode

from partygraph.ontology import ARTICLE, ID
from partygraph.ontology.vocabulary import Concept, vocabulary

from .normalize import clean_label, key, preferred_spelling, slug
from .vocabulary_keys import keys_of


def article_iri(article: object) -> NamedNode:
    """The article's IRI, which is also the IRI of its named graph: from its
    `Article.id` (its canonical URL, else its text), or an id as given."""
    ident = article if isinstance(article, str) else article.id
    return NamedNode(ARTICLE + quote(ident, safe="._-~"))


# ------------------------------------------------------------------ keys
@lru_cache(maxsize=1 << 16)
def split_unit(label: str) -> tuple[Concept | None, str]:
    """'xã Hạ Hòa' -> (unit type xã, 'Hạ Hòa'); 'TX Quảng Yên' -> (thị xã, ...)."""
    found = keys_of("units").prefix(label)
    if found and found[1]:
        return found
    return None, clean_label(label)


@lru_cache(maxsize=1 << 16)
def unit_key(label: str) -> str:
    """Type + name key: 'Thị trấn Hạ Hòa' and 'thị trấn Hạ Hoà' agree."""
    unit_type, name = split_unit(label)
    return f"{key(unit_type.label) if unit_type else '?'}|{key(name)}"


# The schemes whose abbreviations stand for a body, a unit type or a post;
# a name prefix ("A", "Y" of ethnic-minority names) is no abbreviation.
_ABBREVIATED = ("bodies", "units", "posts")


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    """Key of each abbreviation (UBND, TX ...) -> its long form, built once."""
    out: dict[str, str] = {}
    for c in (c for scheme in _ABBREVIATED for c in vocabulary().scheme(scheme)):
        long_forms = [lab for lab in c.labels if " " in lab] or [c.label]
        for lab in c.labels:
            if " " not in lab and lab.isupper() and lab != long_forms[0]:
                out[key(lab)] = long_forms[0]
    return out


@lru_cache(maxsize=1 << 16)
def expand_abbreviations(label: str) -> str:
    """'HĐND xã Hòa Phú' -> 'Hội đồng nhân dân xã Hòa Phú', with the long
    forms taken from the vocabulary's labels."""
    abbreviations = _abbreviations()
    out: list[str] = []
    for word in clean_label(label).split():
        long_form = abbreviations.get(key(word))
        if long_form is None:
            out.append(word)
            continue
        words = long_form.split()
        # "Ủy ban MTTQ": the long form "Ủy ban MTTQ Việt Nam" repeats what precedes it
        overlap = next((n for n in range(min(len(words), len(out)), 0, -1)
                        if key(" ".join(out[-n:])) == key(" ".join(words[:n]))), 0)
        out += words[overlap:]
    return " ".join(out)


@lru_cache(maxsize=1 << 16)
def org_key(label: str) -> str:
    """Organisation key with abbreviations expanded, so 'HĐND xã Hòa Phú' =
    'Hội đồng nhân dân xã Hoà Phú'."""
    return key(expand_abbreviations(label))


def document_key(doc_id: str) -> str:
    """Symbols compare without spaces and case ('50-Ct/TW' = '50-CT/TW');
    named documents on their normalised words."""
    raw = clean_label(doc_id)
    if "/" in raw:
        return re.sub(r"\s+", "", re.sub(r"^(số|so)\s*", "", raw, flags=re.I)).upper()
    return key(raw)


def body_kind(org_label: str) -> Concept | None:
    found = keys_of("bodies").prefix(org_label)
    return found[0] if found else None


def role_concept(role: str) -> Concept | None:
    return keys_of("posts").exact(role)


def document_type(type_label: str | None) -> Concept | None:
    return keys_of("documents").exact(type_label) if type_label else None


# ------------------------------------------------------ areas left open
@lru_cache(maxsize=1)
def _national() -> tuple[str, ...]:
    """Keys of the words that make a name national ("Trung ương", "TW")."""
    return tuple(sorted({key(lab) for c in vocabulary().scheme("cues") if c.props.get("cueRole") == "national"
                         for lab in c.labels}, key=len, reverse=True))


def _names_a_place(rest: str) -> bool:
    """Does `rest` (what follows a unit type or a body) start with a proper
    name ("Hạ Hòa", "Kon Tum", "7"), not with another vocabulary word?"""
    first = rest.split()[:1]
    if not first or not (first[0][0].isupper() or first[0][0].isdigit()):
        return False
    return keys_of("bodies").prefix(rest) is None and keys_of("units").prefix(rest) is None


@lru_cache(maxsize=1 << 14)
def area_open(label: str) -> bool:
    """True when a body's or document's name leaves its area open: it names
    a local body or a unit type ("Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "UBND
    xã", "Đại hội Đảng bộ huyện", "Sở Tài chính") but no place by name
    ("xã Hạ Hòa", "Huyện ủy Lộc Hà", "thôn 7") and nothing national
    ("Trung ương", a central body)."""
    words = clean_label(label).split()
    local = False
    i = 0
    while i < len(words):
        rest = " ".join(words[i:])
        rest_key = key(rest)
        if any(rest_key == k or rest_key.startswith(k + " ") for k in _national()):
            return False
        unit, body = keys_of("units").prefix(rest), keys_of("bodies").prefix(rest)
        if unit is not None and (body is None or len(unit[1]) <= len(body[1])):
            if _names_a_place(unit[1]):
                return False
            local, i = True, len(words) - len(unit[1].split())
        elif body is not None:
            concept, after = body
            if concept.props.get("central"):
                return False
            if not concept.props.get("takesName") and _names_a_place(after):
                return False
            local, i = True, len(words) - len(after.split())
        else:
            i += 1
    return local


def qualified(label: str, unit: str, fitting: bool = False) -> str | None:
    """An area-open name given its unit, as a text that names it would
    write it, so that both are one node: "Tỉnh ủy" + "tỉnh Hà Tĩnh" ->
    "Tỉnh ủy Hà Tĩnh"; "Đảng ủy xã" + "xã Thanh Ba" -> "Đảng ủy xã Thanh
    Ba"; "Sở Tài chính" + "tỉnh Gia Lai" -> "Sở Tài chính tỉnh Gia Lai".
    The unit's name goes after the last bare type word of its type, else
    after the last body of its type (or a department of one: "Sở"), else
    the whole unit at the end -- unless `fitting` (the unit is only the
    article's province, not the fact's area): then None, since a province
    does not tell which "Đảng bộ huyện" a text meant."""
    unit_type, name = split_unit(unit)
    words = clean_label(label).split()
    if unit_type is None:
        return None if fitting else f"{' '.join(words)} {clean_label(unit)}"
    at = None
    for i in range(len(words)):
        rest = " ".join(words[i:])
        found, body = keys_of("units").prefix(rest), keys_of("bodies").prefix(rest)
        if body is not None and (found is None or len(body[1]) < len(found[1])):
            found = None   # "Tỉnh ủy" is a body, not the type word "tỉnh"
        if found is not None and found[0] is unit_type and not _names_a_place(found[1]):
            at = len(words) - len(found[1].split())
        if body is not None and body[0].props.get("unitType") == unit_type.iri and at is None:
            at = len(words) - len(body[1].split())
        if body is not None and body[0].props.get("departmentOf") == unit_type.iri:
            fitting = False   # "Sở Tài chính" of the province: the province goes at the end
    if at is None:
        return None if fitting else f"{' '.join(words)} {clean_label(unit)}"
    return " ".join(words[:at] + [name] + words[at:])


def scoped_key(name_key: str, article: str | None) -> str:
    """The identity of an area-open name the article gives no unit for:
    its own, within that article."""
    return name_key if article is None else f"{name_key}@article:{article}"


# ------------------------------------------------------------------ IRIs
def person_iri(name: str) -> NamedNode:
    return NamedNode(f"{ID}person/{slug(name)}")


def unit_iri(label: str) -> NamedNode:
    return NamedNode(f"{ID}unit/{slug(label, unit_key(label))}")


def org_iri(label: str, article: str | None = None) -> NamedNode:
    """The body named `label`; `article` when its name leaves its area open
    and the article gives it no unit (see `qualified`)."""
    return NamedNode(f"{ID}org/{slug(expand_abbreviations(label), scoped_key(org_key(label), article))}")


def document_iri(doc_id: str, article: str | None = None) -> NamedNode:
    return NamedNode(f"{ID}doc/{slug(doc_id, scoped_key(document_key(doc_id), article))}")


def post_iri(role: str, organization: str, article: str | None = None) -> NamedNode:
    identity = scoped_key(key(role) + "|" + org_key(organization), article)
    return NamedNode(f"{ID}post/{slug(role + ' ' + expand_abbreviations(organization), identity)}")


# ---------------------------------------------------------- person naming
@lru_cache(maxsize=1)
def _honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorific phrases from the vocabulary as key-word tuples, longest first."""
    phrases = {tuple(key(lab).split()) for c in vocabulary().scheme("honorifics") for lab in c.labels}
    return tuple(sorted(phrases, key=len, reverse=True))


def strip_honorifics(name: str) -> str:
    """'Đồng chí Nguyễn Văn Bình' -> 'Nguyễn Văn Bình' (as written otherwise)."""
    words = clean_label(name).split()
    changed = True
    while changed and words:
        changed = False
        keys = [key(w) for w in words]
        for phrase in _honorifics():
            if len(phrase) < len(words) and tuple(keys[:len(phrase)]) == phrase:
                words = words[len(phrase):]
                changed = True
                break
    return " ".join(words)


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """The key people are grouped on: honorifics stripped, then `key()`."""
    return key(strip_honorifics(name))


def canonical_person_iri(name: str) -> NamedNode:
    return person_iri(strip_honorifics(name))


@lru_cache(maxsize=65536)
def mention_iri(article: str, name: str) -> NamedNode:
    tail = article[len(ARTICLE):] if article.startswith(ARTICLE) else article
    return NamedNode(f"{ID}mention/{tail}/person/{slug(strip_honorifics(name), person_key(name))}")


# -------------------------------------------------------- preferred label
def _capital(word: str) -> str:
    """The first letter upper-cased, and the one after an apostrophe
    (H'Hen, K'Lăng); the rest as written."""
    return re.sub(r"(^|['’])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), word)


@lru_cache(maxsize=1 << 16)
def preferred_label(kind: str, label: str) -> str:
    """The one label an entity is shown by, from its written form by rule:
    tone marks where the preferred convention puts them, abbreviations of
    bodies spelt out, people's and places' names capitalised, a body's
    first letter capitalised."""
    if kind == "person":
        text = " ".join(_capital(w) for w in preferred_spelling(label).split())
    elif kind == "unit":
        unit_type, name = split_unit(label)
        name = " ".join(_capital(w) for w in preferred_spelling(name).split())
        text = f"{preferred_spelling(unit_type.label)} {name}" if unit_type else name
    elif kind in ("org", "post"):
        text = preferred_spelling(expand_abbreviations(label))
        text = text[:1].upper() + text[1:]
    else:
        text = preferred_spelling(label)
    return text
