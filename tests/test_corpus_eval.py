"""Tests for the corpus evaluation harness (corpus/evaluate.py) and the corpus files.

The metric code is tested on tiny hand-made cases with known answers; the
engine is replaced by a fake analyze function, so these tests do not depend
on malkoll.engine.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus" / "goals"

try:
    from malkoll.corpus import evaluate as ev
except ImportError:  # package not installed yet: load the module from its file
    _spec = importlib.util.spec_from_file_location("_malkoll_corpus_evaluate", ROOT / "corpus" / "evaluate.py")
    ev = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(ev)


# --------------------------------------------------------------------------- #
# helpers
# --------------------------------------------------------------------------- #

ALL_TRUE = {d: True for d in ev.DIMENSIONS}


def record(rid, labels=None, overall="good", level="committee", typ=None, text=None):
    lab = dict(ALL_TRUE)
    lab.update(labels or {})
    lab["overall"] = overall
    rec = {"id": rid, "text": text or f"Mål {rid}", "level": level, "labels": lab}
    if typ:
        rec["type"] = typ
    return rec


def fake_engine(predictions, seen=None):
    """analyze_fn returning canned results keyed by id, as attribute objects."""

    def run(inputs):
        if seen is not None:
            seen.extend(inputs)
        goals = []
        for item in inputs:
            p = predictions[item["id"]]
            dims = dict(ALL_TRUE)
            dims.update(p.get("dims", {}))
            findings = [SimpleNamespace(**f) for f in p.get("findings", [])]
            goals.append(
                SimpleNamespace(
                    id=item["id"], text=item["text"], dimensions=dims, grade=p["grade"],
                    score=p.get("score", 50), type=p.get("type"), findings=findings,
                )
            )
        return SimpleNamespace(goals=goals)

    return run


# --------------------------------------------------------------------------- #
# metric functions
# --------------------------------------------------------------------------- #


def test_binary_metrics_known_confusion():
    gold = [True, True, True, False, False]
    pred = [True, True, False, True, False]
    m = ev.binary_metrics(gold, pred)
    assert m["counts"] == {"tp": 2, "fp": 1, "fn": 1, "tn": 1}
    assert m["true"]["precision"] == pytest.approx(2 / 3)
    assert m["true"]["recall"] == pytest.approx(2 / 3)
    assert m["true"]["f1"] == pytest.approx(2 / 3)
    assert m["false"]["precision"] == pytest.approx(0.5)
    assert m["false"]["recall"] == pytest.approx(0.5)
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.5) / 2)
    assert m["accuracy"] == pytest.approx(3 / 5)
    assert (m["true"]["support"], m["false"]["support"]) == (3, 2)


def test_binary_metrics_asymmetric():
    gold = [True, True, True, True, False, False]
    pred = [True, False, False, False, False, False]
    m = ev.binary_metrics(gold, pred)
    assert m["true"]["precision"] == pytest.approx(1.0)
    assert m["true"]["recall"] == pytest.approx(0.25)
    assert m["true"]["f1"] == pytest.approx(0.4)
    assert m["false"]["precision"] == pytest.approx(0.4)
    assert m["false"]["recall"] == pytest.approx(1.0)
    assert m["false"]["f1"] == pytest.approx(4 / 7)


def test_binary_metrics_undefined_is_zero():
    m = ev.binary_metrics([False, False], [False, False])
    assert m["true"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    assert m["false"]["f1"] == pytest.approx(1.0)


def test_multiclass_confusion_and_prf():
    gold = ["good", "good", "needs_work", "vague", "vague", "vague"]
    pred = ["good", "vague", "needs_work", "vague", "needs_work", "vague"]
    m = ev.multiclass_metrics(gold, pred, ev.GRADES)
    assert m["matrix"]["good"] == {"good": 1, "needs_work": 0, "vague": 1}
    assert m["matrix"]["vague"] == {"good": 0, "needs_work": 1, "vague": 2}
    assert m["per_class"]["good"]["precision"] == pytest.approx(1.0)
    assert m["per_class"]["good"]["recall"] == pytest.approx(0.5)
    assert m["per_class"]["needs_work"]["precision"] == pytest.approx(0.5)
    assert m["per_class"]["needs_work"]["recall"] == pytest.approx(1.0)
    assert m["per_class"]["vague"]["precision"] == pytest.approx(2 / 3)
    assert m["per_class"]["vague"]["recall"] == pytest.approx(2 / 3)
    expected_macro = (2 / 3 + 2 / 3 + 2 / 3) / 3
    assert m["macro_f1"] == pytest.approx(expected_macro)
    assert m["accuracy"] == pytest.approx(4 / 6)


def test_multiclass_unknown_prediction_counts_as_wrong():
    m = ev.multiclass_metrics(["good", "vague"], ["good", "bogus"], ev.GRADES)
    assert m["matrix"]["vague"]["bogus"] == 1
    assert m["accuracy"] == pytest.approx(0.5)
    assert m["per_class"]["vague"]["recall"] == 0.0


def test_average_ranks_ties():
    assert ev.average_ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert ev.average_ranks([3, 1, 2]) == [3.0, 1.0, 2.0]
    assert ev.average_ranks([5, 5, 5]) == [2.0, 2.0, 2.0]


def test_spearman_known_values():
    assert ev.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert ev.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # monotone but non-linear: still 1
    assert ev.spearman([1, 2, 3, 4], [1, 8, 27, 1000]) == pytest.approx(1.0)
    # with ties, worked by hand: ranks y = 1, 2, 3.5, 5, 3.5 -> 8 / sqrt(10 * 9.5)
    assert ev.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) == pytest.approx(8 / math.sqrt(95))
    assert ev.spearman([1, 2, 3], [7, 7, 7]) is None
    assert ev.spearman([1], [2]) is None


def test_spearman_agrees_with_scipy_if_available():
    stats = pytest.importorskip("scipy.stats")
    x = [55, 80, 12, 80, 33, 90, 12, 47, 60, 71]
    y = [1, 2, 0, 2, 0, 2, 1, 1, 1, 2]
    assert ev.spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic)


# --------------------------------------------------------------------------- #
# evaluate() with a fake engine
# --------------------------------------------------------------------------- #


def tiny_corpus():
    return [
        record("A", overall="good", typ="effect"),
        record("B", {"measurable": False, "target_level": False}, overall="vague", typ="activity", level="vision"),
        record("C", {"time_bound": False}, overall="needs_work", typ="result"),
        record("D", {"measurable": False}, overall="vague", typ="effect"),
    ]


def tiny_predictions():
    return {
        "A": {"grade": "good", "score": 90, "type": "effect"},
        "B": {
            "grade": "vague", "score": 10, "type": "effect", "dims": {"measurable": False, "target_level": False},
            "findings": [{"rule": "MK101", "name": "weak-verb", "dimension": "no_vagueness",
                          "severity": "warning", "excerpt": "verka för"}],
        },
        "C": {"grade": "good", "score": 70, "type": "result",
              "findings": [{"rule": "MK301", "name": "no-deadline", "dimension": "time_bound",
                            "severity": "info", "excerpt": None}]},
        "D": {"grade": "vague", "score": 20, "type": "effect", "dims": {"measurable": True}},
    }


def test_evaluate_with_fake_engine():
    seen = []
    res = ev.evaluate(tiny_corpus(), analyze_fn=fake_engine(tiny_predictions(), seen))
    assert res["n_records"] == res["n_evaluated"] == 4
    # measurable: gold T,F,T,F  pred T,F,T,T -> true class P=2/3 R=1, false class P=1 R=1/2
    m = res["dimensions"]["measurable"]
    assert m["counts"] == {"tp": 2, "fp": 1, "fn": 0, "tn": 1}
    assert m["true"]["precision"] == pytest.approx(2 / 3)
    assert m["false"]["recall"] == pytest.approx(0.5)
    # time_bound: gold T,T,F,T pred all T
    assert res["dimensions"]["time_bound"]["counts"] == {"tp": 3, "fp": 1, "fn": 0, "tn": 0}
    # grade: C was needs_work, engine said good
    assert res["grade"]["matrix"]["needs_work"]["good"] == 1
    assert res["grade"]["accuracy"] == pytest.approx(0.75)
    assert [e["id"] for e in res["errors"]["grade"]] == ["C"]
    assert res["errors"]["grade"][0]["rules"] == ["MK301 no-deadline"]
    # error listing per dimension
    errs = res["errors"]["dimensions"]["measurable"]
    assert [(e["id"], e["expected"], e["got"]) for e in errs] == [("D", False, True)]
    assert res["errors"]["dimensions"]["time_bound"][0]["rules"] == ["MK301 no-deadline"]
    assert res["errors"]["dimensions"]["owner"] == []
    # score: 90,10,70,20 vs 2,0,1,0 -> ranks 4,1,3,2 vs 4,1.5,3,1.5
    assert res["score"]["spearman"] == pytest.approx(ev.spearman([90, 10, 70, 20], [2, 0, 1, 0]))
    assert res["score"]["spearman"] > 0.9
    assert res["score"]["mean_by_gold_grade"] == {"good": 90, "needs_work": 70, "vague": 15}
    # type: B wrong
    assert res["type"]["n"] == 4 and res["type"]["accuracy"] == pytest.approx(0.75)
    # the gold level is passed, the owner never
    assert [s.get("level") for s in seen] == ["committee", "vision", "committee", "committee"]
    assert all("owner" not in s for s in seen)
    json.dumps(res)  # machine-readable


def test_evaluate_without_gold_level():
    seen = []
    ev.evaluate(tiny_corpus(), analyze_fn=fake_engine(tiny_predictions(), seen), use_gold_level=False)
    assert all("level" not in s for s in seen)
    assert [s["id"] for s in seen] == ["A", "B", "C", "D"]


def test_evaluate_accepts_dict_results_and_failed_goals():
    def run(inputs):
        out = []
        for item in inputs:
            if item["id"] == "B":
                out.append({"id": "B", "text": item["text"], "error": "parse failed"})
            else:
                out.append({"id": item["id"], "dimensions": dict(ALL_TRUE), "grade": "good", "score": 80,
                            "type": "effect", "findings": []})
        return {"goals": out}

    res = ev.evaluate(tiny_corpus(), analyze_fn=run)
    assert res["n_evaluated"] == 3
    assert res["failed"] == [{"id": "B", "text": "Mål B", "error": "parse failed"}]
    assert res["type"]["n"] == 3


def test_evaluate_rejects_dropped_or_reordered_goals():
    preds = tiny_predictions()

    def dropping(inputs):
        return fake_engine(preds)(inputs[:-1])

    with pytest.raises(ValueError):
        ev.evaluate(tiny_corpus(), analyze_fn=dropping)

    def reordering(inputs):
        return fake_engine(preds)(list(reversed(inputs)))

    with pytest.raises(ValueError):
        ev.evaluate(tiny_corpus(), analyze_fn=reordering)


def test_evaluate_rejects_invalid_corpus():
    bad = tiny_corpus()
    bad[1]["labels"]["owner"] = "yes"
    with pytest.raises(ValueError):
        ev.evaluate(bad, analyze_fn=fake_engine(tiny_predictions()))
    dup = tiny_corpus()
    dup[1]["id"] = "A"
    assert any("A" in p for p in ev.validate_records(dup))


def test_type_skipped_when_gold_has_none():
    recs = [record("A"), record("B", overall="vague")]
    res = ev.evaluate(recs, analyze_fn=fake_engine({"A": {"grade": "good"}, "B": {"grade": "vague"}}))
    assert res["type"] is None


def test_format_report_languages_and_errors():
    res = ev.evaluate(tiny_corpus(), analyze_fn=fake_engine(tiny_predictions()))
    sv = ev.format_report(res)
    en = ev.format_report(res, lang="en")
    assert "Dimensioner" in sv and "förväxlingsmatris" in sv
    assert "Dimensions" in en and "confusion matrix" in en
    assert "Fel\n" not in sv and "MK301" not in sv
    sv_err = ev.format_report(res, errors=True)
    assert "Fel\n" in sv_err and "MK301 no-deadline" in sv_err and "Mål C" in sv_err


def test_cli_main(tmp_path, capsys):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in tiny_corpus()) + "\n", encoding="utf-8")
    assert ev.main([str(path), "--errors"], analyze_fn=fake_engine(tiny_predictions())) == 0
    out = capsys.readouterr().out
    assert "Betyg" in out and "Fel" in out
    assert ev.main([str(path), "--json"], analyze_fn=fake_engine(tiny_predictions())) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["grade"]["accuracy"] == pytest.approx(0.75)
    assert ev.main([str(tmp_path / "missing.jsonl")], analyze_fn=fake_engine({})) == 2


# --------------------------------------------------------------------------- #
# the corpus files themselves
# --------------------------------------------------------------------------- #

CORPUS_FILES = sorted(CORPUS_DIR.glob("*.jsonl"))


def _load(path):
    return ev.load_records(path)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_corpus_records_valid(path):
    recs = _load(path)
    assert recs, f"{path} is empty"
    assert ev.validate_records(recs) == []


def test_corpus_ids_unique_across_files():
    ids = [r["id"] for p in CORPUS_FILES for r in _load(p)]
    assert len(ids) == len(set(ids))


def test_dev_copy_is_verbatim(shared_data):
    shared = shared_data("goals-dev/goals.jsonl")
    assert (CORPUS_DIR / "dev.jsonl").read_bytes() == shared.read_bytes()


OWN = CORPUS_DIR / "own.jsonl"


@pytest.mark.skipif(not OWN.exists(), reason="own.jsonl not written yet")
def test_own_corpus_fields():
    recs = _load(OWN)
    assert len(recs) >= 150
    for i, r in enumerate(recs, start=1):
        assert r["id"] == f"O{i:03d}"
        assert r["origin"] == "own"
        assert r["type"] in ev.TYPES
        assert r["organisation"] is None and r["owner_in_source"] is None
        assert r["context_indicators"] == []
        assert r["label_notes"] and r["domain"]
    levels = {r["level"] for r in recs}
    grades = {r["labels"]["overall"] for r in recs}
    assert levels == set(ev.LEVELS)
    assert grades == set(ev.GRADES)
    for dim in ev.DIMENSIONS:
        assert {r["labels"][dim] for r in recs} == {True, False}, dim


def test_own_grades_follow_the_guideline_rule():
    """GUIDELINES.md section 3: good = M and (T or Ti) and NV (bundled-undefined
    exception -> needs_work); vague = none of M, T, Ti; needs_work otherwise."""
    if not OWN.exists():
        pytest.skip("own.jsonl not written yet")
    for r in _load(OWN):
        lab = r["labels"]
        m, t, ti, nv, single = (lab[k] for k in ("measurable", "target_level", "time_bound", "no_vagueness", "single_goal"))
        followable = m and (t or ti) and nv
        if lab["overall"] == "good":
            assert followable, r["id"]
        elif lab["overall"] == "vague":
            assert not (m or t or ti), r["id"]
        else:
            assert (m or t or ti) and (not followable or not single), r["id"]


def test_evaluate_reports_inferred_level_only_without_gold_level():
    def run(inputs):
        return [{"id": i["id"], "dimensions": dict(ALL_TRUE), "grade": "good", "score": 90,
                 "level": {"value": "committee", "from": "inferred"}} for i in inputs]

    with_gold = ev.evaluate(tiny_corpus(), analyze_fn=run)
    assert with_gold["level"] is None
    inferred = ev.evaluate(tiny_corpus(), analyze_fn=run, use_gold_level=False)
    # gold levels: committee, vision, committee, committee
    assert inferred["level"]["n"] == 4
    assert inferred["level"]["accuracy"] == pytest.approx(0.75)
    assert "härledde" in ev.format_report(inferred)


def _norm(s):
    return re.sub(r"\W+", " ", s.lower()).strip()


@pytest.mark.skipif(not OWN.exists(), reason="own.jsonl not written yet")
def test_own_texts_do_not_copy_dev_texts():
    dev = [_norm(r["text"]) for r in _load(CORPUS_DIR / "dev.jsonl")]
    own = [_norm(r["text"]) for r in _load(OWN)]
    assert len(own) == len(set(own)), "duplicate texts in own.jsonl"
    for o in own:
        for d in dev:
            sm = difflib.SequenceMatcher(None, o, d)
            if sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8:
                assert sm.ratio() < 0.8, (o, d)
