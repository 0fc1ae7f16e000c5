"""Networks: projections of the graph onto people and bodies, their metrics, the HTML views."""
