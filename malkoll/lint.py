"""Målkoll as a lint step: what the `check` command needs beyond one analysis — command-line rule
selection, per-file ignores from the config, streaming output goal by goal, the closing note with
the wall time, and `malkoll schema`."""
from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from typing import IO

from malkoll.config import _check_rules
from malkoll.report import KOLADA_ATTRIBUTION, Report


class UsageError(Exception):
    """A problem with the call or the input found while streaming (exit 2, one line)."""


def rule_option(values: list[str] | None) -> list[str]:
    """`--select MK501,weak-verb --select no_vagueness` -> validated list (ValueError names the bad one)."""
    out = [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]
    return _check_rules(out) if out else []


def stream(module, out: IO[str], started: float, paths: list[str] = (), **review_kwargs) -> Report:
    """Analyze and write goal by goal, in input order, as the one path (`malkoll.batch.review`)
    analyzes them; then the renderer's closing lines, which carry what only the whole run knows: the
    summary, and per file the cascade checks and skipped files. Returns the whole Report (for the exit
    code and the closing note)."""
    from malkoll import __version__
    from malkoll.batch import review
    from malkoll.config import Config

    config = review_kwargs.setdefault("config", Config())
    written = {"n": 0, "kolada": False}
    if hasattr(module, "stream_start"):
        out.write(module.stream_start(version=__version__, lang=config.lang))

    def write(goal) -> None:
        out.write(module.stream_goal(goal, lang=config.lang, config=config, index=written["n"]))
        out.flush()
        written["n"] += 1
        written["kolada"] = written["kolada"] or any(i.source == "kolada" for i in goal.indicators)

    # each goal is written in full as it is analyzed; the Report kept for the end holds only what the
    # end reads (memory stays flat per goal); what it no longer holds (Kolada's attribution) is passed on
    report = review(list(paths), on_goal=write, slim=True, **review_kwargs)
    out.write(module.stream_end(report.summary, lang=config.lang, version=__version__,
                                wall_time=time.perf_counter() - started, config=config, report=report,
                                count=written["n"], attribution=KOLADA_ATTRIBUTION if written["kolada"] else None))
    out.flush()
    return report


def stream_to(module, output, started: float, paths: list[str] = (), **review_kwargs) -> Report:
    """`stream` to standard out, or to the file `output`; a write that fails (a full disk,
    /dev/full, a closed pipe) is a UsageError with the reason, not a traceback."""
    from pathlib import Path

    if output is None:
        with writing("standard ut"):
            return stream(module, sys.stdout, started, paths, **review_kwargs)
    with writing(str(output)):
        fh = Path(output).open("w", encoding="utf-8")
        with fh:
            return stream(module, fh, started, paths, **review_kwargs)


@contextmanager
def writing(where: str):
    """OSError while writing output -> UsageError "<where>: kan inte skriva (...)". A broken pipe
    (`malkoll check … | head`) also points standard out at /dev/null, so that Python's own flush at
    exit does not fail again."""
    try:
        yield
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) or where == "standard ut":
            import os

            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
        raise UsageError(f"{where}: kan inte skriva ({exc.strerror or exc})") from None


def closing_note(report: Report, seconds: float, lang: str = "sv") -> str:
    from malkoll.i18n import t

    s = report.summary
    files = len({d.file for d in report.documents or [] if d.goals_analyzed + d.goals_failed})  # files with goals
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
