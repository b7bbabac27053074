"""Loading of YAML lexicons (data files reviewed like code, every entry with an example)."""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

# Definite and plural endings stripped when a compound head is compared with a lexicon lemma
# ("utbildningsnämnden" -> "utbildningsnämnd", "förvaltningens" -> "förvaltning").
SWEDISH_ENDINGS = ("", "s", "n", "t", "en", "et", "ens", "ets", "na", "nas", "er", "erna", "ernas",
                   "ar", "arna", "arnas", "or", "orna", "e", "a")


@lru_cache(maxsize=None)
def load_yaml(path: str) -> Any:
    """A YAML data file (lexicon, catalogue, word list), parsed once per process. Between processes
    it comes from a compiled cache keyed by the file's content, so a changed file is parsed again
    and the cache is never stale (``MALKOLL_CACHE_DIR``; ``MALKOLL_CACHE_DIR=off`` turns it off)."""
    return compiled_yaml(Path(path).read_bytes())


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the same data, faster
_CACHE_TAG = f"py{sys.version_info[0]}{sys.version_info[1]}-yaml{yaml.__version__}-m{marshal.version}"


def cache_dir() -> Path | None:
    """Where compiled data files are kept: ``MALKOLL_CACHE_DIR``, else the user's cache directory."""
    env = os.environ.get("MALKOLL_CACHE_DIR")
    if env is not None and env.strip().lower() in ("", "0", "off", "no", "false"):
        return None
    if env:
        return Path(env) / "compiled"
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home directory (a service account): no cache, only the parse
        return None
    return base / "malkoll" / "compiled"


def compiled_yaml(raw: bytes) -> Any:
    """The data of a YAML text: from the compiled cache when this exact text was compiled before,
    else parsed (libyaml's safe loader when present) and written to the cache."""
    return compiled(raw, "yaml", lambda: yaml.load(raw, Loader=_YAML_LOADER))  # noqa: S506 - a safe loader


def compiled(source: bytes, kind: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept between processes in the compiled cache under the hash of ``source`` (all
    that the result is computed from) and ``kind`` (the computation), in marshal form as Python's own
    bytecode cache keeps code. Written atomically; a cache that cannot be read or written only costs
    the computation; a result marshal cannot hold is not kept."""
    directory = cache_dir()
    path = None
    if directory is not None:
        digest = hashlib.sha256(kind.encode() + b"\0" + source).hexdigest()[:40]
        path = directory / f"{kind}-{digest}.{_CACHE_TAG}.marshal"
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    data = compute()
    if path is not None:
        try:
            blob = marshal.dumps(data)
            directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass
    return data


@lru_cache(maxsize=None)
def lexicon(package_dir: Path, name: str) -> Any:
    """Load `<package_dir>/lexicons/<name>.yaml` (the path built once per list, not per look-up)."""
    return load_yaml(str(package_dir / "lexicons" / f"{name}.yaml"))


def entry_words(entries: list[dict], key: str = "lemma") -> set[str]:
    return {str(e[key]).lower() for e in entries if key in e}


_NONE: frozenset[str] = frozenset()


def head_of(word: str, heads: set[str] | frozenset[str], *, suffix_heads: set[str] | frozenset[str] = _NONE,
            min_prefix: int = 2, compound_only: set[str] | frozenset[str] = _NONE) -> str | None:
    """The lexicon head `word` is or ends with (:func:`_head_of`), memoised per word and lexicon
    per process (the lexicons are frozensets already; a set is frozen first)."""
    if type(heads) is not frozenset:
        heads = frozenset(heads)
    if type(suffix_heads) is not frozenset:
        suffix_heads = frozenset(suffix_heads)
    if type(compound_only) is not frozenset:
        compound_only = frozenset(compound_only)
    return _head_of(word, heads, suffix_heads, min_prefix, compound_only)


@lru_cache(maxsize=20_000)  # bounded: a service meets new words without end (~300 B an entry)
def _head_of(word: str, heads: frozenset[str], suffix_heads: frozenset[str], min_prefix: int,
             compound_only: frozenset[str]) -> str | None:
    """Return the lexicon head that `word` is (or the longest it ends with, as a compound head).

    `heads` must match the whole word (after stripping an inflection ending);
    `suffix_heads` may also be the last part of a compound ("socialnämnden" -> "nämnd").
    """
    w = word.lower().rstrip("-")
    for ending in SWEDISH_ENDINGS:
        if ending and not w.endswith(ending):
            continue
        stem = w[: len(w) - len(ending)] if ending else w
        if stem in heads or (stem in suffix_heads and stem not in compound_only):
            return stem
        if suffix_heads:  # the longest head the stem ends with after a prefix of at least min_prefix letters
            for i in range(min_prefix, len(stem)):
                if stem[i:] in suffix_heads:
                    return stem[i:]
    return None
