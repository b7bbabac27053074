"""Every rule's embedded examples are tests (LanguageTool style): a bad example must give exactly
the marked finding(s) of that rule, a good example none of that rule."""
from __future__ import annotations

import pytest

from malkoll import analyze
from malkoll.config import Config
from malkoll.rules import all_rules

CASES_BAD = [(r.name, ex) for r in all_rules() for ex in r.meta.bad]
CASES_GOOD = [(r.name, ex) for r in all_rules() for ex in r.meta.good]


def _rule_findings(name, example):
    report = analyze(example.text, level=example.level, config=Config(suggestions=False))
    goal = report.goals[0]
    assert goal.error is None
    return [(f.start, f.end) for f in goal.findings if f.name == name]


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
