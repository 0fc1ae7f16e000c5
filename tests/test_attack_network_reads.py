"""Nothing is read from the network while loading, validating, querying or viewing.

A listener on 127.0.0.1 stands in for a remote host; every hostile input points at it, and it
must see no connection. The `--allow-remote` cases are the positive control: they show the
listener does see a client that connects, so its silence elsewhere means something.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import chromium_context
from cli_run import keep_only_worked_example, run_cli
from listener import Listener

SERVICE_SPELLINGS = {
    "upper": "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    "lower": "select * where {{ service <{url}/sparql> {{ ?s ?p ?o }} }}",
    "silent": "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
    "variable": "SELECT * WHERE {{ BIND(<{url}/sparql> AS ?x) SERVICE ?x {{ ?s ?p ?o }} }}",
    "prefixed": "PREFIX r: <{url}/>\nSELECT * WHERE {{\n  SERVICE r:sparql {{ ?s ?p ?o }}\n}}",
    "optional": "SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }}",
    "union": "SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }}",
    "subquery": "SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }} }}",
    "exists": "ASK {{ FILTER EXISTS {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }} }}",
    "from": "SELECT * FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}",
    "from-named": "SELECT * FROM NAMED <{url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
}
UPDATES = {
    "load": "LOAD <{url}/g.ttl>",
    "insert": "INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}",
    "delete": "DELETE WHERE {{ ?s ?p ?o }}",
    "clear": "clear all",
    "drop": "DROP GRAPH <urn:g>",
    "create": "CREATE GRAPH <urn:g>",
    "add": "ADD <urn:a> TO <urn:b>",
    "move": "MOVE DEFAULT TO <urn:b>",
    "copy": "COPY <urn:a> TO DEFAULT",
    "after-a-query": "SELECT * WHERE {{ ?s ?p ?o }} ;\nLOAD <{url}/g.ttl>",
}


def query_file(folder: Path, text: str, name: str = "hostile.rq") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def backend_args(kind: str, listener: Listener) -> list[str]:
    return ["--endpoint", f"{listener.url}/endpoint"] if kind == "endpoint" else []


@pytest.mark.parametrize("backend", ["embedded", "endpoint"])
@pytest.mark.parametrize("spelling", sorted(SERVICE_SPELLINGS))
def test_sparql_refuses_service_and_from_before_running(
    listener: Listener, tmp_path: Path, spelling: str, backend: str
) -> None:
    path = query_file(tmp_path, SERVICE_SPELLINGS[spelling].format(url=listener.url))
    status, out, err = run_cli("sparql", str(path), *backend_args(backend, listener))
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {path}:") and "--allow-remote" in err, err
    assert "SERVICE" in err or "FROM" in err
    assert listener.requests == []


@pytest.mark.parametrize("backend", ["embedded", "endpoint"])
@pytest.mark.parametrize("update", sorted(UPDATES))
def test_sparql_refuses_every_update_even_with_allow_remote(
    listener: Listener, tmp_path: Path, update: str, backend: str
) -> None:
    path = query_file(tmp_path, UPDATES[update].format(url=listener.url))
    argv = ["sparql", str(path), "--allow-remote", *backend_args(backend, listener)]
    status, out, err = run_cli(*argv)
    assert (status, out) == (2, "")
    assert "SPARQL update" in err and "never runs updates" in err, err
    assert listener.requests == []


def test_words_in_strings_and_comments_are_not_refused(listener: Listener, tmp_path: Path) -> None:
    text = f'# SERVICE <{listener.url}/s>\nSELECT ?x WHERE {{ BIND("FROM SERVICE LOAD" AS ?x) }}\n'
    status, out, err = run_cli("sparql", str(query_file(tmp_path, text)), "--format", "csv")
    assert (status, out, err) == (0, "x\r\nFROM SERVICE LOAD\r\n", "")
    assert listener.requests == []


def test_allow_remote_lets_service_through_on_the_embedded_store(
    listener: Listener, tmp_path: Path
) -> None:
    """The positive control: with the flag, rdflib does call the listener."""
    path = query_file(tmp_path, SERVICE_SPELLINGS["upper"].format(url=listener.url))
    status, _out, err = run_cli("sparql", str(path), "--allow-remote")
    assert (status, err) == (0, "")
    assert len(listener.requests) == 1 and b"/sparql" in listener.requests[0]


def test_allow_remote_sends_the_query_to_the_endpoint(listener: Listener, tmp_path: Path) -> None:
    path = query_file(tmp_path, SERVICE_SPELLINGS["lower"].format(url=listener.url))
    argv = ["sparql", str(path), "--allow-remote", *backend_args("endpoint", listener)]
    assert run_cli(*argv)[0] == 0
    assert len(listener.requests) == 1 and listener.requests[0].startswith(b"POST /endpoint")


@pytest.mark.parametrize("backend", ["embedded", "endpoint"])
def test_named_query_with_service_is_refused(
    listener: Listener, project_copy: Path, backend: str
) -> None:
    queries = project_copy / "queries"
    queries.mkdir()
    text = "#+ summary: reads another server\n" + SERVICE_SPELLINGS["prefixed"]
    query_file(queries, text.format(url=listener.url), "remote.rq")
    status, out, err = run_cli("query", "remote", *backend_args(backend, listener))
    assert (status, out) == (2, "")
    assert err == (
        f"error: {queries / 'remote.rq'}:4: SERVICE r:sparql would read another dataset over the "
        "network; refused (pass --allow-remote if you mean it)\n"
    )
    assert listener.requests == []


def test_load_and_validate_never_follow_owl_imports(listener: Listener, project_copy: Path) -> None:
    keep_only_worked_example(project_copy)
    ontology = project_copy / "ontology" / "g40kg.ttl"
    text = ontology.read_text(encoding="utf-8")
    imports = f"<https://w3id.org/g40kg/def> owl:imports <{listener.url}/ontology.ttl> .\n"
    ontology.write_text(text + "\n" + imports, encoding="utf-8")
    assert run_cli("validate") == (0, "conforms: the graph satisfies every shape\n", "")
    assert run_cli("export", "--format", "nt")[0] == 0
    assert listener.requests == []


@pytest.mark.parametrize("name", ["context.jsonld", "context.ttl"])
def test_a_json_ld_context_is_never_fetched(
    listener: Listener, project_copy: Path, name: str
) -> None:
    path = project_copy / "data" / "annotations" / name
    doc = f'{{"@context": "{listener.url}/context.jsonld", "@id": "urn:x", "name": "x"}}\n'
    path.write_text(doc, encoding="utf-8")
    status, _out, err = run_cli("validate")
    assert status == 2 and str(path) in err
    assert listener.requests == []


def test_a_shape_that_reads_from_a_url_is_refused(listener: Listener, project_copy: Path) -> None:
    shapes = project_copy / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    shape = (
        "\ng40sh:FromShape a sh:NodeShape ;\n    sh:targetClass foaf:Person ;\n"
        '    sh:sparql [ sh:message "remote" ;\n        sh:select """SELECT $this\n'
        f'        from <{listener.url}/g.ttl> WHERE {{ $this ?p ?o }}""" ] .\n'
    )
    shapes.write_text(text + shape, encoding="utf-8")
    line = (text + shape).count("\n", 0, (text + shape).index("from <")) + 1
    status, _out, err = run_cli("validate")
    assert status == 2
    assert err.startswith(f"error: {shapes}:{line}: FROM in a SHACL-SPARQL constraint"), err
    assert listener.requests == []


def test_views_and_their_pages_fetch_nothing(
    listener: Listener, project_copy: Path, tmp_path: Path
) -> None:
    """Labels carrying the listener's URL, as text and as markup: the files are written
    without a fetch, and Chromium opening every page does not connect either."""
    keep_only_worked_example(project_copy)
    people = project_copy / "data" / "entities" / "people.ttl"
    hostile = f'<img src=\\"{listener.url}/img.png\\"> {listener.url}/plain'
    text = people.read_text(encoding="utf-8")
    old = 'rdfs:label "Frank den Brok"'
    assert text.count(old) == 1
    people.write_text(text.replace(old, f'rdfs:label "{hostile}"'), encoding="utf-8")
    out = tmp_path / "views"
    status, _out, err = run_cli("view", "--all", "-o", str(out))
    assert (status, err) == (0, "")
    assert listener.requests == []
    pages = sorted(out.glob("*.html"))
    assert len(pages) > 1
    with chromium_context(tmp_path / "profile") as context:
        for path in pages:
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_load_state("networkidle")
            page.close()
    assert listener.requests == []
