"""Text for people: the goal with its faulty words marked, the checklist, grouped findings.

Colour helps but never carries meaning alone: marked words are also bracketed and numbered,
and every check shows ✓ or ✗ with its name.
"""
from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from malkoll.i18n import t
from malkoll.report import DIMENSIONS, GoalReport, Report

GRADE_STYLE = {"good": "bold green", "needs_work": "bold yellow", "vague": "bold red"}
SEV_STYLE = {"error": "red", "warning": "yellow", "suggestion": "cyan"}
SEV_ORDER = {"error": 0, "warning": 1, "suggestion": 2}


def marked_text(goal: GoalReport) -> Text:
    """The goal text with finding spans bracketed ⟦…⟧ and numbered, styled by severity."""
    text = goal.text
    spans = sorted({(f.start, f.end, f.severity) for f in goal.findings if f.end - f.start < len(text.strip())},
                   key=lambda s: (s[0], -s[1]))
    out = Text()
    pos = 0
    n = 0
    for start, end, sev in spans:
        if start < pos:
            continue
        n += 1
        out.append(text[pos:start])
        out.append("⟦", style="dim")
        out.append(text[start:end], style=f"underline {SEV_STYLE[sev]}")
        out.append(f"⟧{_sup(n)}", style="dim")
        pos = end
    out.append(text[pos:])
    return out


def _sup(n: int) -> str:
    return "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(d)] for d in str(n))


def _goal(console: Console, goal: GoalReport, lang: str) -> None:
    head = Text(f"{goal.id}  ", style="bold")
    if goal.source and goal.source.file:
        head.append(f"{goal.source.file}" + (f":{goal.source.location}" if goal.source.location else "") + "  ", style="dim")
    if goal.error:
        head.append(("FEL: " if lang == "sv" else "ERROR: ") + goal.error, style="bold red")
        console.print(head)
        console.print(Text(goal.text, style="dim"))
        console.print()
        return
    head.append(goal.headline or f"{t('grade.' + goal.grade, lang)} ({goal.score}/100)", style=GRADE_STYLE[goal.grade])
    lvl = goal.level
    head.append(f"  ·  {t('level.' + lvl.value, lang)} ({t('from.' + lvl.from_, lang)})  ·  {t('type.' + goal.type, lang)}",
                style="dim")
    console.print(head)
    console.print(Text("  ").append(marked_text(goal)))
    checks = Text("  ")
    for d in DIMENSIONS:
        ok = goal.dimensions[d]
        checks.append(("✓ " if ok else "✗ ") + t("dim." + d, lang) + "   ", style="green" if ok else "red")
    console.print(checks)
    if goal.source and goal.source.owner:
        console.print(Text("  " + t("owner_from_structure", lang, owner=goal.source.owner), style="dim"))
    by_dim: dict[str, list] = {}
    order = {d: i for i, d in enumerate(DIMENSIONS + ("goal_type", "style", "cascade"))}
    for f in sorted(goal.findings, key=lambda f: (order.get(f.dimension, 99), SEV_ORDER[f.severity], f.start)):
        by_dim.setdefault(f.dimension, []).append(f)
    for dim, items in by_dim.items():
        console.print(Text(f"  {t('dim.' + dim, lang)}", style="bold"))
        for f in items:
            line = Text("    ")
            line.append(f"{t('sev.' + f.severity, lang)} ", style=SEV_STYLE[f.severity])
            line.append(f"{f.rule} {f.name}: ", style="dim")
            line.append(f.message)
            console.print(line)
            if f.suggestion:
                console.print(Text(f"      → {f.suggestion}", style="dim"))
    if goal.indicators:
        console.print(Text("  " + ("Förslag på indikatorer" if lang == "sv" else "Suggested indicators"), style="bold"))
        for ind in goal.indicators:
            label = f"{ind.id} {ind.title}" if ind.source == "kolada" else f"({'egen' if lang == 'sv' else 'constructed'}) {ind.title}"
            console.print(Text(f"    • {label}"))
        if any(i.source == "kolada" for i in goal.indicators):
            console.print(Text("    " + t("kolada_source", lang), style="dim"))
    if goal.subgoals:
        console.print(Text("  " + ("Förslag på delmål" if lang == "sv" else "Suggested sub-goals"), style="bold"))
        for sg in goal.subgoals:
            console.print(Text(f"    • {sg.text}" + (f" ({sg.owner})" if sg.owner else "")))
    if goal.rewrite:
        console.print(Text("  " + ("Förslag på omskrivning" if lang == "sv" else "Suggested rewrite"), style="bold"))
        console.print(Text(f"    {goal.rewrite}"))
    console.print()


def render(report: Report, lang: str = "sv", color: bool | None = None, width: int | None = None, **_) -> str:
    import shutil

    buf = io.StringIO()
    width = width or max(80, shutil.get_terminal_size((120, 24)).columns)
    console = Console(file=buf, force_terminal=bool(color), no_color=not color, width=width, highlight=False,
                      emoji=False, soft_wrap=True)
    for goal in report.goals:
        _goal(console, goal, lang)
    from malkoll.batch import documents_lines  # files: found/analyzed/skipped and the cascade findings

    for line, style in documents_lines(report, lang):
        console.print(Text(line, style=style))
    s = report.summary
    grades = ", ".join(f"{t('grade.' + g, lang).lower()}: {n}" for g, n in s.by_grade.items())
    label = "Sammanfattning" if lang == "sv" else "Summary"
    goals_word = "mål" if lang == "sv" else "goals"
    tail = f"{label}: {s.goals} {goals_word} ({grades})"
    if s.errors:
        tail += f"; {'kunde inte analyseras' if lang == 'sv' else 'could not be analyzed'}: {s.errors}"
    if s.suppressed:
        tail += f"; {'undertryckta' if lang == 'sv' else 'suppressed'}: {s.suppressed}"
    console.print(Text(tail, style="bold"))
    return buf.getvalue()
