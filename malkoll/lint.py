"""Målkoll as a lint step: what the `check` command needs beyond one analysis — command-line rule
selection, per-file ignores from the config, streaming output goal by goal, the closing note with
the wall time, and `malkoll schema`."""
from __future__ import annotations

import json
import sys
import time
from typing import IO, Iterable, Iterator

from malkoll.config import Config, _check_rules
from malkoll.report import GoalInput, Report, summarize


class UsageError(Exception):
    """A problem with the call or the input found while streaming (exit 2, one line)."""


class NoGoals(UsageError):
    def __init__(self):
        super().__init__("inga mål hittades i indata")


def rule_option(values: list[str] | None) -> list[str]:
    """`--select MK501,weak-verb --select no_vagueness` -> validated list (ValueError names the bad one)."""
    out = [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]
    return _check_rules(out) if out else []


def with_file_ignores(goals: Iterable[GoalInput], config: Config) -> Iterator[GoalInput]:
    """Add the config's `per-file-ignores` to each goal's `suppress`, so the engine counts what
    they suppress (nothing is hidden silently)."""
    if not config.per_file_ignores:
        yield from goals
        return
    cache: dict[str, list[str]] = {}
    for goal in goals:
        file = goal.source.file if goal.source else None
        if file is not None and file not in cache:
            cache[file] = config.suppressions_for(file)
        extra = cache.get(file, []) if file else []
        if extra:
            goal = goal.model_copy(update={"suppress": list(dict.fromkeys([*goal.suppress, *extra]))})
        yield goal


def stream(goals: Iterable[GoalInput], config: Config, module, out: IO[str], started: float, log=None) -> Report:
    """Analyze and write goal by goal, in input order, as `iter_analyze` yields them; then the
    renderer's closing lines, which carry what only the whole run knows: the summary, and per file
    (`log`, from `read_sources`) the cascade checks and skipped files. Returns the whole Report (for
    the exit code and the closing note)."""
    from malkoll import __version__
    from malkoll.engine import iter_analyze

    from collections import deque

    pulled: deque = deque()

    def remember(items):
        for item in items:
            pulled.append(item)
            yield item

    reports = []
    for goal in iter_analyze(remember(goals), config=config, lang=config.lang):
        goal_in = pulled.popleft()  # exactly one report per input, in input order
        if isinstance(goal_in, GoalInput):  # the document's hierarchy, as in batch runs
            goal.parent = goal_in.parent
            goal.context_indicators = list(goal_in.context_indicators)
        out.write(module.stream_goal(goal, lang=config.lang, config=config))
        out.flush()
        reports.append(goal)
    if not reports:
        raise NoGoals()
    from malkoll.engine import engines_used

    summary = summarize(reports, engines=engines_used(config))
    documents = None
    if log is not None and getattr(log, "files", None):
        from malkoll.batch import build_documents

        documents = build_documents(reports, log, config, config.lang)
    report = Report(malkoll_version=__version__, goals=reports, summary=summary, documents=documents)
    out.write(module.stream_end(summary, lang=config.lang, version=__version__,
                                wall_time=time.perf_counter() - started, config=config, report=report))
    out.flush()
    return report


def stream_to(goals: Iterable[GoalInput], config: Config, module, output, started: float, log=None) -> Report:
    """`stream` to standard out, or to the file `output`."""
    from pathlib import Path

    if output is None:
        return stream(goals, config, module, sys.stdout, started, log)
    try:
        fh = Path(output).open("w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: kan inte skriva ({exc.strerror or exc})") from None
    with fh:
        return stream(goals, config, module, fh, started, log)


def closing_note(report: Report, seconds: float, lang: str = "sv") -> str:
    from malkoll.i18n import t

    s = report.summary
    files = len({g.source.file for g in report.goals if g.source and g.source.file})
    sev = s.findings_by_severity
    secs = f"{seconds:.1f}".replace(".", t("note.decimal", lang))
    note = t("note.checked", lang, n=s.goals, where=t("note.in_files", lang, n=files) if files > 1 else "", seconds=secs,
             error=sev.get("error", 0), warning=sev.get("warning", 0), suggestion=sev.get("suggestion", 0),
             suppressed=s.suppressed)
    return note + (t("note.not_analyzed", lang, n=s.errors) if s.errors else "") + "\n"


def report_schema() -> dict:
    """The JSON Schema of the report (`malkoll check -f json`, `POST /v1/analyze`)."""
    schema = Report.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema.setdefault("title", "Målkoll report")
    return schema


def schema_cmd() -> None:
    """Skriv ut JSON Schema för rapporten (malkoll check -f json)."""
    sys.stdout.write(json.dumps(report_schema(), ensure_ascii=False, indent=2) + "\n")
