"""The CLI as a lint step: formats, exit codes, clear one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

VAGUE = "Vi ska verka för en god kvalitet i skolan."
GOOD = "Andelen elever i årskurs 9 som är behöriga till gymnasiet ska öka från 82 till 90 procent senast 2027."


def run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "malkoll.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


def test_json_vague_goal_exit_1():
    r = run("check", "--format", "json", "--no-suggestions", "--text", VAGUE)
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["goals"][0]["grade"] == "vague"
    excerpts = [f["excerpt"] for f in data["goals"][0]["findings"]]
    assert "verka för" in excerpts and "god kvalitet" in excerpts


def test_good_goal_passes_default_fail_on():
    r = run("check", "--format", "json", "--no-suggestions", "--text", GOOD)
    assert r.returncode == 0, r.stdout
    assert json.loads(r.stdout)["goals"][0]["grade"] == "good"


def test_fail_on_never_and_suggestion():
    assert run("check", "--fail-on", "never", "--no-suggestions", "--text", VAGUE).returncode == 0
    assert run("check", "--fail-on", "suggestion", "--no-suggestions", "--text", GOOD).returncode == 1


@pytest.mark.parametrize("args", [["check", "--text", ""], ["check", "nonexistent.txt"], ["check", "--format", "pdf", "--text", "x"],
                                  ["check"], ["explain", "MK999"], ["check", "--fail-on", "bad", "--text", "x"]])
def test_usage_errors_exit_2_without_traceback(args):
    r = run(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") <= 1 or "Usage" in r.stderr


def test_txt_file_every_goal_in_order_empty_lines_skipped(tmp_path):
    f = tmp_path / "mal.txt"
    f.write_text(f"{VAGUE}\n\n   \n{GOOD}\nTryggheten ska öka.\n", encoding="utf-8")
    r = run("check", str(f), "-f", "json", "--no-suggestions")
    goals = json.loads(r.stdout)["goals"]
    assert [g["text"] for g in goals] == [VAGUE, GOOD, "Tryggheten ska öka."]
    assert goals[1]["source"]["line"] == 4


def test_cp1252_txt_is_read(tmp_path):
    f = tmp_path / "mal.txt"
    f.write_bytes("Socialnämnden ska öka andelen nöjda brukare till 90 procent 2027.\n".encode("cp1252"))
    r = run("check", str(f), "-f", "json", "--no-suggestions")
    assert json.loads(r.stdout)["goals"][0]["text"].startswith("Socialnämnden ska öka")


def test_binary_file_is_an_input_error(tmp_path):
    f = tmp_path / "mal.txt"
    f.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    r = run("check", str(f))
    assert r.returncode == 2 and "inte text" in r.stderr


def test_jsonl_with_a_broken_line_keeps_every_goal(tmp_path):
    f = tmp_path / "mal.jsonl"
    f.write_text(json.dumps({"text": VAGUE, "id": "a"}, ensure_ascii=False) + "\n{not json\n"
                 + json.dumps({"text": GOOD, "id": "c", "level": "committee"}, ensure_ascii=False) + "\n", encoding="utf-8")
    r = run("check", str(f), "-f", "json", "--no-suggestions")
    goals = json.loads(r.stdout)["goals"]
    assert [g["id"] for g in goals] == ["a", "g2", "c"]
    assert goals[1]["error"] and goals[2]["level"] == {"value": "committee", "from": "caller"}
    assert r.returncode == 1


def test_stdin(tmp_path):
    r = run("check", "-", "-f", "json", "--no-suggestions", stdin=f"{GOOD}\n{VAGUE}\n")
    assert [g["grade"] for g in json.loads(r.stdout)["goals"]] == ["good", "vague"]


def test_text_format_marks_words_and_lists_checks():
    r = run("check", "--no-color", "--no-suggestions", "--text", VAGUE)
    assert "⟦verka för⟧" in r.stdout and "✗ Mätbart" in r.stdout and "Luddigt mål" in r.stdout


def test_rules_and_explain_in_both_languages():
    r = run("rules")
    assert "MK501" in r.stdout and "weak-verb" in r.stdout
    sv = run("explain", "weak-verb")
    assert "## Vad regeln gör" in sv.stdout and "## Skriv i stället" in sv.stdout
    en = run("explain", "MK501", "--lang", "en")
    assert "## What it does" in en.stdout
