"""The project's pyoxigraph store: every input file in a named graph of its own, texts attached.

Why pyoxigraph in memory: it parses the corpus in milliseconds and a million triples in about
3 s, where rdflib needs a minute and 2 GB; its on-disk store (RocksDB) answered the named
queries 4-30 times slower (benchmarks/run.py). Each Turtle file is its own named graph
(`urn:g40kg:file:<percent-encoded path>`), so a finding or a refusal can name the file that
declares a node. The store is built from the bytes of g40kg.project.inputs, never from a second
read of the files. This module imports pyoxigraph only: rdflib and pyshacl stay unloaded.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote, unquote

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from g40kg.project.input_limits import term_too_large
from g40kg.project.inputs import InputFile, Inputs
from g40kg.project.texts import is_bare_name, mask_emails
from g40kg.project.turtle_checks import RELATIVE_BASE  # any relative IRI resolves against it

G40 = "https://w3id.org/g40kg/def#"
CNT_CHARS = NamedNode("http://www.w3.org/2011/content#chars")
TEXT_FILE = NamedNode(G40 + "textFile")
COMPUTED = NamedNode(G40 + "computedSha256")
FILE_GRAPH = "urn:g40kg:file:"
# pyoxigraph's MemoryError for a single term over its 16 MiB buffer (not a real lack of memory).
BUFFER_FULL = "buffer maximal size"


def graph_of(rel: str) -> NamedNode:
    """The named graph of one input file (its path relative to the root, percent-encoded so
    that any file name makes a valid IRI)."""
    return NamedNode(FILE_GRAPH + quote(rel.encode("utf-8", "surrogateescape"), safe="/"))


def file_of_graph(graph: str) -> str:
    """The relative path of the file whose named graph is graph (an IRI string)."""
    return unquote(graph.removeprefix(FILE_GRAPH), errors="surrogateescape")


def load_turtle(store: Store, one: InputFile) -> None:
    """Put one Turtle file's triples into its named graph."""
    try:
        store.load(
            input=one.data,
            format=RdfFormat.TURTLE,
            base_iri=RELATIVE_BASE,
            to_graph=graph_of(one.rel),
        )
    except MemoryError as exc:  # pyoxigraph refuses a single term over 16 MiB
        if BUFFER_FULL not in str(exc):
            raise
        raise term_too_large(one.rel) from exc


def load_turtle_files(store: Store, inputs: Inputs) -> None:
    for one in inputs.data_turtle:
        load_turtle(store, one)


def text_sources(store: Store) -> dict[str, list[object]]:
    """g40:textFile value -> the sources naming it (each once, in store order)."""
    found: dict[str, dict[object, None]] = {}
    for quad in store.quads_for_pattern(None, TEXT_FILE, None):
        found.setdefault(term_text(quad.object), {})[quad.subject] = None
    return {name: list(sources) for name, sources in found.items()}


def load_texts(store: Store, inputs: Inputs) -> None:
    """Each source's text (e-mail local parts masked) and its sha256, in the text's graph.

    A name that is not a text in data/texts/ is skipped here (the input checks refuse it)."""
    texts = inputs.texts
    quads = []
    for name, sources in sorted(text_sources(store).items()):
        one = texts.get(name)
        if not is_bare_name(name) or one is None:
            continue
        chars = Literal(mask_emails(one.data.decode("utf-8", errors="replace")))
        digest = Literal(hashlib.sha256(one.data).hexdigest())
        graph = graph_of(one.rel)
        for source in sources:
            quads += [Quad(source, CNT_CHARS, chars, graph), Quad(source, COMPUTED, digest, graph)]
    store.extend(quads)


def build_store(inputs: Inputs) -> Store:
    """A store of the project's data graph (ontology without shapes, data, texts), unchecked."""
    store = Store()
    load_turtle_files(store, inputs)
    load_texts(store, inputs)  # after the Turtle: texts need their g40:textFile triples
    return store


def file_order(inputs: Inputs) -> dict[str, int]:
    """Named graph -> position of its file in the load order (ontology, then data)."""
    return {graph_of(one.rel).value: i for i, one in enumerate(inputs.data_turtle)}


def first_file(store: Store, order: dict[str, int], node: object) -> str | None:
    """The first file (load order) with node as a subject: where a finding points the reader."""
    if not isinstance(node, NamedNode):
        return None
    graphs = {q.graph_name.value for q in store.quads_for_pattern(node, None, None)}
    known = sorted((order[g], g) for g in graphs if g in order)
    return file_of_graph(known[0][1]) if known else None


def shapes_texts(inputs: Inputs) -> list[str]:
    return [one.data.decode("utf-8") for one in inputs.of_role("shapes")]


def term_text(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))
