"""The outside of partygraph: the command line and the HTTP server."""
