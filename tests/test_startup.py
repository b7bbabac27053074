"""What the start-up and report speed work must not change (no timings here: benchmarks/bench_speed.py):
the tokenizer's cached regular expressions match as freshly compiled ones and never come from a
stale or damaged cache, spaCy without its command line is still whole where it is asked for, the
program's quick exit keeps its output and exit code, the Excel report keeps its cells and styles."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import openpyxl

LONG = "(?:" + "|".join(f"[a-zåäö]{{{n}}}{n}" for n in range(1, 400)) + r")|(?P<tal>\d+(?:[.,]\d+)?)\s*%"


def test_cached_regexes_match_as_freshly_compiled_ones(tmp_path, monkeypatch):
    from malkoll.analyzer import regexes

    monkeypatch.setenv("MALKOLL_CACHE_DIR", str(tmp_path))
    samples = ["abc3 och 45,5 %", "x1", "ingenting", "åäö3 12 %", "a" * 50 + "50"]
    fresh = re.compile(LONG, re.IGNORECASE)
    expected = [[(m.span(), m.groupdict()) for m in fresh.finditer(s)] for s in samples]
    for round_ in range(2):  # the first block writes the cache, the second takes the pattern from it
        re.purge()
        with regexes.precompiled(b"source-1"):
            if round_:
                assert (str, LONG, re.IGNORECASE) in re._cache  # installed before anyone compiles it
            pattern = re.compile(LONG, re.IGNORECASE)
        assert pattern.groupindex == fresh.groupindex and pattern.flags == fresh.flags
        assert [[(m.span(), m.groupdict()) for m in pattern.finditer(s)] for s in samples] == expected
    files = list((tmp_path / "compiled").glob("regex-*"))
    assert len(files) == 1
    files[0].write_bytes(b"\x00broken")  # a damaged cache: compiled as usual, never a wrong pattern
    re.purge()
    with regexes.precompiled(b"source-1"):
        pattern = re.compile(LONG, re.IGNORECASE)
    assert [[(m.span(), m.groupdict()) for m in pattern.finditer(s)] for s in samples] == expected
    re.purge()
    with regexes.precompiled(b"source-2"):  # another source: nothing of the first is installed
        assert (str, LONG, re.IGNORECASE) not in re._cache


def test_the_pipeline_tokenizes_alike_with_and_without_the_regex_cache(tmp_path):
    """Two fresh processes, one with the cache off and one with a warm cache, give the same tokens."""
    import os

    text = "Kommunens mål: andelen (minst 80 %) ska öka till 2030-talet, t.ex. i Göteborg/Malmö – se https://x.se!"
    code = ("import json, sys; from malkoll.analyzer import get_engine; "
            f"print(json.dumps([t.text for t in get_engine(None).nlp({text!r})]))")
    runs = []
    for cache in ("off", str(tmp_path), str(tmp_path)):
        env = {**os.environ, "MALKOLL_CACHE_DIR": cache}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        runs.append(json.loads(out.stdout))
    assert list((tmp_path / "compiled").glob("regex-*"))
    assert runs[0] == runs[1] == runs[2] and "80" in runs[0] and "%" in runs[0]


def test_spacy_without_its_command_line_is_whole_where_asked_for():
    code = ("import sys, malkoll.cli; assert 'weasel' not in sys.modules and 'spacy.cli' not in sys.modules; "
            "import spacy, spacy.cli; assert callable(spacy.cli.download); assert callable(spacy.info); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


def test_the_program_exits_at_once_with_its_output_and_exit_code(tmp_path):
    goals = tmp_path / "mål.txt"
    goals.write_text("\n".join(["Vi ska verka för en god kvalitet i skolan."] * 30) + "\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "malkoll.cli", "check", "-f", "json", str(goals)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1, out.stderr[-2000:]  # warnings at or above the default --fail-on
    assert len(json.loads(out.stdout)["goals"]) == 30  # everything written reached the pipe
    out = subprocess.run([sys.executable, "-m", "malkoll.cli", "check", "--text", " "], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 2 and "tom måltext" in out.stderr
    out = subprocess.run([sys.executable, "-m", "cProfile", "-m", "malkoll.cli", "check", "--fail-on", "never", "--text",
                          "Vi ska verka för en god kvalitet i skolan."], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and "function calls" in out.stdout  # a profiler still writes its results


def test_excel_cells_keep_text_numbers_styles_and_drop_what_xml_cannot_hold():
    from malkoll.renderers._workbook import BOLD, WRAP, Sheet, workbook_bytes

    ws = Sheet("Mål & <mått>", widths={1: 30}, freeze="B2", autofilter="A1:C3")
    ws.append(["Id", "Mål", "Poäng"], BOLD)
    ws.append(["g1", "=SUMMA(A1) & <b> \x07 ", 72], text_style=WRAP)
    ws.append(["g2", None, 0.5], text_style=WRAP)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes([ws])))
    sheet = book["Mål & <mått>"]
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == "A1:C3"
    assert sheet.column_dimensions["A"].width == 30
    assert [c.value for c in sheet[1]] == ["Id", "Mål", "Poäng"] and all(c.font.b for c in sheet[1])
    text = sheet["B2"]
    assert text.value == "=SUMMA(A1) & <b>  " and text.data_type == "s"  # text, never a formula
    assert text.alignment.wrap_text and not text.font.b
    assert sheet["C2"].value == 72 and not sheet["C2"].alignment.wrap_text
    assert sheet["B3"].value is None and sheet["C3"].value == 0.5
