"""Competency questions: what a careful reader of the five texts answers, asked of the graph.

Each test states the question, the answer a reader gives from the texts, and asks the graph in
SPARQL. The answers are written out here from the texts, not read back from the graph.
"""

from __future__ import annotations

import pytest
from expected_queries import REPO, corpus_copy
from rdflib import Graph

from g40kg.project.load import rdflib_data

PREFIXES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX g40: <https://w3id.org/g40kg/def#>
PREFIX tooiont: <https://identifier.overheid.nl/tooi/def/ont/>
PREFIX body: <https://w3id.org/g40kg/id/org/>
PREFIX person: <https://w3id.org/g40kg/id/person/>
PREFIX role: <https://w3id.org/g40kg/id/role/>
PREFIX basis: <https://w3id.org/g40kg/id/basis/>
PREFIX gm: <https://identifier.overheid.nl/tooi/id/gemeente/>
PREFIX mnre: <https://identifier.overheid.nl/tooi/id/ministerie/>
PREFIX prog: <https://w3id.org/g40kg/id/programme/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The five corpus texts only: a source a user adds does not change these answers."""
    return rdflib_data(corpus_copy(REPO, tmp_path_factory.mktemp("corpus")))


def rows(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in graph.query(PREFIXES + query)}


def names(graph: Graph, query: str) -> set[str]:
    return {row[0] for row in rows(graph, query)}


def holders(graph: Graph, organisation: str, role: str) -> set[str]:
    """Labels of who holds role in organisation, in any source."""
    return names(
        graph,
        f"""SELECT ?name WHERE {{
            ?m a org:Membership ; org:organization {organisation} ; org:role {role} ;
               org:member/rdfs:label ?name .
        }}""",
    )


def test_who_sits_on_vng_committee_ekem_in_2024(graph: Graph) -> None:
    # Jaarverslag 2024: "Yvonne Salvino en Frank den Brok zijn actief in de VNG commissie EKEM."
    assert holders(graph, "body:vng-commissie-ekem", "role:lid") == {
        "Yvonne Salvino",
        "Frank den Brok",
    }


def test_who_sits_on_vng_committee_psi(graph: Graph) -> None:
    # "Carine Bloemhoff en Raymond Wanders zijn actief in de VNG commissie PSI."
    assert holders(graph, "body:vng-commissie-psi", "role:lid") == {
        "Carine Bloemhoff",
        "Raymond Wanders",
    }


def test_who_joined_vng_committee_rwm_and_when(graph: Graph) -> None:
    # "Eind dit jaar trad Maarten Burggraaf toe tot de VNG commissie RWM." (this year = 2024)
    assert rows(
        graph,
        """SELECT ?name ?start WHERE {
            ?m org:organization body:vng-commissie-rwm ; org:member/rdfs:label ?name ;
               g40:startDate ?start .
        }""",
    ) == {("Maarten Burggraaf", "2024")}


def test_vng_committee_memberships_all_carry_their_quote(graph: Graph) -> None:
    # Five committee memberships in the corpus, each with the sentence that states it.
    found = rows(
        graph,
        """SELECT ?name ?committee ?quote WHERE {
            ?m a org:Membership ; org:member/rdfs:label ?name ;
               org:organization ?c ; prov:wasDerivedFrom ?a .
            ?c org:unitOf body:vng ; rdfs:label ?committee .
            ?a oa:hasTarget/oa:hasSelector/oa:exact ?quote .
        }""",
    )
    assert {(n, c) for n, c, _ in found} == {
        ("Carine Bloemhoff", "VNG-commissie Participatie, Schuldhulpverlening en Integratie"),
        ("Raymond Wanders", "VNG-commissie Participatie, Schuldhulpverlening en Integratie"),
        ("Yvonne Salvino", "VNG-commissie Economie, Klimaat, Energie en Milieu"),
        ("Frank den Brok", "VNG-commissie Economie, Klimaat, Energie en Milieu"),
        ("Maarten Burggraaf", "VNG-commissie Ruimte, Wonen en Mobiliteit"),
    }
    for name, _committee, quote in found:
        assert name in quote


def test_who_led_the_theme_group_on_city_centres_in_2022(graph: Graph) -> None:
    # Almere: "Vitale binnensteden en werklocaties, met als trekker vicevoorzitter Adam Elzakalai"
    assert holders(
        graph, "body:themagroep-vitale-binnensteden-en-werklocaties", "role:trekker"
    ) == {"Adam Elzakalai"}


