"""One path from source to report: `review(...)` takes goal texts, goal records, files and folders
and returns the complete Report — every goal analyzed in input order, and for documents the
hierarchy (`parent`, with its `link` evidence across the documents of a folder), the indicators
listed under each goal, per file what was found, analyzed, skipped and uncertain, and the cascade
findings (MK901–MK905). The CLI, the service (/v1/analyze, /v1/documents), the lint formats and the
Python API all call it; `fails` is the one exit rule.
"""
from __future__ import annotations

import math
import re
from collections import deque
from pathlib import Path
from typing import Callable, Iterable, Iterator

from malkoll import __version__
from malkoll.config import Config
from malkoll.i18n import t
from malkoll.ingest import IngestLog, InputError, is_folder, read_sources, where_text
from malkoll.report import (CascadeFinding, DocumentReport, GoalInput, GoalReport, Level, Link, Report, SkippedItem,
                            Source, UncertainPassage, count_goal, summary_counts, summary_of)
from malkoll.vocabulary import LEVEL_RANK, SEVERITY_RANK


_CONFIGURED = object()  # the learned gate the config asks for (malkoll.engine.DEFAULT_GATE)


class NoGoals(InputError):
    """Nothing in the input to check (exit 2, or 0 with --allow-empty; 422 in the service)."""


class TooManyGoals(InputError):
    """More goals than the caller allows (the service's limit per document)."""


# --------------------------------------------------------------------------------------------
# the one path
# --------------------------------------------------------------------------------------------
def review(paths: Iterable[str] = (), *, texts: Iterable[str] = (), goals: Iterable = (),
           stdin_text: str | None = None, config: Config | None = None, lang: str | None = None,
           progress: Callable[[int], None] | None = None, on_goal: Callable[[GoalReport], None] | None = None,
           max_goals: int | None = None, allow_empty: bool = False, rename: dict[str, str] | None = None,
           show_progress: bool = False, gate=_CONFIGURED, budget=None, slim: bool = False,
           checkpoint: Callable[[], None] | None = None, skip_unreadable: bool = False) -> Report:
    """The complete Report for goal texts, goal records (dicts or GoalInputs: text, id, level, owner),
    and files and folders ('-' is standard input, one goal a line), in that order.

    A file named that cannot be read raises InputError (with `skip_unreadable` it is skipped, as one in
    a folder: several uploaded files); in a folder it is skipped (with the reason in `documents`). No
    goal at all raises NoGoals (unless `allow_empty`), more than `max_goals` TooManyGoals. `on_goal` is called with each goal's report as soon as it is analyzed (streaming
    formats); `progress` with 1 per goal, or with `show_progress` a bar on stderr on long runs. `rename` maps file paths to the names the report shows (an
    upload's temporary path -> its own name). `budget` (malkoll.ingest.safety.Budget) bounds what
    reading each file may cost (the command line's defaults when None). With `slim` (a stream that
    has written each goal as `on_goal` got it), the summary and the documents are folded goal by goal
    and the returned Report's `goals` are only those the cascade checks read, with only what they
    read (`Tally`): memory stays flat per goal. `checkpoint` is called between the steps of a
    document's outline (malkoll.outline.giveway: the service's analysis thread lets waiting short
    requests through there, as it does at `progress` between goals)."""
    from malkoll.ingest.safety import WHILE_READING
    from malkoll.outline.giveway import giving_way

    token = WHILE_READING.set(_loader(config or Config(), gate) if paths else None)
    try:
        with giving_way(checkpoint):
            return _review(paths, texts, goals, stdin_text, config, lang, progress, on_goal, max_goals, allow_empty,
                           rename, show_progress, gate, budget, slim, skip_unreadable)
    finally:
        WHILE_READING.reset(token)


