"""``malkoll models ...``: commands for the shipped Swedish pipeline.

Mounted by the main CLI with ``app.add_typer(models_app, name="models")``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    help="Svensk språkmodell: utvärdering och information (Swedish pipeline: evaluation and info).",
    no_args_is_help=True,
)


@app.command("evaluate")
def evaluate(
    talbanken: Annotated[
        Optional[Path],
        typer.Option(help="UD Swedish-Talbanken test (CoNLL-U); standard: models/recipe/data/ud/... eller MALKOLL_TALBANKEN_TEST"),
    ] = None,
    goal_gold: Annotated[
        Optional[Path], typer.Option(help="Guldstandard för måltexter (CoNLL-U); standard: corpus/pos/goal_gold.conllu")
    ] = None,
    limit: Annotated[Optional[int], typer.Option(help="Bara de första N meningarna / only the first N sentences")] = None,
    engine: Annotated[str, typer.Option(help='"default" (den levererade modellen) eller sökväg till en spaCy-pipeline')] = "default",
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON")] = False,
) -> None:
    """Mät UPOS, morfologi, lemma, UAS/LAS på Talbanken test och UPOS/lemma på målguldet, samt hastighet och laddningstid."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from malkoll.models.evaluate import GOAL_GOLD, evaluate as run, format_result

    load = None
    if engine != "default":
        import spacy

        import malkoll.models.components  # noqa: F401  (registers components)

        def load():
            return spacy.load(engine)

    res = run(load=load, talbanken=talbanken, goal_gold=goal_gold or GOAL_GOLD, limit=limit)
    if as_json:
        typer.echo(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_result(res))


@app.command("info")
def info() -> None:
    """Visa var modellen ligger och vad den innehåller / where the pipeline is and what it holds."""
    from malkoll.models import PIPELINE_DIR, load_sv_pipeline

    nlp = load_sv_pipeline()
    typer.echo(f"{nlp.meta.get('name')} {nlp.meta.get('version')}  ({PIPELINE_DIR})")
    typer.echo("Komponenter / components: " + ", ".join(nlp.pipe_names))
    typer.echo("Licens / licence: " + str(nlp.meta.get("license")))


def evaluate_command(**kwargs) -> dict:
    """Programmatic entry point (same as ``malkoll models evaluate``)."""
    from malkoll.models.evaluate import evaluate_command as _ec

    return _ec(**kwargs)