def test_who_leads_the_theme_group_on_sme_and_economic_renewal(graph: Graph) -> None:
    # Almere: "MKB en economische vernieuwing, met als trekker Yvonne Salvino (Sittard-Geleen)"
    assert holders(graph, "body:themagroep-mkb-en-economische-vernieuwing", "role:trekker") == {
        "Yvonne Salvino"
    }


def test_who_leads_the_theme_group_sterke_keten(graph: Graph) -> None:
    # Almere names the two people ("gaan door als trekker"); the 2024 report names only where
    # its trekkers come from ("de trekkers uit Groningen en Emmen"): unnamed people are not their
    # municipality, so those two are a reading (implied), not stated.
    assert rows(
        graph,
        """SELECT ?name ?basis WHERE {
            ?m org:organization body:themagroep-sterke-keten ; org:role role:trekker ;
               org:member/rdfs:label ?name ; g40:basis ?b .
            BIND(STRAFTER(STR(?b), "/basis/") AS ?basis)
        }""",
    ) == {
        ("Carine Bloemhoff", "stated"),
        ("Raymond Wanders", "stated"),
        ("Groningen", "implied-context"),
        ("Emmen", "implied-context"),
    }


def test_who_chaired_the_pillar_in_2021_and_who_before(graph: Graph) -> None:
    # Oogst 2021: "Pieter Meekels, voorzitter van de pijler"; "Willemien Vreugdenhil, eerder
    # pijlervoorzitter". Almere 2022: "Frank den Brok (Oss) was al eerder gekozen als voorzitter."
    chairs = rows(
        graph,
        """SELECT ?name (COALESCE(STR(?date), "") AS ?observed) (COALESCE(STR(?end), "") AS ?until)
                  (COALESCE(STR(?bound), "") AS ?notAfter)
        WHERE {
            ?m org:organization body:g40-pijler-economie-en-werk ; org:role role:voorzitter ;
               org:member/rdfs:label ?name .
            OPTIONAL { ?m g40:date ?date }
            OPTIONAL { ?m g40:endDate ?end }
            OPTIONAL { ?m g40:endNotAfter ?bound }
        }""",
    )
    assert {row[0] for row in chairs} == {
        "Pieter Meekels",
        "Willemien Vreugdenhil",
        "Frank den Brok",
    }
    assert ("Pieter Meekels", "2021", "", "") in chairs
    # "eerder" bounds the end: her chair is over by 2021 at the latest; neither its end nor
    # its start is given.
    assert ("Willemien Vreugdenhil", "", "", "2021") in chairs


def test_who_was_vice_chair_and_secretary_of_the_pillar(graph: Graph) -> None:
    pillar = "body:g40-pijler-economie-en-werk"
    assert holders(graph, pillar, "role:vicevoorzitter") == {"Adam Elzakalai"}
    assert holders(graph, pillar, "role:secretaris") == {"Tjeerd Leistra"}


def test_where_was_the_network_day_of_january_2024_and_who_spoke(graph: Graph) -> None:
    # "De bestuurlijke netwerkdag in januari in Gouda ... In onze pijler sprak Otto Raspe"
    assert rows(
        graph,
        """SELECT ?place ?speaker WHERE {
            ?day a g40:NetworkDay ; g40:date "2024-01"^^xsd:gYearMonth ;
                 schema:location/rdfs:label ?place .
            ?event schema:superEvent* ?day .
            ?p a g40:Participation ; g40:activity ?event ; org:role role:spreker ;
               g40:agent/rdfs:label ?speaker .
        }""",
    ) == {("Gouda", "Otto Raspe")}


def test_where_was_the_network_day_of_may_2024_and_who_spoke(graph: Graph) -> None:
    # "De bestuurlijke netwerkdag in mei in Zaandam ... In onze pijler sprak Cees Jan Pen"
    assert rows(
        graph,
        """SELECT ?place ?municipality ?speaker WHERE {
            ?day a g40:NetworkDay ; g40:date "2024-05"^^xsd:gYearMonth ;
                 schema:location ?p .
            ?p rdfs:label ?place ; schema:containedInPlace/rdfs:label ?municipality .
            ?event schema:superEvent* ?day .
            ?x a g40:Participation ; g40:activity ?event ; org:role role:spreker ;
               g40:agent/rdfs:label ?speaker .
        }""",
    ) == {("Zaandam", "Zaanstad", "Cees Jan Pen")}


