"""Målkoll's shipped Swedish language pipeline (``malkoll.models``).

``load_sv_pipeline()`` returns a spaCy ``Language`` with tokenizer (spaCy
Swedish + Målkoll abbreviations), sentence-boundary fix, tok2vec,
morphologizer (UPOS + UD features), edit-tree lemmatizer, lemma clean-up and
dependency parser. It is loaded from ``PIPELINE_DIR`` inside this package;
nothing is downloaded. See ``MODEL_CARD.md`` and ``recipe/`` for how it was
built and how accurate it is.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent
PIPELINE_NAME = "sv_malkoll"
PIPELINE_DIR = MODELS_DIR / PIPELINE_NAME

__all__ = ["PIPELINE_DIR", "PIPELINE_NAME", "load_sv_pipeline"]


@lru_cache(maxsize=1)
def load_sv_pipeline():
    """Load (once) and return the shipped Swedish spaCy pipeline.

    Raises FileNotFoundError with a Swedish and English explanation when the
    pipeline directory is missing (for example a partial checkout).
    """
    if not (PIPELINE_DIR / "config.cfg").exists():
        raise FileNotFoundError(
            f"Målkolls svenska språkmodell saknas i {PIPELINE_DIR}. "
            "Den ingår i repositoriet; bygg om den med models/recipe/build.sh om den har tagits bort. "
            f"(Målkoll's Swedish pipeline is missing at {PIPELINE_DIR}; rebuild it with models/recipe/build.sh.)"
        )
    import spacy

    from . import components  # noqa: F401  (registers the malkoll_* spaCy components)

    return spacy.load(PIPELINE_DIR)
