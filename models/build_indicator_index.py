"""Build the shipped indicator index artifact from the Kolada catalogue copy.

    python models/build_indicator_index.py      (or python -m malkoll.models.build_indicator_index)

Reads models/kolada/kpis.jsonl and models/data/*.yaml, lemmatises the
catalogue vocabulary with simplemma and writes models/kolada/index.json.gz.
Run it again after changing the catalogue or the synonym/concept/domain files.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import indicators  # type: ignore
else:
    from . import indicators


def main() -> None:
    t = time.perf_counter()
    path = indicators.write_artifact()
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
