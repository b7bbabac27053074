"""Plain sources: .txt (one goal per non-empty line) and .jsonl (one object per line)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import ValidationError

from malkoll.config import Config
from malkoll.ingest import InputError, reader
from malkoll.report import GoalInput, Source

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path) -> str:
    """Read a text file as UTF-8 (with or without BOM), falling back to cp1252, common in Swedish offices."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(f"{path}: filen är för stor (över {MAX_FILE_BYTES // 1024 // 1024} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: kan inte läsa filen ({exc.strerror or exc})") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: filen är inte text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def goals_from_lines(lines: Iterable[str], file: str | None) -> Iterator[GoalInput]:
    n = 0
    for lineno, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        n += 1
        col = len(line) - len(line.lstrip()) + 1
        yield GoalInput(text=text, id=f"g{n}", source=Source(file=file, location=f"rad {lineno}", line=lineno, column=col))


@reader(".txt")
def read_txt(path: Path, config: Config) -> Iterator[GoalInput]:
    yield from goals_from_lines(read_text_file(path).splitlines(), file=str(path))


@reader(".jsonl")
def read_jsonl(path: Path, config: Config) -> Iterator[GoalInput]:
    n = 0
    for lineno, line in enumerate(read_text_file(path).splitlines(), start=1):
        if not line.strip():
            continue
        n += 1
        source = Source(file=str(path), location=f"rad {lineno}", line=lineno)
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
        except (ValueError, ValidationError) as exc:
            yield GoalInput(text=line.strip()[:200], id=f"g{n}", source=source,
                            error=f"rad {lineno}: inte ett JSON-objekt med fältet ”text” ({type(exc).__name__})")
