"""Querying: the named-query library, parameter binding, backends (the embedded store, a
SPARQL endpoint), result formats, the servers tests and `serve` start, and publish."""
