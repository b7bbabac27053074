"""Text for people in a terminal: each goal with its faulty words marked and numbered, the
checklist and the numbered findings; what the files held; then a compact table (goal, level,
grade, score, main problem) and the totals.

`view="full"` (default) prints all of it, `view="goals"` (`--quiet`) only the goals and the files,
`view="summary"` (`--summary`) only the table and the totals.

Colour helps but never carries meaning alone: marked words are also bracketed ⟦…⟧ and carry the
numbers of their findings (in reading order: ¹ ² ³ …), and every check shows ✓ or ✗ with its name.
"""
from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from malkoll.i18n import rule_title, t
from malkoll.renderers._present import (headline, location, main_problem, marked_runs, numbered, passage_place,
                                        passage_reason, verdict)
from malkoll.report import DIMENSIONS, GRADES, GoalReport, Report

GRADE_STYLE = {"good": "bold green", "needs_work": "bold yellow", "vague": "bold red"}
SEV_STYLE = {"error": "red", "warning": "yellow", "suggestion": "cyan"}
VIEWS = ("full", "goals", "summary")


def _sup(numbers: list[int]) -> str:
    return "˒".join("".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)] for d in str(n)) for n in numbers)


def marked_text(goal: GoalReport, items=None) -> Text:
    """The goal text with the marked words bracketed ⟦…⟧, followed by their findings' numbers."""
    text = goal.text
    out = Text()
    pos = 0
    for run in marked_runs(goal, items):
        out.append(text[pos:run.start])
        out.append("⟦", style="dim")
        out.append(text[run.start:run.end], style=f"underline {SEV_STYLE[run.severity]}")
        out.append(f"⟧{_sup(run.numbers)}", style="dim")
        pos = run.end
    out.append(text[pos:])
    return out


def _goal(console: Console, goal: GoalReport, lang: str) -> None:
    head = Text(f"{goal.id}  ", style="bold")
    where = location(goal)
    if where:
        head.append(where + "  ", style="dim")
    if goal.error:
        head.append(f"{t('text.error', lang)}: {goal.error}", style="bold red")
        console.print(head)
        console.print(Text(goal.text, style="dim"))
        console.print()
        return
    head.append(headline(goal, lang), style=GRADE_STYLE[goal.grade])
    lvl = goal.level
    head.append(f"  ·  {t('level.' + lvl.value, lang)} ({t('from.' + lvl.from_, lang)})  ·  {t('type.' + goal.type, lang)}",
                style="dim")
    console.print(head)
    items = numbered(goal)
    console.print(Text("  ").append(marked_text(goal, items)))
    checks = Text("  ")
    for d in DIMENSIONS:
        ok = goal.dimensions[d]
        checks.append(("✓ " if ok else "✗ ") + t("dim." + d, lang) + "   ", style="green" if ok else "red")
    console.print(checks)
    if goal.source and goal.source.owner:
        console.print(Text("  " + t("owner_from_structure", lang, owner=goal.source.owner), style="dim"))
    width = len(str(len(items)))
    for n, f, _ in items:
        line = Text(f"  {n:>{width}}. ")
        line.append(f"{t('sev.' + f.severity, lang)}", style=SEV_STYLE[f.severity])
        line.append(f"  {t('dim.' + f.dimension, lang)}: ", style="bold")
        line.append(f.message)
        line.append(f"  {f.rule}", style="dim")
        console.print(line)
        if f.suggestion:
            console.print(Text(f"  {' ' * width}    → {f.suggestion}", style="dim"))
    if goal.indicators:
        console.print(Text("  " + t("suggested_indicators", lang), style="bold"))
        for ind in goal.indicators:
            label = f"{ind.id} {ind.title}" if ind.source == "kolada" else f"{ind.title} ({t('constructed', lang)})"
            console.print(Text(f"    • {label}"))
        if any(i.source == "kolada" for i in goal.indicators):
            console.print(Text("    " + t("kolada_source", lang), style="dim"))
    if goal.subgoals:
        console.print(Text("  " + t("suggested_subgoals", lang), style="bold"))
        for sg in goal.subgoals:
            console.print(Text(f"    • {sg.text}" + (f" ({sg.owner})" if sg.owner else "")))
    if goal.rewrite:
        console.print(Text("  " + t("suggested_rewrite", lang), style="bold"))
        console.print(Text(f"    {goal.rewrite}"))
    console.print()


