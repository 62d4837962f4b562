"""The fast check (graph/validate_fast.py) answers as pyshacl does.

Every constraint of every shape in ontology/shapes.ttl, read here from the
Turtle (not from the fast check's compiler), is broken on purpose in an
article (a seed or one from bench/generate.py) that conforms: pyshacl must
report exactly that constraint, and the fast check must flag the article
(so the load hands it to pyshacl). Generated articles as they are: the fast
check passes exactly those pyshacl passes. A shape using a constraint this
test cannot break fails the test, so no new shape goes unchecked.
"""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from partygraph.graph import ingest
from partygraph.graph.validate import validate_article, validate_quads
from partygraph.graph.validate_fast import fast_ok
from partygraph.graph.validate_shapes import SH, XSD, compiled_shapes, shapes_graph, support_triples
from partygraph.loaders.article import read_article
from partygraph.loaders.extract import extract_many

ROOT = Path(__file__).resolve().parents[2]
GENERATED = 12
RDF_TYPE = ox.NamedNode(str(rdflib.RDF.type))
OA = "http://www.w3.org/ns/oa#"


def article_quads(files: list[Path]) -> list[list[ox.Quad]]:
    """Each article's quads as the load checks them (`ingest.prepare` with
    a check that records them)."""
    seen: list[list[ox.Quad]] = []
    real = ingest.validate_article
    ingest.validate_article = lambda quads: seen.append(list(quads)) or []
    try:
        articles = [read_article(f) for f in files]
        for article, facts in zip(articles, extract_many(articles)):
            ingest.prepare(article, facts)
    finally:
        ingest.validate_article = real
    return seen


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[list[ox.Quad]]:
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--articles", str(GENERATED),
                    "--out", str(out), "--seed", "11"], check=True, capture_output=True)
    return article_quads(sorted(out.rglob("*.txt")))


@pytest.fixture(scope="module")
def pool(generated) -> list[list[ox.Quad]]:
    """Conforming articles to break: generated ones, then the seeds."""
    seeds = article_quads(sorted((ROOT / "seeds").glob("*.txt")))
    return [q for q in generated + seeds if not validate_quads(q)]


def test_generated_articles_pass_the_fast_check_exactly_when_pyshacl_passes_them(generated):
    assert compiled_shapes() is not None
    assert len(generated) == GENERATED
    for quads in generated:
        assert fast_ok(quads, compiled_shapes()) == (validate_quads(quads) == [])
        assert validate_article(quads) == validate_quads(quads)


# ------------------------------------------------------ breaking one constraint
def _list(g: rdflib.Graph, head) -> list:
    return list(rdflib.collection.Collection(g, head))


def _path(g: rdflib.Graph, shape) -> list[ox.NamedNode]:
    p = g.value(shape, SH.path)
    return [ox.NamedNode(str(x)) for x in ([p] if isinstance(p, rdflib.URIRef) else _list(g, p))]


def _constraints() -> list[tuple[str, list[str], list, str, object, dict]]:
    """(shape, its target classes, path, constraint, its value, the property
    shape's constraints) for every constraint in the shapes; a constraint
    kind not known here fails."""
    g = shapes_graph()
    out = []
    for shape in sorted(set(g.subjects(SH.targetClass, None))):
        targets = [str(c) for c in g.objects(shape, SH.targetClass)]
        for p, o in g.predicate_objects(shape):
            kind = str(p).removeprefix(str(SH))
            if kind in ("targetClass", "message") or p == rdflib.RDF.type:
                continue
            if kind == "property":
                prop = {str(q).removeprefix(str(SH)): v for q, v in g.predicate_objects(o)}
                for name, v in prop.items():
                    if name in ("path", "message") or name == "minCount" and int(v) == 0:
                        continue
                    assert name in MUTATIONS, f"{shape}: sh:{name} cannot be broken by this test"
                    out.append((str(shape), targets, _path(g, o), name, v, prop))
            elif kind == "or":
                out.append((str(shape), targets, [_path(g, alt) for alt in _list(g, o)], "or", None, {}))
            elif kind == "sparql":
                message = str(g.value(o, SH.message))
                assert message in SPARQL, f"{shape}: no way to break the SPARQL constraint {message!r}"
                out.append((str(shape), targets, [], "sparql", message, {}))
            else:
                raise AssertionError(f"{shape}: sh:{kind} cannot be broken by this test")
    return out