def _loader(config: Config, gate) -> Callable[[], None]:
    """What the analysis loads (pipeline, rules, gate, with suggestions the indicator index), to load
    while a worker process reads the first file (malkoll.ingest.safety.WHILE_READING): on two cores
    the two overlap instead of following each other."""
    def load() -> None:
        from malkoll.analyzer import get_engine
        from malkoll.engine import DEFAULT_GATE, active_rules, resolve_gate

        get_engine(config.engine)
        active_rules(config)
        resolve_gate(config, DEFAULT_GATE if gate is _CONFIGURED else gate)
        if config.suggestions:
            from malkoll.models.indicators import get_index

            get_index()
    return load


def _review(paths, texts, goals, stdin_text, config, lang, progress, on_goal, max_goals, allow_empty, rename,
            show_progress, gate, budget, slim, skip_unreadable=False) -> Report:
    config = config or Config()
    lang = lang or config.lang
    paths = list(paths)
    log = IngestLog()
    items = _inputs(paths, texts, goals, stdin_text, config, log, max_goals, budget, skip_unreadable)
    chain = len(paths) > 1 or any(p != "-" and is_folder(Path(p)) for p in paths)
    if chain or rename or show_progress:  # the documents of a folder link across files: read them all first
        items = list(items)
        if rename:
            _rename(items, log, rename)
        link_documents([g for g in items if isinstance(g, GoalInput)], engine=config.engine)
    items = _localized(items, lang)
    tally = Tally()
    if show_progress and progress is None and isinstance(items, list):
        with Progress(len(items), lang) as tick:
            reports = analyze_goals(items, config, lang, tick, on_goal, gate, slim, tally)
    else:
        reports = analyze_goals(items, config, lang, progress, on_goal, gate, slim, tally)
    if not tally.counts["goals"] and not allow_empty:
        raise NoGoals(t("input.no_goals", "sv", note=_skipped_note(log, "sv")),
                      t("input.no_goals", "en", note=_skipped_note(log, "en")))
    from malkoll.engine import engines_used

    summary = summary_of(tally.counts, engines=engines_used(config))
    if slim:  # what the end of a stream reads: the goals as the cascade and the documents' lines read them
        report = Report.model_construct(malkoll_version=__version__, goals=tally.chain, summary=summary)
    else:
        report = Report(malkoll_version=__version__, goals=reports, summary=summary)
    if log.files or any(f is not None for f in tally.files):
        report.documents = build_documents(tally, log, config, lang)
    return report


def review_each(requests: list[list], *, config: Config | None = None, lang: str | None = None,
                gate=_CONFIGURED) -> list[Report]:
    """For each request (a list of goal texts or records), the Report `review(goals=request,
    allow_empty=True)` gives it, with the goals of all the requests parsed together by one
    `nlp.pipe` and analysed in one pass: the service's micro-batch of the requests in flight that
    share a configuration (tests/test_speed.py compares the two)."""
    from malkoll.analyzer import get_engine
    from malkoll.engine import DEFAULT_GATE, _prepared, active_rules, analyze_batch, engines_used, resolve_gate

    config = config or Config()
    lang = lang or config.lang
    resolved = resolve_gate(config, DEFAULT_GATE if gate is _CONFIGURED else gate)
    items = [list(_localized(list(r), lang)) for r in requests]
    pairs = [list(_prepared(r, config, lang)) for r in items]
    done = analyze_batch([p for ps in pairs for p in ps], get_engine(config.engine), active_rules(config), config, lang,
                         resolved)
    engines = engines_used(config)
    out = []
    for request in items:
        reports = []
        for goal_in in request:  # exactly one report per input, in input order
            report = next(done)
            if isinstance(goal_in, GoalInput):
                report.parent = goal_in.parent
                report.link = goal_in.link
                report.context_indicators = list(goal_in.context_indicators)
            reports.append(report)
        tally = Tally.of(reports)
        result = Report(malkoll_version=__version__, goals=reports, summary=summary_of(tally.counts, engines=engines))
        if any(f is not None for f in tally.files):
            result.documents = build_documents(tally, None, config, lang)
        out.append(result)
    return out


