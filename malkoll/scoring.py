"""Dimension verdicts -> a 0-100 score and a grade (the contract in DESIGN.md); the verdicts
themselves come from the findings through `malkoll.gate.apply_gate`."""
from __future__ import annotations

from malkoll.i18n import t

# Weights of the dimensions inside a grade band; they sum to 100.
WEIGHTS = {"measurable": 25, "target_level": 20, "time_bound": 15, "owner": 10, "no_vagueness": 15,
           "terms_defined": 10, "single_goal": 5}
# Score bands: every good goal scores above every needs_work goal, and so on.
BANDS = {"vague": (0, 39), "needs_work": (40, 69), "good": (70, 100)}


def grade(dims: dict[str, bool], direction: bool = False) -> str:
    """good: followable as written (measurable, and a target or a time, no serious vagueness),
    unless a second, undefined objective is bundled with it (undefined terms in a bundled goal:
    "hållbar och attraktiv … med 13 000 invånare 2030");
    vague: nothing measurable, no target, no time and no clear direction: nobody can tell whether
    it was reached;
    needs_work: in between (partly operational: something measurable, a target, a time, or a
    clear direction on a concrete state without vague wording, `direction`)."""
    if dims["measurable"] and (dims["target_level"] or dims["time_bound"]) and dims["no_vagueness"]:
        if not dims["terms_defined"] and not dims["single_goal"]:
            return "needs_work"
        return "good"
    if dims["measurable"] or dims["target_level"] or dims["time_bound"] or (direction and dims["no_vagueness"]):
        return "needs_work"
    return "vague"


def score(dims: dict[str, bool], grade_: str) -> int:
    lo, hi = BANDS[grade_]
    weight = sum(WEIGHTS[d] for d, ok in dims.items() if ok)
    return lo + round((hi - lo) * weight / 100)


def headline(grade_: str, score_: int, level: str | None, lang: str = "sv") -> str:
    """The verdict in one line for a person: the grade and score ("Behöver arbete 45/100"); a vision
    is presented as a vision (its dimensions are still reported as they are), since it is followed
    up through the goals and indicators attached to it, not as a goal of its own."""
    if level == "vision":
        return t("headline.vision", lang)
    return t("headline.goal", lang, grade=t("grade." + grade_, lang), score=score_)
