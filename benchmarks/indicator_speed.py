"""Print how fast the indicator model loads and what suggestions cost per goal (no assertions).

    python benchmarks/indicator_speed.py [--goals N]

Goals are the annotated corpora's, parsed once beforehand (the analyzer's cost is not counted):
the figures are the indicator model's own (read the goal, rank) and the whole suggestion step
(indicators, sub-goals, rewrite), per goal, each beside the bare analyzer's cost per goal measured
in the same run as the reference.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--goals", type=int, default=0, help="at most this many goals (0 = all)")
    args = ap.parse_args()
    from malkoll.analyzer import get_nlp
    from malkoll.models import indicators
    from malkoll.suggest import suggest

    texts = []
    for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl")):
        texts += [json.loads(x)["text"] for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = texts[: args.goals] if args.goals else texts
    nlp = get_nlp()
    t = time.perf_counter()
    arrays = indicators.load_artifact()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    idx = indicators.IndicatorIndex(arrays)
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    t_parse = (time.perf_counter() - t) / len(texts) * 1000
    for d in docs[:20]:  # warm-up
        idx.rank(idx.analyse(d), k=5)
    rank = []
    for d in docs:
        t = time.perf_counter()
        idx.rank(idx.analyse(d), k=5)
        rank.append((time.perf_counter() - t) * 1000)
    full = []
    for d in docs:
        t = time.perf_counter()
        suggest(d, [], "vague")
        full.append((time.perf_counter() - t) * 1000)
    print(f"index ready: {(t_load + t_build) * 1000:.0f} ms ({idx.n} KPIs, memory of {len(idx.memory)} goals)")
    print(f"analyzer (reference): {t_parse:.2f} ms per goal over {len(texts)} goals")
    for name, xs in (("indicator model (read + rank)", rank), ("suggestions (indicators, sub-goals, rewrite)", full)):
        print(f"{name}: mean {statistics.fmean(xs):.2f} ms, median {statistics.median(xs):.2f} ms, "
              f"p95 {sorted(xs)[int(0.95 * len(xs))]:.2f} ms per goal = {statistics.fmean(xs) / t_parse:.1f} x the analyzer")
    print("Källa: Kolada")


if __name__ == "__main__":
    main()
