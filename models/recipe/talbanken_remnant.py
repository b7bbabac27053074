"""Optional recipe step: recover word forms of the Talbanken *train* split from pefselab.

The Talbanken train split itself is not in the shared data. The pefselab wheel,
however, ships ``data/sv-ud-train.tab``: for each token of (an early UD 2
release of) UD Swedish-Talbanken train its lemma, SUC tag, SUC morphology and
UPOS -- without the word form. Talbanken is CC BY-SA 4.0, so the annotation may
be reused with attribution.

This step regenerates the form from (lemma, SUC morphology) with the inverted
SALDO/SUC form table that efselab uses (``suc-saldo.lemmas``) plus a table for
the pronouns and determiners whose old Talbanken lemmas are not SALDO's
(``den`` for "det", ``en`` for "den/de" ...). A sentence is kept only when every
token gets a form. The human UPOS is kept and mapped to the current Talbanken
conventions with the same (form, tag) tables as the silver data (e.g. "inte"
ADV -> PART, relative "som" -> PRON). Features and lemmas come from efselab
(+ tables), like the silver data, because the old treebank's lemma and feature
conventions differ from the current ones.

Output: a DocBin of sentences with human UPOS, no dependency trees.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

# (old Talbanken lemma, SUC morphology) -> form, for closed classes
CLOSED = {
    ("en", "DT|UTR|SIN|IND"): "en", ("en", "DT|NEU|SIN|IND"): "ett", ("en", "DT|UTR|SIN|DEF"): "den",
    ("en", "DT|NEU|SIN|DEF"): "det", ("en", "DT|UTR/NEU|PLU|DEF"): "de",
    ("den", "PN|NEU|SIN|DEF|SUB/OBJ"): "det", ("den", "PN|UTR|SIN|DEF|SUB/OBJ"): "den",
    ("den", "PS|UTR/NEU|SIN/PLU|DEF"): "dess", ("de", "PS|UTR/NEU|SIN/PLU|DEF"): "deras",
    ("de", "PN|UTR/NEU|PLU|DEF|SUB"): "de", ("de", "PN|UTR/NEU|PLU|DEF|OBJ"): "dem",
    ("man", "PN|UTR|SIN|IND|SUB"): "man", ("man", "PN|UTR|SIN|IND|SUB/OBJ"): "man",
    ("sig", "PN|UTR/NEU|SIN/PLU|DEF|OBJ"): "sig", ("sig", "PS|UTR|SIN|DEF"): "sin",
    ("sig", "PS|NEU|SIN|DEF"): "sitt", ("sig", "PS|UTR/NEU|PLU|DEF"): "sina",
    ("du", "PN|UTR|SIN|DEF|SUB"): "du", ("du", "PN|UTR|SIN|DEF|OBJ"): "dig",
    ("du", "PS|UTR|SIN|DEF"): "din", ("du", "PS|NEU|SIN|DEF"): "ditt", ("du", "PS|UTR/NEU|PLU|DEF"): "dina",
    ("vi", "PN|UTR|PLU|DEF|SUB"): "vi", ("vi", "PN|UTR|PLU|DEF|OBJ"): "oss",
    ("vi", "PS|UTR|SIN|DEF"): "vår", ("vi", "PS|NEU|SIN|DEF"): "vårt", ("vi", "PS|UTR/NEU|PLU|DEF"): "våra",
    ("jag", "PN|UTR|SIN|DEF|SUB"): "jag", ("jag", "PN|UTR|SIN|DEF|OBJ"): "mig",
    ("jag", "PS|UTR|SIN|DEF"): "min", ("jag", "PS|NEU|SIN|DEF"): "mitt", ("jag", "PS|UTR/NEU|PLU|DEF"): "mina",
    ("han", "PN|UTR|SIN|DEF|SUB"): "han", ("han", "PN|UTR|SIN|DEF|OBJ"): "honom",
    ("han", "PS|UTR/NEU|SIN/PLU|DEF"): "hans", ("hon", "PN|UTR|SIN|DEF|SUB"): "hon",
    ("hon", "PN|UTR|SIN|DEF|OBJ"): "henne", ("hon", "PS|UTR/NEU|SIN/PLU|DEF"): "hennes",
    ("ni", "PN|UTR|SIN|DEF|SUB"): "ni", ("ni", "PN|UTR|PLU|DEF|SUB"): "ni", ("ni", "PN|UTR|PLU|DEF|OBJ"): "er",
    ("denna", "PN|NEU|SIN|DEF|SUB/OBJ"): "detta", ("denna", "DT|UTR|SIN|DEF"): "denna",
    ("denna", "DT|UTR/NEU|PLU|DEF"): "dessa", ("denna", "DT|NEU|SIN|DEF"): "detta",
    ("denna", "PN|UTR/NEU|PLU|DEF|SUB/OBJ"): "dessa", ("denna", "PN|UTR|SIN|DEF|SUB/OBJ"): "denna",
    ("varje", "DT|UTR/NEU|SIN|IND"): "varje", ("all", "DT|UTR/NEU|PLU|IND/DEF"): "alla",
    ("all", "PN|UTR/NEU|PLU|IND|SUB/OBJ"): "alla", ("all", "DT|NEU|SIN|IND/DEF"): "allt",
    ("all", "PN|NEU|SIN|IND|SUB/OBJ"): "allt", ("all", "DT|UTR|SIN|IND/DEF"): "all",
    ("samma", "DT|UTR/NEU|SIN/PLU|IND"): "samma", ("någon", "DT|UTR|SIN|IND"): "någon",
    ("någon", "DT|UTR/NEU|PLU|IND"): "några", ("någon", "DT|NEU|SIN|IND"): "något",
    ("någon", "PN|NEU|SIN|IND|SUB/OBJ"): "något", ("någon", "PN|UTR|SIN|IND|SUB/OBJ"): "någon",
    ("någon", "PN|UTR/NEU|PLU|IND|SUB/OBJ"): "några",
    ("ingen", "DT|UTR|SIN|IND"): "ingen", ("ingen", "DT|NEU|SIN|IND"): "inget",
    ("ingen", "DT|UTR/NEU|PLU|IND"): "inga", ("ingen", "PN|NEU|SIN|IND|SUB/OBJ"): "inget",
    ("ingen", "PN|UTR|SIN|IND|SUB/OBJ"): "ingen",
    ("vilken", "HD|UTR/NEU|PLU|IND"): "vilka", ("vilken", "HD|UTR|SIN|IND"): "vilken",
    ("vilken", "HD|NEU|SIN|IND"): "vilket", ("vilken", "HP|NEU|SIN|IND"): "vilket",
    ("vilken", "HP|UTR/NEU|PLU|IND"): "vilka", ("vilken", "HP|UTR|SIN|IND"): "vilken",
    ("varandra", "PN|UTR/NEU|PLU|DEF|OBJ"): "varandra", ("mången", "PN|UTR/NEU|PLU|IND|SUB/OBJ"): "många",
    ("mången", "JJ|SUV|UTR/NEU|PLU|DEF|NOM"): "flesta", ("många", "JJ|POS|UTR/NEU|PLU|IND/DEF|NOM"): "många",
    ("annan", "PN|UTR/NEU|PLU|IND|SUB/OBJ"): "andra", ("var", "PN|UTR|SIN|IND|SUB/OBJ"): "var",
    ("vad", "HP|NEU|SIN|IND"): "vad", ("som", "HP|-|-|-"): "som",
    ("tidig", "AB|KOM"): "tidigare", ("lite", "AB|KOM"): "mindre", ("bli", "VB|SUP|AKT"): "blivit",
    ("bra", "JJ|KOM|UTR/NEU|SIN/PLU|IND/DEF|NOM"): "bättre", ("en", "RG|NEU|SIN|IND|NOM"): "ett",
    ("sån", "JJ|POS|UTR|SIN|IND|NOM"): "sån", ("sån", "JJ|POS|UTR/NEU|PLU|IND|NOM"): "såna",
}
UNINFLECTED = {"AB", "PP", "KN", "SN", "IE", "MAD", "MID", "PAD", "HA", "IN", "PL", "UO", "PM"}


def read_tab(path: Path) -> list[list[list[str]]]:
    sents, cur = [], []
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if cur:
                sents.append(cur)
            cur = []
            continue
        cur.append(line.split("\t"))
    if cur:
        sents.append(cur)
    return sents


def word_frequencies(paths: list[Path]) -> Counter:
    """Lower-cased word counts of raw Swedish text, to prefer common over archaic forms."""
    freq: Counter = Counter()
    for path in paths:
        if not path.exists():
            continue
        for line in path.open(encoding="utf-8"):
            if path.suffix == ".conllu":
                cols = line.split("\t")
                if len(cols) > 2 and cols[0].isdigit():
                    freq[cols[1].lower()] += 1
            else:
                for w in line.replace('"', " ").split():
                    freq[w.strip(".,:;()").lower()] += 1
    return freq


def main(tab: Path, lemmas: Path, gold_train: Path, out: Path, freq_files: list[Path]) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin

    import silver
    from pefselab_component import tag_tokens

    freq = word_frequencies(freq_files)
    inv: dict = defaultdict(Counter)
    for line in lemmas.open(encoding="utf-8"):
        p = line.rstrip("\n").split("\t")
        if len(p) == 3:
            inv[(p[1], p[2])][p[0]] = freq.get(p[0].lower(), 0)
    nlp = spacy.blank("sv")
    pos_fix, lem_fix = silver.learn_corrections(gold_train, nlp)
    feat_fix = silver.learn_feature_corrections(gold_train, nlp)
    db = DocBin(store_user_data=False)
    kept = tokens = 0
    sents = read_tab(tab)
    for sent in sents:
        words, upos_h = [], []
        for lemma, suc, msd, upos in sent:
            form = CLOSED.get((lemma, msd))
            if form is None and (lemma, msd) in inv:
                form, n = inv[(lemma, msd)].most_common(1)[0]
                if n == 0 and len(inv[(lemma, msd)]) > 1:
                    form = None  # several candidate forms, none attested: skip the sentence
            if form is None and (suc in UNINFLECTED or "|" not in msd or msd in {"AB|POS", "RG|NOM"}):
                form = lemma
            if form is not None and upos == "PROPN" and form[:1].islower():
                form = form[:1].upper() + form[1:]
            if form is None:
                break
            words.append(form.replace(" ", "_"))
            upos_h.append(upos)
        else:
            if words[0][:1].isalpha() and upos_h[0] != "PROPN":
                words[0] = words[0][:1].upper() + words[0][1:]
            tags = tag_tokens(words)
            doc = Doc(nlp.vocab, words=words)
            for tok, human, (suc, upos_e, feats, lemma) in zip(doc, upos_h, tags):
                upos = pos_fix.get((tok.lower_, human), human)
                lemma = lem_fix.get((tok.lower_, upos, lemma), lemma)
                feats = silver.fix_feats(feat_fix, tok.lower_, upos, feats)
                tok.tag_ = suc
                tok.pos_ = upos
                tok.set_morph(feats or None)
                tok.lemma_ = lemma if upos == "PROPN" else lemma.lower()
            db.add(doc)
            kept += 1
            tokens += len(doc)
    db.to_disk(out)
    print(f"talbanken remnant: kept {kept}/{len(sents)} sentences, {tokens} tokens -> {out}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tab", type=Path, default=None)
    ap.add_argument("--lemmas", type=Path, default=None)
    ap.add_argument("--gold-train", type=Path, default=Path("corpus/gold-train.spacy"))
    ap.add_argument("--out", type=Path, default=Path("corpus/talbanken-remnant.spacy"))
    ap.add_argument("--freq", type=Path, nargs="*", default=[],
                    help="raw text / CoNLL-U files for word frequencies (NER corpus, Kolada text, Talbanken dev, PUD)")
    a = ap.parse_args()
    if a.tab is None:
        import pefselab

        a.tab = Path(pefselab.__file__).parent / "data" / "sv-ud-train.tab"
    if a.lemmas is None:
        from pefselab.tools import get_data_dir

        a.lemmas = get_data_dir() / "models" / "suc-saldo.lemmas"
    main(a.tab, a.lemmas, a.gold_train, a.out, a.freq)
