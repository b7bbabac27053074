"""Evaluate indicator suggestions on real goal-KPI pairs, leave-organisation-out.

    malkoll eval corpus/indicators/gold.jsonl corpus/indicators/real.jsonl     (or any of them)
    python -m malkoll.corpus.indicator_eval [path ...]

The shipped ranker (models/kolada/ranker.json) and the memory of real goals
(models/kolada/memory.npz) are fitted on these pairs, so a figure on them with the shipped model
would be in-sample. Every figure here is leave-organisation-out instead: for each organisation, the
ranker is fitted and the memory is filled on the other organisations' pairs only, and that
organisation's goals are ranked with them. Printed per file and pooled:

- hit@1, hit@5 and MRR (reciprocal rank of the first accepted Kolada id within the top 10; 0 when
  none), one KPI per measure family as the suggestions show them;
- area: on the goals whose best KPI is in the catalogue, the share whose top suggestion lies in the
  same Kolada operating area as that KPI;
- shown: how many goals get a Kolada KPI above the confidence floor and how often that top KPI is
  an accepted one (the rest get a constructed indicator instead).
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

HERE = Path(__file__).resolve().parent
GOLD_PATH = HERE / "indicators" / "gold.jsonl"
REAL_PATH = HERE / "indicators" / "real.jsonl"
PAIR_PATHS = (GOLD_PATH, REAL_PATH)
MRR_DEPTH = 10
OWN = "Målkoll (own)"


def load_gold(path: str | Path = GOLD_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def is_indicator_gold(path: str | Path) -> bool:
    """True for an indicator pair file (records carry "accepted" Kolada ids)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    return "accepted" in json.loads(line)
    except (OSError, ValueError):
        return False
    return False


def organisation(rec: dict) -> str:
    """The organisation a goal comes from: the field, or the name in its origin ("goals-dev D001 (Lund)")."""
    if rec.get("organisation"):
        return rec["organisation"]
    m = re.search(r"\(([^()]+)\)", rec.get("origin") or "")  # [^()]: linear on a run of "("
    if m and not (rec.get("origin") or "").startswith("own"):
        return m.group(1)
    return OWN


def load_pairs(paths: Iterable[str | Path] = PAIR_PATHS) -> list[dict]:
    out = []
    for path in paths:
        for rec in load_gold(path):
            out.append({"set": Path(path).name, "id": rec["id"], "text": rec["text"], "accepted": rec["accepted"],
                        "best": rec.get("best") or rec["accepted"][0], "mt": rec.get("municipality_type", "K"),
                        "org": organisation(rec)})
    return out


def rank_metrics(ranked: Sequence[Sequence[str]], accepted: Sequence[Iterable[str]]) -> dict:
    """hit@1, hit@5 and MRR@10 of ranked id lists against sets of accepted ids."""
    n = len(ranked)
    h1 = h5 = rr = 0.0
    for ids, ok in zip(ranked, accepted):
        ok = set(ok)
        rank = next((r for r, i in enumerate(ids[:MRR_DEPTH], 1) if i in ok), None)
        if rank is not None:
            rr += 1.0 / rank
            h1 += rank == 1
            h5 += rank <= 5
    return {"n": n, "hit@1": h1 / n if n else 0.0, "hit@5": h5 / n if n else 0.0, "mrr": rr / n if n else 0.0}


