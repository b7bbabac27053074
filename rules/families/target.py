"""target_level: an explicit target value or threshold, or an explicit from -> to."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule
from malkoll.rules.matching import find_phrases

TARGET_LABELS = ("FROM_TO", "THRESHOLD", "VALUE", "RANK", "MULTIPLIER", "IMPLICIT")


def commitment_taken_back(goal: ParsedGoal) -> bool:
    """An effort verb or a hedge: then an implicit total or zero ("alla", "fossilfri") is no level."""
    return bool(find_phrases(goal.doc, "vagueness", "effort_verbs") or find_phrases(goal.doc, "vagueness", "hedges"))


def has_target(goal: ParsedGoal) -> bool:
    if goal.has("targets", *TARGET_LABELS):
        return True
    # an implicit total ("Alla elever ska ...", "samtliga verksamheter") or zero ("fossilfri",
    # "klimatneutral") is a level when nothing in the goal takes the commitment back
    if goal.has("targets", "ALL", "ZERO"):
        return not commitment_taken_back(goal)
    return False


class DirectionOnly(Rule):
    name = "direction-only"

    def check(self, goal: ParsedGoal):
        if has_target(goal):
            return
        change = goal.spans("change")
        if change:
            yield self.hit_span(change[0], word=change[0].text)


class MissingTarget(Rule):
    name = "missing-target"

    def check(self, goal: ParsedGoal):
        if not has_target(goal) and not goal.has("change"):
            yield self.whole(goal)
