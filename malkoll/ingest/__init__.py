"""Ingest: turn a source (a string, stdin, a file, a folder) into GoalInputs in document order.

Each reader yields `GoalInput`s with `source` filled in (file, location, level and owner where
the structure gives them). A problem with one item becomes a GoalInput with `error` set, so the
report still lists it; a source that cannot be read at all raises `InputError` (exit code 2).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from malkoll.config import Config
from malkoll.report import GoalInput


class InputError(Exception):
    """A source that cannot be read: the message is one line, in Swedish or English."""


Reader = Callable[[Path, Config], Iterator[GoalInput]]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str):
    def register(fn: Reader) -> Reader:
        for suf in suffixes:
            READERS[suf] = fn
        return fn
    return register


from malkoll.ingest import plain  # noqa: E402,F401  (registers .txt and .jsonl)


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_path(path: Path, config: Config) -> Iterator[GoalInput]:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(f"{path}: filtypen {suffix or '(ingen)'} stöds inte "
                         f"(stöds: {', '.join(supported_suffixes())})")
    if not path.is_file():
        raise InputError(f"{path}: filen finns inte eller går inte att läsa")
    yield from READERS[suffix](path, config)


def read_sources(paths: list[str], config: Config, stdin_text: str | None = None) -> Iterator[GoalInput]:
    """Goals from files, folders (recursively, sorted) and '-' (stdin, one goal a line)."""
    for p in paths:
        if p == "-":
            yield from plain.goals_from_lines((stdin_text or "").splitlines(), file=None)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in READERS)
            if not files:
                raise InputError(f"{path}: mappen innehåller inga filer som kan granskas")
            for f in files:
                yield from read_path(f, config)
        elif not path.exists():
            raise InputError(f"{path}: filen finns inte")
        else:
            yield from read_path(path, config)
