"""Ingest: turn a source (stdin, a file, a folder) into goals in document order.

Two kinds of reader:
- document readers (.docx, .xlsx, .csv, .md, .pdf) turn a file into blocks (`malkoll.ingest.blocks`:
  headings, paragraphs, list items, tables, pages) and know nothing of Swedish; the one outline engine
  (`malkoll.outline`) decides what in the blocks is a goal, its level, owner, parent and indicators;
- record readers (.txt: one goal per line, .jsonl: one goal object per line) give goals directly.

A problem with one item becomes a GoalInput with `error` set, so the report still lists it; a
source that cannot be read at all raises `InputError` (exit code 2), whose message exists in
Swedish and English.
"""
from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from malkoll.config import Config
from malkoll.i18n import t
from malkoll.report import GoalInput, Source


class InputError(Exception):
    """A source that cannot be read: a one-line message in Swedish (`str()`), and in English."""

    def __init__(self, message: str, en: str | None = None):
        super().__init__(message)
        self.sv = message
        self.en = en or message

    def text(self, lang: str = "sv") -> str:
        return self.en if lang == "en" else self.sv

    def replace(self, old: str, new: str) -> "InputError":
        """The same error with a path shown differently (an upload's temporary name -> its own)."""
        return InputError(self.sv.replace(old, new), self.en.replace(old, new))


def input_error(path, sv: str, en: str) -> InputError:
    """An InputError about a file: "<path>: <message>" in both languages."""
    return InputError(f"{path}: {sv}", f"{path}: {en}")


def read_error(path, key: str, **args) -> InputError:
    """An InputError about a file whose message is the catalogue's `key` (malkoll/i18n.py, `read.*`)."""
    return input_error(path, t(key, "sv", **args), t(key, "en", **args))


@dataclass
class FileRecord:
    """What ingest found in one file: goals, attached indicators, background text, skipped parts."""
    file: str
    format: str
    status: str = "ok"  # "ok" | "skipped"
    reason: str | None = None
    reason_en: str | None = None
    goals: int = 0
    indicators: int = 0
    background: int = 0
    skipped: list[tuple[object, str, dict]] = field(default_factory=list)  # (Where, i18n key, arguments)
    uncertain: list = field(default_factory=list)  # outline.Uncertain: goal-like passages not taken
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (sv, en): read, with a caveat (cp1252 lines …)


@dataclass
class IngestLog:
    """Collects a FileRecord per file read by `read_sources` (pass one in to get the counts)."""
    files: list[FileRecord] = field(default_factory=list)


_current: ContextVar[FileRecord | None] = ContextVar("malkoll_ingest_record", default=None)


def note_skipped(where, reason: str, **args) -> None:
    """Readers: record a part of the file that was not read (a sheet, a page, rows): where (a
    `blocks.Where`) and why (an i18n key with its arguments, rendered in the report's language)."""
    rec = _current.get()
    if rec is not None:
        rec.skipped.append((where, reason, args))


def note_warning(sv: str, en: str | None = None) -> None:
    """Readers: the file was read, with a caveat the user should see (e.g. lines decoded as cp1252)."""
    rec = _current.get()
    if rec is not None:
        rec.warnings.append((sv, en or sv))


BlockReader = Callable[..., Iterator]  # (path, config, budget) -> Iterator[Block]
RecordReader = Callable[[Path, Config], Iterator[GoalInput]]
READERS: dict[str, BlockReader] = {}
RECORD_READERS: dict[str, RecordReader] = {}


def _registrar(table: dict):
    def for_suffixes(*suffixes: str):
        def register(fn):
            for suf in suffixes:
                table[suf] = fn
            return fn
        return register
    return for_suffixes


reader = _registrar(READERS)  # a document reader: file -> blocks
record_reader = _registrar(RECORD_READERS)  # a record reader: file -> goals, one per line


from malkoll.ingest import plain  # noqa: E402,F401  (registers .txt and .jsonl)
from malkoll.ingest import markdown  # noqa: E402,F401  (registers .md and .markdown)
from malkoll.ingest import csv_, docx, pdf, xlsx  # noqa: E402,F401  (registers .csv, .docx, .xlsx, .pdf)
from malkoll.ingest.decode import scrub, split_lines  # noqa: E402
from malkoll.ingest.safety import Budget, read_isolated, reader_failure  # noqa: E402


def supported_suffixes() -> list[str]:
    return sorted(set(READERS) | set(RECORD_READERS))


def read_blocks(path: Path, config: Config | None = None, budget: Budget | None = None) -> Iterator:
    """The blocks of a document file (headings, paragraphs, items, tables, pages), as its reader
    gives them. Formats in `budget.isolate` are read in a worker process under the budget's CPU and
    memory limits (malkoll.ingest.safety.read_isolated)."""
    config = config or Config()
    budget = budget or Budget()
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise _unsupported(path)
    if suffix in budget.isolate:
        yield from read_isolated(READERS[suffix], path, config, budget)
    else:
        yield from READERS[suffix](path, config, budget)


def _unsupported(path: Path) -> InputError:
    suffix = path.suffix.lower()
    kinds = ", ".join(supported_suffixes())
    return InputError(*(f"{path}: " + t("read.unsupported", lang, suffix=suffix or t("read.no_suffix", lang), kinds=kinds)
                        for lang in ("sv", "en")))


