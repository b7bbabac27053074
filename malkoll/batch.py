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
    from malkoll.engine import engines_used

    report = Report(malkoll_version=__version__, goals=reports, summary=summarize(reports, engines=engines_used(config)))
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


SEVERITY_RANK = {"suggestion": 0, "warning": 1, "error": 2}


def batch_fails(report: Report, fail_on: str) -> bool:
    """Exit-code rule for what the documents add: a skipped file, or a cascade finding at or above
    `fail_on`, fails the run like a goal finding does."""
    if fail_on == "never" or not report.documents:
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(d.status == "skipped" for d in report.documents) or any(
        SEVERITY_RANK[f.severity] >= limit for d in report.documents for f in d.findings)


def skipped_note(log: IngestLog | None) -> str:
    """For the 'no goals found' message: which files were skipped and why."""
    if log is None:
        return ""
    reasons = [r.reason or r.file for r in log.files if r.status == "skipped"]
    return f" ({'; '.join(reasons)})" if reasons else ""


class _Progress:
    """A progress bar on stderr for long runs: a rich bar when stderr is a terminal (from 20 goals),
    plain lines every 10 % when it is not (from 1000 goals, e.g. in a CI log); nothing otherwise.
    MALKOLL_PROGRESS=0 turns it off, =1 forces the bar."""

    def __init__(self, total: int, lang: str = "sv"):
        import os
        import sys

        self.total, self.done, self.lang = total, 0, lang
        force = os.environ.get("MALKOLL_PROGRESS")
        tty = sys.stderr.isatty()
        self.mode = None
        if force == "0":
            return
        if (tty and total >= 20) or force == "1":
            self.mode = "bar"
        elif total >= 1000:
            self.mode = "lines"
        self._next_line = max(1, total // 10)
        self._bar = None

    def __enter__(self):
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            label = "Granskar mål" if self.lang == "sv" else "Checking goals"
            self._bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task(label, total=self.total)
        return self.tick

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.mode == "bar":
            self._bar.update(self._task, advance=n)
        elif self.mode == "lines" and (self.done >= self._next_line or self.done == self.total):
            import sys

            word = "mål granskade" if self.lang == "sv" else "goals checked"
            sys.stderr.write(f"malkoll: {self.done}/{self.total} {word}\n")
            self._next_line = self.done + max(1, self.total // 10)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False


def check_goals(goals: list[GoalInput], log: IngestLog | None, config: Config) -> Report:
    """The CLI's analysis step: a progress bar on long runs, and `documents` when goals come from files."""
    with _Progress(len(goals), config.lang) as tick:
        if log is not None and (log.files or any(g.source and g.source.file for g in goals)):
            return analyze_documents(goals, log, config, config.lang, progress=tick)
        from malkoll.engine import analyze_many

        return analyze_many(goals, config=config, lang=config.lang, progress=tick)
