"""Batch review of files: ingest -> analyze -> cascade checks -> one Report with `documents`.

`check_paths` is the one call for files and folders (the CLI uses it; the service can too):
every goal found is analyzed, each goal keeps the document's hierarchy (`parent`) and the
indicators listed under it (`context_indicators`), and `Report.documents` says per file what was
found, analyzed and skipped (and why) and lists the cascade findings (MK901–MK905).
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from malkoll import __version__
from malkoll.config import Config
from malkoll.ingest import IngestLog, read_sources
from malkoll.report import DocumentReport, GoalInput, GoalReport, Report, SkippedItem, summarize


def analyze_goals(goals: list[GoalInput], config: Config, lang: str,
                  progress: Callable[[int], None] | None = None) -> list[GoalReport]:
    """Analyze in input order, carrying the hierarchy from each GoalInput to its GoalReport."""
    from malkoll.engine import iter_analyze

    out: list[GoalReport] = []
    for goal_in, report in zip(goals, iter_analyze(goals, config=config, lang=lang)):
        report.parent = goal_in.parent
        report.context_indicators = list(goal_in.context_indicators)
        out.append(report)
        if progress:
            progress(1)
    return out


def build_documents(goals: list[GoalReport], log: IngestLog | None, config: Config, lang: str) -> list[DocumentReport]:
    from malkoll.cascade import check_cascade

    by_file: dict[str | None, list[GoalReport]] = {}
    for g in goals:
        by_file.setdefault(g.source.file if g.source else None, []).append(g)
    docs: list[DocumentReport] = []
    records = log.files if log is not None else []
    known = {r.file for r in records}
    for rec in records:
        file_goals = by_file.get(rec.file, [])
        docs.append(DocumentReport(
            file=rec.file, format=rec.format, status=rec.status, reason=rec.reason,
            goals_found=rec.goals, goals_analyzed=sum(1 for g in file_goals if g.error is None),
            goals_failed=sum(1 for g in file_goals if g.error is not None),
            indicators=rec.indicators, background=rec.background,
            skipped=[SkippedItem(location=loc, reason=why) for loc, why in rec.skipped],
            by_level=dict(Counter(g.level.value for g in file_goals if g.level)),
            findings=check_cascade(file_goals, config, lang) if rec.status == "ok" else []))
    for file, file_goals in by_file.items():  # goals from stdin or a caller without a log
        if file in known or file is None:
            continue
        docs.append(DocumentReport(
            file=file, format=file.rsplit(".", 1)[-1] if "." in file else None, goals_found=len(file_goals),
            goals_analyzed=sum(1 for g in file_goals if g.error is None),
            goals_failed=sum(1 for g in file_goals if g.error is not None),
            indicators=sum(len(g.context_indicators) for g in file_goals),
            by_level=dict(Counter(g.level.value for g in file_goals if g.level)),
            findings=check_cascade(file_goals, config, lang)))
    return docs


def analyze_documents(goals: list[GoalInput], log: IngestLog | None = None, config: Config | None = None,
                      lang: str | None = None, progress: Callable[[int], None] | None = None) -> Report:
    """A Report for goals read from files, with `documents` filled in."""
    config = config or Config()
    lang = lang or config.lang
    reports = analyze_goals(goals, config, lang, progress)
    report = Report(malkoll_version=__version__, goals=reports, summary=summarize(reports))
    if log is not None or any(g.source and g.source.file for g in reports):
        report.documents = build_documents(reports, log, config, lang)
    return report


def check_paths(paths: Iterable[str], config: Config | None = None, lang: str | None = None,
                progress: Callable[[int], None] | None = None, stdin_text: str | None = None) -> Report:
    """Read files and folders (a failing file in a folder is recorded as skipped) and analyze them."""
    config = config or Config()
    log = IngestLog()
    goals = list(read_sources(list(paths), config, stdin_text=stdin_text, log=log))
    return analyze_documents(goals, log, config, lang, progress)
