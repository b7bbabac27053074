"""Step 2 of the recipe: silver training data tagged by efselab (pefselab).

Raw text (not shipped; only the model weights trained on it are):
  * Kolada KPI titles and descriptions (public data of RKA's open database)
  * sentences of the Swedish NER corpus (Webbnyheter 2012, CC BY 4.0)

Each sentence is tokenized with the Målkoll tokenizer (spaCy Swedish plus the
extra abbreviations in ``models/components.py``) and tagged with efselab's
SUC tagger, SALDO lemmatizer and SUC->UD tagger (``pefselab_component``).
efselab follows an older UD Swedish convention in places (lemma "det" for
"det", "sin" for "sin", PART/ADV for "inte", CCONJ/SCONJ for "som" ...).
Those are corrected with tables learned from the *gold training split only*
(Talbanken dev 1-404 + PUD 1-900): for a (lower-case form, efselab tag)
pair seen at least 3 times in gold with one dominant gold answer (>= 80 %),
the gold answer replaces efselab's. UD features are mapped the same way
(``learn_feature_corrections``). No dependency trees: the parser is
trained on gold only (silver Docs have no heads, which spaCy treats as
missing annotation).

The tagging is done once at build time; efselab (GPL-3) is not needed to
run Målkoll. Its output is data, not a derivative of its code.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from components import add_tokenizer_exceptions  # noqa: E402
from pefselab_component import tag_tokens  # noqa: E402


def kolada_sentences(path: Path) -> list[str]:
    out = []
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        for field in ("title", "description"):
            t = (d.get(field) or "").strip()
            if t:
                out.append(t)
    return out


def ner_sentences(path: Path) -> list[str]:
    out, cur = [], []
    for line in path.open(encoding="utf-8"):
        parts = line.split()
        if not parts:
            if cur:
                out.append(" ".join(cur))
            cur = []
            continue
        cur.append(parts[0])
    if cur:
        out.append(" ".join(cur))
    return out


def learn_corrections(gold_path: Path, nlp) -> tuple[dict, dict]:
    """Tables (form_lower, efselab value) -> gold value from the gold train split."""
    db = DocBin().from_disk(gold_path)
    pos_c: dict = defaultdict(Counter)
    lem_c: dict = defaultdict(Counter)
    for doc in db.get_docs(nlp.vocab):
        for sent in doc.sents:
            toks = [t for t in sent]
            tags = tag_tokens([t.text for t in toks])
            for t, (_suc, upos, _feats, lemma) in zip(toks, tags):
                pos_c[(t.lower_, upos)][t.pos_] += 1
                lem_c[(t.lower_, t.pos_, lemma)][t.lemma_ if t.pos_ == "PROPN" else t.lemma_.lower()] += 1

    def table(counts: dict) -> dict:
        out = {}
        for key, c in counts.items():
            total = sum(c.values())
            best, n = c.most_common(1)[0]
            if total >= 3 and n / total >= 0.8 and best != key[-1]:
                out[key] = best
        return out

    return table(pos_c), table(lem_c)


def learn_feature_corrections(gold_path: Path, nlp) -> dict:
    """UD features: efselab maps SUC morphology to UD features in an older way
    (no PronType, NumType, Degree on many words ...). Learn, from the gold
    training split, (form, UPOS, efselab feats) -> gold feats and, as a general
    rule, (UPOS, efselab feats) -> gold feats."""
    db = DocBin().from_disk(gold_path)
    by_form: dict = defaultdict(Counter)
    by_pos: dict = defaultdict(Counter)
    for doc in db.get_docs(nlp.vocab):
        for sent in doc.sents:
            toks = [t for t in sent]
            tags = tag_tokens([t.text for t in toks])
            for t, (_suc, _upos, feats, _lemma) in zip(toks, tags):
                gold = str(t.morph)
                by_form[(t.lower_, t.pos_, feats)][gold] += 1
                by_pos[(t.pos_, feats)][gold] += 1
    out: dict = {}
    for counts, min_n, min_share in ((by_pos, 5, 0.7), (by_form, 3, 0.8)):
        for key, c in counts.items():
            total = sum(c.values())
            best, n = c.most_common(1)[0]
            if total >= min_n and n / total >= min_share:
                out[key] = best
    return out


def fix_feats(table: dict, form_lower: str, upos: str, feats: str) -> str:
    return table.get((form_lower, upos, feats), table.get((upos, feats), feats))


def main(kolada: Path, ner: Path, gold_train: Path, out: Path, max_tokens: int, seed: int) -> None:
    nlp = spacy.blank("sv")
    add_tokenizer_exceptions(nlp)
    pos_fix, lem_fix = learn_corrections(gold_train, nlp)
    feat_fix = learn_feature_corrections(gold_train, nlp)
    print(f"correction tables: {len(pos_fix)} UPOS, {len(lem_fix)} lemma, {len(feat_fix)} feature entries")
    for k, v in sorted(pos_fix.items())[:40]:
        print("  pos", k, "->", v)
    for k, v in sorted(lem_fix.items())[:40]:
        print("  lemma", k, "->", v)

    senter = spacy.blank("sv")
    add_tokenizer_exceptions(senter)
    senter.add_pipe("sentencizer")
    raw: list[str] = []
    seen: set[str] = set()
    for text in kolada_sentences(kolada):
        for s in senter(text).sents:
            st = s.text.strip()
            if len(s) >= 3 and st not in seen:
                seen.add(st)
                raw.append(st)
    n_kolada = len(raw)
    for st in ner_sentences(ner):
        st = re.sub(r"\s+([.,;:!?)])", r"\1", st)
        st = re.sub(r"([(])\s+", r"\1", st)
        st = st.replace("\u00ad", "")
        if st not in seen and len(st.split()) >= 3:
            seen.add(st)
            raw.append(st)
    rng = random.Random(seed)
    kol, news = raw[:n_kolada], raw[n_kolada:]
    rng.shuffle(kol)
    rng.shuffle(news)
    # about 60 % municipal (Kolada) text, 40 % news text
    picked, n_tok = [], 0
    ki = ni = 0
    while n_tok < max_tokens and (ki < len(kol) or ni < len(news)):
        take_k = ki < len(kol) and (n_tok == 0 or ni >= len(news) or rng.random() < 0.6)
        s = kol[ki] if take_k else news[ni]
        if take_k:
            ki += 1
        else:
            ni += 1
        picked.append(s)
        n_tok += len(s.split())
    db = DocBin(store_user_data=False)
    n_pos_fixed = n_lem_fixed = n_words = 0
    for text in picked:
        doc = nlp.make_doc(text)
        words = [t.text for t in doc if not t.is_space]
        if not words or len(words) > 120:
            continue
        tags = tag_tokens(words)
        spaces = [bool(t.whitespace_) for t in doc if not t.is_space]
        out_doc = Doc(nlp.vocab, words=words, spaces=spaces)
        for tok, (suc, upos, feats, lemma) in zip(out_doc, tags):
            key = (tok.lower_, upos)
            if key in pos_fix:
                upos = pos_fix[key]
                n_pos_fixed += 1
            lkey = (tok.lower_, upos, lemma)
            if lkey in lem_fix:
                lemma = lem_fix[lkey]
                n_lem_fixed += 1
            feats = fix_feats(feat_fix, tok.lower_, upos, feats)
            tok.tag_ = suc
            tok.pos_ = upos
            tok.set_morph(feats or None)
            tok.lemma_ = lemma
            n_words += 1
        db.add(out_doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(out)
    print(f"silver: {len(db)} sentences, {n_words} tokens ({ki} Kolada, {ni} news); "
          f"{n_pos_fixed} UPOS and {n_lem_fixed} lemmas corrected -> {out}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kolada", type=Path, default=Path(__file__).resolve().parents[1] / "kolada" / "kpis.jsonl")
    ap.add_argument("--ner", type=Path, default=Path(__file__).resolve().parent / "data" / "ner" / "swedish-ner-corpus" / "train_corpus.txt")
    ap.add_argument("--gold-train", type=Path, default=Path("corpus/gold-train.spacy"))
    ap.add_argument("--out", type=Path, default=Path("corpus/silver.spacy"))
    ap.add_argument("--max-tokens", type=int, default=150_000)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    main(a.kolada, a.ner, a.gold_train, a.out, a.max_tokens, a.seed)
