"""Goal typing (effect / result / activity) and level inference."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.families.measurable import is_measurable
from malkoll.rules.matching import doc_cached, find_phrases, token_in, tokens, words

from malkoll.vocabulary import LEVELS as LEVELS_ORDER  # noqa: E402,F401  (the contract's levels)
FINANCIAL_WORDS = {"soliditet", "självfinansieringsgrad", "skatteintäkt", "resultat", "överskott",
                   "likviditet", "nettokostnad", "budget", "låneskuld", "pensionsskuld", "investering"}


def activity_spans(goal: ParsedGoal):
    return [s for s in find_phrases(goal.doc, "goal_types", "activity_verbs") if s.root.pos_ not in ("NOUN", "ADJ")]


def soft_verb_spans(goal: ParsedGoal):
    return [s for s in find_phrases(goal.doc, "vagueness", "soft_verbs") if s.root.pos_ not in ("NOUN", "ADJ")]


def _subject_is_organisation(goal: ParsedGoal) -> bool:
    """The goal's subject is the organisation or one of its bodies ("Kommunen ska …",
    "Socialnämnden ska …"), not the people it serves."""
    org = goal.spans("actors", "OWNER", "ROLE", "WHOLE_ORG")
    people = goal.spans("actors", "BENEFICIARY")
    subj = next((t for t in tokens(goal.doc) if t.dep_ in ("nsubj", "nsubj:pass")), None)
    if subj is not None:
        return any(s.start <= subj.i < s.end for s in org)
    first_org = min((s.start for s in org), default=None)
    first_people = min((s.start for s in people), default=None)
    return first_org is not None and (first_people is None or first_org < first_people) and first_org <= 2


def classify(goal: ParsedGoal) -> str:
    """effect: a change for citizens or users; result: an output of the organisation;
    activity: something to do, written as if it were a goal."""
    return doc_cached(goal.doc, ("goal_type",), lambda: _classify(goal))


def _classify(goal: ParsedGoal) -> str:
    acts = activity_spans(goal)
    soft = soft_verb_spans(goal)
    toks = tokens(goal.doc)
    if (acts or soft) and any(token_in(t, "goal_types", "activity_nouns") for t in toks) and \
            not goal.has("targets", "FROM_TO", "THRESHOLD", "RANK"):
        return "activity"
    if acts and not is_measurable(goal) and not find_phrases(goal.doc, "goal_types", "service_verbs"):
        return "activity"
    if any(token_in(t, "goal_types", "result_nouns") for t in toks):
        return "result"
    if _subject_is_organisation(goal) and (find_phrases(goal.doc, "goal_types", "service_verbs")
                                           or not goal.has("actors", "BENEFICIARY")):
        return "result"
    return "effect"


def infer_level(goal: ParsedGoal) -> str:
    """The level when neither caller nor document gives one, from the wording."""
    toks = tokens(goal.doc)
    w = words(goal.doc)
    if not FINANCIAL_WORDS.isdisjoint(w.norm) and goal.has("targets"):
        return "financial"
    if goal.has("actors", "OWNER", "ROLE"):
        return "committee"
    has_verb = any(low in ("ska", "skall", "bör", "kommer") or pos in ("VERB", "AUX") for low, pos in zip(w.lower, w.pos))
    if not has_verb and len([t for t in toks if t.is_alpha]) <= 14:
        return "vision"
    # a goal that names no owner reads as the whole organisation's: fullmäktige's level
    return "overarching"
