"""How well the outline finds the goals of real steering documents: per document and in total.

Reads every `<name>.md` that has a `<name>.truth.json` in the folder (default: the team's
`../shared/data/docs-real/`), runs it through Målkoll's reading of documents (ingest and the
outline, no analysis) and compares with the truth file:

- recall: truth goals found / truth goals; precision: reported goals that are truth goals / reported;
- owner: of the goals found whose truth has an owner, the share with that owner (case and a
  genitive -s aside); "owner+" counts goals given an owner where the page gives none;
- level: of the goals found, the share with the truth level;
- indicators: truth indicators attached to some reported goal (its context indicators hold them);
- prose/ind: reported goals that are one of the truth file's `not_goals` or `indicators`;
- uncertain: reported goals the outline marks as uncertain (where the version has the mark).

Texts match when they are equal after whitespace, case, surrounding quotes/markup and final
punctuation are set aside. `--as docx` converts each document to Word first with the test helper
(tests/md_to_docx.py: headings, lists and tables as Word has them) and evaluates the .docx.

    python benchmarks/eval_outline.py [--docs DIR] [--as md|docx] [--misses] [--json]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = REPO.parent / "shared" / "data" / "docs-real"


def norm(text: str | None) -> str:
    text = re.sub(r"\s+", " ", (text or "")).strip().strip("*_\"'”“ ")
    return text.rstrip(".:;!").strip().casefold()


def norm_owner(owner: str | None) -> str:
    o = norm(owner)
    return o[:-1] if o.endswith("s") and not o.endswith("ss") and len(o) > 3 and o[:-1].endswith(("en", "et", "ge")) else o


def read_goals(path: Path):
    """The goals Målkoll's reading of documents gives for one file (no analysis)."""
    from malkoll.config import Config
    from malkoll.ingest import read_sources

    return list(read_sources([str(path)], Config()))


def as_docx(md: Path, out_dir: Path) -> Path:
    sys.path.insert(0, str(REPO / "tests"))
    from md_to_docx import convert  # the test helper

    out = out_dir / (md.stem + ".docx")
    convert(md.read_text(encoding="utf-8"), out)
    return out


def evaluate_document(path: Path, truth: dict) -> dict:
    goals = read_goals(path)
    truth_goals = truth.get("goals", [])
    unmatched = {i: norm(t["text"]) for i, t in enumerate(truth_goals)}
    not_goals = {norm(x) for x in truth.get("not_goals", [])} | {norm(x) for x in truth.get("indicators", [])}
    tp = 0
    owner_total = owner_ok = owner_extra = level_ok = 0
    false_pos: list[str] = []
    prose = 0
    uncertain = 0
    for g in goals:
        n = norm(g.text)
        src = g.source
        if src is not None and getattr(src, "certainty", None) == "uncertain":
            uncertain += 1
        hit = next((i for i, t in unmatched.items() if t == n), None)
        if hit is None:
            false_pos.append(g.text)
            if n in not_goals:
                prose += 1
            continue
        del unmatched[hit]
        tp += 1
        exp = truth_goals[hit]
        owner = (src.owner if src is not None else None) or g.owner
        level = g.level or (src.level if src is not None else None)
        if exp.get("owner"):
            owner_total += 1
            owner_ok += norm_owner(owner) == norm_owner(exp["owner"])
        elif owner:
            owner_extra += 1
        level_ok += level == exp.get("level")
    attached = [norm(i) for g in goals for i in g.context_indicators]
    indicators = truth.get("indicators", [])
    ind_ok = sum(1 for i in indicators if any(norm(i) in a for a in attached))
    return {"truth": len(truth_goals), "reported": len(goals), "tp": tp, "owner_total": owner_total,
            "owner_ok": owner_ok, "owner_extra": owner_extra, "level_ok": level_ok,
            "indicators": len(indicators), "indicators_ok": ind_ok, "prose": prose, "uncertain": uncertain,
            "missed": [truth_goals[i]["text"] for i in unmatched], "false": false_pos}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  – "


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder with <name>.md and <name>.truth.json")
    ap.add_argument("--as", dest="as_", choices=("md", "docx"), default="md", help="evaluate the Markdown or a Word conversion")
    ap.add_argument("--misses", action="store_true", help="list the goals missed and the false goals per document")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    docs = sorted(p for p in args.docs.glob("*.md") if p.with_suffix(".truth.json").exists())
    if not docs:
        print(f"no documents with truth files in {args.docs}", file=sys.stderr)
        return 2
    results = {}
    with tempfile.TemporaryDirectory(prefix="malkoll-eval-") as tmp:
        for md in docs:
            truth = json.loads(md.with_suffix(".truth.json").read_text(encoding="utf-8"))
            path = as_docx(md, Path(tmp)) if args.as_ == "docx" else md
            results[md.stem] = evaluate_document(path, truth)
    total = {k: sum(r[k] for r in results.values()) for k in
             ("truth", "reported", "tp", "owner_total", "owner_ok", "owner_extra", "level_ok", "indicators",
              "indicators_ok", "prose", "uncertain")}
    if args.json:
        print(json.dumps({"documents": results, "total": total}, ensure_ascii=False, indent=1))
        return 0
    head = f"{'document':44} {'goals':>5} {'rep':>4} {'recall':>6} {'prec':>5} {'owner':>5} {'owner+':>6} " \
           f"{'level':>5} {'ind':>5} {'prose/ind':>9} {'uncert':>6}"
    print(f"as {args.as_}: {args.docs}")
    print(head)
    rows = list(results.items()) + [("TOTAL", total)]
    for name, r in rows:
        ind = f"{r['indicators_ok']}/{r['indicators']}"
        print(f"{name[:44]:44} {r['truth']:>5} {r['reported']:>4} {_ratio(r['tp'], r['truth']):>6} "
              f"{_ratio(r['tp'], r['reported']):>5} {_ratio(r['owner_ok'], r['owner_total']):>5} "
              f"{r['owner_extra']:>6} {_ratio(r['level_ok'], r['tp']):>5} {ind:>5} {r['prose']:>9} {r['uncertain']:>6}")
        if args.misses and name != "TOTAL":
            for t in r["missed"]:
                print(f"    missed: {t}")
            for t in r["false"]:
                print(f"    false:  {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
