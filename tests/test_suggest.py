"""Indicator suggestions (Källa: Kolada), sub-goals and rewrites."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from malkoll.corpus.indicator_eval import GOLD_PATH, load_gold, rank_metrics
from malkoll.models import indicators as ind_mod
from malkoll.models.indicators import KOLADA_ATTRIBUTION, format_indicators, get_index, search
from malkoll.suggest import (
    PH_CURRENT,
    PH_TARGET,
    PH_YEAR,
    constructed_indicator,
    format_suggestions,
    indicator_suggestions,
    present_tense,
    suggest,
)

DEV = Path(__file__).resolve().parents[1] / "corpus" / "goals" / "dev.jsonl"


def _f(name, excerpt, text, dimension="no_vagueness"):
    start = text.find(excerpt)
    return {"rule": "X", "name": name, "dimension": dimension, "start": start, "end": start + len(excerpt),
            "excerpt": excerpt}


# --------------------------------------------------------------------------- retrieval
def test_behorighet_goal_gets_ak9_behorighet_kpi_in_top5():
    hits = search("Fler elever ska vara behöriga till gymnasieskolan", k=5)
    titles = [h.title for h in hits]
    assert any("åk 9" in t and "behöriga" in t for t in titles), titles


def test_hemtjanst_satisfaction_gets_brukarbedomning_hemtjanst():
    hits = search("Äldre ska vara nöjda med hemtjänsten", k=5)
    assert any(h.title.startswith("Brukarbedömning hemtjänst") for h in hits), [h.title for h in hits]


def test_suggestion_fields_and_source():
    hits = search("Sjukfrånvaron bland medarbetarna ska minska", k=3)
    assert hits and all(h.source == "kolada" and h.id and h.title and h.why for h in hits)
    assert hits[0].id == "N00090"  # Sjukfrånvaro totalt bland anställda, kommun
    assert "sjukfrånvaron" in hits[0].why


def test_compounds_and_inflections_meet():
    norm = get_index().norm
    a = {t for t, _, _ in norm.terms("gymnasieelever")}
    b = {t for t, _, _ in norm.terms("elever i gymnasieskolan")}
    assert {"elev"} <= a & b and len(a & b) >= 2
    c = {t for t, _, _ in norm.terms("behörighet")}
    d = {t for t, _, _ in norm.terms("behöriga")}
    assert c & d


def test_synonyms_reach_kolada_wording():
    # "kunderna" is municipal wording for "brukare" in Kolada
    hits = search("Kunderna i hemtjänsten ska känna sig trygga", k=3)
    assert any("trygg" in h.title and "hemtjänst" in h.title for h in hits)


def test_municipality_type_filter_and_region_context():
    idx = get_index()
    for h in idx.search("Väntetiden till operation ska minska", k=5, municipality_type="K"):
        assert h.municipality_type in ("K", "A")
    region = indicator_suggestions("Regionen ska korta väntetiden till operation", k=5, municipality_type="K")
    assert any(i.id in ("N79242", "N79243") for i in region)


def test_discontinued_series_rank_last():
    hits = get_index().search("Anhöriga ska vara nöjda med samarbetet med hemtjänsten", k=10)
    flags = [h.discontinued for h in hits]
    assert flags == sorted(flags), [(h.id, h.title) for h in hits]


def test_results_goal_prefers_quality_over_cost():
    hits = search("Äldre ska vara nöjda med hemtjänsten", k=3)
    assert "kostnad" not in hits[0].title.lower()


# --------------------------------------------------------------------------- constructed
def test_constructed_indicator_when_nothing_fits():
    inds = indicator_suggestions("Alla barn ska kunna simma tvåhundra meter före sommarlovet", k=5)
    assert inds[0].source == "constructed"
    assert inds[0].title.startswith("Andel barn som kan simma")
    assert inds[0].title.endswith("(%)")
    assert "konstruerad" in inds[0].why


def test_constructed_indicator_kolada_style_forms():
    assert constructed_indicator("Antalet sociala kontrakt ska minska").title.startswith("Antal sociala kontrakt")
    t = constructed_indicator("Eleverna ska trivas på fritidshemmet").title
    assert t == "Andel elever som trivs på fritidshemmet (%)"


# --------------------------------------------------------------------------- attribution
def test_kolada_attribution_where_indicators_are_rendered():
    inds = indicator_suggestions("Fler elever ska vara behöriga till gymnasieskolan")
    text = format_suggestions(inds, [], None)
    assert KOLADA_ATTRIBUTION in text and "ingen tjänst från RKA" in text
    assert KOLADA_ATTRIBUTION in format_indicators(inds)
    only_constructed = [constructed_indicator("Alla barn ska kunna simma")]
    assert KOLADA_ATTRIBUTION not in format_suggestions(only_constructed, [], None)


# --------------------------------------------------------------------------- sub-goals and rewrites
def _dev_goals():
    goals = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [g for g in goals if g.get("labels", {}).get("overall") in ("vague", "needs_work")]


def test_subgoals_and_rewrites_never_invent_numbers_and_carry_placeholders():
    goals = _dev_goals()
    assert len(goals) >= 20
    for g in goals:
        text = g["text"]
        findings = [_f("missing-time", text, text, "time_bound")]
        inds, subs, rewrite = suggest(text, findings, g["labels"]["overall"])
        # a number may come from the goal or be part of a suggested indicator's name; never a target
        allowed = set(re.findall(r"\d+", text)) | {n for i in inds for n in re.findall(r"\d+", i.title)}
        assert 2 <= len(subs) <= 4, text
        for s in subs:
            assert set(re.findall(r"\d+", s.text)) <= allowed, (text, s.text)
            assert PH_CURRENT in s.text and PH_TARGET in s.text and PH_YEAR in s.text
            assert s.indicator in {i.id for i in inds} or s.indicator.startswith("konstruerad")
        assert rewrite and set(re.findall(r"\d+", rewrite)) <= allowed, (text, rewrite)
        assert PH_TARGET in rewrite and PH_YEAR in rewrite


def test_good_goal_gets_no_subgoals_or_rewrite():
    inds, subs, rewrite = suggest("Sjukfrånvaron ska vara högst 6 procent år 2027.", [], "good")
    assert inds and subs == [] and rewrite is None


def test_effort_verb_becomes_result_in_rewrite():
    text = "Kommunen ska verka för att fler elever blir behöriga till gymnasieskolan."
    findings = [_f("weak-verb", "verka för", text), _f("missing-owner", "Kommunen", text, "owner")]
    _, subs, rewrite = suggest(text, findings, "vague")
    assert rewrite.startswith("Fler elever blir behöriga till gymnasieskolan:")
    assert "verka för" not in rewrite
    assert "Ansvarig: Barn- och utbildningsnämnden." in rewrite
    assert subs[0].owner == "Barn- och utbildningsnämnden"
    assert subs[0].text.startswith("Andelen elever i åk 9 som är behöriga till yrkesprogram")


def test_hedge_is_removed_and_vague_adjective_replaced_by_measure():
    text = "Äldre ska i möjligaste mån få en god kvalitet i hemtjänsten."
    findings = [_f("hedge", "i möjligaste mån", text), _f("vague-adjective", "god kvalitet", text)]
    _, _, rewrite = suggest(text, findings, "vague")
    assert "möjligaste" not in rewrite and "god kvalitet" not in rewrite
    assert "hemtjänst" in rewrite.lower() and PH_TARGET in rewrite


def test_owner_names_are_configurable():
    text = "Fler elever ska vara behöriga till gymnasieskolan."
    _, subs, _ = suggest(text, [], "needs_work", naming={"grundskola": "Utbildningsnämnden"})
    assert subs[0].owner == "Utbildningsnämnden"
    _, subs, _ = suggest("Äldre ska vara nöjda med hemtjänsten.", [], "vague",
                         naming={"Äldre och funktionshinder": "Socialnämnden"})
    assert subs[0].owner == "Socialnämnden"


def test_swedish_helpers():
    assert present_tense("känna") == "känner"
    assert present_tense("vara") == "är"
    assert present_tense("trivas") == "trivs"
    assert present_tense("klara") == "klarar"
    assert present_tense("höra") == "hör"


# --------------------------------------------------------------------------- evaluation
def test_rank_metrics_on_a_hand_made_case():
    ranked = [["a", "b", "c"], ["x", "y", "z", "w", "v", "g"], ["p", "q"]]
    gold = [{"a"}, {"g", "z"}, {"nope"}]
    m = rank_metrics(ranked, gold)
    assert m["n"] == 3
    assert m["hit@1"] == pytest.approx(1 / 3)
    assert m["hit@5"] == pytest.approx(2 / 3)
    assert m["mrr"] == pytest.approx((1 + 1 / 3 + 0) / 3)


def test_gold_set_is_well_formed():
    gold = load_gold(GOLD_PATH)
    assert len(gold) >= 80
    idx = get_index()
    for g in gold:
        assert g["text"] and g["accepted"] and g["origin"]
        for kpi in g["accepted"]:
            assert kpi in idx.id_pos, (g["id"], kpi)


# --------------------------------------------------------------------------- data files
def _data(name):
    return yaml.safe_load((Path(ind_mod.DATA_DIR) / f"{name}.yaml").read_text(encoding="utf-8"))


def test_every_data_entry_has_an_example():
    entries = []
    entries += _data("synonyms")["groups"] + [_data("synonyms")["number_words"]]
    entries += _data("concepts")["concepts"]
    entries += list(_data("domains")["domains"].values())
    entries += list(_data("owners")["owners"].values())
    rk = _data("ranking")
    entries += rk["title_penalties"] + rk["title_bonuses"] + rk["variant_markers"] + [rk["discontinued"], rk["cost_cues"]]
    entries += [rk["perspective"]["results_goal"], rk["perspective"]["cost_goal"]]
    rw = _data("rewrite")
    entries += list(rw["actions"].values()) + [rw["effort_phrases"], rw["direction"], rw["agreement_population"]]
    entries += [_data("stopwords"), _data("stopwords")["no_split_prefixes"], _data("verbs")]
    missing = [e for e in entries if not str(e.get("example", "")).strip()]
    assert not missing, missing[:3]


def test_shipped_index_matches_the_catalogue_copy():
    ids = [json.loads(line)["id"] for line in (Path(ind_mod.KPIS_PATH)).read_text(encoding="utf-8").splitlines()
           if line.strip()]
    assert get_index().ids == ids  # rebuild with python models/build_indicator_index.py after changing kpis.jsonl
