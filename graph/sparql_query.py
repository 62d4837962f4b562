"""Declared queries: one `.rq` file is one `Query`, whose header declares
what may be bound, one binder and one runner for all of them.

    # @param ?asOf date the day, YYYY-MM-DD       one term
    # @values ?token string the syllables typed   a list of terms: a VALUES block

A slot's VALUES block takes the place of each `#VALUES ?token` marker line
of the query (a comment: left alone, the query runs unrestricted), else it
opens the WHERE group. Parameters are pyoxigraph's substitutions on the
embedded store; for a SPARQL server (`bind_values`) a VALUES block opening
the WHERE group, plus FILTER(?v = <iri>) for an IRI. Terms are always
written by pyoxigraph (IRIs validated, literals escaped): user input never
becomes query syntax.

Kinds: `iri` (a full http(s) IRI, `<...>`, or a prefixed name of the
project: `pgid:`, `pgv:`, `pg:`, `art:`), `date` (YYYY-MM-DD), `integer`,
`string`. The one SPARQL lexer of the project (`tokens`) is here too: the
binder finds the WHERE group with it, the /sparql guard reads queries by it.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Iterable, Mapping, NamedTuple

import pyoxigraph as ox

from partygraph.ontology import PREFIXES, XSD

from .rq import read_rq
from .errors import QueryError
from .store_protocol import GraphStore, Term

KINDS = ("iri", "date", "integer", "string")
_DECLARED = re.compile(r"^#\s*@(param|values)\s+\?([A-Za-z_]\w*)\s+(iri|date|integer|string)\b\s*(.*)$", re.M)
_MARKER = re.compile(r"^[ \t]*#VALUES[ \t]+\?([A-Za-z_]\w*)[ \t]*$", re.M)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


# ----------------------------------------------------------------- lexer
# Comments, strings and IRIs are set aside first, so a brace or a keyword
# inside them is never read as syntax.
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z_][\w.-]*)?:[\w.:%\\-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
""", re.X | re.S)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def tokens(sparql: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) of each token but whitespace and comments;
    kinds: string, iri, var, pname, word, other (one character)."""
    return [(m.lastgroup, m.group(), m.start()) for m in _TOKEN.finditer(sparql)
            if m.lastgroup not in ("ws", "comment")]


def _where_brace(sparql: str) -> int:
    """Offset of the opening brace of the query's WHERE group (a CONSTRUCT
    template, the first top-level group after CONSTRUCT, is skipped)."""
    depth, first, toks = 0, True, tokens(sparql)
    for i, (kind, text, at) in enumerate(toks):
        if kind != "other":
            continue
        if text == "{":
            if depth == 0:
                template = first and i > 0 and toks[i - 1][0] == "word" and toks[i - 1][1].upper() == "CONSTRUCT"
                first = False
                if not template:
                    return at
            depth += 1
        elif text == "}":
            depth -= 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (upper case), read after the
    prologue; None when it cannot be told (an update, or not SPARQL)."""
    toks, i = tokens(sparql), 0
    while i < len(toks):
        kind, text, _ = toks[i]
        word = text.upper() if kind == "word" else ""
        if word == "PREFIX" and [k for k, _, _ in toks[i + 1:i + 3]] == ["pname", "iri"]:
            i += 3
        elif word == "BASE" and [k for k, _, _ in toks[i + 1:i + 2]] == ["iri"]:
            i += 2
        else:
            return word if word in _FORMS else None
    return None


# ------------------------------------------------------------ parameters
class ParamError(ValueError):
    """A binding the query does not declare, or a value not of its kind."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    description: str


def declared(sparql: str) -> list[Param]:
    """The parameters (`# @param`) the query's header declares, in order."""
    return list(Query.parse(sparql).params)


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
    """`NAME=VALUE` pairs (`--bind`, the page's parameters) as terms of what
    the query declares; a VALUES slot so given is bound to that one term."""
    query = Query.parse(sparql)
    params = {p.name: p for p in query.slots + query.params}
    out: dict[str, ox.NamedNode | ox.Literal] = {}
    for item in given:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?")
        if not sep:
            raise ParamError(f"--bind takes NAME=VALUE: not {item!r}")
        if name not in params:
            known = ", ".join(f"{p.name} ({p.kind})" for p in query.params + query.slots) or "none"
            raise ParamError(f"the query declares no parameter {name!r}; it declares: {known}")
        if name in out:
            raise ParamError(f"?{name} is bound twice")
        out[name] = term(params[name], value)
    return out


def _checked(name: str, t: Any) -> str:
    if not isinstance(t, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"?{name} can only be bound to an IRI or a literal, not {t!r}")
    return str(t)