def _localized(items: Iterable, lang: str) -> Iterable:
    """Locations and reading errors in the report's language (readers write them in Swedish)."""
    for g in items:
        if lang != "sv" and isinstance(g, GoalInput):
            if g.source is not None and g.source.file:
                g.source.location = g.source.location_text(lang)
            if g.error:
                g.error = g.error_text(lang)
        yield g


def _inputs(paths: list[str], texts: Iterable[str], goals: Iterable, stdin_text: str | None, config: Config,
            log: IngestLog, max_goals: int | None, budget=None, skip_unreadable: bool = False) -> Iterator:
    """The inputs in order, lazily (a long goal list streams): texts, records, then files and folders."""
    n = 0
    seen: set[str] = set()
    for i, text in enumerate(texts, start=1):
        n += 1
        seen.add(f"g{i}")
        yield GoalInput(text=text, id=f"g{i}") if isinstance(text, str) else text
    for g in goals:
        n += 1
        gid = getattr(g, "id", None) if not isinstance(g, dict) else g.get("id")
        if gid:
            seen.add(str(gid))
        yield g
    if paths:
        for goal in _with_file_ignores(read_sources(paths, config, stdin_text=stdin_text, log=log, seen=seen,
                                                    budget=budget, tolerant=skip_unreadable), config):
            n += 1
            if max_goals is not None and n > max_goals:
                raise TooManyGoals(t("input.too_many_goals", "sv", max=max_goals), t("input.too_many_goals", "en", max=max_goals))
            yield goal


def check_paths(paths: Iterable[str], config: Config | None = None, lang: str | None = None,
                progress: Callable[[int], None] | None = None, stdin_text: str | None = None) -> Report:
    """Files and folders to a Report: `review(paths=…)` (kept for the Python API's users)."""
    return review(list(paths), config=config, lang=lang, progress=progress, stdin_text=stdin_text)


