"""Print the counts of an annotated goal corpus as Markdown tables.

    python -m malkoll.corpus.stats corpus/goals/own.jsonl
    python corpus/stats.py corpus/goals/dev.jsonl corpus/goals/own.jsonl

Used to write the count tables in corpus/goals/README.md (never hand-count).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from malkoll.vocabulary import DIMENSIONS, GOAL_TYPES as TYPES, GRADES, LEVELS  # noqa: E402,F401


def load(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = [f"#### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def counts_markdown(records: Sequence[dict[str, Any]], name: str) -> str:
    n = len(records)
    parts = [f"### {name} ({n} goals)\n"]
    lv = Counter(r["level"] for r in records)
    parts.append(_table("Per level", ["level", "goals"], [(l, lv[l]) for l in LEVELS] + [("**total**", n)]))
    gr = Counter(r["labels"]["overall"] for r in records)
    parts.append(_table("Per grade", ["overall", "goals"], [(g, gr[g]) for g in GRADES] + [("**total**", n)]))
    gl = Counter((r["level"], r["labels"]["overall"]) for r in records)
    parts.append(_table("Grade by level", ["level", *GRADES], [(l, *(gl[(l, g)] for g in GRADES)) for l in LEVELS]))
    dims = []
    for d in DIMENSIONS:
        t = sum(1 for r in records if r["labels"][d])
        dims.append((f"`{d}`", t, n - t))
    parts.append(_table("Dimension labels", ["dimension", "true", "false"], dims))
    if any("type" in r for r in records):
        ty = Counter(r.get("type") for r in records)
        tg = Counter((r.get("type"), r["labels"]["overall"]) for r in records)
        parts.append(_table("Type by grade", ["type", "goals", *GRADES], [(t, ty[t], *(tg[(t, g)] for g in GRADES)) for t in TYPES]))
    dm = Counter(r.get("domain") for r in records)
    parts.append(_table("Per domain", ["domain", "goals"], sorted(dm.items(), key=lambda kv: (-kv[1], str(kv[0])))))
    unsure = sum(1 for r in records if "unsure" in (r.get("label_notes") or "").lower())
    parts.append(f"Labels marked \"unsure\" in `label_notes`: {unsure}\n")
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    paths = list(argv if argv is not None else sys.argv[1:])
    if not paths:
        print("usage: stats.py FILE.jsonl [...]", file=sys.stderr)
        return 2
    for p in paths:
        print(counts_markdown(load(p), Path(p).name))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
