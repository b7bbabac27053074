"""Batches of goals analysed side by side in a pool of processes (`malkoll check --jobs N`).

Each worker has the pipeline, the rules, the gate and (with suggestions) the indicator index loaded
once (on Linux forked from the main process, which loaded them), then analyses batches of prepared
goals with `nlp.pipe`; the main process analyses its share of the
batches too, keeps the input order and one report per input, and never loses a batch: a worker that
fails is replaced by the main process for that batch. A goal's Doc is not sent to a worker, which parses the text again.

Where processes cannot be forked (macOS, Windows), workers start fresh and import the main module,
so a script that asks the Python API for ``jobs`` > 1 there runs its work under
``if __name__ == "__main__":``. The API's default is one process; the command line's is every core
from a few hundred goals on.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
from collections import deque
from contextlib import contextmanager
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


def one_blas_thread() -> None:
    """numpy's BLAS on one thread in this process. Målkoll's own processes (the command line, the
    service's workers, the pool's processes) call it before the pipeline loads: they analyse on one
    core each, side by side, and a goal's matrices are small, so BLAS threads cost more processor time
    than they save (they wait spinning on a core another process needs). A program that imports
    Målkoll as a library keeps its own setting."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _context():
    """Linux: workers forked from the main process, which has loaded the pipeline, the rules, the
    gate and the index already (nothing to import or load again, and no main module to re-import).
    Elsewhere a fork server, else fresh processes, each loading them once."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["malkoll.engine"])
        return ctx
    return multiprocessing.get_context("spawn")


def _init(config: Config, gate) -> None:
    from malkoll.analyzer import get_engine
    from malkoll.engine import DEFAULT_GATE, active_rules, resolve_gate

    one_blas_thread()  # forked workers have it from the main process already, fresh ones not
    if isinstance(gate, str) and gate == DEFAULT_GATE:
        gate = DEFAULT_GATE  # the sentinel is compared by identity, which pickling does not keep
    _state.update(config=config, rules=active_rules(config), gate=resolve_gate(config, gate),
                  engine=get_engine(config.engine))
    if config.suggestions:
        from malkoll.models.indicators import get_index

        get_index()


def _work(goals: list[GoalInput], lang: str, batch_size: int) -> list[str]:
    """The reports of a batch as JSON: the main process reads JSON back ~1.6x faster than it
    unpickles the same models (it collects every worker's reports besides analysing its own share)."""
    from malkoll.engine import analyze_batch

    s = _state
    with collected_once():
        return [r.model_dump_json() for r in analyze_batch([(g, None) for g in goals], s["engine"], s["rules"],
                                                           s["config"], lang, s["gate"], batch_size)]


@contextmanager
def collected_once(keep: bool = False, alone: bool = False):
    """Python's cyclic garbage collector paused for a piece of work (a batch of goals, a document's
    outline) and run once after it, over what the work allocated (the youngest generation). Left
    automatic, it runs every 700 allocations, moves what is in use into the older generations (a
    goal's parse is a cycle through its cache), and finds it there only in full collections, which
    go over everything loaded (the pipeline, until the pool freezes it) and, in the main process of a
    pool, every report gathered so far: in a 5,000-goal workbook about a second of the main process.
    `keep` (the main process of a pool): what survives is frozen, out of every later collection
    until the pool is done (`analyze_parallel` unfreezes it). `alone`: only when no other thread
    runs (the collector is the process's: the service's other threads are left their collections)."""
    import threading

    if not gc.isenabled() or (alone and threading.active_count() > 1):  # the caller manages the collector
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)
        if keep:
            gc.freeze()
        gc.enable()


def _portable(goal: GoalInput) -> GoalInput:
    """The goal without the Doc the outline attached (a worker parses the text itself)."""
    if goal.parsed() is None:
        return goal
    copy = goal.model_copy()
    copy._doc = None
    return copy


class _Batch:
    """A batch of prepared (goal, ready report) pairs and where its reports come from: free (`future`
    None, `reports` None, not `mine`), the main process's (`mine`), a worker's future, or the reports
    themselves."""

    __slots__ = ("pairs", "future", "reports", "mine")

    def __init__(self, pairs: list):
        self.pairs = pairs
        self.future = None
        self.reports: list[GoalReport] | None = None if any(g is not None for g, _ in pairs) else []
        self.mine = False

    @property
    def free(self) -> bool:
        return self.future is None and self.reports is None and not self.mine


