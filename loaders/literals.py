"""RDF literals as the mapper writes them: labels cleaned, integers,
booleans, dates (only real calendar dates), decimals; made once per value."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from partygraph.ontology import XSD

from .normalize import clean_label


@lru_cache(maxsize=1 << 14)   # labels and names recur within and across articles
def text(value: str) -> Literal:
    return Literal(clean_label(value))


@lru_cache(maxsize=4096)
def integer(value: int) -> Literal:
    return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))


_TRUE = Literal("true", datatype=NamedNode(XSD + "boolean"))
_FALSE = Literal("false", datatype=NamedNode(XSD + "boolean"))


def boolean(value: bool) -> Literal:
    return _TRUE if value else _FALSE


@lru_cache(maxsize=4096)
def xsd_date(value: str) -> Literal:
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


def decimal(value: float) -> Literal:
    if type(value) is float:   # the usual case: a few confidences, cached
        return _decimal_of(value)
    return Literal(f"{float(value):.3f}", datatype=NamedNode(XSD + "decimal"))


@lru_cache(maxsize=1024)
def _decimal_of(value: float) -> Literal:
    return Literal(f"{value:.3f}", datatype=NamedNode(XSD + "decimal"))
