"""Whether the sub-goal drafts go to the nämnd that would own them, on real committee goals.

A nämnd's own goal ("nämndmål") is broken into sub-goals under that nämnd. The annotated goal sets
(`../shared/data/goals-dev`, `goals-train`) give, for each goal, the body that adopted it
(`owner_in_source`); for the committee and operational goals adopted by a named nämnd or styrelse,
Målkoll is run on the text alone, with the level but without the owner (as on the page or through the
API when nobody says who adopted the goal), and each sub-goal's proposed owner is compared with the
nämnder that fit the adopting body. Organisations name and cut their nämnder differently, so each
adopting name maps to the usual names (`models/data/owners.yaml`) that do the same work (below: a
"Tekniska nämnden" does what the usual name calls Samhällsbyggnadsnämnden; a socialnämnd often holds
elderly care too). The mapping is this evaluation's annotation, not runtime data.

A second, larger check of the topic alone: for the goal-indicator pairs (`corpus/indicators/`), the
nämnd the goal's topic goes to (its words and domain cues, without the suggested KPIs: those come from
a memory that holds these very pairs) against the nämnder of the operating areas of the KPIs accepted
as measuring the goal (owners.yaml maps both, so Kolada's filing of one measure under two areas counts
as one owner where the map makes it one).

    python benchmarks/eval_owners.py [--misses] [--json]

Prints: goals evaluated, goals with sub-goals, the share whose first sub-goal's owner fits and the
share of all sub-goal owners that fit; the topic's owner on the pairs; with --misses, the goals missed.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = [REPO.parent / "shared" / "data" / "goals-dev" / "goals.jsonl",
        REPO.parent / "shared" / "data" / "goals-train" / "goals.jsonl"]

BUN, GVN = "Barn- och utbildningsnämnden", "Gymnasie- och vuxenutbildningsnämnden"
KFN, SBN, SN, VON, KS = ("Kultur- och fritidsnämnden", "Samhällsbyggnadsnämnden", "Socialnämnden",
                         "Vård- och omsorgsnämnden", "Kommunstyrelsen")
FITS = {  # adopting body (as the sources write it) -> the usual names that do its work
    "Kultur- och fritidsnämnden": {KFN},
    "Kulturnämnden": {KFN, "Kulturnämnden"},
    "Socialnämnden": {SN, VON},
    "Vård- och omsorgsnämnden": {VON, SN},
    "Tekniska nämnden": {SBN},
    "Samhällsbyggnadsnämnden": {SBN},
    "Kultur- och utbildningsnämnden": {KFN, BUN, GVN},
    "Barn- och utbildningsnämnden": {BUN, GVN},
    "Förskolenämnden": {BUN},
    "Kommunstyrelsen": {KS},
}


def goals() -> list[dict]:
    out = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g.get("level") in ("committee", "operational") and g.get("owner_in_source") in FITS:
                out.append(g)
    return out


def fits(owner: str | None, adopted_by: str) -> bool:
    """The proposed owner does the adopting body's work: one of the usual names, or the body itself
    named in the goal ("Kultur- och fritidsnämnden ska …", written as a heading names it)."""
    return bool(owner) and owner.casefold() in {n.casefold() for n in FITS[adopted_by] | {adopted_by}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from malkoll.batch import review
    from malkoll.config import Config
    from malkoll.report import GoalInput

    data = goals()
    inputs = [GoalInput(text=g["text"], id=g["id"], level=g["level"]) for g in data]
    report = review(goals=inputs, config=Config(jobs=1))
    with_sub = first_ok = all_n = all_ok = 0
    misses = []
    for g, r in zip(data, report.goals):
        owners = [s.owner for s in r.subgoals]
        if not owners:
            continue
        with_sub += 1
        ok = [fits(o, g["owner_in_source"]) for o in owners]
        first_ok += ok[0]
        all_n += len(ok)
        all_ok += sum(ok)
        if not ok[0]:
            misses.append((g["id"], g["owner_in_source"], owners[0], g["text"]))
    figures = {"goals": len(data), "with_subgoals": with_sub,
               "first_owner_fits": round(first_ok / max(with_sub, 1), 3),
               "all_owners_fit": round(all_ok / max(all_n, 1), 3)}
    topic, topic_misses = topic_owners()
    figures["topic_owner_fits"] = topic
    if args.json:
        print(json.dumps({**figures, "misses": misses, "topic_misses": topic_misses}, ensure_ascii=False, indent=1))
        return 0
    print(f"committee/operational goals adopted by a named nämnd: {figures['goals']}; with sub-goals: {with_sub}")
    print(f"first sub-goal's owner fits: {figures['first_owner_fits']:.3f}; all sub-goal owners fit: "
          f"{figures['all_owners_fit']:.3f} ({all_ok}/{all_n})")
    if args.misses:
        for gid, adopted, owner, text in misses:
            print(f"  {gid} [{adopted}] -> {owner}: {text[:90]}")
    print("topic's owner fits an accepted KPI's owner: " + ", ".join(f"{k} {v:.3f}" for k, v in topic.items()))
    if args.misses:
        for gid, wanted, owner, text in topic_misses:
            print(f"  {gid} {wanted} -> {owner}: {text[:90]}")
    return 0


def topic_owners() -> tuple[dict, list]:
    """The share of pairs whose topic goes to an owner of one of the accepted KPIs' areas, per file."""
    from malkoll.analyzer import get_engine
    from malkoll.suggest import _goal_area, get_index, read_goal, responsible

    idx, engine = get_index(), get_engine("default")
    area_of = dict(zip(idx.ids, idx.areas))
    out, misses = {}, []
    for path in sorted((REPO / "corpus" / "indicators").glob("*.jsonl")):
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        ok = n = 0
        for row, doc in zip(rows, engine.pipe([r["text"] for r in rows])):
            mtype = row.get("municipality_type") or "K"
            wanted = {responsible(area_of.get(k), mtype) for k in row["accepted"] if area_of.get(k)} - {None}
            if not wanted:
                continue
            g = read_goal(doc, mtype, 5)
            g.hits = []  # the topic alone (see the module's docstring)
            g.memo.pop("area", None)
            owner = responsible(_goal_area(g), mtype)
            n += 1
            ok += owner in wanted
            if owner not in wanted:
                misses.append((row["id"], sorted(wanted), owner, row["text"]))
        out[path.stem] = round(ok / max(n, 1), 3)
    return out, misses


if __name__ == "__main__":
    raise SystemExit(main())
