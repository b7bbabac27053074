"""Excel workbooks (.xlsx): every sheet read as a table by its header row.

The file is checked first (`safety.check_office_zip`), then streamed with openpyxl in read-only
mode (values, not formulas; openpyxl parses with defusedxml when it is installed). The sheet name
works as a heading (a sheet "Socialnämnden" gives the owner, a sheet "Nämndmål" the level). The
header row is found among the first 15 rows; a sheet with content but no goal or indicator column
is recorded as skipped, with the reason. Locations: "blad NAMN, rad R".
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, note_skipped, reader
from malkoll.ingest.safety import check_office_zip
from malkoll.ingest.structure import Block, Outline
from malkoll.report import GoalInput

MAX_ROWS = 200_000


def open_workbook(path: Path):
    """A read-only workbook after the safety checks (also used by the Excel report for round trips)."""
    check_office_zip(path, "xlsx")
    try:
        import openpyxl

        return openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise InputError(f"{path}: Excel-filen kunde inte läsas ({type(exc).__name__})") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise InputError(f"{path}: Excel-filen kunde inte läsas ({type(exc).__name__})") from exc


def sheet_rows(ws, name: str) -> Iterator[tuple[list, str, int]]:
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r > MAX_ROWS:
            note_skipped(f"blad {name}, från rad {r}", f"bladet har fler än {MAX_ROWS} rader; resten lästes inte")
            return
        yield list(row), f"blad {name}, rad {r}", r


@reader(".xlsx")
def read_xlsx(path: Path, config: Config) -> Iterator[GoalInput]:
    wb = open_workbook(path)
    outline = Outline(str(path))
    try:
        for ws in wb.worksheets:
            name = ws.title
            if not hasattr(ws, "iter_rows"):
                note_skipped(f"blad {name}", "bladet är ett diagramblad utan celler")
                continue
            outline.heading(Block("heading", name, 1, f"blad {name}", None))
            rows = sheet_rows(ws, name)
            try:
                ok = outline.table(rows, config.text_column)
            except (ValueError, TypeError, KeyError, zipfile.BadZipFile, OSError) as exc:
                note_skipped(f"blad {name}", f"bladet kunde inte läsas ({type(exc).__name__})")
                continue
            if not ok:
                if any(any(v not in (None, "") for v in cells) for cells, _, _ in sheet_rows(ws, name)):
                    note_skipped(f"blad {name}", "inga kolumner med mål eller indikatorer hittades "
                                                 "(t.ex. Mål, KF-mål, Nämndmål, Indikator)")
    finally:
        wb.close()
    yield from outline.finish()
