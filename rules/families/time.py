"""time_bound: a deadline or a period."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule


def has_time(goal: ParsedGoal) -> bool:
    return goal.has("time", "DEADLINE", "PERIOD")


class VagueTime(Rule):
    name = "vague-time"

    def check(self, goal: ParsedGoal):
        if has_time(goal):
            return
        for span in goal.spans("time", "NOT_DEADLINE"):
            yield self.hit_span(span, phrase=span.text)
            return


class MissingTime(Rule):
    name = "missing-time"

    def check(self, goal: ParsedGoal):
        if not has_time(goal) and not goal.has("time", "NOT_DEADLINE"):
            yield self.whole(goal)
