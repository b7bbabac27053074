"""CSV files (.csv): the whole file is one table, read by the outline like an Excel sheet.

Encoding: UTF-8 (with or without BOM), else cp1252 — what Excel in a Swedish office saves. The
delimiter is sniffed among ; , tab and | (Swedish Excel uses ';' because ',' is the decimal comma).
Each cell knows its row and column.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import input_error, reader
from malkoll.ingest.blocks import Block, Cell, Where, table
from malkoll.ingest.safety import check_size

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_FIELD = 100_000


def decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return raw.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise input_error(path, "filen kunde inte avkodas som UTF-16", "the file could not be decoded as UTF-16") from exc
        raise input_error(path, "filen är inte text (binärt innehåll)", "the file is not text (binary content)")
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
def read_csv(path: Path, config: Config) -> Iterator[Block]:
    check_size(path, MAX_CSV_BYTES)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise input_error(path, f"kan inte läsa filen ({exc.strerror or exc})",
                          f"cannot read the file ({exc.strerror or exc})") from exc
    text = decode(path, raw)
    delim = sniff_delimiter(text[:8192])
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = [[Cell(v, Where(row=n, column=c)) for c, v in enumerate(row, start=1)]
                for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim), start=1)]
    except csv.Error as exc:
        raise input_error(path, f"CSV-filen är trasig ({exc})", f"the CSV file is broken ({exc})") from exc
    yield table(rows, Where(row=1), whole=True)
