"""Whether an indicator measures its goal (rule MK903, `indicator-mismatch`), and the cascade word lists.

The cascade rules themselves (MK901–MK905) are rule classes in `rules/families/cascade.py`; this
module keeps the test MK903 asks: does at least one attached indicator measure the goal? The
indicator model answers it (malkoll.models.indicators.indicator_fit: a Kolada id by the model's
confidence that the KPI measures the goal, an indicator in words by the measured words it shares
with the goal, counting compound parts, synonyms and concepts of models/data).

The generic words and concept groups of rules/lexicons/cascade.yaml are read by the outline's links
by meaning (`malkoll.batch`), found through the package.
"""
from __future__ import annotations

import re
from functools import lru_cache


WORD_RE = re.compile(r"[a-zåäöéü0-9]+")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    from malkoll.rules import base  # the lexicon is the rules', found through the package

    from malkoll.analyzer.lexicon import load_yaml

    data = load_yaml(str(base.HERE / "lexicons" / "cascade.yaml"))
    exact = frozenset(e["word"] for e in data["generic"] if not e.get("prefix"))
    prefixes = tuple(e["word"] for e in data["generic"] if e.get("prefix"))
    concepts = tuple(tuple(w.lower() for w in e["words"]) for e in data["concepts"])
    return exact, prefixes, concepts


def concepts_of(text: str) -> set[int]:
    _, _, concepts = _lexicon()
    low = text.lower()
    return {i for i, words in enumerate(concepts) if any(w in low for w in words)}


def indicators_measure(goal, indicators: list[str]) -> bool:
    """Whether at least one attached indicator measures the goal (its text, or its analysed Doc)."""
    from malkoll.models.indicators import indicators_measure as model_measures

    return model_measures(goal, indicators)


def parse_for_fits(pairs: list[tuple[str, list[str]]]) -> None:
    """The texts `indicators_measure` will read for these (goal, indicators) pairs, parsed together."""
    from malkoll.models.indicators import parse_for_fits as model_parse

    model_parse(pairs)


def excerpt(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
