"""The parameters a `.rq` file declares, and values given for them as text.

A query states each variable a user may bind in its header:

    # @param ?asOf date the day, YYYY-MM-DD
    # @param ?unit iri a unit (its IRI)

Kinds: `iri` (a full http(s) IRI, `<...>`, or a prefixed name of the
project: `pgid:`, `pgv:`, `pg:`, `art:`), `date` (YYYY-MM-DD), `integer`,
`string`. Values become RDF terms, bound by the store (pyoxigraph's
substitutions, or a VALUES block for a SPARQL server): never spliced into
the query's text.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pyoxigraph as ox

from partygraph.ontology import PREFIXES, XSD

_PARAM = re.compile(r"^#\s*@param\s+\?([A-Za-z_]\w*)\s+(iri|date|integer|string)\b\s*(.*)$", re.M)
KINDS = ("iri", "date", "integer", "string")


class ParamError(ValueError):
    """A binding the query does not declare, or a value not of its kind."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    description: str


def declared(sparql: str) -> list[Param]:
    """The parameters the query's header declares, in order."""
    return [Param(m.group(1), m.group(2), m.group(3).strip()) for m in _PARAM.finditer(sparql)]


def term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """`value` as the RDF term of `param`'s kind; ParamError saying why not."""
    value = value.strip()
    if param.kind == "iri":
        return _iri(param, value)
    if param.kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise ParamError(f"?{param.name} is a date, YYYY-MM-DD: not {value!r}") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise ParamError(f"?{param.name} is an integer: not {value!r}")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def _iri(param: Param, value: str) -> ox.NamedNode:
    text = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not text.startswith(("http://", "https://")):
        text = PREFIXES[prefix] + local
    if not re.match(r"https?://[^\s<>\"{}|\\^`]+\Z", text):
        raise ParamError(f"?{param.name} is an IRI (http(s)://..., <...>, or "
                         f"{', '.join(p + ':' for p in sorted(PREFIXES))}...): not {value!r}")
    return ox.NamedNode(text)


def bindings(sparql: str, given: list[str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """`NAME=VALUE` pairs as terms of the parameters the query declares."""
    params = {p.name: p for p in declared(sparql)}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for item in given:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?")
        if not sep:
            raise ParamError(f"--bind takes NAME=VALUE: not {item!r}")
        if name not in params:
            known = ", ".join(f"{p.name} ({p.kind})" for p in params.values()) or "none"
            raise ParamError(f"the query declares no parameter {name!r}; it declares: {known}")
        if name in out:
            raise ParamError(f"?{name} is bound twice")
        out[name] = term(params[name], value)
    return out
