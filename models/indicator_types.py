"""Report types for indicators and sub-goals.

The lead defines ``Indicator`` and ``Subgoal`` in ``malkoll.report``; until that
module exists (or if it cannot be imported) these identical shapes are used.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

try:  # pragma: no cover - depends on the core being present
    from malkoll.report import Indicator, Subgoal  # type: ignore  # noqa: F401
except Exception:  # noqa: BLE001

    class Indicator(BaseModel):  # type: ignore[no-redef]
        id: str
        title: str
        source: Literal["kolada", "constructed"]
        score: float
        why: str
        operating_area: str | None = None

    class Subgoal(BaseModel):  # type: ignore[no-redef]
        text: str
        owner: str | None = None
        indicator: str | None = None
