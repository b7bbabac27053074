"""Evaluate indicator suggestions against the annotated set corpus/indicators/gold.jsonl.

    python -m malkoll.corpus.indicator_eval [path]      (also: malkoll eval --indicators)

Prints hit@1, hit@5 and MRR (reciprocal rank of the first accepted Kolada id
within the top 10; 0 when none) and lists the goals whose top 5 has no accepted id.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Iterable, Sequence

GOLD_PATH = Path(__file__).resolve().parent / "indicators" / "gold.jsonl"
MRR_DEPTH = 10


def load_gold(path: str | Path = GOLD_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def is_indicator_gold(path: str | Path) -> bool:
    """True for an indicator gold file (records carry "accepted" Kolada ids)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    return "accepted" in json.loads(line)
    except (OSError, ValueError):
        return False
    return False


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
    return {
        "n": n,
        "hit@1": h1 / n if n else 0.0,
        "hit@5": h5 / n if n else 0.0,
        "mrr": rr / n if n else 0.0,
    }


def _default_ranker() -> Callable[[dict], list[str]]:
    from malkoll.suggest import indicator_suggestions

    def rank(goal: dict) -> list[str]:
        inds = indicator_suggestions(goal["text"], k=MRR_DEPTH, municipality_type=goal.get("municipality_type", "K"))
        return [i.id for i in inds]

    return rank


def evaluate_indicators(path: str | Path = GOLD_PATH, ranker: Callable[[dict], list[str]] | None = None) -> dict:
    """Run the indicator suggestions over the gold set; returns the metrics and the misses."""
    gold = load_gold(path)
    ranker = ranker or _default_ranker()
    ranked = [ranker(g) for g in gold]
    res = rank_metrics(ranked, [g["accepted"] for g in gold])
    res["misses"] = [
        {"id": g["id"], "text": g["text"], "top5": r[:5], "accepted": g["accepted"]}
        for g, r in zip(gold, ranked)
        if not set(r[:5]) & set(g["accepted"])
    ]
    res["path"] = str(path)
    return res


def format_report(res: dict, lang: str = "sv", show_misses: bool = True) -> str:
    sv = lang == "sv"
    lines = [
        ("Indikatorförslag mot annoterad mängd" if sv else "Indicator suggestions against the annotated set")
        + f" ({res['path']}, n={res['n']})",
        f"  hit@1 {res['hit@1']:.3f}   hit@5 {res['hit@5']:.3f}   MRR {res['mrr']:.3f}",
    ]
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
    path = argv[0] if argv else GOLD_PATH
    print_report(evaluate_indicators(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
