"""owner: a responsible actor below the whole organisation."""
from __future__ import annotations

import re

from malkoll.analyzer import ParsedGoal
from malkoll.analyzer.features import MEASURE_LABELS
from malkoll.rules.base import Rule
from malkoll.rules.matching import tokens


def named_owner(goal: ParsedGoal) -> str | None:
    for span in goal.spans("actors", "OWNER", "ROLE"):
        return span.text
    return configured_owner(goal)


def configured_owner(goal: ParsedGoal) -> str | None:
    """One of the organisation's own names of nämnder, förvaltningar, bolag … (config `owners`),
    named in the goal; inflected forms count ("Kulturrådets", "Servicecenter AB:s")."""
    text = goal.text.lower()
    for name in goal.owners:
        if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?::?s|en|ens|et|ets)?(?!\w)", text):
            return name
    return None


class MissingOwner(Rule):
    name = "missing-owner"

    def check(self, goal: ParsedGoal):
        if named_owner(goal) or goal.owner:
            return
        # point at who the goal names instead when that is its subject: the whole organisation
        # ("Kommunen ska …") or the people it is for ("Eleverna ska …"); else the whole goal
        named = [s for s in goal.spans("actors", "WHOLE_ORG", "BENEFICIARY") if _is_subject(goal, s)]
        if named:
            yield self.hit_span(named[0], actor=named[0].text)
        else:
            yield self.whole(goal, actor="")


def _is_subject(goal: ParsedGoal, span) -> bool:
    doc = goal.doc
    if any(0 <= span.start - m.end <= 1 for m in goal.spans("metrics", *MEASURE_LABELS)):
        return False  # "Andelen elever …": the group measured, not the subject

    toks = tokens(doc)
    if any(t.dep_ for t in toks):
        return any(toks[i].dep_ in ("nsubj", "nsubj:pass", "ROOT", "root") for i in range(span.start, span.end))
    first = next((t.i for t in toks if t.is_alpha), 0)
    return span.start <= first + 1
