"""Same-run A/B of the suggestions: another checkout's `models/indicators.py` and `malkoll/suggest.py`
(e.g. `main`: `git archive main | tar -x -C /tmp/base`) loaded beside this checkout's, over the same
goals in one process, interleaved goal by goal (the order swapped every round), process CPU summed per
side. Both sides see the same load of the shared machine; the ratio is the figure.

    python benchmarks/suggest_ab.py /tmp/base [--rounds 5] [--only suggest,retrieval,rest,many,single]

* suggest: `suggest()` alone over goals parsed and analysed once (each call from the state the rules left);
* retrieval: the indicator model alone (`analyse` + `rank`, as bench_speed.py measures it);
* rest: the suggestions after retrieval (the shown indicators, the sub-goals and the rewrite) over each
  side's goal read once (`read_goal`), each call from the state the rules left;
* many: `analyze_many` in batches of 64 goals, the engine calling either side's `suggest`;
* single: the service's single-goal path, `review_each` of one request of one goal in `nlp.memory_zone()`
  and the report as JSON, the engine calling either side's `suggest`.

First it checks that both sides give the same suggestions and hits for every goal.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HIT_FIELDS = ("id", "title", "operating_area", "perspective", "municipality_type", "score", "why", "matched",
              "source", "discontinued", "similar_goals", "concept")


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def other_side(base: Path):
    """The other checkout's indicator model and suggestion module, the latter bound to the former."""
    indicators = _load("other_indicators", base / "models" / "indicators.py")
    mine = sys.modules["malkoll.models.indicators"]
    sys.modules["malkoll.models.indicators"] = indicators
    try:
        suggest = _load("other_suggest", base / "malkoll" / "suggest.py")
    finally:
        sys.modules["malkoll.models.indicators"] = mine
    return indicators, suggest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", type=Path, help="the other checkout (its models/ and malkoll/ folders)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default="suggest,retrieval,rest,many,single")
    args = ap.parse_args()

    import malkoll.models.indicators as this_indicators
    import malkoll.suggest as this_suggest
    from malkoll import analyze_many
    from malkoll.analyzer import get_engine, get_nlp
    from malkoll.analyzer.doc_cache import CACHE
    from malkoll.batch import review_each
    from malkoll.config import Config
    from malkoll.engine import _analyze_one, active_rules, analyzed_goal, resolve_gate
    from malkoll.report import GoalInput

    base_indicators, base_suggest = other_side(args.base)
    texts = [json.loads(x)["text"] for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl"))
             for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    off = Config(suggestions=False, jobs=1)
    on = Config(jobs=1)
    rules, gate = active_rules(off), resolve_gate(off)
    items = []
    for text, doc in zip(texts, get_engine(off.engine).pipe(texts, batch_size=64)):
        parsed, _, _ = analyzed_goal(GoalInput(text=text, id="g"), doc, rules, off, "sv")
        report = _analyze_one(GoalInput(text=text, id="g"), doc, rules, off, "sv", gate)
        items.append((report, parsed, doc, dict(doc.user_data.get(CACHE, {}))))
    # each side's index and suggest(); the engine calls `malkoll.suggest.suggest`, set to the side's
    suggest_of = {"other": base_suggest.suggest, "this": this_suggest.suggest}
    module_of = {"other": base_suggest, "this": this_suggest}
    index_of = {"other": base_indicators.get_index(), "this": this_indicators.get_index()}

    def suggest_one(side, k):
        report, parsed, doc, state = items[k]
        doc.user_data[CACHE] = dict(state)
        return suggest_of[side](parsed.doc, report.findings, report.grade, level=parsed.level, owner=parsed.owner,
                                municipality_type=on.municipality_type, naming=on.naming or None)

    goal_of = {}

    def rest_one(side, k):
        report, parsed, doc, state = items[k]
        if (side, k) not in goal_of:  # each side's query and ranking, made once
            doc.user_data[CACHE] = dict(state)
            goal_of[side, k] = module_of[side].read_goal(doc, on.municipality_type)
        g = goal_of[side, k]
        g.memo.clear()
        doc.user_data[CACHE] = dict(state)
        mod = module_of[side]
        indicators = mod._shown(g, 5)
        if report.grade not in ("vague", "needs_work"):
            return indicators, [], None
        return (indicators, mod.make_subgoals(g, indicators, findings=report.findings, owner=parsed.owner, level=parsed.level),
                mod.make_rewrite(g, report.findings, indicators, owner=parsed.owner, level=parsed.level))

    def retrieve_one(side, k):
        _, _, doc, state = items[k]
        doc.user_data[CACHE] = dict(state)
        idx = index_of[side]
        return idx.rank(idx.analyse(doc), k=5)

    def dumped(res):
        indicators, subgoals, rewrite = res
        return json.dumps([[i.model_dump() for i in indicators], [g.model_dump() for g in subgoals], rewrite],
                          ensure_ascii=False)

    def fields(hits):
        return [[getattr(h, f) for f in HIT_FIELDS] for h in hits]

    same = all(dumped(suggest_one("other", k)) == dumped(suggest_one("this", k)) for k in range(len(items)))
    hits = all(fields(retrieve_one("other", k)) == fields(retrieve_one("this", k)) for k in range(len(items)))
    rest = all(dumped(rest_one("other", k)) == dumped(rest_one("this", k)) for k in range(len(items)))
    print(f"{len(items)} corpus goals: suggestions identical {same}, hits identical {hits}, after retrieval identical {rest}")

    nlp = get_nlp(on.engine)
    batches = [texts[i:i + 64] for i in range(0, len(texts), 64)]

    def single(k):
        with nlp.memory_zone():
            for r in review_each([[texts[k]]], config=on):
                r.model_dump_json()

    units = {  # per kind: one timed unit (a side, its number) and how many units there are
        "suggest": (suggest_one, len(items)),
        "retrieval": (retrieve_one, len(items)),
        "rest": (rest_one, len(items)),
        "many": (lambda side, k: analyze_many(batches[k], config=on), len(batches)),
        "single": (lambda side, k: single(k), len(texts)),
    }
    clock = time.process_time
    for name in args.only.split(","):
        run, n_units = units[name]
        total = {"other": 0.0, "this": 0.0}
        ratios = []
        for r in range(args.rounds):
            spent = {"other": 0.0, "this": 0.0}
            order = ("other", "this") if r % 2 == 0 else ("this", "other")
            for k in range(n_units):
                for side in order:
                    this_suggest.suggest = suggest_of[side]
                    t = clock()
                    run(side, k)
                    spent[side] += clock() - t
            this_suggest.suggest = suggest_of["this"]
            ratios.append(spent["this"] / spent["other"])
            for side in spent:
                total[side] += spent[side]
        n = len(texts) * args.rounds
        o, t = total["other"] / n * 1000, total["this"] / n * 1000
        print(f"{name:9s} ms/goal over {args.rounds} rounds: other {o:.3f}  this {t:.3f}  this/other {t / o:.3f} "
              f"(rounds {min(ratios):.3f}-{max(ratios):.3f}, median {statistics.median(ratios):.3f})")


if __name__ == "__main__":
    main()
