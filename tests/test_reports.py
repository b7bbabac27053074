"""Reports for batch runs: the self-contained HTML report (rendered in headless Chromium, offline,
screenshot saved), the Excel report that keeps the input rows and adds Målkoll's columns, and the
JSON contract with `source`, `parent`, `context_indicators` and `documents`."""
from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import fixtures_bsp as F
from malkoll.renderers import render

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def docx_report():
    return F.analyzed("docx", suggestions=True)


@pytest.fixture(scope="session")
def html_sv(docx_report):
    return render(docx_report, "html", lang="sv")


def test_html_is_self_contained(html_sv):
    assert html_sv.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html_sv
    # no external asset: the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html_sv)) <= {"http://www.w3.org/2000/svg"}
    assert "<script" not in html_sv and "<link" not in html_sv and "<img" not in html_sv
    assert "@import" not in html_sv and "url(" not in html_sv


def test_html_has_totals_charts_tree_and_every_goal(html_sv, docx_report):
    for section in ('id="totals"', 'id="chart-level"', 'id="chart-owner"', 'id="chart-problems"', 'id="documents"',
                    'id="tree"', 'id="goals"'):
        assert section in html_sv
    assert html_sv.count("<svg") == 3
    assert html_sv.count('class="bar-problem"') >= 5
    for g in docx_report.goals:
        assert f'id="goal-{g.id}"' in html_sv
    # per nämnd and per level, in Swedish
    assert "Barn- och utbildningsnämnden" in html_sv and "nämndmål" in html_sv and "övergripande mål" in html_sv
    assert "Luddigt mål" in html_sv and "Målkedjan" in html_sv
    for rule in ("MK901", "MK902", "MK903", "MK904", "MK905"):
        assert rule in html_sv
    # the tree nests a nämndmål under its KF-mål
    kf = next(g for g in docx_report.goals if g.text.startswith("Alla barn och elever"))
    child = next(g for g in docx_report.goals if g.parent == kf.id)
    tree = html_sv.split('id="tree"')[1].split('id="goals"')[0]
    assert tree.index(f'href="#goal-{kf.id}"') < tree.index(f'href="#goal-{child.id}"')


def test_html_names_kolada_as_source_where_kolada_indicators_are_shown(html_sv, docx_report):
    if not any(i.source == "kolada" for g in docx_report.goals for i in g.indicators):
        pytest.skip("no Kolada indicator suggested for these goals")
    assert "Källa: Kolada" in html_sv
    assert "RKA" not in html_sv


def test_html_in_english(docx_report):
    page = render(docx_report, "html", lang="en")
    assert '<html lang="en">' in page and "Goal tree" in page and "Verdict by level" in page


def test_html_escapes_goal_text():
    from malkoll.report import GoalReport, Report, Source, summarize

    goals = [GoalReport(id="g1", text="<script>alert(1)</script>", source=Source(file="x.docx"), error="trasig")]
    page = render(Report(malkoll_version="0", goals=goals, summary=summarize(goals)), "html")
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_html_renders_in_headless_chromium_offline(html_sv, tmp_path):
    if not Path(CHROMIUM).exists():
        if os.environ.get("MALKOLL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing but MALKOLL_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed (CI installs it; set MALKOLL_REQUIRE_BROWSER=1 to require it)")
    page = tmp_path / "rapport.html"
    page.write_text(html_sv, encoding="utf-8")
    shot = tmp_path / "rapport.png"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--proxy-server=127.0.0.1:9",
         f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000
    keep = Path(os.environ.get("MALKOLL_ARTIFACTS", tmp_path))
    keep.mkdir(parents=True, exist_ok=True)
    if keep != tmp_path:
        shutil.copy(shot, keep / "html-report.png")
    # the charts are drawn: the screenshot has the grade colours of the bars
    from struct import unpack
    import zlib

    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, ctype = unpack(">IIBB", data[16:26])
    chunks, pos = [], 8
    while pos < len(data):
        n = unpack(">I", data[pos:pos + 4])[0]
        if data[pos + 4:pos + 8] == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + n])
        pos += 12 + n
    raw = zlib.decompress(b"".join(chunks))
    bpp = 4 if ctype == 6 else 3
    stride = width * bpp + 1
    colours = set()
    prev = bytearray(width * bpp)
    for y in range(height):  # undo PNG filters
        line = bytearray(raw[y * stride + 1:(y + 1) * stride])
        f = raw[y * stride]
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if y < 1400:
            for x in range(0, width * bpp, bpp * 3):
                colours.add(bytes(line[x:x + 3]))
    assert bytes.fromhex("2e7d32") in colours  # "Går att följa upp" bars
    assert bytes.fromhex("c62828") in colours  # "Luddigt mål" bars


