"""Evaluation harness: measures the Målkoll engine against an annotated goal corpus.

Usage (installed as ``malkoll.corpus.evaluate``)::

    python -m malkoll.corpus.evaluate corpus/goals/dev.jsonl --errors
    python -m malkoll.corpus.evaluate corpus/goals/own.jsonl --lang en --json

From Python::

    from malkoll.corpus.evaluate import evaluate, format_report
    result = evaluate("corpus/goals/dev.jsonl")          # uses malkoll.analyze_many
    print(format_report(result, lang="sv", errors=True))

A corpus is a .jsonl file, one goal per line, with at least ``id``, ``text``,
``level`` and ``labels`` (the seven dimension booleans plus ``overall``), and
optionally ``type`` (effect / result / activity).  See corpus/goals/README.md.

What is computed:

* per dimension: precision, recall and F1 for both classes (true = the goal has
  the good property, false = it lacks it), macro-F1 over the two classes,
  accuracy and the 2x2 counts;
* grade: the 3x3 confusion matrix (gold rows, predicted columns), per-grade
  precision / recall / F1, macro-F1 and accuracy;
* Spearman's rank correlation (average ranks for ties) between the engine's
  score and the gold grade coded good=2, needs_work=1, vague=0, plus the mean
  score per gold grade;
* type accuracy and confusion, over the records whose gold has ``type``;
* an error listing per dimension and for the grade (id, text, expected, got,
  rules that fired).

Undefined ratios (no predicted or no gold items of a class) are reported as
0.0, as scikit-learn does with ``zero_division=0``; the support and counts are
always given so that such cases can be recognised.

No dependency beyond the standard library (and the engine itself).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from malkoll.vocabulary import DIMENSIONS, GOAL_TYPES as TYPES, GRADES, LEVELS  # noqa: E402,F401

GRADE_VALUE: dict[str, int] = {g: len(GRADES) - 1 - i for i, g in enumerate(GRADES)}

DEFAULT_CORPUS = Path(__file__).resolve().parent / "goals" / "dev.jsonl"

# Swedish / English names used in the printed report.
DIMENSION_NAMES: dict[str, dict[str, str]] = {
    "measurable": {"sv": "mätbart", "en": "measurable"},
    "target_level": {"sv": "målnivå", "en": "target level"},
    "time_bound": {"sv": "tidsatt", "en": "time-bound"},
    "owner": {"sv": "ansvarig", "en": "owner"},
    "no_vagueness": {"sv": "ej vagt", "en": "no vagueness"},
    "terms_defined": {"sv": "begrepp definierade", "en": "terms defined"},
    "single_goal": {"sv": "ett mål", "en": "single goal"},
}
TYPE_NAMES: dict[str, dict[str, str]] = {
    "effect": {"sv": "effekt", "en": "effect"},
    "result": {"sv": "resultat", "en": "result"},
    "activity": {"sv": "aktivitet", "en": "activity"},
}
GRADE_NAMES: dict[str, dict[str, str]] = {
    "good": {"sv": "bra", "en": "good"},
    "needs_work": {"sv": "behöver arbete", "en": "needs work"},
    "vague": {"sv": "luddigt", "en": "vague"},
}

AnalyzeFn = Callable[[list[dict[str, Any]]], Any]
# fitted on the training records of a fold, returns the analyze function for the held-out ones
FitFn = Callable[[list[dict[str, Any]]], AnalyzeFn]


# --------------------------------------------------------------------------- #
# Loading and validation
# --------------------------------------------------------------------------- #


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Read a .jsonl corpus; blank lines are skipped. Raises ValueError on bad JSON."""
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - message path
                raise ValueError(f"{path}:{lineno}: ogiltig JSON / invalid JSON: {exc}") from exc
    return records


