"""Batches of goals analysed side by side in a pool of processes (`malkoll check --jobs N`).

Each worker loads the pipeline, the rules, the gate and (with suggestions) the indicator index once,
then analyses batches of prepared goals with `nlp.pipe`; the parent keeps the input order and one
report per input, and never loses a batch: a worker that fails is replaced by the parent itself for
that batch. Workers start from a fork server that has imported Målkoll once (no threads of the
parent are inherited); a goal's Doc is not sent to a worker, which parses the text again.

As with any use of multiprocessing, a script that asks the Python API for ``jobs`` > 1 runs its own
work under ``if __name__ == "__main__":`` (the workers import the main module); the API's default is
one process, the command line's default is every core from a few hundred goals on.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterator

from malkoll.config import Config
from malkoll.report import GoalInput, GoalReport

log = logging.getLogger(__name__)

CHUNK = 128  # goals per task: large enough for nlp.pipe batches, small enough to keep every core busy

_state: dict = {}


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["malkoll.engine"])
        return ctx
    return multiprocessing.get_context("spawn")


def _init(config: Config, gate) -> None:
    from malkoll.analyzer import get_engine
    from malkoll.engine import DEFAULT_GATE, active_rules, resolve_gate

    if isinstance(gate, str) and gate == DEFAULT_GATE:
        gate = DEFAULT_GATE  # the sentinel is compared by identity, which pickling does not keep
    _state.update(config=config, rules=active_rules(config), gate=resolve_gate(config, gate),
                  engine=get_engine(config.engine))
    if config.suggestions:
        from malkoll.models.indicators import get_index

        get_index()


def _work(goals: list[GoalInput], lang: str, batch_size: int) -> list[GoalReport]:
    from malkoll.engine import analyze_batch

    s = _state
    return list(analyze_batch([(g, None) for g in goals], s["engine"], s["rules"], s["config"], lang, s["gate"],
                              batch_size))


def _portable(goal: GoalInput) -> GoalInput:
    """The goal without the Doc the outline attached (a worker parses the text itself)."""
    if goal.parsed() is None:
        return goal
    copy = goal.model_copy()
    copy._doc = None
    return copy


def analyze_parallel(pairs: Iterator, config: Config, lang: str, gate, workers: int,
                     batch_size: int = 64) -> Iterator[GoalReport]:
    """The reports of prepared (goal, ready report) pairs, in input order, analysed by `workers`
    processes; at most two batches per worker are in flight, so a long input streams."""
    window: deque = deque()

    def drain(chunk, future) -> Iterator[GoalReport]:
        done = None
        if future is not None:
            try:
                if isinstance(future, BaseException):
                    raise future
                done = iter(future.result())
            except Exception:  # noqa: BLE001 - a lost worker never loses the batch: analyse it here
                log.warning("a worker process failed; its goals are analysed in the main process", exc_info=True)
        if done is None and future is not None:
            from malkoll.analyzer import get_engine
            from malkoll.engine import active_rules, analyze_batch, resolve_gate

            done = analyze_batch([(g, None) for g, r in chunk if g is not None], get_engine(config.engine),
                                 active_rules(config), config, lang, resolve_gate(config, gate), batch_size)
        for goal, ready in chunk:
            yield ready if ready is not None else next(done)

    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init, initargs=(config, gate)) as pool:
        try:
            chunk: list = []
            for pair in pairs:
                chunk.append(pair)
                if len(chunk) >= CHUNK:
                    window.append(_submit(pool, chunk, lang, batch_size))
                    chunk = []
                    while len(window) > 2 * workers:
                        yield from drain(*window.popleft())
            if chunk:
                window.append(_submit(pool, chunk, lang, batch_size))
            while window:
                yield from drain(*window.popleft())
        finally:
            for _, future in window:
                if future is not None and not isinstance(future, BaseException):
                    future.cancel()


def _submit(pool: ProcessPoolExecutor, chunk: list, lang: str, batch_size: int):
    """(the chunk, its future; None when every input of it is already a report; the exception when
    the pool cannot take it: the parent analyses it then)."""
    goals = [_portable(g) for g, r in chunk if g is not None]
    if not goals:
        return chunk, None
    try:
        return chunk, pool.submit(_work, goals, lang, batch_size)
    except Exception as exc:  # noqa: BLE001 - a broken pool: the parent does the work
        return chunk, exc