def bind_values(sparql: str, substitutions: Mapping[str, Term]) -> str:
    """The query with a VALUES block opening its WHERE group, binding each
    variable to its term -- what pyoxigraph's `substitutions` do locally:
    the group's FILTERs and OPTIONALs see the variable bound. An IRI is also
    stated as a FILTER(?v = <iri>), true whenever VALUES holds: Virtuoso
    takes only that as the bound start of a property path ("transitive
    start not given" otherwise)."""
    names, terms, equal = [], [], []
    for name, t in substitutions.items():
        if not _VARIABLE.match(name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
        names.append(f"?{name}")
        terms.append(_checked(name, t))
        if isinstance(t, ox.NamedNode):
            equal.append(f"  FILTER(?{name} = {t})\n")
    at = _where_brace(sparql) + 1
    return (f"{sparql[:at]}\n  VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
            f"{''.join(equal)}{sparql[at:]}")


# ---------------------------------------------------------------- queries
class Bound(NamedTuple):
    text: str
    substitutions: dict[str, Term] | None


@dataclass(frozen=True)
class Query:
    text: str
    params: tuple[Param, ...]
    slots: tuple[Param, ...]   # the `# @values` declarations

    @staticmethod
    @lru_cache(maxsize=None)
    def load(folder: str, name: str, what: str = "query") -> Query:
        """graph/<folder>/<name>.rq, read and parsed once (KeyError: no such query)."""
        return Query.parse(read_rq(folder, name, what))

    @staticmethod
    def parse(text: str) -> Query:
        found = [(m.group(1), Param(m.group(2), m.group(3), m.group(4).strip())) for m in _DECLARED.finditer(text)]
        slots = tuple(p for kind, p in found if kind == "values")
        undeclared = {m.group(1) for m in _MARKER.finditer(text)} - {p.name for p in slots}
        if undeclared:
            raise QueryError(f"#VALUES markers for undeclared slots: {', '.join(sorted(undeclared))}")
        return Query(text, tuple(p for kind, p in found if kind == "param"), slots)

    @cached_property
    def _where(self) -> int:
        return _where_brace(self.text) + 1

    def bind(self, params: Mapping[str, Term] | None = None,
             values: Mapping[str, Iterable[Term]] | None = None, inline: bool = False) -> Bound:
        """The text with each slot of `values` filled (a slot given no terms
        matches nothing), and `params` as substitutions -- or, `inline` (a
        SPARQL server), written into the text as well (bind_values)."""
        text = self.text
        if values:
            slots = {p.name for p in self.slots}
            blocks = {}
            for var, terms in values.items():
                if var not in slots:
                    raise ParamError(f"the query declares no VALUES slot ?{var}")
                blocks[var] = f"VALUES ?{var} {{ {' '.join(_checked(var, t) for t in terms)} }}"
            marked = {m.group(1) for m in _MARKER.finditer(text)}
            opening = "".join(f"\n  {b}" for v, b in blocks.items() if v not in marked)
            if opening:
                text = f"{text[:self._where]}{opening}\n{text[self._where:]}"
            if marked & set(blocks):
                text = _MARKER.sub(lambda m: f"    {blocks[m.group(1)]}" if m.group(1) in blocks else m.group(0), text)
        if inline and params:
            return Bound(bind_values(text, params), None)
        return Bound(text, dict(params) if params else None)

    def solutions(self, store: GraphStore, params: Mapping[str, Term] | None = None,
                  values: Mapping[str, Iterable[Term]] | None = None) -> Any:
        """The store's answer (solutions, a boolean or triples), bound."""
        text, substitutions = self.bind(params, values)
        return store.query(text, substitutions=substitutions)

    def rows(self, store: GraphStore, params: Mapping[str, Term] | None = None,
             values: Mapping[str, Iterable[Term]] | None = None, terms: bool = False) -> list[dict[str, Any]]:
        """Rows {variable: value}: plain Python values (to_python), or the
        RDF terms themselves with `terms` (a page links IRIs, prints literals)."""
        return rows(self.solutions(store, params, values), None if terms else to_python)


# ------------------------------------------------------------------ rows
def to_python(term: Any) -> Any:
    """An RDF term as a plain value: IRIs and strings as str, numbers and
    booleans as such."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt_name = term.datatype.value.rsplit("#", 1)[-1]
        if dt_name in ("integer", "int", "long", "nonNegativeInteger"):
            return int(term.value)
        if dt_name in ("decimal", "double", "float"):
            return float(term.value)
        if dt_name == "boolean":
            return term.value in ("true", "1")   # both are xsd:boolean's true (Virtuoso writes "1")
        return term.value
    return term.value


def rows(result: Any, convert: Any = to_python) -> list[dict[str, Any]]:
    """A SELECT's solutions as dicts, each value passed through `convert` (None: kept as a term)."""
    names = [v.value for v in result.variables]
    if convert is None:
        return [{n: sol[n] for n in names} for sol in result]
    return [{n: convert(sol[n]) for n in names} for sol in result]
