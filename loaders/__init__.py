"""Loaders: read articles, extract their facts, map the facts to RDF.

Data flows loaders -> graph -> api; nothing here imports graph/ or api/.
"""
