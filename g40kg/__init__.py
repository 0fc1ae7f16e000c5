"""g40kg: a knowledge graph of the actors and themes of the G40 pillar Economie en Werk."""

__version__ = "0.1.0"
