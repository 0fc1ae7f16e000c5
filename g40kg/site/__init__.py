"""The offline report site: query results, views and a page per entity and source text."""
