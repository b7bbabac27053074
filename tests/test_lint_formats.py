"""Lint formats of `malkoll check`: SARIF (valid against the 2.1.0 schema), GitHub annotations,
JUnit, JSON Lines (streamed, input order), and the closing note with the wall time."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from lint_helpers import BSP_MD, GOOD, VAGUE, run, write
from malkoll.config import Config
from malkoll.report import GoalInput

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture()
def bsp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "docs" / "bsp.md", BSP_MD)
    write(tmp_path / "docs" / "mal.txt", f"{VAGUE}\n  {GOOD}\n")
    return tmp_path


def test_sarif_validates_against_the_schema_and_points_into_the_file(bsp):
    r = run("check", "docs", "-f", "sarif", "--no-suggestions")
    assert r.exit_code == 1, r.stderr
    log = json.loads(r.stdout)
    jsonschema.validate(log, SCHEMA)  # raises on any violation of SARIF 2.1.0
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "Målkoll"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert rules["MK501"]["name"] == "weak-verb"
    assert "## Varför" in rules["MK501"]["help"]["markdown"] and rules["MK501"]["help"]["text"]
    assert rules["MK801"]["defaultConfiguration"]["level"] == "note"  # suggestion -> note
    assert rules["MK501"]["defaultConfiguration"]["level"] == "warning"
    files = {"docs/bsp.md": (bsp / "docs" / "bsp.md").read_text(encoding="utf-8").splitlines(),
             "docs/mal.txt": (bsp / "docs" / "mal.txt").read_text(encoding="utf-8").splitlines()}
    checked = 0
    for res in run_["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("note", "warning", "error")
        phys = res["locations"][0]["physicalLocation"]
        reg = phys.get("region", {})
        if "startColumn" in reg and "endColumn" in reg:
            line = files[phys["artifactLocation"]["uri"]][reg["startLine"] - 1]
            assert line[reg["startColumn"] - 1:reg["endColumn"] - 1] == res["properties"]["excerpt"]
            checked += 1
    assert checked >= 5
    weak = [x for x in run_["results"] if x["ruleId"] == "MK501"]
    assert {x["locations"][0]["physicalLocation"]["region"]["startLine"] for x in weak} >= {1, 9}
    # the inline <!-- malkoll: ignore MK301 --> is counted, not hidden
    assert run_["properties"]["summary"]["suppressed"] >= 1


def test_sarif_for_text_input_uses_char_offsets_and_validates():
    r = run("check", "-f", "sarif", "--no-suggestions", "--lang", "en", "--text", VAGUE)
    log = json.loads(r.stdout)
    jsonschema.validate(log, SCHEMA)
    res = next(x for x in log["runs"][0]["results"] if x["ruleId"] == "MK501")
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "text"
    assert loc["region"] == {"charOffset": VAGUE.index("verka för"), "charLength": len("verka för")}
    assert "effort" in res["message"]["text"]  # --lang en


def test_sarif_lists_unanalyzable_goals_as_notifications(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "mal.jsonl", '{"text": "Tryggheten ska öka."}\n{not json\n')
    r = run("check", "mal.jsonl", "-f", "sarif", "--no-suggestions")
    log = json.loads(r.stdout)
    jsonschema.validate(log, SCHEMA)
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and notes[0]["level"] == "error"
    assert r.exit_code == 1


def test_github_annotations(bsp):
    r = run("check", "docs/bsp.md", "-f", "github", "--no-suggestions")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    weak = [x for x in lines if "title=MK501 weak-verb" in x]
    assert weak and weak[0].startswith("::warning file=docs/bsp.md,line=9,")
    col = int(weak[0].split(",col=")[1].split(",")[0])
    assert BSP_MD.splitlines()[8][col - 1:].startswith("verka för")
    assert all(x.startswith(("::error ", "::warning ", "::notice ")) for x in lines[:-1])
    assert any(x.startswith("::notice ") for x in lines)  # suggestion -> notice
    assert all("\n" not in x and "%0A" not in x.split("::", 2)[1] for x in lines[:-1])
    assert lines[-1].startswith("Målkoll: ")


def test_junit_one_case_per_goal_failures_follow_fail_on(bsp):
    r = run("check", "docs", "-f", "junit", "--no-suggestions")
    root = ET.fromstring(r.stdout)
    cases = root.findall(".//testcase")
    goal_cases = [c for c in cases if c.get("name") != "målkedjan"]  # one more per file with cascade findings
    data = json.loads(run("check", "docs", "-f", "json", "--no-suggestions").stdout)
    assert len(goal_cases) == len(data["goals"]) and len(cases) == int(root.get("tests"))
    rank = {"suggestion": 0, "warning": 1, "error": 2}
    failing = sum(1 for g in data["goals"] if any(rank[f["severity"]] >= 1 for f in g["findings"]))
    failing += sum(1 for d in data["documents"] if any(rank[f["severity"]] >= 1 for f in d["findings"]))
    assert int(root.get("failures")) == failing == len(root.findall(".//failure")) > 0
    assert {s.get("name") for s in root.findall("testsuite")} == {"docs/bsp.md", "docs/mal.txt"}
    never = ET.fromstring(run("check", "docs", "-f", "junit", "--no-suggestions", "--fail-on", "never").stdout)
    assert never.get("failures") == "0"


def test_jsonl_one_goal_a_line_in_input_order_then_summary_with_wall_time(bsp):
    r = run("check", "docs", "-f", "jsonl", "--no-suggestions")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    goals, tail = lines[:-1], lines[-1]
    json_goals = json.loads(run("check", "docs", "-f", "json", "--no-suggestions").stdout)["goals"]
    assert [(g["source"]["file"], g["id"], g["text"]) for g in goals] == \
           [(g["source"]["file"], g["id"], g["text"]) for g in json_goals]
    assert [g["source"]["file"] for g in goals][0] == "docs/bsp.md"  # folder files in sorted order
    assert tail["summary"]["goals"] == len(goals) and tail["wall_time_s"] > 0
    assert tail["summary"]["suppressed"] >= 1
    assert "granskade på" in r.stderr and " s;" in r.stderr  # the closing note with the wall time


def test_jsonl_streams_before_the_input_is_exhausted():
    """Goals are written as iter_analyze yields them: the first batch is out before the last goal
    is even read."""
    from malkoll import lint
    from malkoll.renderers import streaming

    out = io.StringIO()
    seen_when_pulled = {}

    def goals():
        for i in range(100):
            seen_when_pulled[i] = out.getvalue().count("\n")
            yield GoalInput(text=f"Antalet besökare ska vara minst {100 + i} per dag senast 2027.", id=f"m{i}")

    report = lint.stream(streaming("jsonl"), out, 0.0, goals=goals(), config=Config(suggestions=False))
    lines = out.getvalue().splitlines()
    assert [json.loads(x)["id"] for x in lines[:-1]] == [f"m{i}" for i in range(100)]
    assert seen_when_pulled[0] == 0 and seen_when_pulled[99] >= 64
    assert report.summary.goals == 100


def test_streamed_output_to_a_file(bsp):
    r = run("check", "docs/bsp.md", "-f", "jsonl", "--no-suggestions", "-o", "out.jsonl")
    lines = (bsp / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert r.stdout == "" and len(lines) == json.loads(lines[-1])["summary"]["goals"] + 1


def test_every_format_is_listed_and_unknown_format_exits_2():
    r = run("check", "-f", "yaml", "--text", VAGUE)
    assert r.exit_code == 2
    for fmt in ("text", "json", "jsonl", "sarif", "github", "junit"):
        assert fmt in r.stderr


CASCADE_MD = """\
## Kommunfullmäktiges mål

