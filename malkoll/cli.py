"""The `malkoll` command line. Exit codes: 0 nothing at or above --fail-on, 1 findings at or above
it, 2 usage or input error (a one-line message, never a traceback)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from malkoll.config import Config, ConfigError
from malkoll.ingest import InputError

app = typer.Typer(
    name="malkoll", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help="Målkoll granskar svenska måltexter: går målet att följa upp? (Checks Swedish goal texts.)",
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> "typer.Exit":
    typer.echo(f"malkoll: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def load_config(config_path: Optional[Path], start: Optional[Path] = None) -> Config:
    try:
        if config_path is not None:
            return Config.from_toml(config_path)
        from malkoll.config import discover  # provided by the configuration module when present

        return discover(start or Path.cwd())
    except ImportError:
        return Config()
    except ConfigError as exc:
        raise fail(str(exc)) from None


LangOpt = Annotated[Optional[str], typer.Option("--lang", help="sv (standard) eller en")]


@app.command()
def check(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="filer, mappar eller - för standard in")] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help="ett mål som text")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, jsonl, sarif, github, junit …")] = "text",
    lang: LangOpt = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="suggestion, warning, error eller never")] = None,
    level: Annotated[Optional[str], typer.Option("--level", help="vision, overarching, committee, operational …")] = None,
    config_path: Annotated[Optional[Path], typer.Option("--config", help="malkoll.toml")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="skriv resultatet till fil")] = None,
    no_suggestions: Annotated[bool, typer.Option("--no-suggestions", help="hoppa över indikatorer och omskrivning")] = False,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help="färg i textformatet")] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="kör bara dessa regler/dimensioner (ersätter select i konfigurationen)")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="hoppa över dessa regler/dimensioner (utöver konfigurationen)")] = None,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help="inga mål i indata ger slutkod 0 (för pre-commit)")] = False,
) -> None:
    """Granska mål från text, standard in eller filer."""
    import time

    from malkoll import lint
    from malkoll.renderers import streaming

    started = time.perf_counter()
    from malkoll.engine import fails
    from malkoll.ingest import read_sources
    from malkoll.renderers import formats, render
    from malkoll.report import GoalInput
    from malkoll.rules.base import LEVELS, SEVERITIES

    first = Path(inputs[0]) if inputs and inputs[0] != "-" else None
    config = load_config(config_path, start=first.parent if first and first.is_file() else first)
    updates = {}
    if lang:
        if lang not in ("sv", "en"):
            raise fail(f"okänt språk ”{lang}” (sv eller en)")
        updates["lang"] = lang
    if fail_on:
        if fail_on not in SEVERITIES + ("never",):
            raise fail(f"okänd nivå för --fail-on ”{fail_on}” (suggestion, warning, error, never)")
        updates["fail_on"] = fail_on
    if level:
        if level not in LEVELS:
            raise fail(f"okänd nivå ”{level}” ({', '.join(LEVELS)})")
        updates["level"] = level
    if no_suggestions:
        updates["suggestions"] = False
    try:
        if select:
            updates["select"] = lint.rule_option(select)
        if ignore:
            updates["ignore"] = config.ignore + lint.rule_option(ignore)
    except ValueError as exc:
        raise fail(f"--select/--ignore: {exc}") from None
    config = config.model_copy(update=updates)
    if fmt not in formats():
        raise fail(f"okänt format ”{fmt}” ({', '.join(formats())})")
    if text is None and not inputs:
        raise fail("ange ett mål med --text, en fil, en mapp eller - för standard in")
    if text is not None and not text.strip():
        raise fail("tom måltext: ange ett mål med --text")

    from malkoll.batch import IngestLog, batch_fails, check_goals, skipped_note

    log = IngestLog()  # per file: found, analyzed, skipped and why (documents in the report)
    try:
        if text is not None:
            goals = [GoalInput(text=text, id="g1", level=config.level)]
        else:
            stdin_text = sys.stdin.read() if "-" in inputs else None
            goals = lint.with_file_ignores(read_sources(inputs, config, stdin_text=stdin_text, log=log), config)
            module = streaming(fmt)
            if module is not None:  # jsonl, github: each goal is written as soon as it is analyzed
                report = lint.stream_to(goals, config, module, output, started, log)
                sys.stderr.write(lint.closing_note(report, time.perf_counter() - started, config.lang))
                failed = fails(report, config.fail_on) or batch_fails(report, config.fail_on)
                raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
            goals = list(goals)
    except InputError as exc:
        raise fail(str(exc)) from None
    except lint.UsageError as exc:
        if allow_empty and isinstance(exc, lint.NoGoals):
            goals = []
        else:
            raise fail(str(exc)) from None
    if not goals and allow_empty:
        typer.echo("malkoll: inga mål hittades i indata", err=True)
        raise typer.Exit(EXIT_OK)
    if not goals:
        raise fail("inga mål hittades i indata" + skipped_note(log))

    report = check_goals(goals, log, config)  # progress bar on long runs; cascade checks for files
    use_color = color if color is not None else (output is None and sys.stdout.isatty())
    rendered = render(report, fmt, lang=config.lang, color=use_color, config=config)
    if output is not None:
        try:
            output.write_bytes(rendered) if isinstance(rendered, bytes) else output.write_text(rendered, encoding="utf-8")
        except OSError as exc:
            raise fail(f"{output}: kan inte skriva ({exc.strerror or exc})") from None
    else:
        if isinstance(rendered, bytes):
            raise fail(f"formatet {fmt} är binärt: ange --output FIL")
        sys.stdout.write(rendered)
    sys.stderr.write(lint.closing_note(report, time.perf_counter() - started, config.lang))
    failed = fails(report, config.fail_on) or batch_fails(report, config.fail_on)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


@app.command("rules")
def rules_cmd(
    lang: LangOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json eller md")] = "text",
) -> None:
    """Lista regelkatalogen."""
    from malkoll.rules.docs import catalogue_as

    if fmt not in ("text", "json", "md"):
        raise fail(f"okänt format ”{fmt}” (text, json, md)")
    sys.stdout.write(catalogue_as(fmt, lang or "sv"))


@app.command()
def explain(rule: Annotated[str, typer.Argument(help="regelns id eller namn, t.ex. MK501 eller weak-verb")],
            lang: LangOpt = None) -> None:
    """Visa en regels dokumentation."""
    from malkoll.rules import find_rule
    from malkoll.rules.docs import rule_markdown

    found = find_rule(rule)
    if found is None:
        raise fail(f"okänd regel ”{rule}”; se malkoll rules")
    sys.stdout.write(rule_markdown(found.meta, lang or "sv"))


@app.command("eval")
def eval_cmd(
    corpus: Annotated[list[Path], typer.Argument(help="annoterade mål (.jsonl)")],
    errors: Annotated[bool, typer.Option("--errors", help="lista felen per dimension")] = False,
    lang: LangOpt = None,
    infer_level: Annotated[bool, typer.Option("--infer-level", help="låt Målkoll gissa nivån i stället för att ta den från korpusen")] = False,
) -> None:
    """Mät reglerna mot en annoterad korpus."""
    from malkoll.corpus.evaluate import evaluate, format_report

    for path in corpus:
        if not path.is_file():
            raise fail(f"{path}: filen finns inte")
    from malkoll.corpus.indicator_eval import evaluate_indicators, format_report as indicator_report, is_indicator_gold

    # indicator pairs (corpus/indicators/*.jsonl): pooled, leave-organisation-out hit@1, hit@5, MRR, area
    pairs = [p for p in corpus if is_indicator_gold(p)]
    if pairs:
        sys.stdout.write(indicator_report(evaluate_indicators(pairs), lang=lang or "sv", show_misses=errors) + "\n")
    for path in corpus:
        if path in pairs:
            continue
        result = evaluate(str(path), use_gold_level=not infer_level)
        sys.stdout.write(format_report(result, lang=lang or "sv", errors=errors) + "\n")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option("--host", help="adress (standard 127.0.0.1; MALKOLL_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option("--port", help="port (standard 8000; MALKOLL_PORT)")] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", help="processer (standard 1; MALKOLL_WORKERS)")] = None,
) -> None:
    """Starta webbsidan och HTTP-API:t (http://127.0.0.1:8000/, API-dokumentation på /docs)."""
    import os

    import uvicorn

    from malkoll.service.settings import Settings

    for name, value in (("HOST", host), ("PORT", port), ("WORKERS", workers)):
        if value is not None:
            os.environ[f"MALKOLL_{name}"] = str(value)  # the worker processes read the same settings
    try:
        settings = Settings()
    except ValueError as exc:
        errs = exc.errors() if hasattr(exc, "errors") else []
        where = "; ".join(f"MALKOLL_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in errs) or str(exc)
        raise fail(f"ogiltig inställning (--port/--host/--workers eller miljövariabel): {where}") from None
    if not settings.loopback and not settings.api_token:
        typer.echo("malkoll: varning: tjänsten lyssnar på {} utan API-nyckel (sätt MALKOLL_API_TOKEN)"
                   .format(settings.host), err=True)
    typer.echo(f"Målkoll: http://{settings.host}:{settings.port}/ (API-dokumentation: /docs)", err=True)
    uvicorn.run("malkoll.service.main:app_factory", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, log_level="info", proxy_headers=False)


from malkoll.lint import schema_cmd  # noqa: E402

app.command("schema")(schema_cmd)

from malkoll.models.cli import app as models_app  # noqa: E402

app.add_typer(models_app, name="models")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("malkoll: avbrutet", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
