"""Fuzz the readers longer than the suite does (not a test): mutated files of every format, read as
`malkoll check FILE` reads them (tests/reader_fuzz.py). Prints per format how many were read, how
many refused with a one-line message, and every other outcome (saved under --out to replay).

    python benchmarks/fuzz_readers.py --examples 500 [--formats .docx .pdf] [--seed 1] [--out fuzz-out]
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import reader_fuzz as F  # noqa: E402


def random_ops(rnd: random.Random) -> list[tuple]:
    ops = []
    for _ in range(rnd.randint(1, 6)):
        ops.append((rnd.choice(["flip", "insert", "delete", "repeat", "token"]), rnd.random(), rnd.randint(1, 64),
                    bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 16))), rnd.choice(F.TOKENS)))
    return ops


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=300, help="mutated files per format")
    ap.add_argument("--formats", nargs="*", default=sorted(F.SEEDS))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="fuzz-out", help="where inputs with another outcome are saved")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    out = Path(args.out)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in args.formats:
            seed = F.SEEDS[suffix]()
            counts: Counter = Counter()
            slowest = 0.0
            t_format = time.perf_counter()
            for i in range(args.examples):
                data = F.mutate(suffix, seed, random_ops(rnd), raw=rnd.random() < 0.2)
                path = Path(tmp) / f"fuzz{suffix}"
                path.write_bytes(data)
                t0 = time.perf_counter()
                try:
                    counts[F.read_as_the_cli_does(path)] += 1
                except BaseException as exc:  # noqa: BLE001 - that is what we look for
                    counts["other: " + type(exc).__name__] += 1
                    failures += 1
                    out.mkdir(exist_ok=True)
                    (out / f"{suffix.lstrip('.')}-{i}{suffix}").write_bytes(data)
                    (out / f"{suffix.lstrip('.')}-{i}.txt").write_text(traceback.format_exc(), encoding="utf-8")
                slowest = max(slowest, time.perf_counter() - t0)
            print(f"{suffix:7} {args.examples} files in {time.perf_counter() - t_format:.1f} s (slowest {slowest:.2f} s): "
                  + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), flush=True)
    print(f"other outcomes: {failures}" + (f" (saved in {out}/)" if failures else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
