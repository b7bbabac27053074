"""The terminal as a kansli reviewer reads it: numbered marks in reading order that match the
numbered findings, a compact table (goal, level, grade, score, main problem) and the totals at the
end, --quiet and --summary for one or the other, and help in one language with every format."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from malkoll.i18n import rule_title, t
from malkoll.renderers import formats, render
from malkoll.renderers._present import main_problem, numbered

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "mal.txt"
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "malkoll.cli", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "120", **(env or {})}, cwd=ROOT)


@pytest.fixture(scope="module")
def examples_report():
    from malkoll.batch import check_paths

    return check_paths([str(EXAMPLES)])


def _sup_numbers(line: str) -> list[int]:
    """The numbers written after the ⟦marked⟧ words, in the order they stand."""
    out = []
    for group in re.findall(r"⟧([" + SUP + "˒]+)", line):
        out += [int("".join(str(SUP.index(c)) for c in part)) for part in group.split("˒")]
    return out


def test_marks_are_numbered_in_reading_order_and_match_the_findings(examples_report):
    text = render(examples_report, "text", lang="sv", color=False, width=140)
    blocks = text.split("\n\n")
    checked = 0
    for goal in examples_report.goals:
        block = next(b for b in blocks if b.startswith(goal.id + " "))
        lines = block.splitlines()
        marks = _sup_numbers(lines[1])
        items = numbered(goal)
        marked = [f for n, f, m in items if m]
        assert marks == list(range(1, len(marked) + 1)), (goal.id, lines[1])  # 1, 2, 3 … as read
        listed = [line for line in lines if re.match(r"\s+\d+\. ", line)]
        assert len(listed) == len(goal.findings)
        for (n, f, _), line in zip(items, listed):
            assert line.strip().startswith(f"{n}. ") and f.message in line
        if marked:  # the first number in the text leads to the finding about the first marked words
            first = min(marked, key=lambda f: f.start)
            assert first.message in listed[0]
            checked += 1
    assert checked >= 3


def test_check_examples_ends_with_the_summary_table():
    r = run("check", str(EXAMPLES))
    assert r.returncode == 1, r.stderr  # the examples have findings at or above warning
    lines = r.stdout.rstrip("\n").splitlines()
    goals = [line for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[-1].startswith("Totalt: 8 mål (går att följa upp: ")
    table = lines[-(len(goals) + 1):-1]
    assert [row.split()[0] for row in table] == [f"g{i}" for i in range(1, 9)]
    head = lines[-(len(goals) + 3)]
    for word in ("Mål", "Nivå", "Bedömning", "Poäng", "Främsta problemet"):
        assert word in head
    assert lines[-(len(goals) + 4)] == "Sammanfattning"


def test_table_rows_carry_level_grade_score_and_main_problem(examples_report):
    out = render(examples_report, "text", lang="sv", color=False, width=160, view="summary")
    rows = {line.split()[0]: line for line in out.splitlines() if re.match(r"g\d+ ", line)}
    assert len(rows) == len(examples_report.goals)
    for g in examples_report.goals:
        row = rows[g.id]
        assert t("level." + g.level.value) in row and t("grade." + g.grade) in row
        assert re.search(rf"\s{g.score}\s", row)
        problem = main_problem(g)
        assert (rule_title(problem.rule) if problem else "inget") in row
        assert "MK" not in row  # plain words, not rule ids
    # only the table and the totals
    assert "⟦" not in out and "Förslag på omskrivning" not in out


def test_english_table(examples_report):
    out = render(examples_report, "text", lang="en", color=False, width=160)
    assert "Main problem" in out and out.rstrip().splitlines()[-1].startswith("Total: 8 goals")
    assert "Sammanfattning" not in out and "Främsta" not in out


def test_quiet_and_summary():
    quiet = run("check", "--quiet", "--no-suggestions", "--text", "Tryggheten ska öka.")
    assert quiet.returncode == 1 and "⟦" in quiet.stdout
    assert "Sammanfattning" not in quiet.stdout and "Totalt" not in quiet.stdout and quiet.stderr == ""
    summary = run("check", "--summary", "--no-suggestions", "--text", "Tryggheten ska öka.")
    assert summary.returncode == 1 and "⟦" not in summary.stdout
    assert summary.stdout.splitlines()[0] == "Sammanfattning" and "Totalt: 1 mål" in summary.stdout
    both = run("check", "--quiet", "--summary", "--text", "x")
    assert both.returncode == 2 and "samtidigt" in both.stderr
    assert run("check", "--summary", "-f", "json", "--text", "x").returncode == 2


def test_help_is_in_one_language_and_lists_every_format():
    sv = run("check", "--help")
    assert sv.returncode == 0
    for fmt in formats():
        assert fmt in sv.stdout
    assert "…" not in sv.stdout
    for english in ("Usage", "Options", "Arguments", "Show this message", "default", "<str>", "required", "[OPTIONS]"):
        assert english not in sv.stdout, english
    assert "Användning:" in sv.stdout and "Flaggor:" in sv.stdout and "--summary" in sv.stdout
    en = run("check", "--help", "--lang", "en")
    assert "Usage:" in en.stdout and "Options:" in en.stdout and "Användning" not in en.stdout
    assert "Granska" not in en.stdout and "filer" not in en.stdout
    top = run("--help")
    assert "Kommandon:" in top.stdout and "(Checks" not in top.stdout and "Swedish" not in top.stdout


def test_a_vision_is_presented_as_a_vision_in_text_and_html():
    from malkoll.engine import analyze

    report = analyze("Exempelby 2035 – en trygg och hållbar kommun där alla kan växa.", level="vision")
    g = report.goals[0]
    text = render(report, "text", lang="sv", color=False, width=140)
    assert g.headline in text.splitlines()[0]  # the goal's own line presents it as the report says
    row = next(line for line in text.splitlines() if line.startswith("g1 "))
    assert "Vision" in row and "Luddigt" not in row
    html = render(report, "html", lang="sv")
    assert '">Vision</span>' in html and f"<strong>{g.headline}</strong>" in html
    english = render(report, "text", lang="en", color=False, width=140)  # rendered again in the asked language
    assert "Vision – a vision is followed up" in english
