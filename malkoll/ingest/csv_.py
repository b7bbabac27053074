"""CSV files (.csv): a table read by its header row, like an Excel sheet.

Encoding: UTF-8 (with or without BOM), else cp1252 — what Excel in a Swedish office saves. The
delimiter is sniffed among ; , tab and | (Swedish Excel uses ';' because ',' is the decimal comma).
A CSV without a recognisable goal column but with a single column is read one goal per row.
Locations: "rad R".
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, reader
from malkoll.ingest.plain import goals_from_lines
from malkoll.ingest.safety import check_size
from malkoll.ingest.structure import Outline
from malkoll.report import GoalInput

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_FIELD = 100_000


def decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return raw.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: filen kunde inte avkodas som UTF-16") from exc
        raise InputError(f"{path}: filen är inte text (binärt innehåll)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count) if first else ","


@reader(".csv")
def read_csv(path: Path, config: Config) -> Iterator[GoalInput]:
    check_size(path, MAX_CSV_BYTES)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: kan inte läsa filen ({exc.strerror or exc})") from exc
    text = decode(path, raw)
    delim = sniff_delimiter(text[:8192])
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = [(row, f"rad {n}", n) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim), start=1)]
    except csv.Error as exc:
        raise InputError(f"{path}: CSV-filen är trasig ({exc})") from exc
    outline = Outline(str(path))
    if outline.table(rows, config.text_column):
        yield from outline.finish()
        return
    if rows and max(len(r) for r, _, _ in rows) <= 1:
        yield from goals_from_lines([(r[0] if r else "") for r, _, _ in rows], file=str(path))
        return
    raise InputError(f"{path}: hittar ingen kolumn med mål (rubriker som {', '.join(config.text_column)}, "
                     f"Mål, KF-mål, Nämndmål, Indikator)")