def validate_record(record: Mapping[str, Any]) -> list[str]:
    """Return a list of problems with one corpus record (empty list = valid)."""
    problems: list[str] = []
    rid = record.get("id", "?")
    if not isinstance(record.get("id"), str) or not record.get("id"):
        problems.append(f"{rid}: id saknas / missing id")
    if not isinstance(record.get("text"), str) or not record.get("text", "").strip():
        problems.append(f"{rid}: text saknas / missing text")
    if record.get("level") not in LEVELS:
        problems.append(f"{rid}: ogiltig nivå / invalid level {record.get('level')!r}")
    labels = record.get("labels")
    if not isinstance(labels, Mapping):
        problems.append(f"{rid}: labels saknas / missing labels")
        return problems
    for dim in DIMENSIONS:
        if not isinstance(labels.get(dim), bool):
            problems.append(f"{rid}: labels.{dim} är inte sant/falskt / is not a boolean")
    if labels.get("overall") not in GRADES:
        problems.append(f"{rid}: ogiltigt betyg / invalid overall {labels.get('overall')!r}")
    if "type" in record and record["type"] is not None and record["type"] not in TYPES:
        problems.append(f"{rid}: ogiltig typ / invalid type {record['type']!r}")
    return problems


def validate_records(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """Validate every record and check that ids are unique."""
    problems: list[str] = []
    for rec in records:
        problems.extend(validate_record(rec))
    counts = Counter(rec.get("id") for rec in records)
    for rid, n in counts.items():
        if n > 1:
            problems.append(f"{rid}: id förekommer {n} gånger / id occurs {n} times")
    return problems


# --------------------------------------------------------------------------- #
# Metrics
# --------------------------------------------------------------------------- #


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = _ratio(tp, tp + fp)
    r = _ratio(tp, tp + fn)
    f1 = _ratio(2 * p * r, p + r)
    return {"precision": p, "recall": r, "f1": f1}


def binary_metrics(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, Any]:
    """Metrics for one boolean dimension, for both classes.

    Returns ``{"true": {precision, recall, f1, support}, "false": {...},
    "macro_f1", "accuracy", "n", "counts": {tp, fp, fn, tn}}`` where the
    counts are with respect to the class ``True``.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    tn = sum(1 for g, p in zip(gold, pred) if not g and not p)
    true_cls = prf(tp, fp, fn) | {"support": tp + fn}
    false_cls = prf(tn, fn, fp) | {"support": tn + fp}
    n = len(gold)
    return {
        "true": true_cls,
        "false": false_cls,
        "macro_f1": (true_cls["f1"] + false_cls["f1"]) / 2,
        "accuracy": _ratio(tp + tn, n),
        "n": n,
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def multiclass_metrics(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> dict[str, Any]:
    """Confusion matrix (``matrix[gold][pred]``), per-class P/R/F1, macro-F1, accuracy.

    Predictions outside ``labels`` are counted in the matrix under their own
    column and count as wrong.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    cols = list(labels) + sorted({p for p in pred if p not in labels}, key=str)
    matrix = {g: {p: 0 for p in cols} for g in labels}
    for g, p in zip(gold, pred):
        if g not in matrix:
            raise ValueError(f"gold label {g!r} not in {list(labels)}")
        matrix[g][p] += 1
    per_class: dict[str, dict[str, float]] = {}
    for c in labels:
        tp = matrix[c][c]
        fp = sum(matrix[g][c] for g in labels if g != c)
        fn = sum(matrix[c][p] for p in cols if p != c)
        per_class[c] = prf(tp, fp, fn) | {"support": tp + fn}
    n = len(gold)
    correct = sum(matrix[c][c] for c in labels)
    return {
        "labels": list(labels),
        "columns": cols,
        "matrix": matrix,
        "per_class": per_class,
        "macro_f1": _ratio(sum(m["f1"] for m in per_class.values()), len(labels)),
        "accuracy": _ratio(correct, n),
        "n": n,
    }


def average_ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks; tied values get the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    return ranks


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson correlation; None when undefined (fewer than 2 items or a constant series)."""
    n = len(x)
    if n != len(y):
        raise ValueError("x and y differ in length")
    if n < 2:
        return None
    mx = sum(x) / n
    my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho = Pearson correlation of average ranks (tie-corrected)."""
    return pearson(average_ranks(x), average_ranks(y))


# --------------------------------------------------------------------------- #
# Running the engine
# --------------------------------------------------------------------------- #


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """Read a field from a result object or a plain dict."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def build_inputs(records: Sequence[Mapping[str, Any]], *, use_gold_level: bool = True) -> list[dict[str, Any]]:
    """Inputs for analyze_many: text and id, plus the gold level when asked.

    The owner is never passed: the ``owner`` label judges the text alone.
    """
    inputs = []
    for rec in records:
        item: dict[str, Any] = {"text": rec["text"], "id": rec["id"]}
        if use_gold_level and rec.get("level"):
            item["level"] = rec["level"]
        inputs.append(item)
    return inputs


def _default_analyze_fn(lang: str, config: Any, gate: Any = "default") -> AnalyzeFn:
    from malkoll import analyze_many  # the lead's engine; imported only when needed

    def run(inputs: list[dict[str, Any]]) -> Any:
        return analyze_many(inputs, lang=lang, config=config, gate=gate)

    return run


def default_fit_fn(lang: str = "sv", config: Any = None) -> FitFn | None:
    """The fitter of Målkoll's learned gate (malkoll.gate) for cross-validation: each fold fits
    the gate on the training records only (same features, settings and code as
    models/gate/train.py) and analyzes the held-out records with it. None when the config asks
    for the rules alone."""
    if config is not None and not getattr(config, "learned", True):
        return None
    from malkoll.gate import fit_gate, load_gate, training_rows

    shipped = load_gate()
    settings = dict((shipped.meta if shipped else {}).get("settings", {}))
    cache: dict = {}

    def fit(train: list[dict[str, Any]]) -> AnalyzeFn:
        rows = training_rows(train, lang=lang, cache=cache)
        gate = fit_gate(rows, **settings)
        return _default_analyze_fn(lang, config, gate)

    return fit


def _findings(goal: Any) -> list[dict[str, Any]]:
    out = []
    for f in _get(goal, "findings", None) or []:
        out.append(
            {
                "rule": _get(f, "rule"),
                "name": _get(f, "name"),
                "dimension": _get(f, "dimension"),
                "severity": _get(f, "severity"),
                "excerpt": _get(f, "excerpt"),
            }
        )
    return out


def _level_value(level: Any) -> str | None:
    """The engine's level: a plain string or an object/dict with ``value``."""
    if level is None or isinstance(level, str):
        return level
    return _get(level, "value")


def _rule_tag(f: Mapping[str, Any]) -> str:
    parts = [str(x) for x in (f.get("rule"), f.get("name")) if x]
    tag = " ".join(parts) or "?"
    if f.get("excerpt"):
        tag += f" «{f['excerpt']}»"
    return tag


def _run(fn: AnalyzeFn, records: Sequence[Mapping[str, Any]], use_gold_level: bool) -> list[Any]:
    report = fn(build_inputs(records, use_gold_level=use_gold_level))
    goals = _get(report, "goals", None)
    if goals is None:
        goals = report
    goals = list(goals)
    if len(goals) != len(records):
        raise ValueError(
            f"motorn gav {len(goals)} mål för {len(records)} indata / "
            f"engine returned {len(goals)} goals for {len(records)} inputs"
        )
    return goals


def organisation_groups(records: Sequence[Mapping[str, Any]]) -> dict[str, list[int]]:
    """Record indices per organisation, in first-seen order; records without one form one group."""
    groups: dict[str, list[int]] = {}
    for i, rec in enumerate(records):
        groups.setdefault(str(rec.get("organisation") or "—"), []).append(i)
    return groups


def _cross_validate(records, *, analyze_fn, fit_fn, lang, config, use_gold_level) -> tuple[list[Any], int]:
    """Leave-organisation-out: every record is analyzed by a model fitted without its organisation."""
    groups = organisation_groups(records)
    goals: list[Any] = [None] * len(records)
    for held_out in groups.values():
        held = set(held_out)
        if fit_fn is not None:
            fn = fit_fn([r for i, r in enumerate(records) if i not in held])
        else:
            fn = analyze_fn or _default_analyze_fn(lang, config)
        for i, goal in zip(held_out, _run(fn, [records[i] for i in held_out], use_gold_level)):
            goals[i] = goal
    return goals, len(groups)


# --------------------------------------------------------------------------- #
# Evaluation
# --------------------------------------------------------------------------- #


def evaluate(
    path_or_records: str | Path | Iterable[Mapping[str, Any]] | None = None,
    *,
    analyze_fn: AnalyzeFn | None = None,
    use_gold_level: bool = True,
    lang: str = "sv",
    config: Any = None,
    cv: str | None = None,
    fit_fn: FitFn | None = None,
) -> dict[str, Any]:
    """Run the engine on a corpus and compare with the gold labels.

    ``cv="org"``: leave-organisation-out cross-validation. The records are grouped by their
    ``organisation`` (records without one form one group); for each group, ``fit_fn`` (when
    given) is fitted on all other groups' records and must return an analyze function that is
    then run on the held-out group. The metrics are computed over the held-out predictions of
    every fold together. Without ``fit_fn`` nothing is fitted, and the figures equal those of
    the plain evaluation of the same records.

    ``path_or_records``: a .jsonl path or an iterable of record dicts (default:
    the dev set shipped in corpus/goals/dev.jsonl).
    ``analyze_fn``: called once with the list of input dicts (``text``, ``id``,
    and ``level`` when ``use_gold_level``); must return a Report-like object with
    ``.goals`` (or a plain list of goal results) in input order.  Default:
    ``malkoll.analyze_many(inputs, lang=lang, config=config)``.

    Returns a JSON-serialisable dict.  Goals that came back with an ``error``
    (or without dimensions / grade) are listed under ``failed`` and left out of
    the metrics.
    """
    if path_or_records is None:
        path_or_records = DEFAULT_CORPUS
    if isinstance(path_or_records, (str, Path)):
        source = str(path_or_records)
        records = load_records(path_or_records)
    else:
        source = "<records>"
        records = [dict(r) for r in path_or_records]
    problems = validate_records(records)
    if problems:
        raise ValueError("ogiltig korpus / invalid corpus:\n" + "\n".join(problems[:20]))

    if cv is None:
        fn = analyze_fn or _default_analyze_fn(lang, config)
        goals = _run(fn, records, use_gold_level)
        folds = None
    elif cv == "org":
        goals, folds = _cross_validate(records, analyze_fn=analyze_fn, fit_fn=fit_fn, lang=lang, config=config,
                                       use_gold_level=use_gold_level)
    else:
        raise ValueError(f"okänd korsvalidering / unknown cross-validation {cv!r} (org)")

    rows: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for rec, goal in zip(records, goals):
        gid = _get(goal, "id")
        if gid is not None and str(gid) != str(rec["id"]):
            raise ValueError(f"ordningen stämmer inte / order mismatch: {rec['id']} vs {gid}")
        dims = _get(goal, "dimensions")
        grade = _get(goal, "grade")
        error = _get(goal, "error")
        if error or not isinstance(dims, Mapping) or grade is None:
            failed.append({"id": rec["id"], "text": rec["text"], "error": str(error or "no result")})
            continue
        rows.append(
            {
                "record": rec,
                "dimensions": {d: bool(dims.get(d)) for d in DIMENSIONS},
                "missing_dimensions": [d for d in DIMENSIONS if d not in dims],
                "grade": grade,
                "score": _get(goal, "score"),
                "type": _get(goal, "type"),
                "level": _level_value(_get(goal, "level")),
                "findings": _findings(goal),
            }
        )

    result: dict[str, Any] = {
        "corpus": source,
        "n_records": len(records),
        "n_evaluated": len(rows),
        "use_gold_level": use_gold_level,
        "cv": None if folds is None else {"by": cv, "folds": folds, "fitted": fit_fn is not None},
        "failed": failed,
        "dimensions": {},
        "errors": {"dimensions": {}, "grade": []},
    }

    # Dimensions
    for dim in DIMENSIONS:
        gold = [r["record"]["labels"][dim] for r in rows]
        pred = [r["dimensions"][dim] for r in rows]
        result["dimensions"][dim] = binary_metrics(gold, pred)
        errs = []
        for r, g, p in zip(rows, gold, pred):
            if g != p:
                errs.append(
                    {
                        "id": r["record"]["id"],
                        "text": r["record"]["text"],
                        "level": r["record"].get("level"),
                        "expected": g,
                        "got": p,
                        "rules": [_rule_tag(f) for f in r["findings"] if f["dimension"] == dim],
                        "gold_note": r["record"].get("label_notes"),
                    }
                )
        result["errors"]["dimensions"][dim] = errs
    result["dimensions_macro_f1"] = _ratio(
        sum(m["macro_f1"] for m in result["dimensions"].values()), len(DIMENSIONS)
    )
    result["missing_dimensions"] = sorted({d for r in rows for d in r["missing_dimensions"]})

    # Grade
    gold_g = [r["record"]["labels"]["overall"] for r in rows]
    pred_g = [str(r["grade"]) for r in rows]
    result["grade"] = multiclass_metrics(gold_g, pred_g, GRADES)
    for r, g, p in zip(rows, gold_g, pred_g):
        if g != p:
            result["errors"]["grade"].append(
                {
                    "id": r["record"]["id"],
                    "text": r["record"]["text"],
                    "level": r["record"].get("level"),
                    "expected": g,
                    "got": p,
                    "score": r["score"],
                    "rules": [_rule_tag(f) for f in r["findings"]],
                    "gold_note": r["record"].get("label_notes"),
                }
            )

    # Score vs grade
    scored = [(r["score"], GRADE_VALUE[g]) for r, g in zip(rows, gold_g) if isinstance(r["score"], (int, float))]
    mean_by_grade = {}
    for grade in GRADES:
        vals = [s for s, v in scored if v == GRADE_VALUE[grade]]
        mean_by_grade[grade] = (sum(vals) / len(vals)) if vals else None
    result["score"] = {
        "n": len(scored),
        "spearman": spearman([s for s, _ in scored], [v for _, v in scored]) if scored else None,
        "mean_by_gold_grade": mean_by_grade,
    }

    # Type
    typed = [(r["record"]["type"], r["type"]) for r in rows if r["record"].get("type")]
    if typed:
        tm = multiclass_metrics([g for g, _ in typed], [str(p) for _, p in typed], TYPES)
        result["type"] = {"n": len(typed), "accuracy": tm["accuracy"], "macro_f1": tm["macro_f1"], "metrics": tm}
        result["errors"]["type"] = [
            {"id": r["record"]["id"], "text": r["record"]["text"], "expected": r["record"]["type"], "got": r["type"]}
            for r in rows
            if r["record"].get("type") and r["record"]["type"] != r["type"]
        ]
    else:
        result["type"] = None

    # Level inference (only meaningful when the gold level was not passed)
    leveled = [(r["record"]["level"], r["level"]) for r in rows if r["level"]]
    if not use_gold_level and leveled:
        lm = multiclass_metrics([g for g, _ in leveled], [str(p) for _, p in leveled], LEVELS)
        result["level"] = {"n": len(leveled), "accuracy": lm["accuracy"], "macro_f1": lm["macro_f1"], "metrics": lm}
    else:
        result["level"] = None

    # Grade accuracy per level (where the expectations differ in practice)
    by_level: dict[str, dict[str, int]] = {}
    for r, g, p in zip(rows, gold_g, pred_g):
        lvl = r["record"].get("level") or "?"
        d = by_level.setdefault(lvl, {"n": 0, "correct": 0})
        d["n"] += 1
        d["correct"] += int(g == p)
    result["grade_by_level"] = {
        lvl: d | {"accuracy": _ratio(d["correct"], d["n"])} for lvl, d in sorted(by_level.items())
    }
    return result


# --------------------------------------------------------------------------- #
# Report text
# --------------------------------------------------------------------------- #


def _t(key: str, lang: str) -> str:
    from malkoll.i18n import t

    return t("eval." + key, lang)


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def _bool_word(v: bool, lang: str) -> str:
    return _t("true", lang) if v else _t("false", lang)


def format_report(result: Mapping[str, Any], lang: str = "sv", errors: bool = False) -> str:
    """Human-readable report; Swedish by default, English with ``lang="en"``."""
    lang = "en" if lang == "en" else "sv"
    out: list[str] = []
    w = out.append
    w(_t("title", lang))
    w("=" * len(_t("title", lang)))
    w(
        f"{_t('corpus', lang)}: {result['corpus']} – {result['n_records']} {_t('goals', lang)}, "
        f"{result['n_evaluated']} {_t('evaluated', lang)}, {len(result['failed'])} {_t('failed', lang)}"
    )
    w(f"{_t('level_given', lang)}: {_t('yes' if result['use_gold_level'] else 'no', lang)}")
    if result.get("cv"):
        cv = result["cv"]
        w(_t("cv_fitted" if cv["fitted"] else "cv_plain", lang).format(folds=cv["folds"]))
    w("")

    w(_t("dims", lang))
    hdr = (
        f"{_t('dim', lang):<22} {'n+':>4} {'P+':>5} {'R+':>5} {'F1+':>5} | "
        f"{'n-':>4} {'P-':>5} {'R-':>5} {'F1-':>5} | {_t('macro', lang):>8} {_t('acc', lang):>13}"
    )
    w(hdr)
    w("-" * len(hdr))
    for dim, m in result["dimensions"].items():
        name = DIMENSION_NAMES.get(dim, {}).get(lang, dim)
        t, f = m["true"], m["false"]
        w(
            f"{name:<22} {t['support']:>4} {_f(t['precision']):>5} {_f(t['recall']):>5} {_f(t['f1']):>5} | "
            f"{f['support']:>4} {_f(f['precision']):>5} {_f(f['recall']):>5} {_f(f['f1']):>5} | "
            f"{_f(m['macro_f1']):>8} {_f(m['accuracy']):>13}"
        )
    w(f"{_t('dims_macro', lang)}: {_f(result['dimensions_macro_f1'])}")
    if result.get("missing_dimensions"):
        w(f"{_t('missing', lang)}: {', '.join(result['missing_dimensions'])}")
    w("")

    g = result["grade"]
    w(_t("grade", lang))
    cols = g["columns"]
    names = {c: GRADE_NAMES.get(c, {}).get(lang, c) for c in cols}
    w(f"{'':<16}" + "".join(f"{names[c]:>16}" for c in cols))
    for row in g["labels"]:
        w(f"{names[row]:<16}" + "".join(f"{g['matrix'][row][c]:>16}" for c in cols))
    w(f"{_t('per_grade', lang)}:")
    for c in g["labels"]:
        m = g["per_class"][c]
        w(f"  {names[c]:<16} n={m['support']:<4} P={_f(m['precision'])} R={_f(m['recall'])} F1={_f(m['f1'])}")
    w(f"{_t('macro', lang)}: {_f(g['macro_f1'])}   {_t('acc', lang)}: {_f(g['accuracy'])}")
    w("")

    s = result["score"]
    rho = s["spearman"]
    w(f"{_t('score', lang)}: {_f(rho) if rho is not None else _t('undefined', lang)} (n={s['n']})")
    w(
        f"{_t('mean_score', lang)}: "
        + ", ".join(f"{GRADE_NAMES[k][lang]} {_f(v) if v is None else f'{v:.1f}'}" for k, v in s["mean_by_gold_grade"].items())
    )
    w("")

    w(_t("type", lang))
    if result.get("type"):
        tm = result["type"]["metrics"]
        w(f"  n={result['type']['n']}  {_t('acc', lang)}={_f(result['type']['accuracy'])}  {_t('macro', lang)}={_f(result['type']['macro_f1'])}")
        tn = {c: TYPE_NAMES.get(c, {}).get(lang, c) for c in tm["columns"]}
        w(f"  {'':<12}" + "".join(f"{tn[c]:>12}" for c in tm["columns"]))
        for row in tm["labels"]:
            w(f"  {tn[row]:<12}" + "".join(f"{tm['matrix'][row][c]:>12}" for c in tm["columns"]))
    else:
        w(f"  {_t('no_type', lang)}")
    w("")

    if result.get("level"):
        lv = result["level"]
        w(f"{_t('level_inf', lang)}: n={lv['n']}  {_t('acc', lang)}={_f(lv['accuracy'])}  {_t('macro', lang)}={_f(lv['macro_f1'])}")
        w("")

    w(_t("by_level", lang))
    for lvl, d in result["grade_by_level"].items():
        w(f"  {lvl:<18} {d['correct']:>4}/{d['n']:<4} {_f(d['accuracy'])}")

    if result["failed"]:
        w("")
        w(f"{_t('failed', lang)}:")
        for fl in result["failed"]:
            w(f"  {fl['id']}: {fl['error']}")

    if errors:
        w("")
        w(_t("errors", lang))
        w("=" * len(_t("errors", lang)))
        for dim, errs in result["errors"]["dimensions"].items():
            name = DIMENSION_NAMES.get(dim, {}).get(lang, dim)
            w("")
            w(f"## {name} ({dim}) – {len(errs)}")
            for e in errs:
                w(
                    f"- {e['id']} [{e.get('level')}] {_t('expected', lang)}={_bool_word(e['expected'], lang)} "
                    f"{_t('got', lang)}={_bool_word(e['got'], lang)}: {e['text']}"
                )
                w(f"    {_t('rules', lang)}: {', '.join(e['rules']) or _t('none', lang)}")
                if e.get("gold_note"):
                    w(f"    {_t('note', lang)}: {e['gold_note']}")
        errs = result["errors"]["grade"]
        w("")
        w(f"## {_t('grade', lang).split(' –')[0]} (grade) – {len(errs)}")
        for e in errs:
            w(
                f"- {e['id']} [{e.get('level')}] {_t('expected', lang)}={GRADE_NAMES[e['expected']][lang]} "
                f"{_t('got', lang)}={GRADE_NAMES.get(e['got'], {}).get(lang, e['got'])} (score {e['score']}): {e['text']}"
            )
            w(f"    {_t('rules', lang)}: {', '.join(e['rules']) or _t('none', lang)}")
            if e.get("gold_note"):
                w(f"    {_t('note', lang)}: {e['gold_note']}")
        if result["errors"].get("type"):
            w("")
            w(f"## {_t('type', lang)} – {len(result['errors']['type'])}")
            for e in result["errors"]["type"]:
                w(f"- {e['id']} {_t('expected', lang)}={e['expected']} {_t('got', lang)}={e['got']}: {e['text']}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- #
# Command line
# --------------------------------------------------------------------------- #


def main(argv: Sequence[str] | None = None, *, analyze_fn: AnalyzeFn | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m malkoll.corpus.evaluate",
        description="Mät Målkolls regler mot en annoterad korpus / measure Målkoll against an annotated corpus.",
    )
    parser.add_argument("corpus", nargs="*", help="korpusfil(er) .jsonl (standard: corpus/goals/dev.jsonl)")
    parser.add_argument("--errors", action="store_true", help="visa fellistan / include the error listing")
    parser.add_argument("--lang", default="sv", choices=["sv", "en"], help="rapportens språk / report language")
    parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON / print JSON")
    parser.add_argument(
        "--no-gold-level", action="store_true", help="skicka inte facitnivån till motorn / let the engine infer the level"
    )
    parser.add_argument(
        "--cv", choices=["org"], default=None,
        help="korsvalidering: lämna en organisation utanför / cross-validation: leave one organisation out",
    )
    args = parser.parse_args(argv)

    records: list[dict[str, Any]] = []
    paths = args.corpus or [str(DEFAULT_CORPUS)]
    try:
        for p in paths:
            records.extend(load_records(p))
        result = evaluate(
            records, analyze_fn=analyze_fn, use_gold_level=not args.no_gold_level, lang=args.lang,
            cv=args.cv, fit_fn=default_fit_fn(args.lang) if args.cv else None,
        )
    except (OSError, ValueError) as exc:
        print(f"fel / error: {exc}", file=sys.stderr)
        return 2
    result["corpus"] = ", ".join(paths)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_report(result, lang=args.lang, errors=args.errors), end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
