"""`malkoll schema` prints the JSON Schema of the report; real output validates against it."""
from __future__ import annotations

import json

import jsonschema
import pytest

from lint_helpers import BSP_MD, VAGUE, run, write


@pytest.fixture(scope="module")
def schema():
    r = run("schema")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_schema_describes_the_contract(schema):
    assert set(schema["required"]) >= {"malkoll_version", "goals", "summary"}
    goal = schema["$defs"]["GoalReport"]["properties"]
    assert {"id", "text", "source", "score", "grade", "level", "dimensions", "findings", "suppressed", "error"} <= set(goal)
    assert "from" in schema["$defs"]["Level"]["properties"]  # by alias, as in the JSON output
    indicator = schema["$defs"]["Indicator"]["properties"]
    # evidence for tools (why), a plain reason for people (reason), the model's confidence (score)
    assert {"id", "title", "source", "score", "why", "operating_area", "reason"} <= set(indicator)
    assert "engines" in schema["$defs"]["Summary"]["properties"]
    assert set(schema["$defs"]["Engines"]["properties"]) == {"analysis", "encoder"}


def test_real_output_validates(schema, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bsp.md", BSP_MD)
    write(tmp_path / "mal.jsonl", json.dumps({"text": VAGUE, "level": "committee"}, ensure_ascii=False)
          + "\n{trasig rad\n")
    report = json.loads(run("check", "bsp.md", "mal.jsonl", "-f", "json").stdout)  # with suggestions
    jsonschema.validate(report, schema)
    assert any(g["error"] for g in report["goals"]) and any(g["findings"] for g in report["goals"])
    shown = [i for g in report["goals"] for i in g["indicators"]]
    assert shown and all(i["reason"] for i in shown) and all(0.0 <= i["score"] <= 1.0 for i in shown)
    assert report["summary"]["engines"] == {"analysis": {"engine": "spacy", "model": "malkoll 1.0.0"}, "encoder": None}
    bad = dict(report, goals=[dict(report["goals"][0], grade="excellent")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_jsonl_lines_validate_against_the_goal_schema(schema, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bsp.md", BSP_MD)
    lines = [json.loads(x) for x in run("check", "bsp.md", "-f", "jsonl", "--no-suggestions").stdout.splitlines()]
    goal_schema = {**schema, "$ref": "#/$defs/GoalReport"}
    for k in ("properties", "required", "title", "type"):
        goal_schema.pop(k, None)
    for line in lines[:-1]:
        jsonschema.validate(line, goal_schema)
    summary_schema = {**schema, "$ref": "#/$defs/Summary"}
    for k in ("properties", "required", "title", "type"):
        summary_schema.pop(k, None)
    jsonschema.validate(lines[-1]["summary"], summary_schema)
