"""Parameters bound into a query's text, for servers that take no
substitutions: a VALUES block opening the WHERE group, the terms
serialised by pyoxigraph so user input never becomes query syntax."""
from __future__ import annotations

import re

import pyoxigraph as ox

from .store import QueryError, Term

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# Before the WHERE group only IRIs, strings and comments can hide a brace.
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING = re.compile(r'"""(?:[^\\]|\\.)*?"""' r"|'''(?:[^\\]|\\.)*?'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'", re.S)
_CONSTRUCT_TEMPLATE = re.compile(r"\bCONSTRUCT\s*$", re.I)


def _where_brace(sparql: str) -> int:
    """Offset of the opening brace of the query's WHERE group (skipping a
    CONSTRUCT template), found outside IRIs, strings and comments."""
    i, n, top = 0, len(sparql), []
    depth = 0
    while i < n:
        c = sparql[i]
        if c == "#":
            j = sparql.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "<" and (m := _IRI.match(sparql, i)):
            i = m.end()
            continue
        if c in "\"'" and (m := _STRING.match(sparql, i)):
            i = m.end()
            continue
        if c == "{":
            if depth == 0:
                top.append(i)
                is_template = len(top) == 1 and _CONSTRUCT_TEMPLATE.search(_code(sparql[:i]))
                if not is_template:
                    return i
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def _code(text: str) -> str:
    """Text without comments, enough to see which keyword precedes a brace."""
    return re.sub(r"#[^\n]*", " ", _IRI.sub(" ", text)).rstrip()


def bind_values(sparql: str, substitutions: dict[str, Term]) -> str:
    """The query with a VALUES block opening its WHERE group, binding each
    variable to its term -- what pyoxigraph's `substitutions` do locally:
    the group's FILTERs and OPTIONALs see the variable bound. The terms are
    serialised by pyoxigraph (IRIs validated, literals escaped), so user
    input can never become query syntax. An IRI is also stated as a
    FILTER(?v = <iri>), true whenever VALUES holds: Virtuoso takes only
    that as the bound start of a property path ("transitive start not
    given" otherwise)."""
    names, terms, equal = [], [], []
    for name, term in substitutions.items():
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise QueryError(f"?{name} can only be bound to an IRI or a literal, not {term!r}")
        names.append(f"?{name}")
        terms.append(str(term))
        if isinstance(term, ox.NamedNode):
            equal.append(f"  FILTER(?{name} = {term})\n")
    at = _where_brace(sparql) + 1
    return (f"{sparql[:at]}\n  VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
            f"{''.join(equal)}{sparql[at:]}")


_FORM = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper case), read after the
    prologue; None when it cannot be told (an update, or not SPARQL)."""
    m = _FORM.match(_code(sparql))
    return m.group(1).upper() if m else None
