"""Swedish NLP for goal texts: the analysis engines (spaCy by default, stanza on request) plus the
goal-feature components, and the sentence encoders (``malkoll.analyzer.encoders``).

Rules never load models: they receive a :class:`ParsedGoal` built here.
"""
import os
import sys


def _import_spacy_without_torch() -> None:
    """Import spaCy with torch hidden. thinc (spaCy's machine-learning layer) imports torch at start-up
    whenever it is installed (the stanza and transformers extras bring it), only to offer PyTorch
    layers that no pipeline Målkoll runs through spaCy uses: seconds of start-up and hundreds of MB.
    torch stays importable afterwards (the stanza engine and the transformers encoder import it
    themselves). MALKOLL_SPACY_TORCH=1 imports it with spaCy, for a spaCy pipeline with PyTorch layers."""
    if "thinc" in sys.modules or "torch" in sys.modules or os.environ.get("MALKOLL_SPACY_TORCH") == "1":
        return

    class HideTorch:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "torch" or name.startswith("torch."):
                raise ImportError("torch is not imported with spaCy (malkoll.analyzer)")
            return None

    blocker = HideTorch()
    sys.meta_path.insert(0, blocker)
    try:
        import thinc.compat  # noqa: F401  (decides once whether torch is there)
    finally:
        sys.meta_path.remove(blocker)


_import_spacy_without_torch()

from malkoll.analyzer.pipeline import (ParsedGoal, engine_info, get_engine, get_nlp, known_words, parse,  # noqa: E402
                                       parse_many)

__all__ = ["ParsedGoal", "get_engine", "get_nlp", "parse", "parse_many", "engine_info", "known_words"]
