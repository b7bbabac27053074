"""Swedish NLP for goal texts: the spaCy pipeline plus goal-feature components.

Rules never load models: they receive a :class:`ParsedGoal` built here.
"""
from malkoll.analyzer.pipeline import ParsedGoal, get_nlp, parse, parse_many, engine_info

__all__ = ["ParsedGoal", "get_nlp", "parse", "parse_many", "engine_info"]
