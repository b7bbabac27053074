"""Every rule's embedded examples are tests (LanguageTool style): a bad example must give exactly
the marked finding(s) of that rule, a good example none of that rule."""
from __future__ import annotations

import pytest

from malkoll.engine import candidates_for
from malkoll.config import Config
from malkoll.rules import all_rules

# cascade rules are document-level: their examples are outlines, checked below by
# test_cascade_example_* through the document reader, the analysis and malkoll.cascade
CASES_BAD = [(r.name, ex) for r in all_rules() for ex in r.meta.bad if r.meta.dimension != "cascade"]
CASES_GOOD = [(r.name, ex) for r in all_rules() for ex in r.meta.good if r.meta.dimension != "cascade"]
CASCADE_BAD = [(r.name, ex) for r in all_rules() for ex in r.meta.bad if r.meta.dimension == "cascade"]
CASCADE_GOOD = [(r.name, ex) for r in all_rules() for ex in r.meta.good if r.meta.dimension == "cascade"]


def _rule_findings(name, example):
    """The rule's own findings, before the learned gate: its strong ones (weak candidates are
    only proposals, which the gate keeps or drops: tests/test_gate.py)."""
    found = candidates_for(example.text, level=example.level, config=Config(suggestions=False))
    return [(c.finding.start, c.finding.end) for c in found if c.finding.name == name and not c.weak]


@pytest.mark.parametrize("name,example", CASES_BAD, ids=[f"{n}:{e.text[:40]}" for n, e in CASES_BAD])
def test_bad_example_reports_marked_words(name, example):
    assert example.spans, f"bad example of {name} marks no words"
    assert sorted(_rule_findings(name, example)) == sorted(example.spans), example.text


@pytest.mark.parametrize("name,example", CASES_GOOD, ids=[f"{n}:{e.text[:40]}" for n, e in CASES_GOOD])
def test_good_example_has_no_finding(name, example):
    assert _rule_findings(name, example) == [], example.text


def test_every_rule_has_both_kinds_of_example():
    for rule in all_rules():
        assert rule.meta.bad and rule.meta.good, rule.name
        assert rule.meta.doc["sv"]["what"] and rule.meta.doc["en"]["what"], rule.name
        assert rule.meta.message["sv"] and rule.meta.message["en"], rule.name


def _cascade_goals_with_finding(name, example):
    """Read the example outline as a document, analyze it, run the cascade checks; return the
    (start, end) offsets in the example text of the goals that got a finding of rule `name`, and
    the offsets of every goal found."""
    from malkoll.batch import review
    from malkoll.ingest import goals_from_text

    goals = goals_from_text(example.text, file="exempel")
    report = review(goals=goals, config=Config(suggestions=False))
    assert all(g.error is None for g in report.goals)
    line_starts = [0]
    for line in example.text.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))
    offsets = {}
    for g in report.goals:  # the goal's own line (duplicates have the same text on two lines)
        start = example.text.find(g.text, line_starts[g.source.line - 1])
        assert start >= 0, g.text
        offsets[g.id] = (start, start + len(g.text))
    hits = {offsets[f.goal] for d in report.documents for f in d.findings if f.name == name}
    return hits, set(offsets.values())


@pytest.mark.parametrize("name,example", CASCADE_BAD, ids=[f"{n}:{e.text[:40]}" for n, e in CASCADE_BAD])
def test_cascade_bad_example_flags_the_marked_goal(name, example):
    assert example.spans, f"bad example of {name} marks no goal"
    hits, goals = _cascade_goals_with_finding(name, example)
    assert set(example.spans) <= goals, "a marked span is not exactly a goal the reader found"
    assert hits == set(example.spans), example.text


@pytest.mark.parametrize("name,example", CASCADE_GOOD, ids=[f"{n}:{e.text[:40]}" for n, e in CASCADE_GOOD])
def test_cascade_good_example_has_no_finding(name, example):
    hits, goals = _cascade_goals_with_finding(name, example)
    assert goals, "the example has no goal"
    assert hits == set(), example.text
