"""Benchmark (not a test): goals/second and peak RSS of analyze_many, and the CLI cold start.

    python benchmarks/bench_analyze.py [--goals 3000] [--suggestions]

Goals are drawn from the annotated corpora (real and own municipal goals), cycled to the count.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> list[str]:
    texts = []
    for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts or [line for line in (ROOT / "examples" / "mal.txt").read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--goals", type=int, default=3000)
    ap.add_argument("--suggestions", action="store_true", help="include indicator suggestions and rewrites")
    ap.add_argument("--cold-runs", type=int, default=3)
    args = ap.parse_args()

    from malkoll import analyze, analyze_many
    from malkoll.analyzer import engine_info
    from malkoll.config import Config

    cfg = Config(suggestions=args.suggestions)
    base = corpus_texts()
    goals = [base[i % len(base)] for i in range(args.goals)]
    t0 = time.perf_counter()
    analyze("Andelen ska öka.", config=cfg)  # load models
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = analyze_many(goals, config=cfg)
    batch = time.perf_counter() - t0
    lat = []
    for text in base[:200]:
        t1 = time.perf_counter()
        analyze(text, config=cfg)
        lat.append((time.perf_counter() - t1) * 1000)
    lat.sort()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    cold = []
    for _ in range(args.cold_runs):
        t1 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "malkoll.cli", "check", "--no-suggestions", "--fail-on", "never",
                        "--text", "Vi ska verka för en god kvalitet i skolan."], capture_output=True, check=True)
        cold.append(time.perf_counter() - t1)

    info = engine_info()
    print(f"engine: {info.get('engine')} ({info.get('pipeline')} {info.get('version')})")
    print(f"suggestions: {'on' if args.suggestions else 'off'}")
    print(f"model load + first goal: {load:.2f} s")
    print(f"analyze_many: {len(report.goals)} goals in {batch:.2f} s = {len(report.goals) / batch:.0f} goals/s")
    print(f"single-goal latency (ms): p50 {statistics.median(lat):.1f}  p95 {lat[int(len(lat) * .95) - 1]:.1f}  "
          f"p99 {lat[int(len(lat) * .99) - 1]:.1f}")
    print(f"peak RSS: {rss_mb:.0f} MB")
    print(f"CLI cold start (malkoll check --text ...): median {statistics.median(cold):.2f} s over {len(cold)} runs")


if __name__ == "__main__":
    main()
