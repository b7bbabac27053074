"""measurable: does the goal name something observable whose value can be compared over time?"""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.features import MEASURE_LABELS
from malkoll.rules.base import Hit, Rule
from malkoll.rules.matching import doc_cached


def measure_spans(goal: ParsedGoal):
    """Spans that make the goal measurable: metric nouns, counts ("fler X"), KPI ids, numeric
    targets, and implicit totals over a concrete outcome ("Alla elever ska vara behöriga ...")."""
    spans = goal.spans("metrics", *MEASURE_LABELS)
    spans += goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE", "MULTIPLIER")
    if implicit_level_holds(goal):
        # "fossilbränslefri", "noll dödsolyckor" are concrete; "klimatneutral" is an aim, not a measure
        spans += [s for s in goal.spans("targets", "ZERO") if "neutral" not in s.text.lower()]
        spans += goal.spans("targets", "ALL")
    return spans


def is_measurable(goal: ParsedGoal) -> bool:
    """Answered once per goal (three rules and the goal type ask)."""
    return doc_cached(goal.doc, ("measurable",), lambda: bool(measure_spans(goal)))


def _anchor(goal: ParsedGoal) -> Hit:
    change = goal.spans("change")
    return Rule.hit_span(change[0]) if change else Rule.whole(goal)


class MissingMeasure(Rule):
    name = "missing-measure"

    def check(self, goal: ParsedGoal):
        if not is_measurable(goal):
            hit = _anchor(goal)
            if goal.has("metrics", "KOLADA"):
                # a noun that Kolada uses as a measure ("valdeltagandet", "ohälsotalet"): whether
                # the goal names it as its measure is left to the learned gate
                hit.weak, hit.kind = True, "kolada"
            yield hit


# imported last: a cycle among the rule families (each module is whole by the time another reads it)
from malkoll.rules.families.target import implicit_level_holds  # noqa: E402
