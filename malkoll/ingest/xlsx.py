"""Excel workbooks (.xlsx): every sheet read as a table by its header row.

The file is checked first (`safety.check_office_zip`), then streamed with openpyxl in read-only
mode (values, not formulas; openpyxl parses with defusedxml when it is installed). The sheet name
works as a heading (a sheet "Socialnämnden" gives the owner, a sheet "Nämndmål" the level). The
header row is found among the first 15 rows; a sheet with content but no goal or indicator column
is recorded as skipped, with the reason. Locations: "blad NAMN, rad R".
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, note_skipped, reader
from malkoll.ingest.safety import check_office_zip
from malkoll.ingest.structure import Block, Outline
from malkoll.report import GoalInput

MAX_ROWS = 200_000

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF_RE = re.compile(r"^([A-Z]+)(\d+)$")


def _parser_kw() -> dict:
    # entities are never resolved and nothing is fetched (DOCTYPE/ENTITY were refused before)
    return {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _text_of(el) -> str:
    """The text of a shared string or inline string: its <t> runs, without phonetic (rPh) runs."""
    parts = []
    for t in el.iter(f"{NS}t"):
        parent = t.getparent()
        if parent is not None and parent.tag == f"{NS}rPh":
            continue
        parts.append(t.text or "")
    return "".join(parts)


def fast_sheets(path: Path) -> Iterator[tuple[str, Iterator[tuple[list, str, int]] | None]]:
    """(sheet name, rows) per worksheet, read with lxml straight from the zip: values only, like
    openpyxl's read-only data_only mode but several times faster. Chart sheets give rows None."""
    from lxml import etree

    zf = zipfile.ZipFile(path)
    try:
        names = set(zf.namelist())

        def parse(name):
            with zf.open(name) as fh:
                return etree.parse(fh, etree.XMLParser(**_parser_kw()))

        rels = {}
        rels_name = "xl/_rels/workbook.xml.rels"
        if rels_name in names:
            for rel in parse(rels_name).getroot().iter(f"{PKG_REL}Relationship"):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else "xl/" + target
                rels[rel.get("Id")] = target
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            with zf.open("xl/sharedStrings.xml") as fh:
                for _, si in etree.iterparse(fh, events=("end",), tag=f"{NS}si", **_parser_kw()):
                    shared.append(_text_of(si))
                    si.clear()
        sheets = []
        for sheet in parse("xl/workbook.xml").getroot().iter(f"{NS}sheet"):
            sheets.append((sheet.get("name") or "?", rels.get(sheet.get(f"{REL_NS}id"), "")))
        for name, target in sheets:
            if "worksheets/" not in target or target not in names:
                yield name, None
                continue
            yield name, _fast_rows(zf, target, name, shared)
    finally:
        zf.close()


def _fast_rows(zf, target: str, name: str, shared: list[str]) -> Iterator[tuple[list, str, int]]:
    from lxml import etree

    with zf.open(target) as fh:
        last = 0
        for _, row in etree.iterparse(fh, events=("end",), tag=f"{NS}row", **_parser_kw()):
            r = int(row.get("r") or last + 1)
            last = r
            if r > MAX_ROWS:
                note_skipped(f"blad {name}, från rad {r}", f"bladet har fler än {MAX_ROWS} rader; resten lästes inte")
                return
            cells: list = []
            for i, c in enumerate(row.iter(f"{NS}c")):
                m = CELL_REF_RE.match(c.get("r") or "")
                col = _col_index(m.group(1)) if m else i
                if col > 16384:
                    continue
                kind = c.get("t")
                v = c.find(f"{NS}v")
                if kind == "s":
                    value = shared[int(v.text)] if v is not None and v.text and int(v.text) < len(shared) else None
                elif kind == "inlineStr":
                    is_ = c.find(f"{NS}is")
                    value = _text_of(is_) if is_ is not None else None
                elif kind in ("str", "e"):
                    value = v.text if v is not None else None
                elif kind == "b":
                    value = bool(int(v.text)) if v is not None and v.text else None
                else:
                    value = None
                    if v is not None and v.text:
                        try:
                            num = float(v.text)
                            value = int(num) if num.is_integer() else num
                        except ValueError:
                            value = v.text
                if len(cells) <= col:
                    cells.extend([None] * (col + 1 - len(cells)))
                cells[col] = value
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            yield cells, f"blad {name}, rad {r}", r



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
def read_xlsx(path: Path, config: Config, budget=None) -> Iterator[GoalInput]:
    check_office_zip(path, "xlsx", budget)
    try:
        outline = _read_fast(path, config)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - anything the fast reader does not know: openpyxl reads it
        outline = None
    if outline is None:
        outline = _read_openpyxl(path, config)
    yield from outline.finish()


def _read_fast(path: Path, config: Config) -> Outline:
    """lxml straight from the zip; the skipped-part notes are only kept if the whole read succeeds."""
    from malkoll.ingest import _current

    rec = _current.get()
    before = list(rec.skipped) if rec is not None else None
    outline = Outline(str(path))
    try:
        for name, rows in fast_sheets(path):
            _read_sheet(outline, name, rows, lambda: rows_again(path, name), config)
    except Exception:
        if rec is not None:
            rec.skipped[:] = before
        raise
    return outline


def rows_again(path: Path, name: str):
    for n, rows in fast_sheets(path):
        if n == name:
            yield from rows or ()


def _read_sheet(outline: Outline, name: str, rows, again, config: Config) -> None:
    if rows is None:
        note_skipped(f"blad {name}", "bladet är ett diagramblad utan celler")
        return
    outline.heading(Block("heading", name, 1, f"blad {name}", None))
    if not outline.table(rows, config.text_column):
        if any(any(v not in (None, "") for v in cells) for cells, _, _ in again()):
            note_skipped(f"blad {name}", "inga kolumner med mål eller indikatorer hittades "
                                         "(t.ex. Mål, KF-mål, Nämndmål, Indikator)")


def _read_openpyxl(path: Path, config: Config) -> Outline:
    wb = open_workbook(path)
    outline = Outline(str(path))
    try:
        for ws in wb.worksheets:
            name = ws.title
            if not hasattr(ws, "iter_rows"):
                _read_sheet(outline, name, None, None, config)
                continue
            try:
                _read_sheet(outline, name, sheet_rows(ws, name), lambda ws=ws, name=name: sheet_rows(ws, name), config)
            except (ValueError, TypeError, KeyError, zipfile.BadZipFile, OSError) as exc:
                note_skipped(f"blad {name}", f"bladet kunde inte läsas ({type(exc).__name__})")
    finally:
        wb.close()
    return outline
