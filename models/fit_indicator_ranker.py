"""Fit the indicator ranker and the memory of real goals on the pairs in corpus/indicators.

    python models/fit_indicator_ranker.py     (after python models/build_indicator_index.py)

Writes models/kolada/ranker.json (the listwise ranker's weights, its Platt calibration and the
confidence floor, with the leave-organisation-out figures they were chosen on) and
models/kolada/memory.npz (the goals' word vectors with their accepted KPIs). The pairs:
corpus/indicators/gold.jsonl (written for Målkoll and goals-dev goals) and
corpus/indicators/real.jsonl (real goals of 31 organisations, copied from the team's
indicators-real set with their origin). Every figure is leave-organisation-out (see
malkoll.corpus.indicator_eval).
"""
from __future__ import annotations

import json
import time

import numpy as np

from malkoll.corpus.indicator_eval import PAIR_PATHS, PairSet, load_pairs, rank_metrics
from malkoll.models import indicators as ind

# under the floor, held-out top suggestions were right less often than this. Above one half: every pair
# has a KPI that measures it, real documents also hold goals none measures (visions, activities), so
# the pairs overstate how often a suggestion near the floor is right
FLOOR_PRECISION = 0.55


def main() -> None:
    t = time.perf_counter()
    pairs = load_pairs(PAIR_PATHS)
    idx = ind.get_index()
    ps = PairSet(pairs, idx)
    loo = ps.leave_organisation_out()
    # Platt scaling on the held-out top-10 lists: raw log-odds -> probability that the KPI is accepted
    raw = np.array([r for res in loo for r in res["raw"]])
    hit = np.array([float(i in set(p["accepted"])) for p, res in zip(pairs, loo) for i in res["ids"]])
    Xc = np.column_stack([raw, np.ones_like(raw)])
    a, b = ind.fit_logistic(Xc, hit, l2=1e-6)
    calib = [float(a), float(b)]
    # the floor: below it, held-out top suggestions were accepted less than FLOOR_PRECISION of the time
    tops = sorted((float(ind.platt(res["raw"][0], calib)), res["ids"][0] in set(p["accepted"]))
                  for p, res in zip(pairs, loo) if res["raw"])
    floor, right = 0.0, 0
    for n, (conf, ok) in enumerate(tops, 1):
        right += ok
        if right / n < FLOOR_PRECISION:
            floor = conf
    w = ps.fit()
    metrics = rank_metrics([r["ids"] for r in loo], [p["accepted"] for p in pairs])
    ranker = {
        "features": list(ind.FEATURES),
        "weights": {f: round(float(x), 5) for f, x in zip(ind.FEATURES, w)},
        "calibration": [round(c, 5) for c in calib],
        "floor": round(floor, 4),
        "l2": ind.L2,
        "fitted_on": {str(p.relative_to(p.parents[2])): sum(1 for q in pairs if q["set"] == p.name) for p in PAIR_PATHS},
        "organisations": len(set(ps.orgs.tolist())),
        "leave_organisation_out": {k: round(v, 4) for k, v in metrics.items() if k != "n"},
        "note": "Fitted by models/fit_indicator_ranker.py; figures leave-organisation-out (malkoll eval).",
    }
    with open(ind.RANKER_PATH, "w", encoding="utf-8") as fh:
        json.dump(ranker, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    ps.memory.save(ind.MEMORY_PATH)
    print(f"wrote {ind.RANKER_PATH.name} and {ind.MEMORY_PATH.name} ({len(pairs)} goals, "
          f"{ranker['organisations']} organisations) in {time.perf_counter() - t:.0f} s")
    print("leave-organisation-out:", ranker["leave_organisation_out"], "floor", ranker["floor"])


if __name__ == "__main__":
    main()
