"""JSON Lines: one goal a line (a GoalReport of the JSON contract), written as soon as it is
analyzed, in input order; the last line is the summary: {"summary": …, "malkoll_version": …,
"wall_time_s": …, "documents": […]} (documents: per file in a run over files, with the cascade
findings and skipped files, as in the JSON report)."""
from __future__ import annotations

import json

from malkoll.report import GoalReport, Report, Summary


def stream_goal(goal: GoalReport, lang: str = "sv", **_) -> str:
    return goal.model_dump_json(by_alias=True) + "\n"


def stream_end(summary: Summary, lang: str = "sv", version: str | None = None, wall_time: float | None = None,
               report: Report | None = None, **_) -> str:
    from malkoll import __version__

    tail = {"summary": summary.model_dump(), "malkoll_version": version or __version__}
    if wall_time is not None:
        tail["wall_time_s"] = round(wall_time, 3)
    if report is not None and report.documents is not None:
        tail["documents"] = [d.model_dump() for d in report.documents]
    return json.dumps(tail, ensure_ascii=False) + "\n"


def render(report: Report, lang: str = "sv", **opts) -> str:
    return "".join(stream_goal(g) for g in report.goals) + stream_end(report.summary, lang,
                                                                     version=report.malkoll_version,
                                                                     report=report, **opts)
