"""no_vagueness: effort verbs, hedges, evaluative adjectives as targets, soft verbs as the whole goal."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.features import MEASURE_LABELS, is_threshold_word
from malkoll.rules.base import Rule
from malkoll.rules.families.measurable import is_measurable
from malkoll.rules.matching import doc_cached, find_phrases, flagged_words, sentence_of, token_in, tokens, words, words_in

FUNCTION_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PUNCT", "AUX", "PRON", "PART", "NUM"}


def defined_tokens(goal: ParsedGoal) -> set[int]:
    """Tokens inside phrases with a defined meaning ("god ekonomisk hushållning"), including the
    multi-word terms of the organisation's glossary."""
    out = {i for sp in find_phrases(goal.doc, "vagueness", "defined_phrases") for i in range(sp.start, sp.end)}
    multi = [k for k in goal.glossary if len(k.split()) > 1]
    for sp in match_words(goal.doc, multi):
        out.update(range(sp.start, sp.end))
    return out


def match_words(doc, phrases) -> list:
    """Occurrences of configured words or phrases (case-insensitive, surface form or lemma per
    word; a trailing * matches any ending, e.g. "kraftfull*")."""
    out = []
    toks = tokens(doc)
    for phrase in phrases:
        words = phrase.lower().split()
        if not words:
            continue
        for i in range(len(toks) - len(words) + 1):
            if all(_word_matches(toks[i + k], w) for k, w in enumerate(words)):
                out.append(doc[i:i + len(words)])
    return sorted(out, key=lambda sp: (sp.start, -(sp.end - sp.start)))


def _word_matches(tok, word: str) -> bool:
    lem = (getattr(tok._, "lem", None) or tok.lemma_ or "").lower()
    if word.endswith("*"):
        return tok.lower_.startswith(word[:-1]) or lem.startswith(word[:-1])
    return tok.lower_ == word or lem == word


def extra_vague_spans(goal: ParsedGoal, verbs: bool) -> list:
    """The organisation's extra vague words (config `extra-vague-words`) found in the goal: verbs
    (effort words, reported by weak-verb) or everything else (judgements, reported by
    vague-adjective)."""
    if not goal.extra_vague_words:
        return []
    skip = defined_tokens(goal)
    return [sp for sp in match_words(goal.doc, goal.extra_vague_words)
            if (sp.root.pos_ in ("VERB", "AUX")) == verbs and not skip.intersection(range(sp.start, sp.end))]


def _extra_hits(rule: Rule, goal: ParsedGoal, taken: set[int], verbs: bool):
    for sp in extra_vague_spans(goal, verbs):
        if taken.intersection(range(sp.start, sp.end)):
            continue
        taken.update(range(sp.start, sp.end))
        yield rule.hit_span(sp, phrase=sp.text)


