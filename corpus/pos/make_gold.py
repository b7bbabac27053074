"""How ``goal_gold.conllu`` was made (build-time only; needs pefselab and its models).

1. ``draft``: split the goals-dev texts into sentences (at ". " + capital letter),
   add ``own_sentences.txt``, tokenize with Målkoll's tokenizer and pre-tag with
   efselab (SUC tagger, SALDO lemmatizer, SUC->UD tagger) plus the correction
   tables learned from the gold training split (``models/recipe/silver.py``).
2. Every token was then checked by hand against UD Swedish-Talbanken
   conventions; the changes are ``corrections.tsv`` (sent_id, token number,
   UPOS, lemma).
3. ``apply``: draft + corrections -> ``goal_gold.conllu`` (lemmas of words other
   than proper nouns lower-cased, XPOS dropped).

    python corpus/pos/make_gold.py draft --gold-train /tmp/build/corpus/gold-train.spacy
    python corpus/pos/make_gold.py apply
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
HEADER = [
    "# Målkoll goal gold set: UPOS and LEMMA for every token (UD Swedish / Talbanken conventions).",
    "# Sentences with sent_id dev-Dnnn-k are texts of goals-dev (goals.jsonl, id Dnnn, k-th sentence): public municipal decisions.",
    "# Sentences with sent_id own-nnn were written for Målkoll by the language-technology engineer in municipal style.",
    "# Pre-tagged with efselab (pefselab), then every token checked by hand; columns XPOS/FEATS/HEAD/DEPREL are not annotated (_).",
    "",
]


def draft(goals: Path, gold_train: Path, out: Path) -> None:
    sys.path.insert(0, str(REPO / "models" / "recipe"))
    sys.path.insert(0, str(REPO / "models"))
    import spacy
    import silver  # type: ignore
    from components import add_tokenizer_exceptions  # type: ignore
    from pefselab_component import tag_tokens  # type: ignore

    nlp = spacy.blank("sv")
    add_tokenizer_exceptions(nlp)
    pos_fix, lem_fix = silver.learn_corrections(gold_train, nlp)
    items = []
    for line in goals.open(encoding="utf-8"):
        d = json.loads(line)
        parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", d["text"].strip())
        for k, p in enumerate(parts, 1):
            items.append((f"dev-{d['id']}-{k}", "goals-dev " + d["id"], p))
    for i, line in enumerate((HERE / "own_sentences.txt").open(encoding="utf-8"), 1):
        items.append((f"own-{i:03d}", "own", line.strip()))
    with out.open("w", encoding="utf-8") as fh:
        for sid, src, text in items:
            doc = nlp.make_doc(text)
            words = [t for t in doc if not t.is_space]
            tags = tag_tokens([t.text for t in words])
            fh.write(f"# sent_id = {sid}\n# source = {src}\n# text = {text}\n")
            for j, (t, (suc, upos, _feats, lemma)) in enumerate(zip(words, tags), 1):
                upos = pos_fix.get((t.lower_, upos), upos)
                lemma = lem_fix.get((t.lower_, upos, lemma), lemma)
                misc = "_" if t.whitespace_ else "SpaceAfter=No"
                fh.write(f"{j}\t{t.text}\t{lemma}\t{upos}\t{suc}\t_\t_\t_\t_\t{misc}\n")
            fh.write("\n")
    print(f"{len(items)} sentences -> {out}")


def apply(draft_path: Path, corrections: Path, out: Path) -> None:
    corr = {}
    for row in corrections.open(encoding="utf-8"):
        if row.strip() and not row.startswith("#"):
            sid, i, upos, lemma = row.rstrip("\n").split("\t")
            corr[(sid, int(i))] = (upos, lemma)
    lines = list(HEADER)
    sid = None
    for line in draft_path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# sent_id"):
            sid = line.split("= ", 1)[1]
        if line.startswith("#") or not line:
            lines.append(line)
            continue
        c = line.split("\t")
        if (sid, int(c[0])) in corr:
            c[3], c[2] = corr[(sid, int(c[0]))]
        if c[3] != "PROPN":
            c[2] = c[2].lower()
        c[4] = "_"
        lines.append("\t".join(c))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {out}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("step", choices=["draft", "apply"])
    ap.add_argument("--goals", type=Path, default=REPO.parent / "shared/data/goals-dev/goals.jsonl")
    ap.add_argument("--gold-train", type=Path, default=Path("corpus/gold-train.spacy"))
    ap.add_argument("--draft", type=Path, default=HERE / "goal_gold.draft.conllu")
    ap.add_argument("--out", type=Path, default=HERE / "goal_gold.conllu")
    a = ap.parse_args()
    if a.step == "draft":
        draft(a.goals, a.gold_train, a.draft)
    else:
        apply(a.draft, HERE / "corrections.tsv", a.out)
