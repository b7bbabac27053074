"""CSV files (.csv): the whole file is one table, read by the outline like an Excel sheet.

Encoding: the one decoding step (malkoll.ingest.decode): a BOM decides (UTF-8, UTF-16, UTF-32),
else UTF-8, with cp1252 — what Excel in a Swedish office saves — for the lines that are not. The
delimiter is sniffed among ; , tab and | (Swedish Excel uses ';' because ',' is the decimal comma).
Each cell knows its row and column.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import read_error, reader
from malkoll.ingest.blocks import Block, Cell, Where, table
from malkoll.ingest.plain import read_text_file
from malkoll.ingest.safety import check_size

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_FIELD = 100_000


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count) if first else ","


@reader(".csv")
def read_csv(path: Path, config: Config, budget=None) -> Iterator[Block]:
    check_size(path, MAX_CSV_BYTES)
    text = read_text_file(path, MAX_CSV_BYTES)
    delim = sniff_delimiter(text[:8192])
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = [[Cell(v, Where(row=n, column=c)) for c, v in enumerate(row, start=1)]
                for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim), start=1)]
    except csv.Error as exc:
        raise read_error(path, "read.csv_broken", why=exc) from exc
    yield table(rows, Where(row=1), whole=True)
