"""The one entry point: `analyze` and `analyze_many` (and the streaming `iter_analyze`).

source -> analyzer (parse once) -> rules (findings with spans) -> scoring -> suggest -> Report.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable, Iterator

from malkoll import __version__
from malkoll.analyzer import ParsedGoal, get_nlp
from malkoll.config import Config
from malkoll.i18n import t
from malkoll.report import Finding, GoalInput, GoalReport, Level, Report, summarize
from malkoll.rules import all_rules
from malkoll.rules.base import DIMENSIONS, Rule
from malkoll.rules.goal_type import classify, infer_level
from malkoll.scoring import dimensions, grade, score

log = logging.getLogger(__name__)
SEVERITY_RANK = {"suggestion": 0, "warning": 1, "error": 2}


def _as_input(item, index: int) -> GoalInput | str:
    """Normalise a caller's item; return an error message (str) when it cannot be a goal."""
    if isinstance(item, GoalInput):
        goal = item
    elif isinstance(item, str):
        goal = GoalInput(text=item)
    elif isinstance(item, dict):
        try:
            goal = GoalInput.model_validate(item)
        except Exception:  # noqa: BLE001 - reported per goal, never raised
            return "not_text"
    else:
        return "not_text"
    if goal.id is None:
        goal = goal.model_copy(update={"id": f"g{index + 1}"})
    return goal


def _selected(rule: Rule, config: Config) -> bool:
    keys = {rule.meta.id.lower(), rule.name, rule.meta.dimension}
    if config.select and not keys & {k.lower() for k in config.select}:
        return False
    return not keys & {k.lower() for k in config.ignore}


def active_rules(config: Config) -> list[Rule]:
    return [r for r in all_rules() if _selected(r, config)]


BROAD_LEVELS = ("vision", "overarching")


def _severity(rule: Rule, goal: ParsedGoal, config: Config) -> str:
    configured = config.severity.get(rule.meta.id) or config.severity.get(rule.name)
    if configured:
        return configured
    if rule.meta.indicators_carry and goal.level in BROAD_LEVELS and goal.context_indicators:
        return "suggestion"  # a broad goal may leave the measurement to its attached indicators
    return rule.meta.severity_for(goal.level)


def _findings(goal: ParsedGoal, rules: list[Rule], config: Config, lang: str, suppress: set[str]) -> tuple[list[Finding], int]:
    out: list[Finding] = []
    suppressed = 0
    for rule in rules:
        meta = rule.meta
        for hit in rule.check(goal):
            if {meta.id.lower(), rule.name, meta.dimension, "all"} & suppress:
                suppressed += 1
                continue
            message = meta.text("message", lang, **hit.args)
            if meta.indicators_carry and goal.level in BROAD_LEVELS and goal.context_indicators:
                message += " " + t("indicators_carry", lang, n=len(goal.context_indicators))
            out.append(Finding(
                rule=meta.id, name=rule.name, dimension=meta.dimension,
                severity=_severity(rule, goal, config),
                start=hit.start, end=hit.end, excerpt=goal.text[hit.start:hit.end],
                message=message,
                suggestion=meta.text("suggestion", lang, **hit.args) or None,
            ))
    out.sort(key=lambda f: (f.start, f.rule))
    return out, suppressed


def _analyze_one(goal_in: GoalInput, doc, rules: list[Rule], config: Config, lang: str) -> GoalReport:
    if goal_in.level:
        level, level_from = goal_in.level, goal_in.level_from or "caller"
    elif config.level:
        level, level_from = config.level, "caller"
    else:
        level, level_from = None, "inferred"
    parsed = ParsedGoal(text=goal_in.text, doc=doc, level=level, level_from=level_from, owner=goal_in.owner,
                        glossary=config.glossary, context_indicators=goal_in.context_indicators,
                        extra_vague_words=config.extra_vague_words, owners=config.owners,
                        lix_limit=config.lix_limit, long_sentence_words=config.long_sentence_words)
    if parsed.level is None:
        parsed.level = infer_level(parsed)
    suppress = {s.lower() for s in goal_in.suppress}
    findings, suppressed = _findings(parsed, rules, config, lang, suppress)
    fails_map = {r.name: r.meta.failed_dimensions for r in rules}
    dims = dimensions(findings, fails_map, has_owner_from_structure=bool(goal_in.owner))
    g = grade(dims)
    report = GoalReport(
        id=goal_in.id, text=goal_in.text, source=goal_in.source, score=score(dims, g), grade=g,
        type=classify(parsed), level=Level(value=parsed.level, **{"from": level_from}), dimensions=dims,
        findings=findings, suppressed=suppressed,
    )
    if config.suggestions:
        _add_suggestions(report, parsed, config)
    return report


