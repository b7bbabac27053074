"""Build the shipped indicator index artifact from the Kolada catalogue copy.

    python models/build_indicator_index.py      (or python -m malkoll.models.build_indicator_index)

Parses models/kolada/kpis.jsonl with Målkoll's Swedish pipeline (the same analyzer that reads the
goals), normalises the word lists of models/data/*.yaml the same way and writes
models/kolada/index.npz. Run it again after changing the catalogue or those word lists.
"""
from __future__ import annotations

import time

from malkoll.models import indicators


def main() -> None:
    t = time.perf_counter()
    path = indicators.write_artifact()
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
