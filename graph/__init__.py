"""The graph: the RDF store, loading articles into it, and the queries over it.

graph/ knows nothing of HTTP or the command line; api/ builds on it.
"""
