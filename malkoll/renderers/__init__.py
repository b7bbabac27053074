"""One renderer per output format; renderers only read the Report."""
from __future__ import annotations

from typing import Callable

from malkoll.report import Report

Renderer = Callable[..., "str | bytes"]
RENDERERS: dict[str, str] = {
    # format -> module that defines `render(report, lang="sv", **opts)`
    "text": "malkoll.renderers.text",
    "json": "malkoll.renderers.json_",
    "jsonl": "malkoll.renderers.jsonl",  # one goal a line, streamed (stream_goal / stream_end)
    "sarif": "malkoll.renderers.sarif",
    "github": "malkoll.renderers.github",  # streamed
    "junit": "malkoll.renderers.junit",
    "html": "malkoll.renderers.html",  # one self-contained file: totals, charts, goal tree, every goal
    "xlsx": "malkoll.renderers.xlsx",  # bytes: input rows kept, Målkoll columns added
}


def formats() -> list[str]:
    return list(RENDERERS)


def streaming(fmt: str):
    """The renderer module when it can write goal by goal (defines `stream_goal` and `stream_end`)."""
    import importlib

    module = importlib.import_module(RENDERERS[fmt])
    return module if hasattr(module, "stream_goal") and hasattr(module, "stream_end") else None


def render(report: Report, fmt: str, lang: str = "sv", **opts) -> str | bytes:
    import importlib

    if fmt not in RENDERERS:
        raise ValueError(fmt)
    return importlib.import_module(RENDERERS[fmt]).render(report, lang=lang, **opts)
