"""Cascade checks over whole documents: exactly the problems planted in the generated BSP
(tests/fixtures_bsp.py) are found, in Word and in Excel, and the checks' building blocks behave."""
from __future__ import annotations

import pytest

import fixtures_bsp as F
from malkoll.cascade import indicators_measure

PLANTED = {
    ("MK901", "Andelen brukare som är nöjda med bemötandet i hemtjänsten ska vara minst 95 procent 2027."),
    ("MK901", F.COMMON_GOAL),
    ("MK902", "Fler äldre ska kunna bo kvar hemma med god livskvalitet."),
    ("MK903", "Vi ska verka för en god arbetsmiljö i skolan."),
    ("MK904", "Andelen resor med kollektivtrafik ska öka till 25 procent senast 2030."),
    ("MK905", F.COMMON_GOAL),
}


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_planted_cascade_problems_found_and_nothing_else(kind):
    report = F.analyzed(kind)
    (doc,) = report.documents
    by_id = {g.id: g for g in report.goals}
    got = {(f.rule, by_id[f.goal].text) for f in doc.findings}
    assert got == PLANTED
    dup = next(f for f in doc.findings if f.rule == "MK904")
    first = by_id[dup.related[0]]
    assert first.text == by_id[dup.goal].text and first.source.owner == "Samhällsbyggnadsnämnden"
    assert by_id[dup.goal].source.owner == "Kommunstyrelsen"
    for f in doc.findings:
        assert f.dimension == "cascade" and f.severity in ("warning", "error", "suggestion")
        assert "”" in f.message and f.suggestion


def test_messages_in_english():
    from malkoll.batch import check_paths
    from malkoll.config import Config

    report = check_paths([str(F.generated("xlsx").path)], Config(suggestions=False, lang="en"))
    msgs = [f.message for f in report.documents[0].findings]
    assert any(m.startswith("The committee goal") and "links to no goal" in m for m in msgs)


def test_cascade_rules_can_be_ignored():
    from malkoll.batch import check_paths
    from malkoll.config import Config

    report = check_paths([str(F.generated("csv").path)], Config(suggestions=False, ignore=["cascade"]))
    assert report.documents[0].findings == []


def test_indicator_measures_goal_by_word_compound_or_concept():
    assert indicators_measure("Alla barn ska känna sig trygga i skolan.", ["Andel elever i åk 5 som känner sig trygga"])
    assert indicators_measure("Koldioxidutsläppen ska halveras.", ["Utsläpp av växthusgaser per invånare"])
    assert indicators_measure("Fordonsflottan ska vara fossilfri.", ["Andel miljöbilar i kommunorganisationen"])
    assert not indicators_measure("Vi ska verka för en god arbetsmiljö i skolan.", ["Antal beviljade bygglov"])
    assert not indicators_measure("Andelen elever ska öka", ["Andel beviljade bygglov"])  # "andel" alone is no measure


def test_plain_goal_list_has_no_hierarchy_to_check(tmp_path):
    """Levels inferred from wording are no document structure: no unlinked/unserved findings for a
    .txt list, while duplicates are still reported."""
    from malkoll.batch import check_paths
    from malkoll.config import Config

    f = tmp_path / "mal.txt"
    f.write_text("Tryggheten i kommunen ska öka.\nSocialnämnden ska korta väntetiden till högst 60 dagar senast 2026.\n"
                 "Tryggheten i kommunen ska öka.\n", encoding="utf-8")
    report = check_paths([str(f)], Config(suggestions=False))
    names = [x.name for d in report.documents for x in d.findings]
    assert "duplicate-goal" in names
    assert not {"unlinked-goal", "unserved-goal", "no-owner"} & set(names)


def test_texts_parsed_together_for_the_indicator_check_give_the_same_answers():
    """MK903 parses a chunk's goal and indicator texts in one nlp.pipe (a text alone costs about twice
    as much); the answers are those of the texts parsed one by one."""
    from malkoll.cascade import parse_for_fits
    from malkoll.models import indicators as ind

    pairs = [("Fler elever ska vara behöriga till gymnasiet senast 2027.", ["Andel elever i åk 9 som är behöriga (N15428)"]),
             ("Sjukfrånvaron bland medarbetarna ska minska.", ["Antal nya bostäder"]),
             ("Fler invånare ska besöka biblioteket.", ["Besök i folkbibliotek per invånare", "N15428"])]
    ind._PARSED.clear()
    alone = [indicators_measure(goal, inds) for goal, inds in pairs]
    ind._PARSED.clear()
    parse_for_fits(pairs)
    kept = len(ind._PARSED)
    assert kept >= 6  # the goals, the indicators' words and the title of N15428
    assert [indicators_measure(goal, inds) for goal, inds in pairs] == alone == [True, False, True]
    assert len(ind._PARSED) == kept  # nothing was parsed again
