"""Plain sources: .txt (one goal per non-empty line) and .jsonl (one object per line)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import ValidationError

from malkoll.config import Config
from malkoll.i18n import t
from malkoll.ingest import note_warning, read_error, record_reader
from malkoll.ingest.decode import NotText, decode_bytes, split_lines
from malkoll.report import GoalInput, Source

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A text file through the one decoding step (malkoll.ingest.decode): a BOM decides (UTF-8,
    UTF-16, UTF-32), else UTF-8 line by line with cp1252 for the lines that are not; such lines
    are noted as a warning on the file's record."""
    try:
        if path.stat().st_size > limit:
            raise read_error(path, "read.too_large_over", limit=f"{limit // 1024 // 1024} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise read_error(path, "read.cannot_read_file", why=exc.strerror or exc) from exc
    try:
        decoded = decode_bytes(raw)
    except NotText:
        raise read_error(path, "read.not_text") from None
    for sv, en in zip(decoded.warnings("sv"), decoded.warnings("en")):
        note_warning(sv, en)
    return decoded.text


def goals_from_lines(lines: Iterable[str], file: str | None) -> Iterator[GoalInput]:
    n = 0
    for lineno, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        n += 1
        col = len(line) - len(line.lstrip()) + 1
        src = Source(file=file, format="txt" if file else None, line=lineno, column=col)
        src.location = src.location_text()
        yield GoalInput(text=text, id=f"g{n}", source=src)


@record_reader(".txt")
def read_txt(path: Path, config: Config) -> Iterator[GoalInput]:
    yield from goals_from_lines(split_lines(read_text_file(path)), file=str(path))


@record_reader(".jsonl")
def read_jsonl(path: Path, config: Config) -> Iterator[GoalInput]:
    n = 0
    for lineno, line in enumerate(split_lines(read_text_file(path)), start=1):
        if not line.strip():
            continue
        n += 1
        source = Source(file=str(path), format="jsonl", line=lineno)
        source.location = source.location_text()
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            text = obj.get("text")
            if not isinstance(text, str):
                raise ValueError("no text")
            yield GoalInput(text=text, id=str(obj.get("id") or f"g{n}"), level=obj.get("level"),
                            owner=obj.get("owner"), source=source,
                            level_from="caller" if obj.get("level") else None)
        except (ValueError, ValidationError, RecursionError) as exc:  # one bad line is one error goal
            why = type(exc).__name__
            yield GoalInput(text=line.strip()[:200], id=f"g{n}", source=source).with_error(
                t("read.jsonl_line", "sv", line=lineno, why=why), t("read.jsonl_line", "en", line=lineno, why=why))
