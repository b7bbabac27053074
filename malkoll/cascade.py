"""Cascade checks: document-level findings about the chain between levels (rules MK901–MK905).

They read a batch report's goals of one file — their level, owner, the goal above (`parent`) and
the indicators the document lists under them (`context_indicators`) — and report:

- MK901 unlinked-goal: a committee or operational goal that links to no goal above it, while the
  document has goals on that level (a Koppling column, a reference "Koppling till KF-mål 1.1",
  or the goal standing under it in the structure make the link);
- MK902 unserved-goal: an overarching goal that no committee goal and no indicator serves, in a
  document that has committee goals or indicators (a bare list of KF-mål cannot be checked);
- MK903 indicator-mismatch: a goal whose attached indicators share no key word and no concept
  (rules/lexicons/cascade.yaml) with the goal: they do not measure what the goal says;
- MK904 duplicate-goal: a goal that repeats an earlier goal of the document (same words);
- MK905 no-owner: a committee or operational goal with no owner in its text or in the structure.

The metadata (ids, severities, messages, docs, examples) is in rules/catalogue.yaml (dimension
`cascade`); the examples there are outlines that tests/test_rule_examples.py runs through ingest,
analysis and these checks.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from malkoll.config import Config
from malkoll.i18n import t
from malkoll.report import CascadeFinding, GoalReport

LEXICON = Path(__file__).resolve().parent.parent / "rules" / "lexicons" / "cascade.yaml"
RANK = {"vision": 0, "overarching": 1, "financial": 1, "committee": 2, "operational": 3, "indicator_target": 4}
WORD_RE = re.compile(r"[a-zåäöéü0-9]+")
RULE_NAMES = ("unlinked-goal", "unserved-goal", "indicator-mismatch", "duplicate-goal", "no-owner")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    path = LEXICON
    if not path.exists():  # installed: malkoll.rules lives in the package
        from malkoll.rules import base

        path = base.HERE / "lexicons" / "cascade.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    exact = frozenset(e["word"] for e in data["generic"] if not e.get("prefix"))
    prefixes = tuple(e["word"] for e in data["generic"] if e.get("prefix"))
    concepts = tuple(tuple(w.lower() for w in e["words"]) for e in data["concepts"])
    return exact, prefixes, concepts


def key_words(text: str) -> set[str]:
    exact, prefixes, _ = _lexicon()
    out = set()
    for w in WORD_RE.findall(text.lower()):
        if len(w) < 4 or w.isdigit() or w in exact or w.startswith(prefixes):
            continue
        out.add(w)
    return out


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    if n >= 5 or (n >= 4 and min(len(a), len(b)) <= 5):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and short in long_


def concepts_of(text: str) -> set[int]:
    _, _, concepts = _lexicon()
    low = text.lower()
    return {i for i, words in enumerate(concepts) if any(w in low for w in words)}


def indicators_measure(goal_text: str, indicators: list[str]) -> bool:
    """Whether at least one indicator shares a key word or a concept with the goal."""
    goal_words = key_words(goal_text)
    goal_concepts = concepts_of(goal_text)
    for ind in indicators:
        if goal_concepts & concepts_of(ind):
            return True
        if any(_same_word(a, b) for a in goal_words for b in key_words(ind)):
            return True
    return False


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
