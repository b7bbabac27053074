"""Loading of YAML lexicons (data files reviewed like code, every entry with an example)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# Definite and plural endings stripped when a compound head is compared with a lexicon lemma
# ("utbildningsnämnden" -> "utbildningsnämnd", "förvaltningens" -> "förvaltning").
SWEDISH_ENDINGS = ("", "s", "n", "t", "en", "et", "ens", "ets", "na", "nas", "er", "erna", "ernas",
                   "ar", "arna", "arnas", "or", "orna", "e", "a")


@lru_cache(maxsize=None)
def load_yaml(path: str) -> Any:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def lexicon(package_dir: Path, name: str) -> Any:
    """Load `<package_dir>/lexicons/<name>.yaml`."""
    return load_yaml(str(package_dir / "lexicons" / f"{name}.yaml"))


def entry_words(entries: list[dict], key: str = "lemma") -> set[str]:
    return {str(e[key]).lower() for e in entries if key in e}


def head_of(word: str, heads: set[str] | frozenset[str], *, suffix_heads: set[str] | frozenset[str] = frozenset(),
            min_prefix: int = 2, compound_only: set[str] | frozenset[str] = frozenset()) -> str | None:
    return _head_of(word, frozenset(heads), frozenset(suffix_heads), min_prefix, frozenset(compound_only))


@lru_cache(maxsize=20_000)  # bounded: a service meets new words without end (~300 B an entry)
def _head_of(word: str, heads: frozenset[str], suffix_heads: frozenset[str], min_prefix: int,
             compound_only: frozenset[str]) -> str | None:
    """Return the lexicon head that `word` is (or ends with, as a compound head).

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
        for h in suffix_heads:
            if len(stem) >= len(h) + min_prefix and stem.endswith(h):
                return h
    return None
