"""Benchmark (not a test): what a request costs alone against requests analysed together, on the
service's path, and spaCy's share of it by component.

    python benchmarks/batch_of_one.py                 # batches of 1, 4 and 8 requests of one goal
    python benchmarks/batch_of_one.py --sizes 1,2,4,8 --rounds 5

The service's path: `malkoll.batch.review_each` of a batch of one-goal requests inside
`nlp.memory_zone()`, and each request's JSON (what the analysis thread does for a micro-batch).
Then the pipeline alone, component by component on the same texts (`make_doc`, then each
component's `pipe` on one doc at a time or on the batch). Process time per goal, best of the rounds,
the sizes interleaved in each round (ratios in one run; the machine is shared).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts(n: int) -> list[str]:
    texts = [json.loads(x)["text"] for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl"))
             for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return texts[:n]


def service_path(nlp, texts: list[str], size: int, config) -> float:
    """Process seconds for all `texts` as batches of `size` one-goal requests."""
    from malkoll.batch import review_each

    t0 = time.process_time()
    for i in range(0, len(texts), size):
        with nlp.memory_zone():
            for report in review_each([[t] for t in texts[i:i + size]], config=config):
                report.model_dump_json()
    return time.process_time() - t0


def components(nlp, texts: list[str], size: int) -> dict[str, float]:
    """Process seconds per pipeline step for all `texts` in batches of `size`."""
    spent: dict[str, float] = {}
    for i in range(0, len(texts), size):
        with nlp.memory_zone():
            t0 = time.process_time()
            docs = [nlp.make_doc(t) for t in texts[i:i + size]]
            spent["make_doc"] = spent.get("make_doc", 0.0) + time.process_time() - t0
            for name, proc in nlp.pipeline:
                t0 = time.process_time()
                docs = list(proc.pipe(docs, batch_size=size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
                spent[name] = spent.get(name, 0.0) + time.process_time() - t0
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,4,8", help="requests per batch (default 1,4,8)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds, best kept (default 3)")
    ap.add_argument("--goals", type=int, default=240, help="corpus goals (default 240)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    try:  # as Målkoll's own processes: numpy's BLAS on one thread before the pipeline loads
        from malkoll.parallel import one_blas_thread  # (code before it had no such setting)

        one_blas_thread()
    except ImportError:
        pass
    from malkoll.analyzer import get_nlp
    from malkoll.batch import review_each
    from malkoll.config import Config

    texts = corpus_texts(args.goals)
    config = Config(jobs=1)
    nlp = get_nlp(config.engine)
    review_each([[t] for t in texts[:30]], config=config)  # load the rules, the gate and the index first
    best: dict[int, float] = {}
    parts: dict[int, dict[str, float]] = {}
    for _ in range(args.rounds):
        for size in sizes:
            best[size] = min(best.get(size, float("inf")), service_path(nlp, texts, size, config))
            spent = components(nlp, texts, size)
            parts[size] = {k: min(v, parts.get(size, {}).get(k, float("inf"))) for k, v in spent.items()}
    per_goal = 1000 / len(texts)
    print(f"{len(texts)} corpus goals, one goal per request; process ms a goal, best of {args.rounds} interleaved rounds")
    names = list(parts[sizes[0]])
    labels = [n.removeprefix("malkoll_") for n in names]
    print(f"{'requests per batch':>18} {'service path':>12} {'pipeline':>9}  " + " ".join(f"{x:>{len(x)}}" for x in labels))
    for size in sizes:
        pipeline = sum(parts[size].values())
        print(f"{size:>18} {best[size] * per_goal:>12.2f} {pipeline * per_goal:>9.2f}  "
              + " ".join(f"{parts[size][n] * per_goal:>{max(len(x), 4)}.2f}" for n, x in zip(names, labels)))


if __name__ == "__main__":
    main()
