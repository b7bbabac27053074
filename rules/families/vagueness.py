"""no_vagueness: effort verbs, hedges, evaluative adjectives as targets, soft verbs as the whole goal."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule
from malkoll.rules.families.measurable import is_measurable
from malkoll.rules.matching import find_phrases, token_in

FUNCTION_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PUNCT", "AUX", "PRON", "PART", "NUM"}


def defined_tokens(goal: ParsedGoal) -> set[int]:
    """Tokens inside phrases with a defined meaning ("god ekonomisk hushållning")."""
    return {i for sp in find_phrases(goal.doc, "vagueness", "defined_phrases") for i in range(sp.start, sp.end)}


def sentence_has_measure(goal: ParsedGoal, tok) -> bool:
    sent = tok.sent
    groups = goal.spans("metrics") + goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE", "RANK")
    return any(sent.start <= s.start < sent.end for s in groups)


class WeakVerb(Rule):
    name = "weak-verb"

    def check(self, goal: ParsedGoal):
        for span in find_phrases(goal.doc, "vagueness", "effort_verbs"):
            if span.root.pos_ in ("NOUN", "ADJ") and span.root.pos_:
                continue  # "främjandet", "stimulerande" as nouns/adjectives
            yield self.hit_span(span, phrase=span.text)


class Hedge(Rule):
    name = "hedge"

    def check(self, goal: ParsedGoal):
        for span in find_phrases(goal.doc, "vagueness", "hedges"):
            yield self.hit_span(span, phrase=span.text)


def _extend_to_noun(doc, i: int) -> int:
    """End of the noun phrase an adjective modifies: "god kvalitet", "hög tillgänglighet"."""
    j = i + 1
    while j < len(doc) and j - i <= 3:
        t = doc[j]
        if not t.is_alpha or t.pos_ in FUNCTION_POS or t.lower_ in ("och", "i", "för", "med", "av", "att", "som"):
            break
        if t.pos_ in ("NOUN", "PROPN"):
            return j + 1
        if not t.pos_:  # no tagger: take the next content word
            return j + 1
        j += 1
    return i + 1


class VagueAdjective(Rule):
    name = "vague-adjective"

    def check(self, goal: ParsedGoal):
        skip = defined_tokens(goal)
        doc = goal.doc
        for tok in doc:
            if tok.i in skip or not tok.is_alpha or tok.pos_ in ("VERB", "NOUN", "ADP", "AUX"):
                continue
            if not token_in(tok, "vagueness", "evaluative_adjectives"):
                continue
            if sentence_has_measure(goal, tok):
                continue  # "Prognossäkerheten ska vara god, högst 1 procent avvikelse"
            end = _extend_to_noun(doc, tok.i)
            span = doc[tok.i:end]
            yield self.hit_span(span, phrase=span.text)


class SoftVerbGoal(Rule):
    name = "soft-verb-goal"

    def check(self, goal: ParsedGoal):
        if is_measurable(goal) or goal.has("targets", "FROM_TO", "THRESHOLD", "VALUE", "RANK", "ZERO"):
            return
        effort = find_phrases(goal.doc, "vagueness", "effort_verbs")
        if effort:
            return  # weak-verb already says it
        for span in find_phrases(goal.doc, "vagueness", "soft_verbs"):
            if span.root.pos_ in ("NOUN", "ADJ"):
                continue
            yield self.hit_span(span, phrase=span.text)
            return
