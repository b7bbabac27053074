"""Swedish NLP for goal texts: the analysis engines (spaCy by default, stanza on request) plus the
goal-feature components, and the sentence encoders (``malkoll.analyzer.encoders``).

Rules never load models: they receive a :class:`ParsedGoal` built here.
"""
from malkoll.analyzer.pipeline import ParsedGoal, engine_info, get_engine, get_nlp, parse, parse_many

__all__ = ["ParsedGoal", "get_engine", "get_nlp", "parse", "parse_many", "engine_info"]
