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


def _import_spacy_without_its_cli() -> None:
    """Import spaCy without its command line. spaCy's ``__init__`` imports ``spacy.cli.info`` for the
    ``spacy.info`` function, and with it every ``spacy`` command (train, download, project …) and
    what they need (weasel, requests, a YAML file read): about a third of ``import spacy`` and 350
    modules that analysing goals never uses. During the import ``spacy.cli`` is a placeholder package
    (the real folder, its ``__init__`` not run) and ``spacy.cli.info`` a module whose ``info`` imports
    the real one when called; both are taken out of ``sys.modules`` again, so ``import spacy.cli``
    later imports the real command line. MALKOLL_SPACY_CLI=1 imports spaCy whole."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules or os.environ.get("MALKOLL_SPACY_CLI") == "1":
        return
    import importlib.util
    import types

    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    cli = types.ModuleType("spacy.cli", "spaCy's command line, not imported (malkoll.analyzer)")
    cli.__path__ = [os.path.join(path, "cli") for path in spec.submodule_search_locations]
    info = types.ModuleType("spacy.cli.info")

    def lazy_info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = lazy_info
    placeholders = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(placeholders)
    try:
        import spacy  # noqa: F401
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


class _EntryPointsByGroup:
    """The installed entry points, each group selected once. catalogue (spaCy's registries) selects
    a group from all the entry points of every installed package at each registry look-up, over a
    hundred times while a pipeline loads; the answer for a group does not change within a process."""

    def __init__(self, entry_points):
        self._all, self._groups = entry_points, {}

    def select(self, **params):
        if list(params) != ["group"]:
            return self._all.select(**params)
        group = params["group"]
        if group not in self._groups:
            self._groups[group] = self._all.select(group=group)
        return self._groups[group]

    def __getattr__(self, name):
        return getattr(self._all, name)


def _entry_points_once() -> None:
    catalogue = sys.modules.get("catalogue")
    eps = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if eps is not None and hasattr(eps, "select") and not isinstance(eps, _EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = _EntryPointsByGroup(eps)


_import_spacy_without_torch()
_import_spacy_without_its_cli()
_entry_points_once()

from malkoll.analyzer.pipeline import (ParsedGoal, engine_info, get_engine, get_nlp, known_words, parse,  # noqa: E402
                                       parse_many)

__all__ = ["ParsedGoal", "get_engine", "get_nlp", "parse", "parse_many", "engine_info", "known_words"]
