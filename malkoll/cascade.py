"""Whether an indicator measures its goal (rule MK903, `indicator-mismatch`): key words and concepts.

The cascade rules themselves (MK901–MK905) are rule classes in `rules/families/cascade.py`; this
module keeps the test MK903 asks: does at least one indicator share a key word or a concept with the
goal (`indicators_measure`). Generic words and related concepts are in rules/lexicons/cascade.yaml,
found through the package.
"""
from __future__ import annotations

import re
from functools import lru_cache

import yaml

WORD_RE = re.compile(r"[a-zåäöéü0-9]+")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    from malkoll.rules import base  # the lexicon is the rules', found through the package

    data = yaml.safe_load((base.HERE / "lexicons" / "cascade.yaml").read_text(encoding="utf-8"))
    exact = frozenset(e["word"] for e in data["generic"] if not e.get("prefix"))
    prefixes = tuple(e["word"] for e in data["generic"] if e.get("prefix"))
    concepts = tuple(tuple(w.lower() for w in e["words"]) for e in data["concepts"])
    return exact, prefixes, concepts


def key_words(text: str) -> set[str]:
    exact, prefixes, _ = _lexicon()
    out = set()
    for w in WORD_RE.findall(text.lower()):
        if len(w) < 4 or w.isdigit() or w in exact or w.startswith(prefixes):
            continue
        out.add(w)
    return out


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    if n >= 5 or (n >= 4 and min(len(a), len(b)) <= 5):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and short in long_


def concepts_of(text: str) -> set[int]:
    _, _, concepts = _lexicon()
    low = text.lower()
    return {i for i, words in enumerate(concepts) if any(w in low for w in words)}


def indicators_measure(goal_text: str, indicators: list[str]) -> bool:
    """Whether at least one indicator shares a key word or a concept with the goal."""
    goal_words = key_words(goal_text)
    goal_concepts = concepts_of(goal_text)
    for ind in indicators:
        if goal_concepts & concepts_of(ind):
            return True
        if any(_same_word(a, b) for a in goal_words for b in key_words(ind)):
            return True
    return False


def excerpt(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
