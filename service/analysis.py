"""The one place the service calls the engine: a Config from the request, and the analysis queue.

spaCy pipelines are not thread-safe and the work is CPU-bound under the GIL, so one thread per
process owns the engine and runs the jobs (`Queue`). Requests wait in two bounded queues:

- `interactive`: one goal, or a few short ones (the web page while someone types) — served first;
- `bulk`: long lists and uploaded documents. A bulk job gives way after every goal it analyzes:
  the interactive jobs waiting then run right there, on the same thread, before the bulk job goes
  on — so a one-goal request is never stuck behind a large upload. A document's outline gives way
  too, between its steps (malkoll.outline.giveway); reading the file runs in a worker process,
  bounded by the document budget.

A full queue is a 503 (`busy`, with Retry-After) at once; a job that is not done by its deadline
(settings: `request_seconds`, `document_seconds`) is a 504 (`too_slow`) and is stopped at its
next goal. Every job runs inside `nlp.memory_zone()`, so the strings and lexemes of the words it
met are freed when it is done and the vocabulary does not grow with every new word a request
brings (results are the same as outside a zone: tests/test_service_load.py).

Micro-batching: an interactive analysis (`POST /v1/analyze` with one goal or a few) carries what it
asks for (`Batch`: goals, configuration, language, format). When the analysis thread takes one, it
takes with it the other interactive analyses waiting with the same configuration and language, up to
`batch_goals` goals, and analyses their goals together — one `nlp.pipe` batch, one pass
(`malkoll.batch.review_each`) — and each request still gets its own report, its own deadline (a job
already late is a 504 and not analysed) and its own error: a goal that fails is an error on that goal
as when it is analysed alone, and if the batch as a whole fails, each of its requests is analysed
again alone. Several requests in flight are thereby answered with less work per goal; the order of
the queue stays (the oldest waiting job opens the next batch). A batch with room starts once the
event loop is idle (malkoll.service.eventloop, at most SETTLE_SECONDS later), so that the requests
that came in together and are still being read join it instead of waiting behind a batch of one.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from collections import deque
from concurrent.futures import Future
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from pydantic import ValidationError

from malkoll.config import Config
from malkoll.report import Report
from malkoll.i18n import t
from malkoll.service.errors import ApiError, api_error, translate
from malkoll.service.eventloop import wait_idle
from malkoll.service.schemas import AnalyzeOptions
from malkoll.service.settings import Settings

log = logging.getLogger("malkoll.service")

WARM_UP = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."
WARM_UP_DOCUMENT = """# Nämndmål

- Andelen elever som är behöriga till gymnasiet ska öka till 90 procent senast 2027.
- Vi ska verka för en god kvalitet i skolan.

Indikator: Andel elever i åk 9 som är behöriga (N15428)
"""


SETTLE_SECONDS = 0.005  # how long a batch with room waits at most for the event loop to read the requests in


class Late(Exception):
    """The job's deadline passed (504)."""


def build_config(settings: Settings, options: AnalyzeOptions | None, lang: str | None) -> Config:
    # one analysis thread per worker process: a large document never forks a pool inside the service
    updates = {"max_goal_chars": settings.max_goal_chars, "jobs": 1}
    if options is not None:
        updates.update({k: v for k, v in options.model_dump(exclude_unset=True).items() if v is not None})
    if lang:
        updates["lang"] = lang
    try:
        return Config.model_validate({**Config().model_dump(), **updates})
    except ValidationError as exc:  # an option outside what Config accepts
        details = [translate({**e, "loc": ("options", *e.get("loc", ()))}) for e in exc.errors()][:20]
        raise ApiError(422, "invalid_options",
                       t("api.invalid_options", "sv", details="; ".join(d["message"] for d in details[:3])),
                       t("api.invalid_options", "en", details="; ".join(d["message_en"] for d in details[:3])),
                       details) from exc


@dataclass
class Batch:
    """An interactive analysis that can share an `nlp.pipe` batch with others of the same `key`."""
    goals: list
    config: Config
    lang: str | None
    fmt: str
    cap: int  # goals in one batch at most (settings.batch_goals)
    key: str = ""

    def __post_init__(self):
        self.key = self.key or f"{self.lang or self.config.lang}|{self.config.model_dump_json()}"

    def finish(self, report: Report) -> tuple[Any, bool]:
        return _answer(report, self.fmt, self.config)