def _reach(quads: list[ox.Quad], start: set, path: list) -> set:
    for p in path:
        start = {q.object for q in quads if q.subject in start and q.predicate == p}
    return start


def _set(quads: list[ox.Quad], focus, path: list, values) -> list[ox.Quad]:
    """The article with the values of `path` from `focus` replaced (the
    last step's triples; in the graph of the triples replaced)."""
    ends, last = _reach(quads, {focus}, path[:-1]), path[-1]
    old = [q for q in quads if q.subject in ends and q.predicate == last]
    graph = old[0].graph_name if old else next(q.graph_name for q in quads if q.subject == focus)
    kept = [q for q in quads if q not in old]
    return kept + [ox.Quad(e, last, v, graph) for e in ends for v in values(e, [q.object for q in old
                                                                                   if q.subject == e])]


def _twin(quads: list[ox.Quad], value):
    """Another value as good as `value` (and the triples that describe it)."""
    if isinstance(value, ox.Literal):
        dt, text = value.datatype.value.removeprefix(XSD), value.value
        if dt == "integer":
            other = str(int(text) + 1)
        elif dt in ("decimal", "boolean", "date"):
            other = next(x for x in {"decimal": ("0.25", "0.75"), "boolean": ("true", "false"),
                                     "date": ("2020-01-02", "2020-01-03")}[dt] if x != text)
        else:   # a string (a hash stays a hash: its shape has a pattern)
            other = ("0" if text != "0" * 64 else "1") * 64 if len(text) == 64 else text + " bis"
        return ox.Literal(other, datatype=value.datatype), []
    twin = ox.BlankNode() if isinstance(value, ox.BlankNode) else ox.NamedNode(value.value + "-twin")
    return twin, [ox.Quad(twin, q.predicate, q.object, q.graph_name) for q in quads if q.subject == value]


def _more_than(quads: list[ox.Quad], focus, path: list, n: int, prop: dict) -> list[ox.Quad]:
    """The article with n + 1 values of `path`, each as good as the first:
    other instances of the class the shape asks for, or copies (an optional
    property the article lacks gets good values of its own)."""
    ends, last = _reach(quads, {focus}, path[:-1]), path[-1]
    extra = []
    for e in ends:
        values = [q.object for q in quads if q.subject == e and q.predicate == last]
        graph = next(q.graph_name for q in quads if q.subject == e)
        if "class" in prop:
            others = [x for x in _instances(quads + _SUPPORT, [str(prop["class"])]) if x not in values]
            added = others[:n + 1 - len(values)]
            extra += [ox.Quad(e, last, x, graph) for x in added]
            values += added
        elif not values:
            dt = str(prop.get("datatype", XSD + "string"))
            values = [ox.Literal({XSD + "integer": "1", XSD + "decimal": "0.5", XSD + "boolean": "true",
                                  XSD + "date": "2020-01-01"}.get(dt, "a value"), datatype=ox.NamedNode(dt))]
            extra.append(ox.Quad(e, last, values[0], graph))
        for _ in range(n + 1 - len(values)):
            twin, described = _twin(quads, values[-1])
            values.append(twin)
            extra += described + [ox.Quad(e, last, twin, graph)]
    return quads + extra


def _wrong_datatype(dt: str):
    def values(_, old):
        if dt == XSD + "string":
            return [ox.Literal(str(i + 7), datatype=ox.NamedNode(XSD + "integer")) for i in range(max(1, len(old)))]
        return [ox.Literal(f"not {v.value if isinstance(v, ox.Literal) else 'a literal'} {i}")
                for i, v in enumerate(old or [None])]
    return values


