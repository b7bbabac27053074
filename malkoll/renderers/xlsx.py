"""An Excel report (bytes) that keeps the input rows and adds Målkoll's columns, so a Stratsys or
Excel export can go out, be reviewed and come back.

Sheets, in order:
- for every .xlsx or .csv source the report came from (and that can still be read): its sheets
  with every input row as it was (values; the header row where it was), and after the last input
  column the added columns "Målkoll: id", nivå, poäng, bedömning, one column per dimension
  (ja/nej), fynd, målkedjan (cascade findings), föreslagna indikatorer (Källa: Kolada) and
  omskrivning on the rows that hold goals. A single source keeps its sheet names; several get a
  number prefix. Rows holding two goals (KF-mål and nämndmål side by side) get both, by id.
- "Målkoll – mål": one row per goal, from any source (Word, PDF, text too);
- "Målkoll – sammanfattning": totals, the documents (found, analyzed, skipped and why) and the
  cascade findings.

The source workbook is re-read (with the same safety checks as ingest) because the Report keeps
each goal's location, not the other cells of its row; a source that is gone is skipped here and
its goals still appear on the goals sheet. Text cells that start with '=' are written as text,
never as formulas.
"""
from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

from malkoll.i18n import t
from malkoll.report import DIMENSIONS, GRADES, GoalReport, Report

LOC_SHEET_RE = re.compile(r"^blad (?P<sheet>.+), rad (?P<row>\d+)")
LOC_ROW_RE = re.compile(r"^rad (?P<row>\d+)")

# keys of the one string catalogue (malkoll.i18n) that are not under "xlsx."
_SHARED = {"yes": "yes", "no": "no", "file": "file", "location": "location", "owner": "owner", "parent": "parent",
           "goal": "goal", "doc_indicators": "doc_indicators", "error": "grade.error", "n_errors": "grade.error",
           "documents": "doc.documents", "skipped": "doc.skipped_parts"}


def s(key: str, lang: str):
    return t(_SHARED.get(key, "xlsx." + key), lang)


def _clean(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _added_values(goals: list[GoalReport], cascade: dict[str, list], lang: str) -> list:
    """The added columns for one input row (usually one goal; two side by side are joined by id)."""
    many = len(goals) > 1

    def join(fn):
        vals = [fn(g) for g in goals]
        if not many:
            return vals[0]
        return "\n".join(f"{g.id}: {v}" for g, v in zip(goals, vals) if v not in (None, ""))

    out = [join(lambda g: g.id),
           join(lambda g: t("level." + g.level.value, lang) if g.level else ""),
           join(lambda g: g.score if g.score is not None else ""),
           join(lambda g: t("grade." + g.grade, lang) if g.grade else f"{s('error', lang)}: {g.error}")]
    for d in DIMENSIONS:
        out.append(join(lambda g, d=d: "" if not g.dimensions else (s("yes", lang) if g.dimensions[d] else s("no", lang))))
    out.append(join(lambda g: "\n".join(f"{f.rule} {f.name}: {f.message}" for f in g.findings)))
    out.append(join(lambda g: "\n".join(f"{f.rule} {f.name}: {f.message}" for f in cascade.get(g.id, []))))
    out.append(join(lambda g: "\n".join(
        (f"{i.id} {i.title} (Kolada)" if i.source == "kolada" else i.title) for i in g.indicators)))
    out.append(join(lambda g: g.rewrite or ""))
    return [v if v is not None else "" for v in out]


def _added_header(lang: str) -> list[str]:
    return ([s("id", lang), s("level", lang), s("score", lang), s("grade", lang)]
            + [t("xlsx.dimension", lang, dim=t("dim." + d, lang).lower()) for d in DIMENSIONS]
            + [s("findings", lang), s("cascade", lang), s("indicators", lang), s("rewrite", lang)])


def _source_sheets(path: Path) -> list[tuple[str, list[list]]] | None:
    """The sheets of an .xlsx/.csv source as (name, rows of values), or None if it cannot be read."""
    try:
        if path.suffix.lower() == ".xlsx":
            from malkoll.ingest.xlsx import open_workbook

            wb = open_workbook(path)
            try:
                return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)])
                        for ws in wb.worksheets if hasattr(ws, "iter_rows")]
            finally:
                wb.close()
        if path.suffix.lower() == ".csv":
            import csv

            from malkoll.ingest.csv_ import decode, sniff_delimiter

            text = decode(path, path.read_bytes())
            return [(path.stem[:31] or "csv", [list(r) for r in csv.reader(io.StringIO(text),
                                                                          delimiter=sniff_delimiter(text[:8192]))])]
    except Exception:  # noqa: BLE001 - the source is gone or broken: the goals sheet still has everything
        return None
    return None


def _header_index(rows: list[list]) -> int | None:
    from malkoll.ingest.structure import find_header

    found = find_header([[("" if v is None else str(v)) for v in r] for r in rows[:15]], ("text", "mål"))
    return found[0] if found else None