def _joining(first: Job, waiting: Iterable[Job]) -> tuple[list[Job], list[Job]]:
    """`first` and the jobs of `waiting` that join its batch (same key, at most `cap` goals in all,
    oldest first), and the jobs that do not, in their order."""
    group, rest = [first], []
    goals = len(first.batch.goals) if first.batch is not None else 0
    for job in waiting:
        if (first.batch is not None and job.batch is not None and job.batch.key == first.batch.key
                and goals + len(job.batch.goals) <= first.batch.cap):
            group.append(job)
            goals += len(job.batch.goals)
        else:
            rest.append(job)
    return group, rest


@dataclass
class Job:
    fn: Callable[[Callable[..., None]], Any]  # called with a checkpoint, on the analysis thread
    interactive: bool
    deadline: float
    future: Future = field(default_factory=Future)
    batch: Batch | None = None  # set when the job may be analysed together with others


class Queue:
    """The analysis thread and its two bounded queues (see the module's docstring)."""

    def __init__(self, engine: str | None = None):
        self.engine = engine
        self._interactive: deque[Job] = deque()
        self._bulk: deque[Job] = deque()
        self._lock = threading.Condition()
        self._thread: threading.Thread | None = None
        self._zone_open = False

    # --- the requests' side ---------------------------------------------------------------------
    def submit(self, fn: Callable, *, interactive: bool, seconds: float, limit: int, batch: Batch | None = None) -> Job:
        """Queue `fn(checkpoint)`; raises ApiError 503 when `limit` jobs of its kind already wait.
        With `batch` (interactive jobs only), the job may be analysed together with others instead."""
        job = Job(fn, interactive, time.monotonic() + seconds, batch=batch if interactive else None)
        with self._lock:
            waiting = self._interactive if interactive else self._bulk
            if len(waiting) >= limit:
                raise busy(limit)
            waiting.append(job)
            self._ensure_thread()
            self._lock.notify()
        return job

    def result(self, job: Job) -> Any:
        """Blocking (sync routes): the job's result, or 504 at its deadline."""
        try:
            return job.future.result(timeout=max(0.0, job.deadline - time.monotonic()))
        except TimeoutError:
            job.future.cancel()
            raise too_slow() from None
        except Late:
            raise too_slow() from None

    async def wait(self, job: Job) -> Any:
        """The job's result for an async route, or 504 at its deadline."""
        try:
            return await asyncio.wait_for(asyncio.wrap_future(job.future),
                                          timeout=max(0.0, job.deadline - time.monotonic()))
        except (asyncio.TimeoutError, TimeoutError):
            job.future.cancel()
            raise too_slow() from None
        except Late:
            raise too_slow() from None

    def depth(self) -> tuple[int, int]:
        with self._lock:
            return len(self._interactive), len(self._bulk)

    # --- the analysis thread --------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="malkoll-analysis", daemon=True)
            self._thread.start()

    def take_interactive(self, n: int = 1) -> list[Job]:
        """Up to `n` waiting interactive jobs (the analysis thread only)."""
        with self._lock:
            return [self._interactive.popleft() for _ in range(min(n, len(self._interactive)))]

    def _next(self) -> list[Job]:
        """The next job (short ones first) and, when it can be batched, the interactive jobs waiting
        with the same key, oldest first, while the batch holds at most `cap` goals. A batch that has
        room starts once the event loop is idle (at most SETTLE_SECONDS later): the requests it is
        still reading join it (malkoll.service.eventloop)."""
        with self._lock:
            while not self._interactive and not self._bulk:
                self._lock.wait()
            head = self._interactive[0].batch if self._interactive else None
            room = head is not None and sum(len(j.batch.goals) for j in self._interactive
                                            if j.batch is not None and j.batch.key == head.key) < head.cap
        if room:
            wait_idle(SETTLE_SECONDS)
        with self._lock:
            first = (self._interactive or self._bulk).popleft()
            if first.batch is None:
                return [first]
            group, rest = _joining(first, self._interactive)
            self._interactive = deque(rest)
            return group

    def _loop(self) -> None:
        while True:
            jobs = [job for job in self._next() if job.future.set_running_or_notify_cancel()]
            if not jobs:
                continue  # the requests gave up while waiting
            outcomes: list[tuple[bool, Any]] = []
            with self._zone():
                outcomes = self._outcomes(jobs)
            # published once the zone is closed: the memory zone is the vocabulary's, process-wide
            for job, (ok, value) in zip(jobs, outcomes):
                (job.future.set_result if ok else job.future.set_exception)(value)

    def _zone(self):
        """A memory zone around a job (none when a zone is already open: zones do not nest)."""
        if self._zone_open:
            return nullcontext()
        try:
            from malkoll.analyzer import get_nlp

            nlp = get_nlp(self.engine or "default")
        except Exception:  # noqa: BLE001 - no engine: run without a zone
            return nullcontext()
        return _ZoneFlag(self, nlp.memory_zone())

    def _outcome(self, job: Job) -> tuple[bool, Any]:
        try:
            if time.monotonic() > job.deadline:
                raise Late()
            return True, job.fn(self._checkpoint(job))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting request
            return False, exc

    def _outcomes(self, jobs: list[Job]) -> list[tuple[bool, Any]]:
        """Each job's outcome, in order: alone, or its goals analysed together with the others'
        (all of `jobs` share a batch key then)."""
        if len(jobs) == 1:
            return [self._outcome(jobs[0])]
        now = time.monotonic()
        outcomes: list[tuple[bool, Any] | None] = [(False, Late()) if now > job.deadline else None for job in jobs]
        live = [i for i, o in enumerate(outcomes) if o is None]
        if not live:
            return outcomes
        try:
            from malkoll.batch import review_each

            first = jobs[live[0]].batch
            reports = review_each([jobs[i].batch.goals for i in live], config=first.config, lang=first.lang)
        except Exception:  # noqa: BLE001 - the batch failed as a whole: each request alone, as without batching
            log.exception("a batch of %d requests failed; analysing them one by one", len(live))
            for i in live:
                outcomes[i] = self._outcome(jobs[i])
            return outcomes
        for i, report in zip(live, reports):
            try:
                outcomes[i] = True, jobs[i].batch.finish(report)
            except Exception as exc:  # noqa: BLE001 - one request's failure is its own
                outcomes[i] = False, exc
        return outcomes

    def _run_inline(self, jobs: list[Job]) -> None:
        """Interactive jobs run at a bulk job's checkpoint, inside its zone (their results are bytes
        the requests only send on), batched as on the main loop."""
        jobs = [job for job in jobs if job.future.set_running_or_notify_cancel()]
        while jobs:
            group, jobs = _joining(jobs[0], jobs[1:])
            for job, (ok, value) in zip(group, self._outcomes(group)):
                (job.future.set_result if ok else job.future.set_exception)(value)

    def _checkpoint(self, job: Job) -> Callable[..., None]:
        def checkpoint(*_args) -> None:
            if job.future.cancelled() or time.monotonic() > job.deadline:
                raise Late()
            if not job.interactive:
                self._run_inline(self.take_interactive(1 << 16))
        return checkpoint