def read_path(path: Path, config: Config, budget: Budget | None = None) -> Iterator[GoalInput]:
    """The goals of one file: a document through the outline, a goal list line by line."""
    suffix = path.suffix.lower()
    if suffix not in READERS and suffix not in RECORD_READERS:
        raise _unsupported(path)
    try:
        is_file = path.is_file()
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        raise read_error(path, "read.cannot_read_file", why=why) from None
    if not is_file:
        raise read_error(path, "read.missing_or_unreadable")
    if suffix in RECORD_READERS:
        yield from RECORD_READERS[suffix](path, config)
        return
    from malkoll.outline import outline
    from malkoll.parallel import collected_once

    with collected_once(alone=True):  # thousands of goals, and the pipeline loaded meanwhile: one collection
        result = outline(read_blocks(path, config, budget), file=str(path), format=suffix.lstrip("."),
                         owners=config.owners, text_columns=config.text_column, engine=config.engine)
    rec = _current.get()
    if rec is not None:
        rec.indicators += result.indicators
        rec.background += result.background
        for where, reason in result.skipped:
            rec.skipped.append((where, reason, {}))
        rec.uncertain += result.uncertain
    if not result.goals and result.skipped and suffix in (".csv",):  # a CSV is one table: nothing to read
        names = ", ".join(config.text_column)
        raise read_error(path, "ingest.no_goal_column", names=names)
    yield from result.goals


def goals_from_text(text: str, file: str | None = None, config: Config | None = None, fmt: str = "md") -> list[GoalInput]:
    """The goals of a document given as text (Markdown; the plain outlines of the rule examples):
    the Markdown reader's blocks through the outline, as for a file."""
    from malkoll.ingest.markdown import split_blocks
    from malkoll.outline import outline

    config = config or Config()
    return outline(split_blocks(text), file=file, format=fmt, owners=config.owners,
                   text_columns=config.text_column, engine=config.engine).goals


def where_text(where, lang: str = "sv") -> str | None:
    """A reader's position as a person reads it ("blad Instruktioner", "sida 2")."""
    if where is None or isinstance(where, str):
        return where
    src = Source(sheet=where.sheet, table=where.table, row=where.row, page=where.page,
                 paragraph=where.paragraph, line=where.line)
    return src.location_text(lang)


def is_folder(path: Path) -> bool:
    """Path.is_dir, False also where the path cannot be looked at (a folder without permission on
    the way): reading it then says so in one line."""
    try:
        return path.is_dir()
    except OSError:
        return False


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
        except Exception as exc:  # noqa: BLE001 - zlib.error, RecursionError, a parser's own …: never a traceback
            err = reader_failure(path, exc)
            if shown != str(path):
                err = err.replace(str(path), shown)
            if not tolerant:
                raise err from exc
            rec.status, rec.reason, rec.reason_en = "skipped", err.sv, err.en
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
        buffered = [GoalInput(text="", id=f"f{n_file}-fil",
                              source=Source(file=shown, format=rec.format, location="hela filen"))
                    .with_error(rec.reason, rec.reason_en or rec.reason)]
    yield from buffered


def read_sources(paths: list[str], config: Config, stdin_text: str | None = None,
                 log: IngestLog | None = None, seen: set[str] | None = None,
                 budget: Budget | None = None, tolerant: bool = False) -> Iterator[GoalInput]:
    """Goals from files, folders (recursively, sorted) and '-' (stdin, one goal a line).

    A file given by name that cannot be read raises InputError (with `tolerant`, it is skipped as one
    in a folder: several uploaded files, where one broken file should not lose the others). Inside a
    folder, such a file is skipped and the others are read: with `log`, it becomes a skipped-file
    record there (with the reason); without one, a GoalInput with `error` so that nothing disappears
    silently. Goal ids stay unique across files and with `seen` (a colliding id gets the prefix `f<n>-`).
    """
    seen = seen if seen is not None else set()
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
            why = exc.strerror or type(exc).__name__
            raise read_error(display_path(path), "read.cannot_read", why=why) from None
        if is_dir:
            files = _files_in(path)
            if not files:
                raise read_error(display_path(path), "read.empty_folder")
            for f in files:
                n_file += 1
                yield from _read_logged(f, config, log, seen, n_file, tolerant=True, budget=budget)
        elif not exists:
            raise read_error(display_path(path), "read.missing")
        else:
            n_file += 1
            yield from _read_logged(path, config, log, seen, n_file, tolerant=tolerant, budget=budget)


def _files_in(folder: Path) -> list[Path]:
    """The readable files under a folder, sorted; a subfolder that cannot be listed is left out
    (and named in the message if nothing else is found)."""
    found: list[Path] = []
    denied: list[str] = []
    suffixes = set(supported_suffixes())

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
                elif e.is_file() and e.suffix.lower() in suffixes and not e.name.startswith("~$"):
                    found.append(e)
            except OSError:
                denied.append(display_path(e))

    walk(folder)
    if not found and denied:
        shown = "; ".join(denied[:3])
        raise read_error(display_path(folder), "read.cannot_read_folder", shown=shown)
    return sorted(found)
