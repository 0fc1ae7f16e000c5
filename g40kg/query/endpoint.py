"""Where a SPARQL server answers (query, update and Graph Store URLs, credentials for writes).

Shared by the code that starts servers (g40kg.query.servers) and the code that writes to them
(g40kg.query.graph_store, g40kg.query.publish)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal


class GraphStoreError(RuntimeError):
    """A Graph Store protocol request failed; ``status`` is the HTTP status (None: no answer)."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    """Where a running SPARQL server answers, and how to authenticate for writes.

    ``auth`` is only needed for ``update_url`` and ``graph_store_url``; ``query_url`` is
    anonymous on both servers.  Keyword-only so that callers cannot mix up the URLs.
    """

    name: str
    query_url: str
    update_url: str | None
    graph_store_url: str
    auth: tuple[str, str] | None = None
    auth_scheme: Literal["basic", "digest"] = "basic"

    def graph_url(self, graph_iri: str) -> str:
        """The Graph Store protocol URL of one named graph (indirect identification)."""
        return f"{self.graph_store_url}?{urllib.parse.urlencode({'graph': graph_iri})}"