class _ZoneFlag:
    def __init__(self, queue: Queue, zone):
        self.queue, self.zone = queue, zone

    def __enter__(self):
        self.queue._zone_open = True
        return self.zone.__enter__()

    def __exit__(self, *exc):
        try:
            return self.zone.__exit__(*exc)
        finally:
            self.queue._zone_open = False


def busy(limit: int) -> ApiError:
    return api_error(503, "busy", "api.busy", limit=limit, headers={"Retry-After": "2"})


def too_slow() -> ApiError:
    return api_error(504, "too_slow", "api.too_slow")


QUEUE = Queue()  # one per process: one thread uses the engine, whatever apps the process holds


def submit(settings: Settings, fn: Callable, *, interactive: bool, seconds: float, batch: Batch | None = None) -> Job:
    return QUEUE.submit(fn, interactive=interactive, seconds=seconds, batch=batch,
                        limit=settings.queue_interactive if interactive else settings.queue_bulk)


def is_interactive(goals: list, settings: Settings) -> bool:
    """One goal or a few short ones: served before long lists and documents."""
    texts = [g.text if hasattr(g, "text") else g.get("text", "") for g in goals]
    return len(texts) <= settings.interactive_goals and sum(len(t or "") for t in texts) <= 4 * settings.max_goal_chars


# --- the jobs --------------------------------------------------------------------------------------
def _review(goals: list, config: Config, lang: str | None, progress=None) -> Report:
    from malkoll.batch import review

    return review(goals=goals, config=config, lang=lang or config.lang, progress=progress)


def _submit(settings: Settings, fn: Callable, goals: list, batch: Batch | None = None) -> Job:
    return submit(settings, fn, interactive=is_interactive(goals, settings), seconds=settings.request_seconds,
                  batch=batch)


