"""Validation: the SHACL shapes checked on the project's store, findings a person can act on.

The default engine compiles the shapes to SPARQL on the store; pyshacl is the reference."""
