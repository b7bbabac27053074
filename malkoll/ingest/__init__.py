"""Ingest: turn a source (a string, stdin, a file, a folder) into GoalInputs in document order.

Each reader yields `GoalInput`s with `source` filled in (file, location, level and owner where
the structure gives them). A problem with one item becomes a GoalInput with `error` set, so the
report still lists it; a source that cannot be read at all raises `InputError` (exit code 2).
"""
from __future__ import annotations

import os
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
    warnings: list[str] = field(default_factory=list)  # read, but with a caveat (e.g. cp1252 lines)


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


def note_warning(message: str) -> None:
    """Readers: the file was read, with a caveat the user should see (e.g. lines decoded as cp1252)."""
    rec = _current.get()
    if rec is not None:
        rec.warnings.append(message)


Reader = Callable[..., Iterator[GoalInput]]  # (path, config, budget) -> goals
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
from malkoll.ingest.decode import scrub, split_lines  # noqa: E402
from malkoll.ingest.safety import Budget, read_isolated, reader_failure  # noqa: E402


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_path(path: Path, config: Config, budget: Budget | None = None) -> Iterator[GoalInput]:
    """One file's goals. Formats in `budget.isolate` are read in a worker process under the budget's
    CPU and memory limits (malkoll.ingest.safety); any exception a reader raises becomes InputError."""
    budget = budget or Budget()
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(f"{path}: filtypen {suffix or '(ingen)'} stöds inte "
                         f"(stöds: {', '.join(supported_suffixes())})")
    if not path.is_file():
        raise InputError(f"{path}: filen finns inte eller går inte att läsa")
    if suffix in budget.isolate:
        yield from read_isolated(READERS[suffix], path, config, budget)
        return
    try:
        yield from READERS[suffix](path, config, budget)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - zlib.error, RecursionError, a parser's own errors …
        raise reader_failure(path, exc) from exc


def display_path(path: Path) -> str:
    """The path as text that every output can write: a file name that is not UTF-8 (decoded by
    Python with surrogate escapes) shows its odd bytes as \\xNN."""
    text = str(path)
    if scrub(text) == text:
        return text
    return os.fsencode(text).decode("utf-8", errors="backslashreplace")


def _read_logged(path: Path, config: Config, log: IngestLog | None, seen: set[str], n_file: int,
                 tolerant: bool, budget: Budget | None = None) -> Iterator[GoalInput]:
    """One file's goals, with ids made unique across a multi-file run and the file's counts logged.

    `tolerant` (a file inside a folder): a file that cannot be read becomes a skipped-file record
    (or, without a log, a GoalInput with `error`) and the run goes on; otherwise InputError is raised.
    """
    shown = display_path(path)
    rec = FileRecord(file=shown, format=path.suffix.lower().lstrip("."))
    token = _current.set(rec)
    renamed: dict[str, str] = {}
    buffered: list[GoalInput] = []
    try:
        try:
            for goal in read_path(path, config, budget):
                buffered.append(goal)
        except Exception as exc:  # noqa: BLE001 - a malformed file is a reader error, never a traceback
            err = reader_failure(path, exc)
            if shown != str(path):
                err = InputError(str(err).replace(str(path), shown))
            if not tolerant:
                raise err from exc
            rec.status, rec.reason = "skipped", str(err)
            buffered = []
    finally:
        _current.reset(token)
    if shown != str(path):
        for goal in buffered:
            if goal.source is not None and goal.source.file == str(path):
                goal.source.file = shown
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
                 log: IngestLog | None = None, budget: Budget | None = None) -> Iterator[GoalInput]:
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
            for goal in plain.goals_from_lines(split_lines(stdin_text or ""), file=None):
                seen.add(goal.id)
                yield goal
            continue
        path = Path(p)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a folder on the way that cannot be looked into
            raise InputError(f"{display_path(path)}: kan inte läsa ({exc.strerror or type(exc).__name__})") from None
        if is_dir:
            files = _files_in(path)
            if not files:
                raise InputError(f"{display_path(path)}: mappen innehåller inga filer som kan granskas")
            for f in files:
                n_file += 1
                yield from _read_logged(f, config, log, seen, n_file, tolerant=True, budget=budget)
        elif not exists:
            raise InputError(f"{display_path(path)}: filen finns inte")
        else:
            n_file += 1
            yield from _read_logged(path, config, log, seen, n_file, tolerant=False, budget=budget)


def _files_in(folder: Path) -> list[Path]:
    """The readable files under a folder, sorted; a subfolder that cannot be listed is left out
    (and named in the message if nothing else is found)."""
    found: list[Path] = []
    denied: list[str] = []

    def walk(d: Path) -> None:
        try:
            entries = sorted(d.iterdir())
        except OSError as exc:
            denied.append(f"{display_path(d)} ({exc.strerror or type(exc).__name__})")
            return
        for e in entries:
            try:
                if e.is_dir() and not e.is_symlink():
                    walk(e)
                elif e.is_file() and e.suffix.lower() in READERS and not e.name.startswith("~$"):
                    found.append(e)
            except OSError:
                denied.append(display_path(e))

    walk(folder)
    if not found and denied:
        raise InputError(f"{display_path(folder)}: kan inte läsa mappen: {'; '.join(denied[:3])}")
    return sorted(found)
