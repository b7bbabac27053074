"""Dimension verdicts -> a 0-100 score and a grade (the contract in DESIGN.md); the verdicts
themselves come from the findings through `malkoll.gate.apply_gate`."""
from __future__ import annotations

from malkoll.i18n import t

# Weights of the dimensions inside each grade band (data; each set sums to 100). A vague goal is
# placed only by what would make it followable (a measure, a target level, a time): owner, defined
# terms or one goal do not bring a vague goal closer to needs_work, and a spread by them inside the
# vague band (292 goals, 15 of them gold needs_work, at 2-12 % whatever those dimensions were) only
# added rank noise (Spearman 0.82 -> 0.91 without it, leave-organisation-out over goals-dev +
# goals-train). Inside needs_work and good every dimension that holds is a step towards a goal
# ready to follow up.
_ALL_DIMENSIONS = {"measurable": 25, "target_level": 20, "time_bound": 15, "owner": 10, "no_vagueness": 15,
                   "terms_defined": 10, "single_goal": 5}
WEIGHTS = {
    "vague": {"measurable": 34, "target_level": 33, "time_bound": 33, "owner": 0, "no_vagueness": 0,
              "terms_defined": 0, "single_goal": 0},
    "needs_work": _ALL_DIMENSIONS,
    "good": _ALL_DIMENSIONS,
}
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
    weight = sum(WEIGHTS[grade_][d] for d, ok in dims.items() if ok)
    return lo + round((hi - lo) * weight / 100)


def headline(grade_: str, score_: int, level: str | None, lang: str = "sv") -> str:
    """The verdict in one line for a person: the grade and score ("Behöver arbete 45/100"); a vision
    is presented as a vision (its dimensions are still reported as they are), since it is followed
    up through the goals and indicators attached to it, not as a goal of its own."""
    if level == "vision":
        return t("headline.vision", lang)
    return t("headline.goal", lang, grade=t("grade." + grade_, lang), score=score_)
