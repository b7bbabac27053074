"""The learned gate: keeps or drops the rules' candidate findings, one decision per dimension.

The rules propose findings with spans; some of them are *weak* candidates (a coordination that
may bundle two aims, a praise word next to a figure, a measure noun known only from Kolada's
titles). Without a gate only the strong findings count, exactly as the rules say. With a gate,
for every dimension that has candidate findings a logistic regression over general features of
the analyzed goal (which rules fired and how often, strong or weak; span groups; parse counts;
the level) decides whether the dimension fails:

- it fails: its weak candidates are kept, so the verdict always comes with the words that
  explain it;
- it holds: they are dropped.

The gate is asked only where the rules are unsure (weak candidates, no strong finding): a strong
finding fails its dimension as it does without a gate.

A dimension without any candidate finding holds whatever the model says: the gate never invents
a verdict without words. The features never name a word of the training goals, only classes
(rule fired, span label, part of speech, dependency, level), so what is learned is how much to
trust each kind of evidence. Deterministic: the same text always gets the same result.

Weights are plain JSON (`models/gate/weights.json`), applied with numpy; they are fitted by
`models/gate/train.py` (numpy only, at training time) on labelled goals, and measured
leave-organisation-out (`malkoll eval --cv org`, which refits the gate without the held-out
organisation's goals in every fold).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

from malkoll.report import DIMENSIONS, Finding

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "models" / "gate" / "weights.json"
LEVELS = ("vision", "overarching", "committee", "operational", "indicator_target", "financial")
SPAN_GROUPS = ("numbers", "targets", "time", "actors", "metrics", "change", "abbreviations")
POS_TAGS = ("NOUN", "PROPN", "ADJ", "VERB", "AUX", "ADV", "ADP", "CCONJ", "SCONJ", "NUM", "PRON", "PUNCT")
DEPS = ("conj", "cc", "amod", "acl", "acl:relcl", "advcl", "xcomp", "ccomp", "obl", "obj", "nsubj", "nmod",
        "nmod:poss", "appos", "cop", "mark")
CAP = 3  # counts are capped: the fourth vague word says little more than the third


@dataclass(frozen=True)
class Candidate:
    """A finding with the strength the rule gave it."""

    finding: Finding
    weak: bool
    dimensions: tuple[str, ...]  # the dimensions it makes false
    kind: str = ""  # the kind of evidence of a weak candidate


# the features goal_features reads from the goal beyond the candidates and the level, by the prefix of
# their names: a gate whose models name none of a family's features is not given it (most are
# fitted on few of them: malkoll.gate.Gate.families)
FAMILIES = ("span:", "pos:", "dep:", "len:", "shape:", "sem:direction", "sem:taken_back", "sem:implicit_level",
            "sem:aims")


def goal_features(goal, candidates: Sequence[Candidate], families: frozenset[str] | None = None) -> dict[str, float]:
    """General features of an analyzed goal and its candidate findings (no word identities);
    `families` (of FAMILIES; None = all): which of the features read from the goal to give."""
    def wanted(family: str) -> bool:
        return families is None or family in families

    doc = goal.doc
    f: dict[str, float] = {"bias_level:" + (goal.level or "none"): 1.0}
    for c in candidates:
        key = f"weak:{c.finding.name}:{c.kind}" if c.weak else "rule:" + c.finding.name
        f[key] = min(CAP, f.get(key, 0.0) + 1.0)
        if not c.weak and c.finding.end - c.finding.start >= 0.9 * len(goal.text.strip()):
            f["whole:" + c.finding.name] = 1.0  # reported on the whole goal: nothing more specific found
    if wanted("span:"):
        for group in SPAN_GROUPS:
            for span in goal.spans(group):
                key = f"span:{group}:{span.label_}"
                f[key] = min(CAP, f.get(key, 0.0) + 1.0)
    if wanted("pos:") or wanted("dep:") or wanted("len:") or wanted("shape:"):
        toks = tokens(doc)
        w = words(doc)
        if wanted("pos:") or wanted("dep:"):
            for t, pos in zip(toks, w.pos):
                if pos in POS_TAGS:
                    f["pos:" + pos] = f.get("pos:" + pos, 0.0) + 1.0
                if t.dep_ in DEPS:
                    f["dep:" + t.dep_] = f.get("dep:" + t.dep_, 0.0) + 1.0
            for key in [k for k in f if k.startswith(("pos:", "dep:"))]:
                f[key] = math.log1p(f[key])
        if wanted("len:"):
            f["len:log_words"] = math.log(max(1, sum(1 for t in toks if not t.is_punct)))
            f["len:sentences"] = min(CAP, sum(1 for s in sentences(doc) if any(t.is_alpha for t in toks[s.start:s.end])))
        if wanted("shape:"):
            f["shape:no_finite_verb"] = float(not any(pos in ("VERB", "AUX") for pos in w.pos))
            f["shape:dash"] = float(any(text in ("–", "-", "—", ":") and i > 0 for i, text in enumerate(w.text)))
            f["shape:modal"] = float(any(low in ("ska", "skall") for low in w.lower))
            f["shape:first_propn"] = float(len(toks) > 0 and w.pos[0] == "PROPN")
    if wanted("sem:direction"):
        f["sem:direction"] = float(clear_direction(goal))
    if wanted("sem:taken_back"):
        f["sem:taken_back"] = float(commitment_taken_back(goal))
    if wanted("sem:implicit_level"):
        f["sem:implicit_level"] = float(implicit_level_holds(goal))
    if wanted("sem:aims"):
        aims = aim_words(goal)
        f["sem:aims"] = float(min(4, len({t.norm_ for t in aims})))
        f["sem:aims_coordinated"] = float(min(CAP, sum(1 for t in aims if t.dep_ == "conj")))
    return f


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class DimensionModel:
    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float
    threshold: float = 0.5

    def prob_fails(self, feats: Mapping[str, float]) -> float:
        x = np.array([feats.get(n, 0.0) for n in self.names], dtype=float)
        return _sigmoid(float(((x - self.mean) / self.scale) @ self.coef) + self.bias)

    def to_json(self) -> dict:
        return {"names": self.names, "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale], "coef": [round(float(v), 6) for v in self.coef],
                "bias": round(float(self.bias), 6), "threshold": self.threshold}

    @classmethod
    def from_json(cls, d: Mapping) -> "DimensionModel":
        return cls(list(d["names"]), np.array(d["mean"], dtype=float), np.array(d["scale"], dtype=float),
                   np.array(d["coef"], dtype=float), float(d["bias"]), float(d.get("threshold", 0.5)))


@dataclass
class Gate:
    """One model per gated dimension; dimensions without a model follow the strong findings."""

    models: dict[str, DimensionModel]
    meta: dict

    def to_json(self) -> dict:
        return {"meta": self.meta, "dimensions": {d: m.to_json() for d, m in self.models.items()}}

    @classmethod
    def from_json(cls, d: Mapping) -> "Gate":
        return cls({k: DimensionModel.from_json(v) for k, v in d.get("dimensions", {}).items()}, dict(d.get("meta", {})))

    def decide(self, goal, candidates: Sequence[Candidate]) -> tuple[dict[str, bool], list[Finding]]:
        return apply_gate(goal, candidates, self)

    @cached_property
    def families(self) -> frozenset[str]:
        """The FAMILIES of goal features the models name (the others are not read from a goal)."""
        names = {n for m in self.models.values() for n in m.names}
        return frozenset(p for p in FAMILIES if any(n.startswith(p) for n in names))


@lru_cache(maxsize=4)
def load_gate(path: str | None = None) -> Gate | None:
    p = Path(path) if path else WEIGHTS_PATH
    if not p.exists():
        return None
    with open(p, encoding="utf-8") as fh:
        return Gate.from_json(json.load(fh))


def apply_gate(goal, candidates: Sequence[Candidate], gate: Gate | None) -> tuple[dict[str, bool], list[Finding]]:
    """Dimension verdicts and the findings that explain them.

    A strong finding always fails its dimension, as the rules alone say; without a gate (or for a
    dimension it has no model for) weak candidates are dropped. With a model, a dimension that
    has weak candidates and no strong one fails when the model's probability reaches its
    threshold; then its weak candidates are kept, otherwise they are dropped. Findings that fail no
    dimension (style, goal type, cascade) are always kept."""
    feats = None  # read from the goal only when a model is asked (most goals need none)
    dims = {d: True for d in DIMENSIONS}
    strong: dict[str, bool] = {}  # the dimensions with candidates: whether one of them is strong
    for c in candidates:
        for d in c.dimensions:
            strong[d] = strong.get(d, False) or not c.weak
    for d in DIMENSIONS:
        if d not in strong:
            continue
        model = gate.models.get(d) if gate else None
        if model is None or strong[d]:
            dims[d] = not strong[d]
        else:
            if feats is None:
                feats = goal_features(goal, candidates, gate.families)
            dims[d] = model.prob_fails(feats) < model.threshold
    gated = set(gate.models) if gate else set()
    kept = []
    for c in candidates:
        failing = [d for d in c.dimensions if not dims[d]]
        if (not c.dimensions and not c.weak) or (failing and (not c.weak or gated.intersection(failing))):
            kept.append(c.finding)
    return dims, kept


# --------------------------------------------------------------------------- #
# Fitting (training time only)
# --------------------------------------------------------------------------- #


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (deterministic, numpy only).
    X is standardised; the bias is not penalised."""
    n, k = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    w = np.zeros(k + 1)
    reg = np.full(k + 1, l2)
    reg[-1] = 1e-6
    for _ in range(iters):
        z = np.clip(Xb @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        g = Xb.T @ (p - y) + reg * w
        H = (Xb * (p * (1 - p))[:, None]).T @ Xb + np.diag(reg)
        step = np.linalg.solve(H, g)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w[:-1], float(w[-1])


def fit_gate(rows: Iterable[tuple[Mapping[str, float], Mapping[str, bool], set[str]]], *, l2: float = 3.0,
             dims: Sequence[str] = DIMENSIONS, min_count: int = 3, meta: dict | None = None,
             exclude: Sequence[str] = (), per_dim: Mapping[str, Mapping] | None = None) -> Gate:
    """Fit one model per dimension on (features, gold labels, dimensions with candidates) rows.

    Each dimension's model is fitted only on goals where that dimension has weak candidates and
    no strong finding (elsewhere the gate is not asked). Features seen in fewer than `min_count` of those goals
    are left out. `per_dim` overrides settings for one dimension: `include` (feature prefixes to use,
    e.g. only the kinds of its own weak candidates) and `l2`."""
    rows = list(rows)
    models: dict[str, DimensionModel] = {}
    for d in dims:
        own = dict((per_dim or {}).get(d, {}))
        include = tuple(own.get("include", ()))
        sub = [(f, lab) for f, lab, weak in rows if d in weak]
        if len(sub) < 10 or len({lab[d] for _, lab in sub}) < 2:
            continue
        counts: dict[str, int] = {}
        for f, _ in sub:
            for k, v in f.items():
                if v:
                    counts[k] = counts.get(k, 0) + 1
        names = sorted(k for k, c in counts.items() if c >= min_count and not k.startswith(tuple(exclude))
                       and (not include or k.startswith(include)))
        X = np.array([[f.get(nm, 0.0) for nm in names] for f, _ in sub], dtype=float)
        y = np.array([0.0 if lab[d] else 1.0 for _, lab in sub])  # 1 = the dimension fails
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale < 1e-9] = 1.0
        coef, bias = fit_logistic((X - mean) / scale, y, l2=float(own.get("l2", l2)))
        models[d] = DimensionModel(names, mean, scale, coef, bias)
    return Gate(models, dict(meta or {}))


