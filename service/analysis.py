"""The one place the service calls the engine: a Config from the request, one analysis at a time."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from pydantic import ValidationError

from malkoll.config import Config
from malkoll.report import Report
from malkoll.service.errors import ApiError, translate
from malkoll.service.schemas import AnalyzeOptions
from malkoll.service.settings import Settings

# spaCy pipelines are not guaranteed thread-safe and the work is CPU-bound under the GIL: one
# analysis at a time per process, first come first served (a queue, not a lock, so no request
# starves under load). More throughput comes from more workers, each with its own model.
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="malkoll-analysis")

WARM_UP = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."


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
                       "Ogiltiga inställningar: " + "; ".join(d["message"] for d in details[:3]),
                       "Invalid options: " + "; ".join(d["message_en"] for d in details[:3]), details) from exc


def _review(goals: list, config: Config, lang: str | None) -> Report:
    from malkoll.batch import review

    return review(goals=goals, config=config, lang=lang or config.lang)


def run(goals: list, config: Config, lang: str | None = None) -> Report:
    """Blocking: for sync routes (run by FastAPI in its thread pool)."""
    return _executor.submit(_review, goals, config, lang).result()


def run_document(path: str, name: str, config: Config, lang: str | None, max_goals: int) -> Report:
    """An uploaded document through the one path (`malkoll.batch.review`): the report with
    `documents` (cascade checks, uncertain passages), `parent` and the attached indicators, as
    `malkoll check FILE` gives them, the file named as uploaded. Reading, the outline's parse and the
    analysis all run in the analysis thread (one spaCy pipeline, one user at a time)."""
    from malkoll.batch import review

    return _executor.submit(review, [path], config=config, lang=lang or config.lang, max_goals=max_goals,
                            rename={path: name}).result()


def _analyze_json(goals: list, config: Config, lang: str | None) -> tuple[bytes, bool]:
    from malkoll.batch import fails

    report = _review(goals, config, lang)
    return report.model_dump_json().encode("utf-8"), fails(report, config.fail_on)


async def run_json(goals: list, config: Config, lang: str | None = None) -> tuple[bytes, bool]:
    """The report serialised (the JSON contract) and whether it fails `config.fail_on`; the work and the
    serialisation happen in the analysis thread, so the event loop only moves bytes."""
    return await asyncio.wrap_future(_executor.submit(_analyze_json, goals, config, lang))


def _analyze_rendered(goals: list, config: Config, lang: str | None, fmt: str) -> tuple[str | bytes, bool]:
    from malkoll.batch import fails
    from malkoll.renderers import render

    report = _review(goals, config, lang)
    return render(report, fmt, lang=lang or config.lang), fails(report, config.fail_on)


async def run_rendered(goals: list, config: Config, lang: str | None, fmt: str) -> tuple[str | bytes, bool]:
    """The report rendered as `fmt` (html, xlsx: the CLI's renderers) and whether it fails `fail_on`."""
    return await asyncio.wrap_future(_executor.submit(_analyze_rendered, goals, config, lang, fmt))


def render(report: Report, fmt: str, lang: str, **opts) -> str | bytes:
    """Blocking: a report rendered in the analysis thread (an Excel report of a large document takes
    seconds)."""
    from malkoll.renderers import render as render_report

    return _executor.submit(render_report, report, fmt, lang=lang, **opts).result()


def warm_up() -> None:
    """Load the language model, the rules and the indicator index once, at start-up."""
    run([WARM_UP], Config())
