"""Where a finding is in its source file: shared by the lint formats (sarif, github, junit)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from malkoll.report import Finding, GoalReport


def file_of(goal: GoalReport) -> str | None:
    return goal.source.file if goal.source and goal.source.file else None


def display_path(file: str) -> str:
    """The path as a linter prints it: relative to the working folder when below it, with /."""
    p = Path(file)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_posix()
    return p.as_posix()


def artifact_uri(goal: GoalReport) -> str:
    """A URI reference for the goal's artifact: the relative file path (percent-encoded), a file://
    URI for a file outside the working folder, "stdin" for standard input, "text" for --text."""
    file = file_of(goal)
    if file is None:
        return "stdin" if goal.source and goal.source.line else "text"
    shown = display_path(file)
    if Path(shown).is_absolute():
        return Path(shown).as_uri()
    return quote(shown, safe="/-_.~")


def document_items(report):
    """(document, finding or None, goal or None) for what the documents add to a run over files:
    each cascade finding with the goal it is about, and each skipped file (finding None)."""
    by_key = {(g.source.file if g.source else None, g.id): g for g in report.goals}
    for doc in report.documents or []:
        if doc.status == "skipped":
            yield doc, None, None
        for f in doc.findings:
            yield doc, f, by_key.get((doc.file, f.goal))


def single_line(goal: GoalReport) -> bool:
    src = goal.source
    return bool(src and src.line and src.column and "\n" not in goal.text
                and not (src.location and "–" in src.location))


def region(goal: GoalReport, finding: Finding | None = None) -> dict:
    """SARIF-style region (1-based): line and columns in the file where known; the goal's first
    line when the goal spans several lines; character offsets into the goal text otherwise."""
    src = goal.source
    if src and src.line:
        if finding is not None and single_line(goal):
            return {"startLine": src.line, "startColumn": src.column + finding.start,
                    "endLine": src.line, "endColumn": src.column + max(finding.end, finding.start + 1)}
        out = {"startLine": src.line}
        if src.column and (finding is None or finding.start == 0):
            out["startColumn"] = src.column
        return out
    if finding is not None:
        return {"charOffset": finding.start, "charLength": max(0, finding.end - finding.start)}
    return {}