def test_which_organisations_take_part_in_the_regional_sme_pilot(graph: Graph) -> None:
    # "Yvonne Salvino was met Denis Cromptvoets initiatiefnemer van de pilots, dit jaar zijn de
    # landelijke stakeholders (o.a. VNG, RVO, KvK, MKB NL) goed aangehaakt."
    found = rows(
        graph,
        """SELECT ?name ?role WHERE {
            ?prog rdfs:label ?label .
            FILTER (CONTAINS(LCASE(?label), "pilot regionale mkb"))
            ?p a g40:Participation ; g40:activity ?prog ; g40:agent/rdfs:label ?name ;
               org:role/skos:prefLabel ?role .
            FILTER (LANG(?role) = "nl")
        }""",
    )
    assert found == {
        ("Yvonne Salvino", "initiatiefnemer"),
        ("Denis Crompvoets", "initiatiefnemer"),
        ("Vereniging van Nederlandse Gemeenten", "partner"),
        ("Rijksdienst voor Ondernemend Nederland", "partner"),
        ("Kamer van Koophandel", "partner"),
        ("MKB-Nederland", "partner"),
    }


def test_spelling_variants_of_crompvoets_are_one_person(graph: Graph) -> None:
    assert rows(
        graph,
        """SELECT ?label ?alt WHERE {
            ?p a foaf:Person ; skos:altLabel "Denis Cromptvoets" ; rdfs:label ?label ;
               skos:altLabel ?alt .
        }""",
    ) == {("Denis Crompvoets", "Denis Cromptvoets")}


def test_affiliations_and_their_evidence(graph: Graph) -> None:
    # A city in brackets after a name, or an e-mail domain: which, is recorded.
    found = rows(
        graph,
        """SELECT ?name ?org ?basis WHERE {
            ?a a g40:Affiliation ; org:member ?p ; org:organization/rdfs:label ?org ;
               g40:basis ?b .
            ?p a foaf:Person ; rdfs:label ?name .
            BIND (STRAFTER(STR(?b), "basis/") AS ?basis)
            FILTER (?name IN ("Yvonne Salvino", "Denis Crompvoets", "Tjeerd Leistra",
                              "Wim Ravenshorst", "Frank den Brok", "Cathalijne Dortmans"))
        }""",
    )
    assert found == {
        ("Yvonne Salvino", "Sittard-Geleen", "implied-bracket"),
        ("Denis Crompvoets", "Sittard-Geleen", "implied-email-domain"),
        ("Tjeerd Leistra", "Vereniging van Nederlandse Gemeenten", "implied-email-domain"),
        ("Wim Ravenshorst", "Groningen", "implied-email-domain"),
        ("Frank den Brok", "Oss", "implied-bracket"),
        ("Cathalijne Dortmans", "Helmond", "implied-bracket"),
    }


def test_no_email_address_is_stored(graph: Graph) -> None:
    assert not graph.query(
        PREFIXES
        + """ASK { ?s ?p ?o . FILTER (isLiteral(?o) &&
                 REGEX(STR(?o), "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z]")) }"""
    ).askAnswer


def test_name_of_the_ministry_of_ez_k_on_a_date(graph: Graph) -> None:
    def name_on(date: str) -> set[str]:
        return names(
            graph,
            f"""SELECT ?name WHERE {{
                mnre:mnre1045 g40:nameHistory ?h .
                ?h rdfs:label ?name ; g40:nameValidFrom ?from .
                OPTIONAL {{ ?h g40:nameValidUntil ?until }}
                FILTER (STR(?from) <= "{date}" && (!BOUND(?until) || STR(?until) >= "{date}"))
            }}""",
        )

    assert name_on("2023-05-01") == {"ministerie van Economische Zaken en Klimaat"}
    assert name_on("2025-01-01") == {"ministerie van Economische Zaken"}
    assert name_on("2026-03-01") == {"ministerie van Economische Zaken en Klimaat"}


def test_ez_ezk_and_ez_k_are_one_ministry(graph: Graph) -> None:
    assert names(graph, "SELECT ?alt WHERE { mnre:mnre1045 skos:altLabel ?alt }") >= {
        "EZ",
        "EZK",
        "EZ(K)",
    }
    assert names(
        graph,
        """SELECT ?m WHERE { ?m a tooiont:Ministerie ; skos:altLabel ?a .
           FILTER (STR(?a) IN ("EZ", "EZK", "EZ(K)")) }""",
    ) == {"https://identifier.overheid.nl/tooi/id/ministerie/mnre1045"}


