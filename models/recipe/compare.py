"""Measure the alternatives side by side (numbers in MODEL_CARD.md).

Engines:
  trained        the packaged pipeline (models/sv_malkoll or --pipeline)
  trained+X      the same with the lemma fallback switched to X (none/simplemma/lookups)
  pefselab       efselab's SUC tagger + SALDO lemmatizer + SUC->UD tagger as a spaCy component
  pefselab+tables  pefselab with the convention tables learned from the gold training split
  hybrid         trained pipeline, but lemma from pefselab(+tables) (a "combine" option)
  simplemma      lemma only: simplemma on the lower-cased form (UPOS from nothing)
  lookups        lemma only: spacy-lookups-data sv_lemma_lookup on the lower-cased form

All on gold tokenization. Run from the build work dir (needs corpus/gold-train.spacy
for the convention tables):
    python models/recipe/compare.py --pipeline models/sv_malkoll --talbanken .../sv_talbanken-ud-test.conllu
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

import components  # noqa: E402,F401
import evaluate as ev  # noqa: E402


def lemma_only(sents, fn) -> dict:
    n = ok = ok_ci = 0
    for s in sents:
        for t in s.tokens:
            n += 1
            lem = fn(t.form)
            ok += lem == t.lemma
            ok_ci += lem.lower() == t.lemma.lower()
    return {"tokens": n, "lemma": ok / n, "lemma_ci": ok_ci / n}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipeline", type=Path, default=HERE.parent / "sv_malkoll")
    ap.add_argument("--talbanken", type=Path, required=True)
    ap.add_argument("--goal-gold", type=Path, default=ev.GOAL_GOLD)
    ap.add_argument("--gold-train", type=Path, default=Path("corpus/gold-train.spacy"))
    ap.add_argument("--engines", default="trained,trained+none,trained+lookups,pefselab,pefselab+tables,hybrid,simplemma,lookups")
    a = ap.parse_args()
    tb = ev.read_conllu(a.talbanken)
    gg = ev.read_conllu(a.goal_gold)
    texts = [s.text for s in tb]
    results = {}
    for engine in a.engines.split(","):
        t0 = time.perf_counter()
        if engine.startswith("trained"):
            nlp = spacy.load(a.pipeline)
            if "+" in engine:
                nlp.get_pipe("malkoll_lemma_fix").fallback = engine.split("+")[1]
        elif engine.startswith("pefselab") or engine == "hybrid":
            import pefselab_component as pc
            import silver

            pc._models()
            tables = None
            if engine != "pefselab":
                blank = spacy.blank("sv")
                tables = silver.learn_corrections(a.gold_train, blank)

            @Language.component(f"pefs_{engine.replace('+', '_')}")
            def pefs(doc: Doc, _tables=tables, _keep_pos=(engine == "hybrid")) -> Doc:
                words = [t.text for t in doc]
                for tok, (suc, upos, feats, lemma) in zip(doc, pc.tag_tokens(words)):
                    if _tables:
                        upos2 = _tables[0].get((tok.lower_, upos), upos)
                        lemma = _tables[1].get((tok.lower_, upos2, lemma), lemma)
                        upos = upos2
                    if not _keep_pos:
                        tok.pos_ = upos
                        tok.set_morph(feats or None)
                    tok.lemma_ = lemma if (tok.pos_ if _keep_pos else upos) == "PROPN" else lemma.lower()
                return doc

            if engine == "hybrid":
                nlp = spacy.load(a.pipeline)
                nlp.add_pipe(f"pefs_{engine.replace('+', '_')}", after="malkoll_lemma_fix")
            else:
                nlp = spacy.blank("sv")
                nlp.add_pipe(f"pefs_{engine.replace('+', '_')}")
        elif engine == "simplemma":
            import simplemma

            results[engine] = {
                "talbanken_test": lemma_only(tb, lambda f: simplemma.lemmatize(f.lower(), lang="sv")),
                "goal_gold": lemma_only(gg, lambda f: simplemma.lemmatize(f.lower(), lang="sv")),
            }
            print(engine, json.dumps(results[engine]), flush=True)
            continue
        elif engine == "lookups":
            from importlib import resources

            p = resources.files("spacy_lookups_data") / "data" / "sv_lemma_lookup.json.gz"
            table = json.load(gzip.open(str(p), "rt", encoding="utf-8"))
            results[engine] = {
                "talbanken_test": lemma_only(tb, lambda f: table.get(f.lower(), f.lower())),
                "goal_gold": lemma_only(gg, lambda f: table.get(f.lower(), f.lower())),
            }
            print(engine, json.dumps(results[engine]), flush=True)
            continue
        else:
            raise SystemExit(f"unknown engine {engine}")
        load_s = time.perf_counter() - t0
        r = {
            "load_seconds": load_s,
            "talbanken_test": ev.score(nlp, tb, parse=engine.startswith("trained") or engine == "hybrid"),
            "goal_gold": ev.score(nlp, gg, parse=False),
            "words_per_second": ev.speed(nlp, texts),
        }
        results[engine] = r
        print(engine, json.dumps(r), flush=True)
    Path("compare.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
