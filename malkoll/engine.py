"""The one entry point: `analyze` and `analyze_many` (and the streaming `iter_analyze`).

source -> analyzer (parse once) -> rules (findings with spans) -> scoring -> suggest -> Report.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable, Iterator

from malkoll.analyzer import ParsedGoal, get_engine
from malkoll.analyzer.doc_cache import forget
from malkoll.analyzer.features import is_whole_organisation
from malkoll.config import Config
from malkoll.i18n import t
from malkoll.ingest.decode import SURROGATE_RE, has_surrogates, scrub
from malkoll.report import Finding, GoalInput, GoalReport, Level, Report
from malkoll.rules import all_rules
from malkoll.rules.base import Rule
from malkoll.rules.families.single import unmeasured_part
from malkoll.rules.families.target import clear_direction, perceived_state
from malkoll.rules.goal_type import classify, infer_level
from malkoll.gate import Candidate, Gate, apply_gate, load_gate
from malkoll.scoring import grade, headline, score
from malkoll.vocabulary import BROAD_LEVELS, DIMENSIONS

log = logging.getLogger(__name__)


def _scrubbed(goal: GoalInput) -> GoalInput:
    """Lone surrogates (a file name that is not UTF-8, "\\ud800" in JSON) replaced by U+FFFD in
    every field but the text, which no output could write otherwise; the text is judged apart."""
    fields = [goal.id, goal.owner, goal.parent, *goal.context_indicators, *goal.suppress]
    if goal.source is not None:
        fields += [goal.source.file, goal.source.location, goal.source.owner]
    if not any(isinstance(f, str) and has_surrogates(f) for f in fields):
        return goal
    update = {"id": scrub(goal.id) if goal.id else goal.id, "owner": scrub(goal.owner) if goal.owner else goal.owner,
              "parent": scrub(goal.parent) if goal.parent else goal.parent,
              "context_indicators": [scrub(c) for c in goal.context_indicators],
              "suppress": [scrub(s) for s in goal.suppress]}
    if goal.source is not None:
        update["source"] = goal.source.model_copy(update={
            k: scrub(v) for k, v in (("file", goal.source.file), ("location", goal.source.location),
                                     ("owner", goal.source.owner)) if isinstance(v, str)})
    return goal.model_copy(update=update)


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
    return _scrubbed(goal)


def _selected(rule: Rule, select: set[str], ignore: set[str]) -> bool:
    keys = {rule.meta.id.lower(), rule.name, rule.meta.dimension}
    if select and not keys & select:
        return False
    return not keys & ignore


_ACTIVE: dict[tuple, tuple[Rule, ...]] = {}


def active_rules(config: Config) -> list[Rule]:
    """The rules `config` selects, chosen once per selection (the service asks at every request)."""
    rules = all_rules()
    key = (rules, tuple(config.select), tuple(config.ignore))
    try:
        return list(_ACTIVE[key])
    except KeyError:
        pass
    if len(_ACTIVE) >= 64:  # bounded: each request may bring its own selection
        _ACTIVE.clear()
    select, ignore = {k.lower() for k in config.select}, {k.lower() for k in config.ignore}
    chosen = _ACTIVE[key] = tuple(r for r in rules if _selected(r, select, ignore))
    return list(chosen)




def _severity(rule: Rule, goal: ParsedGoal, config: Config) -> str:
    configured = config.severity.get(rule.meta.id) or config.severity.get(rule.name)
    if configured:
        return configured
    if rule.meta.indicators_carry and goal.level in BROAD_LEVELS and goal.context_indicators:
        return "suggestion"  # a broad goal may leave the measurement to its attached indicators
    return rule.meta.severity_for(goal.level)


def _findings(goal: ParsedGoal, rules: list[Rule], config: Config, lang: str, suppress: set[str]) -> tuple[list[Candidate], int]:
    """Every candidate finding of the active rules (strong and weak), in text order."""
    out: list[Candidate] = []
    suppressed = 0
    for rule in rules:
        meta = rule.meta
        for hit in rule.check(goal):
            if suppress and {meta.id.lower(), rule.name, meta.dimension, "all"} & suppress:
                suppressed += 1
                continue
            message = meta.text("message", lang, **hit.args)
            if meta.indicators_carry and goal.level in BROAD_LEVELS and goal.context_indicators:
                message += " " + t("indicators_carry", lang, n=len(goal.context_indicators))
            out.append(Candidate(Finding(
                rule=meta.id, name=rule.name, dimension=meta.dimension,
                severity=_severity(rule, goal, config),
                start=hit.start, end=hit.end, excerpt=goal.text[hit.start:hit.end],
                message=message,
                suggestion=meta.text("suggestion", lang, for_level=goal.level, **hit.args) or None,
            ), hit.weak, tuple(d for d in meta.failed_dimensions if d not in hit.keeps), hit.kind))
    out.sort(key=lambda c: (c.finding.start, c.finding.rule))
    return out, suppressed


def analyzed_goal(goal_in: GoalInput, doc, rules: list[Rule], config: Config, lang: str) -> tuple[ParsedGoal, list[Candidate], int]:
    """The parsed goal and every candidate finding, before the gate (also what the gate is
    trained on)."""
    if goal_in.level:
        level, level_from = goal_in.level, goal_in.level_from or "caller"
    elif config.level:
        level, level_from = config.level, "caller"
    else:
        level, level_from = None, "inferred"
    # the owner the document gives counts for the owner dimension when it is below the whole
    # organisation (a nämnd, not "Kommunfullmäktige"); the report keeps it as the document gives it
    owner = goal_in.owner if goal_in.owner and not is_whole_organisation(goal_in.owner) else None
    parsed = ParsedGoal(text=goal_in.text, doc=doc, level=level, level_from=level_from, owner=owner,
                        glossary=config.glossary, context_indicators=goal_in.context_indicators,
                        extra_vague_words=config.extra_vague_words, owners=config.owners,
                        lix_limit=config.lix_limit, long_sentence_words=config.long_sentence_words)
    if parsed.level is None:
        parsed.level = infer_level(parsed)
    suppress = {s.lower() for s in goal_in.suppress}
    candidates, suppressed = _findings(parsed, rules, config, lang, suppress)
    return parsed, candidates, suppressed


def candidates_for(text: str, *, level: str | None = None, config: Config | None = None,
                   lang: str | None = None) -> list[Candidate]:
    """Every candidate finding the rules propose for one goal, before the gate."""
    config = config or Config(suggestions=False)
    goal_in = GoalInput(text=text, id="g1", level=level)
    _, candidates, _ = analyzed_goal(goal_in, get_engine(config.engine)(text), active_rules(config), config,
                                     lang or config.lang)
    return candidates


def _analyze_one(goal_in: GoalInput, doc, rules: list[Rule], config: Config, lang: str, gate: Gate | None) -> GoalReport:
    parsed, candidates, suppressed = analyzed_goal(goal_in, doc, rules, config, lang)
    level_from = parsed.level_from
    dims, findings = apply_gate(parsed, candidates, gate)
    if parsed.owner:
        dims["owner"] = True  # known from the document's structure, reported as such
    # where the objectives part: the rules' bundled parts and further sentences (the gate's weaker
    # candidates inside a phrase, "särskilt boende och hemtjänst", split no objective off)
    kept = {id(f) for f in findings}
    bundled = [c.finding.start for c in candidates if c.finding.name == "bundled-goals" and id(c.finding) in kept
               and (not c.weak or c.kind == "sentence")]
    g = grade(dims, direction=clear_direction(parsed), perceived=perceived_state(parsed) is not None,
              bundled_aim=not dims["single_goal"] and unmeasured_part(parsed, bundled))
    points = score(dims, g)
    report = GoalReport(
        id=goal_in.id, text=goal_in.text, source=goal_in.source, score=points, grade=g,
        headline=headline(g, points, parsed.level, lang),
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


DEFAULT_GATE = "default"


def resolve_gate(config: Config, gate=DEFAULT_GATE) -> Gate | None:
    """The shipped gate unless the config asks for the rules alone (`learned = false`), or the
    gate the caller passes (cross-validation passes the one fitted without the held-out goals)."""
    if gate is DEFAULT_GATE:
        return load_gate() if config.learned else None
    return gate


def iter_analyze(goals: Iterable, *, config: Config | None = None, lang: str | None = None,
                 batch_size: int = 64, gate=DEFAULT_GATE, jobs: int | None = None) -> Iterator[GoalReport]:
    """Analyze goals lazily, in input order; every input yields exactly one GoalReport.

    ``jobs`` (else ``config.jobs``): processes that analyse batches of goals side by side, each with
    the pipeline loaded once (``malkoll.parallel``); None = one (the API's default), 0 = the number of
    cores once the input holds ``PARALLEL_FROM`` goals or more (the command line's default). The
    order and one report per input stay."""
    config = config or Config()
    lang = lang or config.lang
    pairs = _prepared(goals, config, lang)
    workers, pairs = _workers(jobs if jobs is not None else config.jobs, config, pairs)
    if workers > 1:
        from malkoll.parallel import analyze_parallel

        yield from analyze_parallel(pairs, config, lang, gate, workers, batch_size)
        return
    rules = active_rules(config)
    gate = resolve_gate(config, gate)
    engine = get_engine(config.engine)
    buffer: list[tuple[GoalInput | None, GoalReport | None]] = []
    for pair in pairs:
        buffer.append(pair)
        if len(buffer) >= batch_size:
            yield from analyze_batch(buffer, engine, rules, config, lang, gate, batch_size)
            buffer = []
    yield from analyze_batch(buffer, engine, rules, config, lang, gate, batch_size)


PARALLEL_FROM = 400  # goals from which a batch is spread over the cores by default


def _workers(jobs: int | None, config: Config, pairs: Iterator) -> tuple[int, Iterator]:
    """How many processes analyse the goals, and the goals (the first ones read to decide)."""
    if jobs is None:
        return 1, pairs
    if jobs > 0:
        return min(jobs, 64), pairs
    from itertools import chain, islice

    from malkoll.parallel import cores

    if not config.engine.startswith(("spacy", "default")) or cores() < 2:
        return 1, pairs  # other engines hold a large model per process: one unless asked for more
    head = list(islice(pairs, PARALLEL_FROM))
    return (cores() if len(head) >= PARALLEL_FROM else 1), chain(head, pairs)


def _prepared(goals: Iterable, config: Config, lang: str) -> Iterator[tuple[GoalInput | None, GoalReport | None]]:
    """Each input as a goal to analyse, or as its report already (an input that cannot be a goal)."""
    for i, item in enumerate(goals):
        goal = _as_input(item, i)
        gid = f"g{i + 1}"
        if isinstance(goal, str):
            yield None, _error_report(gid, scrub(item) if isinstance(item, str) else "", goal, lang)
        elif goal.error:
            yield None, GoalReport(id=goal.id, text=scrub(goal.text), source=goal.source, error=scrub(goal.error))
        elif has_surrogates(goal.text):
            at = SURROGATE_RE.search(goal.text).start()
            yield None, _error_report(goal.id, scrub(goal.text), "bad_characters", lang, goal.source, at=at)
        elif not goal.text.strip():
            yield None, _error_report(goal.id, goal.text, "empty_goal", lang, goal.source)
        elif len(goal.text) > config.max_goal_chars:
            yield None, _error_report(goal.id, goal.text, "too_long", lang, goal.source,
                                      n=len(goal.text), max=config.max_goal_chars)
        else:
            yield goal, None


def _parsed(engine, texts: list[str], batch_size: int) -> Iterator:
    """A Doc per text, in order: the batch through the engine's pipe; if the pipe fails, the texts
    it had not yet given one by one, so that one goal the parser cannot take loses no other (an
    exception in place of the Doc of a text that fails alone)."""
    done = 0
    try:
        for doc in engine.pipe(texts, batch_size=batch_size):
            done += 1
            yield doc
    except Exception:  # noqa: BLE001
        log.exception("batch parse failed; parsing the rest one by one")
        for text in texts[done:]:
            try:
                yield next(iter(engine.pipe([text], batch_size=1)))
            except Exception as exc:  # noqa: BLE001 - reported on that goal
                yield exc


def analyze_batch(buffer: list[tuple[GoalInput | None, GoalReport | None]], engine, rules: list[Rule], config: Config,
                  lang: str, gate: Gate | None, batch_size: int = 64) -> Iterator[GoalReport]:
    """The reports of a batch of prepared goals, in order: the texts parsed together (`nlp.pipe`)."""
    # one parse, read by all: a goal the outline already parsed (with this engine) keeps that parse
    texts = [g.text for g, _ in buffer if g is not None and g.parsed() is None]
    docs = _parsed(engine, texts, batch_size)
    for goal, ready in buffer:
        if ready is not None:
            yield ready
            continue
        doc = goal.parsed() or next(docs)
        try:
            if isinstance(doc, Exception):
                raise doc
            report = _analyze_one(goal, doc, rules, config, lang, gate)
        except Exception as exc:  # noqa: BLE001 - one bad goal never loses the batch
            log.exception("analysis failed for %s", goal.id)
            report = _error_report(goal.id, goal.text, "analysis_failed", lang, goal.source, why=type(exc).__name__)
        if not isinstance(doc, Exception):
            # what the rules kept of the Doc holds Tokens, each holding the Doc: a cycle only the garbage
            # collector would find; dropped now, the Doc goes when the last reference to it does
            forget(doc)
        yield report


def analyze_many(goals: Iterable, *, config: Config | None = None, lang: str | None = None,
                 progress: Callable[[int], None] | None = None, gate=DEFAULT_GATE) -> Report:
    """Goal texts or records to a Report, one goal per input in input order (`malkoll.batch.review`)."""
    from malkoll.batch import review

    kwargs = {} if gate is DEFAULT_GATE else {"gate": gate}
    return review(goals=list(goals), config=config, lang=lang, progress=progress, allow_empty=True, **kwargs)


_ENGINES_USED: dict[int, tuple] = {}


def engines_used(config: Config | None = None) -> dict:
    """The report summary's `engines` for a run with `config` (without an encoder, described once
    per loaded engine: the service asks at every request)."""
    from malkoll.analyzer.engines import used

    config = config or Config()
    if config.encoder:
        return used(config.engine, config.encoder)
    engine = get_engine(config.engine)
    try:
        found = _ENGINES_USED[id(engine)][1]
    except KeyError:
        found = used(config.engine, config.encoder)
        _ENGINES_USED[id(engine)] = (engine, found)  # the engine kept: its id is not reused
    return {k: dict(v) if isinstance(v, dict) else v for k, v in found.items()}


def analyze(text: str, *, id: str | None = None, level: str | None = None, owner: str | None = None,
            config: Config | None = None, lang: str | None = None) -> Report:
    """Analyze one goal text; the Report holds exactly one goal."""
    item = {"text": text, "id": id or "g1", "level": level, "owner": owner} if isinstance(text, str) else text
    return analyze_many([item], config=config, lang=lang)


__all__ = ["analyze", "analyze_many", "iter_analyze", "active_rules", "engines_used", "DIMENSIONS"]