def analyze_parallel(pairs: Iterator, config: Config, lang: str, gate, workers: int,
                     batch_size: int = 64) -> Iterator[GoalReport]:
    """The reports of prepared (goal, ready report) pairs, in input order, analysed by `workers`
    processes: a pool of `workers - 1` takes batches from the far end of a window of batches read
    ahead, the main process the next batch in order that no worker has (keeping the outline's parse
    of its goals) — and while a worker's batch is not done, the next one nobody has. So every process
    stays busy, also while the workers start, and a long input streams (the window is bounded)."""
    from malkoll.analyzer import get_engine
    from malkoll.engine import active_rules, analyze_batch, resolve_gate

    local: list = []
    window: deque[_Batch] = deque()
    pool_ref: list = []  # the pool, once started
    ended: list = []  # [True] once the input is read to its end
    ahead = 4 * workers  # batches read ahead
    in_flight = 2 * (workers - 1)  # batches the workers hold at most

    def here(batch: _Batch) -> None:
        """The batch analysed in this process; after each goal, the workers get more batches as soon as
        they have room (a worker that finishes while this process is busy does not wait for it)."""
        if not local:
            local.extend((get_engine(config.engine), active_rules(config), resolve_gate(config, gate)))
        if not batch.pairs:
            return
        engine, rules, resolved = local
        batch.mine = True
        reports = []
        for report in analyze_batch([(g, None) for g, _ in batch.pairs if g is not None], engine, rules, config, lang,
                                    resolved, batch_size):
            reports.append(report)
            if pool_ref:
                hand_out(pool_ref[0])
        batch.reports = reports

    def collect(batch: _Batch, wait: bool) -> bool:
        """The worker's reports into the batch when done (or after waiting); a failed worker's batch
        is analysed here."""
        if isinstance(batch.future, BaseException) or (wait or batch.future.done()):
            try:
                if isinstance(batch.future, BaseException):
                    raise batch.future
                batch.reports = [GoalReport.model_validate_json(r) for r in batch.future.result()]
            except Exception:  # noqa: BLE001 - a lost worker never loses the batch: analyse it here
                log.warning("a worker process failed; its goals are analysed in the main process", exc_info=True)
                here(batch)
            return True
        return False

    def hand_out(pool) -> None:
        held = sum(1 for b in window if b.reports is None and b.future is not None
                   and not isinstance(b.future, BaseException) and not b.future.done())  # still working
        for batch in reversed(window):  # the far end: the main process reaches it last
            if held >= in_flight:
                break
            if batch.free:
                batch.future = _submit(pool, batch.pairs, lang, batch_size)
                held += 1

    def emit(batch: _Batch) -> Iterator[GoalReport]:
        done = iter(batch.reports)
        for goal, ready in batch.pairs:  # exactly one report per input, in input order
            yield ready if ready is not None else next(done)

    source = _batches(pairs)
    here(_Batch([]))  # load what the workers need here first: a forked worker finds it loaded
    if config.suggestions:
        from malkoll.models.indicators import get_index

        get_index()

    def fill() -> None:
        while len(window) < ahead and not ended:
            batch = next(source, None)
            if batch is None:
                ended.append(True)
                halve_free()
                return
            window.append(batch)

    def halve_free() -> None:
        """At the end of the input, the batches nobody has yet in halves (at a parse batch's end): the
        processes finish closer together."""
        batches = list(window)
        window.clear()
        for batch in batches:
            if batch.free and len(batch.pairs) > batch_size:
                window.extend((_Batch(batch.pairs[:batch_size]), _Batch(batch.pairs[batch_size:])))
            else:
                window.append(batch)

    gc.freeze()  # what is loaded now stays out of the workers' garbage collections (no copy-on-write of it)
    with ProcessPoolExecutor(workers - 1, mp_context=_context(), initializer=_init, initargs=(config, gate)) as pool:
        pool_ref.append(pool)
        try:
            while True:
                with collected_once(keep=True):
                    fill()
                    if not window:
                        break
                    hand_out(pool)
                    first = window[0]
                    while first.reports is None:
                        if first.future is None:
                            here(first)
                        elif not collect(first, wait=False):
                            spare = next((b for b in window if b.free), None)
                            if spare is None:
                                collect(first, wait=True)
                            else:
                                here(spare)  # busy while the worker finishes the first one
                                fill()
                                hand_out(pool)
                    done = window.popleft()
                yield from emit(done)
        finally:
            for batch in window:
                if batch.future is not None and not isinstance(batch.future, BaseException):
                    batch.future.cancel()
            gc.unfreeze()


def _batches(pairs: Iterator) -> Iterator[_Batch]:
    chunk: list = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= CHUNK:
            yield _Batch(chunk)
            chunk = []
    if chunk:
        yield _Batch(chunk)


def _submit(pool: ProcessPoolExecutor, chunk: list, lang: str, batch_size: int):
    """The future of a worker's reports for the chunk's goals, or the exception when the pool cannot
    take it (a broken pool: the main process analyses the chunk then)."""
    goals = [_portable(g) for g, r in chunk if g is not None]
    try:
        return pool.submit(_work, goals, lang, batch_size)
    except Exception as exc:  # noqa: BLE001 - a broken pool: the main process does the work
        return exc
