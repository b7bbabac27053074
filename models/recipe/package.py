"""Step 4 of the recipe: assemble the shipped pipeline ``models/sv_malkoll``.

Takes the trained spaCy pipeline (``training/model-best``), adds
  * Målkoll's extra abbreviation special cases to the tokenizer,
  * ``malkoll_sentence_fix`` first (marks forbidden sentence starts; the parser respects them),
  * ``malkoll_lemma_fix`` after the lemmatizer (lower-cased lemmas for non-proper nouns,
    compound-suffix lemmas for unknown compounds),
  * ``malkoll_sentence_repair`` last (joins any sentence the parser still cut at a forbidden place),
writes meta data (sources, licence, accuracy) and saves to ``models/sv_malkoll``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from components import add_tokenizer_exceptions  # noqa: E402


def known_forms(train_dir: Path, vocab) -> set[str]:
    from spacy.tokens import DocBin

    forms: set[str] = set()
    for f in sorted(train_dir.glob("*.spacy")):
        for doc in DocBin().from_disk(f).get_docs(vocab):
            forms.update(t.lower_ for t in doc if t.is_alpha)
    return forms


def lemma_table(train_dir: Path, vocab) -> dict:
    """(form, UPOS) -> most frequent lemma of nouns, adjectives and verbs in the training data."""
    from collections import Counter, defaultdict

    from spacy.tokens import DocBin

    counts: dict = defaultdict(Counter)
    for f in sorted(train_dir.glob("*.spacy")):
        for doc in DocBin().from_disk(f).get_docs(vocab):
            for t in doc:
                if t.pos_ in {"NOUN", "ADJ", "VERB"} and t.is_alpha and t.lemma_:
                    counts[(t.lower_, t.pos_)][t.lemma_.lower()] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def main(trained: Path, out: Path, version: str, fallback: str, train_dir: Path) -> None:
    nlp = spacy.load(trained)
    add_tokenizer_exceptions(nlp)
    nlp.add_pipe("malkoll_sentence_fix", first=True)
    fix = nlp.add_pipe("malkoll_lemma_fix", after="trainable_lemmatizer", config={"fallback": fallback})
    # stored always, so the fallback can be switched on in the config later
    fix.known_forms = known_forms(train_dir, nlp.vocab)
    fix.lemma_table = lemma_table(train_dir, nlp.vocab)
    print(f"lemma fallback {fallback!r}; {len(fix.known_forms)} training forms, "
          f"{len(fix.lemma_table)} (form, UPOS) lemmas stored")
    nlp.add_pipe("malkoll_sentence_repair", last=True)
    nlp.meta.update(
        {
            "name": "malkoll",
            "version": version,
            "description": (
                "Målkoll's Swedish pipeline: tokenizer, sentence fix, tok2vec (CNN, no vectors), "
                "morphologizer (UPOS+UD features), edit-tree lemmatizer, dependency parser. "
                "Trained on UD Swedish-Talbanken dev (404 sents) + UD Swedish-PUD (900 sents) "
                "and efselab-tagged silver text (Kolada KPI texts, Swedish NER corpus)."
            ),
            "author": "Målkoll",
            "license": "CC BY-SA 4.0",
            "sources": [
                {"name": "UD Swedish-Talbanken (dev split only)", "license": "CC BY-SA 4.0"},
                {"name": "UD Swedish-PUD", "license": "CC BY-SA 4.0"},
                {"name": "Swedish NER corpus (Webbnyheter 2012), text only, silver-tagged", "license": "CC BY 4.0"},
                {"name": "Kolada KPI catalogue titles/descriptions, text only, silver-tagged", "license": "open data (RKA)"},
                {"name": "efselab/pefselab tagger output used as silver labels", "license": "GPL-3 (tool; its output is data)"},
            ],
        }
    )
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    # trim the training scores (kept in the model card instead)
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.pop("performance", None)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"saved {out} with pipeline {nlp.pipe_names}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--trained", type=Path, default=Path("training/model-best"))
    ap.add_argument("--out", type=Path, default=HERE.parent / "sv_malkoll")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--fallback", choices=["none", "compound", "simplemma", "lookups"], default="compound")
    ap.add_argument("--train-dir", type=Path, default=Path("corpus/train"))
    a = ap.parse_args()
    main(a.trained, a.out, a.version, a.fallback, a.train_dir)
