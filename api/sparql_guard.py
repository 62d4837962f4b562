"""The /sparql endpoint's guard: a query is tokenised (comments, strings
and IRIs set aside, by graph/sparql_query.py's lexer) and refused before
anything runs when it is an update, uses SERVICE, names in FROM / FROM
NAMED a graph this store does not hold, nests brackets too deep or chains
too many operators.

The guard is the friendly first refusal, not the protection: each query
worker gives up the network for good (api/sandbox.py), whatever a query
hides from this lexer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from partygraph.graph.sparql_query import tokens


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# ----------------------------------------------------------------- guard
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_FORMS = {"SELECT": "solutions", "ASK": "solutions", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
# Oxigraph parses and evaluates by recursion: 10,000 nested `{` overflow a
# worker's stack and kill it. Real queries nest a few levels.
MAX_NESTING = 64
_OPEN, _CLOSE = set("{(["), set("})]")


# Operators without brackets recurse too: 10,000 "!" or "||" in a row
# overflow the parser's stack, and 3,000 path steps take minutes to plan.
MAX_OPERATORS = 1000
_OPERATORS = {"!": "'!' operators", "|": "'|' or '||' operators", "&": "'&&' operators",
              "/": "'/' path steps or divisions", "^": "'^' path steps"}


def _operators(tokens: list[tuple[str, str]]) -> tuple[int, str]:
    """The most-used operator character and how often it occurs."""
    counts: dict[str, int] = {}
    for kind, value in tokens:
        if kind == "other" and value in _OPERATORS:
            counts[value] = counts.get(value, 0) + 1
    if not counts:
        return 0, ""
    op = max(counts, key=counts.get)
    return counts[op], op


def _nesting(tokens: list[tuple[str, str]]) -> int:
    depth = deepest = 0
    for kind, value in tokens:
        if kind == "other":
            if value in _OPEN:
                depth += 1
                deepest = max(deepest, depth)
            elif value in _CLOSE:
                depth -= 1
    return deepest


@dataclass(frozen=True)
class Checked:
    form: str                 # "solutions" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)
    datasets: tuple[str, ...]  # IRIs named by FROM / FROM NAMED


def _tokens(sparql: str) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text, _ in tokens(sparql)]


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescaped(sparql: str) -> str:
    """The query with every \\u / \\U escape expanded, as the SPARQL spec
    reads them (before the grammar); Oxigraph expands them only inside
    strings and IRIs. The guard looks at both readings."""
    def expand(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _ESCAPE.sub(expand, sparql)


def _words(tokens: list[tuple[str, str]]) -> set[str]:
    return {v.upper() for kind, v in tokens if kind == "word"}


def check_query(sparql: str, known_graphs: Callable[[], set[str]]) -> Checked:
    """Refuse what a read-only endpoint must not run; raise ProtocolError."""
    tokens = _tokens(sparql)
    if (depth := _nesting(tokens)) > MAX_NESTING:
        raise ProtocolError(400, f"the query nests brackets {depth} deep; the limit is {MAX_NESTING}")
    count, op = _operators(tokens)
    if count > MAX_OPERATORS:
        raise ProtocolError(400, f"the query chains {count} {_OPERATORS[op]}; the limit is {MAX_OPERATORS} "
                                 "(use VALUES or IN for long lists)")
    words = [(i, v.upper()) for i, (kind, v) in enumerate(tokens) if kind == "word"]
    upper = _words(tokens)
    if upper & _UPDATE_WORDS and not upper & set(_FORMS):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, "
                                 "CLEAR, DROP, ...) is refused")
    if upper & _UPDATE_WORDS - {"WITH"}:
        bad = sorted(upper & _UPDATE_WORDS - {"WITH"})
        raise ProtocolError(403, f"this endpoint is read-only: {', '.join(bad)} is refused")
    if "SERVICE" in upper:
        raise ProtocolError(403, "SERVICE is refused: this endpoint never queries other endpoints")
    form = next((_FORMS[w] for _, w in words if w in _FORMS), None)
    if form is None:
        raise ProtocolError(400, "SPARQL syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    prefixes: dict[str, str] = {}
    datasets = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value.upper() == "PREFIX" and i + 2 < len(tokens) \
                and tokens[i + 1][0] == "pname" and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        if kind == "word" and value.upper() == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "NAMED":
                j += 1
            if j >= len(tokens):
                raise ProtocolError(400, "SPARQL syntax error: FROM without a graph IRI")
            k, v = tokens[j]
            if k == "iri":
                datasets.append(v[1:-1])
            elif k == "pname" and v.split(":", 1)[0] in prefixes:
                p, local = v.split(":", 1)
                datasets.append(prefixes[p] + local)
            else:
                raise ProtocolError(400, "SPARQL syntax error: FROM needs a graph IRI")
    if datasets:
        graphs = known_graphs()
        remote = [g for g in datasets if g not in graphs]
        if remote:
            raise ProtocolError(403, f"FROM <{remote[0]}> names no graph of this store; "
                                     "remote data is never fetched")
    # The same words read the spec's way (escapes expanded first): a quote
    # or `#` written as an escape must not hide SERVICE from this guard.
    if ("\\u" in sparql or "\\U" in sparql) and "SERVICE" in _words(_tokens(_unescaped(sparql))):
        raise ProtocolError(403, "SERVICE is refused: this endpoint never queries other endpoints")
    return Checked(form, tuple(datasets))