KF-mål 1: Andelen elever i årskurs 9 som är behöriga till gymnasiet ska vara minst 90 procent 2027.

## Nämndmål

### Socialnämnden

- Väntetiden till särskilt boende ska vara högst 60 dagar senast 2026.
"""


def test_cascade_findings_reach_every_lint_format_and_the_exit_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plan.md", CASCADE_MD)
    full = json.loads(run("check", "plan.md", "-f", "json", "--no-suggestions").stdout)
    cascade = [f for d in full["documents"] for f in d["findings"]]
    assert any(f["rule"] == "MK901" and f["goal"] == "g2" for f in cascade)

    sarif = json.loads(run("check", "plan.md", "-f", "sarif", "--no-suggestions").stdout)
    jsonschema.validate(sarif, SCHEMA)
    res = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "MK901"]
    assert res and res[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 9

    gh = run("check", "plan.md", "-f", "github", "--no-suggestions").stdout
    assert any("title=MK901 unlinked-goal" in x and "line=9" in x for x in gh.splitlines())

    tail = json.loads(run("check", "plan.md", "-f", "jsonl", "--no-suggestions").stdout.splitlines()[-1])
    assert [f["rule"] for d in tail["documents"] for f in d["findings"]] == [f["rule"] for f in cascade]

    junit = ET.fromstring(run("check", "plan.md", "-f", "junit", "--no-suggestions").stdout)
    assert any(c.get("name") == "målkedjan" for c in junit.iter("testcase"))

    # the same exit code whatever the format; ignoring the cascade rule and the goal rules passes
    codes = {fmt: run("check", "plan.md", "-f", fmt, "--no-suggestions", "--fail-on", "warning").exit_code
             for fmt in ("json", "jsonl", "github", "sarif", "junit", "text")}
    assert set(codes.values()) == {1}, codes


def test_pre_commit_hook_definition_runs(tmp_path, monkeypatch):
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "malkoll")
    assert hook["language"] == "python" and hook["entry"].split() == ["malkoll", "check"]
    import re

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "README.md", "# Om repot\n\nBara text. Inga mål.\n")
    write(tmp_path / "mal.txt", f"{GOOD}\n")
    files = [f for f in ("README.md", "mal.txt", "bild.png") if re.search(hook["files"], f)]
    assert files == ["README.md", "mal.txt"]
    assert run(*hook["entry"].split()[1:], *hook["args"], "README.md").exit_code == 0  # no goals: fine
    assert run(*hook["entry"].split()[1:], *hook["args"], *files).exit_code == 0
    write(tmp_path / "mal.txt", f"{VAGUE}\n")
    assert run(*hook["entry"].split()[1:], *hook["args"], *files).exit_code == 1
