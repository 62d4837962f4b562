"""Dated holdings for callers outside SPARQL (the REST lookups, the CLI):
who held each post of a unit as of a date, and one person's career with
the first and last dates articles reported each post."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox

from partygraph.loaders.identity import unit_iri
from partygraph.ontology import XSD

from .queries import run
from .store_protocol import GraphStore


def _date(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def officials_as_of(store: GraphStore, unit: str, as_of: dt.date) -> list[dict[str, Any]]:
    """Per post of the bodies of `unit` ('xã Hạ Hòa'), the holder reported
    most recently on or before `as_of`, with first_reported/last_reported."""
    return [{"post": r["post"], "role": r["role"], "organization": r["orgLabel"], "person": r["person"],
             "name": r["holderName"], "first_reported": r["firstReported"],
             "last_reported": r["lastReported"], "sources": r["sources"]}
            for r in run(store, "officials_as_of", unit=unit_iri(unit), asOf=_date(as_of))]


def career(store: GraphStore, person: str) -> list[dict[str, Any]]:
    """Every post one person (an IRI) was reported in, oldest report first."""
    return [{"post": r["post"], "role": r["role"], "organization": r["orgLabel"], "former": r["former"],
             "first_reported": r["firstReported"], "last_reported": r["lastReported"],
             "articles": r["articles"]}
            for r in run(store, "person_career", person=ox.NamedNode(person))]
