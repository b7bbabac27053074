"""Results are identical to the stored dev-set snapshot (tests/snapshots/make.py explains when and
how it may be regenerated)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("snapshot_make", Path(__file__).parent / "snapshots" / "make.py")
snap = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snap)


def _diff(a, b, path="$"):
    """The first few paths where two JSON values differ (readable failure)."""
    if type(a) is not type(b):
        return [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            out += _diff(a.get(k), b.get(k), f"{path}.{k}") if k in a and k in b else [f"{path}.{k}: only on one side"]
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def test_dev_results_identical_to_snapshot():
    differences = _diff(snap.current(), snap.stored())
    assert not differences, "results changed (regenerate only on purpose):\n" + "\n".join(differences[:15])