def documents_lines(report: Report, lang: str = "sv", findings: bool = True) -> list[tuple[str, str]]:
    """Per file what was found, analyzed and skipped (and why), and its cascade findings, as
    (text, rich style) lines. Empty when the report has none."""
    if not report.documents:
        return []
    out: list[tuple[str, str]] = []
    for d in report.documents:
        if d.status == "skipped":
            out.append((f"{t('doc.skipped_file', lang)}: {d.reason or d.file}", "bold red"))
            continue
        counts = t("doc.counts", lang, found=d.goals_found, analyzed=d.goals_analyzed, indicators=d.indicators,
                   background=d.background)
        if d.uncertain_goals:
            counts += ", " + t("doc.uncertain_goals", lang, n=d.uncertain_goals)
        out.append((f"{t('doc.document', lang)} {d.file}: {counts}", "bold"))
        for item in d.skipped:
            out.append((f"  {t('doc.not_read', lang)}: {item.location or ''}: {item.reason}", "yellow"))
        for item in d.uncertain:  # goal-like text the outline did not take: said, not dropped
            out.append((f"  {t('doc.uncertain', lang)}: {passage_place(item, lang)}: ”{item.text}” "
                        f"({passage_reason(item, lang)})", "yellow"))
        if findings and d.findings:
            out.append((f"  {t('dim.cascade', lang)}", "bold"))
            for f in d.findings:
                out.append((f"    {t('sev.' + f.severity, lang)} {f.rule} {f.name} ({f.goal}): {f.message}",
                            SEV_STYLE[f.severity]))
    out.append(("", ""))
    return out


def summary_table(report: Report, lang: str, width: int) -> Table:
    """One row per goal: goal (id and text), level, grade, score, main problem."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True, title_justify="left",
                  title=t("text.summary", lang), title_style="bold")
    narrow = width < 96  # an 80-column terminal: shorter columns, the main problem may wrap
    table.add_column(t("goal", lang), no_wrap=True, overflow="ellipsis", ratio=1, min_width=18)
    table.add_column(t("level", lang), no_wrap=True, overflow="ellipsis", max_width=12 if narrow else 22)
    table.add_column(t("grade", lang), no_wrap=True, overflow="ellipsis", max_width=14 if narrow else 24)
    table.add_column(t("score", lang), justify="right", no_wrap=True)
    table.add_column(t("main_problem", lang), overflow="fold", min_width=12, max_width=20 if narrow else 44)
    for g in report.goals:
        text = " ".join(g.text.split())
        if g.error:
            table.add_row(f"{g.id} {text}", "", Text(t("grade.error", lang), style="bold red"), "–", g.error)
            continue
        problem = main_problem(g)
        table.add_row(f"{g.id} {text}", t("level." + g.level.value, lang),
                      Text(verdict(g, lang), style=GRADE_STYLE[g.grade]), str(g.score),
                      rule_title(problem.rule, lang) if problem else t("no_problem", lang))
    return table


def totals_line(report: Report, lang: str) -> str:
    s = report.summary
    grades = ", ".join(f"{t('grade.' + g, lang).lower()}: {s.by_grade.get(g, 0)}" for g in GRADES)
    sev = s.findings_by_severity
    parts = [t("text.totals", lang, n=s.goals, grades=grades),
             t("text.findings", lang, error=sev.get("error", 0), warning=sev.get("warning", 0),
               suggestion=sev.get("suggestion", 0))]
    cascade = sum(len(d.findings) for d in report.documents or [])
    if cascade:
        parts.append(t("text.cascade_count", lang, n=cascade))
    if s.errors:
        parts.append(t("text.not_analyzed", lang, n=s.errors))
    if s.suppressed:
        parts.append(t("text.suppressed", lang, n=s.suppressed))
    return "; ".join(parts)


def render(report: Report, lang: str = "sv", color: bool | None = None, width: int | None = None,
           view: str = "full", **_) -> str:
    import shutil

    if view not in VIEWS:
        raise ValueError(view)
    buf = io.StringIO()
    width = width or max(80, shutil.get_terminal_size((120, 24)).columns)
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width, highlight=False,
                      emoji=False, soft_wrap=True)
    if view != "summary":
        for goal in report.goals:
            _goal(console, goal, lang)
    for line, style in documents_lines(report, lang, findings=view != "summary"):
        console.print(Text(line, style=style))
    if view == "goals":
        return _tidy(buf.getvalue(), color)
    table_console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width, highlight=False,
                            emoji=False)
    table_console.print(summary_table(report, lang, width))
    console.print(Text(totals_line(report, lang), style="bold"))
    return _tidy(buf.getvalue(), color)


def _tidy(out: str, color: bool | None) -> str:
    """No trailing blanks on plain lines (rich pads table cells and the checklist)."""
    return out if color else "\n".join(line.rstrip() for line in out.split("\n"))