def _with_file_ignores(goals: Iterable[GoalInput], config: Config) -> Iterable[GoalInput]:
    """The config's `per-file-ignores` added to each goal's `suppress`, so the analysis counts what
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
            goal.suppress = list(dict.fromkeys([*goal.suppress, *extra]))
        yield goal


def _rename(items: list, log: IngestLog, rename: dict[str, str]) -> None:
    for g in items:
        if isinstance(g, GoalInput) and g.source is not None and g.source.file in rename:
            g.source.file = rename[g.source.file]
    for rec in log.files:
        old = rec.file
        if old in rename:
            rec.file = rename[old]
            rec.reason = rec.reason.replace(old, rename[old]) if rec.reason else rec.reason
            rec.reason_en = rec.reason_en.replace(old, rename[old]) if rec.reason_en else rec.reason_en


def analyze_goals(goals: Iterable, config: Config, lang: str, progress: Callable[[int], None] | None = None,
                  on_goal: Callable[[GoalReport], None] | None = None, gate=_CONFIGURED,
                  slim: bool = False, tally: "Tally | None" = None) -> list[GoalReport]:
    """Analyze in input order (one report per input), carrying the hierarchy from each GoalInput.
    `gate`: the learned gate (by default the configured one; cross-validation passes its own).
    `tally`: each report is folded into it as it comes (`Tally.add`). `slim` (with a tally): no
    report is kept, the list is empty; what the end of the run reads of them is in the tally."""
    from malkoll.engine import DEFAULT_GATE, iter_analyze

    gate = DEFAULT_GATE if gate is _CONFIGURED else gate

    pulled: deque = deque()

    def remember(items: Iterable):  # the inputs are read once, lazily, in step with the analysis
        for item in items:
            pulled.append(item)
            yield item

    out: list[GoalReport] = []
    keep = not (slim and tally is not None)
    for report in iter_analyze(remember(goals), config=config, lang=lang, gate=gate):
        goal_in = pulled.popleft()  # exactly one report per input, in input order
        if isinstance(goal_in, GoalInput):
            report.parent = goal_in.parent
            report.link = goal_in.link
            report.context_indicators = list(goal_in.context_indicators)
        if on_goal:
            on_goal(report)
        if tally is not None:
            tally.add(report, whole=keep)
        if keep:
            out.append(report)
        if progress:
            progress(1)
    return out


class Tally:
    """What the end of a run reads of its goals, folded goal by goal (`add`), so that a stream keeps
    no goal it has written: the summary's counts (`malkoll.report.count_goal`), per file the counts
    of its document report, and the goals the cascade checks read (`chain`: those of a file, analyzed,
    with a level) — whole, or with only what the checks and the documents' lines read (`ChainGoal`)."""

    def __init__(self):
        self.counts = summary_counts()
        self.files: dict[str | None, dict] = {}
        self.chain: list = []  # GoalReports, or ChainGoals

    @classmethod
    def of(cls, goals: Iterable[GoalReport]) -> "Tally":
        tally = cls()
        for g in goals:
            tally.add(g)
        return tally

    def add(self, goal: GoalReport, whole: bool = True) -> None:
        count_goal(self.counts, goal)
        file = goal.source.file if goal.source else None
        per = self.files.get(file)
        if per is None:
            per = self.files[file] = {"goals": 0, "goals_analyzed": 0, "goals_failed": 0, "uncertain_goals": 0,
                                      "by_level": {}, "indicators": 0}
        per["goals"] += 1
        per["goals_failed" if goal.error is not None else "goals_analyzed"] += 1
        per["uncertain_goals"] += 1 if goal.source and goal.source.certainty == "uncertain" else 0
        if goal.level:
            per["by_level"][goal.level.value] = per["by_level"].get(goal.level.value, 0) + 1
        per["indicators"] += len(goal.context_indicators)
        if whole:
            self.chain.append(goal)
        elif file is not None and goal.error is None and goal.level is not None:
            self.chain.append(ChainGoal(goal))


_LEVELS: dict[tuple, Level] = {}


class ChainGoal:
    """A goal as the cascade checks (`rules/families/cascade.py`, `cascade_findings`) and the lines of
    the documents' findings (`renderers._locate.document_items`, `region`) read it, and nothing more:
    id, text, level, parent, indicators in the document, whether it names an owner, and where it
    stands (`Place`). A stream keeps these instead of the goals' reports: ~200 bytes besides the text."""

    __slots__ = ("id", "text", "level", "parent", "context_indicators", "dimensions", "source", "error")

    def __init__(self, goal: GoalReport):
        owner = (goal.dimensions or {}).get("owner")
        self.id, self.text, self.parent, self.error = goal.id, goal.text, goal.parent, None
        self.level = _LEVELS.setdefault((goal.level.value, goal.level.from_), goal.level)
        self.context_indicators = goal.context_indicators or ()
        self.dimensions = {"owner": owner} if owner is not None else None
        self.source = Place(goal.source)


class Place:
    """Where a goal kept for the chain stands (the fields of `Source` the cascade and the lines read)."""

    __slots__ = ("file", "location", "owner", "line", "column")

    def __init__(self, src: Source):
        self.file, self.location, self.owner, self.line, self.column = (src.file, src.location, src.owner, src.line,
                                                                        src.column)


# --------------------------------------------------------------------------------------------
# the chain across the documents of a run
# --------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-zåäöéü0-9]+", (text or "").lower()))


