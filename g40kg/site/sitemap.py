"""Where each node of the graph is shown on the report site, and links to it from any page.

Why decided up front: a person page links to organisations, events and to the marks in the
source texts before those pages are written; one map of node → (page, anchor) lets every page
build correct relative links, and the link checker in the tests holds the map to its word.
"""

from __future__ import annotations

from rdflib.term import Node

from g40kg.project.namespaces import CNT
from g40kg.site.facts import Catalogue, Fact, Placement
from g40kg.site.html import Names, esc, href

RESERVED = frozenset({"index"})


class SiteMap:
    """node → (page path relative to the site root, anchor id or "")."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.places: dict[Node, tuple[str, str]] = {}
        self._named: dict[str, Node] | None = None
        for folder, nodes in (
            ("people", catalogue.people),
            ("organisations", catalogue.organisations),
            ("sources", catalogue.sources),
            ("themes", catalogue.themes),
        ):
            names = Names(reserved=RESERVED)
            names.assign(nodes)
            for node in nodes:
                self.places.setdefault(node, (f"{folder}/{names.name(node)}.html", ""))
        for page, prefix, facts in (
            ("events.html", "e-", catalogue.events),
            ("programmes.html", "p-", catalogue.programmes),
        ):
            names = Names()
            names.assign(f.node for f in facts)
            for fact in facts:
                self.places.setdefault(fact.node, (page, prefix + names.name(fact.node)))
        self._facts = Names()
        self._facts.assign(f.node for f in catalogue.facts)
        self._annotations = Names()
        self._annotations.assign(p.node for p in catalogue.annotations)
        self.placements = {p.node: p for p in catalogue.annotations}
        self.text_length: dict[Node, int] = {}
        for source in catalogue.sources:
            text = catalogue.graph.value(source, CNT.chars)
            if text is not None:
                self.text_length[source] = len(str(text))

    def named(self, text: str) -> Node | None:
        """The one node with a page whose label is text (None if none or several): query
        results give names, and a name that picks out one entity links to its page."""
        if self._named is None:
            found: dict[str, list[Node]] = {}
            for node in self.places:
                found.setdefault(self.catalogue.label(node), []).append(node)
            self._named = {name: nodes[0] for name, nodes in found.items() if len(nodes) == 1}
        return self._named.get(text)

    def page_of(self, node: Node) -> str | None:
        place = self.places.get(node)
        return place[0] if place else None

    def link(self, from_page: str, node: Node, text: str | None = None) -> str:
        """A link to node's page or anchor, or its label as plain text if it has none."""
        label = self.catalogue.label(node) if text is None else text
        place = self.places.get(node)
        if place is None:
            return esc(label)
        return f'<a href="{esc(href(from_page, *place))}">{esc(label)}</a>'

    def fact_anchor(self, fact: Fact) -> str:
        if fact.kind in ("event", "programme"):
            return self.places[fact.node][1]
        return "fact-" + self._facts.name(fact.node)

    def fact_home(self, fact: Fact) -> tuple[str, str] | None:
        """The page (and row) that shows the fact first: its member's or agent's page."""
        if fact.kind in ("event", "programme"):
            return self.places.get(fact.node)
        page = self.page_of(fact.subject)
        return (page, self.fact_anchor(fact)) if page else None

    def annotation_anchor(self, annotation: Node) -> str:
        return "ann-" + self._annotations.name(annotation)

    def mark_anchor(self, annotation: Node) -> str:
        return "q-" + self._annotations.name(annotation)

    def placed(self, placement: Placement) -> bool:
        """Whether the annotation has a mark in its source's text on the source page."""
        length = self.text_length.get(placement.source) if placement.source is not None else None
        start, end = placement.start, placement.end
        return (
            length is not None
            and start is not None
            and end is not None
            and (0 <= start < end <= length)
        )

    def quote_place(self, annotation: Node) -> tuple[str, str] | None:
        """Where a quote is shown: its mark in the text, else its entry below the text."""
        placement = self.placements.get(annotation)
        if placement is None or placement.source is None:
            return None
        page = self.page_of(placement.source)
        if page is None:
            return None
        if self.placed(placement):
            return page, self.mark_anchor(annotation)
        return page, self.annotation_anchor(annotation)
