"""The `malkoll` command line. Exit codes: 0 nothing at or above --fail-on, 1 findings at or above
it, 2 usage or input error (a one-line message, never a traceback)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional, get_args

import typer
from typer.core import TyperCommand, TyperGroup

from malkoll.config import Config, ConfigError
from malkoll.i18n import LANGS, t
from malkoll.ingest import InputError
from malkoll.report import LevelName


def _help_lang(argv: list[str] | None = None) -> str:
    """The language of the help: English with `--lang en` on the command line, Swedish otherwise."""
    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[7:] if arg.startswith("--lang=") else None
        if value in LANGS:
            return value
    return "sv"


HELP_LANG = _help_lang()


def h(key: str, **args) -> str:
    """A help text of the command line from the string catalogue, in the help's language."""
    return t("cli." + key, HELP_LANG, **args)


class _OneLanguage:
    """Click's own words in the help (Usage, Options, --help …) from the catalogue, so the whole help
    is in one language."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = [h("mv_options")]
        if isinstance(self, TyperGroup):
            pieces.append(h("mv_command"))
        pieces += [p.metavar or p.name.upper() for p in self.get_params(ctx) if p.param_type_name == "argument"]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=h("usage") + " ")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = h("help")
        return option

    def _sections(self, ctx, formatter) -> None:
        args, opts = [], []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                args.append((param.metavar or param.name.upper(), param.help or ""))
                continue
            record = param.get_help_record(ctx)
            if record is not None:
                opts.append(record)
        for title, rows in ((h("arguments"), args), (h("options"), opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class Command(_OneLanguage, TyperCommand):
    def format_options(self, ctx, formatter) -> None:
        self._sections(ctx, formatter)


class Group(_OneLanguage, TyperGroup):
    def format_options(self, ctx, formatter) -> None:
        self._sections(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section(h("commands")):
                formatter.write_dl(rows)


app = typer.Typer(
    name="malkoll", add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    help=h("app"), rich_markup_mode=None, cls=Group,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> "typer.Exit":
    from malkoll.ingest.decode import scrub

    say(f"malkoll: {scrub(message)}")
    return typer.Exit(EXIT_USAGE)


def say(line: str) -> None:
    """A line on stderr that cannot fail (a closed or full stderr loses the line, not the run)."""
    try:
        sys.stderr.write(line.rstrip("\n") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, UnicodeError):
        pass


def read_stdin(lang: str) -> str:
    """Standard in through the one decoding step (a BOM decides; else UTF-8, with cp1252 for the lines
    that are not), with a warning on stderr for lines that were not UTF-8."""
    from malkoll.ingest.decode import NotText, decode_bytes, scrub

    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, embedding)
        return scrub(sys.stdin.read())
    try:
        decoded = decode_bytes(buffer.read())
    except NotText:
        raise fail(t("cli.stdin_not_text", lang)) from None
    for warning in decoded.warnings(lang):
        say(f"malkoll: {t('cli.warning', lang)}: {t('cli.stdin', lang)}: {warning}")
    return decoded.text


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


LangOpt = Annotated[Optional[str], typer.Option("--lang", help=h("lang"), metavar=h("mv_lang"), show_default=False)]
EngineOpt = Annotated[Optional[str], typer.Option("--engine", help=h("engine"), metavar=h("mv_engine"), show_default=False)]
ModelDirOpt = Annotated[Optional[Path], typer.Option("--model-dir", help=h("model_dir"), metavar=h("mv_dir"), show_default=False)]
EncoderOpt = Annotated[Optional[str], typer.Option("--encoder", help=h("encoder"), metavar=h("mv_encoder"), show_default=False)]


def with_engines(config: Config, engine: Optional[str], model_dir: Optional[Path], encoder: Optional[str] = None,
                 load: bool = True) -> Config:
    """The config with --engine/--model-dir/--encoder applied; the engine is loaded here so that a
    missing model directory is a one-line usage error (exit 2) before any goal is read."""
    from malkoll.analyzer.encoders import EncoderError, parse_spec as encoder_spec
    from malkoll.analyzer.engines import EngineError, get_engine, parse_spec

    updates = {}
    try:
        if engine or model_dir:
            updates["engine"] = str(parse_spec(engine or ("stanza" if model_dir else None), model_dir))
        if encoder:
            encoder_spec(encoder)
            updates["encoder"] = encoder
        config = config.model_copy(update=updates)
        if load:
            get_engine(config.engine)
    except (EngineError, EncoderError) as exc:
        raise fail(str(exc)) from None
    return config


def _formats() -> str:
    from malkoll.renderers import formats

    return ", ".join(formats())


@app.command(cls=Command, help=h("check"))
def check(
    inputs: Annotated[Optional[list[str]], typer.Argument(help=h("inputs"), metavar=h("mv_inputs"), show_default=False)] = None,
    text: Annotated[Optional[str], typer.Option("--text", "-t", help=h("text"), metavar=h("mv_text"), show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=h("format", formats=_formats()), metavar="FORMAT",
                                     show_default=False)] = "text",
    lang: LangOpt = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help=h("fail_on"), metavar=h("mv_level"), show_default=False)] = None,
    level: Annotated[Optional[str], typer.Option("--level", help=h("level", levels=", ".join(get_args(LevelName))), metavar=h("mv_level"),
                                                 show_default=False)] = None,
    config_path: Annotated[Optional[Path], typer.Option("--config", help=h("config"), metavar=h("mv_file"), show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help=h("output"), metavar=h("mv_file"), show_default=False)] = None,
    no_suggestions: Annotated[bool, typer.Option("--no-suggestions", help=h("no_suggestions"), show_default=False)] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help=h("jobs"), metavar=h("mv_n"), min=0,
                                                show_default=False)] = None,
    color: Annotated[Optional[bool], typer.Option("--color/--no-color", help=h("color"), show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=h("quiet"), show_default=False)] = False,
    summary: Annotated[bool, typer.Option("--summary", help=h("summary"), show_default=False)] = False,
    select: Annotated[Optional[list[str]], typer.Option("--select", help=h("select"), metavar=h("mv_rules"), show_default=False)] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help=h("ignore"), metavar=h("mv_rules"), show_default=False)] = None,
    allow_empty: Annotated[bool, typer.Option("--allow-empty", help=h("allow_empty"), show_default=False)] = False,
    engine: EngineOpt = None,
    model_dir: ModelDirOpt = None,
    encoder: EncoderOpt = None,
) -> None:
    import time

    from malkoll import lint
    from malkoll.renderers import streaming

    started = time.perf_counter()
    from malkoll.renderers import formats, render
    from malkoll.vocabulary import FAIL_ON, LEVELS

    first = Path(inputs[0]) if inputs and inputs[0] != "-" else None
    try:
        first_is_file = first is not None and first.is_file()
    except OSError:  # inside a folder that cannot be looked into: reading it will say so
        first_is_file = True
    config = load_config(config_path, start=first.parent if first_is_file else first)
    updates = {}
    if lang:
        if lang not in ("sv", "en"):
            raise fail(f"okänt språk ”{lang}” (sv eller en)")
        updates["lang"] = lang
    if fail_on:
        if fail_on not in FAIL_ON:
            raise fail(f"okänd nivå för --fail-on ”{fail_on}” (suggestion, warning, error, never)")
        updates["fail_on"] = fail_on
    if level:
        if level not in LEVELS:
            raise fail(f"okänd nivå ”{level}” ({', '.join(LEVELS)})")
        updates["level"] = level
    if no_suggestions:
        updates["suggestions"] = False
    if jobs is not None:
        updates["jobs"] = jobs
    elif config.jobs is None:
        updates["jobs"] = 0  # every core for a large batch (malkoll.parallel)
    try:
        if select:
            updates["select"] = lint.rule_option(select)
        if ignore:
            updates["ignore"] = config.ignore + lint.rule_option(ignore)
    except ValueError as exc:
        raise fail(f"--select/--ignore: {exc}") from None
    config = with_engines(config.model_copy(update=updates), engine, model_dir, encoder)
    if fmt not in formats():
        raise fail(f"okänt format ”{fmt}” ({', '.join(formats())})")
    if quiet and summary:
        raise fail(t("cli.quiet_and_summary", config.lang))
    if summary and fmt != "text":
        raise fail(t("cli.summary_text_only", config.lang))
    if text is None and not inputs:
        raise fail("ange ett mål med --text, en fil, en mapp eller - för standard in")
    if text is not None:
        from malkoll.ingest.decode import from_argument

        decoded = from_argument(text)  # an argument that is not UTF-8: decoded like a file, with a warning
        for warning in decoded.warnings(config.lang):
            say(f"malkoll: {t('cli.warning', config.lang)}: --text: {warning}")
        text = decoded.text
    if text is not None and not text.strip():
        raise fail("tom måltext: ange ett mål med --text")

    from malkoll.batch import NoGoals, fails, review

    stdin_text = read_stdin(config.lang) if inputs and "-" in inputs else None
    module = streaming(fmt)
    kwargs = dict(texts=[text] if text is not None else [], stdin_text=stdin_text, config=config,
                  lang=config.lang)
    paths = [] if text is not None else list(inputs)
    try:
        if module is not None:  # json, jsonl, github: each goal is written as soon as it is analyzed
            report = lint.stream_to(module, output, started, paths, **kwargs)
        else:
            report = review(paths, show_progress=True, **kwargs)
    except NoGoals as exc:
        if allow_empty:
            typer.echo(f"malkoll: {exc.text(config.lang)}", err=True)
            raise typer.Exit(EXIT_OK) from None
        raise fail(exc.text(config.lang)) from None
    except InputError as exc:
        raise fail(exc.text(config.lang)) from None
    except lint.UsageError as exc:
        raise fail(str(exc)) from None
    if module is None:
        use_color = color if color is not None else (output is None and sys.stdout.isatty())
        view = "summary" if summary else "goals" if quiet else "full"
        rendered = render(report, fmt, lang=config.lang, color=use_color, config=config, view=view)
        if output is not None:
            try:
                output.write_bytes(rendered) if isinstance(rendered, bytes) else output.write_text(rendered, encoding="utf-8")
            except OSError as exc:
                raise fail(f"{output}: kan inte skriva ({exc.strerror or exc})") from None
        else:
            if isinstance(rendered, bytes):
                raise fail(f"formatet {fmt} är binärt: ange --output FIL")
            try:
                with lint.writing("standard ut"):
                    sys.stdout.write(rendered)
                    sys.stdout.flush()
            except lint.UsageError as exc:
                raise fail(str(exc)) from None
    for doc in report.documents or []:  # caveats of the files read (lines decoded as cp1252 …)
        for warning in doc.warnings:
            say(f"malkoll: {t('cli.warning', config.lang)}: {doc.file}: {warning}")
    if not quiet:
        sys.stderr.write(lint.closing_note(report, time.perf_counter() - started, config.lang))
    raise typer.Exit(EXIT_FINDINGS if fails(report, config.fail_on) else EXIT_OK)


@app.command("rules", cls=Command, help=h("rules"))
def rules_cmd(
    lang: LangOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=h("rules_format"), metavar="FORMAT", show_default=False)] = "text",
) -> None:
    from malkoll.rules.docs import catalogue_as

    if fmt not in ("text", "json", "md"):
        raise fail(f"okänt format ”{fmt}” (text, json, md)")
    sys.stdout.write(catalogue_as(fmt, lang or "sv"))


@app.command(cls=Command, help=h("explain"))
def explain(rule: Annotated[str, typer.Argument(help=h("explain_rule"), metavar=h("mv_rule"), show_default=False)],
            lang: LangOpt = None) -> None:
    from malkoll.rules import find_rule
    from malkoll.rules.docs import rule_markdown

    found = find_rule(rule)
    if found is None:
        raise fail(f"okänd regel ”{rule}”; se malkoll rules")
    sys.stdout.write(rule_markdown(found.meta, lang or "sv"))


@app.command("eval", cls=Command, help=h("eval"))
def eval_cmd(
    corpus: Annotated[list[Path], typer.Argument(help=h("eval_corpus"), metavar=h("mv_corpus"), show_default=False)],
    errors: Annotated[bool, typer.Option("--errors", help=h("eval_errors"), show_default=False)] = False,
    lang: LangOpt = None,
    infer_level: Annotated[bool, typer.Option("--infer-level", help=h("eval_infer"), show_default=False)] = False,
    cv: Annotated[Optional[str], typer.Option("--cv", help=h("eval_cv"), metavar="org", show_default=False)] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help=h("eval_rules_only"), show_default=False)] = False,
    engine: EngineOpt = None,
    model_dir: ModelDirOpt = None,
) -> None:
    from malkoll.corpus.evaluate import default_fit_fn, evaluate, format_report, load_records

    for path in corpus:
        if not path.is_file():
            raise fail(f"{path}: filen finns inte")
    # the corpus is measured with the default rules, on the chosen engine
    config = with_engines(Config(learned=not rules_only), engine, model_dir)
    from malkoll.analyzer import get_engine

    described = get_engine(config.engine).describe()
    sys.stdout.write(f"{t('cli.engine_used', lang or 'sv')}: {described['engine']} ({described['model']})\n")
    from malkoll.corpus.indicator_eval import evaluate_indicators, format_report as indicator_report, is_indicator_gold

    # indicator pairs (corpus/indicators/*.jsonl): pooled, leave-organisation-out hit@1, hit@5, MRR, area
    pairs = [p for p in corpus if is_indicator_gold(p)]
    if pairs:
        sys.stdout.write(indicator_report(evaluate_indicators(pairs), lang=lang or "sv", show_misses=errors) + "\n")
    corpus = [p for p in corpus if p not in pairs]
    if cv is not None and corpus:
        if cv != "org":
            raise fail(f"okänd korsvalidering ”{cv}” (org)")
        records = [r for path in corpus for r in load_records(path)]
        result = evaluate(records, use_gold_level=not infer_level, cv=cv, config=config,
                          fit_fn=default_fit_fn(lang or "sv", config))
        result["corpus"] = ", ".join(str(p) for p in corpus)
        sys.stdout.write(format_report(result, lang=lang or "sv", errors=errors) + "\n")
        return
    for path in corpus:
        result = evaluate(str(path), use_gold_level=not infer_level, config=config)
        sys.stdout.write(format_report(result, lang=lang or "sv", errors=errors) + "\n")


@app.command(cls=Command, help=h("serve"))
def serve(
    host: Annotated[Optional[str], typer.Option("--host", help=h("host"), metavar=h("mv_host"), show_default=False)] = None,
    port: Annotated[Optional[int], typer.Option("--port", help=h("port"), metavar="PORT", show_default=False)] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", help=h("workers"), metavar=h("mv_n"), show_default=False)] = None,
) -> None:
    import os

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
    from malkoll.service.serving import serve as run_service

    run_service(settings)


from malkoll.lint import schema_cmd  # noqa: E402

app.command("schema", cls=Command, help=h("schema"))(schema_cmd)

from malkoll.models.cli import app as models_app  # noqa: E402

app.add_typer(models_app, name="models", help=h("models"))


def main(exit_now: bool = False) -> None:
    """The command line. `exit_now` (the program itself: `malkoll`, `python -m malkoll.cli`): once
    the command is done the process ends without Python taking every module and object down one by
    one (a fifth of a second after the pipeline was loaded, longer than some commands), after the
    exit handlers have run and the output is flushed (`_exit_now`). numpy's BLAS runs on one thread
    (`malkoll.parallel.one_blas_thread`)."""
    from malkoll.parallel import one_blas_thread

    one_blas_thread()
    try:
        try:
            app()
        except KeyboardInterrupt:
            typer.echo("malkoll: avbrutet", err=True)
            sys.exit(130)
    except SystemExit as exc:
        if exit_now:
            _exit_now(exc.code)
        raise


def run() -> None:
    """The `malkoll` program (the console script)."""
    main(exit_now=True)


def _exit_now(code) -> None:
    """End the process with `code` at once; returns (for the usual exit) when the code is a message
    to print, another thread is still running, a profiler or tracer is running (it writes its results
    after the program), or the output cannot be flushed (the usual exit reports that)."""
    import atexit
    import os
    import threading

    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return  # a profiler or a coverage run writes its results after the program: the usual exit
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:
        return
    run_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a closed pipe: the usual exit says so
        return
    os._exit(code or 0)


if __name__ == "__main__":
    run()
