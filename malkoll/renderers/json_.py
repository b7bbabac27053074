"""The JSON contract: `render` for a Report at hand; `stream_start`/`stream_goal`/`stream_end` write
the same text goal by goal, so `malkoll check -f json` never holds more than one goal's report in
full (byte for byte what `render` gives: tests/test_hostile_input.py)."""
from __future__ import annotations

from malkoll.report import GoalReport, Report, Summary

GOALS = '"goals": []'


def render(report: Report, lang: str = "sv", **_) -> str:
    return report.model_dump_json(indent=2) + "\n"


def _indented(text: str, by: int) -> str:
    pad = " " * by
    return "\n".join(pad + line for line in text.split("\n"))


def _frame(version: str, summary: Summary, documents=None) -> tuple[str, str]:
    """The report's text around its goals: (before the first goal, after the last)."""
    text = Report(malkoll_version=version, goals=[], summary=summary, documents=documents).model_dump_json(indent=2)
    head, tail = text.split(GOALS, 1)
    return head + '"goals": [', "]" + tail


def stream_start(version: str, **_) -> str:
    return _frame(version, Summary(goals=0, by_grade={}))[0]


def stream_goal(goal: GoalReport, lang: str = "sv", index: int = 0, **_) -> str:
    return ("\n" if index == 0 else ",\n") + _indented(goal.model_dump_json(indent=2, by_alias=True), 4)


def stream_end(summary: Summary, lang: str = "sv", version: str | None = None, report: Report | None = None,
               attribution: str | None = None, count: int = 0, **_) -> str:
    from malkoll import __version__

    tail = _frame(version or __version__, summary, report.documents if report is not None else None)[1]
    if attribution is not None:
        tail = tail.replace('"attribution": null', '"attribution": ' + _json(attribution))
    return ("\n  " if count else "") + tail + "\n"


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
