"""Cascade rules (dimension `cascade`): document-level, about the chain between levels.

A single goal cannot break the chain on its own, so `check` finds nothing here; the checks run
over a whole document in `malkoll.cascade.check_cascade` (batch runs over files). The classes
register the rules so that their metadata, `malkoll rules` and `malkoll explain` work like for
every other rule.
"""
from __future__ import annotations

from malkoll.rules.base import Rule


class _DocumentRule(Rule):
    def check(self, goal):
        return ()


class UnlinkedGoal(_DocumentRule):
    name = "unlinked-goal"


class UnservedGoal(_DocumentRule):
    name = "unserved-goal"


class IndicatorMismatch(_DocumentRule):
    name = "indicator-mismatch"


class DuplicateGoal(_DocumentRule):
    name = "duplicate-goal"


class NoOwner(_DocumentRule):
    name = "no-owner"