def render(report: Report, lang: str = "sv", source_paths: dict[str, str] | None = None, **_) -> bytes:
    """`source_paths` maps a goal's `source.file` to where that file can be read now, when it is not
    the same (the service renders an uploaded file's report while the upload still exists)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)  # rows appended in order: fast, and light on memory
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(ws, value, font=None, alignment=None):
        c = WriteOnlyCell(ws, value=_clean(value))
        if isinstance(value, str) and value.startswith("="):
            c.data_type = "s"  # text, never a formula
        if font is not None:
            c.font = font
        if alignment is not None:
            c.alignment = alignment
        return c

    def row_of(ws, values, font=None, alignment=None, plain_upto: int = 0):
        """Cells for one row; values before `plain_upto` are written as they are (no style)."""
        out = []
        for i, v in enumerate(values):
            styled = i >= plain_upto and (font is not None or alignment is not None)
            if v is None or v == "":
                out.append(None)
            elif not styled and not (isinstance(v, str) and v.startswith("=")):
                out.append(_clean(v))
            else:
                out.append(cell(ws, v, font if styled else None, alignment if styled else None))
        return out

    cascade: dict[str, list] = defaultdict(list)
    for d in report.documents or []:
        for f in d.findings:
            if f.goal:
                cascade[f.goal].append(f)

    # 1. the input rows of table sources, with the added columns
    rows_of: dict[str, dict[tuple[str | None, int], list[GoalReport]]] = defaultdict(lambda: defaultdict(list))
    for g in report.goals:
        if not g.source or not g.source.file or not g.source.location:
            continue
        suffix = Path(g.source.file).suffix.lower()
        if suffix == ".xlsx":
            m = LOC_SHEET_RE.match(g.source.location)
            if m:
                rows_of[g.source.file][(m.group("sheet"), int(m.group("row")))].append(g)
        elif suffix == ".csv":
            m = LOC_ROW_RE.match(g.source.location)
            if m:
                rows_of[g.source.file][(None, int(m.group("row")))].append(g)
    sources = list(rows_of)
    used_names: set[str] = set()
    for k, file in enumerate(sources, start=1):
        sheets = _source_sheets(Path((source_paths or {}).get(file, file)))
        if sheets is None:
            continue
        for name, rows in sheets:
            key_name = None if Path(file).suffix.lower() == ".csv" else name
            goal_rows = {r: gs for (sh, r), gs in rows_of[file].items() if sh == key_name}
            title = (name if len(sources) == 1 else f"{k}-{name}")[:31]
            while title in used_names or title in (s("goals_sheet", lang), s("summary_sheet", lang)):
                title = (title[:28] + f"~{len(used_names)}")[:31]
            used_names.add(title)
            ws = wb.create_sheet(title)
            width = max((len(r) for r in rows), default=0)
            head = _header_index(rows) if goal_rows else None
            head_row = ((head + 1) if head is not None else 1) if goal_rows else None
            for r_index, row in enumerate(rows, start=1):
                values = list(row) + [None] * (width - len(row))
                if r_index == head_row:
                    ws.append(row_of(ws, values + _added_header(lang), font=bold, plain_upto=width))
                elif r_index in goal_rows:
                    ws.append(row_of(ws, values + _added_values(goal_rows[r_index], cascade, lang),
                                     alignment=wrap, plain_upto=width))
                else:
                    ws.append(row_of(ws, values, plain_upto=width))

    # 2. every goal
    ws = wb.create_sheet(s("goals_sheet", lang))
    for c_index, w in enumerate([8, 24, 26, 16, 26, 10, 70, 50], start=1):
        ws.column_dimensions[get_column_letter(c_index)].width = w
    ws.freeze_panes = "B2"
    head = [s("id", lang), s("file", lang), s("location", lang), s("level", lang), s("owner", lang), s("parent", lang),
            s("goal", lang), s("doc_indicators", lang)] + _added_header(lang)[2:]
    ws.append(row_of(ws, head, font=bold))
    for g in report.goals:
        added = _added_values([g], cascade, lang)
        values = [g.id, g.source.file if g.source else "", g.source.location if g.source else "",
                  added[1], (g.source.owner if g.source and g.source.owner else ""), g.parent or "", g.text,
                  "\n".join(g.context_indicators)] + added[2:]
        ws.append(row_of(ws, values))

    # 3. summary
    ws = wb.create_sheet(s("summary_sheet", lang))
    ws.column_dimensions["A"].width = 40
    ws.append(row_of(ws, [s("totals", lang)], font=bold))
    ws.append([s("n_goals", lang), report.summary.goals])
    for g in GRADES:
        ws.append([t("grade." + g, lang), report.summary.by_grade.get(g, 0)])
    ws.append([s("n_errors", lang), report.summary.errors])
    if any(i.source == "kolada" for g in report.goals for i in g.indicators):
        ws.append([s("kolada", lang)])
    if report.documents:
        ws.append([])
        ws.append(row_of(ws, [s("documents", lang)], font=bold))
        ws.append(row_of(ws, s("doc_head", lang), font=bold))
        for d in report.documents:
            ws.append(row_of(ws, [d.file, d.status, d.reason or "", d.goals_found, d.goals_analyzed, d.goals_failed,
                                  d.indicators, d.background, len(d.findings)]))
        skipped = [(d.file, x) for d in report.documents for x in d.skipped]
        if skipped:
            ws.append([])
            ws.append(row_of(ws, [s("skipped", lang)], font=bold))
            for file, x in skipped:
                ws.append(row_of(ws, [file, x.location or "", x.reason]))
        ws.append([])
        ws.append(row_of(ws, s("cascade_head", lang), font=bold))
        for d in report.documents:
            for f in d.findings:
                ws.append(row_of(ws, [d.file, f"{f.rule} {f.name}", t("sev." + f.severity, lang), f.goal or "",
                                      f.message, f.suggestion or ""]))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
