"""owner: a responsible actor below the whole organisation."""
from __future__ import annotations

import re

from malkoll.analyzer import ParsedGoal
from malkoll.rules.base import Rule


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
        # point at who the goal names instead: the whole organisation or the people it is for
        named = goal.spans("actors", "WHOLE_ORG", "BENEFICIARY")
        if named:
            yield self.hit_span(named[0], actor=named[0].text)
        else:
            yield self.whole(goal, actor="")
