"""Goal typing (effect / result / activity) and level inference."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.families.measurable import is_measurable
from malkoll.rules.matching import find_phrases, token_in

LEVELS_ORDER = ("vision", "overarching", "committee", "operational", "indicator_target", "financial")
FINANCIAL_WORDS = {"soliditet", "självfinansieringsgrad", "skatteintäkt", "resultat", "överskott",
                   "likviditet", "nettokostnad", "budget", "låneskuld", "pensionsskuld", "investering"}


def activity_spans(goal: ParsedGoal):
    return [s for s in find_phrases(goal.doc, "goal_types", "activity_verbs") if s.root.pos_ not in ("NOUN", "ADJ")]


def classify(goal: ParsedGoal) -> str:
    """effect: a change for citizens or users; result: an output of the organisation;
    activity: something to do, written as if it were a goal."""
    acts = activity_spans(goal)
    has_activity_object = any(token_in(t, "goal_types", "activity_nouns") for t in goal.doc)
    if acts and (has_activity_object or not is_measurable(goal)) and \
            not goal.has("targets", "FROM_TO", "THRESHOLD", "RANK"):
        return "activity"
    if any(token_in(t, "goal_types", "result_nouns") for t in goal.doc):
        return "result"
    return "effect"


def infer_level(goal: ParsedGoal) -> str:
    """The level when neither caller nor document gives one, from the wording."""
    doc = goal.doc
    lemmas = {t._.lem for t in doc}
    if lemmas & FINANCIAL_WORDS and goal.has("targets"):
        return "financial"
    if goal.has("actors", "OWNER", "ROLE"):
        return "committee"
    has_verb = any(t.lower_ in ("ska", "skall", "bör", "kommer") or t.pos_ in ("VERB", "AUX") for t in doc)
    if not has_verb and len([t for t in doc if t.is_alpha]) <= 14:
        return "vision"
    # a goal that names no owner reads as the whole organisation's: fullmäktige's level
    return "overarching"
