"""Ingest: turn a source (a string, stdin, a file, a folder) into GoalInputs in document order.

Each reader yields `GoalInput`s with `source` filled in (file, location, level and owner where
the structure gives them). A problem with one item becomes a GoalInput with `error` set, so the
report still lists it; a source that cannot be read at all raises `InputError` (exit code 2).
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from malkoll.config import Config
from malkoll.report import GoalInput, Source


class InputError(Exception):
    """A source that cannot be read: the message is one line, in Swedish or English."""


@dataclass
class FileRecord:
    """What ingest found in one file: goals, attached indicators, background text, skipped parts."""
    file: str
    format: str
    status: str = "ok"  # "ok" | "skipped"
    reason: str | None = None
    goals: int = 0
    indicators: int = 0
    background: int = 0
    skipped: list[tuple[str | None, str]] = field(default_factory=list)  # (location, reason)


@dataclass
class IngestLog:
    """Collects a FileRecord per file read by `read_sources` (pass one in to get the counts)."""
    files: list[FileRecord] = field(default_factory=list)


_current: ContextVar[FileRecord | None] = ContextVar("malkoll_ingest_record", default=None)


def note_skipped(location: str | None, reason: str) -> None:
    """Readers: record a part of the file that was not read (a sheet, a page, a row), with the reason."""
    rec = _current.get()
    if rec is not None:
        rec.skipped.append((location, reason))


def note_counts(indicators: int = 0, background: int = 0) -> None:
    """Readers: count indicators attached to goals and passages judged to be background text."""
    rec = _current.get()
    if rec is not None:
        rec.indicators += indicators
        rec.background += background


Reader = Callable[[Path, Config], Iterator[GoalInput]]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str):
    def register(fn: Reader) -> Reader:
        for suf in suffixes:
            READERS[suf] = fn
        return fn
    return register


from malkoll.ingest import plain  # noqa: E402,F401  (registers .txt and .jsonl)
from malkoll.ingest import markdown  # noqa: E402,F401  (registers .md and .markdown)
from malkoll.ingest import csv_, docx, pdf, xlsx  # noqa: E402,F401  (registers .csv, .docx, .xlsx, .pdf)


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


def _read_logged(path: Path, config: Config, log: IngestLog | None, seen: set[str], n_file: int,
                 tolerant: bool) -> Iterator[GoalInput]:
    """One file's goals, with ids made unique across a multi-file run and the file's counts logged.

    `tolerant` (a file inside a folder): a file that cannot be read becomes a skipped-file record
    (or, without a log, a GoalInput with `error`) and the run goes on; otherwise InputError is raised.
    """
    rec = FileRecord(file=str(path), format=path.suffix.lower().lstrip("."))
    token = _current.set(rec)
    renamed: dict[str, str] = {}
    buffered: list[GoalInput] = []
    try:
        try:
            for goal in read_path(path, config):
                buffered.append(goal)
        except InputError as exc:
            if not tolerant:
                raise
            rec.status, rec.reason = "skipped", str(exc)
            buffered = []
        except (MemoryError, RecursionError, ValueError, KeyError, OSError, EOFError) as exc:
            # a reader bug or a malformed file that slipped past the checks: never a traceback
            message = f"{path}: filen kunde inte läsas ({type(exc).__name__})"
            if not tolerant:
                raise InputError(message) from exc
            rec.status, rec.reason = "skipped", message
            buffered = []
    finally:
        _current.reset(token)
    for goal in buffered:
        gid = goal.id or f"g{len(seen) + 1}"
        if gid in seen:
            new = f"f{n_file}-{gid}"
            k = 2
            while new in seen:
                new, k = f"f{n_file}-{gid}-{k}", k + 1
            renamed[gid] = new
            gid = new
        seen.add(gid)
        goal.id = gid
    for goal in buffered:
        if goal.parent is not None:
            goal.parent = renamed.get(goal.parent, goal.parent)
    rec.goals = len(buffered)
    if log is not None:
        log.files.append(rec)
    elif rec.status == "skipped":  # nobody collects records: keep the file visible in the report
        buffered = [GoalInput(text="", id=f"f{n_file}-fil", error=rec.reason,
                              source=Source(file=str(path), location="hela filen"))]
    yield from buffered


def read_sources(paths: list[str], config: Config, stdin_text: str | None = None,
                 log: IngestLog | None = None) -> Iterator[GoalInput]:
    """Goals from files, folders (recursively, sorted) and '-' (stdin, one goal a line).

    A file given by name that cannot be read raises InputError. Inside a folder, such a file is
    skipped and the others are read: with `log`, it becomes a skipped-file record there (with the
    reason); without one, a GoalInput with `error` so that nothing disappears silently. Goal ids
    stay unique across files (a colliding id gets the prefix `f<n>-`).
    """
    seen: set[str] = set()
    n_file = 0
    for p in paths:
        if p == "-":
            for goal in plain.goals_from_lines((stdin_text or "").splitlines(), file=None):
                seen.add(goal.id)
                yield goal
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in READERS
                           and not f.name.startswith("~$"))
            if not files:
                raise InputError(f"{path}: mappen innehåller inga filer som kan granskas")
            for f in files:
                n_file += 1
                yield from _read_logged(f, config, log, seen, n_file, tolerant=True)
        elif not path.exists():
            raise InputError(f"{path}: filen finns inte")
        else:
            n_file += 1
            yield from _read_logged(path, config, log, seen, n_file, tolerant=False)
