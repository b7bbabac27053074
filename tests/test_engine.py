"""The engine's contract: verdicts on the reference goals, JSON shape, order, errors per goal."""
from __future__ import annotations

import json

from malkoll import analyze, analyze_many
from malkoll.config import Config
from malkoll.report import DIMENSIONS, GoalInput

NO_SUGGEST = Config(suggestions=False)
VAGUE = "Vi ska verka för en god kvalitet i skolan."
GOOD = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."


def _goal(text, **kw):
    return analyze(text, config=NO_SUGGEST, **kw).goals[0]


def test_vague_reference_goal():
    g = _goal(VAGUE)
    assert g.grade == "vague"
    excerpts = {f.excerpt for f in g.findings}
    assert "verka för" in excerpts
    assert any("god kvalitet" in e for e in excerpts)
    for f in g.findings:
        assert VAGUE[f.start:f.end] == f.excerpt
    assert not g.dimensions["no_vagueness"] and not g.dimensions["measurable"]


def test_good_reference_goal():
    g = _goal(GOOD)
    assert g.grade == "good"
    assert g.dimensions["measurable"] and g.dimensions["target_level"] and g.dimensions["time_bound"]
    assert g.score >= 70


def test_owner_named_in_text():
    g = _goal("Barn- och utbildningsnämnden ska öka andelen behöriga elever till 90 procent senast 2027.")
    assert g.dimensions["owner"] is True
    g2 = _goal("Kommunen ska öka andelen behöriga elever till 90 procent senast 2027.")
    assert g2.dimensions["owner"] is False


def test_owner_from_structure_counts():
    g = analyze_many([GoalInput(text="Andelen nöjda brukare ska öka till 90 procent.", owner="Socialnämnden")],
                     config=NO_SUGGEST).goals[0]
    assert g.dimensions["owner"] is True


def test_score_orders_grades():
    texts = [VAGUE, GOOD, "Sjukfrånvaron ska minska.", "Tryggheten ska öka.", "Kommunen ska vara attraktiv."]
    goals = analyze_many(texts, config=NO_SUGGEST).goals
    rank = {"vague": 0, "needs_work": 1, "good": 2}
    for a in goals:
        for b in goals:
            if rank[a.grade] < rank[b.grade]:
                assert a.score < b.score


def test_json_shape_matches_contract():
    data = json.loads(analyze(VAGUE, config=NO_SUGGEST).model_dump_json())
    assert set(data) == {"malkoll_version", "goals", "summary", "attribution"}
    g = data["goals"][0]
    for key in ("id", "text", "source", "score", "grade", "type", "level", "dimensions", "findings",
                "indicators", "subgoals", "rewrite"):
        assert key in g
    assert set(g["dimensions"]) == set(DIMENSIONS)
    assert set(g["level"]) == {"value", "from"}
    f = g["findings"][0]
    assert set(f) >= {"rule", "name", "dimension", "severity", "start", "end", "excerpt", "message", "suggestion"}
    assert data["summary"]["goals"] == 1 and data["summary"]["by_grade"]["vague"] == 1


def test_every_goal_out_in_order_with_errors():
    items = [GOOD, "", "   ", {"text": 42}, "x" * 6000, VAGUE, None]
    report = analyze_many(items, config=NO_SUGGEST)
    assert [g.id for g in report.goals] == [f"g{i}" for i in range(1, 8)]
    assert report.goals[0].grade == "good" and report.goals[5].grade == "vague"
    for i in (1, 2, 3, 4, 6):
        assert report.goals[i].error and report.goals[i].grade is None
    assert "för lång" in report.goals[4].error
    assert report.summary.errors == 5


def test_level_changes_severity_not_dimensions():
    text = "Tryggheten i kommunen ska öka."
    vision = _goal(text, level="vision")
    committee = _goal(text, level="committee")
    assert vision.dimensions == committee.dimensions
    sev = {f.name: f.severity for f in committee.findings}
    sev_v = {f.name: f.severity for f in vision.findings}
    assert sev["missing-measure"] == "error" and sev_v["missing-measure"] == "suggestion"
    assert committee.level.value == "committee" and committee.level.from_ == "caller"


def test_english_messages():
    g = analyze(VAGUE, config=NO_SUGGEST, lang="en").goals[0]
    assert any("effort" in f.message for f in g.findings)


def test_ignore_and_glossary_change_verdicts():
    text = "Skolan ska vara likvärdig och andelen behöriga ska vara minst 90 procent senast 2027."
    base = _goal(text)
    assert not base.dimensions["terms_defined"]
    defined = analyze(text, config=Config(suggestions=False, glossary={"likvärdig": "..."})).goals[0]
    assert defined.dimensions["terms_defined"]
    ignored = analyze(text, config=Config(suggestions=False, ignore=["MK601"])).goals[0]
    assert not any(f.rule == "MK601" for f in ignored.findings)


def test_attached_indicators_carry_a_broad_goal():
    text = "Tryggheten i kommunen ska öka."
    bare = analyze_many([GoalInput(text=text, level="overarching")], config=NO_SUGGEST).goals[0]
    carried = analyze_many([GoalInput(text=text, level="overarching",
                                      context_indicators=["Andel invånare som känner sig trygga: minst 80 %"])],
                           config=NO_SUGGEST).goals[0]
    committee = analyze_many([GoalInput(text=text, level="committee",
                                        context_indicators=["Andel invånare som känner sig trygga: minst 80 %"])],
                             config=NO_SUGGEST).goals[0]
    sev = lambda g: {f.name: f.severity for f in g.findings}  # noqa: E731
    assert sev(bare)["missing-measure"] == "warning" and sev(carried)["missing-measure"] == "suggestion"
    assert "indikator" in next(f.message for f in carried.findings if f.name == "missing-measure")
    assert sev(committee)["missing-measure"] == "error"  # a nämndmål must carry its own measure
    assert bare.dimensions == carried.dimensions  # the text is judged as it is


def test_kolada_attribution_travels_with_its_indicators():
    measured = "Fler elever ska vara behöriga till gymnasieskolan."  # Kolada measures it: a KPI is shown
    with_suggestions = json.loads(analyze(measured).model_dump_json())
    assert any(i["source"] == "kolada" for i in with_suggestions["goals"][0]["indicators"])
    assert with_suggestions["attribution"] == "Källa: Kolada"
    assert json.loads(analyze(measured, config=NO_SUGGEST).model_dump_json())["attribution"] is None
    # no Kolada KPI measures this well enough to be shown: a constructed indicator, no attribution
    constructed = json.loads(analyze("Alla barn ska kunna simma tvåhundra meter före sommarlovet.").model_dump_json())
    assert {i["source"] for i in constructed["goals"][0]["indicators"]} == {"constructed"}
    assert constructed["attribution"] is None
