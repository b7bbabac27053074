"""An Excel report (bytes), read from the Report alone.

Sheets, in order:
- "Målkoll – mål": one row per goal — also where one source row holds two goals (a KF goal and a
  nämndmål side by side): its id, where it stands in its source (file, sheet or table, row, column,
  page, paragraph or line, and the location as text), the headings above it, level, owner, the goal
  above and how that link was found, the text, the indicators the document lists under it, score,
  verdict, one column per dimension (ja/nej), findings, cascade findings, suggested indicators
  (Källa: Kolada), sub-goals and the rewrite. The header row is frozen and filterable, so an export
  can be sorted, filtered and joined back to its source by sheet and row;
- "Målkoll – sammanfattning": totals, the documents (found, analyzed, uncertain, skipped and why,
  the parts not read, the passages left uncertain) and the cascade findings.

Text cells that start with '=' are written as text, never as formulas.
"""
from __future__ import annotations

import io
from collections import defaultdict
from copy import copy

from malkoll.i18n import t
from malkoll.report import DIMENSIONS, GRADES, GoalReport, Report

# keys of the one string catalogue (malkoll.i18n) shared with the other outputs; the rest is "xlsx."
_SHARED = {"file": "file", "location": "location", "level": "level", "parent": "parent", "goal": "goal",
           "doc_indicators": "doc_indicators", "score": "score", "grade": "grade", "findings": "findings",
           "yes": "yes", "no": "no", "error": "grade.error", "n_errors": "grade.error", "documents": "doc.documents",
           "skipped": "doc.skipped_parts", "uncertain": "doc.uncertain", "uncertain_head": "doc.uncertain_passages"}
WIDTHS = {"goal": 70, "doc_indicators": 40, "findings": 60, "cascade": 50, "indicators": 50, "rewrite": 60,
          "location": 24, "file": 24, "owner": 24, "headings": 30, "subgoals": 40}


def s(key: str, lang: str):
    return t(_SHARED.get(key, "xlsx." + key), lang)


