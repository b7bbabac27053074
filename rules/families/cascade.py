"""Cascade rules (dimension `cascade`): about the chain between levels, over the documents of a run.

A single goal cannot break the chain on its own, so `check` finds nothing; each rule's
`check_chain` reads the analyzed goals of a whole run — their level, owner, the goal above
(`parent`, within a document or across the documents of a folder) and the indicators the document
lists under them — and yields the goals it is about. The engine of the run (`malkoll.batch`) turns
the hits into findings with the catalogue's messages and severities, per document.

Levels given by the document count; levels inferred from wording do not (a plain list of goals has
no hierarchy to check).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from malkoll.rules.base import Rule
from malkoll.vocabulary import LEVEL_RANK

WORD_RE = re.compile(r"[a-zåäöéü0-9]+")


@dataclass
class ChainHit:
    goal: str  # the id of the goal the finding is about
    related: list[str] = field(default_factory=list)
    args: dict = field(default_factory=dict)


class Chain:
    """The analyzed goals of a run, as the cascade rules read them."""

    def __init__(self, goals: list):
        self.goals = [g for g in goals if g.error is None and g.level is not None]
        self.by_id = {g.id: g for g in self.goals}
        self.children: dict[str, int] = {}
        for g in self.goals:
            if g.parent:
                self.children[g.parent] = self.children.get(g.parent, 0) + 1
        # the chain can only be checked where the documents give the levels
        self.structured = [g for g in self.goals if g.level.from_ == "document"]
        self.ranks = {rank(g) for g in self.structured}
        self.has_service = any(rank(g) >= 2 for g in self.structured) or any(g.context_indicators for g in self.goals)

    @staticmethod
    def file(goal) -> str | None:
        return goal.source.file if goal.source else None

    def documented_level(self, goal) -> str | None:
        return goal.level.value if goal.level.from_ == "document" else None


def rank(goal) -> int:
    return LEVEL_RANK.get(goal.level.value, 2)


class _ChainRule(Rule):
    def check(self, goal):
        return ()

    def check_chain(self, chain: Chain) -> Iterator[ChainHit]:  # pragma: no cover - abstract
        raise NotImplementedError


class UnlinkedGoal(_ChainRule):
    """MK901: a committee or operational goal that links to no goal above it, while the run has
    goals on a level above (a reference, a Koppling column, the structure, or a link across the
    documents of a folder make the link)."""

    name = "unlinked-goal"

    def check_chain(self, chain: Chain) -> Iterator[ChainHit]:
        for g in chain.goals:
            level = chain.documented_level(g)
            r = rank(g)
            if level in ("committee", "operational") and any(1 <= x < r for x in chain.ranks):
                parent = chain.by_id.get(g.parent) if g.parent else None
                if parent is None or rank(parent) >= r:
                    yield ChainHit(g.id)


class UnservedGoal(_ChainRule):
    """MK902: an overarching goal that no committee goal and no indicator serves, in a run that has
    committee goals or indicators (a bare list of KF goals cannot be checked)."""

    name = "unserved-goal"

    def check_chain(self, chain: Chain) -> Iterator[ChainHit]:
        if not chain.has_service:
            return
        for g in chain.goals:
            if chain.documented_level(g) == "overarching" and not chain.children.get(g.id) and not g.context_indicators:
                yield ChainHit(g.id)


FITS_AT_ONCE = 64  # goals whose texts MK903 parses together (with their indicators', well under the kept Docs)


class IndicatorMismatch(_ChainRule):
    """MK903: a goal whose attached indicators do not measure what it says (the test of whether an
    indicator measures its goal is `malkoll.cascade.indicators_measure`)."""

    name = "indicator-mismatch"

    def check_chain(self, chain: Chain) -> Iterator[ChainHit]:
        from malkoll.cascade import excerpt, indicators_measure, parse_for_fits

        goals = [g for g in chain.goals if g.context_indicators]
        for start in range(0, len(goals), FITS_AT_ONCE):
            chunk = goals[start:start + FITS_AT_ONCE]
            parse_for_fits([(g.text, g.context_indicators) for g in chunk])  # one nlp.pipe for the chunk
            for g in chunk:
                if not indicators_measure(g.text, g.context_indicators):
                    yield ChainHit(g.id, args={"indicators": "; ".join(excerpt(i, 60) for i in g.context_indicators)})



class DuplicateGoal(_ChainRule):
    """MK904: a goal that repeats an earlier goal of the same document word for word."""

    name = "duplicate-goal"

    def check_chain(self, chain: Chain) -> Iterator[ChainHit]:
        seen: dict[tuple[str | None, str], object] = {}
        for g in chain.goals:
            key = " ".join(WORD_RE.findall(g.text.lower()))
            if len(key.split()) < 3:
                continue
            first = seen.get((chain.file(g), key))
            if first is None:
                seen[(chain.file(g), key)] = g
                continue
            where = first.source.location if first.source and first.source.location else first.id
            yield ChainHit(g.id, related=[first.id], args={"other": first.id, "where": where})


class NoOwner(_ChainRule):
    """MK905: a committee or operational goal with no owner in its text or in the document."""

    name = "no-owner"

    def check_chain(self, chain: Chain) -> Iterator[ChainHit]:
        for g in chain.goals:
            if chain.documented_level(g) in ("committee", "operational"):
                owner_known = bool(g.source and g.source.owner) or bool(g.dimensions and g.dimensions.get("owner"))
                if not owner_known:
                    yield ChainHit(g.id)


def chain_rules(rules: Iterable[Rule]) -> list[_ChainRule]:
    return [r for r in rules if isinstance(r, _ChainRule)]