def sentence_has_measure(goal: ParsedGoal, tok, ranks: bool = True) -> bool:
    sent = sentence_of(tok)
    # a count measures a judgement beside it ("Fler invånare ska känna sig trygga"), not one inside
    # what it counts ("fler konkurrenskraftiga företag": which companies count is undefined); a
    # measure noun with no figure does not measure the judgement on it ("låg kommunalskatt",
    # "kommunalskatten ska vara låg": how low?)
    judged = {tok.head.i} | {c.i for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")}  # "låg X", "X ska vara låg"
    groups = [s for s in goal.spans("metrics", *MEASURE_LABELS) if not (s.label_ == "COUNT" and s.start <= tok.i < s.end)
              and not (s.label_ == "METRIC" and any(s.start <= i < s.end for i in judged))]
    groups += goal.spans("targets", "FROM_TO", "THRESHOLD", "VALUE", "BENCHMARK", *(("RANK",) if ranks else ()))
    return any(sent.start <= s.start < sent.end for s in groups)


def rank_word(tok) -> bool:
    """Whether `tok` is the word of a rank that only says "first" ("bästa", "främsta")."""
    word = token_in(tok, "vagueness", "evaluative_adjectives", comparison=True)
    return bool(word) and word in flagged_words("vagueness", "evaluative_adjectives", "rank_word")


class WeakVerb(Rule):
    name = "weak-verb"

    def check(self, goal: ParsedGoal):
        taken: set[int] = set()
        for span in find_phrases(goal.doc, "vagueness", "effort_verbs"):
            if len(span) == 1 and span.root.pos_ in ("NOUN", "ADJ"):
                continue  # "främjandet", "stimulerande" as nouns/adjectives; a phrase is a verb phrase
            taken.update(range(span.start, span.end))
            yield self.hit_span(span, phrase=span.text)
        yield from _extra_hits(self, goal, taken, verbs=True)


class Hedge(Rule):
    name = "hedge"

    def check(self, goal: ParsedGoal):
        for span in find_phrases(goal.doc, "vagueness", "hedges"):
            yield self.hit_span(span, phrase=span.text)


def _extend_to_noun(doc, i: int) -> int:
    """End of the noun phrase an adjective modifies: "god kvalitet", "hög tillgänglighet"."""
    toks = tokens(doc)
    j = i + 1
    while j < len(toks) and j - i <= 3:
        t = toks[j]
        if not t.is_alpha or t.pos_ in FUNCTION_POS or t.lower_ in ("och", "i", "för", "med", "av", "att", "som"):
            break
        if t.pos_ in ("NOUN", "PROPN"):
            return j + 1
        if not t.pos_:  # no tagger: take the next content word
            return j + 1
        j += 1
    return i + 1


def _degree_clause(tok) -> bool:
    """"så stort att det egna kapitalet värdesäkras": the clause after "så … att" says how much."""
    children = list(tok.children)
    return any(c.lower_ == "så" and c.dep_ == "advmod" for c in children) and \
        any(c.dep_ in ("advcl", "ccomp") and any(g.lower_ == "att" for g in c.children if g.dep_ == "mark")
            for c in children)


def _felt(goal: ParsedGoal, tok) -> bool:
    """Whether `tok` is the feeling of a reflexive perception ("känna sig trygga")."""
    state = perceived_state(goal)
    return state is not None and state[1].i == tok.i and perception_items().get(state[0].norm_) == "reflexive"


class VagueAdjective(Rule):
    name = "vague-adjective"

    def check(self, goal: ParsedGoal):
        # kept for the goal: unmeasured-key-term asks again (the config's extra words make it the goal's)
        kept = doc_cached(goal.doc, ("vague-adjective",), lambda: [None, ()])
        if kept[0] is not goal:
            kept[:] = [goal, list(self._hits(goal))]
        return iter(kept[1])

    def _hits(self, goal: ParsedGoal):
        skip = defined_tokens(goal)
        doc = goal.doc
        taken: set[int] = set()
        ranks = {i for s in goal.spans("targets", "RANK") for i in range(s.start, s.end)}
        levels = {i for s in goal.spans("targets", "IMPLICIT", "BENCHMARK") for i in range(s.start, s.end)}
        pos = words(doc).pos
        evaluative = words_in(doc, "vagueness", "evaluative_adjectives", comparison=True)
        toks = tokens(doc)
        for i in [i for i, word in enumerate(evaluative) if word]:  # most tokens are no evaluative word
            tok = toks[i]
            if not tok.is_alpha or pos[i] in ("VERB", "NOUN", "ADP", "AUX") or is_threshold_word(tok):
                continue
            end = _extend_to_noun(doc, tok.i)
            span = doc[tok.i:end]
            # weaker candidates, for the learned gate: a praise word inside a phrase with a defined
            # meaning, inside a rank, or in a sentence that also states a measure
            if tok.i in skip:
                yield self.hit_span(span, weak=True, kind="defined_phrase", phrase=span.text)
                continue
            if tok.i in ranks and rank_word(tok):
                continue  # "Skånes bästa boendekommun": the rank is the target, not a judgement
            if tok.i in levels or _degree_clause(tok):
                continue  # the word states the level: "ska vara positivt", "så stort att kapitalet värdesäkras"
            if sentence_has_measure(goal, tok, ranks=tok.i not in ranks):
                kind = "in_rank" if tok.i in ranks else "with_measure"
                yield self.hit_span(span, weak=True, kind=kind, phrase=span.text)
                continue  # "Prognossäkerheten ska vara god, högst 1 procent avvikelse"
            taken.update(range(span.start, span.end))
            hit = self.hit_span(span, phrase=span.text)
            if _felt(goal, tok):
                hit.keeps = ("terms_defined",)  # "känna sig trygga": vague as a target, but a concrete survey item
            yield hit
        for span in find_phrases(doc, "vagueness", "praise_phrases"):
            if not taken.intersection(range(span.start, span.end)):
                taken.update(range(span.start, span.end))
                yield self.hit_span(span, phrase=span.text)
        yield from _extra_hits(self, goal, taken, verbs=False)


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


# imported last: a cycle among the rule families (each module is whole by the time another reads it)
from malkoll.rules.families.target import perceived_state, perception_items  # noqa: E402