def link_documents(goals: list[GoalInput], min_score: float = 0.3, engine: str | None = None) -> None:
    """Link committee and operational goals to the overarching goals of another document of the run
    (a folder with the fullmäktige budget and the nämnd plans is one steering chain): by reference
    ("Koppling till KF-mål 2.1" where the other document numbers its goals), by the title of the goal
    above (the nämnd plan repeats the KF goal as a heading or as its own goal), and, where neither is
    given, by meaning — the key words and concepts the two goals share in the analyzer's parse. Each
    link carries its evidence (`link`)."""
    files = {g.source.file for g in goals if g.source and g.source.file}
    if len(files) < 2:
        return
    rank = {g.id: LEVEL_RANK.get(g.level or "", 2) for g in goals}
    by_id = {g.id: g for g in goals}
    upper = [g for g in goals if g.level in ("overarching", "financial", "vision") and g.level_from == "document"]
    if not upper:
        return

    def needs_link(g: GoalInput) -> bool:
        if g.level not in ("committee", "operational") or not g.source or not g.source.file:
            return False
        parent = by_id.get(g.parent) if g.parent else None
        return parent is None or rank[parent.id] >= rank[g.id]

    todo = [g for g in goals if needs_link(g)]
    if not todo:
        return
    labels: dict[str, list[GoalInput]] = {}
    titles: dict[str, GoalInput] = {}
    for u in upper:
        if u.source and u.source.label:
            labels.setdefault(u.source.label.lower(), []).append(u)
        titles.setdefault(_norm(u.text), u)
    for g in todo:
        others = lambda cands: [c for c in cands if c.source.file != g.source.file]  # noqa: E731
        for ref in g._refs:  # 1. a reference to a number the other document gives its goal
            cands = others(labels.get(ref.lower(), []))
            files_hit = {c.source.file for c in cands}
            if len(files_hit) == 1 and len(cands) == 1:
                g.parent, g.link = cands[0].id, Link(by="reference", evidence=ref)
                break
        if g.link is not None:
            continue
        for title in reversed(g.source.heading_path if g.source else []):  # 2. a heading that is the goal above
            hit = titles.get(_norm(re.sub(r"^[^:]{1,30}:\s*", "", title))) or titles.get(_norm(title))
            if hit is not None and hit.source.file != g.source.file:
                g.parent, g.link = hit.id, Link(by="title", evidence=title)
                break
        if g.link is not None:
            continue
        parent = by_id.get(g.parent) if g.parent else None
        if parent is not None:  # the nämnd plan restates a KF goal as its own: that goal is the link
            hit = titles.get(_norm(parent.text))
            if hit is not None and hit.source.file != g.source.file:
                g.parent, g.link = hit.id, Link(by="title", evidence=parent.text)
    rest = [g for g in todo if g.link is None and not any(
        rank.get(x.id, 2) < rank[g.id] for x in goals if x.source and x.source.file == g.source.file)]
    if rest:
        _link_by_meaning(rest, [u for u in upper if u.level != "vision"], min_score, engine)


def _content(goal: GoalInput) -> tuple[set[str], set[int]]:
    """The goal's content lemmas (from the analyzer's parse) and its concepts (cascade lexicon)."""
    from malkoll.cascade import _lexicon, concepts_of

    exact, prefixes, _ = _lexicon()
    doc = goal.parsed()
    # who the goal is for ("elever", "invånare") says nothing about what it is about
    people = {i for s in doc.spans.get("actors", []) if s.label_ in ("BENEFICIARY", "WHOLE_ORG") for i in range(s.start, s.end)}
    lemmas = set()
    for t in doc:
        if t.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB") or not t.is_alpha or len(t.text) < 4 or t.i in people:
            continue
        lem = (t.lemma_ or t.text).lower()
        if lem in exact or lem.startswith(prefixes) or t.lower_ in exact:
            continue
        lemmas.add(lem)
    return lemmas, concepts_of(goal.text)


def _parse_missing(goals: list[GoalInput], engine: str | None = None) -> None:
    from malkoll.analyzer import get_engine

    todo = [g for g in goals if g.parsed() is None]
    for g, doc in zip(todo, get_engine(engine).pipe([g.text for g in todo], batch_size=64)):
        g.attach_doc(doc)  # parsed once: the analysis reads the same Doc


