"""Cascade checks: document-level findings about the chain between levels (rules MK901–MK905).

They read a batch report's goals of one file — their level, owner, the goal above (`parent`) and
the indicators the document lists under them (`context_indicators`) — and report:

- MK901 unlinked-goal: a committee or operational goal that links to no goal above it, while the
  document has goals on that level (a Koppling column, a reference "Koppling till KF-mål 1.1",
  or the goal standing under it in the structure make the link);
- MK902 unserved-goal: an overarching goal that no committee goal and no indicator serves, in a
  document that has committee goals or indicators (a bare list of KF-mål cannot be checked);
- MK903 indicator-mismatch: a goal whose attached indicators do not measure it, as the indicator
  model judges it (malkoll.models.indicators.indicator_fit: a Kolada id by the model's confidence,
  an indicator in words by the measured words and the operating area it shares with the goal);
- MK904 duplicate-goal: a goal that repeats an earlier goal of the document (same words);
- MK905 no-owner: a committee or operational goal with no owner in its text or in the structure.

The metadata (ids, severities, messages, docs, examples) is in rules/catalogue.yaml (dimension
`cascade`); the examples there are outlines that tests/test_rule_examples.py runs through ingest,
analysis and these checks.
"""
from __future__ import annotations

import re

from malkoll.config import Config
from malkoll.i18n import t
from malkoll.report import CascadeFinding, GoalReport

RANK = {"vision": 0, "overarching": 1, "financial": 1, "committee": 2, "operational": 3, "indicator_target": 4}
WORD_RE = re.compile(r"[a-zåäöéü0-9]+")
RULE_NAMES = ("unlinked-goal", "unserved-goal", "indicator-mismatch", "duplicate-goal", "no-owner")


def indicators_measure(goal_text: str, indicators: list[str]) -> bool:
    """Whether at least one attached indicator measures the goal: the indicator model's judgement
    (a Kolada id by the model's confidence, an indicator in words by the measured words and
    operating area it shares with the goal; malkoll.models.indicators.indicator_fit)."""
    from malkoll.models.indicators import indicators_measure as model_measures

    return model_measures(goal_text, indicators)


def _norm(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower()))


def _excerpt(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def check_cascade(goals: list[GoalReport], config: Config | None = None, lang: str = "sv") -> list[CascadeFinding]:
    """The cascade findings for the goals of one document, in document order."""
    from malkoll.engine import active_rules

    config = config or Config()
    rules = {r.name: r for r in active_rules(config) if r.meta.dimension == "cascade"}
    ok = [g for g in goals if g.error is None and g.level is not None]
    # the chain between levels can only be checked where the document gives the levels: a plain
    # list of goals (a .txt, stdin) has levels inferred from wording, and no hierarchy to check
    structured = [g for g in ok if g.level.from_ == "document"]
    by_id = {g.id: g for g in ok}
    children: dict[str, int] = {}
    for g in ok:
        if g.parent:
            children[g.parent] = children.get(g.parent, 0) + 1
    ranks = {RANK.get(g.level.value, 2) for g in structured}
    has_service = any(RANK.get(g.level.value, 2) >= 2 for g in structured) or any(g.context_indicators for g in ok)
    out: list[CascadeFinding] = []

    def add(name: str, goal: GoalReport, related: list[str] | None = None, **args) -> None:
        rule = rules.get(name)
        if rule is None:
            return
        meta = rule.meta
        level = goal.level.value if goal.level else None
        severity = config.severity.get(meta.id) or config.severity.get(name) or meta.severity_for(level)
        args.setdefault("goal", _excerpt(goal.text))
        args.setdefault("level", t(f"level.{level}", lang) if level else "")
        args.setdefault("Level", args["level"][:1].upper() + args["level"][1:])
        out.append(CascadeFinding(rule=meta.id, name=name, severity=severity, goal=goal.id, related=related or [],
                                  message=meta.text("message", lang, **args),
                                  suggestion=meta.text("suggestion", lang, **args) or None))

    seen_text: dict[str, GoalReport] = {}
    for g in ok:
        rank = RANK.get(g.level.value, 2)
        level = g.level.value if g.level.from_ == "document" else None
        # MK901: committee/operational goal without a link upwards, when there is something above
        if level in ("committee", "operational") and any(r < rank and r >= 1 for r in ranks):
            parent = by_id.get(g.parent) if g.parent else None
            if parent is None or RANK.get(parent.level.value, 2) >= rank:
                add("unlinked-goal", g)
        # MK902: overarching goal nobody serves
        if level == "overarching" and has_service and not children.get(g.id) and not g.context_indicators:
            add("unserved-goal", g)
        # MK903: attached indicators that do not measure the goal
        if g.context_indicators and not indicators_measure(g.text, g.context_indicators):
            add("indicator-mismatch", g, indicators="; ".join(_excerpt(i, 60) for i in g.context_indicators))
        # MK904: the same goal again
        key = _norm(g.text)
        if len(key.split()) >= 3:
            first = seen_text.get(key)
            if first is not None:
                add("duplicate-goal", g, related=[first.id], other=first.id,
                    where=(first.source.location if first.source and first.source.location else first.id))
            else:
                seen_text[key] = g
        # MK905: no owner anywhere
        if level in ("committee", "operational"):
            owner_known = bool(g.source and g.source.owner) or bool(g.dimensions and g.dimensions.get("owner"))
            if not owner_known:
                add("no-owner", g)
    return out
