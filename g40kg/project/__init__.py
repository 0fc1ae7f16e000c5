"""The project's inputs and the one store built from them.

Paths, reading Turtle and texts, the input checks and their limits, the vocabulary check,
namespaces and prefixes, the store and what is kept of it between commands. Every other
package uses this one; it uses none of them."""
