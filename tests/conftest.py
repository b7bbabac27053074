"""Test-wide helpers.

The team's shared data (`../shared/data` beside the clone: real goal sets, indicator pairs, real
documents) is there in CI and on the developers' machines, not in a user's clone; runtime code
never reads it. Tests that need it ask for the `shared_data` fixture and are skipped without it
(set MALKOLL_REQUIRE_SHARED=1 to make its absence a failure).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path | None:
    """`$MALKOLL_SHARED_DATA`, else `../shared/data` beside the repository, else None."""
    env = os.environ.get("MALKOLL_SHARED_DATA")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "data")
    for cand in candidates:
        if cand.is_dir():
            return cand
    return None


@pytest.fixture
def shared_data():
    """A function: shared_data("goals-train/goals.jsonl") -> Path, skipping when it is absent."""

    def get(rel: str) -> Path:
        base = shared_data_dir()
        path = base / rel if base else None
        if path is None or not path.exists():
            if os.environ.get("MALKOLL_REQUIRE_SHARED") == "1":
                pytest.fail(f"shared data {rel} is required but missing")
            pytest.skip(f"shared data {rel} not present (a user's clone has none)")
        return path

    return get
