#!/usr/bin/env bash
# Målkoll's Swedish pipeline, reproducible recipe:
#   convert (CoNLL-U -> DocBin) -> silver (efselab tags on raw text) -> train
#   -> package (models/sv_malkoll) -> evaluate.
#
# Needs: spacy==3.8.18, simplemma==2.0.0, and for the silver step pefselab with
# its models built once:
#   python -c "from pefselab.train_swe_pipeline import create_pipeline; create_pipeline()"
# Data: the shared data folder (UD treebanks, NER corpus, Kolada catalogue),
# default ../shared/data next to the repository, or MALKOLL_SHARED_DATA.
# Work files go to a fresh temporary directory (or WORK=...), never the repo.
# Wall time on one busy core: about 25 minutes (training ~20).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${MALKOLL_SHARED_DATA:-$REPO/../shared/data}"
WORK="${WORK:-$(mktemp -d /tmp/malkoll-sv-build.XXXXXX)}"
RECIPE="$REPO/models/recipe"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
echo "work dir: $WORK"
cd "$WORK"

# 1. convert: Talbanken dev + PUD -> train/dev; Talbanken test -> evaluation only
python "$RECIPE/convert.py" --ud-dir "$DATA/ud" --out corpus

# 2. silver: efselab tags on Kolada KPI texts + NER corpus sentences (~175k tokens)
python "$RECIPE/silver.py" --kolada "$DATA/kolada/kpis.jsonl" \
    --ner "$DATA/ner/swedish-ner-corpus/train_corpus.txt" \
    --gold-train corpus/gold-train.spacy --out corpus/silver.spacy --max-tokens 150000

# gold is up-weighted 3x against silver
mkdir -p corpus/train
cp corpus/silver.spacy corpus/train/
for i in 1 2 3; do cp corpus/gold-train.spacy "corpus/train/gold-train-$i.spacy"; done

# 3. train (seed 0, 8000 steps max)
python -m spacy train "$RECIPE/config.cfg" -o training \
    --paths.train corpus/train --paths.dev corpus/gold-dev.spacy

# 4. package into the repository
python "$RECIPE/package.py" --trained training/model-best --out "$REPO/models/sv_malkoll" \
    --train-dir corpus/train --fallback simplemma

# 5. evaluate (Talbanken test + goal gold set + speed)
cd "$REPO"
python -c "from malkoll.models.evaluate import evaluate_command; evaluate_command(talbanken=__import__('pathlib').Path('$DATA/ud/UD_Swedish-Talbanken/sv_talbanken-ud-test.conllu'))"
