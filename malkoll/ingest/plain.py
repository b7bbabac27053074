"""Plain sources: .txt (one goal per non-empty line) and .jsonl (one object per line)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import ValidationError

from malkoll.config import Config
from malkoll.ingest import input_error, record_reader
from malkoll.report import GoalInput, Source

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_text_file(path: Path) -> str:
    """Read a text file as UTF-8 (with or without BOM), falling back to cp1252, common in Swedish offices."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise input_error(path, f"filen är för stor (över {MAX_FILE_BYTES // 1024 // 1024} MB)",
                              f"the file is too large (over {MAX_FILE_BYTES // 1024 // 1024} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise input_error(path, f"kan inte läsa filen ({exc.strerror or exc})",
                          f"cannot read the file ({exc.strerror or exc})") from exc
    if b"\x00" in raw[:4096]:
        raise input_error(path, "filen är inte text", "the file is not text")
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
        src = Source(file=file, format="txt" if file else None, line=lineno, column=col)
        src.location = src.location_text()
        yield GoalInput(text=text, id=f"g{n}", source=src)


@record_reader(".txt")
def read_txt(path: Path, config: Config) -> Iterator[GoalInput]:
    yield from goals_from_lines(read_text_file(path).splitlines(), file=str(path))


@record_reader(".jsonl")
def read_jsonl(path: Path, config: Config) -> Iterator[GoalInput]:
    n = 0
    for lineno, line in enumerate(read_text_file(path).splitlines(), start=1):
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
        except (ValueError, ValidationError) as exc:
            yield GoalInput(text=line.strip()[:200], id=f"g{n}", source=source,
                            error=f"rad {lineno}: inte ett JSON-objekt med fältet ”text” ({type(exc).__name__})")