def _add_suggestions(report: GoalReport, parsed: ParsedGoal, config: Config) -> None:
    try:
        from malkoll.suggest import suggest
    except Exception:  # noqa: BLE001 - a broken suggestion module must not lose the verdict
        log.exception("suggestion module unavailable")
        return
    try:
        indicators, subgoals, rewrite = suggest(
            parsed.doc, report.findings, report.grade, level=parsed.level, owner=parsed.owner,
            municipality_type=config.municipality_type, naming=config.naming or None)
    except Exception:  # noqa: BLE001 - the verdict stands even if a suggestion fails
        log.exception("suggestions failed for %s", report.id)
        return
    report.indicators, report.subgoals, report.rewrite = indicators, subgoals, rewrite


def _error_report(goal_id: str, text, key: str, lang: str, source=None, **args) -> GoalReport:
    return GoalReport(id=goal_id, text=text if isinstance(text, str) else "", source=source, error=t(key, lang, **args))


def iter_analyze(goals: Iterable, *, config: Config | None = None, lang: str | None = None,
                 batch_size: int = 64) -> Iterator[GoalReport]:
    """Analyze goals lazily, in input order; every input yields exactly one GoalReport."""
    config = config or Config()
    lang = lang or config.lang
    rules = active_rules(config)
    nlp = get_nlp()

    def prepared() -> Iterator[tuple[GoalInput | None, GoalReport | None]]:
        for i, item in enumerate(goals):
            goal = _as_input(item, i)
            gid = f"g{i + 1}"
            if isinstance(goal, str):
                yield None, _error_report(gid, item if isinstance(item, str) else "", goal, lang)
            elif goal.error:
                yield None, GoalReport(id=goal.id, text=goal.text, source=goal.source, error=goal.error)
            elif not goal.text.strip():
                yield None, _error_report(goal.id, goal.text, "empty_goal", lang, goal.source)
            elif len(goal.text) > config.max_goal_chars:
                yield None, _error_report(goal.id, goal.text, "too_long", lang, goal.source,
                                          n=len(goal.text), max=config.max_goal_chars)
            else:
                yield goal, None

    buffer: list[tuple[GoalInput | None, GoalReport | None]] = []

    def flush() -> Iterator[GoalReport]:
        texts = [g.text for g, _ in buffer if g is not None]
        docs = iter(nlp.pipe(texts, batch_size=batch_size)) if texts else iter(())
        for goal, ready in buffer:
            if ready is not None:
                yield ready
                continue
            doc = next(docs)
            try:
                yield _analyze_one(goal, doc, rules, config, lang)
            except Exception as exc:  # noqa: BLE001 - one bad goal never loses the batch
                log.exception("analysis failed for %s", goal.id)
                yield _error_report(goal.id, goal.text, "analysis_failed", lang, goal.source, why=type(exc).__name__)
        buffer.clear()

    for pair in prepared():
        buffer.append(pair)
        if len(buffer) >= batch_size:
            yield from flush()
    yield from flush()


def analyze_many(goals: Iterable, *, config: Config | None = None, lang: str | None = None,
                 progress: Callable[[int], None] | None = None) -> Report:
    out = []
    for report in iter_analyze(goals, config=config, lang=lang):
        out.append(report)
        if progress:
            progress(1)
    return Report(malkoll_version=__version__, goals=out, summary=summarize(out))


def analyze(text: str, *, id: str | None = None, level: str | None = None, owner: str | None = None,
            config: Config | None = None, lang: str | None = None) -> Report:
    """Analyze one goal text; the Report holds exactly one goal."""
    item = {"text": text, "id": id or "g1", "level": level, "owner": owner} if isinstance(text, str) else text
    return analyze_many([item], config=config, lang=lang)


def fails(report: Report, fail_on: str) -> bool:
    """Whether any finding is at or above `fail_on` (the exit-code rule); goals that could not be
    analyzed also fail."""
    if fail_on == "never":
        return False
    limit = SEVERITY_RANK[fail_on]
    return any(g.error for g in report.goals) or any(
        SEVERITY_RANK[f.severity] >= limit for g in report.goals for f in g.findings)


__all__ = ["analyze", "analyze_many", "iter_analyze", "fails", "active_rules", "DIMENSIONS"]
