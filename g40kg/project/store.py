"""The project's pyoxigraph store, and a cache folder per content of the inputs.

Why: every `g40kg query` used to parse all Turtle with rdflib, check it and build the graph
again (and rdflib itself takes half a second to import). Now pyoxigraph parses the inputs
into an in-memory store (a few milliseconds for the corpus, about 3 s for a million triples),
each input file its own named graph (`urn:g40kg:file:<path>`, so one file can be replaced:
g40kg.shacl.incremental). What is expensive is kept under
`.g40kg-cache/<sha256 of every input file's path and content>/`: the verdict of the input
checks (`ready`: the loader's refusals, made by g40kg.project.input_checks without rdflib), the
validation findings, and the query guard's verdicts. Any edit to ontology/, data/ or a text
gives a new key. This module imports pyoxigraph only: rdflib and pyshacl stay unloaded.

Why not pyoxigraph's on-disk store, which would spare the parse: measured at a million
triples (benchmarks/run.py), RocksDB answered the named queries 4-30 times slower than the
in-memory store, and took 8 s to build (in memory: under 3 s). Re-validation, which touches
little of the graph, does use a kept on-disk copy at scale (g40kg.shacl.kept_store).

    python -m g40kg.project.cache query vng-committees     # the cached path, timed by benchmarks/
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from g40kg.project.input_limits import term_too_large
from g40kg.project.texts import is_bare_name, mask_emails
from g40kg.project.turtle_checks import RELATIVE_BASE  # the loader's base: the same IRIs result

G40 = "https://w3id.org/g40kg/def#"
CNT_CHARS = NamedNode("http://www.w3.org/2011/content#chars")
TEXT_FILE = NamedNode(G40 + "textFile")
COMPUTED = NamedNode(G40 + "computedSha256")
# An on-disk store takes each Turtle file with bulk_load: store.load writes it as one
# transaction held in memory (a 100 MB file: 330 s and 4.3 GB, bulk_load: 42 s and 1.7 GB;
# 1M triples in 246 files: 78 s, bulk_load: 12 s).
# pyoxigraph's MemoryError for a single term over its 16 MiB buffer (not a real lack of memory).
BUFFER_FULL = "buffer maximal size"


def graph_of(rel: str) -> NamedNode:
    """The named graph holding the triples of one input file (path relative to the root)."""
    return NamedNode("urn:g40kg:file:" + rel)


def input_files(root: Path) -> list[Path]:
    """Every file the graph is built from: ontology and data Turtle, the source texts."""
    onto = sorted((root / "ontology").rglob("*.ttl"))
    data = sorted((root / "data").rglob("*.ttl"))
    texts = sorted((root / "data" / "texts").glob("*.txt"))
    return onto + data + texts


def is_shapes(root: Path, path: Path) -> bool:
    return path.parent == root / "ontology" and path.name.startswith("shapes")


def load_turtle(
    store: Store, root: Path, path: Path, *, bulk: bool = False, graph: NamedNode | None = None
) -> None:
    """Put one Turtle file's triples into its named graph (bulk: the on-disk bulk loader).

    graph: the graph to load into when path is not the input file itself (an earlier version
    of it kept by g40kg.shacl.incremental)."""
    graph = graph or graph_of(str(path.relative_to(root)))
    load = store.bulk_load if bulk else store.load
    try:
        load(path=str(path), format=RdfFormat.TURTLE, base_iri=RELATIVE_BASE, to_graph=graph)
    except MemoryError as exc:  # pyoxigraph refuses a single term over 16 MiB
        if BUFFER_FULL not in str(exc):
            raise
        raise term_too_large(path) from exc


def text_sources(store: Store) -> dict[str, list[object]]:
    """g40:textFile value -> the sources naming it (each once, in store order)."""
    found: dict[str, dict[object, None]] = {}
    for quad in store.quads_for_pattern(None, TEXT_FILE, None):
        found.setdefault(term_text(quad.object), {})[quad.subject] = None
    return {name: list(sources) for name, sources in found.items()}


def load_texts(store: Store, root: Path) -> None:
    """Each source's text (e-mail local parts masked) and its sha256, in the text's graph.

    A name that is not a text in data/texts/ is skipped here (g40kg.project.input_checks refuses it
    before a store is kept)."""
    texts = root / "data" / "texts"
    quads = []
    for name, sources in sorted(text_sources(store).items()):
        path = texts / name
        if not is_bare_name(name) or not path.is_file():
            continue
        raw = path.read_bytes()
        chars = Literal(mask_emails(raw.decode("utf-8", errors="replace")))
        digest = Literal(hashlib.sha256(raw).hexdigest())
        graph = graph_of(str(path.relative_to(root)))
        for source in sources:
            quads += [Quad(source, CNT_CHARS, chars, graph), Quad(source, COMPUTED, digest, graph)]
    store.extend(quads)  # one transaction: on disk, one per text took seconds at 1M triples


def data_turtle(root: Path) -> list[Path]:
    """The Turtle files of the data graph, in the loader's order (shapes are not data)."""
    return [p for p in input_files(root) if p.suffix == ".ttl" and not is_shapes(root, p)]


def file_order(root: Path) -> dict[str, int]:
    """Named graph -> position of its file in the loader's order (ontology, then data)."""
    return {graph_of(str(p.relative_to(root))).value: i for i, p in enumerate(data_turtle(root))}


def first_file(store: Store, order: dict[str, int], node: object) -> str | None:
    """The first file (loader order) with node as a subject, as g40kg.project.rdflib_loader records
    origin."""
    if not isinstance(node, NamedNode):
        return None
    graphs = {q.graph_name.value for q in store.quads_for_pattern(node, None, None)}
    known = sorted((order[g], g) for g in graphs if g in order)
    return known[0][1].removeprefix("urn:g40kg:file:") if known else None


def load_turtle_files(store: Store, root: Path, *, on_disk: bool) -> None:
    for file in data_turtle(root):
        load_turtle(store, root, file, bulk=on_disk)


def build_store(root: Path, path: Path | None = None) -> Store:
    """A store of the project's data graph (ontology without shapes, data, texts), unchecked."""
    store = Store(str(path)) if path else Store()
    load_turtle_files(store, root, on_disk=path is not None)
    load_texts(store, root)  # after the Turtle: texts need their g40:textFile triples
    store.flush()
    return store


def shapes_texts(root: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((root / "ontology").glob("shapes*.ttl"))]


def term_text(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))
