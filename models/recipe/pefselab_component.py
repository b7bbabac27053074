"""pefselab (efselab's Swedish pipeline, GPL-3) as a spaCy component.

Used by the recipe for two things only:
  * to *measure* efselab against the trained pipeline (evaluate.py --engine pefselab);
  * to tag raw text (silver data) that the default model is trained on.
It is not a run-time dependency of Målkoll. Needs ``pip install pefselab`` and a
one-off build of its models (``python -c "from pefselab.train_swe_pipeline import
create_pipeline; create_pipeline()"``, several minutes of C compilation).

Output per token: SUC tag (token.tag_), UPOS from efselab's SUC->UD tagger
(token.pos_), UD features mapped from the SUC morphology (token.morph) and the
SALDO-based lemma (token.lemma_, lower-cased except for proper nouns).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=1)
def _models():
    from pefselab.lemmatize import SUCLemmatizer
    from pefselab.tagger import SucTagger, UDTagger
    from pefselab.tools import get_data_dir

    d = get_data_dir().joinpath("models")
    suc = SucTagger(d.joinpath("suc.bin"))
    ud = UDTagger(d.joinpath("suc-ud.bin"))
    lem = SUCLemmatizer()
    lem.load(str(d.joinpath("suc-saldo.lemmas")))
    return suc, ud, lem


def tag_tokens(tokens: list[str]) -> list[tuple[str, str, str, str]]:
    """(suc_tag, upos, feats, lemma) for each token of one sentence."""
    suc, ud, lem = _models()
    toks = [t if t.strip() else "_" for t in tokens]
    suc_tags = suc.tag(toks)
    lemmas = [lem.predict(t, tag) for t, tag in zip(toks, suc_tags)]
    ud_tags = ud.tag(toks, lemmas, suc_tags)
    out = []
    for tok, s, u, lemma in zip(toks, suc_tags, ud_tags, lemmas):
        upos, _, feats = u.partition("|")
        if feats == "_":
            feats = ""
        if upos != "PROPN":
            lemma = lemma.lower()
        out.append((s, upos, feats, lemma))
    return out


@Language.component("pefselab_tagger")
def pefselab_tagger(doc: Doc) -> Doc:
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    for sent in sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        for tok, (s, upos, feats, lemma) in zip(words, tag_tokens([t.text for t in words])):
            tok.tag_ = s
            tok.pos_ = upos
            tok.set_morph(feats or None)
            tok.lemma_ = lemma
        for t in sent:
            if t.is_space:
                t.pos_ = "SPACE"
                t.lemma_ = t.text
    return doc
