"""Benchmark (not a test): the pipeline's matrix products through blis (thinc's default on CPU), through
numpy's BLAS, and through numpy's BLAS with the weights kept transposed (`InferenceOps`, what the engine
uses when BLAS runs on one thread), in one process, the three taking turns round by round.

    python benchmarks/matrix_products.py               # 8 rounds
    python benchmarks/matrix_products.py --rounds 12

Runs, over the corpus goals (cycled to 890): the bare pipeline (no goal features) in batches of 64 and
one goal at a time; the service's path (`review_each` of one-goal requests in a memory zone, and the
JSON) one at a time and in fours, over 240 goals; `analyze_many` without and with suggestions. Process
ms a goal, best of the rounds, and the median of the per-round ratios to blis.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=8)
    args = ap.parse_args()

    from malkoll.parallel import one_blas_thread

    one_blas_thread()  # as Målkoll's own processes, before the pipeline loads
    from thinc.api import NumpyOps

    from malkoll import analyze_many
    from malkoll.analyzer import get_nlp
    from malkoll.analyzer.engines.spacy_engine import InferenceOps
    from malkoll.batch import review_each
    from malkoll.config import Config

    nlp = get_nlp()
    nodes = [node for _, proc in nlp.pipeline if hasattr(getattr(proc, "model", None), "walk")
             for node in proc.model.walk()]
    engine_ops = nodes[0].ops
    if not isinstance(engine_ops, InferenceOps):
        raise SystemExit("the engine did not take InferenceOps (BLAS on several threads?)")
    sides = {"blis": NumpyOps(), "numpy": NumpyOps(use_blis=False), "numpy, weights transposed": engine_ops}

    base = [json.loads(x)["text"] for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl"))
            for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts = [base[i % len(base)] for i in range(890)]
    config = Config(jobs=1)

    def bare(size):
        def run():
            with nlp.select_pipes(disable=["malkoll_goal_features"]):
                for _ in nlp.pipe(texts, batch_size=size):
                    pass
        return run, len(texts)

    def service(size):
        def run():
            for i in range(0, 240, size):
                with nlp.memory_zone():
                    for report in review_each([[t] for t in texts[i:i + size]], config=config):
                        report.model_dump_json()
        return run, 240

    runs = {"bare pipeline, batches of 64": bare(64), "bare pipeline, one goal at a time": bare(1),
            "service path, one request at a time": service(1), "service path, four requests together": service(4),
            "analyze_many, suggestions off": (lambda: analyze_many(texts, config=Config(jobs=1, suggestions=False)), len(texts)),
            "analyze_many, suggestions on": (lambda: analyze_many(texts, config=config), len(texts))}
    analyze_many(texts[:50], config=config)  # the rules, the gate and the index loaded
    got: dict[tuple[str, str], list[float]] = {}
    try:
        for r in range(args.rounds):
            for name, (run, n) in runs.items():
                order = list(sides.items())
                for side, ops in order if r % 2 == 0 else order[::-1]:
                    for node in nodes:
                        node.ops = ops
                    t0 = time.process_time()
                    run()
                    got.setdefault((name, side), []).append((time.process_time() - t0) / n * 1000)
    finally:
        for node in nodes:
            node.ops = engine_ops
    print(f"process ms a goal, best of {args.rounds} rounds (median of the per-round ratios to blis)")
    print("| run | " + " | ".join(sides) + " |")
    print("|---|" + "---:|" * len(sides))
    for name in runs:
        ref = got[(name, "blis")]
        cells = [f"{min(got[(name, s)]):.3f} ({statistics.median(x / y for x, y in zip(got[(name, s)], ref)):.2f})"
                 for s in sides]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
