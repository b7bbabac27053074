"""The Swedish pipeline behind one interface.

`get_engine(spec)` (``malkoll.analyzer.engines``) returns the analysis engine; `get_nlp()` the spaCy
`Language` of the default engine, whose last component sets the goal features. The default engine is
the Swedish pipeline shipped in `malkoll.models`; when that is missing (a broken install), a blank
Swedish tokenizer with simplemma lemmas is used and `engine_info()` says so, so nobody mistakes it
for the real thing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from malkoll.analyzer import features  # noqa: F401  (registers the component)
from malkoll.analyzer.engines import get_engine

ENGINES = ("spacy", "stanza", "fallback")


def get_nlp(engine: str = "default") -> Language:
    """The spaCy `Language` of an engine (its components; the default engine's whole pipeline)."""
    return get_engine(engine).nlp


@lru_cache(maxsize=1)
def known_words() -> tuple[frozenset[str], frozenset[str]]:
    """The word forms the analyzer has seen and the lemmas its lemma table gives (shipped with the
    pipeline's lemma clean-up): what counts as a Swedish word when text is generated or a term is
    put in its base form. Empty sets when the pipeline has no such component."""
    try:
        pipe = get_nlp().get_pipe("malkoll_lemma_fix")
        return frozenset(pipe.known_forms), frozenset(pipe.lemma_table.values())
    except (KeyError, ImportError, AttributeError):
        return frozenset(), frozenset()


def engine_info(engine: str | None = None) -> dict:
    """What the engine is (name, pipeline, version, components), without where it loads from."""
    info = get_engine(engine).info()
    info.pop("location", None)
    return info


@dataclass
class ParsedGoal:
    """What a rule sees: the text, its parse with goal features, and what the caller or the
    document told us about it (level, owner, glossary, attached indicators)."""

    text: str
    doc: Doc
    level: str | None = None
    level_from: str | None = None
    owner: str | None = None
    glossary: dict[str, str] = field(default_factory=dict)
    context_indicators: list[str] = field(default_factory=list)
    # the organisation's configuration, handed to rules by the engine (malkoll.toml)
    extra_vague_words: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    lix_limit: float = 60
    long_sentence_words: int = 35

    _groups: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _spans(self, group: str, labels: tuple[str, ...]) -> list:
        """Each group and each question read once per goal (the component set the groups once per
        Doc; rules ask ~50 times a goal)."""
        key = (group, labels)
        found = self._groups.get(key)
        if found is None:
            spans = self._groups.get(group)
            if spans is None:
                spans = self._groups[group] = list(self.doc.spans.get(group, ()))
            found = self._groups[key] = [s for s in spans if s.label_ in labels] if labels else spans
        return found

    def spans(self, group: str, *labels: str):
        """The spans of a group with one of `labels` (all without), as the caller's own list."""
        return list(self._spans(group, labels))

    def has(self, group: str, *labels: str) -> bool:
        return bool(self._spans(group, labels))


def parse(text: str, engine: str | None = None, **kw) -> ParsedGoal:
    return ParsedGoal(text=text, doc=get_engine(engine)(text), **kw)


def parse_many(texts: Iterable[str], batch_size: int = 64, engine: str | None = None) -> Iterable[Doc]:
    return get_engine(engine).pipe(texts, batch_size=batch_size)