def _link_by_meaning(todo: list[GoalInput], upper: list[GoalInput], min_score: float, engine: str | None) -> None:
    if not upper:
        return
    _parse_missing(todo + upper, engine)
    up = [(u, *_content(u)) for u in upper]
    for g in todo:
        lemmas, concepts = _content(g)
        scored = []
        for u, ulem, ucon in up:
            if u.source.file == g.source.file:
                continue
            shared = lemmas & ulem
            n_shared = len(shared) + len(concepts & ucon)
            score = n_shared / math.sqrt(max(1, len(lemmas)) * max(1, len(ulem))) if n_shared >= 2 else 0.0
            scored.append((score, u, shared))
        scored.sort(key=lambda x: -x[0])
        if not scored or scored[0][0] < min_score:
            continue
        if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.05:
            continue  # two goals above fit as well: no link is better than a guess
        score, u, shared = scored[0]
        g.parent = u.id
        g.link = Link(by="meaning", evidence=", ".join(sorted(shared)) or "–", score=round(min(score, 1.0), 2))


# --------------------------------------------------------------------------------------------
# documents and cascade findings
# --------------------------------------------------------------------------------------------
def cascade_findings(goals: list[GoalReport], config: Config, lang: str) -> list[CascadeFinding]:
    """The cascade rules' findings over the goals of a run, in goal order."""
    from malkoll.engine import active_rules
    from malkoll.i18n import t
    from malkoll.rules.families.cascade import Chain, chain_rules

    chain = Chain(goals)
    by_id = chain.by_id
    order = {g.id: i for i, g in enumerate(goals)}
    out: list[tuple[int, int, CascadeFinding]] = []
    for rule in chain_rules(active_rules(config)):
        meta = rule.meta
        for hit in rule.check_chain(chain):
            goal = by_id[hit.goal]
            level = goal.level.value if goal.level else None
            severity = config.severity.get(meta.id) or config.severity.get(rule.name) or meta.severity_for(level)
            args = dict(hit.args)
            args.setdefault("goal", _excerpt(goal.text))
            args.setdefault("level", t(f"level.{level}", lang) if level else "")
            args.setdefault("Level", args["level"][:1].upper() + args["level"][1:])
            finding = CascadeFinding(rule=meta.id, name=rule.name, severity=severity, goal=goal.id,
                                     related=hit.related, message=meta.text("message", lang, **args),
                                     suggestion=meta.text("suggestion", lang, **args) or None)
            out.append((order[goal.id], int(meta.id[2:]), finding))
    out.sort(key=lambda x: (x[0], x[1]))
    return [f for _, _, f in out]


