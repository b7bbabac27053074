"""One renderer per output format; renderers only read the Report."""
from __future__ import annotations

from typing import Callable

from malkoll.report import Report

Renderer = Callable[..., "str | bytes"]
RENDERERS: dict[str, str] = {
    # format -> module that defines `render(report, lang="sv", **opts)`
    "text": "malkoll.renderers.text",
    "json": "malkoll.renderers.json_",
}


def formats() -> list[str]:
    return list(RENDERERS)


def render(report: Report, fmt: str, lang: str = "sv", **opts) -> str | bytes:
    import importlib

    if fmt not in RENDERERS:
        raise ValueError(fmt)
    return importlib.import_module(RENDERERS[fmt]).render(report, lang=lang, **opts)
