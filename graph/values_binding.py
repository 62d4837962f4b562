"""graph/remote.py's names for the binder, until it imports graph/sparql_query.py itself."""
from .sparql_query import bind_values, query_form  # noqa: F401
