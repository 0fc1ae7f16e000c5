"""The pages of the report site about people and organisations, and their two list pages.

Why a page per actor: an analyst who meets a name wants everything the graph says about it in
one place, in time order, each fact with the sentence it comes from and a link to that
sentence in its source text and to the other people and bodies involved.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.namespace import DCTERMS, FOAF, ORG, SDO, SKOS
from rdflib.term import Node

from g40kg.project.namespaces import G40, TOOIONT
from g40kg.site import cells as cells
from g40kg.site.facts import Evidence, Fact
from g40kg.site.html import definition_list, esc, page, table
from g40kg.site.sitemap import SiteMap
from g40kg.site.timelines import label_of, terms, timeline

MEMBERSHIPS = ("mandate", "affiliation")
NONE = '<p class="note">None recorded.</p>\n'


class RowIds:
    """Anchor ids already used on one page: a fact listed twice gets its id only once."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, anchor: str) -> str:
        if anchor in self.used:
            return ""
        self.used.add(anchor)
        return anchor


def _texts(site: SiteMap, node: Node, prop: Node) -> str:
    values = sorted({str(v) for v in site.catalogue.graph.objects(node, prop)})
    return esc("; ".join(values))


def _links(site: SiteMap, path: str, nodes: Iterable[Node]) -> str:
    catalogue = site.catalogue
    ordered = sorted(set(nodes), key=lambda n: (catalogue.label(n).casefold(), str(n)))
    return ", ".join(site.link(path, n) for n in ordered)


def _mentions(site: SiteMap, path: str, node: Node) -> str:
    found: list[Evidence] = site.catalogue.mentions.get(node, [])
    if not found:
        return NONE
    return cells.evidence(site, path, found)


def _fact_rows(
    site: SiteMap, path: str, facts: list[Fact], ids: RowIds, columns: str
) -> list[tuple[str, list[str]]]:
    """Rows for facts; columns says which side to show: 'target' (where) or 'subject' (who)."""
    rows = []
    for fact in facts:
        other = fact.target if columns == "target" else fact.subject
        when = cells.observed(fact) if fact.kind in MEMBERSHIPS else cells.when(fact)
        cells_html = [when, cells.role(fact), site.link(path, other)]
        if fact.kind in MEMBERSHIPS:
            cells_html.append(esc(fact.kind))
        cells_html += [esc(fact.basis), cells.quotes_and_notes(site, path, fact)]
        rows.append((ids.take(site.fact_anchor(fact)), cells_html))
    return rows


def _fact_table(
    site: SiteMap, path: str, facts: list[Fact], ids: RowIds, columns: str, where: str
) -> str:
    if not facts:
        return NONE
    headers = ["When", "Role", where]
    if facts[0].kind in MEMBERSHIPS:
        headers.append("Kind")
    headers += ["Basis", "Source and quote"]
    return table(headers, _fact_rows(site, path, facts, ids, columns))


def _anchor(site: SiteMap, facts: list[Fact]) -> object:
    """The href of a fact's row on this page (a timeline bar links to its evidence)."""
    on_page = {f.node: f for f in facts}
    return lambda node: "#" + site.fact_anchor(on_page[node]) if node in on_page else None


def _person_terms(site: SiteMap, person: Node, facts: list[Fact]) -> str:
    graph = site.catalogue.graph
    items = terms(graph, holder=person)

    def label(t: object) -> str:
        return f"{t.role}, {label_of(graph, t.body)}"  # type: ignore[attr-defined]

    caption = f"Terms of office of {site.catalogue.label(person)}"
    return timeline(graph, items, label, _anchor(site, facts), "tl-person", caption)


def _body_terms(site: SiteMap, body_node: Node, facts: list[Fact]) -> str:
    graph = site.catalogue.graph
    items = terms(graph, body=body_node)

    def label(t: object) -> str:
        return f"{label_of(graph, t.holder)}, {t.role}"  # type: ignore[attr-defined]

    name = site.catalogue.label(body_node)
    html = ""
    chairs = [t for t in items if t.role == "voorzitter"]
    if chairs:
        html += "<h2>Chairs over time</h2>\n"
        html += timeline(
            graph, chairs, label, _anchor(site, facts), "tl-chairs", f"Chairs of {name}"
        )
    if items:
        html += "<h2>Terms of office over time</h2>\n"
        html += timeline(graph, items, label, _anchor(site, facts), "tl-body", f"Terms in {name}")
    return html


def person_page(site: SiteMap, person: Node) -> tuple[str, str]:
    """(path, HTML) of one person's page."""
    catalogue = site.catalogue
    path = site.page_of(person) or ""
    ids = RowIds()
    mandates = catalogue.facts_where("subject", person, MEMBERSHIPS)
    parts = catalogue.facts_where("subject", person, ("participation",))
    bodies = {f.target for f in mandates}
    peers = {
        f.subject
        for f in catalogue.facts
        if f.kind in MEMBERSHIPS
        and f.target in bodies
        and f.subject != person
        and catalogue.reader.kind(f.subject) == "person"
    }
    body = definition_list(
        [
            ("IRI", f"<code>{esc(person)}</code>"),
            ("type", "person"),
            ("full name", _texts(site, person, FOAF.name)),
            ("also written", _texts(site, person, SKOS.altLabel)),
        ]
    )
    body += "<h2>Terms of office</h2>\n" + _person_terms(site, person, mandates)
    body += "<h2>Mandates and affiliations: what each source says</h2>\n"
    body += _fact_table(site, path, mandates, ids, "target", "Organisation")
    body += "<h2>Participations in events and programmes</h2>\n"
    body += _fact_table(site, path, parts, ids, "target", "Event or programme")
    body += "<h2>Mentions</h2>\n" + _mentions(site, path, person)
    body += "<h2>Shares a body with</h2>\n"
    body += f"<p>{_links(site, path, peers)}</p>\n" if peers else NONE
    return path, page(path, catalogue.label(person), body)