def test_who_supports_the_theme_group_sterke_keten(graph: Graph) -> None:
    # "De themagroep werd ondersteund door Jur de Haan en Bureau Zunderdorp."
    assert holders(graph, "body:themagroep-sterke-keten", "role:ondersteuner") == {
        "Jur de Haan",
        "Bureau Zunderdorp",
    }


def test_who_is_programme_manager_of_the_citydeal_impact_ondernemen(graph: Graph) -> None:
    # "Willemien Vreugdenhil, eerder pijlervoorzitter, nu programmamanager van de citydeal"
    assert names(
        graph,
        """SELECT ?name WHERE {
            ?p g40:activity prog:citydeal-impact-ondernemen ; org:role role:programmamanager ;
               g40:agent/rdfs:label ?name .
        }""",
    ) == {"Willemien Vreugdenhil"}


def test_who_works_with_the_kvk_and_rvo_in_the_citydeal_impact_ondernemen(graph: Graph) -> None:
    # "Met regionale netwerken, de Kamer van Koophandel en RVO wordt gewerkt aan ..."
    assert names(
        graph,
        """SELECT ?name WHERE {
            ?p g40:activity prog:citydeal-impact-ondernemen ; org:role role:partner ;
               g40:agent ?o . ?o a/rdfs:subClassOf* org:Organization ; rdfs:label ?name .
        }""",
    ) >= {"Kamer van Koophandel", "Rijksdienst voor Ondernemend Nederland"}


def test_who_is_director_at_the_ministry_of_ezk(graph: Graph) -> None:
    # Haarlem: "Mirjam Visscher, directeur regio en ruimte van het ministerie van EZK"
    assert rows(
        graph,
        """SELECT ?name ?note WHERE {
            ?m org:organization mnre:mnre1045 ; org:role role:directeur ;
               org:member/rdfs:label ?name ; g40:roleNote ?note .
        }""",
    ) == {("Mirjam Visscher", "directeur regio en ruimte")}


def test_minister_schouten_and_her_term(graph: Graph) -> None:
    # Haarlem: "overleg van de centrumgemeenten ... met minister Schouten"; dates from the
    # reference (EveryPolitician), with the reference as their evidence; the end an inference
    # per shared/reference/REFERENCE.md, so a bound (g40:endNotAfter), not an end.
    assert rows(
        graph,
        """SELECT ?name ?start ?bound ?wikidata WHERE {
            ?m org:organization mnre:mnre1073 ; org:role role:minister ;
               org:member ?p ; g40:startDate ?start ; g40:endNotAfter ?bound ;
               g40:dateEvidence ?evidence .
            FILTER NOT EXISTS { ?m g40:endDate ?end }
            FILTER(CONTAINS(?evidence, "REFERENCE.md"))
            ?p rdfs:label ?name ; g40:wikidata ?wikidata .
        }""",
    ) == {("Carola Schouten", "2022-01-10", "2024-07-02", "Q2625041")}


def test_three_bestuurlijke_network_days_in_2024(graph: Graph) -> None:
    # Jaarverslag: "drie bestuurlijke netwerkdagen": January in Gouda, May in Zaandam, and the
    # ones in Sittard-Geleen, which are the one "in september" (one event, one node).
    assert rows(
        graph,
        """SELECT ?label ?date WHERE {
            ?e a g40:NetworkDay ; g40:level g40:Bestuurlijk ; g40:date ?d ; rdfs:label ?label .
            BIND(STR(?d) AS ?date)
            FILTER(STRSTARTS(?date, "2024"))
        }""",
    ) == {
        ("bestuurlijke netwerkdag G40 in Gouda (januari 2024)", "2024-01"),
        ("bestuurlijke netwerkdag G40 in Zaandam (mei 2024)", "2024-05"),
        ("bestuurlijke netwerkdagen G40 in Sittard-Geleen (september 2024)", "2024-09"),
    }
    assert names(
        graph,
        """SELECT ?label WHERE {
            ?m rdfs:label ?l ; schema:superEvent/rdfs:label ?label .
            FILTER(CONTAINS(?l, "asielzoekers"))
        }""",
    ) == {"bestuurlijke netwerkdagen G40 in Sittard-Geleen (september 2024)"}