def _excerpt(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def build_documents(tally: Tally, log: IngestLog | None, config: Config, lang: str) -> list[DocumentReport]:
    """Per file: what was found, analyzed and skipped, and the cascade findings (from the goals folded
    into `tally`)."""
    from malkoll.i18n import STRINGS, t

    def file_of(g: GoalReport) -> str | None:
        return g.source.file if g.source else None

    files = tally.files
    records = log.files if log is not None else []
    ok_files = {r.file for r in records if r.status == "ok"} | {f for f in files if f is not None}
    findings = cascade_findings([g for g in tally.chain if file_of(g) in ok_files], config, lang)
    findings_by_file: dict[str | None, list[CascadeFinding]] = {}
    file_by_id = {g.id: file_of(g) for g in tally.chain}
    for f in findings:
        findings_by_file.setdefault(file_by_id.get(f.goal), []).append(f)

    def reason(key: str, args: dict) -> str:
        return t(key, lang, **args) if key in STRINGS else key

    def counts(file: str | None) -> dict:
        per = files.get(file)
        if per is None:
            return {"goals_analyzed": 0, "goals_failed": 0, "uncertain_goals": 0, "by_level": {}}
        return {"goals_analyzed": per["goals_analyzed"], "goals_failed": per["goals_failed"],
                "uncertain_goals": per["uncertain_goals"], "by_level": dict(per["by_level"])}

    docs: list[DocumentReport] = []
    known = {r.file for r in records}
    for rec in records:
        docs.append(DocumentReport(
            file=rec.file, format=rec.format, status=rec.status,
            reason=(rec.reason_en if lang == "en" and rec.reason_en else rec.reason),
            goals_found=rec.goals, indicators=rec.indicators, background=rec.background,
            skipped=[SkippedItem(location=where_text(w, lang), reason=reason(key, args)) for w, key, args in rec.skipped],
            uncertain=[UncertainPassage(text=u.text, location=where_text(u.where, lang),
                                        reason=t(f"outline.uncertain.{u.reason}", lang), why=u.reason,
                                        source=_place(rec, u.where, u.heading_path)) for u in rec.uncertain],
            findings=findings_by_file.get(rec.file, []) if rec.status == "ok" else [],
            warnings=[en if lang == "en" else sv for sv, en in rec.warnings],
            **counts(rec.file)))
    for file, per in files.items():  # goals from a caller that read the files itself
        if file in known or file is None:
            continue
        docs.append(DocumentReport(
            file=file, format=file.rsplit(".", 1)[-1] if "." in file else None, goals_found=per["goals"],
            indicators=per["indicators"], findings=findings_by_file.get(file, []), **counts(file)))
    return docs


def _place(rec, where, heading_path: list[str]) -> Source | None:
    """An uncertain passage's place in its file, structured as a goal's `Source` is."""
    if where is None or isinstance(where, str):
        return None
    return Source(file=rec.file, format=rec.format, sheet=where.sheet, table=where.table, row=where.row, column=where.column,
                  page=where.page, paragraph=where.paragraph, line=where.line, end_line=where.end_line,
                  heading_path=list(heading_path))


# --------------------------------------------------------------------------------------------
# the exit rule
# --------------------------------------------------------------------------------------------
def fails(report: Report, fail_on: str) -> bool:
    """The exit rule, for every caller: a goal that could not be analyzed, a finding at or above
    `fail_on` (on a goal or in the cascade), or a file that was skipped, fails the run."""
    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    summary = report.summary  # the goals' errors and findings, counted (a stream keeps no goal)
    if summary.errors or any(n and SEVERITY_RANK[s] >= limit for s, n in summary.findings_by_severity.items()):
        return True
    docs = report.documents or []
    return any(d.status == "skipped" for d in docs) or any(
        SEVERITY_RANK[f.severity] >= limit for d in docs for f in d.findings)


def _skipped_note(log: IngestLog | None, lang: str) -> str:
    """For the 'no goals found' message: which files were skipped and why."""
    if log is None:
        return ""
    reasons = [(r.reason_en if lang == "en" else r.reason) or r.file for r in log.files if r.status == "skipped"]
    return f" ({'; '.join(reasons)})" if reasons else ""


# --------------------------------------------------------------------------------------------
# progress on long runs
# --------------------------------------------------------------------------------------------
class Progress:
    """A progress bar on stderr for long runs: a rich bar when stderr is a terminal (from 20 goals),
    plain lines every 10 % when it is not (from 1000 goals, e.g. in a CI log); nothing otherwise.
    MALKOLL_PROGRESS=0 turns it off, =1 forces the bar. The total is known once the inputs are read."""

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
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            from malkoll.i18n import t

            label = t("progress.label", self.lang)
            self._bar = Bar(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
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

            from malkoll.i18n import t

            sys.stderr.write(f"malkoll: {self.done}/{self.total} {t('progress.done', self.lang)}\n")
            self._next_line = self.done + max(1, self.total // 10)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False


_Progress = Progress  # the name the tests and benchmarks know