def test_xlsx_report_keeps_input_rows_and_adds_columns():
    fixture = F.generated("xlsx")
    report = F.analyzed("xlsx")
    data = render(report, "xlsx", lang="sv")
    assert isinstance(data, bytes)
    out = openpyxl.load_workbook(io.BytesIO(data))
    src = openpyxl.load_workbook(fixture.path)
    assert out.sheetnames == ["Mål och indikatorer", "Instruktioner", "Målkoll – mål", "Målkoll – sammanfattning"]
    ws_out, ws_src = out["Mål och indikatorer"], src["Mål och indikatorer"]
    width = ws_src.max_column
    for r_src, r_out in zip(ws_src.iter_rows(values_only=True), ws_out.iter_rows(values_only=True)):
        assert tuple(v if v != "" else None for v in r_src) == tuple(v if v != "" else None for v in r_out[:width])
    assert ws_out.max_row == ws_src.max_row
    header = [c.value for c in ws_out[3]]
    added = header[width:]
    assert added[:4] == ["Målkoll: id", "Målkoll: nivå", "Målkoll: poäng", "Målkoll: bedömning"]
    assert "Målkoll: föreslagna indikatorer (Källa: Kolada)" in added and "Målkoll: målkedjan" in added
    col = {name: width + i + 1 for i, name in enumerate(added)}
    by_id = {g.id: g for g in report.goals}
    for exp in fixture.goals:
        row = int(exp.location.rsplit(" ", 1)[1])
        gid = ws_out.cell(row=row, column=col["Målkoll: id"]).value
        g = by_id[gid]
        assert g.text == exp.text
        assert ws_out.cell(row=row, column=col["Målkoll: poäng"]).value == g.score
        assert ws_out.cell(row=row, column=col["Målkoll: mätbart"]).value == ("ja" if g.dimensions["measurable"] else "nej")
    # indicator rows get no verdict
    indicator_rows = [r for r in range(4, ws_out.max_row + 1) if ws_out.cell(row=r, column=1).value == "Indikator"]
    assert len(indicator_rows) == 11
    assert all(ws_out.cell(row=r, column=col["Målkoll: id"]).value is None for r in indicator_rows)
    cascade = [ws_out.cell(row=r, column=col["Målkoll: målkedjan"]).value for r in range(4, ws_out.max_row + 1)]
    assert sum(1 for v in cascade if v and "MK90" in v) == 5
    goals_sheet = out["Målkoll – mål"]
    assert goals_sheet.max_row == 1 + len(report.goals)
    summary = [c for row in out["Målkoll – sammanfattning"].iter_rows(values_only=True) for c in row if c]
    assert "blad Instruktioner" in summary  # the skipped sheet, with its reason


def test_xlsx_report_for_a_word_source_and_formula_text_stays_text():
    report = F.analyzed("docx").model_copy(deep=True)
    report.goals[0].text = "=HYPERLINK(\"x\")"
    out = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", lang="en")))
    assert out.sheetnames == ["Målkoll – goals", "Målkoll – summary"]
    ws = out["Målkoll – goals"]
    assert ws.max_row == 1 + len(report.goals)
    assert ws.cell(row=2, column=7).value == "=HYPERLINK(\"x\")" and ws.cell(row=2, column=7).data_type == "s"


def test_json_contract_for_documents():
    report = F.analyzed("docx")
    data = json.loads(render(report, "json"))
    assert {"malkoll_version", "goals", "summary", "documents"} <= set(data)
    g = data["goals"][4]
    assert g["source"]["file"].endswith(".docx") and g["source"]["location"] == "tabell 1, rad 3"
    assert g["source"]["owner"] == "Barn- och utbildningsnämnden" and g["level"] == {"value": "committee", "from": "document"}
    assert g["parent"] == "g3" and g["context_indicators"] == ["Antal beviljade bygglov inom tio veckor – målvärde: 120"]
    (doc,) = data["documents"]
    assert (doc["goals_found"], doc["goals_analyzed"], doc["goals_failed"], doc["indicators"]) == (16, 16, 0, 11)
    assert doc["by_level"] == {"vision": 1, "overarching": 5, "committee": 8, "financial": 2}
    assert {f["rule"] for f in doc["findings"]} == {"MK901", "MK902", "MK903", "MK904", "MK905"}


def test_cli_writes_xlsx_with_output(tmp_path):
    import sys

    src = F.generated("csv").path
    out = tmp_path / "rapport.xlsx"
    proc = subprocess.run([sys.executable, "-m", "malkoll.cli", "check", str(src), "--format", "xlsx",
                           "--no-suggestions", "-o", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr  # the fixture has warnings and cascade findings
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "mal-och-budget" and wb["Målkoll – mål"].max_row == 17


def test_text_format_lists_documents_and_cascade_findings():
    out = render(F.analyzed("xlsx"), "text", lang="sv", color=False, width=200)
    assert "Dokument " in out and "16 mål hittade, 16 granskade, 11 indikatorer kopplade" in out
    assert "inte läst: blad Instruktioner" in out
    for rule in ("MK901", "MK902", "MK903", "MK904", "MK905"):
        assert rule in out
    assert out.index("Målkedjan") < out.index("Sammanfattning") < out.index("Totalt: 16 mål")
