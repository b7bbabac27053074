"""Print how fast the indicator index loads and answers (no assertions).

    python benchmarks/indicator_speed.py
"""
from __future__ import annotations

import statistics
import time

from malkoll.corpus.indicator_eval import load_gold
from malkoll.models import indicators


def main() -> None:
    t = time.perf_counter()
    arrays = indicators.load_artifact()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    idx = indicators.IndicatorIndex(arrays)
    t_build = time.perf_counter() - t
    goals = [g["text"] for g in load_gold()]
    times = []
    for text in goals:
        t = time.perf_counter()
        idx.search(text, k=5)
        times.append((time.perf_counter() - t) * 1000)
    print(f"index artifact read: {t_load * 1000:.0f} ms; index ready: {t_build * 1000:.0f} ms "
          f"(total {(t_load + t_build) * 1000:.0f} ms, {idx.n} KPIs)")
    print(f"search over {len(goals)} goals: median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms per goal")
    print("Källa: Kolada")


if __name__ == "__main__":
    main()
