"""Step 1 of the recipe: CoNLL-U -> spaCy DocBin.

Only data that may be redistributed with the project is used for the default
model: UD Swedish-Talbanken *dev* and UD Swedish-PUD (both CC BY-SA 4.0).
UD Swedish-LinES (CC BY-NC-SA) is never read here. Talbanken *test* is only
converted as an evaluation file (``talbanken-test.spacy``), never trained on.

Split used for training:
  train = Talbanken dev sentences 1-404 + PUD sentences 1-900
  dev   = Talbanken dev sentences 405-504 + PUD sentences 901-1000
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spacy.tokens import DocBin
from spacy.training.converters import conllu_to_docs

UD = Path(__file__).resolve().parent / "data" / "ud"
TALBANKEN_DEV = "UD_Swedish-Talbanken/sv_talbanken-ud-dev.conllu"
TALBANKEN_TEST = "UD_Swedish-Talbanken/sv_talbanken-ud-test.conllu"
PUD = "UD_Swedish-PUD/sv_pud-ud-test.conllu"


def read_sentences(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").strip()
    return [s for s in text.split("\n\n") if s.strip()]


def to_docbin(sentences: list[str], n_sents: int = 10) -> DocBin:
    db = DocBin(store_user_data=False)
    conllu = "\n\n".join(sentences) + "\n\n"
    for doc in conllu_to_docs(conllu, n_sents=n_sents, merge_subtokens=True, no_print=True):
        db.add(doc)
    return db


def main(ud_dir: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    tb = read_sentences(ud_dir / TALBANKEN_DEV)
    pud = read_sentences(ud_dir / PUD)
    train = tb[:404] + pud[:900]
    dev = tb[404:] + pud[900:]
    to_docbin(train).to_disk(out_dir / "gold-train.spacy")
    to_docbin(dev).to_disk(out_dir / "gold-dev.spacy")
    test = read_sentences(ud_dir / TALBANKEN_TEST)
    to_docbin(test).to_disk(out_dir / "talbanken-test.spacy")
    print(f"train {len(train)} sents, dev {len(dev)} sents, talbanken test {len(test)} sents -> {out_dir}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ud-dir", type=Path, default=UD)
    ap.add_argument("--out", type=Path, default=Path("corpus"))
    a = ap.parse_args()
    main(a.ud_dir, a.out)
