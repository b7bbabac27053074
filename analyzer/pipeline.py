"""The Swedish pipeline behind one interface.

`get_nlp()` returns a spaCy `Language` whose last component sets the goal features.
The default engine is the Swedish pipeline shipped in `malkoll.models`; when that is
missing (a broken install), a blank Swedish tokenizer with simplemma lemmas is used and
`engine_info()` says so, so nobody mistakes it for the real thing.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from malkoll.analyzer import features  # noqa: F401  (registers the component)

log = logging.getLogger(__name__)
_lock = threading.Lock()
_info: dict = {}

ENGINES = ("default", "fallback")


@Language.component("malkoll_simplemma_lemmas")
def simplemma_lemmas(doc: Doc) -> Doc:
    """Lemmas from simplemma for a pipeline without a trained lemmatizer (lower-cased first)."""
    import simplemma

    for tok in doc:
        if not tok.lemma_ or tok.lemma_ == tok.text:
            tok.lemma_ = simplemma.lemmatize(tok.lower_, lang="sv").replace("_", " ")
    return doc


def _fallback_nlp() -> Language:
    nlp = spacy.blank("sv")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("malkoll_simplemma_lemmas")
    return nlp


@lru_cache(maxsize=4)
def get_nlp(engine: str = "default") -> Language:
    """The analysis pipeline, loaded once per process."""
    with _lock:
        nlp = None
        if engine == "default":
            try:
                from malkoll.models import load_sv_pipeline

                nlp = load_sv_pipeline()
                _info.update(engine="default", pipeline=nlp.meta.get("name", "sv"),
                             version=nlp.meta.get("version", ""), components=list(nlp.pipe_names))
            except (ImportError, FileNotFoundError, OSError) as exc:  # pragma: no cover - broken install
                log.warning("Svensk modell saknas (%s); använder reservmotorn.", exc)
        if nlp is None:
            nlp = _fallback_nlp()
            _info.update(engine="fallback", pipeline="blank sv + simplemma", version=spacy.__version__,
                         components=list(nlp.pipe_names))
        if "malkoll_goal_features" not in nlp.pipe_names:
            nlp.add_pipe("malkoll_goal_features", last=True)
        return nlp


def engine_info() -> dict:
    get_nlp()
    return dict(_info)


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

    def spans(self, group: str, *labels: str):
        return [s for s in self.doc.spans.get(group, []) if not labels or s.label_ in labels]

    def has(self, group: str, *labels: str) -> bool:
        return bool(self.spans(group, *labels))


def parse(text: str, **kw) -> ParsedGoal:
    return ParsedGoal(text=text, doc=get_nlp()(text), **kw)


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterable[Doc]:
    return get_nlp().pipe(texts, batch_size=batch_size)
