"""CSV files (.csv): a table read by its header row, like an Excel sheet.

Encoding: the one decoding step (malkoll.ingest.decode): a BOM decides (UTF-8, UTF-16, UTF-32),
else UTF-8, with cp1252 — what Excel in a Swedish office saves — for the lines that are not. The
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
from malkoll.ingest.plain import goals_from_lines, read_text_file
from malkoll.ingest.safety import check_size
from malkoll.ingest.structure import Outline
from malkoll.report import GoalInput

MAX_CSV_BYTES = 50 * 1024 * 1024
MAX_FIELD = 100_000


def sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(";,\t|", key=first.count) if first else ","


@reader(".csv")
def read_csv(path: Path, config: Config, budget=None) -> Iterator[GoalInput]:
    check_size(path, MAX_CSV_BYTES)
    text = read_text_file(path, MAX_CSV_BYTES)
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
