"""Benchmark (not a test): time and peak memory of batch review of whole documents.

    python benchmarks/bench_documents.py [--goals 5000] [--pages 300] [--suggestions]

Generates (tests/fixtures_bsp.py) a Stratsys-like workbook with --goals goals and an indicator row
under each, and a Word document of about --pages pages (a heading per page, four goals with
indicators, background prose). Each case runs in its own process so that the peak RSS is the
case's own: model load, ingest (read + the outline, which parses what it judges), analysis (rules,
scoring, cascade checks, on the outline's parse; suggestions only with --suggestions), and
rendering of the HTML and Excel reports.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_case(path: str, suggestions: bool) -> dict:
    from malkoll import analyze
    from malkoll.analyzer import engine_info
    from malkoll.batch import review
    from malkoll.config import Config
    from malkoll.ingest import IngestLog, read_sources
    from malkoll.renderers import render

    cfg = Config(suggestions=suggestions)
    out = {}
    t0 = time.perf_counter()
    analyze("Andelen ska öka.", config=cfg)  # load the models (reported separately): the outline parses too
    out["model_load_s"] = time.perf_counter() - t0
    info = engine_info()
    out["engine"] = f"{info.get('pipeline')} {info.get('version')}"
    t0 = time.perf_counter()
    log = IngestLog()
    goals = list(read_sources([path], cfg, log=log))  # the reader's blocks and the outline (its parse included)
    out["ingest_s"] = time.perf_counter() - t0
    out["goals"] = len(goals)
    out["indicators"] = sum(r.indicators for r in log.files)
    out["rss_after_ingest_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    report = review(goals=goals, config=cfg)  # the analysis reads the outline's parse of each goal
    out["analyze_s"] = time.perf_counter() - t0
    out["cascade_findings"] = sum(len(d.findings) for d in report.documents)
    for fmt in ("html", "xlsx", "json"):
        t0 = time.perf_counter()
        data = render(report, fmt)
        out[f"render_{fmt}_s"] = time.perf_counter() - t0
        out[f"{fmt}_mb"] = len(data if isinstance(data, bytes) else data.encode("utf-8")) / 1e6
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--goals", type=int, default=5000)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--suggestions", action="store_true", help="include indicator suggestions and rewrites")
    ap.add_argument("--case", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.suggestions)))
        return
    sys.path.insert(0, str(ROOT / "tests"))
    import fixtures_bsp as F

    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        t0 = time.perf_counter()
        book = Path(tmp) / "stratsys-export.xlsx"
        n = F.write_large_xlsx(book, args.goals)
        cases.append((f"workbook, {n} goals ({book.stat().st_size / 1e6:.1f} MB)", book, time.perf_counter() - t0))
        t0 = time.perf_counter()
        doc = Path(tmp) / "plan.docx"
        n = F.write_long_docx(doc, args.pages)
        cases.append((f"Word, ~{args.pages} pages, {n} goals ({doc.stat().st_size / 1e6:.1f} MB)", doc,
                      time.perf_counter() - t0))
        print(f"suggestions: {'on' if args.suggestions else 'off'}")
        for label, path, gen in cases:
            cmd = [sys.executable, __file__, "--case", str(path)] + (["--suggestions"] if args.suggestions else [])
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"{label}: failed\n{proc.stderr[-2000:]}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            total = r["ingest_s"] + r["analyze_s"]
            print(f"\n{label}  (generated in {gen:.1f} s)")
            print(f"  ingest        {r['ingest_s']:7.2f} s  {r['goals']} goals, {r['indicators']} indicators attached "
                  f"(RSS {r['rss_after_ingest_mb']:.0f} MB)")
            print(f"  model load    {r['model_load_s']:7.2f} s  (pipeline {r['engine']})")
            print(f"  analyze       {r['analyze_s']:7.2f} s  ({r['goals'] / max(r['analyze_s'], 1e-9):.0f} goals/s, "
                  f"{r['cascade_findings']} cascade findings)")
            print(f"  render html   {r['render_html_s']:7.2f} s  ({r['html_mb']:.1f} MB)")
            print(f"  render xlsx   {r['render_xlsx_s']:7.2f} s  ({r['xlsx_mb']:.1f} MB)")
            print(f"  render json   {r['render_json_s']:7.2f} s  ({r['json_mb']:.1f} MB)")
            print(f"  ingest+analyze {total:6.2f} s; peak RSS {r['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
