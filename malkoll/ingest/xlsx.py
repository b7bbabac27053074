"""Excel workbooks (.xlsx) -> blocks: for each sheet a heading (its name) and a table (its rows).

The file is checked first (`safety.check_office_zip`), then streamed straight from the zip with
lxml (values, not formulas; several times faster than openpyxl), or with openpyxl in read-only mode
when the workbook has parts the fast reader does not know. The sheet's name works as a heading for
the outline (a sheet "Socialnämnden" gives the owner, "Nämndmål" the level); which row is the
header and what the columns mean is the outline's to decide. Chart sheets and rows beyond
200 000 are reported as not read. Every cell knows its sheet, row and column.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from malkoll.config import Config
from malkoll.ingest import InputError, note_skipped, read_error, reader
from malkoll.ingest.blocks import Block, Cell, Line, Where, table
from malkoll.ingest.safety import check_office_zip

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


def fast_sheets(path: Path) -> list[tuple[str, Iterator[tuple[list, str, int]] | None]]:
    """(sheet name, rows) per worksheet, read with lxml straight from the zip: values only, like
    openpyxl's read-only data_only mode but several times faster. Chart sheets give rows None.
    The workbook's index is read at once (raising if it has parts this reader does not know); each
    sheet's rows are streamed from the zip when they are read."""
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
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
        index = []
        for sheet in parse("xl/workbook.xml").getroot().iter(f"{NS}sheet"):
            index.append((sheet.get("name") or "?", rels.get(sheet.get(f"{REL_NS}id"), "")))
    out = []
    for name, target in index:
        if "worksheets/" not in target or target not in names:
            out.append((name, None))
        else:
            out.append((name, _fast_rows(path, target, name, shared)))
    return out


def _fast_rows(path: Path, target: str, name: str, shared: list[str]) -> Iterator[tuple[list, str, int]]:
    from lxml import etree

    with zipfile.ZipFile(path) as zf, zf.open(target) as fh:
        last = 0
        for _, row in etree.iterparse(fh, events=("end",), tag=f"{NS}row", **_parser_kw()):
            r = int(row.get("r") or last + 1)
            last = r
            if r > MAX_ROWS:
                note_skipped(Where(sheet=name, row=r), "ingest.skipped.too_many_rows", max=MAX_ROWS)
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
            yield cells, name, r



def open_workbook(path: Path):
    """A read-only openpyxl workbook after the safety checks."""
    check_office_zip(path, "xlsx")
    try:
        import openpyxl

        return openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise read_error(path, "read.xlsx_unreadable", why=type(exc).__name__) from exc


def _openpyxl_sheets(path: Path) -> list[tuple[str, list | None]]:
    """The fallback for workbooks the fast reader does not know: each sheet's rows read at once."""
    wb = open_workbook(path)
    out = []
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                out.append((ws.title, None))
                continue
            try:
                out.append((ws.title, list(_openpyxl_rows(ws, ws.title))))
            except (ValueError, TypeError, KeyError, zipfile.BadZipFile, OSError) as exc:
                note_skipped(Where(sheet=ws.title), "ingest.skipped.sheet_unreadable", why=type(exc).__name__)
    finally:
        wb.close()
    return out


def _openpyxl_rows(ws, name: str) -> Iterator[tuple[list, str, int]]:
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if r > MAX_ROWS:
            note_skipped(Where(sheet=name, row=r), "ingest.skipped.too_many_rows", max=MAX_ROWS)
            return
        yield list(row), name, r


def _cells(values: list, name: str, r: int) -> list[Cell]:
    return [Cell(v, Where(sheet=name, row=r, column=c)) for c, v in enumerate(values, start=1)]


def _guarded(rows, name: str) -> Iterator[list[Cell]]:
    """A sheet's rows as cells; a sheet that breaks off is reported, the rows before it are kept."""
    try:
        for values, _name, r in rows:
            yield _cells(values, name, r)
    except (ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        note_skipped(Where(sheet=name), "ingest.skipped.sheet_unreadable", why=type(exc).__name__)


def sheets(path: Path, fast: bool = True, budget=None) -> Iterator[tuple[str, Iterator[list[Cell]] | None]]:
    """(sheet name, rows of cells) per sheet; chart sheets give None. The fast reader is tried first."""
    check_office_zip(path, "xlsx", budget)
    index = None
    if fast:
        try:
            index = fast_sheets(path)
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - anything the fast reader does not know: openpyxl reads it
            index = None
    if index is None:
        index = _openpyxl_sheets(path)
    for name, rows in index:
        yield name, (_guarded(rows, name) if rows is not None else None)


@reader(".xlsx")
def read_xlsx(path: Path, config: Config, budget=None) -> Iterator[Block]:
    for name, rows in sheets(path, budget=budget):
        if rows is None:
            note_skipped(Where(sheet=name), "ingest.skipped.chart_sheet")
            continue
        yield Block("heading", [Line(name, Where(sheet=name))], depth=1)
        yield table(rows, Where(sheet=name), whole=True, name=name)