def test_in_talks_is_not_a_partnership(graph: Graph) -> None:
    # Oogst 2021: the aldermen "zijn in gesprek met landelijke stakeholders ... de ministeries van
    # EZK, OCW en SZW, ... het UWV"; "De themagroep is met BZK in gesprek".
    alliance = """SELECT ?name WHERE {
        ?p g40:activity prog:alliantie-human-capital-2021 ; org:role %s ;
           g40:agent/rdfs:label ?name .
    }"""
    assert names(graph, alliance % "role:partner") == set()
    assert names(graph, alliance % "role:gesprekspartner") == {
        "ministerie van Economische Zaken en Klimaat",
        "ministerie van Onderwijs, Cultuur en Wetenschap",
        "ministerie van Sociale Zaken en Werkgelegenheid",
        "Uitvoeringsinstituut Werknemersverzekeringen",
        "sociale partners",  # "werkgevers- en werknemersorganisaties"
    }
    assert not graph.query(
        PREFIXES
        + """ASK { ?p org:role role:partner ;
                      prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?q .
                   FILTER(CONTAINS(?q, "in gesprek met") || CONTAINS(?q, "met BZK in gesprek")) }"""
    ).askAnswer


def test_aims_of_the_page_economische_pijler_are_not_partnerships(graph: Graph) -> None:
    # "De G40-steden kunnen samen met VNG, ministeries ... een doorbraak realiseren": the VNG is
    # an intended partner of three aims, not a partner.
    assert rows(
        graph,
        """SELECT ?role ?basis WHERE {
            ?p g40:agent body:vng ; org:role/skos:prefLabel ?role ; g40:basis ?b ;
               prov:wasDerivedFrom/oa:hasTarget/oa:hasSelector/oa:exact ?q .
            FILTER(LANG(?role) = "nl" && CONTAINS(?q, "kunnen samen met VNG"))
            BIND(STRAFTER(STR(?b), "/basis/") AS ?basis)
        }""",
    ) == {("beoogd partner", "implied-context")}


def test_who_argued_for_the_expansion_of_the_labour_market_infrastructure(graph: Graph) -> None:
    # Jaarverslag: "De G40 heeft hier consistent voor gepleit", "Het vorige kabinet heeft de
    # randvoorwaarden geschapen" (the Rijk, a reading); Haarlem: "de discussie met het
    # ministerie van SZW over de uitbreiding".
    assert rows(
        graph,
        """SELECT ?name ?role WHERE {
            ?p g40:activity prog:uitbreiding-arbeidsmarktinfrastructuur ;
               org:role/skos:prefLabel ?role ; g40:agent/rdfs:label ?name .
            FILTER(LANG(?role) = "nl")
        }""",
    ) == {
        ("G40-stedennetwerk", "pleitbezorger"),
        ("G40-stedennetwerk", "deelnemer"),
        ("werkgroep Governance (uitbreiding arbeidsmarktinfrastructuur)", "deelnemer"),
        ("werkgroep Dienstverlening (uitbreiding arbeidsmarktinfrastructuur)", "deelnemer"),
        ("ministerie van Sociale Zaken en Werkgelegenheid", "gesprekspartner"),
        ("Rijk", "initiatiefnemer"),
    }


def test_how_often_the_pillar_and_sterke_keten_met_in_2024(graph: Graph) -> None:
    # "Ambtelijk vergaderde de pijler tijdens drie netwerkdagen en drie overleggen in ms-teams";
    # Sterke keten "kwam 6 keer bestuurlijk en 6 keer ambtelijk bij elkaar".
    assert rows(
        graph,
        """SELECT ?label ?level WHERE {
            ?e a g40:Meeting ; g40:date "2024"^^xsd:gYear ; g40:level ?l ; rdfs:label ?label ;
               schema:organizer ?o .
            FILTER(?o IN (body:g40-pijler-economie-en-werk, body:themagroep-sterke-keten))
            BIND(STRAFTER(STR(?l), "#") AS ?level)
        }""",
    ) == {
        (
            "drie ambtelijke vergaderingen van de pijler Economie en Werk tijdens netwerkdagen"
            " (2024)",
            "Ambtelijk",
        ),
        (
            "drie ambtelijke overleggen van de pijler Economie en Werk in MS Teams (2024)",
            "Ambtelijk",
        ),
        ("zes bestuurlijke bijeenkomsten van de themagroep Sterke keten (2024)", "Bestuurlijk"),
        ("zes ambtelijke bijeenkomsten van de themagroep Sterke keten (2024)", "Ambtelijk"),
    }


