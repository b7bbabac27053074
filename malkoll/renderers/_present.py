"""How a goal's findings are presented to people, the same in the terminal, the HTML report and the
web page (service/static/app.js mirrors `numbered` and `marked_runs`):

- findings are numbered in reading order: first those that point at words, in the order the words
  stand in the goal, then those about the whole goal (by dimension, then severity);
- the marked words carry the numbers of their findings, so the numbers in the text run 1, 2, 3 …
  and each leads to its explanation; overlapping marks are merged into one run with all numbers;
- the main problem of a goal is its most severe finding (then by dimension);
- a goal is presented by the report's `headline` (rendered again in the asked language when it is one
  of the catalogue's); badges and table cells show its short form (the grade's name, or "Vision").
"""
from __future__ import annotations

from dataclasses import dataclass

from malkoll.i18n import LANGS, t
from malkoll.report import DIMENSIONS, Finding, GoalReport, UncertainPassage
from malkoll.vocabulary import SEVERITY_RANK

DIM_ORDER = {d: i for i, d in enumerate(DIMENSIONS + ("goal_type", "style", "cascade"))}  # the order findings are read in
SEV_ORDER = {sev: -rank for sev, rank in SEVERITY_RANK.items()}  # the worst first


def points_at_words(goal: GoalReport, f: Finding) -> bool:
    """True when the finding marks some words, not the whole goal."""
    text = goal.text
    if not (0 <= f.start < f.end <= len(text)):
        return False
    lead = len(text) - len(text.lstrip())
    return not (f.start <= lead and f.end >= len(text.rstrip()))


def numbered(goal: GoalReport) -> list[tuple[int, Finding, bool]]:
    """(number, finding, marks words) in reading order, numbers from 1."""
    marked = sorted((f for f in goal.findings if points_at_words(goal, f)), key=lambda f: (f.start, -f.end))
    whole = sorted((f for f in goal.findings if not points_at_words(goal, f)),
                   key=lambda f: (DIM_ORDER.get(f.dimension, 99), SEV_ORDER.get(f.severity, 9)))
    return [(i, f, i <= len(marked)) for i, f in enumerate(marked + whole, start=1)]


@dataclass
class Run:
    start: int
    end: int
    numbers: list[int]
    severity: str  # the most severe finding in the run
    dimension: str  # the dimension of the run's first finding


def marked_runs(goal: GoalReport, items: list[tuple[int, Finding, bool]] | None = None) -> list[Run]:
    """The marked stretches of the goal text; overlapping findings are merged into one run."""
    runs: list[Run] = []
    for n, f, marks in items if items is not None else numbered(goal):
        if not marks:
            continue
        if runs and f.start < runs[-1].end:
            run = runs[-1]
            run.end = max(run.end, f.end)
            run.numbers.append(n)
            if SEV_ORDER[f.severity] < SEV_ORDER[run.severity]:
                run.severity = f.severity
        else:
            runs.append(Run(f.start, f.end, [n], f.severity, f.dimension))
    return runs


def main_problem(goal: GoalReport) -> Finding | None:
    if not goal.findings:
        return None
    return min(goal.findings, key=lambda f: (SEV_ORDER.get(f.severity, 9), DIM_ORDER.get(f.dimension, 99), f.start))


def _standard(goal: GoalReport, lang: str) -> str:
    return t("headline.goal", lang, grade=t("grade." + goal.grade, lang), score=goal.score)


def _headline_kind(goal: GoalReport) -> str | None:
    """Which of the catalogue's headlines the report carries ("goal", "vision"), in whatever language
    it was analyzed in, so that it is rendered in the language asked for; None for any other text."""
    for lg in LANGS:
        if goal.headline == _standard(goal, lg):
            return "goal"
        if goal.headline == t("headline.vision", lg):
            return "vision"
    return None


def headline(goal: GoalReport, lang: str = "sv") -> str:
    """How the goal is presented, in full: the report's `headline` ("Behöver arbete 45/100"; a vision as
    a vision, with its advice), else the grade and the score."""
    if goal.error or not goal.grade:
        return t("grade.error", lang)
    if not goal.headline:
        return _standard(goal, lang)
    kind = _headline_kind(goal)
    return _standard(goal, lang) if kind == "goal" else t("headline.vision", lang) if kind == "vision" else goal.headline


def verdict(goal: GoalReport, lang: str = "sv") -> str:
    """The short form for a badge or a table cell: the grade's name ("Luddigt mål"), or the first part
    of a headline that presents the goal otherwise ("Vision")."""
    if goal.error or not goal.grade:
        return t("grade.error", lang)
    if not goal.headline or _headline_kind(goal) == "goal":
        return t("grade." + goal.grade, lang)
    return headline(goal, lang).split(" – ", 1)[0]


def special_headline(goal: GoalReport, lang: str = "sv") -> str | None:
    """The full headline when it says more than the grade and score (a vision's advice), else None."""
    if goal.error or not goal.grade or not goal.headline or _headline_kind(goal) == "goal":
        return None
    return headline(goal, lang)


def passage_place(passage: UncertainPassage, lang: str = "sv") -> str:
    """Where an uncertain passage stands, in `lang`: "stycke 3 · under rubriken ”Plan › Bakgrund”"."""
    src = passage.source
    at = (src.location_text(lang) if src else None) or passage.location
    heading = " › ".join(src.heading_path) if src else ""
    return " · ".join(p for p in (at, t("doc.under_heading", lang, heading=heading) if heading else None) if p)


def passage_reason(passage: UncertainPassage, lang: str = "sv") -> str:
    """Why the passage is uncertain, in `lang` (the report's own text when it gives no code)."""
    return t(f"outline.uncertain.{passage.why}", lang) if passage.why else passage.reason


def location(goal: GoalReport, lang: str | None = None) -> str:
    """The goal's place in its source as text ("mal.txt · rad 3"), in `lang` when given."""
    src = goal.source
    if not src:
        return ""
    return " · ".join(p for p in (src.file, src.location_text(lang) if lang else src.location) if p)