def _clean(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _columns(lang: str) -> list[tuple[str, str]]:
    """(key, header) of the goals sheet, in order."""
    keys = ["id", "file", "sheet", "table", "row", "column", "page", "paragraph", "line", "location", "headings",
            "level", "owner", "parent", "link", "goal", "certainty", "doc_indicators", "score", "grade"]
    out = [(k, s(k, lang)) for k in keys]
    out += [(f"dim.{d}", t("dim." + d, lang)) for d in DIMENSIONS]
    out += [(k, s(k, lang)) for k in ("findings", "cascade", "indicators", "subgoals", "rewrite")]
    return out


def _goal_values(g: GoalReport, cascade: dict[str, list], lang: str) -> dict:
    src = g.source
    yes, no = s("yes", lang), s("no", lang)
    link = ""
    if g.link is not None:
        link = f"{s('link_' + g.link.by, lang)}: {g.link.evidence}" + (f" ({g.link.score})" if g.link.score is not None else "")
    values = {
        "id": g.id, "file": src.file if src else None, "sheet": src.sheet if src else None,
        "table": src.table if src else None, "row": src.row if src else None,
        "column": src.column if src and src.row is not None else None, "page": src.page if src else None,
        "paragraph": src.paragraph if src else None, "line": src.line if src else None,
        "location": (src.location_text(lang) if src else None), "headings": " › ".join(src.heading_path) if src else None,
        "level": t("level." + g.level.value, lang) if g.level else None, "owner": src.owner if src else None,
        "parent": g.parent, "link": link, "goal": g.text,
        "certainty": s("uncertain", lang) if src and src.certainty == "uncertain" else None,
        "doc_indicators": "\n".join(g.context_indicators), "score": g.score,
        "grade": t("grade." + g.grade, lang) if g.grade else f"{s('error', lang)}: {g.error}",
        "findings": "\n".join(f"{f.rule} {f.name}: {f.message}" for f in g.findings),
        "cascade": "\n".join(f"{f.rule} {f.name}: {f.message}" for f in cascade.get(g.id, [])),
        "indicators": "\n".join((f"{i.id} {i.title} (Kolada)" if i.source == "kolada" else i.title) for i in g.indicators),
        "subgoals": "\n".join(f"{x.owner}: {x.text}" if x.owner else x.text for x in g.subgoals),
        "rewrite": g.rewrite,
    }
    for d in DIMENSIONS:
        values[f"dim.{d}"] = "" if not g.dimensions else (yes if g.dimensions[d] else no)
    return values


def render(report: Report, lang: str = "sv", **_) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)  # rows appended in order: fast, and light on memory
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    styles: dict = {}  # one style per (font, alignment), copied onto each cell: openpyxl's style setters hash it per cell

    def style(ws, font, alignment):
        key = (id(font), id(alignment))
        if key not in styles:
            template = WriteOnlyCell(ws, value="")
            if font is not None:
                template.font = font
            if alignment is not None:
                template.alignment = alignment
            styles[key] = template._style
        return styles[key]

    def cell(ws, value, font=None, alignment=None):
        c = WriteOnlyCell(ws, value=_clean(value))
        if isinstance(value, str) and value.startswith("="):
            c.data_type = "s"  # text, never a formula
        if font is not None or alignment is not None:
            c._style = copy(style(ws, font, alignment))
        return c

    def row_of(ws, values, font=None, alignment=None):
        out = []
        for v in values:
            if v is None or v == "":
                out.append(None)
            elif font is None and (alignment is None or not isinstance(v, str)) and \
                    not (isinstance(v, str) and v.startswith("=")):
                out.append(_clean(v))  # a plain value: no cell object to make
            else:
                out.append(cell(ws, v, font, alignment if isinstance(v, str) else None))
        return out

    cascade: dict[str, list] = defaultdict(list)
    for d in report.documents or []:
        for f in d.findings:
            if f.goal:
                cascade[f.goal].append(f)

    # 1. every goal, one row each
    columns = _columns(lang)
    ws = wb.create_sheet(s("goals_sheet", lang))
    for c_index, (key, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c_index)].width = WIDTHS.get(key, 12)
    ws.freeze_panes = "B2"  # the header row and the id stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{1 + len(report.goals)}"
    ws.append(row_of(ws, [h for _, h in columns], font=bold))
    for g in report.goals:
        values = _goal_values(g, cascade, lang)
        ws.append(row_of(ws, [values[k] for k, _ in columns], alignment=wrap))

    # 2. summary
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
                                  d.uncertain_goals, d.indicators, d.background, len(d.findings)]))
        skipped = [(d.file, x) for d in report.documents for x in d.skipped]
        if skipped:
            ws.append([])
            ws.append(row_of(ws, [s("skipped", lang)], font=bold))
            for file, x in skipped:
                ws.append(row_of(ws, [file, x.location or "", x.reason]))
        uncertain = [(d.file, x) for d in report.documents for x in d.uncertain]
        if uncertain:
            ws.append([])
            ws.append(row_of(ws, [s("uncertain_head", lang)], font=bold))
            for file, x in uncertain:
                ws.append(row_of(ws, [file, x.location or "", x.text, x.reason]))
        ws.append([])
        ws.append(row_of(ws, s("cascade_head", lang), font=bold))
        for d in report.documents:
            for f in d.findings:
                ws.append(row_of(ws, [d.file, f"{f.rule} {f.name}", t("sev." + f.severity, lang), f.goal or "",
                                      f.message, f.suggestion or ""]))
    return _saved(wb)


def _saved(wb) -> bytes:
    """The workbook as bytes, deflated at level 1: a third larger than openpyxl's level 6 and ~10 %
    less time for the whole report (compression is most of what saving a write-only workbook costs)."""
    import zipfile
    from datetime import datetime, timezone

    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1)
    wb.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)  # as Workbook.save does
    ExcelWriter(wb, archive).save()  # closes the archive
    return buf.getvalue()
