"""The partygraph ontology and vocabulary (Turtle files) and their namespaces."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY_TTL = HERE / "partygraph.ttl"
VOCABULARY_TTL = HERE / "vocabulary.ttl"
SHAPES_TTL = HERE / "shapes.ttl"

# Every IRI partygraph mints, and the name of every graph it writes, starts here.
BASE = "https://w3id.org/partygraph/"
PG = "https://w3id.org/partygraph/ontology#"
PGV = "https://w3id.org/partygraph/vocab/"
ID = "https://w3id.org/partygraph/id/"
ARTICLE = "https://w3id.org/partygraph/article/"
# Shared descriptions of entities (types, labels, keys): one graph, so that a
# label is stored once however many articles name the entity.
ENTITIES_GRAPH = "https://w3id.org/partygraph/graph/entities"
# The ontology and the SKOS vocabulary, loaded into the store for SPARQL.
VOCABULARY_GRAPH = "https://w3id.org/partygraph/graph/vocabulary"

# Well-known namespaces the ontology aligns with.
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES = {
    "pg": PG, "pgv": PGV, "pgid": ID, "art": ARTICLE, "rdf": RDF, "rdfs": RDFS,
    "xsd": XSD, "skos": SKOS, "prov": PROV, "oa": OA, "org": ORG, "dct": DCT, "owl": OWL,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries built in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