def test_what_each_theme_group_discussed_at_the_floriade(graph: Graph) -> None:
    # Almere: "Op vrijdag kwamen de themagroepen bij elkaar op het Floriade terrein", with a bullet
    # per theme group.
    found = rows(
        graph,
        """SELECT ?group ?theme WHERE {
            ?e schema:superEvent <https://w3id.org/g40kg/id/event/themagroepen-floriade-2022> ;
               schema:organizer/rdfs:label ?group ; dcterms:subject ?t .
            BIND(STRAFTER(STR(?t), "/theme/") AS ?theme)
        }""",
    )
    by_group: dict[str, set[str]] = {}
    for group, theme in found:
        by_group.setdefault(group, set()).add(theme)
    assert by_group == {
        "themagroep MKB en economische vernieuwing": {
            "mkb-en-economische-vernieuwing",
            "digitalisering",
            "verduurzaming",  # "klimaat-neutrale, inclusieve en digitale economie"
        },
        "themagroep Vitale binnensteden en werklocaties": {
            "werklocaties",
            "energietransitie",
            "klimaatadaptatie",
            "betaalbare-bedrijfsruimte",
            "functiemenging",
            "circulaire-economie",
            "ruimte-voor-werken",
            "vitale-binnensteden",
            "binnenstad-verdienmodel",  # "nieuwe verdienmodellen"
        },
        "themagroep Sterke keten van leren, werken en ondernemen": {
            "leven-lang-ontwikkelen",
            "human-capital",
            "arbeidsmarkt",
            "bestaanszekerheid",
            "energiearmoede",
        },
    }


def test_who_trekt_smart_economy(graph: Graph) -> None:
    # Oogst 2021: "Helmond (Cathalijne Dortmans) trekt smart economy."
    assert holders(graph, "body:themagroep-smart-cities", "role:trekker") >= {"Helmond"}


def test_places_in_almere_and_zaanstad(graph: Graph) -> None:
    assert rows(
        graph,
        """SELECT ?place ?municipality WHERE {
            ?p a g40:Place ; rdfs:label ?place ; schema:containedInPlace/rdfs:label ?municipality .
            FILTER (STR(?municipality) IN ("Almere", "Zaanstad"))
        }""",
    ) == {("De Landdrost", "Almere"), ("Floriade terrein", "Almere"), ("Zaandam", "Zaanstad")}


def test_amstelveen_cbs_code_and_g40_membership(graph: Graph) -> None:
    assert rows(
        graph,
        """SELECT ?code ?since WHERE {
            gm:gm0362 tooiont:gemeentecode ?code .
            ?m org:member gm:gm0362 ; org:organization body:g40 ; g40:startDate ?since .
        }""",
    ) == {("0362", "2022-07-01")}


def test_every_fact_has_a_quote_or_a_reference(graph: Graph) -> None:
    assert not graph.query(
        PREFIXES
        + """ASK { ?f a/rdfs:subClassOf* g40:Fact .
                   FILTER NOT EXISTS { ?f prov:wasDerivedFrom ?a .
                       { ?a oa:hasTarget/oa:hasSelector/oa:exact ?q }
                       UNION { ?a a g40:ReferenceSource } } }"""
    ).askAnswer


def test_five_sources_with_their_date_precision(graph: Graph) -> None:
    assert rows(
        graph,
        """SELECT ?file (COALESCE(STR(?d), "") AS ?date) (COALESCE(STR(?e), "") AS ?earliest)
                  (COALESCE(STR(?l), "") AS ?latest) WHERE {
            ?s a g40:Source ; g40:textFile ?file .
            OPTIONAL { ?s g40:date ?d } OPTIONAL { ?s g40:earliestDate ?e }
            OPTIONAL { ?s g40:latestDate ?l }
        }""",
    ) == {
        ("000_de51204a97864eeb.txt", "", "2024-11", "2025"),
        ("001_24ce6d4dc556139e.txt", "", "2022-09-20", "2024-07-01"),
        ("002_e13bc018be1931a8.txt", "", "2022-09-20", "2022"),
        ("003_02ab897e4c7d4af6.txt", "", "2021", "2022"),
        ("004_1140566ca80efb10.txt", "2021", "", ""),
    }
