"""Same-run A/B of the analysis against another checkout, two processes in lockstep: each loads one
side and warms it, then they take turns pass by pass (A B, then B A, ...), each pass timed in process
CPU, `--passes` each; the best and the median pass of each side are compared. Adjacent passes see the
same load of the shared machine; the ratio is the figure. For a change to the rules, the gate, the goal
features or the per-call work of `review_each`, where both modules cannot be imported side by side
in one process.

    python benchmarks/analysis_ab.py /tmp/base --base-python /tmp/base/.venv/bin/python \\
        [--modes many,post,single:1,single:4] [--passes 15]

The other checkout needs an environment of its own in which `malkoll` is that checkout (e.g.
`git archive main | tar -x -C /tmp/base`, then `python3.11 -m venv /tmp/base/.venv` and
`/tmp/base/.venv/bin/pip install -e /tmp/base`). Modes, over the corpus goals:

* many: `analyze_many` without suggestions (`Config(jobs=1, suggestions=False)`), the pipeline included;
* post: what a goal costs after the parse: the goal-feature component, then `_analyze_one` without
  suggestions (the rules, the gate, scoring, the report), over Docs parsed once without the component;
* single:N: the service's path, `review_each` of N one-goal requests (default configuration, with
  suggestions) in `nlp.memory_zone()` and each report as JSON, over 240 goals.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    return [json.loads(x)["text"] for p in sorted(Path("corpus/goals").glob("*.jsonl"))
            for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]


def side(mode: str) -> None:
    """Serve passes of `mode` in this process (the checkout `malkoll` imports): a line on standard input
    runs one, its process ms a goal is printed."""
    try:  # as Målkoll's own processes: numpy's BLAS on one thread before the pipeline loads
        from malkoll.parallel import one_blas_thread  # (code before it had no such setting)

        one_blas_thread()
    except ImportError:
        pass
    from malkoll.config import Config

    texts = _texts()
    if mode == "many":
        from malkoll.engine import analyze_many

        cfg = Config(jobs=1, suggestions=False)

        def run():
            analyze_many(texts, config=cfg)
    elif mode == "post":
        from malkoll.analyzer import get_nlp
        from malkoll.analyzer.doc_cache import forget
        from malkoll.analyzer.features import goal_features
        from malkoll.engine import _analyze_one, active_rules, resolve_gate
        from malkoll.report import GoalInput

        nlp = get_nlp(None)
        cfg = Config(suggestions=False)
        rules, gate = active_rules(cfg), resolve_gate(cfg)
        with nlp.select_pipes(disable=["malkoll_goal_features"]):
            docs = list(nlp.pipe(texts, batch_size=64))
        goals = [GoalInput(text=t, id="g") for t in texts]

        def run():
            for g, doc in zip(goals, docs):
                goal_features(doc)
                _analyze_one(g, doc, rules, cfg, "sv", gate)
                forget(doc)
    elif mode.startswith("single:"):
        from malkoll.analyzer import get_nlp
        from malkoll.batch import review_each

        size = int(mode.split(":")[1])
        cfg = Config(jobs=1)
        nlp = get_nlp(cfg.engine)
        texts = texts[:240]

        def run():
            for i in range(0, len(texts), size):
                with nlp.memory_zone():
                    for report in review_each([[t] for t in texts[i:i + size]], config=cfg):
                        report.model_dump_json()
    else:
        raise SystemExit(f"unknown mode {mode}")
    run()  # warm: the pipeline, the rules, the gate and the index loaded, the caches filled
    print("ready", flush=True)
    for _ in sys.stdin:
        t0 = time.process_time()
        run()
        print(1000 * (time.process_time() - t0) / len(texts), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", type=Path, nargs="?", help="the other checkout (side A)")
    ap.add_argument("--base-python", default=None, help="the python whose `malkoll` is the other checkout")
    ap.add_argument("--modes", default="many,post,single:1,single:4")
    ap.add_argument("--passes", type=int, default=15, help="timed passes per side, taken in turns (default 15)")
    ap.add_argument("--side", default=None, help=argparse.SUPPRESS)  # internal: serve one side
    args = ap.parse_args()
    if args.side:
        side(args.side)
        return
    if args.base is None or args.base_python is None:
        raise SystemExit("give the other checkout and --base-python")
    sides = {"A": (args.base_python, args.base.resolve()), "B": (sys.executable, ROOT)}
    print(f"A = {args.base} , B = {ROOT} ; process ms a goal, {args.passes} passes a side in lockstep")
    for mode in args.modes.split(","):
        procs = {name: subprocess.Popen([python, str(Path(__file__).resolve()), "--side", mode], cwd=cwd,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for name, (python, cwd) in sides.items()}
        try:
            for name, proc in procs.items():
                if proc.stdout.readline().strip() != "ready":
                    raise SystemExit(f"side {name} failed to start")
            got: dict[str, list[float]] = {"A": [], "B": []}
            for r in range(args.passes):
                for name in ("A", "B") if r % 2 == 0 else ("B", "A"):
                    procs[name].stdin.write("\n")
                    procs[name].stdin.flush()
                    got[name].append(float(procs[name].stdout.readline()))
        finally:
            for proc in procs.values():
                proc.stdin.close()
                proc.wait()
        (a, b), (ma, mb) = (min(got["A"]), min(got["B"])), (statistics.median(got["A"]), statistics.median(got["B"]))
        print(f"{mode:>10}  best A {a:.3f} B {b:.3f} B/A {b / a:.3f}   median A {ma:.3f} B {mb:.3f} B/A {mb / ma:.3f}",
              flush=True)


if __name__ == "__main__":
    main()
