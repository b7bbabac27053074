"""The dev-set snapshot: Målkoll's complete JSON for corpus/goals/dev.jsonl (verdicts, findings,
indicators, sub-goals, rewrites) as the code gives it today.

A refactoring (speed, engines, outline) must leave it unchanged: `tests/test_snapshot.py` compares.
A change that is MEANT to change results regenerates it on purpose and says so in its commit:

    python tests/snapshots/make.py --write
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SNAPSHOT = HERE / "dev.json.gz"
CORPUS = REPO / "corpus" / "goals" / "dev.jsonl"


def current() -> dict:
    from malkoll import analyze_many

    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    goals = [{"text": r["text"], "id": r["id"], "level": r.get("level")} for r in records]
    report = analyze_many(goals).model_dump(mode="json")
    report.pop("malkoll_version", None)
    # provenance, like the version: which engines ran (the default ones; results are what is compared)
    engines = report["summary"].pop("engines", None)
    assert engines is None or (engines["analysis"]["engine"] == "spacy" and engines["encoder"] is None), engines
    return report


def stored() -> dict:
    with gzip.open(SNAPSHOT, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="regenerate the stored snapshot")
    args = ap.parse_args()
    data = current()
    if args.write:
        with gzip.GzipFile(SNAPSHOT, "wb", mtime=0) as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
        print(f"wrote {SNAPSHOT.relative_to(REPO)} ({len(data['goals'])} goals)")
    else:
        print("identical" if data == stored() else "DIFFERENT")


if __name__ == "__main__":
    main()