def training_rows(records: Sequence[Mapping], *, lang: str = "sv", config=None,
                  cache: dict | None = None) -> list[tuple[dict[str, float], dict[str, bool], set[str]]]:
    """(features, gold labels, dimensions the gate is asked about: weak candidates, no strong
    finding) for labelled goal records (`text`,
    `level`, `labels`), computed with the same parse and rules as at run time. `cache` keeps the
    rows of texts already seen (cross-validation refits many times on overlapping sets)."""
    from malkoll.analyzer import get_engine
    from malkoll.config import Config
    from malkoll.engine import active_rules, analyzed_goal
    from malkoll.report import GoalInput

    config = config or Config(suggestions=False)
    cache = {} if cache is None else cache
    todo = [r for r in records if (r["text"], r.get("level")) not in cache]
    if todo:
        rules = active_rules(config)
        # the same engine as at run time: the gate learns from the parse it will be applied to
        for rec, doc in zip(todo, get_engine(config.engine).pipe([r["text"] for r in todo], batch_size=64)):
            goal_in = GoalInput(text=rec["text"], id=str(rec.get("id") or "g"), level=rec.get("level"))
            parsed, candidates, _ = analyzed_goal(goal_in, doc, rules, config, lang)
            strong = {d for c in candidates if not c.weak for d in c.dimensions}
            cand_dims = {d for c in candidates if c.weak for d in c.dimensions} - strong
            cache[(rec["text"], rec.get("level"))] = (goal_features(parsed, candidates), cand_dims)
    out = []
    for rec in records:
        feats, cand_dims = cache[(rec["text"], rec.get("level"))]
        labels = {d: bool(rec["labels"][d]) for d in DIMENSIONS}
        out.append((feats, labels, cand_dims))
    return out


# imported last: the rules' modules are whole by the time the gate reads them
from malkoll.rules.families.target import aim_words, clear_direction, commitment_taken_back, implicit_level_holds  # noqa: E402
from malkoll.rules.matching import sentences, tokens, words  # noqa: E402
