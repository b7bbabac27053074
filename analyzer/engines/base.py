"""What every analysis engine offers (``malkoll.analyzer.engines``)."""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc


class EngineError(ValueError):
    """An engine that cannot be loaded or used: the message says why and what to do (Swedish, then English)."""


class Engine:
    """Texts in, spaCy Docs out, with Målkoll's components run on every Doc.

    ``nlp`` is the spaCy ``Language`` that holds the vocabulary and Målkoll's components; engines
    whose parse comes from elsewhere (stanza) build the annotated Doc first and hand it to ``nlp``.
    """

    name: str = "engine"
    nlp: Language

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """Annotated Docs in input order (the goal features set once per Doc)."""
        raise NotImplementedError

    def __call__(self, text: str) -> Doc:
        return next(iter(self.pipe([text], batch_size=1)))

    def annotate(self, sentences: Sequence[Sequence[tuple[str, bool]]]) -> Iterator[Doc]:
        """One Doc per pre-tokenized sentence (word, space after), for scoring against a treebank:
        the engine's tagger, lemmatizer and parser run on the gold tokens."""
        raise NotImplementedError

    def info(self) -> dict:
        """engine, pipeline (name and version), components, location (where it loads from)."""
        raise NotImplementedError

    def describe(self) -> dict:
        """What the JSON summary says about this engine: no file-system paths."""
        info = self.info()
        return {"engine": info["engine"], "model": " ".join(x for x in (info.get("pipeline"), info.get("version")) if x)}


def goal_components(nlp: Language) -> Language:
    """Add Målkoll's goal-feature component last (once)."""
    from malkoll.analyzer import features  # noqa: F401  (registers malkoll_goal_features)

    if "malkoll_goal_features" not in nlp.pipe_names:
        nlp.add_pipe("malkoll_goal_features", last=True)
    return nlp
