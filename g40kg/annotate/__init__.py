"""Annotating a text: add-source, quote, selectors, suggest, coverage and fmt."""
