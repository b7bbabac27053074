"""Properties of the core for any input (hypothesis): every string gives exactly one report, in
order; its spans lie inside its text and are what they claim; the same input gives the same report;
and every report can be written as JSON (lone surrogates included)."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malkoll import analyze_many
from malkoll.config import Config

CONFIG = Config(suggestions=False)
WORDS = ["Andelen", "elever", "ska", "öka", "till", "90", "procent", "senast", "2027", "verka", "för", "god",
         "kvalitet", "Socialnämnden", "i", "möjligaste", "mån", "(", ")", "[", "«", "%", "–", ".", ",", "\n", "\x0b",
         "\u2028", "\ufffd", "\ud800", "\udcff", "AB", "KF-mål", "1.1:", "**", "#", "<!--"]
# goal-like text built from words the rules react to, and any text at all (surrogates included)
GOAL_TEXT = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b"])), max_size=300)
TEXT = st.one_of(GOAL_TEXT, ANY_TEXT)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(goal, text: str) -> None:
    assert len(goal.text) == len(text)  # the text as given (a lone surrogate shown as U+FFFD, one for one)
    if goal.error:
        return
    assert goal.grade in ("good", "needs_work", "vague") and 0 <= goal.score <= 100
    for f in goal.findings:
        assert 0 <= f.start <= f.end <= len(goal.text), (f, goal.text)
        assert goal.text[f.start:f.end] == f.excerpt


@SETTINGS
@given(TEXT)
def test_any_string_gives_one_report_with_spans_inside_deterministically(text):
    first = analyze_many([text], config=CONFIG)
    assert [g.id for g in first.goals] == ["g1"] and first.summary.goals == 1
    _check(first.goals[0], text)
    again = analyze_many([text], config=CONFIG)
    assert again.model_dump(exclude={"summary": {"engines"}}) == first.model_dump(exclude={"summary": {"engines"}})
    json.loads(first.model_dump_json())


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(TEXT, min_size=1, max_size=12))
def test_a_batch_reports_every_input_in_order(texts):
    report = analyze_many(texts, config=CONFIG)
    assert [g.id for g in report.goals] == [f"g{i}" for i in range(1, len(texts) + 1)]
    for goal, text in zip(report.goals, texts):
        _check(goal, text)
    json.loads(report.model_dump_json())
