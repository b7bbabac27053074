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

from collections import defaultdict
from functools import lru_cache

from malkoll.i18n import t
from malkoll.renderers._present import passage_place, passage_reason
from malkoll.report import DIMENSIONS, GRADES, GoalReport, Report

# keys of the one string catalogue (malkoll.i18n) shared with the other outputs; the rest is "xlsx."
_SHARED = {"file": "file", "location": "location", "level": "level", "parent": "parent", "goal": "goal",
           "doc_indicators": "doc_indicators", "score": "score", "grade": "grade", "findings": "findings",
           "yes": "yes", "no": "no", "error": "grade.error", "n_errors": "grade.error", "documents": "doc.documents",
           "skipped": "doc.skipped_parts", "uncertain": "doc.uncertain", "uncertain_head": "doc.uncertain_passages"}
WIDTHS = {"goal": 70, "doc_indicators": 40, "findings": 60, "cascade": 50, "indicators": 50, "rewrite": 60,
          "location": 24, "file": 24, "owner": 24, "headings": 30, "subgoals": 40}


@lru_cache(maxsize=None)
def s(key: str, lang: str):
    """A header or word of the Excel report (a catalogue string without arguments), looked up once."""
    return t(_SHARED.get(key, "xlsx." + key), lang)


_t = lru_cache(maxsize=None)(t)  # a catalogue string without arguments, looked up once


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
        "level": _t("level." + g.level.value, lang) if g.level else None, "owner": src.owner if src else None,
        "parent": g.parent, "link": link, "goal": g.text,
        "certainty": s("uncertain", lang) if src and src.certainty == "uncertain" else None,
        "doc_indicators": "\n".join(g.context_indicators), "score": g.score,
        "grade": _t("grade." + g.grade, lang) if g.grade else f"{s('error', lang)}: {g.error}",
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
    from malkoll.renderers._workbook import BOLD, WRAP, Sheet, column_letter, workbook_bytes

    cascade: dict[str, list] = defaultdict(list)
    for d in report.documents or []:
        for f in d.findings:
            if f.goal:
                cascade[f.goal].append(f)

    # 1. every goal, one row each
    columns = _columns(lang)
    ws = Sheet(s("goals_sheet", lang), widths={i: WIDTHS.get(key, 12) for i, (key, _) in enumerate(columns, start=1)},
               freeze="B2",  # the header row and the id stay in view
               autofilter=f"A1:{column_letter(len(columns))}{1 + len(report.goals)}")
    ws.append([h for _, h in columns], BOLD)
    for g in report.goals:
        values = _goal_values(g, cascade, lang)
        ws.append([values[k] for k, _ in columns], text_style=WRAP)
    sheets = [ws]

    # 2. summary
    ws = Sheet(s("summary_sheet", lang), widths={1: 40})
    sheets.append(ws)
    ws.append([s("totals", lang)], BOLD)
    ws.append([s("n_goals", lang), report.summary.goals])
    for g in GRADES:
        ws.append([t("grade." + g, lang), report.summary.by_grade.get(g, 0)])
    ws.append([s("n_errors", lang), report.summary.errors])
    if any(i.source == "kolada" for g in report.goals for i in g.indicators):
        ws.append([s("kolada", lang)])
    if report.documents:
        ws.append([])
        ws.append([s("documents", lang)], BOLD)
        ws.append(s("doc_head", lang), BOLD)
        for d in report.documents:
            ws.append([d.file, d.status, d.reason or "", d.goals_found, d.goals_analyzed, d.goals_failed,
                       d.uncertain_goals, d.indicators, d.background, len(d.findings)])
        skipped = [(d.file, x) for d in report.documents for x in d.skipped]
        if skipped:
            ws.append([])
            ws.append([s("skipped", lang)], BOLD)
            for file, x in skipped:
                ws.append([file, x.location or "", x.reason])
        uncertain = [(d.file, x) for d in report.documents for x in d.uncertain]
        if uncertain:
            ws.append([])
            ws.append([s("uncertain_head", lang)], BOLD)
            for file, x in uncertain:
                ws.append([file, passage_place(x, lang), x.text, passage_reason(x, lang)])
        ws.append([])
        ws.append(s("cascade_head", lang), BOLD)
        for d in report.documents:
            for f in d.findings:
                ws.append([d.file, f"{f.rule} {f.name}", t("sev." + f.severity, lang), f.goal or "",
                           f.message, f.suggestion or ""])
    return workbook_bytes(sheets, compresslevel=1)  # level 1: a third larger than level 6, much less time
