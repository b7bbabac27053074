"""The JSON contract."""
from __future__ import annotations

from malkoll.report import Report


def render(report: Report, lang: str = "sv", **_) -> str:
    return report.model_dump_json(indent=2) + "\n"
