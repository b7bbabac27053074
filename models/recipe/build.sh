#!/usr/bin/env bash
# Målkoll's Swedish pipeline, reproducible recipe:
#   convert (CoNLL-U -> DocBin) -> silver (efselab tags on raw text) -> train
#   -> package (models/sv_malkoll) -> evaluate.
#
# Needs: pip install -e ".[models]" (spacy, simplemma, spacy-lookups-data, pefselab); pefselab with
# its models built once:
#   python -c "from pefselab.train_swe_pipeline import create_pipeline; create_pipeline()"
# Data: shipped in the repository (models/recipe/data: UD treebanks, NER corpus;
# models/kolada/kpis.jsonl: Kolada texts), or another folder of the same layout in MALKOLL_DATA.
# Work files go to a fresh temporary directory (or WORK=...), never the repo.
# Wall time: silver ~2 min, remnant ~1 min, training 20-60 min depending on how
# busy the machine is (one thread; about 5000 steps).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${MALKOLL_DATA:-$REPO/models/recipe/data}"
KPIS="$REPO/models/kolada/kpis.jsonl"
WORK="${WORK:-$(mktemp -d /tmp/malkoll-sv-build.XXXXXX)}"
RECIPE="$REPO/models/recipe"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "work dir: $WORK"
cd "$WORK"

# 1. convert: Talbanken dev + PUD -> train/dev; Talbanken test -> evaluation only
python "$RECIPE/convert.py" --ud-dir "$DATA/ud" --out corpus

# 2. silver: efselab tags on all Kolada KPI texts + all NER corpus sentences (~400k tokens),
#    UPOS, lemma and features mapped to current Talbanken conventions with tables
#    learned from the gold training split
cat "$DATA/ner/swedish-ner-corpus/train_corpus.txt" "$DATA/ner/swedish-ner-corpus/test_corpus.txt" > ner_all.txt
python "$RECIPE/silver.py" --kolada "$KPIS" --ner ner_all.txt \
    --gold-train corpus/gold-train.spacy --out corpus/silver.spacy --max-tokens 10000000

# 2b. Talbanken train remnant: human UPOS of Talbanken train (from pefselab's
#     sv-ud-train.tab, forms regenerated), ~28k tokens in 2,154 sentences
python "$RECIPE/talbanken_remnant.py" --gold-train corpus/gold-train.spacy \
    --out corpus/talbanken-remnant.spacy \
    --freq "$DATA/ner/swedish-ner-corpus/train_corpus.txt" "$DATA/ner/swedish-ner-corpus/test_corpus.txt" \
           "$KPIS" "$DATA/ud/UD_Swedish-Talbanken/sv_talbanken-ud-dev.conllu" \
           "$DATA/ud/UD_Swedish-PUD/sv_pud-ud-test.conllu"

# weights: gold 4x, remnant 2x, silver 1x
mkdir -p corpus/train
cp corpus/silver.spacy corpus/train/
for i in 1 2; do cp corpus/talbanken-remnant.spacy "corpus/train/talbanken-remnant-$i.spacy"; done
for i in 1 2 3 4; do cp corpus/gold-train.spacy "corpus/train/gold-train-$i.spacy"; done

# 3. train (seed 0, 5000 steps max)
python -m spacy train "$RECIPE/config.cfg" -o training \
    --paths.train corpus/train --paths.dev corpus/gold-dev.spacy

# 4. package into the repository
python "$RECIPE/package.py" --trained training/model-best --out "$REPO/models/sv_malkoll" \
    --train-dir corpus/train --fallback compound

# 5. evaluate (Talbanken test + goal gold set + speed)
cd "$REPO"
python -c "from malkoll.models.evaluate import evaluate_command; evaluate_command(talbanken=__import__('pathlib').Path('$DATA/ud/UD_Swedish-Talbanken/sv_talbanken-ud-test.conllu'))"