def _activities_by(site: SiteMap, node: Node, prop: Node, kind: str) -> list[Fact]:
    graph = site.catalogue.graph
    facts = site.catalogue.events if kind == "event" else site.catalogue.programmes
    return [f for f in facts if (f.node, prop, node) in graph]


def _activity_list(site: SiteMap, path: str, facts: list[Fact]) -> str:
    if not facts:
        return NONE
    items = "".join(f"<li>{site.link(path, f.node)} ({cells.when(f)})</li>\n" for f in facts)
    return f"<ul>\n{items}</ul>\n"


def _name_history(site: SiteMap, node: Node) -> str:
    graph = site.catalogue.graph
    rows = []
    for entry in graph.objects(node, G40.nameHistory):
        since = graph.value(entry, G40.nameValidFrom)
        until = graph.value(entry, G40.nameValidUntil)
        short = _texts(site, entry, SKOS.altLabel)
        rows.append((str(since or ""), site.catalogue.label(entry), short, str(until or "")))
    if not rows:
        return ""
    rows.sort()
    body = [("", [esc(r[1]), r[2], esc(r[0]), esc(r[3])]) for r in rows]
    return "<h2>Names over time</h2>\n" + table(["Name", "Short", "From", "Until"], body)


def organisation_page(site: SiteMap, body_node: Node) -> tuple[str, str]:
    """(path, HTML) of one organisation's page (a body, municipality or ministry)."""
    catalogue = site.catalogue
    graph = catalogue.graph
    path = site.page_of(body_node) or ""
    ids = RowIds()
    themes = sorted(catalogue.label(t) for t in graph.objects(body_node, DCTERMS.subject))
    body = definition_list(
        [
            ("IRI", f"<code>{esc(body_node)}</code>"),
            ("type", esc(catalogue.reader.subtype(body_node))),
            ("also called", _texts(site, body_node, SKOS.altLabel)),
            ("official name", _texts(site, body_node, TOOIONT.officieleNaamInclSoort)),
            ("CBS code", _texts(site, body_node, TOOIONT.gemeentecode)),
            ("part of", _links(site, path, graph.objects(body_node, ORG.unitOf))),
            ("units", _links(site, path, graph.subjects(ORG.unitOf, body_node))),
            ("themes", esc(", ".join(themes))),
            ("recorded from", cells.evidence(site, path, catalogue.evidence(body_node))),
        ]
    )
    members = catalogue.facts_where("target", body_node, MEMBERSHIPS)
    own = catalogue.facts_where("subject", body_node, MEMBERSHIPS)
    parts = catalogue.facts_where("subject", body_node, ("participation",))
    body += _body_terms(site, body_node, members)
    body += "<h2>Members: what each source says</h2>\n"
    body += _fact_table(site, path, members, ids, "subject", "Member")
    body += "<h2>Its own memberships</h2>\n"
    body += _fact_table(site, path, own, ids, "target", "Organisation")
    body += "<h2>Participations in events and programmes</h2>\n"
    body += _fact_table(site, path, parts, ids, "target", "Event or programme")
    body += "<h2>Events it organised</h2>\n"
    body += _activity_list(site, path, _activities_by(site, body_node, SDO.organizer, "event"))
    body += "<h2>Programmes it wrote</h2>\n"
    body += _activity_list(site, path, _activities_by(site, body_node, SDO.author, "programme"))
    body += _name_history(site, body_node)
    body += "<h2>Mentions</h2>\n" + _mentions(site, path, body_node)
    return path, page(path, catalogue.label(body_node), body)


def people_index(site: SiteMap) -> tuple[str, str]:
    catalogue = site.catalogue
    path = "people/index.html"
    rows = []
    for person in catalogue.people:
        mandates = catalogue.facts_where("subject", person, MEMBERSHIPS)
        bodies = _links(site, path, (f.target for f in mandates))
        rows.append(("", [site.link(path, person), str(len(mandates)), bodies]))
    body = f"<p>{len(catalogue.people)} people named in the sources.</p>\n"
    body += table(["Name", "Mandates and affiliations", "Organisations"], rows)
    return path, page(path, "People", body)


def organisations_index(site: SiteMap) -> tuple[str, str]:
    catalogue = site.catalogue
    path = "organisations/index.html"
    groups: dict[str, list[Node]] = {}
    for node in catalogue.organisations:
        groups.setdefault(catalogue.reader.subtype(node), []).append(node)
    body = f"<p>{len(catalogue.organisations)} organisations, municipalities and ministries.</p>\n"
    for kind in sorted(groups, key=str.casefold):
        rows = []
        for node in groups[kind]:
            members = catalogue.facts_where("target", node, MEMBERSHIPS)
            parents = _links(site, path, catalogue.graph.objects(node, ORG.unitOf))
            rows.append(("", [site.link(path, node), str(len(members)), parents]))
        body += f"<h2>{esc(kind)}</h2>\n" + table(["Name", "Members", "Part of"], rows)
    return path, page(path, "Organisations", body)


def entity_pages(site: SiteMap) -> dict[str, str]:
    """Every person and organisation page and the two list pages, by path."""
    pages = dict(person_page(site, p) for p in site.catalogue.people)
    pages.update(organisation_page(site, o) for o in site.catalogue.organisations)
    pages.update([people_index(site), organisations_index(site)])
    return pages
