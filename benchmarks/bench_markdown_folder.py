"""Benchmark (not a test): `malkoll check DIR -f jsonl` over a folder of Markdown goal files.

    python benchmarks/bench_markdown_folder.py [--files 1000] [--goals-per-file 3] [--no-suggestions]

Writes the files (a nämnd heading, a "Nämndmål" section with goals, an indicator list, background
prose) to a temporary folder, runs the CLI as a user would, and prints the wall time, the time to
the first streamed result, goals per second, and whether the results came in input order (files
in sorted order, goals in document order).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWNERS = ["Barn- och utbildningsnämnden", "Socialnämnden", "Kultur- och fritidsnämnden", "Tekniska nämnden",
          "Miljö- och byggnadsnämnden", "Kommunstyrelsen"]


def corpus_texts() -> list[str]:
    texts = []
    for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = json.loads(line)["text"]
                if "\n" not in text and len(text) < 400:
                    texts.append(text)
    return texts or ["Vi ska verka för en god kvalitet i skolan.",
                     "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."]


def write_folder(folder: Path, files: int, per_file: int) -> list[tuple[str, str]]:
    """The files, and the (file, goal text) pairs in the order a correct run reports them."""
    texts = corpus_texts()
    expected = []
    k = 0
    width = len(str(files))
    for i in range(files):
        owner = OWNERS[i % len(OWNERS)]
        goals = []
        for _ in range(per_file):
            goals.append(texts[k % len(texts)].strip())
            k += 1
        items = "\n".join(f"- {g}" for g in goals)
        body = (f"# Nämndplan {2025 + i % 3}\n\n## Bakgrund\n\nNämnden ansvarar för sin verksamhet. "
                f"Planen beskriver målen för året.\n\n## {owner}\n\n### Nämndmål\n\n{items}\n\n"
                f"Indikatorer:\n\n- Nöjd-Medborgar-Index\n")
        name = f"plan-{i:0{width}d}.md"
        (folder / name).write_text(body, encoding="utf-8")
        expected += [(name, g) for g in goals]
    return expected


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--goals-per-file", type=int, default=3)
    ap.add_argument("--no-suggestions", action="store_true", help="skip indicator suggestions and rewrites")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="malkoll-bench-") as tmp:
        folder = Path(tmp) / "mal"
        folder.mkdir()
        expected = write_folder(folder, args.files, args.goals_per_file)
        cmd = [sys.executable, "-m", "malkoll.cli", "check", str(folder), "-f", "jsonl"]
        if args.no_suggestions:
            cmd.append("--no-suggestions")
        print("command:", "malkoll check DIR -f jsonl" + (" --no-suggestions" if args.no_suggestions else ""),
              f"({args.files} files, {len(expected)} goals)")
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        first = None
        lines = []
        for line in proc.stdout:
            if first is None:
                first = time.perf_counter() - start
            lines.append(line)
        stderr = proc.stderr.read()
        rc = proc.wait()
        wall = time.perf_counter() - start

    records = [json.loads(x) for x in lines]
    goals, tail = records[:-1], records[-1]
    got = [(Path(g["source"]["file"]).name, g["text"]) for g in goals]
    print(f"exit code: {rc}")
    print(f"goals reported: {len(goals)} (expected {len(expected)}); errors: {tail['summary']['errors']}")
    print(f"input order kept: {got == expected}")
    print(f"first result after: {first:.2f} s")
    print(f"wall time: {wall:.1f} s ({len(goals) / wall:.0f} goals/s, {args.files / wall:.0f} files/s)")
    print(f"closing note: {stderr.strip().splitlines()[-1] if stderr.strip() else '(none)'}")
    print(f"summary line: wall_time_s={tail.get('wall_time_s')}")


if __name__ == "__main__":
    main()