def run(goals: list, config: Config, settings: Settings, lang: str | None = None) -> Report:
    """Blocking: for sync routes."""
    return QUEUE.result(_submit(settings, lambda cp: _review(goals, config, lang, cp), goals))


def run_document(path: str | list[str], name: str | list[str], config: Config, settings: Settings, lang: str | None,
                 fmt: str = "json") -> tuple[Any, bool]:
    """An uploaded document (or several, one steering chain: goals link across them) through the one
    path (`malkoll.batch.review`), read under the service's document budget: the report (or the
    report rendered as `fmt`) and whether it fails `fail_on`. A bulk job: the file is read in a worker
    process under the budget; the outline (which gives way at its checkpoints), the analysis and the
    rendering run on the analysis thread (one spaCy pipeline). Of several files, one that cannot be
    read is skipped with its reason (in `documents`), as in a folder on the command line: a broken
    appendix does not lose the budget."""
    from malkoll.batch import review

    paths, names = ([path], [name]) if isinstance(path, str) else (list(path), list(name))

    def job(checkpoint):
        report = review(paths, config=config, lang=lang or config.lang, max_goals=settings.max_document_goals,
                        rename=dict(zip(paths, names)), progress=checkpoint, checkpoint=checkpoint,
                        budget=settings.document_budget(), skip_unreadable=len(paths) > 1)
        return _answer(report, fmt, config)

    return QUEUE.result(submit(settings, job, interactive=False, seconds=settings.document_seconds))


def _answer(report: Report, fmt: str, config: Config) -> tuple[Any, bool]:
    """A request's answer from its report: serialised as `fmt`, and whether it fails `fail_on`."""
    from malkoll.batch import fails

    return _serialized(report, fmt, config), fails(report, config.fail_on)


def _serialized(report: Report, fmt: str, config: Config):
    """Inside the job (its memory zone): the JSON bytes, or the rendered file."""
    if fmt == "json":
        return report.model_dump_json().encode("utf-8")
    from malkoll.renderers import render

    return render(report, fmt, lang=config.lang)


async def run_json(goals: list, config: Config, settings: Settings, lang: str | None = None) -> tuple[bytes, bool]:
    """The report serialised (the JSON contract) and whether it fails `config.fail_on`; the work and the
    serialisation happen on the analysis thread, so the event loop only moves bytes."""
    return await run_rendered(goals, config, settings, lang, "json")


async def run_rendered(goals: list, config: Config, settings: Settings, lang: str | None,
                       fmt: str) -> tuple[str | bytes, bool]:
    """The report as `fmt` (json; html, xlsx: the CLI's renderers) and whether it fails `fail_on`.
    A short request may be analysed together with others waiting (`Batch`)."""
    batch = Batch(goals, config, lang, fmt, settings.batch_goals) if goals else None

    def job(checkpoint):  # alone (a bulk job, a batch of one, or the batch failed as a whole)
        return _answer(_review(goals, config, lang, checkpoint), fmt, config)

    return await QUEUE.wait(_submit(settings, job, goals, batch))


async def search_indicators(q: str, k: int, municipality_type: str, settings: Settings) -> list[dict]:
    """The catalogue search (`malkoll.models.indicators.search`) as an interactive job: it parses the
    query, so it runs on the analysis thread, the one that uses the pipeline, inside a job's memory zone."""
    def job(_checkpoint):
        from malkoll.models.indicators import search

        return [h.model_dump() for h in search(q, k=k, municipality_type=municipality_type)]

    return await QUEUE.wait(submit(settings, job, interactive=True, seconds=settings.request_seconds))


def warm_up(settings: Settings | None = None) -> None:
    """Before the first request, outside any memory zone: load the language model, the rules, the
    indicator index and what the outline and the cascade checks build lazily (matchers, lexicons),
    and start the process that forks the document readers (malkoll.ingest.safety). What is loaded
    then is frozen out of the cyclic garbage collector: a full collection went over all of it
    (~70,000 objects, 36 ms on a quiet machine, 117-198 ms in a worker under 8 clients, about once in
    1,200 requests) while every request in flight in the worker waited."""
    from malkoll.batch import review
    from malkoll.ingest import goals_from_text
    from malkoll.ingest.safety import start_worker_server

    start_worker_server()
    config = Config()
    review(goals=[WARM_UP, "Vi ska verka för en god kvalitet i skolan i möjligaste mån."], config=config)
    review(goals=goals_from_text(WARM_UP_DOCUMENT, "uppvärmning.md", config), config=config)
    gc.collect()
    gc.freeze()
