"""single_goal: one objective, not several bundled together."""
from __future__ import annotations

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule
from malkoll.rules.matching import find_phrases, token_in

GOAL_VERB_LISTS = (("vagueness", "effort_verbs"), ("vagueness", "soft_verbs"), ("goal_types", "activity_verbs"))


def _is_objective_word(tok) -> bool:
    return bool(token_in(tok, "vagueness", "evaluative_adjectives") or token_in(tok, "terms", "abstract_terms"))


def _goal_verbs(goal: ParsedGoal) -> list:
    spans = []
    for lex, key in GOAL_VERB_LISTS:
        spans += [s for s in find_phrases(goal.doc, lex, key) if s.root.pos_ not in ("NOUN", "ADJ")]
    spans += goal.spans("change", "CHANGE_VERB")
    uniq = {s.start: s for s in spans}
    return sorted(uniq.values(), key=lambda s: s.start)


def bundled_parts(goal: ParsedGoal) -> list:
    """Token spans of the second and later objectives, empty if the goal is one objective."""
    doc = goal.doc
    owners = {i for s in goal.spans("actors", "OWNER") for i in range(s.start, s.end)}
    parts = []
    # 1. several sentences, each with its own goal verb
    sents = [s for s in doc.sents if any(t.is_alpha for t in s)]
    verbs = _goal_verbs(goal)
    if len(sents) > 1:
        with_verb = [s for s in sents if any(s.start <= v.start < s.end for v in verbs)
                     or any(t.lower_ in ("ska", "skall") for t in s)]
        if len(with_verb) > 1:
            parts.extend(with_verb[1:])
    # 2. coordinated objectives: verbs, evaluative adjectives or abstract aims joined by och/samt/,
    coord = {i for i, t in enumerate(doc) if t.lower_ in ("och", "samt", ",", "respektive")}
    for a, b in zip(verbs, verbs[1:]):
        between = range(a.end, b.start)
        if coord.intersection(between) and not any(doc[i].lower_ in ("för", "att", "genom", "som") for i in between
                                                   if i not in coord):
            parts.append(b)
    objective_idx = [t.i for t in doc if t.i not in owners and t.is_alpha and _is_objective_word(t)]
    for a, b in zip(objective_idx, objective_idx[1:]):
        between = range(a + 1, b)
        if b - a <= 4 and coord.intersection(between) and \
                not any(doc[i].pos_ in ("VERB", "AUX") for i in between):
            if doc[a].pos_ and doc[b].pos_ and doc[a].pos_ != doc[b].pos_ and \
                    {doc[a].pos_, doc[b].pos_} != {"ADJ", "NOUN"}:
                continue
            parts.append(doc[b:b + 1])
    seen, out = set(), []
    for p in sorted(parts, key=lambda s: s.start):
        if p.start not in seen:
            seen.add(p.start)
            out.append(p)
    return out


class BundledGoals(Rule):
    name = "bundled-goals"

    def check(self, goal: ParsedGoal):
        parts = bundled_parts(goal)
        if parts:
            first = parts[0]
            yield self.hit_span(first, count=len(parts) + 1, part=first.text)