def _bound(v, step: int):
    def values(_, old):
        return [ox.Literal(str(Decimal(str(v)) + step * (i + 1)), datatype=(o.datatype if o else
                           ox.NamedNode(XSD + "integer"))) for i, o in enumerate(old or [None])]
    return values


MUTATIONS = {
    "minCount": lambda quads, f, path, v, prop: _set(quads, f, path, lambda e, old: []),
    "maxCount": lambda quads, f, path, v, prop: _more_than(quads, f, path, int(v), prop),
    "class": lambda quads, f, path, v, prop: _set(quads, f, path, lambda e, old: [
        ox.NamedNode(f"urn:untyped:{i}") for i in range(max(1, len(old)))]),
    "datatype": lambda quads, f, path, v, prop: _set(quads, f, path, _wrong_datatype(str(v))),
    "minInclusive": lambda quads, f, path, v, prop: _set(quads, f, path, _bound(v, -1)),
    "maxInclusive": lambda quads, f, path, v, prop: _set(quads, f, path, _bound(v, +1)),
    "pattern": lambda quads, f, path, v, prop: _set(quads, f, path, lambda e, old: [
        ox.Literal(f"no match {i}") for i in range(max(1, len(old)))]),
    "or": lambda quads, f, paths, v, prop: [q for q in quads if not (q.subject == f and [q.predicate] in paths)],
}


def _span_reversed(quads: list[ox.Quad], focus) -> list[ox.Quad]:
    """The evidence's start offset one past its end."""
    selector = _reach(quads, {focus}, [ox.NamedNode(OA + "hasTarget"), ox.NamedNode(OA + "hasSelector")])
    end = next(q.object for q in quads if q.subject in selector and q.predicate.value == OA + "end")
    return _set(quads, focus, [ox.NamedNode(OA + x) for x in ("hasTarget", "hasSelector", "start")],
                lambda e, old: [ox.Literal(str(int(end.value) + 1), datatype=end.datatype)])


SPARQL = {"evidence ends before it starts": _span_reversed}


def _instances(quads: list[ox.Quad], targets: list[str]) -> list:
    """Nodes of the article typed with one of `targets` or a subclass."""
    below = {}
    for s, p, o in support_triples():
        if p == rdflib.RDFS.subClassOf:
            below.setdefault(str(o), set()).add(str(s))
    classes, todo = set(targets), list(targets)
    while todo:
        for c in below.get(todo.pop(), ()):
            if c not in classes:
                classes.add(c)
                todo.append(c)
    return sorted({q.subject for q in quads if q.predicate == RDF_TYPE and q.object.value in classes},
                  key=str)


_SUPPORT = [ox.Quad(ox.NamedNode(str(s)), ox.NamedNode(str(p)), ox.NamedNode(str(o)), ox.DefaultGraph())
            for s, p, o in support_triples()]
CASES = _constraints()


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0].split('#')[-1]}-{i}-{c[3]}" for i, c in enumerate(CASES)])
def test_breaking_each_constraint_is_flagged_and_pyshacl_reports_it(pool, case):
    shape, targets, path, kind, value, prop = case
    # a different article for each constraint, among those where the shape has a focus
    candidates = [(q, f) for q in pool for f in _instances(q, targets)[:1]]
    assert candidates, f"no article of the pool has a node {shape} checks"
    quads, focus = candidates[CASES.index(case) % len(candidates)]
    broken = SPARQL[value](quads, focus) if kind == "sparql" else MUTATIONS[kind](quads, focus, path, value, prop)
    report = validate_quads(broken)
    where = "" if kind in ("or", "sparql") else "/".join(p.value for p in path)
    # the broken constraint, and nothing beyond its focus node (a missing
    # first step also empties the paths through it; an evidence's end below
    # zero also ends before its start)
    assert (focus.value, where) in {(v.focus, v.path) for v in report}, report
    assert {v.focus for v in report} == {focus.value}, report
    # so the load hands it to pyshacl: its answer is pyshacl's
    assert not fast_ok(broken, compiled_shapes())