# --------------------------------------------------------------------------- #
# the pairs as training and test rows
# --------------------------------------------------------------------------- #
@dataclass
class PairSet:
    """Goals with their accepted KPIs, parsed once, with the feature rows the ranker is fitted on.

    Every feature except the memory ones is computed once per goal; the memory features depend on
    which goals the memory may hold (never the goal's own organisation, and in an evaluation never
    the held-out one), so they are filled in per fold from the goal-goal similarities."""

    pairs: list[dict]
    index: object = None
    queries: list = field(default_factory=list)

    def __post_init__(self) -> None:
        from malkoll.analyzer import get_nlp
        from malkoll.models.indicators import FEATURES, Memory, get_index

        self.index = self.index or get_index()
        idx = self.index
        docs = get_nlp().pipe([p["text"] for p in self.pairs], batch_size=64)
        self.queries = [idx.analyse(d) for d in docs]
        self.orgs = np.array([p["org"] for p in self.pairs])
        self.memory = Memory(idx, [Memory.vector(idx, q) for q in self.queries], [p["accepted"] for p in self.pairs],
                             [p["id"] for p in self.pairs], list(self.orgs))
        self.sims = np.vstack([self.memory.similarities(idx, q) for q in self.queries]) if self.pairs else np.zeros((0, 0))
        every = sorted({i for ks in self.memory.kpis for i in ks})
        none = np.zeros(len(idx.memory), dtype=bool)  # the shipped memory stays out: the folds fill their own
        self.base = [idx.features(q, p["mt"], memory_mask=none, extra=every) for p, q in zip(self.pairs, self.queries)]
        self.lexical = [set(cand[:_depth()].tolist()) for cand, _ in self.base]
        self.col_kpi = FEATURES.index("memory_kpi")
        self.col_fam = FEATURES.index("memory_family")
        self.col_area = FEATURES.index("memory_area")

    def rows(self, k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Goal k's candidates, features and labels with a memory restricted to `allowed` goals."""
        from malkoll.models.indicators import MEMORY_K, MEMORY_MIN_SIM

        idx = self.index
        cand, X = self.base[k]
        sims = np.where(allowed, self.sims[k], 0.0)
        top = [g for g in np.argsort(-sims, kind="stable")[:MEMORY_K] if sims[g] > MEMORY_MIN_SIM]
        by_id, by_fam, areas = self.memory.votes(idx, sims, top)
        # as in suggestions: the memory's KPIs only when published for the goal's kind of organisation
        published = self.index.eligible(self.pairs[k]["mt"])
        keep = np.array([i in self.lexical[k] or (i in by_id and published[i]) for i in cand.tolist()], dtype=bool)
        cand, X = cand[keep], X[keep].copy()
        X[:, self.col_kpi] = [by_id.get(int(i), 0.0) for i in cand]
        X[:, self.col_fam] = [by_fam.get(int(idx.family_id[i]), 0.0) for i in cand]
        X[:, self.col_area] = np.append(areas, 0.0)[idx.area_idx[cand]]
        ok = set(self.pairs[k]["accepted"])
        y = np.array([idx.ids[i] in ok for i in cand], dtype=float)
        return cand, X, y

    def training(self, exclude_org: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows of every goal outside `exclude_org`, each with a memory of the other organisations."""
        Xs, ys, ws = [], [], []
        base = self.orgs != exclude_org if exclude_org is not None else np.ones(len(self.pairs), dtype=bool)
        for k in np.flatnonzero(base):
            _, X, y = self.rows(k, base & (self.orgs != self.orgs[k]))
            if not len(y):
                continue
            Xs.append(X)
            ys.append(y)
            # each goal counts once: its positives share one unit of weight, its negatives another
            ws.append(np.where(y > 0, 1.0 / max(y.sum(), 1.0), 1.0 / max((1 - y).sum(), 1.0)))
        return np.vstack(Xs), np.concatenate(ys), np.concatenate(ws)

    def groups(self, exclude_org: str | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per goal outside `exclude_org`: its candidates' rows and labels, with a memory of the other
        organisations."""
        base = self.orgs != exclude_org if exclude_org is not None else np.ones(len(self.pairs), dtype=bool)
        return [self.rows(k, base & (self.orgs != self.orgs[k]))[1:] for k in np.flatnonzero(base)]

    def fit(self, exclude_org: str | None = None, l2: float | None = None) -> np.ndarray:
        from malkoll.models.indicators import L2, fit_listwise

        return fit_listwise(self.groups(exclude_org), l2=L2 if l2 is None else l2)

    def leave_organisation_out(self) -> list[dict]:
        """Per goal: the ranked Kolada ids (one per family, top 10) and raw scores, each goal ranked by a
        ranker fitted and a memory filled without its organisation."""
        from malkoll.models.indicators import measures_concept, rank_positions
        from malkoll.suggest import _owner_groups

        idx = self.index
        out: list[dict] = [{} for _ in self.pairs]
        for org in sorted(set(self.orgs.tolist())):
            w = self.fit(exclude_org=org)
            allowed = self.orgs != org
            for k in np.flatnonzero(self.orgs == org):
                cand, X, y = self.rows(k, allowed)
                raw = X @ w
                order = rank_positions(idx, cand, raw, MRR_DEPTH)
                groups = _owner_groups(self.pairs[k]["mt"], tuple(idx.area_names))
                # as the suggestions show them (malkoll.suggest._shown)
                out[k] = {"ids": [idx.ids[cand[j]] for j in order], "raw": [float(raw[j]) for j in order],
                          "areas": [idx.areas[cand[j]] for j in order],
                          "concept": [measures_concept(X[j]) and not idx.unnamed_topics(self.queries[k], int(cand[j]), groups)
                                      for j in order]}
        return out


def _depth() -> int:
    from malkoll.models.indicators import FIRST_STAGE

    return FIRST_STAGE


# --------------------------------------------------------------------------- #
# the evaluation
# --------------------------------------------------------------------------- #
def evaluate_indicators(paths: Sequence[str | Path] | str | Path = PAIR_PATHS, ranker: Callable | None = None) -> dict:
    """Leave-organisation-out over the pairs of the given files; metrics per file and pooled."""
    from malkoll.models.indicators import get_index, load_ranker, platt

    if isinstance(paths, (str, Path)):
        paths = [paths]
    pairs = load_pairs(paths)
    idx = get_index()
    if ranker is not None:  # a caller's ranking function (text -> ids), measured as it is
        results = [{"ids": ranker(p), "raw": [], "areas": [idx.areas[idx.id_pos[i]] if i in idx.id_pos else None
                                                          for i in ranker(p)]} for p in pairs]
    else:
        results = PairSet(pairs, idx).leave_organisation_out()
    floor = load_ranker().get("floor", 0.0)
    calib = load_ranker().get("calibration", [1.0, 0.0])
    res: dict = {"paths": [str(p) for p in paths], "sets": {}, "floor": floor}
    groups = {name: [k for k, p in enumerate(pairs) if p["set"] == name] for name in dict.fromkeys(p["set"] for p in pairs)}
    if len(groups) > 1:
        groups["all"] = list(range(len(pairs)))
    for name, sel in groups.items():
        m = rank_metrics([results[k]["ids"] for k in sel], [pairs[k]["accepted"] for k in sel])
        with_best = [k for k in sel if pairs[k]["best"] in idx.id_pos and results[k]["ids"]]
        same = sum(results[k]["areas"][0] == idx.areas[idx.id_pos[pairs[k]["best"]]] for k in with_best)
        m["area"] = same / len(with_best) if with_best else 0.0
        m["area_n"] = len(with_best)
        # a reading the wording does not give, shown beside it: the top suggestion in the area of
        # any accepted KPI (Kolada files the same measure under two areas: "besväras av ensamhet" under
        # Hälso- och sjukvård and under Äldre och funktionshinder)
        m["area_accepted"] = (sum(results[k]["areas"][0] in {idx.areas[idx.id_pos[a]] for a in pairs[k]["accepted"]
                                                              if a in idx.id_pos} for k in with_best) / len(with_best)
                              if with_best else 0.0)
        first_shown = {k: _first_shown(results[k], floor, calib) for k in sel}
        shown = [k for k in sel if first_shown[k] is not None]
        m["shown"] = len(shown) / len(sel) if sel else 0.0
        m["shown_precision"] = (sum(first_shown[k] in set(pairs[k]["accepted"]) for k in shown) / len(shown)
                                if shown else 0.0)
        m["orgs"] = len({pairs[k]["org"] for k in sel})
        res["sets"][name] = m
    res["mismatch"] = evaluate_mismatch(paths)
    res["misses"] = [{"id": p["id"], "text": p["text"], "top5": r["ids"][:5], "accepted": p["accepted"]}
                     for p, r in zip(pairs, results) if not set(r["ids"][:5]) & set(p["accepted"])]
    return res


def evaluate_mismatch(paths: Sequence[str | Path] = PAIR_PATHS, seed: int = 0) -> dict:
    """The cascade check MK903 on the pairs: each goal against the titles of its accepted KPIs (they
    measure it: a flag there is a false alarm) and against the best KPI of another goal in another
    operating area (it does not: a flag there is right)."""
    from malkoll.models.indicators import get_index, indicators_measure

    idx = get_index()
    pairs = [p for p in load_pairs(paths) if p["best"] in idx.id_pos]
    rng = np.random.default_rng(seed)
    kept = flagged = n_pos = n_neg = 0
    for p in pairs:
        titles = [idx.titles[idx.id_pos[a]] for a in p["accepted"] if a in idx.id_pos]
        n_pos += 1
        kept += indicators_measure(p["text"], titles[:1])
        area = idx.areas[idx.id_pos[p["best"]]]
        others = [q for q in pairs if idx.areas[idx.id_pos[q["best"]]] != area]
        other = others[int(rng.integers(len(others)))]
        n_neg += 1
        flagged += not indicators_measure(p["text"], [idx.titles[idx.id_pos[other["best"]]]])
    return {"n": n_pos, "measures_own_kpi": kept / n_pos if n_pos else 0.0,
            "flags_other_area": flagged / n_neg if n_neg else 0.0}


def _first_shown(result: dict, floor: float, calib) -> str | None:
    """The KPI a goal's suggestions would show first (as malkoll.suggest does), or None."""
    from malkoll.models.indicators import platt
    from malkoll.suggest import RELATIVE

    if not result.get("raw"):
        return None
    conf = [float(platt(r, calib)) for r in result["raw"]]
    for kpi, c, concept in zip(result["ids"], conf, result.get("concept", [True] * len(conf))):
        if concept and c >= max(floor, RELATIVE * conf[0]):
            return kpi
    return None


def format_report(res: dict, lang: str = "sv", show_misses: bool = True) -> str:
    sv = lang == "sv"
    lines = [("Indikatorförslag, lämna-en-organisation-utanför (rangordnare och minne anpassade utan målets "
              "organisation)" if sv else "Indicator suggestions, leave-organisation-out (ranker and memory fitted "
              "without the goal's organisation)")]
    head = f"  {'mängd' if sv else 'set':<12} {'n':>4} {'org':>4}  hit@1  hit@5   MRR   {'område' if sv else 'area':>6}  " \
           + ("visas (träff)" if sv else "shown (hit)")
    lines.append(head)
    for name, m in res["sets"].items():
        lines.append(f"  {name:<12} {m['n']:>4} {m['orgs']:>4}  {m['hit@1']:.3f}  {m['hit@5']:.3f}  {m['mrr']:.3f}  "
                     f"{m['area']:>6.3f}  {m['shown']:.2f} ({m['shown_precision']:.2f})")
    lines.append(("  område: toppförslaget i samma verksamhetsområde som bästa nyckeltalet; visas: andel mål med ett "
                  f"Kolada-förslag över golvet {res['floor']:.2f} (och hur ofta det är ett godtaget)") if sv else
                 ("  area: top suggestion in the same operating area as the best KPI; shown: share of goals with a "
                  f"Kolada suggestion above the floor {res['floor']:.2f} (and how often it is an accepted one)"))
    if "all" in res["sets"] or len(res["sets"]) == 1:
        m = res["sets"].get("all") or next(iter(res["sets"].values()))
        lines.append((f"  område mot något godtaget nyckeltals område i stället för det bästas: {m['area_accepted']:.3f}")
                     if sv else
                     (f"  area against any accepted KPI's area instead of the best one's: {m['area_accepted']:.3f}"))
    if res.get("mismatch"):
        mm = res["mismatch"]
        lines.append((f"  MK903 (indikatorn mäter inte målet), n={mm['n']}: godtaget nyckeltal bedöms mäta målet "
                      f"{mm['measures_own_kpi']:.3f}; ett annat områdes nyckeltal flaggas {mm['flags_other_area']:.3f}")
                     if sv else
                     (f"  MK903 (indicator does not measure the goal), n={mm['n']}: accepted KPI judged to measure the "
                      f"goal {mm['measures_own_kpi']:.3f}; another area's KPI flagged {mm['flags_other_area']:.3f}"))
    if show_misses and res.get("misses"):
        lines.append(("Mål utan godtaget id bland de fem första:" if sv else "Goals without an accepted id in the top 5:"))
        for m in res["misses"]:
            lines.append(f"  {m['id']}: {m['text'][:90]}  -> {', '.join(m['top5'])}")
    lines.append("Källa: Kolada")
    return "\n".join(lines)


def print_report(res: dict, lang: str = "sv", show_misses: bool = True) -> None:
    print(format_report(res, lang, show_misses))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print_report(evaluate_indicators(argv or PAIR_PATHS), show_misses="--errors" in argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
