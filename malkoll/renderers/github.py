"""GitHub Actions workflow commands: one annotation per finding (`::warning file=…,line=…::…`),
streamed goal by goal. Severities: error -> error, warning -> warning, suggestion -> notice."""
from __future__ import annotations

from malkoll.renderers._locate import display_path, document_items, file_of, region
from malkoll.report import GoalReport, Report, Summary

LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, goal: GoalReport, title: str, message: str, reg: dict) -> str:
    props = []
    file = file_of(goal)
    if file:
        props.append(f"file={_prop(display_path(file))}")
        if "startLine" in reg:
            props.append(f"line={reg['startLine']}")
            if "endLine" in reg:
                props.append(f"endLine={reg['endLine']}")
            if "startColumn" in reg:
                props.append(f"col={reg['startColumn']}")
            if "endColumn" in reg:
                props.append(f"endColumn={reg['endColumn']}")
    props.append(f"title={_prop(title)}")
    return f"::{level} {','.join(props)}::{_data(message)}\n"


def stream_goal(goal: GoalReport, lang: str = "sv", **_) -> str:
    if goal.error:
        return _command("error", goal, f"Målkoll {goal.id}", goal.error, region(goal))
    out = []
    for f in goal.findings:
        msg = f"{goal.id}: {f.message}" + (f" {f.suggestion}" if f.suggestion else "")
        out.append(_command(LEVEL[f.severity], goal, f"{f.rule} {f.name}", msg, region(goal, f)))
    return "".join(out)


def document_lines(report: Report | None) -> str:
    """Cascade findings (on the goal they are about) and skipped files, known at the end of the run."""
    if report is None:
        return ""
    out = []
    for doc, f, goal in document_items(report):
        if f is None:
            out.append(f"::error file={_prop(display_path(doc.file))},title=Målkoll::{_data(doc.reason or doc.file)}\n")
            continue
        msg = (f"{f.goal}: " if f.goal else "") + f.message + (f" {f.suggestion}" if f.suggestion else "")
        if goal is not None:
            out.append(_command(LEVEL[f.severity], goal, f"{f.rule} {f.name}", msg, region(goal)))
        else:
            out.append(f"::{LEVEL[f.severity]} file={_prop(display_path(doc.file))},title={_prop(f.rule + ' ' + f.name)}"
                       f"::{_data(msg)}\n")
    return "".join(out)


def stream_end(summary: Summary, lang: str = "sv", report: Report | None = None, **_) -> str:
    return document_lines(report) + _summary_line(summary, lang)


def _summary_line(summary: Summary, lang: str) -> str:
    from malkoll.i18n import t

    g = summary.by_grade
    return t("github.summary", lang, n=summary.goals, good=g["good"], needs_work=g["needs_work"], vague=g["vague"],
             errors=summary.errors, suppressed=summary.suppressed) + "\n"


def render(report: Report, lang: str = "sv", **opts) -> str:
    return "".join(stream_goal(g, lang) for g in report.goals) + stream_end(report.summary, lang, report=report)
