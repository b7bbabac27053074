"""Information-level findings: readability (LIX), long sentences, passive voice hiding the actor,
and an activity written as a goal."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule
from malkoll.rules.families.owner import named_owner
from malkoll.rules.goal_type import activity_spans, classify, soft_verb_spans
from malkoll.analyzer.doc_cache import morph_has
from malkoll.rules.matching import doc_cached, sentences, tokens, words as words_of

# The thresholds come from the config (`lix-limit`, default 60 = "mycket svår" text;
# `long-sentence-words`, default 35) through ParsedGoal.


def _alpha(doc) -> list[bool]:
    """For each token, whether it is a word of letters (read once per Doc: three rules count them)."""
    return doc_cached(doc, ("style", "alpha"), lambda: [t.is_alpha for t in tokens(doc)])


def lix(doc) -> float:
    alpha = _alpha(doc)
    n_words = sum(alpha)
    if not n_words:
        return 0.0
    n_sentences = max(1, sum(1 for s in sentences(doc) if any(alpha[s.start:s.end])))
    long_words = sum(1 for a, text in zip(alpha, words_of(doc).text) if a and len(text) > 6)
    return n_words / n_sentences + 100 * long_words / n_words


class Readability(Rule):
    name = "readability"

    def check(self, goal: ParsedGoal):
        value = lix(goal.doc)
        if sum(_alpha(goal.doc)) >= 8 and value > goal.lix_limit:
            yield self.whole(goal, lix=round(value))


class LongSentence(Rule):
    name = "long-sentence"

    def check(self, goal: ParsedGoal):
        alpha = _alpha(goal.doc)
        for sent in sentences(goal.doc):
            n = sum(alpha[sent.start:sent.end])
            if n > goal.long_sentence_words:
                yield self.hit_span(sent, words=n)


def _s_passives(doc) -> list[int]:
    """The tokens that are passives: by the morphology, or an s-form after a modal ("ska genomföras")."""
    passive = morph_has(doc, "Voice", "Pass")
    w = words_of(doc)
    out = []
    for i, (pas, pos, low) in enumerate(zip(passive, w.pos, w.lower)):
        if pas:
            out.append(i)
        elif not (pos and pos != "VERB") and i > 0 and w.lower[i - 1] in ("ska", "skall", "bör", "kan", "måste") \
                and low.endswith("as") and len(w.text[i]) > 4:
            out.append(i)
    return out


class PassiveHidesActor(Rule):
    name = "passive-hides-actor"

    def check(self, goal: ParsedGoal):
        if named_owner(goal) or goal.owner:
            return
        lower = words_of(goal.doc).lower
        for i in _s_passives(goal.doc):
            if "av" in lower[i + 1: i + 6]:
                continue  # "ska genomföras av nämnden": the actor is named
            tok = tokens(goal.doc)[i]
            yield self.hit_span(tok, verb=tok.text)
            return


class ActivityGoal(Rule):
    name = "activity-goal"

    def check(self, goal: ParsedGoal):
        if classify(goal) == "activity":
            # the activity verb, else the soft verb that made it an activity ("stärka stödet")
            verbs = activity_spans(goal) or soft_verb_spans(goal)
            if verbs:
                yield self.hit_span(verbs[0], verb=verbs[0].text)
