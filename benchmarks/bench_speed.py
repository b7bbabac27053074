"""Benchmark (not a test): the speed figures of issue 14, each beside its reference measured in the
same run, written with the command and the machine to docs/benchmarks.md.

    nice python benchmarks/bench_speed.py                      # everything (about 4 minutes)
    nice python benchmarks/bench_speed.py --only throughput,startup --rounds 5

- throughput: goals/s of the shipped pipeline alone (`nlp.pipe`, without the goal-feature
  component) and of `analyze_many` without and with suggestions, in one process, interleaved
  rounds, best of N; the ratios are the figures. The differences give where the time per goal goes.
- processes: `analyze_many` on a larger batch with `jobs=2` against `jobs=1` (pool start included).
- startup: `python -c "import spacy"` against `malkoll check --text …` (default configuration),
  interleaved, median of N, and the peak RSS of each process.
- http: `malkoll serve` (--workers, default 1) under 1, 8 and 32 concurrent clients, one goal per
  request (benchmarks/load_service.py), beside the analysis alone in this process (one goal, and
  eight together) and with the server's CPU time per request.
- workbook: a 5,000-goal .xlsx read, analysed and written as an HTML and an Excel report in a fresh
  process (default jobs), best of N runs, beside the bare pipeline's time for the same texts in this
  process (interleaved), with the CPU time of the run's processes (all, and the main one).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = "Vi ska verka för en god kvalitet i skolan."
SECTIONS = ("throughput", "processes", "startup", "http", "workbook")


def corpus_texts() -> list[str]:
    texts = []
    for p in sorted((ROOT / "corpus" / "goals").glob("*.jsonl")):
        texts += [json.loads(x)["text"] for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return texts


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    import numpy
    import spacy

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {cores} cores (load average {load:.1f} at the start, shared), {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, spaCy {spacy.__version__}, numpy {numpy.__version__}")


def config(**kw):
    """A Config; `jobs` dropped where the code measured has no such setting (a run on older code)."""
    from malkoll.config import Config

    if "jobs" not in Config.model_fields:
        kw.pop("jobs", None)
    return Config(**kw)


def best_of(rounds: int, fns: dict) -> dict[str, float]:
    """Seconds per call of each function, best of `rounds` interleaved rounds."""
    best = {k: float("inf") for k in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def throughput(rounds: int, n_goals: int) -> tuple[list[str], dict]:
    from malkoll import analyze_many
    from malkoll.analyzer import get_nlp
    from malkoll.analyzer.doc_cache import CACHE
    from malkoll.models.indicators import get_index

    base = corpus_texts()
    texts = [base[i % len(base)] for i in range(n_goals)]
    nlp = get_nlp()
    analyze_many(texts[:50], config=config(jobs=1))  # load models, rules, index

    def bare():
        with nlp.select_pipes(disable=["malkoll_goal_features"]):
            for _ in nlp.pipe(texts, batch_size=64):
                pass

    def parse():
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    docs = list(nlp.pipe(texts, batch_size=64))
    idx = get_index()

    def retrieval():
        for d in docs:
            d.user_data.get(CACHE, {}).pop(("indicator_query", id(idx), None), None)  # read anew each round
            idx.rank(idx.analyse(d), k=5)

    t = best_of(rounds, {
        "bare": bare, "features": parse,
        "without": lambda: analyze_many(texts, config=config(suggestions=False, jobs=1)),
        "with": lambda: analyze_many(texts, config=config(jobs=1)),
        "retrieval": retrieval,
    })
    n = len(texts)
    ms = {k: v / n * 1000 for k, v in t.items()}
    lines = [f"Throughput, one process, {n} corpus goals, best of {rounds} interleaved rounds:", "",
             "| run | goals/s | ratio to the bare pipeline |", "|---|---:|---:|"]
    for key, label in (("bare", "shipped pipeline alone (`nlp.pipe`, no goal features)"),
                       ("without", "`analyze_many`, suggestions off"), ("with", "`analyze_many`, suggestions on (default)")):
        lines.append(f"| {label} | {n / t[key]:.0f} | {t['bare'] / t[key]:.2f} |")
    stages = [("pipeline (tokenizer, tagger, lemmatizer, parser, sentence fixes)", ms["bare"]),
              ("goal features (span groups)", ms["features"] - ms["bare"]),
              ("rules, gate, scoring, report", ms["without"] - ms["features"]),
              ("suggestions: indicator retrieval (read the goal, rank; measured alone)", ms["retrieval"]),
              ("suggestions: the rest (shown KPIs, sub-goals, rewrite)", ms["with"] - ms["without"] - ms["retrieval"])]
    lines += ["", f"Where the time per goal goes (ms/goal, differences of the runs above; total {ms['with']:.2f} ms):", "",
              "| stage | ms/goal | share |", "|---|---:|---:|"]
    lines += [f"| {name} | {v:.2f} | {v / ms['with']:.0%} |" for name, v in stages]
    return lines, {"ratio_without": t["bare"] / t["without"], "ratio_with": t["bare"] / t["with"], "ms": ms}


def burn(n: int = 4_000_000) -> int:
    """Pure Python arithmetic: what two processes can get of the machine, as the reference."""
    s = 0
    for i in range(n):
        s += i * i
    return s


def processes(n_goals: int, rounds: int) -> tuple[list[str], dict]:
    import multiprocessing

    from malkoll import analyze_many

    base = corpus_texts()
    texts = [base[i % len(base)] for i in range(n_goals)]

    def burn_two():
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(burn, [4_000_000, 4_000_000])

    t = best_of(rounds, {"one": lambda: analyze_many(texts, config=config(jobs=1)),
                         "two": lambda: analyze_many(texts, config=config(jobs=2)),
                         "burn_one": lambda: (burn(), burn()), "burn_two": burn_two})
    ratio, machine_ratio = t["one"] / t["two"], t["burn_one"] / t["burn_two"]
    return [f"Processes: `analyze_many` of {n_goals} goals (suggestions on), best of {rounds} interleaved rounds, "
            f"pool start-up included: one process {n_goals / t['one']:.0f} goals/s, two processes "
            f"{n_goals / t['two']:.0f} goals/s = **{ratio:.2f}x**. Reference in the same rounds: what two "
            f"processes get of this shared machine, a CPU-bound loop in two processes against one: "
            f"**{machine_ratio:.2f}x**."], {"two_vs_one": ratio, "machine": machine_ratio}


RUN_MEASURED = """
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _run(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one command, started by a small Python process (a child of
    this large one would count this one's pages in its peak RSS until it execs)."""
    out = subprocess.run([sys.executable, "-c", RUN_MEASURED, *cmd], capture_output=True, text=True, check=True,
                         env=env)
    wall, rss = out.stdout.split()
    return float(wall), float(rss)


def startup(rounds: int) -> tuple[list[str], dict]:
    py = sys.executable
    cmds = {"spacy": [py, "-c", "import spacy"],
            "spacy_no_torch": [py, "-c", "import sys; sys.modules['torch'] = None; import spacy"],
            "analyzer": [py, "-c", "import malkoll.analyzer"],
            "check": [py, "-m", "malkoll.cli", "check", "--fail-on", "never", "--text", GOAL],
            "check_nosug": [py, "-m", "malkoll.cli", "check", "--no-suggestions", "--fail-on", "never", "--text", GOAL]}
    # compiled caches, the OS file cache and Python's bytecode warm, as after an install (pip compiles the
    # package's modules; a checkout run with PYTHONDONTWRITEBYTECODE would compile them at every start)
    _run(cmds["check"], env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    runs = {k: [] for k in cmds}
    for _ in range(rounds):
        for k, cmd in cmds.items():
            runs[k].append(_run(cmd))
    med = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    rss = {k: max(r for _, r in v) for k, v in runs.items()}
    lines = [f"Start-up, median of {rounds} interleaved runs (a fresh process each):", "",
             "| command | wall s | more than `import spacy` | peak RSS MB |", "|---|---:|---:|---:|",
             f"| `python -c \"import spacy\"` | {med['spacy']:.2f} | – | {rss['spacy']:.0f} |",
             f"| the same with torch hidden (`sys.modules['torch'] = None`) | {med['spacy_no_torch']:.2f} | "
             f"{med['spacy_no_torch'] - med['spacy']:+.2f} | {rss['spacy_no_torch']:.0f} |",
             f"| `python -c \"import malkoll.analyzer\"` (spaCy as Målkoll imports it: without torch and spaCy's "
             f"command line) | {med['analyzer']:.2f} | {med['analyzer'] - med['spacy']:+.2f} | {rss['analyzer']:.0f} |",
             f"| `malkoll check --text …` | {med['check']:.2f} | {med['check'] - med['spacy']:+.2f} | {rss['check']:.0f} |",
             f"| `malkoll check --no-suggestions --text …` | {med['check_nosug']:.2f} | "
             f"{med['check_nosug'] - med['spacy']:+.2f} | {rss['check_nosug']:.0f} |"]
    lines += ["", f"`malkoll check --text …` against spaCy's import without torch: "
                  f"{med['check'] - med['spacy_no_torch']:+.2f} s (suggestions on), "
                  f"{med['check_nosug'] - med['spacy_no_torch']:+.2f} s (off)."]
    return lines, {"delta": med["check"] - med["spacy"], "delta_nosug": med["check_nosug"] - med["spacy"],
                   "rss": rss["check"]}


def http(requests: int, workers: int, suggestions: bool = True) -> tuple[list[str], dict]:
    spec = importlib.util.spec_from_file_location("load_service", ROOT / "benchmarks" / "load_service.py")
    ls = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ls)

    texts = ls.corpus_texts()
    ref = ls.reference(texts, suggestions)  # the analysis alone, in this process, before the server starts
    proc, url = ls.start_server(workers)
    out = {}
    try:
        ls.run_level(url, texts, workers, 10 * workers, suggestions)  # warm-up
        lines = [f"HTTP: POST /v1/analyze, one goal per request, suggestions {'on' if suggestions else 'off'}, "
                 f"{requests} requests per level, `malkoll serve` with {workers} worker(s); reference: the analysis "
                 f"alone in this process (`review` + JSON, no HTTP) p50 {ref['one_p50']:.1f} ms, p95 "
                 f"{ref['one_p95']:.1f} ms a goal, eight goals together {ref['eight_per_goal']:.1f} ms a goal. "
                 f"CPU of the analysis alone: {ref['one_cpu']:.1f} ms a goal, {ref['eight_cpu']:.1f} ms in eights. "
                 "Server CPU: user + system time of the server's processes per request (does not move with the "
                 "load of others), split into the event loop's (HTTP, validation, sending) and the analysis "
                 "thread's; client CPU: the load generator's own (closed-loop clients on raw sockets), on the "
                 "same cores; load: the machine's 1-minute load average after the level.", "",
                 "| clients | errors | p50 ms | p95 ms | p99 ms | req/s | server CPU ms/req | loop | analysis "
                 "| client CPU ms/req | load |",
                 "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for c in (1, 8, 32):
            r = ls.run_level(url, texts, c, requests, suggestions, proc.pid)
            out[c] = r
            lines.append(f"| {c} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['rps']:.0f} "
                         f"| {r['cpu_ms']:.1f} | {r['loop_cpu_ms']:.1f} | {r['analysis_cpu_ms']:.1f} "
                         f"| {r['client_cpu_ms']:.1f} | {r['load']:.1f} |")
    finally:
        ls.stop_server(proc)
    return lines, {"p95_8": out[8]["p95"], "errors": sum(r["errors"] for r in out.values())}


WORKBOOK_RUN = """
import sys, time
t0 = time.perf_counter()
try:  # as `malkoll check`: numpy's BLAS on one thread (code before it had no such setting)
    from malkoll.parallel import one_blas_thread
    one_blas_thread()
except ImportError:
    pass
from malkoll.batch import review
from malkoll.config import Config
from malkoll.renderers import render
try:
    config = Config(jobs=0)  # as `malkoll check`: every core for a large batch
except Exception:  # code without the setting
    config = Config()
t_import = time.perf_counter()
report = review([sys.argv[1]], config=config)
t1 = time.perf_counter()
open(sys.argv[2], "w", encoding="utf-8").write(render(report, "html", lang="sv"))
t_html = time.perf_counter()
data = render(report, "xlsx", lang="sv")
open(sys.argv[3], "wb").write(data if isinstance(data, bytes) else data.encode())
t2 = time.perf_counter()
print(len(report.goals), round(t1 - t0, 2), round(t2 - t1, 2), round(t_import - t0, 2), round(t_html - t1, 2), round(t2 - t_html, 2),
      round(time.process_time(), 2))
"""


def write_workbook(path: Path, n_goals: int) -> list[str]:
    """The benchmark's workbook: the corpus goals cycled to `n_goals` rows (id, mål) in one sheet
    (also for a profile: benchmarks/README.md)."""
    from openpyxl import Workbook

    base = corpus_texts()
    texts = [base[i % len(base)] for i in range(n_goals)]
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "mål"])
    for i, text in enumerate(texts, 1):
        ws.append([f"M{i}", text])
    wb.save(path)
    return texts


def workbook(n_goals: int, rounds: int = 1) -> tuple[list[str], dict]:
    import resource

    from malkoll.analyzer import get_nlp

    def children_cpu() -> float:
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the run's process, its pool and its reader (waited for)
        return ru.ru_utime + ru.ru_stime

    nlp = get_nlp()
    runs, bares = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mal.xlsx"
        texts = write_workbook(path, n_goals)
        script = Path(tmp) / "run.py"  # a file: the pool's workers import the main module
        script.write_text("if __name__ == '__main__':\n" + "\n".join("    " + x for x in WORKBOOK_RUN.strip().splitlines()))
        for _ in range(rounds):  # the run and its reference interleaved
            cpu, t = children_cpu(), time.perf_counter()
            res = subprocess.run([sys.executable, str(script), str(path), str(Path(tmp) / "r.html"),
                                  str(Path(tmp) / "r.xlsx")], capture_output=True, text=True, check=True)
            wall, cpu = time.perf_counter() - t, children_cpu() - cpu
            runs.append((wall, cpu, res.stdout.split()))
            t = time.perf_counter()
            with nlp.select_pipes(disable=["malkoll_goal_features"]):
                for _ in nlp.pipe(texts, batch_size=64):
                    pass
            bares.append(time.perf_counter() - t)
    wall, cpu, (goals, analyse_s, render_s, *split) = min(runs, key=lambda r: r[0])
    median = statistics.median(r[0] for r in runs)
    bare = min(bares)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    parts = (f" (imports {split[0]} s, HTML {split[1]} s, Excel {split[2]} s)" if len(split) >= 3 else "")
    cpu_note = (f"; CPU {cpu:.1f} s in all, {split[3]} s of it in the main process" if len(split) >= 4 else "")
    of = f"best of {rounds} runs (median {median:.1f} s)" if rounds > 1 else "one run"
    return [f"Workbook: {n_goals} goals in one .xlsx sheet, a fresh process reads it, analyses (default config and "
            f"jobs: every core), writes an HTML and an Excel report: **{wall:.1f} s** end to end, {of} ({goals} goals; "
            f"imports + read + analyse {analyse_s} s, both reports {render_s} s{parts}{cpu_note}). Reference in this "
            f"process, interleaved with the runs: the bare pipeline on the same texts, one process, {bare:.1f} s; what "
            f"{cores} processes could make of it: {bare / max(1, cores):.1f} s."], {"wall": wall, "median": median,
                                                                                     "bare": bare, "cpu": cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections ({', '.join(SECTIONS)})")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--goals", type=int, default=890, help="goals per throughput round (the corpus, cycled)")
    ap.add_argument("--process-goals", type=int, default=3000)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1, help="http: uvicorn workers of the started server")
    ap.add_argument("--no-suggestions", action="store_true", help="http: requests without suggestions")
    ap.add_argument("--workbook-goals", type=int, default=5000)
    ap.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md", help="'-' = print only")
    args = ap.parse_args()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    command = "python benchmarks/bench_speed.py " + " ".join(sys.argv[1:])
    lines = ["# Speed figures", "",
             "Written by `benchmarks/bench_speed.py`; every figure stands beside its reference measured in the same "
             "run (ratios, not absolute times across runs: the machine is shared).", "",
             f"- command: `{command.strip()}`", f"- machine: {machine()}",
             f"- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}", ""]
    try:  # this process as `malkoll check` and `malkoll serve`: numpy's BLAS on one thread, before the
        from malkoll.parallel import one_blas_thread  # pipeline loads (code before it had no such setting)

        one_blas_thread()
    except ImportError:
        pass
    results = {}
    for section in only:
        fn = {"throughput": lambda: throughput(args.rounds, args.goals),
              "processes": lambda: processes(args.process_goals, max(1, args.rounds - 1)),
              "startup": lambda: startup(max(3, args.rounds * 2 - 1)),
              "http": lambda: http(args.requests, args.workers, not args.no_suggestions),
              "workbook": lambda: workbook(args.workbook_goals, args.rounds)}[section]
        body, res = fn()
        results[section] = res
        lines += ["## " + section, ""] + body + [""]
        print("\n".join(["## " + section, ""] + body + [""]), flush=True)
    if str(args.output) != "-":
        args.output.write_text("\n".join(lines), encoding="utf-8")
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
