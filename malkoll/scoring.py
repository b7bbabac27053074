"""Dimension verdicts -> a 0-100 score and a grade (the contract in DESIGN.md); the verdicts
themselves come from the findings through `malkoll.gate.apply_gate`."""
from __future__ import annotations

from malkoll.i18n import t

# Weights of the dimensions inside a grade band; they sum to 100. Inside its band a goal is
# placed by how much of what makes a goal followable it states: a measure, a target level, a
# time. The other dimensions are reported and explained as they are, but they do not move a goal
# closer to the next grade, so they do not order goals inside a band (measured: a spread by owner,
# terms or single goal inside the vague band ordered nothing, Spearman 0.82 -> 0.91 without it,
# leave-organisation-out over goals-dev + goals-train).
WEIGHTS = {"measurable": 34, "target_level": 33, "time_bound": 33, "owner": 0, "no_vagueness": 0,
           "terms_defined": 0, "single_goal": 0}
# Score bands: every good goal scores above every needs_work goal, and so on.
BANDS = {"vague": (0, 39), "needs_work": (40, 69), "good": (70, 100)}


def grade(dims: dict[str, bool], direction: bool = False, perceived: bool = False, bundled_aim: bool = False) -> str:
    """good: followable as written (measurable, and a target or a time, no serious vagueness),
    unless a second, undefined objective is bundled with it (undefined terms in a bundled goal:
    "hållbar och attraktiv … med 13 000 invånare 2030"; or a bundled objective with no measure,
    target or time of its own, `bundled_aim`: "I X formar vi framtiden tillsammans. 35 000 invånare
    år 2035");
    vague: nothing measurable, no target, no time and no clear direction: nobody can tell whether
    it was reached;
    needs_work: in between (partly operational: something measurable, a target, a time, a
    clear direction on a concrete state without vague wording, `direction`, or a perceived state
    with a concrete item that a survey could ask about, `perceived`: "Brukarna ska vara nöjda med
    servicen")."""
    if dims["measurable"] and (dims["target_level"] or dims["time_bound"]) and dims["no_vagueness"]:
        if not dims["single_goal"] and (not dims["terms_defined"] or bundled_aim):
            return "needs_work"
        return "good"
    if not dims["measurable"] and not dims["target_level"] and dims["time_bound"] and not dims["no_vagueness"] \
            and not dims["single_goal"]:
        return "vague"  # a year on a bundle of judgements ("har år 2030 en rik natur och ett levande vatten")
    if dims["measurable"] or dims["target_level"] or dims["time_bound"] or (direction and dims["no_vagueness"]) \
            or (perceived and dims["terms_defined"]):
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
